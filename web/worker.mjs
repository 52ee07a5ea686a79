// The engine worker: owns the WASM core so composing never blocks typing.
// Protocol (see composer-client.mjs):
//   in:  { type: 'compose', id, source, options }
//        { type: 'compose', id, edits, options }  edits [from, to, inserted, …]
//                                               to the source of the request before
//        { type: 'stats', id }                    counts of the source of compose `id`
//   out: { type: 'ready', meta }                  once the core has loaded
//        { type: 'result', id, result, elapsedMs }
//        { type: 'stats', id, stats }            words and characters (text-stats.mjs)
//        { type: 'error', id, result: { message, crashed } }
// With options.page set, `result` is what the page shows, made here so the
// page's thread never parses or copies a large model (page-view.mjs); the
// page asks for the counts of such a source only once nothing newer waits.
// `crashed` means this worker is done: the core trapped (or never loaded) and
// its memory is undefined, so the worker closes and the client starts anew.
import { CORE_OPTIONS } from './assets.mjs';
import { createComposer } from './composer.mjs';
import { EmailVerdict, SentParts, pageView } from './page-view.mjs';
import { textStats } from './text-stats.mjs';

const composerReady = createComposer(CORE_OPTIONS);
composerReady.then(
  (composer) => postMessage({ type: 'ready', meta: composer.meta() }),
  () => {},  // reported with the first request, which has an id to answer
);

function applyEdits(text, edits) {
  let edited = '';
  let at = 0;
  for (let i = 0; i < edits.length; i += 3) {
    edited += text.slice(at, edits[i]) + edits[i + 2];
    at = edits[i + 1];
  }
  return edited + text.slice(at);
}

function reportError(id, error, crashed) {
  postMessage({ type: 'error', id, result: { message: String(error?.message ?? error), crashed } });
  if (crashed) close();
}

// The source of the last request, which the next one's edits apply to
// (composer-client.mjs), and the last page source composed, for its counts.
let lastSource = null;
let counted = { id: null, source: '' };
// The Web tab's HTML as last sent in parts, and whether the email is over
// Gmail's limit (page-view.mjs).
const sentParts = new SentParts();
const emailVerdict = new EmailVerdict();

addEventListener('message', async ({ data }) => {
  if (data?.type === 'stats') {
    if (data.id === counted.id) postMessage({ type: 'stats', id: data.id, stats: textStats(counted.source) });
    return undefined;
  }
  if (data?.type !== 'compose') return reportError(data?.id, `unknown request type "${data?.type}"`, false);
  if (data.edits) {
    if (lastSource === null) return reportError(data.id, 'edits came before any source', true);
    lastSource = applyEdits(lastSource, data.edits);
  } else {
    lastSource = data.source;
    emailVerdict.forget();
  }
  const source = lastSource;
  let composer;
  try {
    composer = await composerReady;
  } catch (error) {
    return reportError(data.id, error, true);
  }
  try {
    const startedAt = performance.now();
    const { page, ...options } = data.options ?? {};
    // The page's view reads only the model's outline (page-view.mjs).
    let result = composer.compose(source, page ? { ...options, issue: 'outline' } : options);
    if (page) result = pageView(result, page, sentParts, emailVerdict);
    if (page) counted = { id: data.id, source };
    postMessage({ type: 'result', id: data.id, result, elapsedMs: performance.now() - startedAt },
      page ? [result.ranges.buffer] : []);
  } catch (error) {
    // A ComposerError without `crashed` is the core's own error reply: the
    // core is still sound. Anything else may have broken it.
    reportError(data.id, error, error?.name !== 'ComposerError' || error.crashed === true);
  }
});
