// Unit tests of the voice menu's grouping and choice (static/player/voices.js), run by `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  chooseVoice,
  groupVoices,
  primaryLanguage,
  voiceSpeaks,
  voicesForReaders,
} from "../../src/voxpress/server/static/player/voices.js";

const voices = [
  { id: "piper:joe", name: "Joe", language: "en-US", languages: ["en"] },
  { id: "espeak:de", name: "German (espeak)", language: "de", languages: ["de"] },
  { id: "espeak:fr", name: "French (espeak)", language: "fr-FR", languages: ["fr"] },
  { id: "espeak:en", name: "English (espeak)", language: "en-GB", languages: ["en"] },
  { id: "kokoro:ff_siwis", name: "Siwis", language: "fr", languages: ["fr"] },
  { id: "multi", name: "Polyglot", language: "es", languages: ["es", "de"] },
];

test("language codes compare by their primary part", () => {
  assert.equal(primaryLanguage("en-GB"), "en");
  assert.equal(primaryLanguage("PT_br"), "pt");
  assert.equal(primaryLanguage(undefined), "");
  assert.ok(voiceSpeaks(voices[0], "en-gb"));
  assert.ok(voiceSpeaks(voices[5], "de"));
  assert.ok(!voiceSpeaks(voices[1], "en"));
});

test("the article's language comes first in the server's order, the rest group by language name", () => {
  const groups = groupVoices(voices, "en", "en");
  assert.equal(groups.label, "English");
  assert.deepEqual(
    groups.first.map((v) => v.id),
    ["piper:joe", "espeak:en"],
  );
  assert.deepEqual(
    groups.others.map((g) => [g.label, g.voices.map((v) => v.id)]),
    [
      ["French", ["espeak:fr", "kokoro:ff_siwis"]],
      ["German", ["espeak:de"]],
      ["Spanish", ["multi"]],
    ],
  );
});

test("a voice that speaks the article's language among others is in the first group", () => {
  const groups = groupVoices(voices, "de-AT", "en");
  assert.deepEqual(
    groups.first.map((v) => v.id),
    ["espeak:de", "multi"],
  );
  assert.ok(!groups.others.some((g) => g.voices.some((v) => v.id === "multi")));
});

test("every voice is in exactly one group", () => {
  for (const language of ["en", "fr", "de", "ja", ""]) {
    const groups = groupVoices(voices, language, "en");
    const ids = [...groups.first, ...groups.others.flatMap((g) => g.voices)].map((v) => v.id);
    assert.deepEqual([...ids].sort(), voices.map((v) => v.id).sort());
  }
});

test("the starting voice: URL, then remembered, then a default that speaks the language", () => {
  const base = { defaultId: "piper:joe", language: "en" };
  assert.equal(chooseVoice(voices, { ...base, fromUrl: "espeak:fr", remembered: "espeak:en" }), "espeak:fr");
  assert.equal(chooseVoice(voices, { ...base, fromUrl: "nope", remembered: "espeak:en" }), "espeak:en");
  assert.equal(chooseVoice(voices, base), "piper:joe");
  assert.equal(chooseVoice(voices, { ...base, language: "fr" }), "espeak:fr");
  assert.equal(chooseVoice(voices, { ...base, language: "ja" }), "piper:joe");
  assert.equal(chooseVoice([], base), "");
});

test("readers are offered only the voices the server marks public", () => {
  const voices = [
    { id: "piper:a", public: true },
    { id: "kokoro:b", public: false },
    { id: "espeak:c" }, // a server without an API key sends no flag: every voice is open
  ];
  assert.deepEqual(
    voicesForReaders(voices).map((voice) => voice.id),
    ["piper:a", "espeak:c"],
  );
});
