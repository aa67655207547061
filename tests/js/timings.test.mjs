// Unit tests of offset and time search over timings (static/player/timings.js), run by `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  articleBlocks,
  articleLength,
  articleTime,
  audioTimeOf,
  charAtTime,
  firstAtOrAfter,
  lastAtOrBefore,
  narrationLength,
  nextSentenceIndex,
  previousSentenceIndex,
  spokenAt,
  tailStartFor,
  timeOfChar,
} from "../../src/voxpress/server/static/player/timings.js";

// "Rain fell. Then sun." as two sentences of two words each.
const words = [
  { start: 0.1, end: 0.4, char_start: 0, char_end: 4 },
  { start: 0.45, end: 0.8, char_start: 5, char_end: 10 },
  { start: 1.3, end: 1.6, char_start: 11, char_end: 15 },
  { start: 1.65, end: 2.0, char_start: 16, char_end: 20 },
];
const sentences = [
  { start: 0.1, end: 0.8, char_start: 0, char_end: 10 },
  { start: 1.3, end: 2.0, char_start: 11, char_end: 20 },
];
const timings = { words, sentences, duration: 2.2, complete: true };

test("lastAtOrBefore finds the span at a time, -1 before the first", () => {
  assert.equal(lastAtOrBefore(words, 0), -1);
  assert.equal(lastAtOrBefore(words, 0.1), 0);
  assert.equal(lastAtOrBefore(words, 1.0), 1);
  assert.equal(lastAtOrBefore(words, 99), 3);
  assert.equal(lastAtOrBefore([], 1), -1);
});

test("firstAtOrAfter finds the span at a character offset, length after the last", () => {
  assert.equal(firstAtOrAfter(words, 0), 0);
  assert.equal(firstAtOrAfter(words, 3), 1);
  assert.equal(firstAtOrAfter(words, 11), 2);
  assert.equal(firstAtOrAfter(words, 21), 4);
  assert.equal(firstAtOrAfter([], 5), 0);
});

test("binary search agrees with a linear scan on a long list", () => {
  const many = Array.from({ length: 1001 }, (_, i) => ({ start: i * 0.3, char_start: i * 6 }));
  for (const t of [0, 0.29, 0.3, 150.1, 299.99, 300, 1000]) {
    const linear = many.reduce((found, span, i) => (span.start <= t ? i : found), -1);
    assert.equal(lastAtOrBefore(many, t), linear);
  }
  for (const c of [0, 1, 6, 3000, 5999, 6000, 7000]) {
    const linear = many.findIndex((span) => span.char_start >= c);
    assert.equal(firstAtOrAfter(many, c), linear === -1 ? many.length : linear);
  }
});

test("the spoken word lingers in the gap after it, then nothing is marked", () => {
  assert.deepEqual(spokenAt(timings, 0.05), { sentence: -1, word: -1 });
  assert.deepEqual(spokenAt(timings, 0.2), { sentence: 0, word: 0 });
  assert.deepEqual(spokenAt(timings, 1.0), { sentence: 0, word: 1 });
  assert.deepEqual(spokenAt(timings, 1.2), { sentence: 0, word: -1 });
  assert.deepEqual(spokenAt(timings, 1.7), { sentence: 1, word: 3 });
  assert.deepEqual(spokenAt(timings, 2.6), { sentence: -1, word: -1 });
});

test("places map between characters and times both ways", () => {
  assert.equal(timeOfChar(words, 11), 1.3);
  assert.equal(timeOfChar(words, 12), 1.65);
  assert.equal(timeOfChar(words, 25), null);
  assert.equal(charAtTime(words, 1.4), 11);
  assert.equal(charAtTime(words, 0), 0);
});

test("previous sentence rewinds the current one first, next stops at the last", () => {
  assert.equal(previousSentenceIndex(sentences, 1.9, 0.5), 1);
  assert.equal(previousSentenceIndex(sentences, 1.4, 0.5), 0);
  assert.equal(previousSentenceIndex(sentences, 0.2, 0.5), 0);
  assert.equal(nextSentenceIndex(sentences, 0.2), 1);
  assert.equal(nextSentenceIndex(sentences, 1.5), -1);
});

test("blocks are rebuilt from the article fields with the narration text's blank-line joins", () => {
  const blocks = articleBlocks({ title: "Rain", standfirst: ["Wet."], paragraphs: ["It fell.", "Then sun."] });
  assert.deepEqual(
    blocks.map((b) => [b.kind, b.char_start, b.char_end]),
    [
      ["title", 0, 4],
      ["standfirst", 6, 10],
      ["paragraph", 12, 20],
      ["paragraph", 22, 31],
    ],
  );
  const given = [{ kind: "title", char_start: 0, char_end: 3 }];
  assert.equal(articleBlocks({ title: "Sun", blocks: given }), given);
});

test("a narration still being made is estimated from the share of text timed", () => {
  const partial = { sentences: [sentences[0]], duration: 1.0, complete: false };
  assert.equal(narrationLength(partial, Number.NaN, 20), 2.0);
  assert.equal(narrationLength(partial, 3.5, 20), 3.5);
  assert.equal(narrationLength(timings, 9, 20), 2.2);
  assert.equal(narrationLength(null, Number.POSITIVE_INFINITY, 20), 0);
  assert.equal(narrationLength({ sentences: [], duration: 0, complete: false }, Number.NaN, 20), 0);
});

test("a voice change starts the tail at the current sentence, on the article's timeline", () => {
  const whole = { words, sentences, duration: 2.2, complete: true };
  assert.deepEqual(tailStartFor(whole, null, 16), { from: 11, offset: 1.3 }); // "sun" is in "Then sun."
  assert.deepEqual(tailStartFor(whole, null, 11), { from: 11, offset: 1.3 });
  assert.equal(tailStartFor(whole, null, 2), null); // the first sentence: the whole narration
  assert.equal(tailStartFor(null, null, 5), null);
  // A change again while a tail plays: its sentences' times are the tail's, its offset carries on.
  const tail = { from: 11, offset: 1.3 };
  const tailTimings = {
    words: words.slice(2).map((w) => ({ ...w, start: w.start - 1.2, end: w.end - 1.2 })),
    sentences: [{ start: 0.1, end: 0.8, char_start: 11, char_end: 20 }],
    duration: 1.0,
    complete: true,
  };
  const again = tailStartFor(tailTimings, tail, 16);
  assert.equal(again.from, 11);
  assert.ok(Math.abs(again.offset - 1.4) < 1e-9);

  assert.equal(articleTime(null, 0.5), 0.5);
  assert.equal(articleTime(tail, 0.5), 1.8);
  assert.equal(audioTimeOf(tail, 1.8), 0.5);
  assert.equal(audioTimeOf(tail, 1.27), 0); // a rounding before the start is the start
  assert.equal(audioTimeOf(tail, 1.0), null); // before the tail: the whole narration is needed
  assert.equal(audioTimeOf(null, 1.0), 1.0);

  assert.equal(articleLength(tail, tailTimings, Number.NaN, 20), 1.3 + 1.0);
  // Partial tail: 0.5 s timed of "Then" (chars 11..15 of 11..20) → the rest estimated from its pace.
  const partialTail = {
    sentences: [{ start: 0.1, end: 0.4, char_start: 11, char_end: 15 }],
    duration: 0.5,
    complete: false,
  };
  assert.ok(Math.abs(articleLength(tail, partialTail, Number.NaN, 20) - (1.3 + (0.5 * 9) / 4)) < 1e-9);
  assert.equal(articleLength(null, whole, 9, 20), 2.2);
});
