// issue-elements.d.ts against the elements as Chromium defines them: each
// interface names exactly the element's own properties and methods, and its
// doc comment's "Attributes:" line exactly the attributes it observes.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';

import { dist, newRecordedPage, serveTestFile, useServerAndBrowser } from './browser.mjs';

const declarations = await readFile(path.join(dist, 'elements/issue-elements.d.ts'), 'utf8');

// name -> { attributes, members: Map(member -> 'method' | 'property') }
function declaredElements(source) {
  const elements = new Map();
  const pattern = /\/\*\*\n \* <([\w-]+)[^\n]*\n([\s\S]*?)\*\/\nexport interface (\w+) extends HTMLElement \{\n([\s\S]*?)^\}/gm;
  for (const [, tag, comment, , body] of source.matchAll(pattern)) {
    const attributes = comment.match(/Attributes: (.*)\./)[1].split(', ').map((entry) => entry.split(' ')[0]);
    const members = new Map();
    const code = body.replace(/\/\*\*[\s\S]*?\*\//g, '');
    for (const [, name, rest] of code.matchAll(/^\s*(?:readonly )?(\w+)\??(\(|:)/gm)) members.set(name, rest === '(' ? 'method' : 'property');
    elements.set(tag, { attributes, members });
  }
  return elements;
}

const shared = useServerAndBrowser();

test('issue-elements.d.ts declares what the elements define', async (t) => {
  const declared = declaredElements(declarations);
  assert.deepEqual([...declared.keys()].sort(), ['issue-composer', 'issue-preview']);
  const { page, problems } = await newRecordedPage(shared.browser, t);
  const url = new URL('test-host/types.html', shared.server.url).href;
  await serveTestFile(page, url, '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Types</title>'
    + '<script type="module" src="/issue-preview.mjs"></script><script type="module" src="/issue-composer.mjs"></script></head><body></body></html>');
  await page.goto(url);
  const defined = await page.evaluate(async (tags) => {
    const result = {};
    for (const tag of tags) {
      const element = await customElements.whenDefined(tag);
      const members = {};
      for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(element.prototype))) {
        if (name === 'constructor' || name.endsWith('Callback')) continue;
        members[name] = typeof descriptor.value === 'function' ? 'method' : 'property';
      }
      result[tag] = { attributes: element.observedAttributes, members };
    }
    return result;
  }, [...declared.keys()]);
  for (const [tag, { attributes, members }] of declared) {
    assert.deepEqual([...attributes].sort(), [...defined[tag].attributes].sort(), `${tag}: attributes`);
    // Inherited members (focus, lang) may be declared again for their documentation.
    const own = Object.fromEntries([...members].filter(([name]) => name in defined[tag].members || !['focus', 'lang'].includes(name)));
    assert.deepEqual(own, defined[tag].members, `${tag}: properties and methods`);
  }
  assert.deepEqual(problems, []);
});
