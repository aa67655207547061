/**
 * The reader page's shared state: its elements (`ui`, `audio`) and what the player knows now (`state`).
 * Every other page module reads and changes these; nothing else is global.
 */

import { speedSettings } from "./pace.js";

const $ = (id) => document.getElementById(id);

export const audio = $("audio");

export const ui = {
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
  failure: $("player-failure"),
  error: $("player-error"),
  retry: $("retry"),
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

export const SKIP_SECONDS = 15;
export const SPEED_KEY_STEP = 0.25;
export const RESTART_SENTENCE_AFTER = 1.5; // "previous sentence" first rewinds to the start of the current one

export const state = {
  articleId: "",
  article: null,
  blocks: [],
  blockEls: [],
  blockSignatures: [],
  voices: [],
  voiceId: "",
  timings: null,
  tail: null, // {from, offset} while a tail narration plays (a voice change mid-article; see timings.js)
  tailRequest: null, // the tail asked for by the voice change being loaded, until its timings say which
  generation: 0, // bumps on every voice load so stale polls and streams are dropped
  stream: null, // the Media Source stream feeding the audio element, if any
  pollTimer: 0, // the next poll of a narration's timings while it is being made
  timingsInFlight: false,
  retryUrl: null, // a failed narration's retry link (POST starts a new job)
  failed: false, // the narration failed: its reason is shown and the audio will not come
  rate: 1,
  speed: speedSettings({}), // range, step, presets and WPM at 1x: replaced by GET /api/voices
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
