// Unit tests of the speed settings read from GET /api/voices (static/player/pace.js), run by `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { presetAt, snapRate, speedSettings } from "../../src/voxpress/server/static/player/pace.js";

const catalogue = {
  presets: [
    { name: "Slow", speed: 0.75, wpm: 150 },
    { name: "Average", speed: 1, wpm: 200 },
    { name: "Fast", speed: 1.5, wpm: 300 },
  ],
  speed_min: 0.5,
  speed_max: 2,
  speed_step: 0.05,
};

test("the range, step and presets are the server's", () => {
  const speed = speedSettings(catalogue);
  assert.deepEqual([speed.min, speed.max, speed.step, speed.wpmAt1x], [0.5, 2, 0.05, 200]);
  assert.deepEqual(
    speed.presets.map((p) => [p.name, p.speed, p.wpm]),
    [
      ["Slow", 0.75, 150],
      ["Average", 1, 200],
      ["Fast", 1.5, 300],
    ],
  );
});

test("WPM at 1x is the server's when stated, else what its presets imply", () => {
  assert.equal(speedSettings({ ...catalogue, wpm_at_1x: 180 }).wpmAt1x, 180);
  const implied = speedSettings({ presets: [{ name: "Brisk", speed: 1.2, wpm: 216 }] });
  assert.equal(implied.wpmAt1x, 180);
  assert.equal(implied.presets[0].wpm, 216);
});

test("a missing range and step come from the presets the server gave", () => {
  const speed = speedSettings({ presets: [{ name: "A", speed: 0.8 }, { name: "B", speed: 1.4 }] });
  assert.equal(speed.min, 0.8);
  assert.equal(speed.max, 1.4);
  assert.equal(speed.step, 0.2);
  assert.equal(speed.presets[1].wpm, 280);
  const nested = speedSettings({ ...catalogue, speed_min: undefined, speed_range: { min: 0.6, max: 1.8, step: 0.1 } });
  assert.deepEqual([nested.min, nested.max, nested.step], [0.6, 2, 0.05]);
});

test("a response with nothing usable still gives a working control", () => {
  for (const nothing of [{}, null, { presets: [{ name: "bad", speed: "fast" }], speed_step: -1 }]) {
    const speed = speedSettings(nothing);
    assert.ok(speed.min > 0 && speed.min < speed.max && speed.step > 0 && speed.wpmAt1x > 0);
    assert.ok(speed.presets.length > 0);
  }
});

test("rates snap to the step and stay in the range", () => {
  const limits = { min: 0.5, max: 2, step: 0.05 };
  assert.equal(snapRate(1.26, limits), 1.25);
  assert.equal(snapRate(1.274, limits), 1.25);
  assert.equal(snapRate(1.276, limits), 1.3);
  assert.equal(snapRate(0.1, limits), 0.5);
  assert.equal(snapRate(5, limits), 2);
  assert.equal(snapRate(Number.NaN, limits), 1);
  assert.equal(snapRate(1 + 0.25 + 0.25 + 0.25, limits), 1.75);
});

test("the preset a rate is at", () => {
  const { presets } = speedSettings(catalogue);
  assert.equal(presetAt(presets, 1.5)?.name, "Fast");
  assert.equal(presetAt(presets, 1.45), null);
});
