// Alignment of narration text onto host page text: the pure parts of the embed's highlighting.
import assert from "node:assert/strict";
import { test } from "node:test";

import { alignTokens, joinPieces, locate, mapSpans, spanAt, spanAtTime, tokenize } from "../../src/voxpress/server/static/embed/align.js";

const NARRATION = [
  "Ferries Return to the Northern Lakes",
  "The first ferry in ten years crossed the lake on Sunday, and the captain said: \"We're back.\"",
  "Tickets cost four pounds. Children travel free until March.",
].join("\n\n");

// The host page: curly quotes, different whitespace, an ad block and a photo caption in the story.
const HOST_PIECES = [
  { text: "Ferries Return to the\n   Northern Lakes" },
  { gap: true },
  { text: "The first ferry in ten years crossed the lake on Sunday, and the captain said: “We’re back.”" },
  { gap: true },
  { text: "Advertisement: Buy the best lake boots today, the first pair half price" },
  { gap: true },
  { text: "The ferry at the northern pier on Sunday. Photo: Lake Post" },
  { gap: true },
  { text: "Tickets cost " },
  { text: "four pounds" },
  { text: ". Children travel free until March." },
];

function wordsOf(text) {
  return tokenize(text).map((t) => ({ char_start: t.start, char_end: t.end }));
}

test("tokens ignore quotes and whitespace", () => {
  assert.deepEqual(
    tokenize("“We’re  back.”").map((t) => t.key),
    ["we", "re", "back"],
  );
});

test("every narration word lands on the same word of the host text despite ads and captions", () => {
  const host = joinPieces(HOST_PIECES);
  const narrationTokens = tokenize(NARRATION);
  const hostTokens = tokenize(host.text);
  const map = alignTokens(narrationTokens, hostTokens);
  const words = wordsOf(NARRATION);
  const ranges = mapSpans(words, narrationTokens, hostTokens, map);
  assert.equal(ranges.length, words.length);
  let correct = 0;
  for (const [index, word] of words.entries()) {
    const range = ranges[index];
    assert.ok(range, `word ${NARRATION.slice(word.char_start, word.char_end)} was not found`);
    const hostWord = host.text.slice(range[0], range[1]);
    if (hostWord === NARRATION.slice(word.char_start, word.char_end)) correct += 1;
    // Never inside the ad or the caption.
    const adStart = host.text.indexOf("Advertisement");
    const captionEnd = host.text.indexOf("Lake Post") + "Lake Post".length;
    assert.ok(range[1] <= adStart || range[0] >= captionEnd, `${hostWord} mapped into the ad or caption`);
  }
  assert.equal(correct, words.length);
});

test("narration text missing from the host is left unmatched and the rest still aligns", () => {
  const narrationTokens = tokenize("A Headline Only In The Feed\n\nThe lake was calm.");
  const hostTokens = tokenize("The lake was calm.");
  const map = Array.from(alignTokens(narrationTokens, hostTokens));
  assert.deepEqual(map, [-1, -1, -1, -1, -1, -1, 0, 1, 2, 3]);
});

test("a common word of an inserted block does not pull the alignment into it", () => {
  const narration = tokenize("the ferry left the pier at noon");
  const host = tokenize("the ferry left ADVERT the best boots the pier at noon");
  const map = Array.from(alignTokens(narration, host));
  const keys = map.map((index) => host[index].key);
  assert.deepEqual(keys, ["the", "ferry", "left", "the", "pier", "at", "noon"]);
  assert.equal(map[3], 7);
});

test("sentences map to host ranges and a click offset finds its sentence", () => {
  const host = joinPieces(HOST_PIECES);
  const narrationTokens = tokenize(NARRATION);
  const hostTokens = tokenize(host.text);
  const map = alignTokens(narrationTokens, hostTokens);
  const start = NARRATION.indexOf("Tickets");
  const sentences = [{ char_start: start, char_end: NARRATION.indexOf("Children") - 1 }];
  const [range] = mapSpans(sentences, narrationTokens, hostTokens, map);
  assert.equal(host.text.slice(range[0], range[1]), "Tickets cost four pounds");
  assert.equal(spanAt([null, range], host.text.indexOf("four")), 1);
  assert.equal(spanAt([range], 0), -1);
});

test("offsets are located in the pieces they came from", () => {
  const host = joinPieces(HOST_PIECES);
  const at = host.text.indexOf("pounds");
  const { piece, offset } = locate(host.starts, at);
  assert.equal(HOST_PIECES[piece].text.slice(offset, offset + 6), "pounds");
  assert.deepEqual(locate(host.starts, 0), { piece: 0, offset: 0 });
});

test("the word heard at a time is found by its span", () => {
  const spans = [
    { start: 0.1, end: 0.4 },
    { start: 0.45, end: 0.9 },
    { start: 2.0, end: 2.3 },
  ];
  assert.equal(spanAtTime(spans, 0.05), -1);
  assert.equal(spanAtTime(spans, 0.2), 0);
  assert.equal(spanAtTime(spans, 0.5), 1);
  assert.equal(spanAtTime(spans, 1.05), 1);
  assert.equal(spanAtTime(spans, 1.5), -1);
  assert.equal(spanAtTime(spans, 2.1), 2);
});

test("Chinese characters align one by one and Devanagari words keep their vowel signs", () => {
  assert.deepEqual(
    tokenize("渡轮回来了。Ferry").map((t) => t.key),
    ["渡", "轮", "回", "来", "了", "ferry"],
  );
  assert.deepEqual(
    tokenize("नाव वापस आई").map((t) => t.key),
    ["नाव", "वापस", "आई"],
  );
  const narration = "渡轮回来了。";
  const host = "广告渡轮回来了。";
  const a = tokenize(narration);
  const b = tokenize(host);
  const map = alignTokens(a, b);
  const [range] = mapSpans([{ char_start: 2, char_end: 3 }], a, b, map);
  assert.equal(host.slice(range[0], range[1]), "回");
});
