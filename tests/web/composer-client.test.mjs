// The worker client's rules, against a scripted stand-in for Worker: the
// newest request wins, stale replies are dropped, a crashed or stuck worker is
// replaced and its request retried once, and the core's own errors do not
// cost a worker.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { ComposerClient } from '../../web/composer-client.mjs';

// Each FakeWorker records what it was sent; the test answers for it.
let workers;
class FakeWorker extends EventTarget {
  constructor(url, options) {
    super();
    this.url = url;
    this.options = options;
    this.sent = [];
    this.terminated = false;
    workers.push(this);
  }

  postMessage(message) {
    this.sent.push(message);
    if (FakeWorker.answerAtOnce) this.answer(message);
  }

  terminate() { this.terminated = true; }

  reply(data) { this.dispatchEvent(new MessageEvent('message', { data })); }

  answer(request, html = request.source) {
    this.reply({ type: 'result', id: request.id, result: { html }, elapsedMs: 1 });
  }

  crash() { this.dispatchEvent(new Event('error', { cancelable: true })); }
}

beforeEach(() => {
  workers = [];
  FakeWorker.answerAtOnce = false;
  globalThis.Worker = FakeWorker;
});

const startWorker = () => new Worker('worker.mjs', { type: 'module', name: 'composer' });

function settled(promise) {
  return promise.then((value) => ({ value }), (error) => ({ error }));
}

test('starts one module worker lazily and answers a request', async () => {
  const client = new ComposerClient(startWorker);
  assert.equal(workers.length, 0);
  const reply = client.compose('# One', { formats: ['html'] });
  assert.equal(workers.length, 1);
  assert.equal(workers[0].options.type, 'module');
  const [request] = workers[0].sent;
  assert.deepEqual({ ...request, id: undefined }, { type: 'compose', id: undefined, source: '# One', options: { formats: ['html'] } });
  workers[0].answer(request);
  assert.deepEqual(await reply, { result: { html: '# One' }, elapsedMs: 1 });
});

test('only the newest of several requests is sent after the one in flight, which is still answered', async () => {
  const client = new ComposerClient(startWorker);
  const first = settled(client.compose('a'));
  const second = settled(client.compose('ab'));
  const third = settled(client.compose('abc'));
  const [worker] = workers;
  assert.equal(worker.sent.length, 1, 'one request in flight at a time');
  assert.equal((await second).error.name, 'AbortError', 'a waiting request is replaced');
  worker.answer(worker.sent[0]);
  assert.equal((await first).value.result.html, 'a', 'the answer in flight is the newest there is: it is delivered');
  assert.deepEqual(worker.sent.map((request) => request.source), ['a', 'abc']);
  worker.answer(worker.sent[1]);
  assert.equal((await third).value.result.html, 'abc');
});

test('a request that is not replaceable is answered whatever comes after it, before the newest replaceable one', async () => {
  const client = new ComposerClient(startWorker);
  const live = settled(client.compose('a'));
  const copy = settled(client.compose('for the clipboard', {}, { replaceable: false }));
  const typed = settled(client.compose('ab'));
  const typedMore = settled(client.compose('abc'));
  const [worker] = workers;
  assert.equal((await typed).error.name, 'AbortError');
  worker.answer(worker.sent[0]);
  await live;
  await Promise.resolve();
  assert.equal(worker.sent[1].source, 'for the clipboard', 'the copy goes first');
  worker.crash();  // and is retried on a new worker
  const [, next] = workers;
  assert.equal(next.sent[0].source, 'for the clipboard');
  next.answer(next.sent[0]);
  assert.equal((await copy).value.result.html, 'for the clipboard');
  await Promise.resolve();
  next.answer(next.sent[1]);
  assert.equal((await typedMore).value.result.html, 'abc');
});

test('replies with an unknown id are ignored', async () => {
  const client = new ComposerClient(startWorker);
  const reply = client.compose('x');
  const [worker] = workers;
  worker.reply({ type: 'result', id: 999, result: { html: 'wrong' }, elapsedMs: 0 });
  worker.answer(worker.sent[0]);
  assert.equal((await reply).result.html, 'x');
});

