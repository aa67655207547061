// Alignment of the narration text onto the host page's own text (pure functions, no DOM).
//
// The narration text (what the server extracted from the page) and the page's text differ:
// whitespace, curly and straight quotes, ads and captions inside the story, a headline outside
// the story's element. Both are cut into word tokens (letters and digits, lower-cased, so
// punctuation and quotes never matter) and the two token sequences are aligned greedily: while
// the two run in step a token matches the next host token; otherwise the host text is searched
// ahead for the token followed by agreeing tokens (host text the narration lacks, an ad); a
// narration token found nowhere near is left unmatched (narration text the page lacks).
// Unmatched stretches are simply not highlighted.

// Han and kana characters are tokens of their own (no spaces between words there); elsewhere a
// token is a run of letters, digits and combining marks (Devanagari vowel signs stay in their word).
const WORD = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{N}\p{M}])+/gu;
/** Host tokens searched ahead for a narration token that the next host token is not. */
export const SEARCH_WINDOW = 400;
/** Tokens that must agree after a match found by searching ahead. */
export const CONFIRM_TOKENS = 3;

/** Word tokens of `text`: `{start, end, key}` with `key` lower-cased. */
export function tokenize(text) {
  const tokens = [];
  for (const match of text.matchAll(WORD)) {
    tokens.push({ start: match.index, end: match.index + match[0].length, key: match[0].toLowerCase() });
  }
  return tokens;
}

function agree(a, b, i, k, count) {
  for (let step = 1; step <= count; step += 1) {
    if (i + step >= a.length || k + step >= b.length) return true;
    if (a[i + step].key !== b[k + step].key) return false;
  }
  return true;
}

/** For each token of `a` (narration), the index of its token in `b` (host), or -1. */
export function alignTokens(a, b, window = SEARCH_WINDOW) {
  const map = new Int32Array(a.length).fill(-1);
  let j = 0;
  for (let i = 0; i < a.length; i += 1) {
    const inStep = i === 0 ? j === 0 : map[i - 1] >= 0 && map[i - 1] === j - 1;
    if (inStep && j < b.length && a[i].key === b[j].key) {
      map[i] = j;
      j += 1;
      continue;
    }
    const limit = Math.min(b.length, j + window);
    for (let k = j; k < limit; k += 1) {
      if (b[k].key === a[i].key && agree(a, b, i, k, CONFIRM_TOKENS)) {
        map[i] = k;
        j = k + 1;
        break;
      }
    }
  }
  return map;
}

/**
 * Host character ranges of narration spans (`{char_start, char_end}` in the narration text):
 * `[hostStart, hostEnd]` from the first to the last matched token inside the span, or null.
 */
export function mapSpans(spans, narrationTokens, hostTokens, map) {
  const result = [];
  let t = 0;
  for (const span of spans) {
    while (t < narrationTokens.length && narrationTokens[t].end <= span.char_start) t += 1;
    let first = -1;
    let last = -1;
    for (let u = t; u < narrationTokens.length && narrationTokens[u].start < span.char_end; u += 1) {
      const host = map[u];
      if (host < 0 || (last >= 0 && host <= last)) continue;
      if (first < 0) first = host;
      last = host;
    }
    result.push(first < 0 ? null : [hostTokens[first].start, hostTokens[last].end]);
  }
  return result;
}

/**
 * The host text as one string from its pieces: `{text}` for a text node's text, `{gap: true}`
 * for a boundary between blocks (a space that belongs to no node). Returns the string and the
 * start of each piece in it, so that `locate` can turn a string offset back into a piece.
 */
export function joinPieces(pieces) {
  let text = "";
  const starts = [];
  for (const piece of pieces) {
    starts.push(text.length);
    text += piece.gap ? " " : piece.text;
  }
  return { text, starts };
}

/** The piece holding offset `offset` of the joined text and the offset inside it. */
export function locate(starts, offset) {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { piece: low, offset: offset - starts[low] };
}

/** Index of the span (sorted `[start, end]` or null) containing `offset`, or -1. */
export function spanAt(ranges, offset) {
  for (let index = 0; index < ranges.length; index += 1) {
    const range = ranges[index];
    if (range && range[0] <= offset && offset < range[1]) return index;
  }
  return -1;
}

/** Index of the timed span (`{start, end}` in seconds) being heard at `time`, or -1. */
export function spanAtTime(spans, time) {
  let low = 0;
  let high = spans.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (spans[middle].start <= time) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found >= 0 && time < spans[found].end + 0.25 ? found : -1;
}
