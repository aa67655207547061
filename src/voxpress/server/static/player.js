/**
 * The reader page: shows an article as extracted and plays its narration with the text kept in step.
 *
 * Owns: rendering the narration text by block offsets, wrapping each timed sentence and word in a span,
 * the player bar (transport, seek bar, speed, voice, download), highlighting and auto-scroll, keyboard
 * shortcuts, the Media Session, and remembering the position per article and voice.
 *
 * Speed is `audio.playbackRate` over the 1x narration, which is calibrated to 200 words per minute, so the
 * rate shown is also a true WPM (200 × rate). While a narration is still being synthesized its timings are
 * partial: the page polls them and the audio element plays the streaming MP3 as it arrives.
 * All article text goes into the DOM with textContent, never as HTML.
 */

import { api } from "./api.js";

const WPM_AT_1X = 200;
const SKIP_SECONDS = 15;
const SPEED_KEY_STEP = 0.25;
const POLL_MS = 1000;
const FOLLOW_RESUME_MS = 6000; // auto-scroll comes back this long after the reader last scrolled
const SAVE_EVERY_MS = 2000;
const RESTART_SENTENCE_AFTER = 1.5; // "previous sentence" first rewinds to the start of the current one
const DEFAULT_SPEED = { min: 0.5, max: 2, step: 0.05 };
const DEFAULT_PRESETS = [
  { name: "Slow", speed: 0.75, wpm: 150 },
  { name: "Average", speed: 1, wpm: 200 },
  { name: "Fast", speed: 1.5, wpm: 300 },
];

// ---------------------------------------------------------------- pure helpers

/** Index of the last span whose `key` is <= value in spans sorted by it, or -1. */
function lastAtOrBefore(spans, value, key = "start") {
  let lo = 0;
  let hi = spans.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid][key] <= value) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Index of the first span whose `key` is >= value in spans sorted by it, or spans.length. */
function firstAtOrAfter(spans, value, key = "char_start") {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid][key] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** "1:05" or "1:02:03" for a number of seconds. */
function formatTime(seconds) {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

/** "1x", "1.5x", "1.25x". */
function formatRate(rate) {
  return `${Number(rate.toFixed(2))}x`;
}

/** "1.25x = 250 WPM": the rate and the words per minute it truly gives (1x is calibrated to 200). */
function speedReadout(rate) {
  return `${formatRate(rate)} = ${Math.round(WPM_AT_1X * rate)} WPM`;
}

function snapRate(rate, { min, max, step }) {
  const snapped = Math.round(rate / step) * step;
  return Math.min(max, Math.max(min, Number(snapped.toFixed(2))));
}

function primaryLanguage(code) {
  return String(code || "").toLowerCase().split(/[-_]/)[0];
}

function languageName(code) {
  try {
    return new Intl.DisplayNames([navigator.language || "en"], { type: "language" }).of(code) || code;
  } catch {
    return code;
  }
}

function voiceSpeaks(voice, language) {
  const wanted = primaryLanguage(language);
  const spoken = [voice.language, ...(voice.languages || [])].map(primaryLanguage);
  return spoken.includes(wanted);
}

/** Blocks with offsets into the narration text; built from the article fields if the API gave none. */
function articleBlocks(article) {
  if (Array.isArray(article.blocks) && article.blocks.length) return article.blocks;
  const parts = [
    ["title", article.title],
    ...(article.standfirst || []).map((s) => ["standfirst", s]),
    ...(article.paragraphs || []).map((p) => ["paragraph", p]),
  ].filter(([, text]) => text);
  const blocks = [];
  let offset = 0;
  for (const [kind, text] of parts) {
    blocks.push({ kind, char_start: offset, char_end: offset + text.length });
    offset += text.length + 2;
  }
  return blocks;
}

/** localStorage that never throws (storage can be full, or off in private windows). */
function remember(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembering is fine: the page works the same, it just starts at the top next time.
  }
}

