/**
 * The reader page: shows an article as extracted and plays its narration with the text kept in step.
 *
 * This module only starts the page: it loads the article and the voice catalogue, builds the
 * controls and loads the narration. The work is in ./player/: state (elements and what the player
 * knows), transport (play, seek, speed), timings and highlight (offset search, spans, following),
 * narration and stream (loading, fast start, failure and retry), controls, keyboard, persistence,
 * media-session, and the pure format, pace and voices modules that `node --test tests/js/` covers.
 */

import { api } from "./api.js";
import { buildSpeedControls, buildVoiceSelect, showVoiceInMenu, wireControls } from "./player/controls.js";
import { httpUrl } from "./player/format.js";
import { renderArticle } from "./player/highlight.js";
import { setUpMediaSession } from "./player/media-session.js";
import { loadNarration } from "./player/narration.js";
import { recall, savedPosition, speedKey, voiceKey } from "./player/persistence.js";
import { SKIP_SECONDS, audio, state, ui } from "./player/state.js";
import { applyRate, nextSentence, play, previousSentence, seekTo, skip } from "./player/transport.js";
import { chooseVoice, voicesForReaders } from "./player/voices.js";

function articleIdFromLocation() {
  const match = location.pathname.match(/\/read\/([^/]+)\/?$/);
  const fromQuery = new URLSearchParams(location.search).get("id") || "";
  return match ? decodeURIComponent(match[1]) : fromQuery;
}

async function start() {
  state.articleId = articleIdFromLocation();
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
  state.voices = voicesForReaders(catalogue.voices || []);
  buildSpeedControls(catalogue);
  buildVoiceSelect(state.voices, article.language);
  setUpMediaSession(
    { title: article.title, artist: article.byline || httpUrl(article.url)?.hostname || "voxpress" },
    {
      play: () => play(),
      pause: () => audio.pause(),
      seekbackward: (details) => skip(-(details.seekOffset || SKIP_SECONDS)),
      seekforward: (details) => skip(details.seekOffset || SKIP_SECONDS),
      previoustrack: () => previousSentence(),
      nexttrack: () => nextSentence(),
      seekto: (details) => seekTo(details.seekTime),
    },
  );
  const storedRate = Number(recall(speedKey()));
  applyRate(storedRate > 0 ? storedRate : 1);

  // The server names the voice it started narrating while this page loaded (see pages.py).
  const started = document.querySelector('meta[name="voxpress-voice"]')?.content;
  const voiceId = chooseVoice(state.voices, {
    defaultId: started || catalogue.default,
    language: article.language,
    fromUrl: new URLSearchParams(location.search).get("voice"),
    remembered: recall(voiceKey(state.articleId)),
  });
  showVoiceInMenu(voiceId);
  const saved = savedPosition(voiceId);
  loadNarration(voiceId, { at: saved ? { time: saved.time } : null });
  document.body.dataset.ready = "true";
}

start();
