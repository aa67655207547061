// Highlighting in the host page's own paragraphs: the host text is read from its text nodes,
// aligned onto the narration text (align.js), and the word and sentence being heard are marked
// with the CSS Custom Highlight API (no change to the page's DOM) or, where a browser lacks it,
// by wrapping each aligned word in a span once the timings are complete.

import { alignTokens, joinPieces, locate, mapSpans, spanAt, tokenize } from "./align.js";

const BLOCK_TAGS = new Set(
  "ADDRESS ARTICLE ASIDE BLOCKQUOTE BR DD DIV DL DT FIGCAPTION FIGURE FOOTER FORM H1 H2 H3 H4 H5 H6 HEADER HR LI MAIN NAV OL P PRE SECTION TABLE TD TH TR UL".split(
    " ",
  ),
);
const SKIPPED_TAGS = new Set("SCRIPT STYLE NOSCRIPT TEMPLATE BUTTON SELECT TEXTAREA INPUT AUDIO VIDEO SVG".split(" "));
const WORD_HIGHLIGHT = "voxpress-word";
const SENTENCE_HIGHLIGHT = "voxpress-sentence";
const HOST_STYLE = `
::highlight(${WORD_HIGHLIGHT}) { background-color: var(--voxpress-highlight, #ffd84d); color: var(--voxpress-highlight-text, #111); }
::highlight(${SENTENCE_HIGHLIGHT}) { background-color: var(--voxpress-sentence, rgba(255, 216, 77, 0.28)); }
`;

export const supportsHighlights = () => typeof CSS !== "undefined" && "highlights" in CSS && typeof Highlight === "function";

let hostStyleAdded = false;
function addHostStyle() {
  if (hostStyleAdded) return;
  hostStyleAdded = true;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(HOST_STYLE);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } catch {
    // No constructable stylesheets: the highlight still exists, with the browser's default look.
  }
}

function blockOf(node) {
  let element = node.parentElement;
  while (element && !BLOCK_TAGS.has(element.tagName)) element = element.parentElement;
  return element;
}

/** Text nodes of `root` in reading order, with gaps between blocks; players are skipped. */
export function collectPieces(root) {
  const pieces = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        if (SKIPPED_TAGS.has(node.tagName.toUpperCase()) || node.hasAttribute("data-voxpress")) {
          return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_SKIP;
      }
      return node.data.length ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
    },
  });
  let previousBlock;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const block = blockOf(node);
    if (pieces.length && block !== previousBlock) pieces.push({ gap: true });
    previousBlock = block;
    pieces.push({ text: node.data, node });
  }
  return pieces;
}

/** The host text of one article element aligned onto one narration text. */
export class HostText {
  constructor(root, narrationText) {
    this.root = root;
    this.pieces = collectPieces(root);
    const joined = joinPieces(this.pieces);
    this.text = joined.text;
    this.starts = joined.starts;
    this.hostTokens = tokenize(this.text);
    this.narrationTokens = tokenize(narrationText);
    this.map = alignTokens(this.narrationTokens, this.hostTokens);
    this.pieceIndex = new Map(this.pieces.map((piece, index) => [piece.node, index]));
  }

  /** Share of the narration's word tokens found in the host text. */
  get coverage() {
    const found = this.map.reduce((sum, value) => sum + (value >= 0 ? 1 : 0), 0);
    return this.map.length ? found / this.map.length : 0;
  }

  ranges(spans) {
    return mapSpans(spans, this.narrationTokens, this.hostTokens, this.map);
  }

  /** A DOM Range over host characters `[start, end)`. */
  domRange([start, end]) {
    const from = locate(this.starts, start);
    const to = locate(this.starts, end - 1);
    const range = document.createRange();
    range.setStart(this.pieces[from.piece].node, from.offset);
    range.setEnd(this.pieces[to.piece].node, to.offset + 1);
    return range;
  }

  /** Host text offset of a DOM point, or -1 when it is not in this text. */
  offsetOf(node, offset) {
    const index = this.pieceIndex.get(node);
    return index === undefined ? -1 : this.starts[index] + offset;
  }
}

