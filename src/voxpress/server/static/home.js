/**
 * The home page: add an article from a URL, a pasted HTML page or pasted text, and list saved articles.
 *
 * Posts to /api/articles and opens the reader at /read/{id}; a refusal shows the problem's title as is.
 * Article titles go into the DOM with textContent, never as HTML.
 */

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

class ApiError extends Error {
  constructor(title, status) {
    super(title);
    this.status = status;
  }
}

async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" }, ...options });
  } catch {
    throw new ApiError("The server could not be reached.", 0);
  }
  if (response.status === 204) return null;
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const title = (body && (body.title || body.detail)) || `The server answered ${response.status}.`;
    throw new ApiError(title, response.status);
  }
  return body;
}

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
