// Batching of the embed's listening events.
import assert from "node:assert/strict";
import { test } from "node:test";

import { EventBatcher, newDeciles, pageViewId } from "../../src/voxpress/server/static/embed/events.js";

function manualTimers() {
  const timers = new Map();
  let next = 1;
  return {
    timers,
    setTimer: (fn) => {
      timers.set(next, fn);
      return next++;
    },
    clearTimer: (id) => timers.delete(id),
    fire: () => {
      for (const [id, fn] of [...timers]) {
        timers.delete(id);
        fn();
      }
    },
  };
}

test("events wait for the timer and go in one batch", () => {
  const sent = [];
  const clock = manualTimers();
  const batcher = new EventBatcher((body) => sent.push(JSON.parse(body)) > 0, clock);
  batcher.push({ kind: "load" });
  batcher.push({ kind: "play" });
  assert.equal(sent.length, 0);
  assert.equal(clock.timers.size, 1);
  clock.fire();
  assert.deepEqual(sent, [{ events: [{ kind: "load" }, { kind: "play" }] }]);
});

test("a full batch is sent at once and the rest waits", () => {
  const sent = [];
  const clock = manualTimers();
  const batcher = new EventBatcher((body) => sent.push(JSON.parse(body)) > 0, { ...clock, maxBatch: 3 });
  for (let i = 0; i < 4; i += 1) batcher.push({ kind: "progress", share: i / 10 });
  assert.equal(sent.length, 1);
  assert.equal(sent[0].events.length, 3);
  batcher.flush();
  assert.equal(sent.length, 2);
  assert.equal(sent[1].events.length, 1);
  assert.equal(clock.timers.size, 0);
});

test("a batch the browser refused is kept for the next flush", () => {
  let accept = false;
  const sent = [];
  const batcher = new EventBatcher((body) => accept && sent.push(body) > 0, manualTimers());
  batcher.push({ kind: "play" });
  batcher.flush();
  assert.equal(sent.length, 0);
  accept = true;
  batcher.flush();
  assert.equal(sent.length, 1);
  assert.equal(JSON.parse(sent[0]).events[0].kind, "play");
});

test("each decile of progress is reported once", () => {
  const reached = new Set();
  assert.deepEqual(newDeciles(0.05, reached), []);
  assert.deepEqual(newDeciles(0.31, reached), [1, 2, 3]);
  assert.deepEqual(newDeciles(0.35, reached), []);
  assert.deepEqual(newDeciles(1, reached), [4, 5, 6, 7, 8, 9, 10]);
});

test("page view ids are random hex the server accepts", () => {
  const first = pageViewId();
  assert.match(first, /^[0-9a-f]{24}$/);
  assert.notEqual(first, pageViewId());
});
