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

/**
 * The tail's timings cut from the whole narration's (`whole`, complete): once the whole one is stored
 * the server answers a tail's timings with it, and the tail still playing is the same voice saying the
 * same sentences, so its spans are the whole one's from character `from` on, shifted to the tail's 0.
 */
export function tailTimings(whole, from) {
  const sentences = (whole.sentences || []).filter((span) => span.char_start >= from);
  const zero = sentences.length ? sentences[0].start : whole.duration || 0;
  const shift = (span) => ({ ...span, start: Math.max(0, span.start - zero), end: Math.max(0, span.end - zero) });
  return {
    ...whole,
    from,
    duration: Math.max(0, (whole.duration || 0) - zero),
    sentences: sentences.map(shift),
    words: (whole.words || []).filter((span) => span.char_start >= from).map(shift),
  };
}
