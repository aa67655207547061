/**
 * Moving through the narration: play and pause, seeking (also before the audio or the timings are
 * ready), skipping, sentence steps, the speed, and the seek bar and clocks that show where we are.
 *
 * Speed is `audio.playbackRate` over the 1x narration, which the server calibrates to the WPM of
 * GET /api/voices, so the rate shown is also a true WPM.
 */

import { formatRate, formatTime, speedReadout, speedReadoutSpoken } from "./format.js";
import { highlight } from "./highlight.js";
import { updatePlaybackState, updatePositionState } from "./media-session.js";
import { presetAt, snapRate } from "./pace.js";
import { maybeSavePosition, remember, speedKey } from "./persistence.js";
import { RESTART_SENTENCE_AFTER, SKIP_SECONDS, audio, state, ui } from "./state.js";
import {
  articleLength,
  articleTime,
  audioTimeOf,
  nextSentenceIndex,
  previousSentenceIndex,
  timeOfChar,
} from "./timings.js";

/*
 * Times here are the article's: with a tail narration playing (state.tail) the audio's time 0 is
 * the tail's first sentence, and the clocks, the seek bar and seeks add its offset.
 */

/** Length of the narration in seconds: from the timings once complete, else the best known so far. */
export function duration() {
  return articleLength(state.tail, state.timings, audio.duration, state.article?.text.length ?? 0);
}

/** Where the listener is, in the article's time. */
export function now() {
  return articleTime(state.tail, audio.currentTime || 0);
}

let leaveTail = (_time, _play) => {};

/** What a seek before the tail's start does (narration.js loads the whole narration there). */
export function onSeekBeforeTail(handler) {
  leaveTail = handler;
}

export function play() {
  const attempt = audio.play();
  if (attempt) attempt.catch(() => updatePlayButton());
}

export function togglePlay() {
  if (audio.paused) play();
  else audio.pause();
}

export function seekTo(time, { andPlay = false } = {}) {
  const wanted = Math.max(0, Math.min(time, duration() || time));
  const target = audioTimeOf(state.tail, wanted);
  if (target == null) {
    leaveTail(wanted, andPlay || !audio.paused);
    return;
  }
  if (audio.readyState >= HTMLMediaElement.HAVE_METADATA) {
    audio.currentTime = target;
  } else {
    state.pendingSeekTime = target;
  }
  if (andPlay) {
    if (state.pendingSeekTime != null) state.playWhenReady = true;
    else play();
  }
  update();
}

export function skip(seconds) {
  seekTo(now() + seconds);
}

export function previousSentence() {
  const sentences = state.timings?.sentences || [];
  if (!sentences.length) return skip(-SKIP_SECONDS);
  const t = audio.currentTime;
  const i = previousSentenceIndex(sentences, t, RESTART_SENTENCE_AFTER);
  if (state.tail && i === 0 && t - sentences[0].start < RESTART_SENTENCE_AFTER) {
    return seekTo(state.tail.offset - 1); // before the tail: the sentence before, in the whole narration
  }
  seekTo(articleTime(state.tail, sentences[i].start));
}

export function nextSentence() {
  const sentences = state.timings?.sentences || [];
  if (!sentences.length) return skip(SKIP_SECONDS);
  const i = nextSentenceIndex(sentences, audio.currentTime);
  if (i >= 0) seekTo(articleTime(state.tail, sentences[i].start));
}

export function applyRate(rate) {
  state.rate = snapRate(rate, state.speed);
  audio.preservesPitch = true;
  audio.defaultPlaybackRate = state.rate;
  audio.playbackRate = state.rate;
  ui.speed.value = String(state.rate);
  ui.speedReadout.textContent = speedReadout(state.rate, state.speed.wpmAt1x);
  ui.optionsRate.textContent = formatRate(state.rate);
  ui.speed.setAttribute("aria-valuetext", speedReadoutSpoken(state.rate, state.speed.wpmAt1x));
  const pressed = presetAt(state.speed.presets, state.rate);
  for (const button of ui.presets.querySelectorAll("button")) {
    button.setAttribute("aria-pressed", String(pressed != null && Number(button.dataset.speed) === pressed.speed));
  }
  remember(speedKey(), String(state.rate));
  updatePositionState(duration(), state.rate, now());
  update();
}

/** A seek asked for before the audio or the timings were ready (resume, voice change). */
export function resolvePendingSeek() {
  if (state.pendingSeekChar != null && state.timings) {
    const time = timeOfChar(state.timings.words, state.pendingSeekChar);
    if (time != null) {
      state.pendingSeekTime = time;
      state.pendingSeekChar = null;
    } else if (state.timings.complete) {
      state.pendingSeekChar = null;
      state.pendingSeekTime = null;
    } else {
      return; // that part is not synthesized yet: wait for more timings
    }
  }
  const waitingForSynthesis =
    state.timings && !state.timings.complete && state.pendingSeekTime > state.timings.duration;
  const hasMetadata = audio.readyState >= HTMLMediaElement.HAVE_METADATA;
  if (state.pendingSeekTime != null && !waitingForSynthesis && hasMetadata) {
    const limit = duration() - articleTime(state.tail, 0); // in the audio's own time
    const wanted = state.pendingSeekTime;
    const target = limit > 0 ? Math.min(wanted, Math.max(0, limit - 0.25)) : wanted;
    state.pendingSeekTime = null;
    audio.currentTime = target;
  }
  if (state.pendingSeekTime == null && state.pendingSeekChar == null && state.playWhenReady) {
    state.playWhenReady = false;
    play();
  }
}

export function updatePlayButton() {
  const playing = !audio.paused;
  ui.play.classList.toggle("is-playing", playing);
  ui.play.setAttribute("aria-label", playing ? "Pause" : "Play");
  ui.play.title = playing ? "Pause (space)" : "Play (space)";
  updatePlaybackState(playing);
}

/** The seek bar, the clocks and the highlight for the current time. */
export function update() {
  const t = now();
  const total = duration();
  if (!state.scrubbing) {
    ui.seek.max = String(total || 0);
    ui.seek.value = String(t);
  }
  const shown = state.scrubbing ? Number(ui.seek.value) : t;
  ui.elapsed.textContent = formatTime(shown / state.rate);
  const estimated = state.timings && !state.timings.complete ? "≈ " : "";
  ui.remaining.textContent = `${estimated}-${formatTime(Math.max(0, total - shown) / state.rate)}`;
  ui.seek.setAttribute("aria-valuetext", `${formatTime(shown)} of ${formatTime(total)}`);
  ui.seek.style.setProperty("--played", total > 0 ? `${(100 * shown) / total}%` : "0%");
  const partial = state.timings && !state.timings.complete;
  const ready = partial ? (100 * articleTime(state.tail, state.timings.duration)) / (total || 1) : 100;
  ui.seek.style.setProperty("--ready", `${Math.min(100, ready)}%`);
  highlight(audio.currentTime || 0);
  maybeSavePosition(false);
}

export function animationLoop() {
  update();
  state.frame = audio.paused ? 0 : requestAnimationFrame(animationLoop);
}