function recall(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- API


// ---------------------------------------------------------------- page state

const $ = (id) => document.getElementById(id);
const audio = $("audio");
const ui = {
  loadStatus: $("load-status"),
  article: $("article"),
  title: $("title"),
  standfirst: $("standfirst"),
  byline: $("byline"),
  published: $("published"),
  readingTime: $("reading-time"),
  source: $("source"),
  sourceLink: $("source-link"),
  body: $("article-body"),
  player: $("player"),
  synthesis: $("synthesis"),
  synthesisLabel: $("synthesis-label"),
  synthesisProgress: $("synthesis-progress"),
  error: $("player-error"),
  elapsed: $("elapsed"),
  seek: $("seek"),
  remaining: $("remaining"),
  play: $("play"),
  back: $("back"),
  forward: $("forward"),
  prev: $("prev-sentence"),
  next: $("next-sentence"),
  presets: $("speed-presets"),
  speed: $("speed"),
  speedReadout: $("speed-readout"),
  voice: $("voice"),
  download: $("download"),
  resumeFollow: $("resume-follow"),
  optionsToggle: $("options-toggle"),
  optionsRate: $("options-rate"),
};

const state = {
  articleId: "",
  article: null,
  blocks: [],
  blockEls: [],
  blockSignatures: [],
  voices: [],
  voiceId: "",
  timings: null,
  generation: 0, // bumps on every voice load so stale polls are dropped
  rate: 1,
  speedLimits: { ...DEFAULT_SPEED },
  presets: DEFAULT_PRESETS,
  wordEls: [],
  sentenceEls: [],
  currentWord: -1,
  currentSentence: -1,
  pendingSeekTime: null,
  pendingSeekChar: null,
  playWhenReady: false,
  scrubbing: false,
  followPausedUntil: 0,
  programmaticScroll: false, // true while the page itself scrolls to follow the narration
  programmaticTimer: 0,
  followTimer: 0,
  lastSaved: 0,
  frame: 0,
};

// ---------------------------------------------------------------- rendering

function renderArticle(article) {
  const joined = [article.title, ...(article.standfirst || []), ...(article.paragraphs || [])]
    .filter(Boolean)
    .join("\n\n");
  const text = typeof article.text === "string" && article.text ? article.text : joined;
  state.article = { ...article, text };
  state.blocks = articleBlocks(state.article);
  document.title = `${article.title} · voxpress`;
  ui.article.lang = article.language || "en"; // the page chrome stays English; the story has its own

  ui.standfirst.replaceChildren();
  ui.body.replaceChildren();
  state.blockEls = state.blocks.map((block) => {
    if (block.kind === "title") return ui.title;
    if (block.kind === "standfirst") return ui.standfirst.appendChild(document.createElement("li"));
    return ui.body.appendChild(document.createElement("p"));
  });
  if (!state.blocks.some((b) => b.kind === "title")) ui.title.textContent = article.title;
  ui.standfirst.hidden = !state.blocks.some((b) => b.kind === "standfirst");
  state.blockSignatures = state.blocks.map(() => "");
  state.blocks.forEach((block, k) => {
    state.blockEls[k].textContent = state.article.text.slice(block.char_start, block.char_end);
  });

  ui.byline.textContent = article.byline ? `By ${article.byline}` : "";
  ui.byline.hidden = !article.byline;
  if (article.published) {
    ui.published.dateTime = article.published;
    ui.published.textContent = formatDate(article.published);
  }
  ui.published.hidden = !article.published;
  const minutes = article.reading_time_minutes ?? 1;
  ui.readingTime.textContent = `Reading Time: ${minutes} ${minutes === 1 ? "minute" : "minutes"}`;

  const safeUrl = httpUrl(article.url);
  ui.source.hidden = !safeUrl;
  if (safeUrl) {
    ui.sourceLink.href = safeUrl.href;
    ui.sourceLink.textContent = `Original at ${safeUrl.hostname}`;
  }
  ui.loadStatus.hidden = true;
  ui.article.hidden = false;
}

function formatDate(value) {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const options = dateOnly ? { dateStyle: "long", timeZone: "UTC" } : { dateStyle: "long" };
  return new Intl.DateTimeFormat(undefined, options).format(date);
}

function httpUrl(value) {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/** Wrap the timed sentences and words of every block in spans (only blocks whose spans changed). */
function renderTimedText() {
  clearHighlight(); // highlight() marks the right spans again from the new timings
  const { sentences, words } = state.timings;
  const text = state.article.text;
  state.blocks.forEach((block, k) => {
    const s0 = firstAtOrAfter(sentences, block.char_start);
    const s1 = firstAtOrAfter(sentences, block.char_end);
    const w0 = firstAtOrAfter(words, block.char_start);
    const w1 = firstAtOrAfter(words, block.char_end);
    const signature = `${s0}:${s1}:${w0}:${w1}`;
    if (signature === state.blockSignatures[k]) return;
    state.blockSignatures[k] = signature;

    const fragment = document.createDocumentFragment();
    let position = block.char_start;
    let w = w0;
    // Appends text from `position` to `end` into parent, wrapping each word that lies inside.
    const appendRange = (parent, end) => {
      while (w < w1 && words[w].char_start < end) {
        const word = words[w];
        if (word.char_start >= position && word.char_end <= end) {
          if (word.char_start > position) parent.append(text.slice(position, word.char_start));
          const span = document.createElement("span");
          span.className = "w";
          span.dataset.i = String(w);
          span.textContent = text.slice(word.char_start, word.char_end);
          parent.append(span);
          state.wordEls[w] = span;
          position = word.char_end;
        }
        w += 1;
      }
      if (end > position) parent.append(text.slice(position, end));
      position = Math.max(position, end);
    };
    for (let s = s0; s < s1; s += 1) {
      const sentence = sentences[s];
      appendRange(fragment, sentence.char_start);
      const span = document.createElement("span");
      span.className = "s";
      span.dataset.i = String(s);
      appendRange(span, Math.min(sentence.char_end, block.char_end));
      fragment.append(span);
      state.sentenceEls[s] = span;
    }
    appendRange(fragment, block.char_end);
    state.blockEls[k].replaceChildren(fragment);
  });
}

function clearHighlight() {
  state.sentenceEls[state.currentSentence]?.classList.remove("current");
  const word = state.wordEls[state.currentWord];
  word?.classList.remove("spoken");
  word?.removeAttribute("aria-current");
  state.currentSentence = -1;
  state.currentWord = -1;
}

// ---------------------------------------------------------------- narration loading

function audioUrl(voiceId) {
  const params = new URLSearchParams({ format: "mp3" });
  if (voiceId) params.set("voice", voiceId);
  return `/api/articles/${encodeURIComponent(state.articleId)}/audio?${params}`;
}

function timingsUrl(voiceId) {
  const params = new URLSearchParams();
  if (voiceId) params.set("voice", voiceId);
  return `/api/articles/${encodeURIComponent(state.articleId)}/timings?${params}`;
}

function slug(text) {
  const s = String(text || "narration")
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "-");
  return s.slice(0, 60) || "narration";
}

/** Start playing a voice's narration; `at` is {time} or {char} to resume from. */
function loadNarration(voiceId, { at = null, play = false } = {}) {
  state.generation += 1;
  clearHighlight();
  state.voiceId = voiceId;
  state.timings = null;
  state.wordEls = [];
  state.sentenceEls = [];
  state.blockSignatures = state.blocks.map(() => "");
  state.pendingSeekTime = at && at.time != null ? at.time : null;
  state.pendingSeekChar = at && at.time == null && at.char != null ? at.char : null;
  state.playWhenReady = play;
  ui.voice.value = voiceId;
  remember(`voxpress:voice:${state.articleId}`, voiceId);

  const url = audioUrl(voiceId);
  ui.download.href = url;
  ui.download.download = `${slug(state.article.title)}.mp3`;
  audio.src = url;
  applyRate(state.rate);
  showError("");
  fetchTimings(state.generation);
}

async function fetchTimings(generation) {
  if (generation !== state.generation) return;
  let timings;
  try {
    timings = await api(timingsUrl(state.voiceId));
  } catch (error) {
    if (generation !== state.generation) return;
    if (error.status === 0 || error.status === 202 || error.status === 409 || error.status === 503) {
      setTimeout(() => fetchTimings(generation), POLL_MS);
      return;
    }
    showError(error.message);
    return;
  }
  if (generation !== state.generation) return;
  if (timings.error) {
    // The job making this narration failed; its message says why (and the audio will not come).
    ui.synthesis.hidden = true;
    showError(timings.error);
    return;
  }
  applyTimings(timings);
  if (!timings.complete) setTimeout(() => fetchTimings(generation), POLL_MS);
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
    if (previous && !previous.complete) ensureSeekableAfterStream();
  } else {
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

function showError(message) {
  ui.error.textContent = message;
  ui.error.hidden = !message;
}

/** A seek asked for before the audio or the timings were ready (resume, voice change). */
function resolvePendingSeek() {
  if (state.pendingSeekChar != null && state.timings) {
    const words = state.timings.words;
    const i = firstAtOrAfter(words, state.pendingSeekChar);
    if (i < words.length) {
      state.pendingSeekTime = words[i].start;
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
    const limit = duration();
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

/** Once a streamed narration is complete, reload it from the store if the stream cannot seek. */
function ensureSeekableAfterStream() {
  if (!Number.isFinite(audio.duration) || audio.seekable.length === 0) {
    const wasPlaying = !audio.paused;
    const time = audio.currentTime;
    state.pendingSeekTime = time;
    state.playWhenReady = wasPlaying;
    audio.src = audioUrl(state.voiceId);
    applyRate(state.rate);
  }
}

/** Length of the narration in seconds: from the timings once complete, else the best known so far. */
function duration() {
  const timings = state.timings;
  const fromAudio = Number.isFinite(audio.duration) ? audio.duration : 0;
  if (!timings) return fromAudio;
  if (timings.complete) return timings.duration || fromAudio;
  // Estimate the whole from the share of the text already timed (speech time follows text length).
  const timedChars = timings.sentences.length ? timings.sentences[timings.sentences.length - 1].char_end : 0;
  const estimate = timedChars > 0 ? (timings.duration * state.article.text.length) / timedChars : 0;
  return Math.max(timings.duration || 0, fromAudio, estimate);
}

// ---------------------------------------------------------------- transport

function play() {
  const attempt = audio.play();
  if (attempt) attempt.catch(() => updatePlayButton());
}

function togglePlay() {
  if (audio.paused) play();
  else audio.pause();
}

function seekTo(time, { andPlay = false } = {}) {
  const target = Math.max(0, Math.min(time, duration() || time));
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

function skip(seconds) {
  seekTo(audio.currentTime + seconds);
}

function sentenceAt(time) {
  return state.timings ? lastAtOrBefore(state.timings.sentences, time + 0.05) : -1;
}

function previousSentence() {
  if (!state.timings || !state.timings.sentences.length) return skip(-SKIP_SECONDS);
  const sentences = state.timings.sentences;
  const t = audio.currentTime;
  let i = sentenceAt(t);
  if (i >= 0 && t - sentences[i].start < RESTART_SENTENCE_AFTER) i -= 1;
  seekTo(sentences[Math.max(0, i)].start);
}

function nextSentence() {
  if (!state.timings || !state.timings.sentences.length) return skip(SKIP_SECONDS);
  const sentences = state.timings.sentences;
  const i = sentenceAt(audio.currentTime) + 1;
  if (i < sentences.length) seekTo(sentences[i].start);
}

function applyRate(rate) {
  state.rate = snapRate(rate, state.speedLimits);
  audio.preservesPitch = true;
  audio.defaultPlaybackRate = state.rate;
  audio.playbackRate = state.rate;
  ui.speed.value = String(state.rate);
  ui.speedReadout.textContent = speedReadout(state.rate);
  ui.optionsRate.textContent = formatRate(state.rate);
  ui.speed.setAttribute(
    "aria-valuetext",
    `${formatRate(state.rate)} = ${Math.round(WPM_AT_1X * state.rate)} words per minute`,
  );
  for (const button of ui.presets.querySelectorAll("button")) {
    button.setAttribute("aria-pressed", String(Math.abs(Number(button.dataset.speed) - state.rate) < 0.001));
  }
  remember("voxpress:speed", String(state.rate));
  updatePositionState();
  update();
}

// ---------------------------------------------------------------- following the narration

function update() {
  const t = audio.currentTime || 0;
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
  const ready = partial ? (100 * state.timings.duration) / (total || 1) : 100;
  ui.seek.style.setProperty("--ready", `${Math.min(100, ready)}%`);
  highlight(t);
  maybeSavePosition(false);
}

function highlight(t) {
  if (!state.timings) return;
  const { words, sentences } = state.timings;
  let s = lastAtOrBefore(sentences, t);
  if (s >= 0 && s === sentences.length - 1 && t > sentences[s].end + 0.5) s = -1;
  let w = lastAtOrBefore(words, t);
  if (w >= 0 && t > words[w].end + 0.35) w = -1;
  if (s !== state.currentSentence) {
    state.sentenceEls[state.currentSentence]?.classList.remove("current");
    state.sentenceEls[s]?.classList.add("current");
    state.currentSentence = s;
  }
  if (w !== state.currentWord) {
    const old = state.wordEls[state.currentWord];
    old?.classList.remove("spoken");
    old?.removeAttribute("aria-current");
    const el = state.wordEls[w];
    if (el) {
      el.classList.add("spoken");
      el.setAttribute("aria-current", "true");
    }
    state.currentWord = w;
    if (!audio.paused) follow(el || state.sentenceEls[s]);
  }
}

function prefersReducedMotion() {
  return window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

function follow(el) {
  if (!el || Date.now() < state.followPausedUntil) return;
  const rect = el.getBoundingClientRect();
  const top = 64;
  const bottom = window.innerHeight - ui.player.offsetHeight - 32;
  if (rect.top >= top && rect.bottom <= bottom) return;
  const goal = window.scrollY + rect.top - (top + (bottom - top) * 0.3);
  state.programmaticScroll = true;
  window.scrollTo({ top: Math.max(0, goal), behavior: prefersReducedMotion() ? "auto" : "smooth" });
  clearTimeout(state.programmaticTimer);
  state.programmaticTimer = setTimeout(() => {
    state.programmaticScroll = false;
  }, 1200);
}

function readerScrolled() {
  if (audio.paused) return;
  state.followPausedUntil = Date.now() + FOLLOW_RESUME_MS;
  ui.resumeFollow.hidden = false;
  clearTimeout(state.followTimer);
  state.followTimer = setTimeout(resumeFollowing, FOLLOW_RESUME_MS);
}

function resumeFollowing() {
  state.followPausedUntil = 0;
  ui.resumeFollow.hidden = true;
  follow(state.wordEls[state.currentWord] || state.sentenceEls[state.currentSentence]);
}

function animationLoop() {
  update();
  state.frame = audio.paused ? 0 : requestAnimationFrame(animationLoop);
}

// ---------------------------------------------------------------- position memory

function positionKey() {
  return `voxpress:position:${state.articleId}:${state.voiceId}`;
}

function maybeSavePosition(force) {
  if (!state.voiceId || !state.timings) return;
  const now = Date.now();
  if (!force && now - state.lastSaved < SAVE_EVERY_MS) return;
  if (state.pendingSeekTime != null || state.pendingSeekChar != null) return;
  state.lastSaved = now;
  const t = audio.currentTime || 0;
  const w = lastAtOrBefore(state.timings.words, t);
  const char = w >= 0 ? state.timings.words[w].char_start : 0;
  remember(positionKey(), JSON.stringify({ time: t, char, saved: now }));
}

function savedPosition(voiceId) {
  try {
    const value = JSON.parse(recall(`voxpress:position:${state.articleId}:${voiceId}`));
    return value && Number.isFinite(value.time) ? value : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- Media Session

function setUpMediaSession() {
  if (!("mediaSession" in navigator)) return;
  const article = state.article;
  navigator.mediaSession.metadata = new MediaMetadata({
    title: article.title,
    artist: article.byline || httpUrl(article.url)?.hostname || "voxpress",
    album: "voxpress",
  });
  const handlers = {
    play: () => play(),
    pause: () => audio.pause(),
    seekbackward: (details) => skip(-(details.seekOffset || SKIP_SECONDS)),
    seekforward: (details) => skip(details.seekOffset || SKIP_SECONDS),
    previoustrack: () => previousSentence(),
    nexttrack: () => nextSentence(),
    seekto: (details) => seekTo(details.seekTime),
  };
  for (const [action, handler] of Object.entries(handlers)) {
    try {
      navigator.mediaSession.setActionHandler(action, handler);
    } catch {
      // This browser does not know the action; the on-page control still works.
    }
  }
}

function updatePositionState() {
  if (!("mediaSession" in navigator) || !navigator.mediaSession.setPositionState) return;
  const total = duration();
  if (!(total > 0)) return;
  try {
    navigator.mediaSession.setPositionState({
      duration: total,
      playbackRate: state.rate,
      position: Math.min(audio.currentTime || 0, total),
    });
  } catch {
    // Position state is a nicety; ignore browsers that reject it.
  }
}

// ---------------------------------------------------------------- controls

function buildVoiceSelect(voices, language) {
  const name = languageName(primaryLanguage(language));
  const speaking = voices.filter((v) => voiceSpeaks(v, language));
  const others = voices
    .filter((v) => !voiceSpeaks(v, language))
    .sort((a, b) => a.name.localeCompare(b.name));
  const group = (label, list, marked) => {
    const optgroup = document.createElement("optgroup");
    optgroup.label = label;
    for (const voice of list) {
      const option = document.createElement("option");
      option.value = voice.id;
      option.textContent = marked ? `${voice.name} — cannot speak ${name}` : voice.name;
      if (voice.quality) option.title = voice.quality;
      if (marked) option.dataset.mismatch = "true";
      optgroup.append(option);
    }
    return optgroup;
  };
  ui.voice.replaceChildren();
  if (speaking.length) ui.voice.append(group(`Speaks ${name}`, speaking, false));
  if (others.length) ui.voice.append(group("Other languages", others, true));
}

function chooseVoice(voices, defaultId, language) {
  const ids = new Set(voices.map((v) => v.id));
  const fromUrl = new URLSearchParams(location.search).get("voice");
  const remembered = recall(`voxpress:voice:${state.articleId}`);
  for (const candidate of [fromUrl, remembered]) if (candidate && ids.has(candidate)) return candidate;
  const byDefault = voices.find((v) => v.id === defaultId);
  if (byDefault && voiceSpeaks(byDefault, language)) return byDefault.id;
  const speaking = voices.find((v) => voiceSpeaks(v, language));
  return (speaking || byDefault || voices[0] || {}).id || "";
}

function buildSpeedControls(catalogue) {
  state.speedLimits = {
    min: catalogue.speed_min ?? DEFAULT_SPEED.min,
    max: catalogue.speed_max ?? DEFAULT_SPEED.max,
    step: catalogue.speed_step ?? DEFAULT_SPEED.step,
  };
  state.presets = catalogue.presets?.length ? catalogue.presets : DEFAULT_PRESETS;
  ui.speed.min = String(state.speedLimits.min);
  ui.speed.max = String(state.speedLimits.max);
  ui.speed.step = String(state.speedLimits.step);
  ui.presets.replaceChildren(
    ...state.presets.map((preset) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "preset";
      button.dataset.speed = String(preset.speed);
      button.textContent = preset.name;
      const wpm = preset.wpm ?? Math.round(WPM_AT_1X * preset.speed);
      const label = `${preset.name}: ${formatRate(preset.speed)}, ${wpm} words per minute`;
      button.setAttribute("aria-label", label);
      button.title = speedReadout(preset.speed);
      button.addEventListener("click", () => applyRate(preset.speed));
      return button;
    }),
  );
}

function updatePlayButton() {
  const playing = !audio.paused;
  ui.play.classList.toggle("is-playing", playing);
  ui.play.setAttribute("aria-label", playing ? "Pause" : "Play");
  ui.play.title = playing ? "Pause (space)" : "Play (space)";
  if ("mediaSession" in navigator) navigator.mediaSession.playbackState = playing ? "playing" : "paused";
}

function wireControls() {
  ui.play.addEventListener("click", togglePlay);
  ui.back.addEventListener("click", () => skip(-SKIP_SECONDS));
  ui.forward.addEventListener("click", () => skip(SKIP_SECONDS));
  ui.prev.addEventListener("click", previousSentence);
  ui.next.addEventListener("click", nextSentence);
  ui.speed.addEventListener("input", () => applyRate(Number(ui.speed.value)));
  ui.voice.addEventListener("change", () => switchVoice(ui.voice.value));
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
    if (span) seekTo(span.start, { andPlay: true });
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
    // A finished narration starts again from the top next time.
    remember(positionKey(), JSON.stringify({ time: 0, char: 0, saved: Date.now() }));
  });
  audio.addEventListener("loadedmetadata", () => {
    applyRate(state.rate); // a new source resets the rate to the default; keep the reader's
    resolvePendingSeek();
    updatePositionState();
  });
  audio.addEventListener("durationchange", update);
  audio.addEventListener("timeupdate", () => {
    if (audio.paused || document.hidden) update(); // no animation frames in a hidden tab
  });
  audio.addEventListener("waiting", () => ui.play.classList.add("is-waiting"));
  audio.addEventListener("playing", () => ui.play.classList.remove("is-waiting"));
  audio.addEventListener("seeked", () => {
    update();
    updatePositionState();
    maybeSavePosition(true);
  });
  audio.addEventListener("error", () => {
    if (audio.error) showError("The audio could not be loaded. Try again or pick another voice.");
  });

  for (const type of ["wheel", "touchmove"]) {
    window.addEventListener(type, readerScrolled, { passive: true });
  }
  window.addEventListener("scroll", () => {
    if (!state.programmaticScroll) readerScrolled();
  }, { passive: true });
  window.addEventListener("scrollend", () => {
    state.programmaticScroll = false;
  });
  document.addEventListener("keydown", onKey);
  // The article keeps clear of the player bar, whose height depends on the window and the open options.
  new ResizeObserver(() => {
    document.documentElement.style.setProperty("--player-height", `${ui.player.offsetHeight}px`);
  }).observe(ui.player);
  window.addEventListener("pagehide", () => maybeSavePosition(true));
}

function switchVoice(voiceId) {
  if (voiceId === state.voiceId) return;
  maybeSavePosition(true);
  const wasPlaying = !audio.paused;
  const words = state.timings?.words || [];
  const w = state.currentWord >= 0 ? state.currentWord : lastAtOrBefore(words, audio.currentTime);
  const char = state.timings && w >= 0 ? state.timings.words[w].char_start : null;
  audio.pause();
  loadNarration(voiceId, { at: char != null ? { char } : null, play: wasPlaying });
}

function onKey(event) {
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
  const action = actions[event.key];
  if (!action) return;
  event.preventDefault();
  action();
}

// ---------------------------------------------------------------- start

async function start() {
  const match = location.pathname.match(/\/read\/([^/]+)\/?$/);
  const fromQuery = new URLSearchParams(location.search).get("id") || "";
  state.articleId = match ? decodeURIComponent(match[1]) : fromQuery;
  wireControls();
  if (!state.articleId) {
    ui.loadStatus.textContent = "No article given.";
    return;
  }
  let article;
  let catalogue;
  try {
    [article, catalogue] = await Promise.all([
      api(`/api/articles/${encodeURIComponent(state.articleId)}`),
      api("/api/voices"),
    ]);
  } catch (error) {
    ui.loadStatus.textContent = error.message;
    ui.loadStatus.classList.add("error");
    ui.player.hidden = true;
    return;
  }
  renderArticle(article);
  state.voices = catalogue.voices || [];
  buildSpeedControls(catalogue);
  buildVoiceSelect(state.voices, article.language);
  setUpMediaSession();
  const storedRate = Number(recall("voxpress:speed"));
  applyRate(storedRate > 0 ? storedRate : 1);

  const voiceId = chooseVoice(state.voices, catalogue.default, article.language);
  const saved = savedPosition(voiceId);
  loadNarration(voiceId, { at: saved ? { time: saved.time } : null });
  document.body.dataset.ready = "true";
}

start();
