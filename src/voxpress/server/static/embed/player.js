// The embedded player: one per `[data-voxpress]` element, in an open shadow root so the host
// page's CSS cannot reach it. It asks the server for the page's narration by canonical URL
// (or an article id), or takes the answer the loader asked for while these modules loaded
// (./early.js), plays the 1x narration at the chosen playbackRate (true WPM), highlights
// the words in the host page's own text, offers "Up next", and reports listening events.
// A narration still being made streams through a Media Source (the reader page's ./stream.js,
// served beside these modules) so it plays on its first piece; a stored one, or any in a browser
// without Media Source Extensions for MP3, is the plain file. The audio is attached when the
// listener shows an intent to play (pointer over or focus in the player) or presses play.
// A voice change mid-article plays the new voice's tail narration from the listener's sentence at
// once (the reader's ./timings.js keeps the article's timeline); a seek before it loads the whole.

import { earlyOr, forgetEarly, narrationHref } from "./early.js";
import { EventBatcher, newDeciles, pageViewId } from "./events.js";
import { Highlighter, HostText } from "./highlight.js";
import { spanAtTime } from "./align.js";
import { audioPath, streamToAudio } from "./stream.js";
import { PLAYER_CSS } from "./style.js";
import { chosenTail, reaches, tailHref } from "./tail.js";
import { articleLength, articleTime, audioTimeOf, tailStartFor, tailTimings } from "./timings.js";

const WPM_1X = 200;
const SKIP_SECONDS = 15;
const TIMINGS_POLL_MS = 1500;
/** Polling while a voice change waits for the new voice to reach the listener's place. */
const TIMINGS_WAITING_MS = 150;
const SPEED_CHOICES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];
const players = new Set();
const viewId = pageViewId();
let batcher = null;

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

function clock(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) seconds = 0;
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

function speedLabel(speed) {
  return `${speed}x = ${Math.round(WPM_1X * speed)} WPM`;
}

function canonicalUrl() {
  const link = document.querySelector('link[rel="canonical"]');
  const url = new URL(link?.href || location.href);
  url.hash = "";
  return url.href;
}

function eventsSender(base) {
  const url = `${base}/api/events`;
  return (body) => (navigator.sendBeacon ? navigator.sendBeacon(url, body) : false);
}

class Player {
  constructor(hostElement, base) {
    this.hostElement = hostElement;
    this.base = base;
    this.options = hostElement.dataset;
    this.speed = Number(this.options.voxpressSpeed) || 1;
    this.autoplay = this.options.voxpressAutoplay !== "false";
    this.article = null;
    this.timings = null;
    this.highlighter = null;
    this.reached = new Set();
    this.listened = 0;
    this.lastTime = 0;
    this.currentWord = -1;
    this.audioUrl = "";
    this.audioAttached = false;
    this.stream = null;
    this.resumeAtChar = null; // a voice change resumes at this character once the new voice is there
    this.resumeAtTime = null; // a seek before a tail resumes at this time once the whole narration is there
    this.tail = null; // the tail narration playing: {from, offset} (see timings.js), or null for the whole
    this.tailRequest = null; // a tail asked for, until the first timings say which narration serves
    this.wantAudio = false; // the audio was wanted while the tail request was pending
    this.generation = 0; // one per narration loaded: late answers for an earlier one are dropped
    this.build();
    players.add(this);
  }

  // Building the UI

