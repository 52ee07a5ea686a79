// The page's side of the engine worker. At most one request is in flight and
// at most one waits: a newer request replaces the waiting one unsent, so the
// newest source always wins without a queue building up behind a slow
// compose. Each reply still reaches its caller, newer requests waiting or
// not: it is the newest answer there is, and a writer typing faster than a
// huge issue composes sees the preview follow, one compose behind, instead
// of nothing until the typing stops. A request can be
// prepared only when it is sent (compose(prepare)): while a slow compose runs,
// a burst of keystrokes then reads the text once, not once a keystroke. A
// worker that crashes or hangs is terminated and a fresh one retries the
// request once. A request that must be answered whatever comes after it (a
// copy, a download, a move: compose(…, {replaceable: false})) is never
// replaced: it waits in line, and goes before the replaceable one.
//
// A source can also go as the changes since the source of the worker's
// previous request: the writer's keystroke in a 1 MB issue then sends a few
// bytes instead of the megabyte (whose copy cost the page's thread about
// 15 ms a key). Such a source is an object
//   { key, base, edits: [from, to, inserted, …], text: () => string }:
// `key` names this text, `base` the text the edits apply to (both any
// value compared with ===), `text()` gives it whole. The changes are sent
// only when `base` is the last source this worker was sent; otherwise (a new
// worker, a retry on one) the text goes whole.

const ATTEMPTS = 2;

function superseded() {
  return new DOMException('A newer request replaced this one.', 'AbortError');
}

export class ComposerClient {
  #startWorker;
  #timeoutMs;
  #onReady;
  #onRestart;
  #onStats;
  #answered = 0;
  #worker = null;
  #nextId = 1;
  #inFlight = null;
  #waiting = null;
  #queued = [];  // requests that are not replaceable, oldest first
  #workerKey = null;  // the key of the last source the worker was sent, if one

  // startWorker() returns a new engine worker (assets.mjs says from where).
  // onReady(meta) runs each time a worker has loaded the core; onRestart(reason)
  // each time a crashed or stuck worker is replaced; onStats(stats) with the
  // counts that follow the newest answered request.
  constructor(startWorker, {
    timeoutMs = 15000, onReady = () => {}, onRestart = () => {}, onStats = () => {},
  } = {}) {
    this.#startWorker = startWorker;
    this.#timeoutMs = timeoutMs;
    this.#onReady = onReady;
    this.#onRestart = onRestart;
    this.#onStats = onStats;
  }

  // Resolves to { result, elapsedMs }, or rejects with an AbortError when a
  // newer request replaced this one before it was sent. `source` may be
  // a function, called once when the request is sent (never, if a newer one
  // replaces it first), that returns { source, options }.
  compose(source, options, { replaceable = true } = {}) {
    if (replaceable) this.#waiting?.reject(superseded());
    return new Promise((resolve, reject) => {
      const prepare = typeof source === 'function' ? source : () => ({ source, options });
      const request = { prepare, resolve, reject, attempts: 0, replaceable };
      if (replaceable) this.#waiting = request;
      else this.#queued.push(request);
      this.#sendNext();
    });
  }

  #sendNext() {
    if (this.#inFlight || (!this.#waiting && this.#queued.length === 0)) return;
    let request = this.#queued.shift();
    if (!request) {
      request = this.#waiting;
      this.#waiting = null;
    }
    request.id = this.#nextId++;
    request.attempts += 1;
    request.message ??= request.prepare();
    request.timer = setTimeout(() => this.#replaceWorker('The composer stopped responding.'), this.#timeoutMs);
    this.#inFlight = request;
    const worker = this.#ensureWorker();
    const { source, options } = request.message;
    worker.postMessage({ type: 'compose', id: request.id, ...this.#sourceFields(source), options });
  }

  // { source } or { edits } (see the top).
  #sourceFields(source) {
    if (typeof source === 'string' || source instanceof Uint8Array) {
      this.#workerKey = null;
      return { source };
    }
    const known = this.#workerKey !== null && source.base === this.#workerKey;
    this.#workerKey = source.key;
    return known ? { edits: source.edits } : { source: source.text() };
  }

  #ensureWorker() {
    if (this.#worker) return this.#worker;
    const worker = this.#startWorker();
    this.#workerKey = null;
    worker.addEventListener('message', ({ data }) => this.#onMessage(data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#replaceWorker(event.message || 'The composer failed to start.');
    });
    worker.addEventListener('messageerror', () => this.#replaceWorker('The composer sent an unreadable reply.'));
    this.#worker = worker;
    return worker;
  }

  #onMessage(data) {
    if (data.type === 'ready') return this.#onReady(data.meta);
    if (data.type === 'stats') return data.id === this.#answered ? this.#onStats(data.stats) : undefined;
    const request = this.#inFlight;
    if (!request || data.id !== request.id) return;
    if (data.type === 'error' && data.result.crashed) return this.#replaceWorker(data.result.message);
    clearTimeout(request.timer);
    this.#inFlight = null;
    if (data.type === 'error') request.reject(new Error(data.result.message));
    else {
      this.#answered = request.id;
      request.resolve({ result: data.result, elapsedMs: data.elapsedMs });
      // The counts of a page's source only when nothing newer waits: they
      // would delay its compose and be stale on arrival.
      if (!this.#waiting && this.#queued.length === 0 && request.message.options?.page) this.#worker.postMessage({ type: 'stats', id: request.id });
    }
    // The next request is prepared after the caller has taken this answer in
    // (its `await` goes first), so that it is read with what the answer told.
    queueMicrotask(() => this.#sendNext());
  }

  #replaceWorker(reason) {
    this.#worker?.terminate();
    this.#worker = null;
    const request = this.#inFlight;
    this.#inFlight = null;
    if (request) {
      clearTimeout(request.timer);
      if (request.replaceable && this.#waiting) request.reject(superseded());
      else if (request.attempts >= ATTEMPTS) request.reject(new Error(reason));
      else if (request.replaceable) this.#waiting = request;
      else this.#queued.unshift(request);
    }
    this.#onRestart(reason);
    this.#sendNext();
  }

  // Starts the worker now, so that the core loads while the page is still
  // getting its text, not after the first request.
  start() {
    this.#ensureWorker();
  }

  // Ends the worker, for an embedding taken off its page: what was asked and
  // not answered rejects with an AbortError, and the next request starts a
  // new worker.
  stop() {
    this.#worker?.terminate();
    this.#worker = null;
    for (const request of [this.#inFlight, this.#waiting, ...this.#queued]) {
      if (!request) continue;
      clearTimeout(request.timer);
      request.reject(new DOMException('The composer was stopped.', 'AbortError'));
    }
    this.#inFlight = null;
    this.#waiting = null;
    this.#queued = [];
  }
}
