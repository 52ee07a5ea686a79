// The interface's words: each core rule that meta() lists has its
// description in every language the interface offers besides English (the
// core's own words), and no translation outlives its rule.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { dist, root } from './browser.mjs';

const {
  LANGUAGES, Locale, RULE_DESCRIPTIONS, languageOf,
} = await import(pathToFileURL(path.join(root, 'web/i18n.mjs')));
const { createComposer } = await import(pathToFileURL(path.join(dist, 'composer.mjs')));
const { rules } = (await createComposer()).meta();

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