  build() {
    const root = this.hostElement.shadowRoot || this.hostElement.attachShadow({ mode: "open" });
    this.shadow = root;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(PLAYER_CSS);
    root.adoptedStyleSheets = [sheet];
    const theme = this.options.voxpressTheme === "dark" ? "dark" : "light";
    this.box = el("div", { class: `vp ${theme}`, role: "region", "aria-label": "Listen to this article", tabindex: "-1" });
    if (this.options.voxpressAccent) this.box.style.setProperty("--vp-accent", this.options.voxpressAccent);
    this.place(this.options.voxpressPosition);
    this.playButton = el("button", { type: "button", class: "play", "aria-label": "Play", disabled: "" }, "▶");
    this.heading = el("span", { class: "title" }, "Listen to this article");
    this.readingTime = el("span", { class: "reading" }, "");
    this.back = el("button", { type: "button", "aria-label": `Back ${SKIP_SECONDS} seconds` }, `−${SKIP_SECONDS}s`);
    this.forward = el("button", { type: "button", "aria-label": `Forward ${SKIP_SECONDS} seconds` }, `+${SKIP_SECONDS}s`);
    this.seek = el("input", { type: "range", min: "0", max: "1000", value: "0", step: "1", "aria-label": "Seek", class: "seek" });
    this.elapsed = el("span", { class: "time", "aria-hidden": "true" }, "0:00");
    this.total = el("span", { class: "time", "aria-hidden": "true" }, "0:00");
    this.voiceSelect = el("select", { "aria-label": "Select Voice", class: "voice" });
    this.presets = el("div", { class: "presets", role: "group", "aria-label": "Choose your listening speed" });
    this.speedSelect = el("select", { "aria-label": "Speed", class: "speed" });
    this.download = el("a", { class: "download", download: "", "aria-label": "Download the audio" }, "Download");
    this.autoplayBox = el("input", { type: "checkbox", class: "autoplay" });
    this.autoplayBox.checked = this.autoplay;
    this.upNext = el("div", { class: "upnext", hidden: "" });
    this.status = el("div", { class: "status", role: "status", "aria-live": "polite" });
    this.audio = el("audio", { preload: "none" });

    const top = el("div", { class: "row top" }, this.playButton, el("div", { class: "heads" }, this.heading, this.readingTime));
    const bar = el("div", { class: "row bar" }, this.back, this.elapsed, this.seek, this.total, this.forward);
    const voiceLabel = el("label", { class: "field" }, el("span", {}, "Select Voice"), this.voiceSelect);
    const speedLabelBox = el("div", { class: "field" }, el("span", {}, "Choose your listening speed"), this.presets, this.speedSelect);
    const autoLabel = el("label", { class: "auto" }, this.autoplayBox, el("span", {}, "Autoplay next"));
    const settings = el("div", { class: "row settings" }, voiceLabel, speedLabelBox, autoLabel, this.download);
    this.box.append(top, bar, settings, this.upNext, this.status, this.audio);
    root.replaceChildren(this.box);
    for (const speed of SPEED_CHOICES) this.speedSelect.append(el("option", { value: String(speed) }, speedLabel(speed)));
    this.wire();
  }

  /** `data-voxpress-position`: "inline" (default), "top" (sticks while scrolling) or "bottom" (fixed bar). */
  place(position) {
    const style = this.hostElement.style;
    const set = (name, value) => style.setProperty(name, value, "important");
    if (position === "top") {
      set("position", "sticky");
      set("top", "0");
      set("z-index", "2147483000");
    } else if (position === "bottom") {
      set("position", "fixed");
      set("left", "0");
      set("right", "0");
      set("bottom", "0");
      set("margin", "0");
      set("z-index", "2147483000");
    }
  }

  wire() {
    this.playButton.addEventListener("click", () => this.toggle());
    // An intent to play: attach the audio now, so the press finds its first piece on its way.
    for (const intent of ["pointerenter", "focusin", "pointerdown", "touchstart"]) {
      this.box.addEventListener(intent, () => this.attachAudio(), { passive: true });
    }
    this.back.addEventListener("click", () => this.skip(-SKIP_SECONDS));
    this.forward.addEventListener("click", () => this.skip(SKIP_SECONDS));
    const seekValue = () => (Number(this.seek.value) / 1000) * this.duration();
    this.seek.addEventListener("input", () => this.seekTo(seekValue(), false));
    this.seek.addEventListener("change", () => this.seekTo(seekValue()));
    this.speedSelect.addEventListener("change", () => this.setSpeed(Number(this.speedSelect.value)));
    this.voiceSelect.addEventListener("change", () => this.setVoice(this.voiceSelect.value));
    this.autoplayBox.addEventListener("change", () => (this.autoplay = this.autoplayBox.checked));
    this.box.addEventListener("keydown", (event) => this.onKey(event));
    const audio = this.audio;
    audio.addEventListener("play", () => this.onPlay());
    audio.addEventListener("pause", () => this.onPause());
    audio.addEventListener("timeupdate", () => this.onTime());
    audio.addEventListener("ended", () => this.onEnded());
    audio.addEventListener("error", () => this.audio.getAttribute("src") && this.say("The audio could not be played."));
    audio.addEventListener("loadedmetadata", () => this.resumePlace());
  }

