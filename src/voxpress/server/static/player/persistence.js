/**
 * What the page remembers in localStorage: the speed, the voice per article, and the position per
 * article and voice (as a time and the character offset of the word spoken then).
 */

import { articleTime, charAtTime } from "./timings.js";
import { audio, state } from "./state.js";

const SAVE_EVERY_MS = 2000;

/** localStorage that never throws (storage can be full, or off in private windows). */
export function remember(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembering is fine: the page works the same, it just starts at the top next time.
  }
}

export function recall(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export const speedKey = () => "voxpress:speed";
export const voiceKey = (articleId) => `voxpress:voice:${articleId}`;
export const positionKey = (articleId, voiceId) => `voxpress:position:${articleId}:${voiceId}`;

/** Save where the listener is, at most every SAVE_EVERY_MS unless `force`. */
export function maybeSavePosition(force) {
  if (!state.voiceId || !state.timings) return;
  const now = Date.now();
  if (!force && now - state.lastSaved < SAVE_EVERY_MS) return;
  if (state.pendingSeekTime != null || state.pendingSeekChar != null) return;
  state.lastSaved = now;
  const time = articleTime(state.tail, audio.currentTime || 0); // the article's time, whichever audio plays
  const char = charAtTime(state.timings.words, audio.currentTime || 0);
  remember(positionKey(state.articleId, state.voiceId), JSON.stringify({ time, char, saved: now }));
}

/** A finished narration starts again from the top next time. */
export function forgetPosition() {
  remember(positionKey(state.articleId, state.voiceId), JSON.stringify({ time: 0, char: 0, saved: Date.now() }));
}

export function savedPosition(voiceId) {
  try {
    const value = JSON.parse(recall(positionKey(state.articleId, voiceId)));
    return value && Number.isFinite(value.time) ? value : null;
  } catch {
    return null;
  }
}
