// Tail narrations in the embedded player (pure functions, no DOM).
//
// A voice change mid-article asks for the new voice's narration from the listener's sentence on
// (`?from=` its char_start, from the reader's timings.js `tailStartFor`). The server's first
// timings say which narration serves: `"from": K` for the tail, `"from": 0` when the whole one
// does (stored, or made past that sentence already). Character offsets are the article's either way.

/** `href` (an audio or timings link) asking for the narration from character `from` on (0: the whole). */
export function tailHref(href, from) {
  if (!(from > 0)) return href;
  const url = new URL(href);
  url.searchParams.set("from", String(from));
  return url.href;
}

/** The tail ({from, offset}) that `timings` answer for `request`, or null when the whole narration serves. */
export function chosenTail(timings, request) {
  return request && timings && timings.from > 0 && timings.from === request.from ? request : null;
}

/** Whether timings `timings` already reach audio time `time` (or are complete): a seek can land there. */
export function reaches(timings, time) {
  if (!timings) return false;
  if (timings.complete !== false) return true;
  const words = timings.words || [];
  return words.length > 0 && words[words.length - 1].end >= time;
}