/** Marks the word and sentence being heard in one HostText. */
export class Highlighter {
  constructor(hostText, { useSpans = !supportsHighlights() } = {}) {
    this.host = hostText;
    this.useSpans = useSpans;
    this.wordRanges = [];
    this.sentenceRanges = [];
    this.spans = null;
    this.marked = [];
    if (!useSpans) addHostStyle();
  }

  /** New timings (partial while the narration streams): map their words and sentences. */
  update(timings) {
    if (this.spans) return;
    this.wordRanges = this.host.ranges(timings.words);
    this.sentenceRanges = this.host.ranges(timings.sentences);
    this.sentenceOfWord = timings.words.map((word) =>
      timings.sentences.findIndex((s) => s.char_start <= word.char_start && word.char_start < s.char_end),
    );
    if (this.useSpans && timings.complete) this.wrapWords();
  }

  wrapWords() {
    const order = this.wordRanges
      .map((range, index) => ({ range, index }))
      .filter((item) => item.range)
      .sort((x, y) => y.range[0] - x.range[0]);
    this.spans = new Array(this.wordRanges.length).fill(null);
    for (const { range, index } of order) {
      const from = locate(this.host.starts, range[0]);
      const to = locate(this.host.starts, range[1] - 1);
      if (from.piece !== to.piece) continue;
      const span = document.createElement("span");
      span.setAttribute("data-voxpress-word", String(index));
      try {
        this.host.domRange(range).surroundContents(span);
        this.spans[index] = span;
      } catch {
        // A range the DOM cannot wrap stays unmarked; playback goes on.
      }
    }
  }

  show(wordIndex) {
    const sentenceIndex = wordIndex >= 0 ? this.sentenceOfWord?.[wordIndex] ?? -1 : -1;
    if (this.useSpans) return this.showSpans(wordIndex, sentenceIndex);
    const word = wordIndex >= 0 ? this.wordRanges[wordIndex] : null;
    const sentence = sentenceIndex >= 0 ? this.sentenceRanges[sentenceIndex] : null;
    CSS.highlights.set(WORD_HIGHLIGHT, word ? new Highlight(this.host.domRange(word)) : new Highlight());
    CSS.highlights.set(SENTENCE_HIGHLIGHT, sentence ? new Highlight(this.host.domRange(sentence)) : new Highlight());
  }

  showSpans(wordIndex, sentenceIndex) {
    for (const span of this.marked) span.style.backgroundColor = "";
    this.marked = [];
    if (!this.spans) return;
    this.spans.forEach((span, index) => {
      if (span && this.sentenceOfWord[index] === sentenceIndex && sentenceIndex >= 0) {
        span.style.backgroundColor = index === wordIndex ? "#ffd84d" : "rgba(255, 216, 77, 0.28)";
        this.marked.push(span);
      }
    });
  }

  clear() {
    if (this.useSpans) this.showSpans(-1, -1);
    else {
      CSS.highlights.delete(WORD_HIGHLIGHT);
      CSS.highlights.delete(SENTENCE_HIGHLIGHT);
    }
  }

  /** Index of the sentence at the clicked point (viewport x, y), or -1. */
  sentenceAtPoint(event) {
    const wordSpan = event.target?.closest?.("[data-voxpress-word]");
    if (wordSpan) return this.sentenceOfWord[Number(wordSpan.getAttribute("data-voxpress-word"))] ?? -1;
    let node = null;
    let offset = 0;
    if (document.caretPositionFromPoint) {
      const position = document.caretPositionFromPoint(event.clientX, event.clientY);
      if (position) ({ offsetNode: node, offset } = position);
    } else if (document.caretRangeFromPoint) {
      const range = document.caretRangeFromPoint(event.clientX, event.clientY);
      if (range) ({ startContainer: node, startOffset: offset } = range);
    }
    if (!node) return -1;
    const at = this.host.offsetOf(node, offset);
    return at < 0 ? -1 : spanAt(this.sentenceRanges, at);
  }
}
