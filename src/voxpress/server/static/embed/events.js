// Batching of listening events: queued, sent together after a short delay, when the batch is
// full, or at once when the page is being hidden (sendBeacon survives the page's unload).

/** Events sent in one request at most (the server accepts 50). */
export const MAX_BATCH = 20;
/** Milliseconds an event waits for others before its batch is sent. */
export const BATCH_DELAY_MS = 2000;

export class EventBatcher {
  /**
   * @param {(body: string) => boolean} send sends one batch's JSON body; false if it could not
   * @param {{maxBatch?: number, delayMs?: number, setTimer?: Function, clearTimer?: Function}} options
   */
  constructor(send, options = {}) {
    this.send = send;
    this.maxBatch = options.maxBatch ?? MAX_BATCH;
    this.delayMs = options.delayMs ?? BATCH_DELAY_MS;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((id) => clearTimeout(id));
    this.queue = [];
    this.timer = null;
  }

  push(event) {
    this.queue.push(event);
    if (this.queue.length >= this.maxBatch) this.flush();
    else if (this.timer === null) this.timer = this.setTimer(() => this.flush(), this.delayMs);
  }

  flush() {
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      if (!this.send(JSON.stringify({ events: batch }))) {
        this.queue.unshift(...batch);
        break;
      }
    }
  }
}

/** Deciles (1..10) newly reached at `share` (0..1) when `reached` were reached before. */
export function newDeciles(share, reached) {
  const fresh = [];
  for (let decile = 1; decile <= Math.floor(share * 10 + 1e-9); decile += 1) {
    if (!reached.has(decile)) {
      reached.add(decile);
      fresh.push(decile);
    }
  }
  return fresh;
}

/** A random id for one page view (no cookie, nothing stored in the browser). */
export function pageViewId() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
