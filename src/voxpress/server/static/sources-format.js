/**
 * Pure text of the sources page (static/sources.js): poll intervals, relative times, a source's error
 * line, the words for a refused write and what an edit changes. No DOM here, so `node --test tests/js/` can test it.
 */

const UNITS = [
  [86400, "day", "days"],
  [3600, "h", "h"],
  [60, "min", "min"],
  [1, "s", "s"],
];

/** A span of seconds in its largest whole unit, else rounded to one decimal: "10 min", "1.5 h". */
function span(seconds) {
  const value = Math.max(0, Number(seconds) || 0);
  for (const [size, one, many] of UNITS) {
    if (value >= size || size === 1) {
      const amount = Math.round((value / size) * 10) / 10;
      return `${amount} ${amount === 1 ? one : many}`;
    }
  }
  return "0 s";
}

/** A poll interval as the API takes it ("30s", "10m", "2h", "1d"): its largest unit that divides it. */
export function intervalInput(seconds) {
  const value = Math.max(1, Math.round(Number(seconds) || 0));
  for (const [size, unit] of [
    [86400, "d"],
    [3600, "h"],
    [60, "m"],
  ]) {
    if (value % size === 0) return `${value / size}${unit}`;
  }
  return `${value}s`;
}

/** The changes an edit form makes to `source` (only what differs), for PATCH /api/sources/{id}. */
export function sourceChanges(source, { voice, every, paused }) {
  const changes = {};
  if ((voice || null) !== (source.voice || null)) changes.voice = voice || null;
  const interval = every.trim();
  if (interval && interval !== intervalInput(source.every_seconds)) changes.every = interval;
  if (Boolean(paused) !== Boolean(source.paused)) changes.paused = Boolean(paused);
  return changes;
}

/** "every 10 min" for a poll interval in seconds. */
export function formatInterval(seconds) {
  return `every ${span(seconds)}`;
}

/** "in 5 min", "3 h ago", "just now" or "never" for an ISO time, against `now` (ms since the epoch). */
export function relativeTime(iso, now = Date.now()) {
  if (!iso) return "never";
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return "never";
  const delta = (at - now) / 1000;
  if (Math.abs(delta) < 5) return delta > 0 ? "due now" : "just now";
  const whole = Math.abs(delta);
  const text = span(whole >= 60 ? Math.round(whole / 60) * 60 : Math.round(whole));
  return delta > 0 ? `in ${text}` : `${text} ago`;
}

/** The prominent line of a failing source, or "" when its last poll worked. */
export function errorLine(source) {
  const failures = Number(source.failures) || 0;
  if (!failures && !source.last_error) return "";
  const times = failures === 1 ? "once" : `${failures} times in a row`;
  const prefix = failures ? `Failed ${times}` : "Last poll failed";
  return source.last_error ? `${prefix}: ${source.last_error}` : `${prefix}.`;
}

const ADD_COMMAND =
  "register and poll sources with the CLI instead (voxpress sources add URL --voice ID --every 10m).";
/** The CLI line a refused edit points to. */
export const EDIT_COMMAND =
  "edit sources with the CLI instead (voxpress sources edit ID --voice ID --every 10m --pause).";

/** What to say when a write is refused: the problem's own title, and for 401 where the key works. */
export function refusalMessage(status, title, command = ADD_COMMAND) {
  const message = title || `The server answered ${status}.`;
  if (status !== 401) return message;
  return `${message} This server has an API key, and this page does not hold it: ${command}`;
}

/** The podcast feed path of a source. */
export function feedPath(sourceId) {
  return `/feeds/sources/${encodeURIComponent(sourceId)}.xml`;
}
