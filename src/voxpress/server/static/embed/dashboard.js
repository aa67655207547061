// The analytics dashboard: fetches GET /api/analytics (with the API key the viewer types, kept
// in memory only) and draws totals, charts and a table per article and day.

import { barChart, lineChart } from "./charts.js";

const $ = (id) => document.getElementById(id);
let apiKey = "";

function headers() {
  return apiKey ? { "X-API-Key": apiKey } : {};
}

function percent(value) {
  return `${Math.round(value * 100)}%`;
}

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text;
  row.append(td);
}

function sumBy(days, key) {
  return days.reduce((total, day) => total + day[key], 0);
}

function mergeCounts(days, key) {
  const counts = {};
  for (const day of days) for (const [name, n] of Object.entries(day[key])) counts[name] = (counts[name] || 0) + n;
  return counts;
}

async function titles() {
  try {
    const response = await fetch("/api/articles");
    const body = await response.json();
    return new Map(body.articles.map((a) => [a.id, a.title]));
  } catch {
    return new Map();
  }
}

function render(days, names) {
  const loads = sumBy(days, "loads");
  const plays = sumBy(days, "plays");
  const completions = sumBy(days, "completions");
  const minutes = sumBy(days, "listened_minutes");
  const totals = [
    ["Loads", loads],
    ["Plays", plays],
    ["Play rate", loads ? percent(plays / loads) : "–"],
    ["Listened minutes", minutes.toFixed(1)],
    ["Average share listened", plays ? percent(days.reduce((t, d) => t + d.average_share * d.plays, 0) / plays) : "–"],
    ["Completion rate", plays ? percent(completions / plays) : "–"],
  ];
  const list = document.createElement("dl");
  for (const [name, value] of totals) {
    const dt = document.createElement("dt");
    dt.textContent = name;
    const dd = document.createElement("dd");
    dd.textContent = String(value);
    dd.dataset.total = name;
    list.append(dt, dd);
  }
  $("totals").replaceChildren(list);

  const byDay = new Map();
  for (const day of days) {
    const entry = byDay.get(day.day) || { loads: 0, plays: 0 };
    entry.loads += day.loads;
    entry.plays += day.plays;
    byDay.set(day.day, entry);
  }
  const dayLabels = [...byDay.keys()].sort();
  const dropOff = Array.from({ length: 11 }, (_, step) =>
    plays ? days.reduce((t, d) => t + d.drop_off[step] * d.plays, 0) / plays : 0,
  );
  const speeds = mergeCounts(days, "speeds");
  const voices = mergeCounts(days, "voices");
  const charts = [
    barChart("Plays per day", dayLabels, dayLabels.map((d) => byDay.get(d).plays)),
    barChart("Loads per day", dayLabels, dayLabels.map((d) => byDay.get(d).loads)),
    lineChart("Still listening (drop-off)", dropOff.map((_, i) => `${i * 10}%`), dropOff),
    barChart("Speeds chosen", Object.keys(speeds).map((s) => `${s}x`), Object.values(speeds)),
    barChart("Voices chosen", Object.keys(voices), Object.values(voices)),
  ];
  $("charts").replaceChildren(...charts);

  const body = $("days").querySelector("tbody");
  body.replaceChildren();
  for (const day of days) {
    const row = document.createElement("tr");
    row.dataset.article = day.article_id;
    cell(row, day.day);
    cell(row, names.get(day.article_id) || day.article_id);
    cell(row, String(day.loads));
    cell(row, String(day.plays));
    cell(row, percent(day.play_rate));
    cell(row, day.listened_minutes.toFixed(1));
    cell(row, percent(day.average_share));
    cell(row, percent(day.completion_rate));
    body.append(row);
  }
  $("days").hidden = false;
}

async function load() {
  const response = await fetch("/api/analytics", { headers: headers() });
  if (response.status === 401) {
    $("key-form").hidden = false;
    $("status").textContent = apiKey ? "That API key was not accepted." : "Enter the server's API key to see the analytics.";
    return;
  }
  if (!response.ok) {
    $("status").textContent = `The analytics could not be loaded (${response.status}).`;
    return;
  }
  const { days } = await response.json();
  $("key-form").hidden = true;
  $("status").textContent = days.length ? `${days.length} article-days.` : "No listening yet.";
  render(days, await titles());
  const csv = await fetch("/api/analytics?format=csv", { headers: headers() });
  const link = $("csv");
  link.href = URL.createObjectURL(await csv.blob());
  link.download = "voxpress-analytics.csv";
  link.hidden = false;
}

$("key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  apiKey = $("api-key").value.trim();
  load();
});
load();
