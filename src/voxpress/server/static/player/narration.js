/**
 * Loading a voice's narration: its timings (polled while it is being made, with the progress shown),
 * its audio (streamed through a Media Source while it is being made, where the browser can; the plain
 * file otherwise), and its failure: the reason, from the job or the problem+json, with a Retry button.
 */

import { api } from "../api.js";
import { slug } from "./format.js";
import { renderTimedText, resetTimedText } from "./highlight.js";
import { remember, voiceKey } from "./persistence.js";
import { audio, state, ui } from "./state.js";
import { audioPath, streamToAudio } from "./stream.js";
import { charAtTime, tailTimings } from "./timings.js";
import { applyRate, onSeekBeforeTail, resolvePendingSeek, update, updatePlayButton } from "./transport.js";

const POLL_MS = 1000;
/** Polling while the listener waits on the timings (a place to resume at, or the first sentence). */
const POLL_WAITING_MS = 150;
/** Statuses that mean "not yet" (the job is queued or the server is busy), not "never". */
const TRY_AGAIN_STATUSES = new Set([0, 202, 409, 429, 503]);

function articlePath() {
  return `/api/articles/${encodeURIComponent(state.articleId)}`;
}

/** The narration's audio; `from` (a sentence's char_start) asks for the tail from that sentence on. */
export function audioUrl(voiceId, from = 0) {
  const params = new URLSearchParams({ format: "mp3" });
  if (voiceId) params.set("voice", voiceId);
  if (from > 0) params.set("from", String(from));
  return `${articlePath()}/audio?${params}`;
}

function timingsUrl(voiceId, from = 0) {
  const params = new URLSearchParams();
  if (voiceId) params.set("voice", voiceId);
  if (from > 0) params.set("from", String(from));
  return `${articlePath()}/timings?${params}`;
}

/** The tail (or whole) narration the player is loading or playing: its `from` for the URLs. */
function playingFrom() {
  return (state.tail || state.tailRequest)?.from || 0;
}

/**
 * Start a voice's narration; `at` is {time} or {char} to resume from; `play` to play once there.
 * `tail` ({from, offset}, from timings.tailStartFor) asks for the narration from that sentence on,
 * heard at once on a voice change; the server answers with the whole narration where that serves.
 */
export function loadNarration(voiceId, { at = null, play = false, tail = null } = {}) {
  state.generation += 1;
  clearTimeout(state.pollTimer);
  state.timingsInFlight = false;
  stopStream();
  resetTimedText();
  state.voiceId = voiceId;
  state.timings = null;
  state.tail = null;
  state.tailRequest = tail;
  delete document.body.dataset.narrationFrom;
  state.failed = false;
  state.pendingSeekTime = at && at.time != null ? at.time : null;
  state.pendingSeekChar = at && at.time == null && at.char != null ? at.char : null;
  state.playWhenReady = play;
  ui.voice.value = voiceId;
  remember(voiceKey(state.articleId), voiceId);
  ui.download.href = audioUrl(voiceId);
  ui.download.download = `${slug(state.article.title)}.mp3`;
  hideFailure();
  fetchTimings(state.generation, { attachAudio: true });
}

/** The character offset the listener is at, to keep the place across a reload of the audio. */
export function currentChar() {
  if (!state.timings) return null;
  return charAtTime(state.timings.words, audio.currentTime);
}

function stopStream() {
  state.stream?.stop();
  state.stream = null;
}

/**
 * The audio for the current voice: a narration still being made streams through a Media Source (it
 * starts playing on its first piece); a finished one, or any where Media Source is missing, is the file.
 */
function attachAudio(generation, complete) {
  const url = audioUrl(state.voiceId, playingFrom());
  if (audioPath({ complete }) === "stream") {
    state.stream = streamToAudio(audio, url, {
      onFailure: (message) => {
        if (generation !== state.generation) return;
        state.stream = null;
        showFailure(message);
        fetchFailureReason(generation); // the job's own reason, if it has one, replaces this message
      },
      onData: () => {
        // New audio usually means new timings: a voice change waiting for its place asks at once.
        if (generation === state.generation && state.pendingSeekChar != null && !state.timingsInFlight) {
          schedulePoll(generation, 0);
        }
      },
      onComplete: ({ evicted }) => {
        if (generation !== state.generation) return;
        state.stream = null;
        if (evicted) reloadFromFile(); // older audio was dropped to make room: seek back in the file
      },
    });
    document.body.dataset.audioPath = "stream";
  } else {
    audio.src = url;
    document.body.dataset.audioPath = "file";
  }
  applyRate(state.rate);
}

/** After a failure seen on the audio stream: the job's reason from the timings, if they have one. */
async function fetchFailureReason(generation) {
  let reason = "";
  try {
    reason = (await api(timingsUrl(state.voiceId, playingFrom())))?.error || "";
  } catch (error) {
    if (!TRY_AGAIN_STATUSES.has(error.status)) reason = error.message; // a problem+json naming the reason
    state.retryUrl = error.body?.retry || null;
  }
  if (generation === state.generation && reason) showFailure(`The narration failed: ${reason}`);
}

/** Poll the timings once after `delay` ms (replacing a poll already waiting: one chain of polls). */
function schedulePoll(generation, delay, options = {}) {
  clearTimeout(state.pollTimer);
  state.pollTimer = setTimeout(() => fetchTimings(generation, options), delay);
}

