// The WASM core timed inside headless Chromium, where the composer page runs
// it (in its worker; here on a page's thread, the same engine): for
// scripts/bench.mjs, by the same method as its Node rows. dist/ is served as
// scripts/start serves it, composer.mjs is imported on a page of that origin,
// and for each input the engines run in interleaved rounds, each sample a
// batch at least minBatchMs long; the medians and 95th percentiles come back.
import { launchChromium } from './chromium.mjs';
import { serve } from './serve.mjs';

// Runs in the page; `names` picks from ENGINES. One composer serves every
// input, and each engine first runs for WARM_UP_MS: Chromium compiles
// WebAssembly with a baseline compiler first and optimises a function once
// it is hot, in the background, so the first hundreds of milliseconds
// measure the baseline code.
async function benchInPage({ source, rounds, minBatchMs, names }) {
  const WARM_UP_MS = 1500;
  const { createComposer } = await import('./composer.mjs');
  globalThis.benchComposer ??= await createComposer();
  const composer = globalThis.benchComposer;
  const all = composer.meta().formats;
  const ENGINES = {
    html: () => composer.compose(source, { formats: ['html'] }).outputs.html.length,
    // Every output decoded and read, as a sending platform reads them.
    all: () => Object.values(composer.compose(source, { formats: all }).outputs).reduce((n, text) => n + text.length, 0),
  };
  const runs = names.map((name) => {
    const run = ENGINES[name];
    for (const warmingUp = performance.now(); performance.now() - warmingUp < WARM_UP_MS;) run();
    const started = performance.now();
    if (!(run() > 0)) throw new Error(`${name} rendered nothing`);
    return Math.max(1, Math.ceil(minBatchMs / Math.max(performance.now() - started, 0.001)));
  });
  const samples = names.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    for (let step = 0; step < names.length; step += 1) {
      const index = (round + step) % names.length;
      const run = ENGINES[names[index]];
      const started = performance.now();
      for (let i = 0; i < runs[index]; i += 1) run();
      samples[index].push((performance.now() - started) / runs[index]);
    }
  }
  return samples;
}

// inputs: [{ source, rounds }]; engines: names, 'html' (the model, problems
// and html) or 'all' (all five formats). Resolves to { version, results:
// [per input: [per engine: its sample times, sorted]] }.
export async function benchInChromium({ dist, inputs, engines, minBatchMs }) {
  const { server, url } = await serve({ dir: dist, port: 0 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(new URL('favicon.svg', url).href);  // any page of the app's origin
    const results = [];
    for (const input of inputs) {
      const samples = await page.evaluate(benchInPage, { source: input.source, rounds: input.rounds, minBatchMs, names: engines });
      results.push(samples.map((times) => times.sort((a, b) => a - b)));
    }
    return { version: browser.version(), results };
  } finally {
    await browser.close();
    server.close();
    server.closeAllConnections();
  }
}
