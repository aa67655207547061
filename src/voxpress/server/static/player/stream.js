/**
 * Fast start for a narration still being made: the MP3 stream is fetched and appended to a Media
 * Source in the chunks the server sends, so the audio element can play the first piece as soon as it
 * arrives (a progressive <audio src> waits until it has buffered far more). Browsers without Media
 * Source Extensions for audio/mpeg keep the plain progressive <audio src> (see narration.js).
 */

export const STREAM_TYPE = "audio/mpeg";
const KEEP_BEHIND_S = 30; // on a full buffer, audio this far behind the listener is dropped

/** True when this browser can play MP3 through Media Source Extensions. */
export function mediaSourceSupported(scope = globalThis) {
  const MediaSourceClass = scope.MediaSource;
  return (
    typeof MediaSourceClass === "function" &&
    typeof MediaSourceClass.isTypeSupported === "function" &&
    MediaSourceClass.isTypeSupported(STREAM_TYPE)
  );
}

/**
 * How a narration's audio is best played: "stream" (through a Media Source, from its first piece) when
 * it is still being made and this browser can, else "file" (the stored file, or the plain progressive
 * stream where Media Source is missing). `complete` is false while the narration is being made.
 */
export function audioPath({ complete, scope = globalThis }) {
  return complete === false && mediaSourceSupported(scope) ? "stream" : "file";
}

/** Joins chunks into one buffer, so each append is one SourceBuffer operation. */
export function joinChunks(chunks) {
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}

async function problemTitle(response) {
  const body = await response.json().catch(() => null);
  return (body && (body.title || body.detail)) || `The server answered ${response.status}.`;
}

/**
 * Stream `url` into `audio`. `onFailure(message)` is called once if the stream cannot start or ends
 * before the server finished it; `onComplete({evicted})` when all of it is in the buffer (`evicted`
 * when older audio had to be dropped to make room, so the stored file must be used to seek back).
 * `onData()` is called after each chunk that arrives. Returns {stop()} that ends the download.
 */
export function streamToAudio(audio, url, { onFailure, onComplete, onData = () => {} }) {
  const mediaSource = new MediaSource();
  const download = new AbortController();
  const objectUrl = URL.createObjectURL(mediaSource);
  const queue = [];
  let buffer = null;
  let received = false;
  let downloaded = false;
  let stopped = false;
  let evicted = false;
  let waitingForRoom = false;

  const fail = (message) => {
    if (stopped) return;
    stopped = true;
    download.abort();
    onFailure(message);
  };

  const makeRoom = () => {
    const keepFrom = audio.currentTime - KEEP_BEHIND_S;
    if (buffer.buffered.length && keepFrom > buffer.buffered.start(0)) {
      evicted = true;
      buffer.remove(0, keepFrom); // "updateend" pumps again
      return true;
    }
    return false;
  };

  const pump = () => {
    if (stopped || !buffer || buffer.updating || mediaSource.readyState !== "open") return;
    if (queue.length) {
      const chunk = joinChunks(queue.splice(0));
      try {
        buffer.appendBuffer(chunk);
      } catch (error) {
        if (error.name !== "QuotaExceededError") return fail("The audio could not be played.");
        queue.unshift(chunk);
        if (!makeRoom() && !waitingForRoom) {
          // Nothing old enough to drop yet: try again once the listener has moved on.
          waitingForRoom = true;
          audio.addEventListener(
            "timeupdate",
            () => {
              waitingForRoom = false;
              pump();
            },
            { once: true },
          );
        }
      }
      return;
    }
    if (downloaded) {
      mediaSource.endOfStream();
      stopped = true;
      onComplete({ evicted });
    }
  };

  const fetchStream = async () => {
    let response;
    try {
      response = await fetch(url, { signal: download.signal });
    } catch {
      return fail(stopped ? "" : "The server could not be reached.");
    }
    if (!response.ok || !response.body) return fail(await problemTitle(response));
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (stopped) return;
        received = true;
        queue.push(value);
        pump();
        onData();
      }
    } catch {
      // An aborted chunked response: the server stopped making this narration.
      return fail(received ? "The narration stopped before the end." : "The narration produced no audio.");
    }
    downloaded = true;
    pump();
  };

  mediaSource.addEventListener(
    "sourceopen",
    () => {
      URL.revokeObjectURL(objectUrl);
      if (stopped) return;
      try {
        buffer = mediaSource.addSourceBuffer(STREAM_TYPE);
      } catch {
        return fail("The audio could not be played.");
      }
      buffer.addEventListener("updateend", pump);
      pump();
    },
    { once: true },
  );
  audio.src = objectUrl;
  fetchStream();

  return {
    stop() {
      stopped = true;
      download.abort();
    },
  };
}
