/**
 * Keyboard shortcuts of the reader page: space or k plays and pauses, arrows skip and step by
 * sentence, + and - change the speed. Typing in a field, or a key meant for a focused control, is left alone.
 */

import { SKIP_SECONDS, SPEED_KEY_STEP, state } from "./state.js";
import { applyRate, nextSentence, previousSentence, skip, togglePlay } from "./transport.js";

/** The action for a key press, or null when the page should leave it to the browser. */
export function actionFor(key, { onActivatable }) {
  const actions = {
    " ": onActivatable ? null : togglePlay,
    k: togglePlay,
    ArrowLeft: () => skip(-SKIP_SECONDS),
    ArrowRight: () => skip(SKIP_SECONDS),
    ArrowUp: previousSentence,
    "[": previousSentence,
    ArrowDown: nextSentence,
    "]": nextSentence,
    "+": () => applyRate(state.rate + SPEED_KEY_STEP),
    "=": () => applyRate(state.rate + SPEED_KEY_STEP),
    "-": () => applyRate(state.rate - SPEED_KEY_STEP),
    _: () => applyRate(state.rate - SPEED_KEY_STEP),
  };
  return actions[key] || null;
}

export function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
  const target = event.target;
  const tag = target?.tagName;
  if (event.key === " " && target?.type === "range") {
    event.preventDefault(); // sliders do nothing with space: let it play and pause as everywhere else
    togglePlay();
    return;
  }
  if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || target?.isContentEditable) return;
  const onActivatable = tag === "BUTTON" || tag === "A" || tag === "SUMMARY";
  const action = actionFor(event.key, { onActivatable });
  if (!action) return;
  event.preventDefault();
  action();
}
