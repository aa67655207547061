/**
 * The Media Session: the title on the lock screen and in the system's media controls, their actions,
 * and the position they show. Browsers without it, or without an action, just keep the on-page controls.
 */

/** Show the article and route the system's media keys to `handlers` ({play, pause, seekto, ...}). */
export function setUpMediaSession({ title, artist }, handlers) {
  if (!("mediaSession" in navigator)) return;
  navigator.mediaSession.metadata = new MediaMetadata({ title, artist, album: "voxpress" });
  for (const [action, handler] of Object.entries(handlers)) {
    try {
      navigator.mediaSession.setActionHandler(action, handler);
    } catch {
      // This browser does not know the action; the on-page control still works.
    }
  }
}

export function updatePositionState(duration, playbackRate, position) {
  if (!("mediaSession" in navigator) || !navigator.mediaSession.setPositionState) return;
  if (!(duration > 0)) return;
  try {
    navigator.mediaSession.setPositionState({ duration, playbackRate, position: Math.min(position || 0, duration) });
  } catch {
    // Position state is a nicety; ignore browsers that reject it.
  }
}

export function updatePlaybackState(playing) {
  if ("mediaSession" in navigator) navigator.mediaSession.playbackState = playing ? "playing" : "paused";
}
