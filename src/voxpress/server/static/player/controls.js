/**
 * The player bar's controls: the speed presets and slider (from GET /api/voices), the voice menu
 * (the article's language first, every other language behind "Other languages"), and the wiring of
 * every button, slider and audio event to the transport.
 */

import { formatRate, speedReadout } from "./format.js";
import { resumeFollowing, watchScrolling } from "./highlight.js";
import { onKey } from "./keyboard.js";
import { currentChar, loadNarration, retry, showFailure } from "./narration.js";
import { speedSettings } from "./pace.js";
import { updatePositionState } from "./media-session.js";
import { forgetPosition, maybeSavePosition } from "./persistence.js";
import { SKIP_SECONDS, audio, state, ui } from "./state.js";
import {
  animationLoop,
  applyRate,
  duration,
  nextSentence,
  now,
  previousSentence,
  resolvePendingSeek,
  seekTo,
  skip,
  togglePlay,
  update,
  updatePlayButton,
} from "./transport.js";
import { articleTime, tailStartFor } from "./timings.js";
import { groupVoices } from "./voices.js";

/** Value of the menu entry that unfolds the voices of other languages. */
export const OTHER_LANGUAGES = "__other-languages__";

function voiceOption(voice, mismatch) {
  const option = document.createElement("option");
  option.value = voice.id;
  option.textContent = voice.name;
  if (voice.quality) option.title = voice.quality;
  if (mismatch) option.dataset.mismatch = "true";
  return option;
}

/**
 * The voice menu: the voices that speak the article's language, then either one "Other languages…"
 * entry (folded) or a group per other language (unfolded, when asked for or when the voice in use is one).
 */
export function buildVoiceSelect(voices, language, { unfolded = false } = {}) {
  const groups = groupVoices(voices, language, navigator.language || "en");
  const speaking = document.createElement("optgroup");
  speaking.label = groups.first.length ? `Speaks ${groups.label}` : `No voice speaks ${groups.label}`;
  speaking.dataset.group = "article-language";
  speaking.append(...groups.first.map((voice) => voiceOption(voice, false)));
  ui.voice.replaceChildren(speaking);
  if (!groups.others.length) return;
  const showOthers = unfolded || !groups.first.length;
  ui.voice.dataset.otherLanguages = showOthers ? "shown" : "folded";
  if (!showOthers) {
    const unfold = document.createElement("option");
    unfold.value = OTHER_LANGUAGES;
    unfold.textContent = `Other languages (${groups.others.length})…`;
    ui.voice.append(unfold);
    return;
  }
  for (const other of groups.others) {
    const optgroup = document.createElement("optgroup");
    optgroup.label = `Other languages: ${other.label}`;
    optgroup.dataset.group = "other-language";
    optgroup.dataset.language = other.language;
    optgroup.append(...other.voices.map((voice) => voiceOption(voice, true)));
    ui.voice.append(optgroup);
  }
}

/** Make sure the voice is in the menu (unfolding the other languages if it is one of theirs). */
export function showVoiceInMenu(voiceId) {
  const listed = [...ui.voice.options].some((option) => option.value === voiceId);
  if (!listed) buildVoiceSelect(state.voices, state.article.language, { unfolded: true });
  ui.voice.value = voiceId;
}

export function buildSpeedControls(catalogue) {
  state.speed = speedSettings(catalogue);
  ui.speed.min = String(state.speed.min);
  ui.speed.max = String(state.speed.max);
  ui.speed.step = String(state.speed.step);
  ui.presets.replaceChildren(
    ...state.speed.presets.map((preset) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "preset";
      button.dataset.speed = String(preset.speed);
      button.textContent = preset.name;
      const label = `${preset.name}: ${formatRate(preset.speed)}, ${preset.wpm} words per minute`;
      button.setAttribute("aria-label", label);
      button.title = speedReadout(preset.speed, state.speed.wpmAt1x);
      button.addEventListener("click", () => applyRate(preset.speed));
      return button;
    }),
  );
}