  say(message) {
    this.status.textContent = message;
  }

  // Loading

  async load() {
    try {
      // The loader asked for both already, while these modules loaded (early.js); else ask now.
      const ask = (url) => this.getJson(url);
      const [first, voices] = await Promise.all([
        earlyOr(narrationHref(this.base, this.options, canonicalUrl()), ask),
        earlyOr(`${this.base}/api/voices`, ask),
      ]);
      this.hostElement.dataset.voxpressStart = first.early ? "early" : "own";
      this.voices = voices.body;
      this.setArticle(first.body);
      this.fillSpeeds(voices.body);
      this.track("load");
    } catch (error) {
      this.say(`Listening is not available: ${error.message}`);
    }
  }

  async getJson(url) {
    const response = await fetch(url, { credentials: "omit" });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.title || `the server answered ${response.status}`);
    return body;
  }

  /** Show `article` and load its narration: the tail `tailRequest` asks for ({from, offset}), else the whole. */
  setArticle(article, tailRequest = null) {
    this.article = article;
    this.reached = new Set();
    this.listened = 0;
    this.heading.textContent = article.title || "Listen to this article";
    this.readingTime.textContent = `Reading Time: ${article.reading_time_minutes} min`;
    this.audioUrl = new URL(article.links.audio, this.base).href;
    this.download.href = this.audioUrl;
    this.playButton.removeAttribute("disabled");
    this.upNext.hidden = true;
    this.fillVoices(article);
    this.startNarration(tailRequest);
  }

  /** Drop the narration loaded (audio, timings, highlight) and load the article's: a tail, or the whole. */
  startNarration(tailRequest) {
    this.generation += 1;
    this.stopStream();
    this.timings = null;
    this.tail = null;
    this.tailRequest = tailRequest;
    this.wantAudio = false;
    this.lastTime = 0;
    this.currentWord = -1;
    this.highlighter?.clear();
    this.highlighter = null; // word indices are the narration's: built again on its timings
    this.audioAttached = false;
    this.hostElement.dataset.voxpressAudioPath = "";
    delete this.hostElement.dataset.voxpressFrom;
    if (this.audio.getAttribute("src")) {
      this.audio.removeAttribute("src");
      this.audio.load();
    }
    this.total.textContent = clock(this.duration());
    this.pollTimings();
  }

  timingsHref() {
    return tailHref(new URL(this.article.links.timings, this.base).href, (this.tail || this.tailRequest)?.from);
  }

  audioHref() {
    return tailHref(this.audioUrl, this.tail?.from);
  }

  /** New timings for the narration loading: the first of a tail request says which narration serves. */
  receiveTimings(timings) {
    const choosing = this.tailRequest != null;
    if (choosing) this.chooseTail(timings);
    else if (this.tail && timings.from !== this.tail.from) {
      // The whole narration is stored now and answers for the tail, which plays on: its part from the tail on.
      if (!timings.complete) return;
      timings = tailTimings(timings, this.tail.from);
    }
    this.timings = timings;
    this.alignHost(timings);
    this.total.textContent = clock(this.duration());
    if (choosing && this.wantAudio) {
      this.wantAudio = false;
      this.attachAudio();
      if (this.tail && this.resumePlaying) this.play();
    }
    this.resumePlace();
  }

  /** A tail plays from its start (the listener's sentence) at once; the whole narration resumes at the word. */
  chooseTail(timings) {
    this.tail = chosenTail(timings, this.tailRequest);
    this.tailRequest = null;
    if (this.tail) {
      this.resumeAtChar = null;
      this.hostElement.dataset.voxpressFrom = String(this.tail.from);
    }
  }

  fillVoices(article) {
    // Readers can have narrations made only in the voices the server marks public.
    const voices = (this.voices?.voices || []).filter(
      (v) => v.public !== false && (v.languages || [v.language]).includes(article.language),
    );
    this.voiceSelect.replaceChildren(
      ...voices.map((v) => el("option", { value: v.id }, `${v.name}${v.quality ? ` (${v.quality})` : ""}`)),
    );
    this.voiceSelect.value = article.voice;
  }

  fillSpeeds(voices) {
    this.presets.replaceChildren();
    for (const preset of voices.presets || []) {
      const button = el("button", { type: "button", "aria-pressed": "false", "data-speed": String(preset.speed) }, `${preset.name} · ${preset.wpm} WPM`);
      button.addEventListener("click", () => this.setSpeed(preset.speed));
      this.presets.append(button);
    }
    const low = voices.speed_min ?? 0.5;
    const high = voices.speed_max ?? 2;
    for (const option of [...this.speedSelect.options]) option.disabled = Number(option.value) < low || Number(option.value) > high;
    this.showSpeed();
  }

  showSpeed() {
    if (![...this.speedSelect.options].some((o) => Number(o.value) === this.speed)) {
      this.speedSelect.append(el("option", { value: String(this.speed) }, speedLabel(this.speed)));
    }
    this.speedSelect.value = String(this.speed);
    for (const button of this.presets.querySelectorAll("button")) {
      button.setAttribute("aria-pressed", String(Number(button.dataset.speed) === this.speed));
    }
  }

  async pollTimings() {
    const generation = this.generation;
    while (generation === this.generation) {
      try {
        const timings = await this.getJson(this.timingsHref());
        if (generation !== this.generation) return;
        this.receiveTimings(timings);
        if (timings.complete || timings.error) return;
      } catch (error) {
        if (this.tailRequest) {
          this.playWholeInstead(); // a tail refused: the whole narration, resumed at the word
          return;
        }
        this.say(`Timings are not available: ${error.message}`);
        return;
      }
      // Sooner while the player waits on the timings to go on: a place to resume at, or the first words.
      const waiting = this.resumeAtChar != null || this.resumeAtTime != null || !this.timings?.words?.length;
      await new Promise((resolve) => setTimeout(resolve, waiting ? TIMINGS_WAITING_MS : TIMINGS_POLL_MS));
    }
  }

  // The audio: streamed while it is being made, else the file

  /** Give the audio element its source, once per article: a stream where it helps, else the file. */
  attachAudio() {
    if (!this.article || this.audioAttached) return;
    if (this.tailRequest) {
      this.wantAudio = true; // the first timings say which narration to attach
      return;
    }
    this.audioAttached = true;
    const generation = this.generation;
    const complete = this.tail ? this.timings?.complete === true : this.article.narrated !== false || this.timings?.complete === true;
    if (audioPath({ complete }) === "stream") {
      this.hostElement.dataset.voxpressAudioPath = "stream";
      this.stream = streamToAudio(this.audio, this.audioHref(), {
        onFailure: (message) => {
          if (generation !== this.generation) return;
          this.stream = null;
          this.say(message);
          this.useFile(); // the server's own answer (the file, or its problem) decides what comes next
        },
        onData: () => {
          // New audio usually means new timings: a voice change waiting for its place asks now.
          if (generation === this.generation && (this.resumeAtChar != null || this.resumeAtTime != null)) this.pollSoon();
        },
        onComplete: ({ evicted }) => {
          if (generation !== this.generation) return;
          this.stream = null;
          if (evicted) this.useFile(); // older audio was dropped to make room: seek back in the file
        },
      });
    } else {
      this.useFile();
    }
    this.audio.playbackRate = this.speed;
  }

  /** The plain file (progressive download), at the same place and play state. */
  useFile() {
    const at = this.audio.currentTime;
    const wasPlaying = !this.audio.paused;
    this.stopStream();
    this.hostElement.dataset.voxpressAudioPath = "file";
    this.audio.preload = "auto";
    this.audio.src = this.audioHref();
    this.audio.playbackRate = this.speed;
    if (at > 0 && this.resumeAtChar == null && this.resumeAtTime == null) this.audio.addEventListener("loadedmetadata", () => (this.audio.currentTime = at), { once: true });
    if (wasPlaying) this.play();
  }

  stopStream() {
    this.stream?.stop();
    this.stream = null;
  }

  pollSoon() {
    if (this.pollingSoon) return;
    this.pollingSoon = true;
    const generation = this.generation;
    this.getJson(this.timingsHref())
      .then((timings) => generation === this.generation && this.receiveTimings(timings))
      .catch(() => {})
      .finally(() => (this.pollingSoon = false));
  }

  /** After a voice change: go to the listener's place once the new voice has spoken that far. */
  resumePlace() {
    if (this.resumeAtTime != null && this.audio.readyState >= 1 && reaches(this.timings, this.resumeAtTime)) {
      this.audio.currentTime = this.resumeAtTime;
      this.lastTime = this.resumeAtTime;
      this.resumeAtTime = null;
      if (this.resumePlaying) this.play();
    }
    if (this.resumeAtChar == null || !this.timings || this.audio.readyState < 1) return;
    const words = this.timings.words || [];
    const next = words.find((word) => word.char_start >= this.resumeAtChar);
    if (!next && !this.timings.complete) return; // not synthesized yet
    this.resumeAtChar = null;
    if (next) this.audio.currentTime = next.start;
    if (this.resumePlaying) this.play();
  }

  articleRoot() {
    const selector = this.options.voxpressArticle;
    if (selector) return document.querySelector(selector);
    if (this.options.voxpressUrl || this.options.voxpressArticleId || this.upNextPlaying) return null;
    return document.querySelector("article") || document.querySelector("main") || document.body;
  }

  alignHost(timings) {
    if (!this.highlighter) {
      const root = this.articleRoot();
      if (!root) return;
      const host = new HostText(root, this.article.text || timings.text);
      this.highlighter = new Highlighter(host, { useSpans: this.options.voxpressHighlight === "spans" || undefined });
      this.hostElement.dataset.voxpressCoverage = host.coverage.toFixed(3);
      if (!this.listensToHost) root.addEventListener("click", (event) => this.onHostClick(event));
      this.listensToHost = true;
    }
    this.highlighter.update(timings);
  }

  /** Length of the article's timeline (a tail's offset added). */
  duration() {
    if (this.tail) {
      const timings = this.timings && { sentences: [], ...this.timings, complete: this.timings.complete !== false };
      return articleLength(this.tail, timings, this.audio.duration, (this.article.text || "").length);
    }
    if (this.timings?.complete && this.timings.duration) return this.timings.duration;
    if (Number.isFinite(this.audio.duration) && this.audio.duration > 0) return this.audio.duration;
    return this.article ? (this.article.word_count / WPM_1X) * 60 : 0;
  }

  // Playing

  toggle() {
    if (this.audio.paused) this.play();
    else this.audio.pause();
  }

  /** Where the listener is on the article's timeline (the audio's time, plus a tail's offset). */
  now() {
    return articleTime(this.tail, this.audio.currentTime);
  }

  play() {
    if (!this.article) return;
    if (this.tailRequest) {
      this.resumePlaying = true; // once the first timings say which narration to play
      this.attachAudio();
      return;
    }
    this.attachAudio();
    this.audio.playbackRate = this.speed;
    this.audio.play().catch((error) => this.say(`Playback did not start: ${error.message}`));
  }

  skip(seconds) {
    this.seekTo(this.now() + seconds);
  }

  /** Go to article time `seconds`; before a tail's start that is the whole narration, loaded now. */
  seekTo(seconds, report = true) {
    const target = Math.max(0, Math.min(seconds, this.duration()));
    const inAudio = audioTimeOf(this.tail, target);
    if (inAudio == null) {
      if (report) this.playWhole(target);
    } else {
      this.audio.currentTime = inAudio;
      this.lastTime = inAudio;
    }
    if (report) this.track("seek");
  }

  /** The tail request failed: load the whole narration, attached and played as the tail would have been. */
  playWholeInstead() {
    const wanted = this.wantAudio;
    this.startNarration(null);
    if (wanted) this.attachAudio();
    if (wanted && this.resumePlaying && this.resumeAtChar == null) this.play();
  }

  /** Before the tail: the whole narration in the same voice, at article time `time` once it is there. */
  playWhole(time) {
    this.resumePlaying = !this.audio.paused;
    this.resumeAtChar = null;
    this.startNarration(null);
    this.resumeAtTime = time;
    this.attachAudio();
    if (this.resumePlaying) this.play();
  }

  setSpeed(speed) {
    this.speed = speed;
    this.audio.playbackRate = speed;
    this.showSpeed();
    this.say(`Speed ${speedLabel(speed)}`);
    this.track("speed");
  }

  async setVoice(voice) {
    if (!this.article || voice === this.article.voice) return;
    const place = this.placeChar();
    const tail = tailStartFor(this.timings, this.tail, place);
    const wasPlaying = !this.audio.paused;
    try {
      // With a tail to play, the whole narration is not started now: it would share the CPU with
      // the tail's first piece, which the listener waits for (it is made after the tail).
      const query = `voice=${encodeURIComponent(voice)}${tail ? "&narrate=false" : ""}`;
      const article = await this.getJson(`${this.base}/api/embed/articles/${this.article.id}?${query}`);
      this.resumeAtTime = null;
      this.setArticle(article, tail);
      this.track("voice");
      // The new voice plays its tail from the listener's sentence at once; should the whole narration
      // serve instead, it resumes at the word the old one was saying, once it has spoken that far.
      this.resumeAtChar = place;
      this.resumePlaying = wasPlaying;
      this.attachAudio();
      if (wasPlaying && place == null) this.play();
    } catch (error) {
      this.say(`That voice is not available: ${error.message}`);
    }
  }

  /** The character offset of the word being spoken (null at the very start). */
  placeChar() {
    const words = this.timings?.words || [];
    const now = this.audio.currentTime;
    let index = -1;
    while (index + 1 < words.length && words[index + 1].start <= now) index += 1;
    return index < 0 || now <= 0 ? null : words[index].char_start;
  }

  share() {
    const duration = this.duration();
    return duration ? Math.min(1, this.now() / duration) : 0;
  }

  onPlay() {
    for (const other of players) if (other !== this) other.audio.pause();
    this.playButton.textContent = "❚❚";
    this.playButton.setAttribute("aria-label", "Pause");
    this.hostElement.dataset.voxpressState = "playing";
    this.track("play");
    this.mediaSession();
  }

  onPause() {
    this.playButton.textContent = "▶";
    this.playButton.setAttribute("aria-label", "Play");
    this.hostElement.dataset.voxpressState = "paused";
    if (!this.audio.ended) this.track("pause");
  }

  onTime() {
    const audioNow = this.audio.currentTime;
    const step = audioNow - this.lastTime;
    if (step > 0 && step < 2) this.listened += step / (this.audio.playbackRate || 1);
    this.lastTime = audioNow;
    const now = this.now();
    const duration = this.duration();
    this.elapsed.textContent = clock(now);
    this.seek.value = String(duration ? Math.round((now / duration) * 1000) : 0);
    this.seek.setAttribute("aria-valuetext", `${clock(now)} of ${clock(duration)}`);
    if (this.timings?.complete) for (const decile of newDeciles(this.share(), this.reached)) if (decile < 10) this.track("progress", decile / 10);
    if (this.highlighter && this.timings) {
      const word = spanAtTime(this.timings.words, audioNow);
      if (word !== this.currentWord) {
        this.currentWord = word;
        this.highlighter.show(word);
      }
    }
  }

  async onEnded() {
    this.track("complete", 1);
    this.highlighter?.clear();
    try {
      const playlist = this.options.voxpressPlaylist ? `&playlist=${encodeURIComponent(this.options.voxpressPlaylist)}` : "";
      const next = await this.getJson(`${this.base}/api/embed/up-next?article=${encodeURIComponent(this.article.id)}${playlist}`);
      const item = next.items[0];
      if (!item) return;
      const button = el("button", { type: "button", class: "next" }, `Up next: ${item.title}`);
      button.addEventListener("click", () => this.playNext(item));
      this.upNext.replaceChildren(button);
      this.upNext.hidden = false;
      if (this.autoplay) this.playNext(item);
    } catch (error) {
      this.say(`Nothing up next: ${error.message}`);
    }
  }

  playNext(item) {
    this.upNextPlaying = true;
    this.setArticle(item);
    this.hostElement.dataset.voxpressArticleNow = item.id;
    this.play();
  }

  onHostClick(event) {
    if (!this.highlighter || !this.timings || event.target?.closest?.("a, button, input, select, [data-voxpress]")) return;
    if (String(getSelection?.() || "").length) return;
    const sentence = this.highlighter.sentenceAtPoint(event);
    const span = sentence >= 0 ? this.timings.sentences[sentence] : null;
    if (!span) return;
    this.seekTo(articleTime(this.tail, span.start));
    if (this.audio.paused) this.play();
  }

  onKey(event) {
    if (event.target === this.voiceSelect || event.target === this.speedSelect || event.target === this.seek) return;
    const actions = {
      " ": () => this.toggle(),
      k: () => this.toggle(),
      ArrowLeft: () => this.skip(-SKIP_SECONDS),
      j: () => this.skip(-SKIP_SECONDS),
      ArrowRight: () => this.skip(SKIP_SECONDS),
      l: () => this.skip(SKIP_SECONDS),
      Home: () => this.seekTo(0),
      End: () => this.seekTo(this.duration()),
    };
    const action = actions[event.key];
    if (action && !(event.target instanceof HTMLButtonElement && event.key === " ")) {
      event.preventDefault();
      action();
    }
  }

  mediaSession() {
    if (!("mediaSession" in navigator) || typeof MediaMetadata !== "function") return;
    navigator.mediaSession.metadata = new MediaMetadata({ title: this.article?.title || "Article", artist: "voxpress" });
    const handlers = {
      play: () => this.play(),
      pause: () => this.audio.pause(),
      seekbackward: () => this.skip(-SKIP_SECONDS),
      seekforward: () => this.skip(SKIP_SECONDS),
      seekto: (details) => this.seekTo(details.seekTime),
    };
    for (const [action, handler] of Object.entries(handlers)) {
      try {
        navigator.mediaSession.setActionHandler(action, handler);
      } catch {
        // An action this browser does not know.
      }
    }
  }

  // Events

  track(kind, share = this.share()) {
    if (!this.article) return;
    batcher ??= new EventBatcher(eventsSender(this.base));
    batcher.push({
      article: this.article.id,
      view: viewId,
      kind,
      share: Math.round(Math.max(0, Math.min(1, share)) * 1000) / 1000,
      listened: Math.round(this.listened * 10) / 10,
      speed: this.speed,
      voice: this.article.voice,
    });
  }
}

/** Mount a player in every `[data-voxpress]` element not yet mounted. */
export function mountAll(base) {
  for (const element of document.querySelectorAll("[data-voxpress]")) {
    if (element.voxpressPlayer) continue;
    element.voxpressPlayer = new Player(element, base);
    element.voxpressPlayer.load();
  }
  forgetEarly(); // each player above has looked up the loader's answer for its request
  if (!mountAll.listening) {
    mountAll.listening = true;
    const flush = () => batcher?.flush();
    addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && flush());
  }
}

/** Send queued events now (tests and page hosts that navigate by script). */
export function flushEvents() {
  batcher?.flush();
}
