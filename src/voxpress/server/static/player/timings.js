/**
 * Searching a narration's timings: the span at a time, the span at a character offset, which sentence
 * and word are being spoken, the article's blocks, and the length of a narration still being made.
 * Pure functions over plain timing objects (spans sorted by start time and by character offset).
 */

/** Index of the last span whose `key` is <= value in spans sorted by it, or -1. */
export function lastAtOrBefore(spans, value, key = "start") {
  let lo = 0;
  let hi = spans.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid][key] <= value) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Index of the first span whose `key` is >= value in spans sorted by it, or spans.length. */
export function firstAtOrAfter(spans, value, key = "char_start") {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid][key] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How long after its end a word stays marked (the gap to the next word is still "that word"). */
export const WORD_LINGER_S = 0.35;
/** How long after the last sentence ends it stays marked. */
export const LAST_SENTENCE_LINGER_S = 0.5;

/** The sentence and word being spoken at time `t` (-1 for none): what the page highlights. */
export function spokenAt(timings, t) {
  const { words, sentences } = timings;
  let sentence = lastAtOrBefore(sentences, t);
  if (sentence >= 0 && sentence === sentences.length - 1 && t > sentences[sentence].end + LAST_SENTENCE_LINGER_S) {
    sentence = -1;
  }
  let word = lastAtOrBefore(words, t);
  if (word >= 0 && t > words[word].end + WORD_LINGER_S) word = -1;
  return { sentence, word };
}

/** The start time of the first word at or after character `char`, or null if it is not timed yet. */
export function timeOfChar(words, char) {
  const i = firstAtOrAfter(words, char);
  return i < words.length ? words[i].start : null;
}

/** The character offset of the word spoken at (or last before) time `t`, or 0 before the first word. */
export function charAtTime(words, t) {
  const i = lastAtOrBefore(words, t);
  return i >= 0 ? words[i].char_start : 0;
}

/** Index of the sentence to go back to: the current one's start, or the one before if just begun. */
export function previousSentenceIndex(sentences, t, restartAfter) {
  let i = lastAtOrBefore(sentences, t + 0.05);
  if (i >= 0 && t - sentences[i].start < restartAfter) i -= 1;
  return Math.max(0, i);
}

/** Index of the next sentence after the one at time `t`, or -1 at the last. */
export function nextSentenceIndex(sentences, t) {
  const i = lastAtOrBefore(sentences, t + 0.05) + 1;
  return i < sentences.length ? i : -1;
}

/** Blocks with offsets into the narration text; built from the article fields if the API gave none. */
export function articleBlocks(article) {
  if (Array.isArray(article.blocks) && article.blocks.length) return article.blocks;
  const parts = [
    ["title", article.title],
    ...(article.standfirst || []).map((s) => ["standfirst", s]),
    ...(article.paragraphs || []).map((p) => ["paragraph", p]),
  ].filter(([, text]) => text);
  const blocks = [];
  let offset = 0;
  for (const [kind, text] of parts) {
    blocks.push({ kind, char_start: offset, char_end: offset + text.length });
    offset += text.length + 2;
  }
  return blocks;
}

/**
 * Length of the narration in seconds: the timings' once complete, else the best known so far, estimating
 * the whole from the share of the text already timed (speech time follows text length).
 */
export function narrationLength(timings, audioDuration, textLength, fromChar = 0) {
  const fromAudio = Number.isFinite(audioDuration) ? audioDuration : 0;
  if (!timings) return fromAudio;
  if (timings.complete) return timings.duration || fromAudio;
  const sentences = timings.sentences;
  const timedChars = sentences.length ? sentences[sentences.length - 1].char_end - fromChar : 0;
  const estimate = timedChars > 0 ? (timings.duration * (textLength - fromChar)) / timedChars : 0;
  return Math.max(timings.duration || 0, fromAudio, estimate);
}

/*
 * Tail narrations. A voice change mid-article plays the new voice's narration from the current
 * sentence on (`?from=` its char_start), whose time 0 is that sentence. The player keeps the
 * article's timeline: `tail` is {from, offset}, offset being the article time of the tail's first
 * sentence (every voice speaks 200 words a minute at 1x, so the previous voice's time of that
 * sentence is where it falls in any voice's narration). Without a tail (null) both times agree.
 */

/** Where a tail for a voice change at character `char` starts: {from, offset}, or null for the whole. */
export function tailStartFor(timings, tail, char) {
  if (!timings || char == null) return null;
  const i = lastAtOrBefore(timings.sentences || [], char, "char_start");
  if (i < 0) return null;
  const sentence = timings.sentences[i];
  if (sentence.char_start <= 0) return null;
  return { from: sentence.char_start, offset: (tail ? tail.offset : 0) + sentence.start };
}

/** The article time of time `t` in the audio playing (the tail's, or the whole narration's). */
export function articleTime(tail, t) {
  return (tail ? tail.offset : 0) + t;
}

/** How far before the tail's start a seek may land and still be its start (a rounding, not a place). */
export const TAIL_START_SLACK_S = 0.05;

/** The time in the playing audio of article time `time`, or null when it lies before the tail. */
export function audioTimeOf(tail, time) {
  if (!tail) return time;
  if (time < tail.offset - TAIL_START_SLACK_S) return null;
  return Math.max(0, time - tail.offset);
}

/** Length of the article's timeline in seconds (see narrationLength) when `tail` is playing. */
export function articleLength(tail, timings, audioDuration, textLength) {
  if (!tail) return narrationLength(timings, audioDuration, textLength);
  return tail.offset + narrationLength(timings, audioDuration, textLength, tail.from);
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