test('a crashed worker is replaced and the request retried once', async () => {
  const restarts = [];
  const client = new ComposerClient(startWorker, { onRestart: (reason) => restarts.push(reason) });
  const reply = client.compose('x');
  workers[0].crash();
  assert.equal(workers[0].terminated, true);
  assert.equal(restarts.length, 1);
  assert.equal(workers.length, 2);
  assert.equal(workers[1].sent[0].source, 'x');
  workers[1].answer(workers[1].sent[0]);
  assert.equal((await reply).result.html, 'x');
});

test('a request that crashes every worker fails after the retry', async () => {
  const client = new ComposerClient(startWorker);
  const reply = settled(client.compose('x'));
  workers[0].reply({ type: 'error', id: workers[0].sent[0].id, result: { message: 'trap', crashed: true } });
  workers[1].reply({ type: 'error', id: workers[1].sent[0].id, result: { message: 'trap', crashed: true } });
  assert.equal((await reply).error.message, 'trap');
  assert.equal(workers.length, 2, 'no third worker until the next request');
  const next = client.compose('y');
  assert.equal(workers.length, 3);
  workers[2].answer(workers[2].sent[0]);
  await next;
});

test("the core's own error fails the request but keeps the worker", async () => {
  const client = new ComposerClient(startWorker);
  const reply = settled(client.compose('x'));
  workers[0].reply({ type: 'error', id: workers[0].sent[0].id, result: { message: 'bad', crashed: false } });
  assert.equal((await reply).error.message, 'bad');
  const next = client.compose('y');
  assert.equal(workers.length, 1);
  assert.equal(workers[0].terminated, false);
  workers[0].answer(workers[0].sent[1]);
  await next;
});

test('a stuck worker is replaced after the timeout', async () => {
  const client = new ComposerClient(startWorker, { timeoutMs: 5 });
  const reply = client.compose('x');
  // The first worker never answers; its replacement answers at once, so the
  // test holds however late the machine runs the timer.
  FakeWorker.answerAtOnce = true;
  assert.equal((await reply).result.html, 'x');
  assert.equal(workers.length, 2);
  assert.equal(workers[0].terminated, true);
});

test('onReady receives the meta of each worker that loads the core', async () => {
  const seen = [];
  const client = new ComposerClient(startWorker, { onReady: (meta) => seen.push(meta.version) });
  const reply = client.compose('x');
  workers[0].reply({ type: 'ready', meta: { version: '1.2.3' } });
  assert.deepEqual(seen, ['1.2.3']);
  workers[0].answer(workers[0].sent[0]);
  await reply;
});

test('stop() ends the worker and what was pending; the next request starts a new one', async () => {
  const client = new ComposerClient(startWorker);
  const inFlight = settled(client.compose('# One'));
  const waiting = settled(client.compose('# Two'));
  client.stop();
  assert.equal(workers[0].terminated, true);
  for (const { error } of [await inFlight, await waiting]) assert.equal(error.name, 'AbortError');
  FakeWorker.answerAtOnce = true;
  assert.deepEqual((await client.compose('# Three')).result, { html: '# Three' });
  assert.equal(workers.length, 2);
});

test('a request given as a function is prepared when sent, and not at all when replaced first', async () => {
  const client = new ComposerClient(startWorker);
  const prepared = [];
  const prepare = (source) => () => {
    prepared.push(source);
    return { source, options: { formats: ['html'] } };
  };
  const first = client.compose(prepare('# One'));
  assert.deepEqual(prepared, ['# One']);
  const second = settled(client.compose(prepare('# Two')));
  const third = client.compose(prepare('# Three'));
  assert.deepEqual(prepared, ['# One'], 'nothing is prepared while a request is in flight');
  workers[0].answer(workers[0].sent[0]);
  assert.equal((await first).result.html, '# One');
  assert.equal((await second).error.name, 'AbortError');
  assert.deepEqual(prepared, ['# One', '# Three']);
  const [, request] = workers[0].sent;
  assert.equal(request.source, '# Three');
  workers[0].answer(request);
  assert.deepEqual(await third, { result: { html: '# Three' }, elapsedMs: 1 });
});

