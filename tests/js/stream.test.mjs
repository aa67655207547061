// Unit tests of the Media Source fast start's pure parts (static/player/stream.js, shared by the reader
// page and the embed), run by `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { STREAM_TYPE, audioPath, joinChunks, mediaSourceSupported } from "../../src/voxpress/server/static/player/stream.js";

function scopeWith(isTypeSupported) {
  function MediaSource() {}
  MediaSource.isTypeSupported = isTypeSupported;
  return { MediaSource };
}

test("Media Source counts only when it can play MP3", () => {
  assert.equal(mediaSourceSupported(scopeWith((type) => type === STREAM_TYPE)), true);
  assert.equal(mediaSourceSupported(scopeWith(() => false)), false);
  assert.equal(mediaSourceSupported({}), false); // deleted, as the browser tests do, or never there
  assert.equal(mediaSourceSupported({ MediaSource: {} }), false);
});

test("a narration being made streams where it can; anything else is the file", () => {
  const capable = scopeWith(() => true);
  assert.equal(audioPath({ complete: false, scope: capable }), "stream");
  assert.equal(audioPath({ complete: true, scope: capable }), "file");
  assert.equal(audioPath({ complete: undefined, scope: capable }), "file"); // unknown: the file is safe
  assert.equal(audioPath({ complete: false, scope: {} }), "file"); // the fallback without Media Source
});

test("chunks join into one buffer in order", () => {
  const joined = joinChunks([Uint8Array.of(1, 2), Uint8Array.of(), Uint8Array.of(3)]);
  assert.deepEqual([...joined], [1, 2, 3]);
  assert.equal(joinChunks([]).byteLength, 0);
});
