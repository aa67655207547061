/**
 * The sources page: register a feed (URL, voice from GET /api/voices, interval), list sources with their
 * state and last error, edit one (voice, interval, paused), poll one now, remove one, and show each
 * source's stories and podcast feed.
 *
 * Everything from the server goes into the DOM as text. The page holds no API key: on a server with
 * VOXPRESS_API_KEY the writes are refused (401), and the page says so and points to the CLI.
 */

import { api } from "./api.js";
import {
  EDIT_COMMAND,
  errorLine,
  feedPath,
  formatInterval,
  intervalInput,
  refusalMessage,
  relativeTime,
  sourceChanges,
} from "./sources-format.js";

const $ = (id) => document.getElementById(id);
const ui = {
  form: $("source-form"),
  url: $("source-url"),
  voice: $("source-voice"),
  every: $("source-every"),
  submit: $("source-submit"),
  status: $("source-status"),
  error: $("source-error"),
  pageError: $("page-error"),
  list: $("source-list"),
  listStatus: $("sources-status"),
};
const voiceNames = new Map();
const reports = new Map(); // source id → the line its last poll from this page left
const REFRESH_MS = 15000;
let busy = 0; // writes in flight: the periodic refresh waits for them
let editing = null; // the id of the source whose edit form is open: the refresh waits for it too

function show(element, message) {
  element.textContent = message;
  element.hidden = !message;
}

function refusal(error, command) {
  return refusalMessage(error.status, error.message, command);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function loadVoices() {
  try {
    const { voices } = await api("/api/voices");
    for (const voice of voices) {
      const label = `${voice.name || voice.id} (${voice.language}${voice.quality ? `, ${voice.quality}` : ""})`;
      voiceNames.set(voice.id, voice.name || voice.id);
      const option = element("option", "", label);
      option.value = voice.id;
      ui.voice.append(option);
    }
  } catch (error) {
    show(ui.error, `The voices could not be listed: ${error.message}`);
  }
}

function storyItem(story) {
  const item = element("li", "story");
  item.dataset.storyId = story.id;
  const link = element("a", "story-title", story.title || "Untitled story");
  link.href = `/read/${encodeURIComponent(story.article_id)}`;
  const when = relativeTime(story.published_at);
  const meta = element(
    "span",
    "item-meta",
    [when === "never" ? "" : `published ${when}`, story.revision > 1 ? `revision ${story.revision}` : ""]
      .filter(Boolean)
      .join(" · "),
  );
  item.append(link, " ", meta);
  return item;
}

async function loadStories(source, list, status) {
  try {
    const { stories } = await api(`/api/stories?source=${encodeURIComponent(source.id)}`);
    list.replaceChildren(...stories.map(storyItem));
    status.textContent = stories.length ? "" : "No stories yet.";
    status.hidden = stories.length > 0;
  } catch (error) {
    status.textContent = `The stories could not be listed: ${error.message}`;
  }
}

function sourceItem(source) {
  const item = element("li", "source-item");
  item.dataset.sourceId = source.id;
  const main = element("div", "item-main");

  const title = element("span", "item-title", source.title || source.url);
  const url = element("a", "source-url", source.url);
  url.href = source.url;
  url.rel = "noopener noreferrer";
  const meta = element(
    "span",
    "item-meta",
    [
      source.kind ? source.kind.toUpperCase() : "kind not known yet",
      source.voice ? `voice ${voiceNames.get(source.voice) || source.voice}` : "default voice",
      formatInterval(source.every_seconds),
      `last polled ${relativeTime(source.last_polled_at)}`,
      source.paused ? "paused" : `next poll ${relativeTime(source.next_poll_at)}`,
    ].join(" · "),
  );
  main.append(title, url, meta);

  const failure = errorLine(source);
  if (failure) {
    const line = element("p", "form-error source-error", failure);
    line.setAttribute("role", "alert");
    main.append(line);
  }

  const report = element("p", "field-hint source-report");
  report.setAttribute("role", "status");
  report.hidden = true;

  const actions = element("div", "source-actions");
  const poll = element("button", "delete-button poll-button", "Poll now");
  poll.type = "button";
  poll.setAttribute("aria-label", `Poll ${source.title || source.url} now`);
  const remove = element("button", "delete-button remove-button", "Remove");
  remove.type = "button";
  remove.setAttribute("aria-label", `Remove ${source.title || source.url}`);
  const edit = element("button", "delete-button edit-button", "Edit");
  edit.type = "button";
  edit.setAttribute("aria-label", `Edit ${source.title || source.url}`);
  edit.setAttribute("aria-expanded", "false");
  const feed = element("a", "feed-link", "Podcast feed");
  feed.href = feedPath(source.id);
  actions.append(poll, edit, remove, feed);

  const storiesStatus = element("p", "empty", "Loading stories…");
  const stories = element("ul", "story-list");
  main.append(report, actions, storiesStatus, stories);
  item.append(main);

  edit.addEventListener("click", () => {
    const open = main.querySelector(".source-edit");
    if (open) {
      closeEditForm(open, edit);
      return;
    }
    const form = editForm(source, edit);
    actions.after(form);
    edit.setAttribute("aria-expanded", "true");
    editing = source.id;
    form.querySelector("select").focus();
  });

  poll.addEventListener("click", async () => {
    show(ui.pageError, "");
    poll.disabled = true;
    show(report, "Polling…");
    busy += 1;
    try {
      const result = await api(`/api/sources/${encodeURIComponent(source.id)}/poll`, { method: "POST" });
      const parts = result.not_modified
        ? ["Not modified since the last poll."]
        : [`${result.new} new, ${result.updated} updated, ${result.unchanged} unchanged.`];
      if (result.item_errors.length) parts.push(`Items not read: ${result.item_errors.join("; ")}`);
      reports.set(source.id, parts.join(" "));
      await loadSources();
    } catch (error) {
      reports.delete(source.id);
      if (error.status === 401) {
        show(report, "");
        show(ui.pageError, refusal(error));
        poll.disabled = false;
      } else {
        await loadSources(); // the failure is recorded on the source: its error line shows it
      }
    } finally {
      busy -= 1;
    }
  });

  remove.addEventListener("click", async () => {
    if (!window.confirm(`Remove ${source.title || source.url} and its stories' narrations?`)) return;
    show(ui.pageError, "");
    busy += 1;
    try {
      await api(`/api/sources/${encodeURIComponent(source.id)}`, { method: "DELETE" });
      reports.delete(source.id);
      await loadSources();
    } catch (error) {
      show(ui.pageError, refusal(error));
    } finally {
      busy -= 1;
    }
  });

  loadStories(source, stories, storiesStatus);
  return { item, report };
}

function closeEditForm(form, edit) {
  form.remove();
  edit.setAttribute("aria-expanded", "false");
  editing = null;
}

/** The inline form that edits a source's voice, interval and pause (PATCH /api/sources/{id}). */
function editForm(source, edit) {
  const form = element("form", "add-form source-edit");
  form.noValidate = true;
  const name = source.title || source.url;
  form.setAttribute("aria-label", `Edit ${name}`);

  const voiceField = element("label", "field");
  const voice = element("select", "edit-voice");
  for (const option of ui.voice.options) voice.append(option.cloneNode(true));
  voice.value = source.voice || "";
  if (voice.value !== (source.voice || "")) {
    const missing = element("option", "", `${source.voice} (not installed)`);
    missing.value = source.voice;
    voice.append(missing);
    voice.value = source.voice;
  }
  voiceField.append(element("span", "field-label", "Voice"), voice);

  const everyField = element("label", "field");
  const every = element("input", "edit-every");
  every.type = "text";
  every.spellcheck = false;
  every.value = intervalInput(source.every_seconds);
  everyField.append(element("span", "field-label", "Poll every"), every);

  const pausedField = element("label", "field check");
  const paused = element("input", "edit-paused");
  paused.type = "checkbox";
  paused.checked = Boolean(source.paused);
  pausedField.append(paused, element("span", "field-label", "Paused (not polled; its stories stay)"));

  const row = element("div", "field-row");
  row.append(voiceField, everyField);
  const save = element("button", "button save-button", "Save");
  save.type = "submit";
  const cancel = element("button", "delete-button cancel-button", "Cancel");
  cancel.type = "button";
  const status = element("span", "field-hint", "");
  status.setAttribute("role", "status");
  const buttons = element("div", "form-actions");
  buttons.append(save, cancel, status);
  const error = element("p", "form-error edit-error");
  error.setAttribute("role", "alert");
  error.hidden = true;
  form.append(row, pausedField, buttons, error);

  cancel.addEventListener("click", () => {
    closeEditForm(form, edit);
    edit.focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    show(error, "");
    const changes = sourceChanges(source, { voice: voice.value, every: every.value, paused: paused.checked });
    if (!Object.keys(changes).length) {
      closeEditForm(form, edit);
      return;
    }
    save.disabled = true;
    status.textContent = "Saving…";
    busy += 1;
    try {
      await api(`/api/sources/${encodeURIComponent(source.id)}`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(changes),
      });
      editing = null;
      await loadSources();
    } catch (failure) {
      status.textContent = "";
      show(error, refusal(failure, EDIT_COMMAND));
      save.disabled = false;
    } finally {
      busy -= 1;
    }
  });
  return form;
}

