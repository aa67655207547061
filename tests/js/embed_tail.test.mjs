// The embedded player's tail narrations: the links it asks for and which narration answered.
import assert from "node:assert/strict";
import { test } from "node:test";

import { chosenTail, reaches, tailHref } from "../../src/voxpress/server/static/embed/tail.js";
import { tailTimings } from "../../src/voxpress/server/static/player/timings.js";

const AUDIO = "http://voxpress.test/api/articles/a1/audio?voice=espeak%3Aen";

test("a tail link asks for the narration from that character on; 0 or none is the whole", () => {
  const tail = new URL(tailHref(AUDIO, 42));
  assert.equal(tail.searchParams.get("from"), "42");
  assert.equal(tail.searchParams.get("voice"), "espeak:en");
  assert.equal(tailHref(AUDIO, 0), AUDIO);
  assert.equal(tailHref(AUDIO, undefined), AUDIO);
  assert.equal(new URL(tailHref(tailHref(AUDIO, 7), 42)).searchParams.getAll("from").length, 1);
});

test("the server's from says whether the tail or the whole narration serves", () => {
  const request = { from: 42, offset: 9.5 };
  assert.deepEqual(chosenTail({ from: 42, words: [] }, request), request);
  assert.equal(chosenTail({ from: 0, words: [] }, request), null); // the whole narration serves
  assert.equal(chosenTail({ from: 42 }, null), null);
  assert.equal(chosenTail(null, request), null);
});

test("a seek can land once the timings reach its time or are complete", () => {
  const words = [{ start: 0, end: 0.4 }, { start: 0.5, end: 1.2 }];
  assert.equal(reaches({ complete: false, words }, 1.0), true);
  assert.equal(reaches({ complete: false, words }, 3.0), false);
  assert.equal(reaches({ complete: false, words: [] }, 0), false);
  assert.equal(reaches({ complete: true, words }, 30), true);
  assert.equal(reaches(null, 0), false);
});

test("once the whole narration answers, the tail's timings are its spans from the tail on, from 0", () => {
  const whole = {
    from: 0,
    complete: true,
    duration: 3.0,
    sentences: [
      { char_start: 0, char_end: 9, start: 0, end: 1.2 },
      { char_start: 11, char_end: 20, start: 1.3, end: 2.9 },
    ],
    words: [
      { char_start: 0, char_end: 4, start: 0, end: 0.5 },
      { char_start: 11, char_end: 15, start: 1.3, end: 1.8 },
      { char_start: 16, char_end: 20, start: 2.0, end: 2.9 },
    ],
  };
  const tail = tailTimings(whole, 11);
  assert.equal(tail.from, 11);
  assert.equal(tail.complete, true);
  assert.ok(Math.abs(tail.duration - 1.7) < 1e-9);
  assert.deepEqual(tail.sentences.map((s) => [s.char_start, s.start]), [[11, 0]]);
  assert.deepEqual(tail.words.map((w) => w.char_start), [11, 16]);
  assert.ok(Math.abs(tail.words[1].start - 0.7) < 1e-9);
  assert.equal(whole.words[1].start, 1.3); // the whole timings are left as they were
});