async function fetchTimings(generation, { attachAudio: attach = false } = {}) {
  // A failed narration is not polled again: only Retry starts a fresh attempt.
  if (generation !== state.generation || state.failed) return;
  let timings;
  state.timingsInFlight = true;
  try {
    timings = await api(timingsUrl(state.voiceId, playingFrom()));
  } catch (error) {
    state.timingsInFlight = false;
    if (generation !== state.generation || state.failed) return;
    if (TRY_AGAIN_STATUSES.has(error.status)) {
      schedulePoll(generation, pollDelay(), { attachAudio: attach });
      return;
    }
    state.retryUrl = error.body?.retry || null;
    showFailure(error.message);
    return;
  }
  state.timingsInFlight = false;
  if (generation !== state.generation || state.failed) return;
  if (timings.status === "failed" || timings.error) {
    // The job making this narration failed; its message says why (and the audio will not come).
    stopStream();
    showFailure(timings.error ? `The narration failed: ${timings.error}` : "The narration failed.");
    return;
  }
  if (state.tailRequest) chooseTail(timings);
  // Once the whole narration is stored the server answers the tail's timings with it (`from` 0):
  // the tail still playing says the same sentences, so its spans are cut from the whole one's.
  else if (state.tail && !(timings.from > 0)) timings = tailTimings(timings, state.tail.from);
  if (attach) attachAudio(generation, timings.complete !== false);
  applyTimings(timings);
  if (timings.complete === false) schedulePoll(generation, pollDelay());
}

/**
 * The first timings of a voice change that asked for a tail: the server's `from` says which it is.
 * A tail plays from its start (the current sentence's), at once; the whole narration (stored, or
 * made past that sentence already) resumes at the word, as before.
 */
function chooseTail(timings) {
  if (timings.from > 0 && timings.from === state.tailRequest.from) {
    state.tail = state.tailRequest;
    state.pendingSeekChar = null;
    state.pendingSeekTime = null;
    document.body.dataset.narrationFrom = String(state.tail.from);
  } else {
    delete document.body.dataset.narrationFrom;
  }
  state.tailRequest = null;
}

/** Before the tail's start: the whole narration, at that article time (the existing resume path). */
onSeekBeforeTail((time, play) => loadNarration(state.voiceId, { at: { time }, play }));

/** Sooner while the player waits on the timings to go on (a voice change resumes at a word). */
function pollDelay() {
  const waiting = state.pendingSeekChar != null || (state.playWhenReady && state.pendingSeekTime != null);
  return waiting || !state.timings?.words.length ? POLL_WAITING_MS : POLL_MS;
}

function applyTimings(timings) {
  const previous = state.timings;
  state.timings = {
    ...timings,
    sentences: timings.sentences || [],
    words: timings.words || [],
    complete: timings.complete !== false,
  };
  renderTimedText();
  if (state.timings.complete) {
    ui.synthesis.hidden = true;
    if (previous && !previous.complete && !state.stream) ensureSeekableAfterStream();
  } else if (!state.failed) {
    showSynthesis(timings.progress ?? 0);
  }
  resolvePendingSeek();
  update();
}

function showSynthesis(progress) {
  const fraction = Math.max(0, Math.min(1, Number(progress) || 0));
  ui.synthesis.hidden = false;
  ui.synthesisProgress.value = fraction;
  ui.synthesisLabel.textContent = `Preparing the narration… ${Math.round(fraction * 100)}%`;
}

/** Once a progressively streamed narration is complete, reload the file if the stream cannot seek. */
function ensureSeekableAfterStream() {
  if (!Number.isFinite(audio.duration) || audio.seekable.length === 0) reloadFromFile();
}

function reloadFromFile() {
  state.pendingSeekTime = audio.currentTime;
  state.playWhenReady = !audio.paused;
  audio.src = audioUrl(state.voiceId, playingFrom());
  document.body.dataset.audioPath = "file";
  applyRate(state.rate);
}

/** The narration failed: say why (never leave "Preparing…" up) and offer a fresh attempt. */
export function showFailure(message) {
  state.failed = true;
  state.playWhenReady = false;
  ui.synthesis.hidden = true;
  ui.play.classList.remove("is-waiting");
  ui.error.textContent = message;
  ui.failure.hidden = false;
  ui.retry.disabled = false;
  if (audio.getAttribute("src")) {
    audio.pause();
    audio.removeAttribute("src"); // nothing of this attempt (or of the voice before it) plays now
    audio.load();
  }
  updatePlayButton();
}

function hideFailure() {
  ui.error.textContent = "";
  ui.failure.hidden = true;
}

/**
 * Start a fresh attempt at the same voice: POST /api/articles/{id}/narrations, which answers with the
 * failed job, then POST its retry link (a new job), then load the narration again at the same place and play. Without the API key
 * the POST is refused; loading the narration again still asks the server for it.
 */
export async function retry() {
  const char = currentChar();
  ui.retry.disabled = true;
  try {
    const answer = await api(`${articlePath()}/narrations`, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify({ voice: state.voiceId, format: "mp3" }),
    });
    // The narration's last job failed: the server answers with it, and its retry link starts anew.
    if (answer?.status === "failed" && answer.links?.retry) state.retryUrl = answer.links.retry;
  } catch (error) {
    if (error.status !== 401 && error.status !== 403) {
      showFailure(error.message);
      return;
    }
  }
  if (state.retryUrl) {
    // Open to readers: it only re-runs a narration that was already asked for.
    try {
      await api(state.retryUrl, { method: "POST", headers: { Accept: "application/json" } });
    } catch (error) {
      showFailure(error.message);
      return;
    }
    state.retryUrl = null;
  }
  loadNarration(state.voiceId, { at: char ? { char } : null, play: true });
}