function switchVoice(voiceId) {
  if (voiceId === OTHER_LANGUAGES) {
    buildVoiceSelect(state.voices, state.article.language, { unfolded: true });
    ui.voice.value = state.voiceId; // unfolding picks no voice
    return;
  }
  if (voiceId === state.voiceId) return;
  maybeSavePosition(true);
  const wasPlaying = !audio.paused;
  const char = state.currentWord >= 0 ? state.timings.words[state.currentWord].char_start : currentChar();
  // Mid-article, the new voice starts at the current sentence (a tail narration), heard at once.
  const tail = tailStartFor(state.timings, state.tail, char);
  audio.pause();
  loadNarration(voiceId, { at: char != null ? { char } : null, play: wasPlaying, tail });
}

export function wireControls() {
  ui.play.addEventListener("click", togglePlay);
  ui.back.addEventListener("click", () => skip(-SKIP_SECONDS));
  ui.forward.addEventListener("click", () => skip(SKIP_SECONDS));
  ui.prev.addEventListener("click", previousSentence);
  ui.next.addEventListener("click", nextSentence);
  ui.speed.addEventListener("input", () => applyRate(Number(ui.speed.value)));
  ui.voice.addEventListener("change", () => switchVoice(ui.voice.value));
  ui.retry.addEventListener("click", retry);
  ui.resumeFollow.addEventListener("click", resumeFollowing);
  ui.optionsToggle.addEventListener("click", () => {
    const open = ui.player.classList.toggle("options-open");
    ui.optionsToggle.setAttribute("aria-expanded", String(open));
  });

  ui.seek.addEventListener("input", () => {
    state.scrubbing = true;
    update();
  });
  // Arrow keys on the seek bar move by seconds that matter, not by its fine dragging step.
  ui.seek.addEventListener("keydown", (event) => {
    const moves = { ArrowLeft: -5, ArrowDown: -5, ArrowRight: 5, ArrowUp: 5, PageDown: -30, PageUp: 30 };
    if (event.key in moves) {
      event.preventDefault();
      skip(moves[event.key]);
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      seekTo(event.key === "Home" ? 0 : duration());
    }
  });
  ui.seek.addEventListener("change", () => {
    state.scrubbing = false;
    seekTo(Number(ui.seek.value));
  });

  ui.article.addEventListener("click", (event) => {
    const sentence = event.target.closest?.(".s");
    if (!sentence || !state.timings) return;
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return; // the reader is selecting text, not seeking
    const span = state.timings.sentences[Number(sentence.dataset.i)];
    if (span) seekTo(articleTime(state.tail, span.start), { andPlay: true });
  });

  audio.addEventListener("play", () => {
    updatePlayButton();
    if (!state.frame) state.frame = requestAnimationFrame(animationLoop);
  });
  audio.addEventListener("pause", () => {
    ui.play.classList.remove("is-waiting");
    updatePlayButton();
    maybeSavePosition(true);
    update();
  });
  audio.addEventListener("ended", () => {
    updatePlayButton();
    maybeSavePosition(true);
    forgetPosition();
  });
  audio.addEventListener("loadedmetadata", () => {
    applyRate(state.rate); // a new source resets the rate to the default; keep the reader's
    resolvePendingSeek();
    updatePositionState(duration(), state.rate, now());
  });
  audio.addEventListener("durationchange", update);
  audio.addEventListener("timeupdate", () => {
    if (audio.paused || document.hidden) update(); // no animation frames in a hidden tab
  });
  audio.addEventListener("waiting", () => ui.play.classList.add("is-waiting"));
  audio.addEventListener("playing", () => ui.play.classList.remove("is-waiting"));
  audio.addEventListener("seeked", () => {
    update();
    updatePositionState(duration(), state.rate, now());
    maybeSavePosition(true);
  });
  audio.addEventListener("error", () => {
    if (state.failed || !audio.getAttribute("src") || !audio.error) return;
    showFailure("The audio could not be loaded. Try again or pick another voice.");
  });

  watchScrolling();
  document.addEventListener("keydown", onKey);
  // The article keeps clear of the player bar, whose height depends on the window and the open options.
  new ResizeObserver(() => {
    document.documentElement.style.setProperty("--player-height", `${ui.player.offsetHeight}px`);
  }).observe(ui.player);
  window.addEventListener("pagehide", () => maybeSavePosition(true));
}
