// The Web tab's HTML as the engine worker sends it while the writer types:
// in parts, only those that changed since the parts the page holds
// (web/page-view.mjs). Checked against the core's whole HTML of each text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { EmailVerdict, SentParts, pageView, receiveParts, splitParts } from '../../web/page-view.mjs';
import { root } from './browser.mjs';

const { createComposer } = await import(pathToFileURL(path.join(root, 'dist/composer.mjs')));
const composer = await createComposer();
const sample = readFileSync(path.join(root, 'web/samples/weekly-ml-digest.md'), 'utf8');
// A keystroke's worth of change in one item's summary.
const typed = sample.replace('work on low-end devices.', 'work on low-end devices, even offline.');
assert.notEqual(typed, sample);

const fullHtml = (source) => composer.compose(source, { formats: ['html'] }).outputs.html;
const view = (source, page, sent) => pageView(
  composer.compose(source, { formats: ['html'], issue: 'outline' }),
  { send: ['html'], ...page },
  sent,
);
// What the page shows: its article's opening tag and parts, as the core wrote them.
const shownText = ({ shell, parts }) => shell + parts.join('');
const article = (html) => html.slice(0, html.lastIndexOf('</article>'));
const changedIndexes = (delta) => delta.changed.filter((_, i) => i % 2 === 0);

test('the first answer sends every part, and they make up the core\'s HTML', () => {
  const sent = new SentParts();
  const first = view(sample, { htmlBase: null }, sent);
  assert.equal(first.outputs.html, undefined);
  assert.equal(first.html.base, null);
  const held = receiveParts(first.html, null);
  assert.ok(held.parts.length > 5, `the sample's sections are parts (${held.parts.length})`);
  assert.deepEqual(changedIndexes(first.html), held.parts.map((_, i) => i));
  assert.equal(shownText(held), article(fullHtml(sample)));
});

test('a keystroke in one section sends that section only', () => {
  const sent = new SentParts();
  const held = receiveParts(view(sample, { htmlBase: null }, sent).html, null);
  const next = view(typed, { htmlBase: held.version }, sent).html;
  assert.equal(next.base, held.version);
  const { parts } = splitParts(fullHtml(typed));
  const index = parts.findIndex((part) => part.includes('even offline'));
  assert.deepEqual(changedIndexes(next), [index]);
  const now = receiveParts(next, held);
  assert.deepEqual(now.parts, parts);
  assert.equal(shownText(now), article(fullHtml(typed)));
  // Parts the page held are kept as they were (the preview compares them).
  assert.equal(now.parts[0], held.parts[0]);
});

test('sections added, removed and renumbered: the parts always make up the new HTML', () => {
  const sent = new SentParts();
  let held = receiveParts(view(sample, { htmlBase: null }, sent).html, null);
  const edits = [
    (text) => `<!-- a note -->\n${text}`,  // every data-line moves
    (text) => text.replace(/\n## 3\. Papers[\s\S]*?(?=\n## 4\.)/, ''),  // a section less
    (text) => `${text}\n## 9. Extra\n\n### [A new item](https://example.com/a)\nexample.com\n\nWhy it matters.\n`,
    (text) => text.replace('# ', '#  '),
  ];
  let text = sample;
  for (const edit of edits) {
    const edited = edit(text);
    assert.notEqual(edited, text);
    text = edited;
    const delta = view(text, { htmlBase: held.version }, sent).html;
    assert.equal(delta.base, held.version);
    held = receiveParts(delta, held);
    assert.equal(shownText(held), article(fullHtml(text)));
    assert.equal(held.parts.length, delta.count);
  }
});

test('parts the worker did not send last, or sent from another worker, are sent again whole', () => {
  const sent = new SentParts();
  const first = receiveParts(view(sample, { htmlBase: null }, sent).html, null);
  const second = view(typed, { htmlBase: first.version }, sent).html;
  // The page missed `second` and still asks from `first`: everything comes again.
  const third = view(typed, { htmlBase: first.version }, sent).html;
  assert.equal(third.base, null);
  assert.equal(shownText(receiveParts(third, first)), article(fullHtml(typed)));
  // A restarted worker knows none of the page's parts.
  const restarted = view(typed, { htmlBase: third.version }, new SentParts()).html;
  assert.equal(restarted.base, null);
  assert.notEqual(restarted.version, third.version);
  // Changes to parts the page does not hold are refused, not misapplied.
  assert.throws(() => receiveParts(second, receiveParts(third, first)), /parts this page does not have/);
});

test('without htmlBase the HTML comes whole, and the parts in flight are not disturbed', () => {
  const sent = new SentParts();
  const held = receiveParts(view(sample, { htmlBase: null }, sent).html, null);
  const whole = view(sample, {}, sent);
  assert.equal(whole.html, null);
  assert.equal(whole.outputs.html, fullHtml(sample));
  assert.equal(view(typed, { htmlBase: held.version }, sent).html.base, held.version);
});

test('HTML that is not an article is one part', () => {
  assert.deepEqual(splitParts('<p>x</p>\n'), { shell: '', parts: ['<p>x</p>\n'] });
  const sent = new SentParts();
  const delta = sent.delta('<p>x</p>\n', null);
  assert.deepEqual(receiveParts(delta, null).parts, ['<p>x</p>\n']);
  assert.deepEqual(sent.delta('<p>x</p>\n', delta.version).changed, []);
});

// A large issue's keystrokes compose without the email: its warning about
// Gmail's limit came and went between them and the compose made once typing
// paused, and each time the page repainted every problem.
test('the email\'s size warning stands between the composes that render the email', () => {
  let big = sample;
  while (big.length < 160 * 1024) big += sample.slice(sample.indexOf('\n## 1.')).replace(/^## \d+\./gm, '##');
  const composeAs = (source, formats) => composer.compose(source, { formats, issue: 'outline' });
  const verdict = new EmailVerdict();
  const rules = (result) => result.diagnostics.map((diagnostic) => diagnostic.rule);
  const withEmail = pageView(composeAs(big, ['html', 'email']), { send: ['html'] }, null, verdict);
  assert.ok(rules(withEmail).includes('email/too-large'));
  const typed = `${big}\nMore.\n`;
  const plain = composeAs(typed, ['html']);
  assert.ok(!rules(plain).includes('email/too-large'), 'the core cannot tell without the email');
  const kept = pageView(plain, { send: ['html'] }, null, verdict);
  assert.deepEqual(rules(kept), rules(withEmail));
  assert.deepEqual(kept.counts, withEmail.counts);
  assert.equal(kept.total, withEmail.total);
  // A new text starts with no verdict; an email under the limit clears it.
  verdict.forget();
  assert.ok(!rules(pageView(composeAs(typed, ['html']), { send: ['html'] }, null, verdict)).includes('email/too-large'));
  pageView(composeAs(big, ['html', 'email']), { send: ['html'] }, null, verdict);
  pageView(composeAs(sample, ['html', 'email']), { send: ['html'] }, null, verdict);
  assert.ok(!rules(pageView(composeAs(big, ['html']), { send: ['html'] }, null, verdict)).includes('email/too-large'));
});
