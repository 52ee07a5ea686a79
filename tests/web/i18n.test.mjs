// The interface's words: each core rule that meta() lists has its
// description in every language the interface offers besides English (the
// core's own words), and no translation outlives its rule.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { dist, root } from './browser.mjs';

const {
  LANGUAGES, Locale, RULE_DESCRIPTIONS, languageOf,
} = await import(pathToFileURL(path.join(root, 'web/i18n.mjs')));
const { createComposer } = await import(pathToFileURL(path.join(dist, 'composer.mjs')));
const composer = await createComposer();
const { rules } = composer.meta();

test('every rule of meta() is described in Chinese, and only those', () => {
  const chinese = new Locale('zh-CN');
  for (const rule of rules) {
    const description = chinese.ruleDescription(rule.id);
    assert.ok(description && /\p{Script=Han}/u.test(description), `${rule.id} has no Chinese description`);
  }
  const ids = rules.map((rule) => rule.id).sort();
  for (const [tag] of LANGUAGES.filter(([tag]) => tag !== 'en')) {
    assert.deepEqual(Object.keys(RULE_DESCRIPTIONS[tag]).sort(), ids, `${tag}: translations without a rule, or rules without one`);
  }
  assert.equal(new Locale('en').ruleDescription(rules[0].id), null, 'English shows the core\'s own words');
  assert.equal(chinese.ruleDescription('no/such-rule'), null);
});

test('a language tag picks one of the interface\'s languages', () => {
  for (const tag of ['zh', 'zh-CN', 'zh-Hans', 'zh-Hans-CN', 'ZH-cn', 'zh-SG']) assert.equal(languageOf(tag), 'zh-CN', tag);
  for (const tag of ['en', 'en-GB', 'fr', 'zh-TW', 'zh-Hant', 'zh-HK', 'ja']) assert.equal(languageOf(tag), 'en', tag);
});

test('a Locale says when its language changes, and its t() follows', () => {
  const locale = new Locale('en');
  const { t } = locale;
  const heard = [];
  const stop = locale.onChange((tag) => heard.push(tag));
  assert.equal(t('publish'), 'Publish');
  locale.set('zh-CN');
  assert.equal(t('publish'), '发布');
  assert.equal(t('error', { n: 2 }), '2 个错误');
  locale.set('zh-Hans');
  stop();
  locale.set('en');
  assert.deepEqual(heard, ['zh-CN']);
  assert.equal(t('error', { n: 1 }), '1 error');
});

test('every fix the rules give has its title in Chinese', async () => {
  const chinese = new Locale('zh-CN');
  const folders = path.join(root, 'tests/rules');
  const titles = new Set();
  for (const folder of await readdir(folders)) {
    const failing = await readFile(path.join(folders, folder, 'fail.md'), 'utf8').catch(() => null);
    if (failing === null) continue;
    for (const { fix } of composer.compose(failing, { formats: [] }).diagnostics) if (fix) titles.add(fix.title);
  }
  assert.ok(titles.size >= 8, [...titles].join(', '));
  for (const title of titles) assert.match(chinese.fixTitle(title), /\p{Script=Han}/u, title);
  assert.equal(chinese.fixTitle("Use 'github.com' as the link text"), '用“github.com”作为链接文字');
  assert.equal(new Locale('en').fixTitle('Use https'), 'Use https');
});
