// The loader's early requests (embed.js) and the player's hand-off (embed/early.js).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

import { earlyOr, forgetEarly, narrationHref } from "../../src/voxpress/server/static/embed/early.js";

const BASE = "http://voxpress.test";
const PAGE = "https://news.example/story/bees?utm=x";
const CANONICAL = "https://news.example/story/bees";
const LOADER = readFileSync(new URL("../../src/voxpress/server/static/embed.js", import.meta.url), "utf8");

/** embed.js run in a page of `players` (their datasets), with `fetch` answering `answer(url)`. */
function runLoader(players, { readyState = "interactive", canonical = CANONICAL, answer } = {}) {
  const asked = [];
  const listeners = {};
  const document = {
    readyState,
    currentScript: { src: `${BASE}/embed.js` },
    querySelector: (selector) => (selector.includes("canonical") && canonical ? { href: canonical } : null),
    querySelectorAll: () => players.map((dataset) => ({ dataset })),
    addEventListener: (name, listener) => (listeners[name] = listener),
  };
  const fetch = (url, init) => {
    asked.push({ url, init });
    return answer ? answer(url) : Promise.resolve({ ok: true, text: async () => JSON.stringify({ url }) });
  };
  const page = vm.createContext({ document, fetch, URL, Map, location: { href: `${PAGE}#top` } });
  page.window = page;
  vm.runInContext(LOADER, page);
  page.__voxpressEmbed.catch(() => {}); // import() of the modules is not available in a vm context
  return { page, asked, listeners };
}

const neverAsk = () => assert.fail("the player asked although the loader had the answer");

test("the player asks for the page's narration by canonical URL, or its article by id, with its voice", () => {
  assert.equal(
    narrationHref(BASE, {}, CANONICAL),
    `${BASE}/api/embed/narration?url=${encodeURIComponent(CANONICAL)}`,
  );
  assert.equal(
    narrationHref(BASE, { voxpressUrl: "https://news.example/other", voxpressVoice: "espeak:en" }, CANONICAL),
    `${BASE}/api/embed/narration?url=${encodeURIComponent("https://news.example/other")}&voice=espeak%3Aen`,
  );
  assert.equal(narrationHref(BASE, { voxpressArticleId: "a/1" }, CANONICAL), `${BASE}/api/embed/articles/a%2F1?`);
  assert.equal(
    narrationHref(BASE, { voxpressArticleId: "a1", voxpressVoice: "kokoro:af_heart" }, CANONICAL),
    `${BASE}/api/embed/articles/a1?voice=kokoro%3Aaf_heart`,
  );
});

test("the loader asks for every player's first request, as the player builds it, and finds it", async () => {
  const players = [
    {},
    { voxpressVoice: "espeak:en" },
    { voxpressUrl: "https://news.example/other" },
    { voxpressArticleId: "a1" },
    { voxpressArticleId: "a2", voxpressVoice: "kokoro:af_heart" },
  ];
  const { page, asked } = runLoader(players);
  const expected = players.map((options) => narrationHref(BASE, options, CANONICAL));
  assert.deepEqual(asked.map((request) => request.url), [...expected, `${BASE}/api/voices`]);
  assert.ok(asked.every((request) => request.init.credentials === "omit"));
  for (const url of expected) assert.deepEqual(await earlyOr(url, neverAsk, page), { body: { url }, early: true });
});

test("players of one story share one early request, each with its own copy of the answer", async () => {
  const { page, asked } = runLoader([{}, {}]);
  assert.equal(asked.length, 2); // the narration once, and the voices
  const url = narrationHref(BASE, {}, CANONICAL);
  const [one, two] = await Promise.all([earlyOr(url, neverAsk, page), earlyOr(url, neverAsk, page)]);
  assert.deepEqual(one, two);
  assert.notEqual(one.body, two.body);
});

test("while the page is being parsed the loader waits for it, and a page without players asks nothing", () => {
  const { asked, listeners } = runLoader([{}], { readyState: "loading" });
  assert.equal(asked.length, 0);
  listeners.DOMContentLoaded();
  assert.equal(asked.length, 2);
  assert.equal(runLoader([]).asked.length, 0);
});

test("without a canonical link the page's address less its fragment is the one asked for", () => {
  const { asked } = runLoader([{}], { canonical: null });
  assert.equal(asked[0].url, narrationHref(BASE, {}, PAGE));
});

test("a failed, refused or unreadable early answer, or none, leaves the player to ask itself", async () => {
  const failures = {
    unreachable: () => Promise.reject(new TypeError("Failed to fetch")),
    refused: () => Promise.resolve({ ok: false, text: async () => '{"title": "Too many embed requests"}' }),
    garbled: () => Promise.resolve({ ok: true, text: async () => "<html>" }),
  };
  for (const [name, answer] of Object.entries(failures)) {
    const { page } = runLoader([{}], { answer });
    const url = narrationHref(BASE, {}, CANONICAL);
    const own = await earlyOr(url, async (asked) => ({ own: asked }), page);
    assert.deepEqual(own, { body: { own: url }, early: false }, name);
  }
  const url = `${BASE}/api/voices`;
  assert.deepEqual(await earlyOr(url, async () => "own", {}), { body: "own", early: false }); // an older loader
  const { page } = runLoader([{}]);
  forgetEarly(page);
  assert.deepEqual(await earlyOr(url, async () => "own", page), { body: "own", early: false }); // taken already
});
