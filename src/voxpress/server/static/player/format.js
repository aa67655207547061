/**
 * Text the player shows: clock times, rates with the words per minute they give, dates and file names.
 * Pure functions of their arguments, unit-tested by `node --test tests/js/`.
 */

/** "1:05" or "1:02:03" for a number of seconds (negative or not-a-number shows as 0:00). */
export function formatTime(seconds) {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

/** "1x", "1.5x", "1.25x". */
export function formatRate(rate) {
  return `${Number(rate.toFixed(2))}x`;
}

/** Words per minute a rate truly gives, when 1x is calibrated to `wpmAt1x`. */
export function wordsPerMinute(rate, wpmAt1x) {
  return Math.round(wpmAt1x * rate);
}

/** "1.25x = 250 WPM": the rate and the words per minute it truly gives. */
export function speedReadout(rate, wpmAt1x) {
  return `${formatRate(rate)} = ${wordsPerMinute(rate, wpmAt1x)} WPM`;
}

/** The same as speedReadout, spelled out for screen readers. */
export function speedReadoutSpoken(rate, wpmAt1x) {
  return `${formatRate(rate)} = ${wordsPerMinute(rate, wpmAt1x)} words per minute`;
}

/** A publication date in the reader's locale; a date alone (no time) is shown as that calendar day. */
export function formatDate(value, locale = undefined) {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const options = dateOnly ? { dateStyle: "long", timeZone: "UTC" } : { dateStyle: "long" };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

/** The URL if it is an http(s) one, else null (a stored link is never trusted to be a javascript: URL). */
export function httpUrl(value) {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/** A file name from a title: "Night Trains Return!" → "night-trains-return". */
export function slug(text) {
  const s = String(text || "narration")
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "-");
  return s.slice(0, 60) || "narration";
}
