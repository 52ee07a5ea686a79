// The engine worker: owns the WASM core so composing never blocks typing.
// Protocol (see composer-client.mjs):
//   in:  { type: 'compose', id, source, options }
//   out: { type: 'ready', meta }                  once the core has loaded
//        { type: 'result', id, result, elapsedMs }
//        { type: 'error', id, result: { message, crashed } }
// `crashed` means this worker is done: the core trapped (or never loaded) and
// its memory is undefined, so the worker closes and the client starts anew.
import { createComposer } from './composer.mjs';

const composerReady = createComposer();
composerReady.then(
  (composer) => postMessage({ type: 'ready', meta: composer.meta() }),
  () => {},  // reported with the first request, which has an id to answer
);

function reportError(id, error, crashed) {
  postMessage({ type: 'error', id, result: { message: String(error?.message ?? error), crashed } });
  if (crashed) close();
}

addEventListener('message', async ({ data }) => {
  if (data?.type !== 'compose') return reportError(data?.id, `unknown request type "${data?.type}"`, false);
  let composer;
  try {
    composer = await composerReady;
  } catch (error) {
    return reportError(data.id, error, true);
  }
  try {
    const startedAt = performance.now();
    const result = composer.compose(data.source, data.options);
    postMessage({ type: 'result', id: data.id, result, elapsedMs: performance.now() - startedAt });
  } catch (error) {
    // A ComposerError without `crashed` is the core's own error reply: the
    // core is still sound. Anything else may have broken it.
    reportError(data.id, error, error?.name !== 'ComposerError' || error.crashed === true);
  }
});
