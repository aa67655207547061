/**
 * The article on the page and the narration's place in it: rendering the text by block offsets,
 * wrapping each timed sentence and word in a span, marking the one being spoken, and scrolling to
 * follow it unless the reader has scrolled away. All article text goes in with textContent, never as HTML.
 */

import { formatDate, httpUrl } from "./format.js";
import { articleBlocks, firstAtOrAfter, spokenAt } from "./timings.js";
import { audio, state, ui } from "./state.js";

const FOLLOW_RESUME_MS = 6000; // auto-scroll comes back this long after the reader last scrolled

export function renderArticle(article) {
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

/** Forget the spans of the previous narration (a new voice has other timings). */
export function resetTimedText() {
  clearHighlight();
  state.wordEls = [];
  state.sentenceEls = [];
  state.blockSignatures = state.blocks.map(() => "");
}

/** Wrap the timed sentences and words of every block in spans (only blocks whose spans changed). */
export function renderTimedText() {
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

export function clearHighlight() {
  state.sentenceEls[state.currentSentence]?.classList.remove("current");
  const word = state.wordEls[state.currentWord];
  word?.classList.remove("spoken");
  word?.removeAttribute("aria-current");
  state.currentSentence = -1;
  state.currentWord = -1;
}

/** Mark the sentence and word spoken at time `t`, and keep the word in view while playing. */
export function highlight(t) {
  if (!state.timings) return;
  const { sentence: s, word: w } = spokenAt(state.timings, t);
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

/** The reader scrolled while the narration plays: stop following for a while. */
export function readerScrolled() {
  if (audio.paused) return;
  state.followPausedUntil = Date.now() + FOLLOW_RESUME_MS;
  ui.resumeFollow.hidden = false;
  clearTimeout(state.followTimer);
  state.followTimer = setTimeout(resumeFollowing, FOLLOW_RESUME_MS);
}

export function resumeFollowing() {
  state.followPausedUntil = 0;
  ui.resumeFollow.hidden = true;
  follow(state.wordEls[state.currentWord] || state.sentenceEls[state.currentSentence]);
}

/** Follow scrolling by the reader (wheel, touch, or a scroll the page did not make itself). */
export function watchScrolling() {
  for (const type of ["wheel", "touchmove"]) {
    window.addEventListener(type, readerScrolled, { passive: true });
  }
  window.addEventListener(
    "scroll",
    () => {
      if (!state.programmaticScroll) readerScrolled();
    },
    { passive: true },
  );
  window.addEventListener("scrollend", () => {
    state.programmaticScroll = false;
  });
}
