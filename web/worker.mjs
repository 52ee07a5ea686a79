// The engine worker: owns the WASM core so composing never blocks typing.
// Protocol (see composer-client.mjs):
//   in:  { type: 'compose', id, source, options }
//   out: { type: 'ready', meta }                  once the core has loaded
//        { type: 'result', id, result, elapsedMs }
//        { type: 'error', id, result: { message } }
// An error means this worker is done (a WASM trap can leave the module in an
// unknown state), so it closes itself and the client starts a fresh one.
import { createComposer } from './composer.mjs';

const composerReady = createComposer();
composerReady.then(
  (composer) => postMessage({ type: 'ready', meta: composer.meta() }),
  () => {},  // reported with the first request, which has an id to answer
);

function fail(id, error) {
  postMessage({ type: 'error', id, result: { message: String(error?.message ?? error) } });
  close();
}

addEventListener('message', async ({ data }) => {
  if (data?.type !== 'compose') return fail(data?.id, new Error(`unknown request type "${data?.type}"`));
  try {
    const composer = await composerReady;
    const startedAt = performance.now();
    const result = composer.compose(data.source, data.options);
    postMessage({ type: 'result', id: data.id, result, elapsedMs: performance.now() - startedAt });
  } catch (error) {
    fail(data.id, error);
  }
});
