/**
 * The home page: add an article from a URL, a pasted HTML page or pasted text, and list saved articles.
 *
 * Posts to /api/articles and opens the reader at /read/{id}; a refusal shows the problem's title as is.
 * Article titles go into the DOM with textContent, never as HTML.
 */

import { api } from "./api.js";

const $ = (id) => document.getElementById(id);
const ui = {
  form: $("add-form"),
  url: $("url"),
  content: $("content"),
  submit: $("submit"),
  status: $("form-status"),
  error: $("form-error"),
  list: $("article-list"),
  listStatus: $("articles-status"),
};


/** True when pasted content is an HTML page or fragment rather than copied text. */
function looksLikeHtml(content) {
  const start = content.trimStart().slice(0, 500).toLowerCase();
  if (start.startsWith("<!doctype html") || start.startsWith("<html")) return true;
  return /<(p|div|article|body|head|h[1-6]|section|span|a)[\s>]/i.test(content.slice(0, 20000));
}

/** The POST /api/articles body for what the reader gave. */
function requestBody(url, content) {
  const trimmedUrl = url.trim();
  const trimmed = content.trim();
  if (!trimmed) return trimmedUrl ? { url: trimmedUrl } : null;
  if (looksLikeHtml(trimmed)) return trimmedUrl ? { html: content, url: trimmedUrl } : { html: content };
  return { text: content };
}

function showError(message) {
  ui.error.textContent = message;
  ui.error.hidden = !message;
}

async function onSubmit(event) {
  event.preventDefault();
  showError("");
  const body = requestBody(ui.url.value, ui.content.value);
  if (!body) {
    showError("Give an article URL, or paste the page's HTML or text.");
    ui.url.focus();
    return;
  }
  ui.submit.disabled = true;
  ui.status.textContent = body.url && !body.html ? "Fetching the page…" : "Extracting the article…";
  try {
    const article = await api("/api/articles", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    ui.status.textContent = "Opening the reader…";
    location.assign(`/read/${encodeURIComponent(article.id)}`);
  } catch (error) {
    ui.status.textContent = "";
    showError(error.message);
  } finally {
    ui.submit.disabled = false;
  }
}

function formatCreated(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(date);
}

function articleItem(article) {
  const item = document.createElement("li");
  const main = document.createElement("div");
  main.className = "item-main";
  const link = document.createElement("a");
  link.className = "item-title";
  link.href = `/read/${encodeURIComponent(article.id)}`;
  link.textContent = article.title || "Untitled";
  const meta = document.createElement("span");
  meta.className = "item-meta";
  const minutes = article.reading_time_minutes ?? 1;
  meta.textContent = [
    `${minutes} min`,
    `${article.word_count ?? 0} words`,
    article.language ? article.language.toUpperCase() : "",
    formatCreated(article.created_at),
  ]
    .filter(Boolean)
    .join(" · ");
  main.append(link, meta);

  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "delete-button";
  remove.textContent = "Delete";
  remove.setAttribute("aria-label", `Delete “${article.title || "Untitled"}”`);
  remove.addEventListener("click", async () => {
    if (!window.confirm(`Delete “${article.title || "Untitled"}” and its narrations?`)) return;
    try {
      await api(`/api/articles/${encodeURIComponent(article.id)}`, { method: "DELETE" });
      item.remove();
      if (!ui.list.children.length) ui.listStatus.textContent = "No articles yet.";
    } catch (error) {
      showError(error.message);
    }
  });
  item.append(main, remove);
  return item;
}

async function loadArticles() {
  try {
    const { articles } = await api("/api/articles");
    ui.list.replaceChildren(...articles.map(articleItem));
    ui.listStatus.textContent = articles.length ? "" : "No articles yet.";
    ui.listStatus.hidden = articles.length > 0;
  } catch (error) {
    ui.listStatus.textContent = error.message;
  }
}

ui.form.addEventListener("submit", onSubmit);
loadArticles();
