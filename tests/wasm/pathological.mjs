// The known pathological inputs of cmark-gfm, as ../shared/security/
// pathological.py generates them (its own tests, every CVE proof of concept
// since 2023, and more), and the composer's own (composerCases: the shapes
// its parser reads beside cmark-gfm), for the WASM test
// (pathological.test.mjs) and the benchmark (scripts/bench --pathological). Generated once per size set into
// build/pathological/ (Python's generators are the reference; copying them
// would drift), each case at the largest repetition that fits each size.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { CMARK_GFM_TESTS, ROOT } from './support.mjs';

export const SIZES = [10_000, 100_000, 1_000_000];

// cmark-gfm's renderer switches (-t) mapped onto the composer's outputs: the
// case stresses that output.
const FORMAT_OF_RENDERER = { commonmark: 'markdown', plaintext: 'text', xml: 'json' };

// Imports the script as a module (its main() runs only as a program) and
// writes each case's inputs; constant cases have one input.
const GENERATOR = String.raw`
import json, os, runpy, sys
script, out, sizes = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3].split(",")]
module = runpy.run_path(script)
cases = []
for index, (name, (source, fixed_in, generate, extra, note)) in enumerate(module["CASES"].items()):
    inputs = {}
    for size in sizes:
        _, text = module["sized_input"](generate, size)
        inputs[size] = "%d.%d.md" % (index, size)
        open(os.path.join(out, inputs[size]), "w", encoding="utf-8", newline="").write(text)
    cases.append({"name": name, "source": source, "fixed_in": fixed_in, "note": note, "extra": extra, "inputs": inputs})
for index, (name, (source, text)) in enumerate(module["FIXED"].items()):
    file = "fixed-%d.md" % index
    open(os.path.join(out, file), "w", encoding="utf-8", newline="").write(text)
    cases.append({"name": name, "source": source, "fixed_in": "-", "note": "constant input", "extra": [], "inputs": {"0": file}})
json.dump(cases, open(os.path.join(out, "cases.json"), "w"), indent=1)
`;

/**
 * The cases of `script` (pathological.py) at `sizes`: [{ name, source,
 * format, inputs: [{ size, file }] }], `format` being the output the case
 * stresses besides html.
 */
export function pathologicalCases(script, sizes = SIZES) {
  const key = createHash('sha256').update(readFileSync(script)).update(sizes.join(',')).digest('hex').slice(0, 16);
  const dir = path.join(ROOT, 'build/pathological', key);
  const manifest = path.join(dir, 'cases.json');
  if (!existsSync(manifest)) {
    mkdirSync(dir, { recursive: true });
    const run = spawnSync('python3', ['-c', GENERATOR, script, dir, sizes.join(',')], {
      env: { ...process.env, CMARK_SPEC: path.join(CMARK_GFM_TESTS, 'spec.txt') },
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`generating the pathological inputs failed: ${run.stderr || run.error}`);
  }
  return JSON.parse(readFileSync(manifest, 'utf8')).map((entry) => {
    const renderer = entry.extra[entry.extra.indexOf('-t') + 1];
    return {
      name: entry.name,
      source: entry.source,
      fixedIn: entry.fixed_in,
      format: entry.extra.includes('-t') ? FORMAT_OF_RENDERER[renderer] : null,
      inputs: Object.entries(entry.inputs).map(([size, file]) => ({ size: Number(size), file: path.join(dir, file) })),
    };
  });
}

// The shapes the composer's parser looks for itself, each repeated: a link
// card's opener is found in the raw text, a paragraph of title lines is split
// line by line, the front matter is read by hand, and so on. Some of these
// once took quadratic time.
const COMPOSER_UNITS = {
  'composer: a paragraph of title lines': '**[Title](https://a.org/x)**——[](https://a.org/x)\n',
  'composer: link-card openers': '[# a\n',
  'composer: link-card openers without a destination': '[## a\nb](\n',
  // Backtick runs of many lengths in one paragraph, each a code span for the
  // card finder to pair (find_code_spans) before it reads the openers.
  'composer: link-card openers among code spans': (size) => lines(size, (i) => `a ${'`'.repeat((i % 700) + 1)} [# a\n`),
  'composer: link cards after empty links': '[](https://a.org/x)[## Title\n### Teaser\na.org](https://a.org/x)\n\n',
  'composer: nested brackets in a link card': '[## a\n[',
  'composer: a paragraph of paper lines': '[2108.05887] Summary\n',
  'composer: separator lines': '— — —\n',
  'composer: numbered section headings': '## 1. Section\n\n',
  'composer: heading items': '### [Title](https://a.org/x?utm_source=n)\nSummary.\n\n',
  'composer: list-entry items': '- [Title](https://a.org/x) — summary\n',
  'composer: empty headings': '#\n',
  'composer: runaway bold lines': '****\n',
  'composer: a table of contents': '1. Title\n',
  'composer: domain labels': '【a.org】 ',
  'composer: header lines': 'Number: 5\n',
  // (A function of the size: the text to compose.)
  'composer: front matter of many keys': (size) => `---\n${lines(size, (i) => `key${i}: value\n`)}---\n# T\n`,
  'composer: front matter of lines that are no key': (size) => `---\na: b\n${lines(size, () => 'x y z\n')}---\n# T\n`,
};

// Lines made by `line(i)` up to about `size` bytes.
function lines(size, line) {
  let text = '';
  for (let i = 0; text.length < size; i += 1) text += line(i);
  return text;
}

/**
 * The composer's own pathological inputs, in the shape of pathologicalCases'
 * (`format` null: every case is composed in every format by the test).
 */
export function composerCases(sizes = SIZES) {
  const dir = path.join(ROOT, 'build/pathological/composer');
  mkdirSync(dir, { recursive: true });
  return Object.entries(COMPOSER_UNITS).map(([name, unit], index) => ({
    name,
    source: 'composer',
    fixedIn: '-',
    format: null,
    inputs: sizes.map((size) => {
      const file = path.join(dir, `${index}.${size}.md`);
      const text = typeof unit === 'function' ? unit(size) : unit.repeat(Math.max(1, Math.floor(size / Buffer.byteLength(unit))));
      writeFileSync(file, text);
      return { size, file };
    }),
  }));
}
