// The engine worker: owns the WASM core so composing never blocks typing.
// Protocol (see composer-client.mjs):
//   in:  { type: 'compose', id, source, options }
//   out: { type: 'ready', meta }                  once the core has loaded
//        { type: 'result', id, result, elapsedMs }
// With options.page set, `result` is what the page shows, made here so the
// page's thread never parses or walks a large model: { outline, diagnostics,
// outputs (only those in options.page.send), sizes (UTF-8 bytes of every
// output rendered) } — see pageView() below — followed by
//        { type: 'stats', id, stats }            words and characters (text-stats.mjs)
//        { type: 'error', id, result: { message, crashed } }
// `crashed` means this worker is done: the core trapped (or never loaded) and
// its memory is undefined, so the worker closes and the client starts anew.
import { createComposer } from './composer.mjs';
import { textStats } from './text-stats.mjs';

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
    const { page, ...options } = data.options ?? {};
    let result = composer.compose(data.source, options);
    if (page) result = pageView(result, page);
    postMessage({ type: 'result', id: data.id, result, elapsedMs: performance.now() - startedAt });
    // Counted after the reply, so the preview never waits for the counts.
    if (page) postMessage({ type: 'stats', id: data.id, stats: textStats(data.source) });
  } catch (error) {
    // A ComposerError without `crashed` is the core's own error reply: the
    // core is still sound. Anything else may have broken it.
    reportError(data.id, error, error?.name !== 'ComposerError' || error.crashed === true);
  }
});


const encoder = new TextEncoder();

const slimRange = (range) => range && { start: range.start, end: range.end };

// The outline the page shows and edits: sections and items with their ranges
// (as the model gives them: line, byte column, byte offset).
function outlineOf(issue) {
  return {
    title: issue.title,
    number: issue.number,
    newsletter: issue.newsletter,
    toc: slimRange(issue.toc?.range),
    sections: issue.sections.map((section) => ({
      number: section.number,
      title: section.title,
      level: section.level,
      range: slimRange(section.range),
      heading: slimRange(section.heading_range),
      items: section.items.map((item) => ({ title: item.title, url: item.url, range: slimRange(item.range) })),
    })),
  };
}

function pageView(result, { send = [] }) {
  const sizes = {};
  const outputs = {};
  for (const [format, text] of Object.entries(result.outputs ?? {})) {
    sizes[format] = encoder.encode(text).length;
    if (send.includes(format)) outputs[format] = text;
  }
  return {
    outline: outlineOf(result.issue),
    diagnostics: result.diagnostics,
    outputs,
    sizes,
  };
}
