/**
 * The listening speed: its range, step, presets and the words per minute of 1x, read from
 * GET /api/voices, and snapping a wished-for rate to what the server offers.
 *
 * The server is the one home of the pace contract; every missing field is derived from the fields the
 * response does have (the presets' own speeds and WPM). LAST_RESORT is used only for a response with no
 * speed information at all (an older server), and matches the documented contract (1x = 200 WPM).
 */

const LAST_RESORT = {
  min: 0.5,
  max: 2,
  step: 0.05,
  wpmAt1x: 200,
  presets: [
    { name: "Slow", speed: 0.75 },
    { name: "Average", speed: 1 },
    { name: "Fast", speed: 1.5 },
  ],
};

function positiveNumber(value) {
  const number = Number(value);
  return value != null && Number.isFinite(number) && number > 0 ? number : null;
}

/** The presets of the response that have a usable speed. */
function validPresets(catalogue) {
  const presets = Array.isArray(catalogue?.presets) ? catalogue.presets : [];
  return presets
    .filter((preset) => preset && positiveNumber(preset.speed) != null)
    .map((preset) => ({ ...preset, name: String(preset.name ?? preset.speed), speed: Number(preset.speed) }));
}

/** Words per minute at 1x: stated by the server, or what its presets imply (wpm / speed). */
function wpmAt1xOf(catalogue, presets) {
  const stated = positiveNumber(catalogue?.wpm_at_1x) ?? positiveNumber(catalogue?.words_per_minute);
  if (stated != null) return stated;
  const implied = presets
    .filter((preset) => positiveNumber(preset.wpm) != null)
    .map((preset) => preset.wpm / preset.speed);
  return implied.length ? Math.round(implied[0]) : LAST_RESORT.wpmAt1x;
}

/** Greatest step that divides every preset's speed (to 0.01), for a server that names no step. */
function stepOf(presets) {
  const hundredths = presets.map((preset) => Math.round(preset.speed * 100)).filter((n) => n > 0);
  if (!hundredths.length) return LAST_RESORT.step;
  const gcd = (a, b) => (b ? gcd(b, a % b) : a);
  return Math.min(hundredths.reduce(gcd) / 100, 0.25);
}

/** {min, max, step, wpmAt1x, presets: [{name, speed, wpm}]} from a GET /api/voices response. */
export function speedSettings(catalogue) {
  const given = validPresets(catalogue);
  const presets = given.length ? given : LAST_RESORT.presets;
  const speeds = presets.map((preset) => preset.speed);
  const wpmAt1x = wpmAt1xOf(catalogue, given);
  const range = catalogue?.speed_range || {};
  const min = positiveNumber(catalogue?.speed_min) ?? positiveNumber(range.min) ?? (given.length ? Math.min(...speeds) : LAST_RESORT.min);
  const max = positiveNumber(catalogue?.speed_max) ?? positiveNumber(range.max) ?? (given.length ? Math.max(...speeds) : LAST_RESORT.max);
  const step = positiveNumber(catalogue?.speed_step) ?? positiveNumber(range.step) ?? (given.length ? stepOf(given) : LAST_RESORT.step);
  return {
    min: Math.min(min, max),
    max: Math.max(min, max),
    step,
    wpmAt1x,
    presets: presets.map((preset) => ({
      name: preset.name,
      speed: preset.speed,
      wpm: positiveNumber(preset.wpm) ?? Math.round(wpmAt1x * preset.speed),
    })),
  };
}

/** The nearest rate on the step grid inside the range (a non-number gives 1x, clamped). */
export function snapRate(rate, { min, max, step }) {
  const wanted = Number.isFinite(rate) ? rate : 1;
  const snapped = Math.round(wanted / step) * step;
  return Math.min(max, Math.max(min, Number(snapped.toFixed(2))));
}

/** The preset a rate is exactly at, or null. */
export function presetAt(presets, rate) {
  return presets.find((preset) => Math.abs(preset.speed - rate) < 0.001) || null;
}