/** Redraw the list, with the line each source's last poll from this page left. */
async function loadSources() {
  try {
    const { sources } = await api("/api/sources");
    const items = sources.map((source) => {
      const { item, report } = sourceItem(source);
      if (reports.has(source.id)) show(report, reports.get(source.id));
      return item;
    });
    ui.list.replaceChildren(...items);
    ui.listStatus.textContent = sources.length ? "" : "No sources yet.";
    ui.listStatus.hidden = sources.length > 0;
  } catch (error) {
    ui.listStatus.hidden = false;
    ui.listStatus.textContent = `The sources could not be listed: ${error.message}`;
  }
}

async function onSubmit(event) {
  event.preventDefault();
  show(ui.error, "");
  const url = ui.url.value.trim();
  if (!url) {
    show(ui.error, "Give the URL of an RSS, Atom or news-sitemap feed.");
    ui.url.focus();
    return;
  }
  const body = { url, every: ui.every.value.trim() || "10m" };
  if (ui.voice.value) body.voice = ui.voice.value;
  ui.submit.disabled = true;
  ui.status.textContent = "Registering…";
  busy += 1;
  try {
    const source = await api("/api/sources", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    ui.status.textContent = `Added ${source.url}; it is polled ${formatInterval(source.every_seconds)}.`;
    ui.url.value = "";
    await loadSources();
  } catch (error) {
    ui.status.textContent = "";
    show(ui.error, refusal(error));
  } finally {
    ui.submit.disabled = false;
    busy -= 1;
  }
}

ui.form.addEventListener("submit", onSubmit);
loadVoices().then(() => loadSources());
// Watching: the list (last and next poll, failures, new stories) is redrawn every few seconds.
setInterval(() => {
  if (!busy && !editing && !document.hidden) loadSources();
}, REFRESH_MS);
