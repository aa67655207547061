// Unit tests of the player's text formatting (static/player/format.js), run by `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  formatDate,
  formatRate,
  formatTime,
  httpUrl,
  slug,
  speedReadout,
  speedReadoutSpoken,
  wordsPerMinute,
} from "../../src/voxpress/server/static/player/format.js";

test("clock times drop the hour until there is one", () => {
  assert.equal(formatTime(0), "0:00");
  assert.equal(formatTime(65.9), "1:05");
  assert.equal(formatTime(3723), "1:02:03");
  assert.equal(formatTime(36000), "10:00:00");
});

test("clock times of nonsense are zero", () => {
  assert.equal(formatTime(-4), "0:00");
  assert.equal(formatTime(Number.NaN), "0:00");
  assert.equal(formatTime(Number.POSITIVE_INFINITY), "0:00");
});

test("rates show at most two decimals and no trailing zeros", () => {
  assert.equal(formatRate(1), "1x");
  assert.equal(formatRate(1.5), "1.5x");
  assert.equal(formatRate(1.25), "1.25x");
  assert.equal(formatRate(0.7500001), "0.75x");
});

test("the readout gives the true words per minute of the rate", () => {
  assert.equal(speedReadout(1.25, 200), "1.25x = 250 WPM");
  assert.equal(speedReadout(1, 200), "1x = 200 WPM");
  assert.equal(speedReadout(0.75, 200), "0.75x = 150 WPM");
  assert.equal(speedReadout(1.5, 180), "1.5x = 270 WPM"); // from the server's WPM at 1x, not a constant
  assert.equal(speedReadoutSpoken(2, 200), "2x = 400 words per minute");
  assert.equal(wordsPerMinute(1.05, 200), 210);
});

test("a date alone is that calendar day wherever the reader is", () => {
  assert.equal(formatDate("2024-03-01", "en-GB"), "1 March 2024");
  assert.equal(formatDate("not a date"), "not a date");
});

test("only http and https links are kept", () => {
  assert.equal(httpUrl("https://example.org/a")?.hostname, "example.org");
  assert.equal(httpUrl("javascript:alert(1)"), null);
  assert.equal(httpUrl("not a url"), null);
  assert.equal(httpUrl(""), null);
});

test("file names come from the title", () => {
  assert.equal(slug("Night Trains Return to the Valley!"), "night-trains-return-to-the-valley");
  assert.equal(slug("Café déjà vu"), "cafe-deja-vu");
  assert.equal(slug("???"), "narration");
  assert.equal(slug("x".repeat(100)).length, 60);
});
