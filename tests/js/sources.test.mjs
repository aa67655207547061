// Unit tests of the sources page's text (static/sources-format.js), run by `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  EDIT_COMMAND,
  errorLine,
  feedPath,
  formatInterval,
  intervalInput,
  refusalMessage,
  relativeTime,
  sourceChanges,
} from "../../src/voxpress/server/static/sources-format.js";

test("intervals read in their largest whole unit", () => {
  assert.equal(formatInterval(600), "every 10 min");
  assert.equal(formatInterval(30), "every 30 s");
  assert.equal(formatInterval(1), "every 1 s");
  assert.equal(formatInterval(3600), "every 1 h");
  assert.equal(formatInterval(5400), "every 1.5 h");
  assert.equal(formatInterval(86400), "every 1 day");
  assert.equal(formatInterval(7 * 86400), "every 7 days");
});

test("relative times say past and future, and never for nothing", () => {
  const now = Date.parse("2026-12-01T12:00:00Z");
  assert.equal(relativeTime(null, now), "never");
  assert.equal(relativeTime("not a date", now), "never");
  assert.equal(relativeTime("2026-12-01T12:00:02Z", now), "due now");
  assert.equal(relativeTime("2026-12-01T11:59:58Z", now), "just now");
  assert.equal(relativeTime("2026-12-01T12:10:00Z", now), "in 10 min");
  assert.equal(relativeTime("2026-12-01T11:57:00+00:00", now), "3 min ago");
  assert.equal(relativeTime("2026-12-01T11:59:30Z", now), "30 s ago");
  assert.equal(relativeTime("2026-12-01T14:00:00Z", now), "in 2 h");
});

test("the error line counts failures and quotes the last error", () => {
  assert.equal(errorLine({ failures: 0, last_error: null }), "");
  assert.equal(errorLine({ failures: 1, last_error: "The feed is not XML." }), "Failed once: The feed is not XML.");
  assert.equal(errorLine({ failures: 3, last_error: "Timed out." }), "Failed 3 times in a row: Timed out.");
  assert.equal(errorLine({ failures: 2, last_error: null }), "Failed 2 times in a row.");
});

test("a 401 points to the CLI; other refusals keep the problem's title", () => {
  const refused = refusalMessage(401, "An API key is required.");
  assert.match(refused, /^An API key is required\./);
  assert.match(refused, /voxpress sources add/);
  assert.equal(refusalMessage(422, "Unknown voice 'x'."), "Unknown voice 'x'.");
  assert.equal(refusalMessage(500, ""), "The server answered 500.");
});

test("the feed path escapes the id", () => {
  assert.equal(feedPath("abc123"), "/feeds/sources/abc123.xml");
  assert.equal(feedPath("a/b"), "/feeds/sources/a%2Fb.xml");
});

test("an edit form's interval reads as the API takes it", () => {
  assert.equal(intervalInput(600), "10m");
  assert.equal(intervalInput(7200), "2h");
  assert.equal(intervalInput(86400), "1d");
  assert.equal(intervalInput(90), "90s");
  assert.equal(intervalInput(5400), "90m");
});

test("an edit sends only what it changes", () => {
  const source = { voice: null, every_seconds: 600, paused: false };
  assert.deepEqual(sourceChanges(source, { voice: "", every: "10m", paused: false }), {});
  assert.deepEqual(sourceChanges(source, { voice: "piper:x", every: " 2h ", paused: true }), {
    voice: "piper:x",
    every: "2h",
    paused: true,
  });
  const voiced = { voice: "piper:x", every_seconds: 600, paused: true };
  assert.deepEqual(sourceChanges(voiced, { voice: "", every: "", paused: false }), {
    voice: null,
    paused: false,
  });
});

test("a refused edit names the edit command", () => {
  const text = refusalMessage(401, "An API key is required.", EDIT_COMMAND);
  assert.ok(text.includes("voxpress sources edit"));
});