test("the page's counts are asked for once the worker has caught up, and only the newest answer's are taken", async () => {
  const heard = [];
  const client = new ComposerClient(startWorker, { onStats: (stats) => heard.push(stats) });
  const page = { formats: ['html'], page: { send: ['html'] } };
  const first = client.compose('# One', page);
  client.compose('# Two', page);
  const [worker] = workers;
  worker.answer(worker.sent[0]);
  await first;
  await Promise.resolve();
  assert.deepEqual(worker.sent.map(({ type, source }) => [type, source]), [['compose', '# One'], ['compose', '# Two']],
    'no counts for an answer that a newer request has replaced');
  worker.answer(worker.sent[1]);
  await Promise.resolve();
  assert.deepEqual(worker.sent.at(-1), { type: 'stats', id: worker.sent[1].id });
  worker.reply({ type: 'stats', id: worker.sent[0].id, stats: { words: 1 } });
  worker.reply({ type: 'stats', id: worker.sent[1].id, stats: { words: 2 } });
  assert.deepEqual(heard, [{ words: 2 }]);
  client.compose('# Three', { formats: ['html'] });
  worker.answer(worker.sent.at(-1));
  assert.equal(worker.sent.at(-1).type, 'compose', 'none for a request that is not the page\'s');
});

// A source given as edits to the one before (as the page sends the text).
const edited = (key, base, edits, text) => ({ key, base, edits, text: () => text });

test('a source given as edits goes as edits only to the worker that has their base', async () => {
  const client = new ComposerClient(startWorker);
  const one = client.compose(edited('k1', null, [], '# One'));
  const [first] = workers[0].sent;
  assert.equal(first.source, '# One', 'no base: the text goes whole');
  assert.equal(first.edits, undefined);
  workers[0].answer(first);
  await one;
  const two = client.compose(edited('k2', 'k1', [2, 5, 'Two'], '# Two'));
  const [, second] = workers[0].sent;
  assert.deepEqual(second.edits, [2, 5, 'Two']);
  assert.equal(second.source, undefined);
  workers[0].answer(second, '# Two');
  await two;
  // Edits to a text this worker was not sent last go whole.
  const three = client.compose(edited('k3', 'k1', [2, 5, 'Six'], '# Six'));
  const [, , third] = workers[0].sent;
  assert.equal(third.source, '# Six');
  workers[0].answer(third);
  await three;
  // A plain text in between (a publish) leaves no base for edits.
  const plain = client.compose('# Plain');
  workers[0].answer(workers[0].sent[3]);
  await plain;
  const four = client.compose(edited('k4', 'k3', [2, 5, 'Four'], '# Four'));
  assert.equal(workers[0].sent[4].source, '# Four');
  workers[0].answer(workers[0].sent[4]);
  await four;
});

test('a retry on a new worker sends the text whole, and edits follow it there', async () => {
  const client = new ComposerClient(startWorker);
  const one = client.compose(edited('k1', null, [], '# One'));
  workers[0].answer(workers[0].sent[0]);
  await one;
  const two = client.compose(edited('k2', 'k1', [2, 5, 'Two'], '# Two'));
  assert.deepEqual(workers[0].sent[1].edits, [2, 5, 'Two']);
  workers[0].crash();
  const [retry] = workers[1].sent;
  assert.equal(retry.source, '# Two');
  assert.equal(retry.edits, undefined);
  workers[1].answer(retry);
  assert.equal((await two).result.html, '# Two');
  const three = client.compose(edited('k3', 'k2', [5, 5, '!'], '# Two!'));
  assert.deepEqual(workers[1].sent[1].edits, [5, 5, '!']);
  workers[1].answer(workers[1].sent[1], '# Two!');
  await three;
});
