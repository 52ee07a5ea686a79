// The page's words in English and Simplified Chinese. Elements name their
// text with data-i18n="key" and attributes with data-i18n-attr="attr:key;…";
// code asks its composer's Locale: t(key, values).

const STRINGS = {
  en: {
    appTitle: 'Issue Composer',
    toolbar: 'Formatting',
    bold: 'Bold', italic: 'Italic', link: 'Link', newItem: 'New item', newSection: 'New section',
    find: 'Find and replace', togglePreview: 'Toggle preview', undo: 'Undo', redo: 'Redo',
    examples: 'Examples', exampleEnglish: 'Weekly ML Digest #27 (English)', exampleChinese: 'AI 周报第 12 期 (中文)',
    publish: 'Publish', copyRich: 'Copy for Medium / Substack / Ghost', copyEmail: 'Copy email HTML',
    downloadHtml: 'Download .html', downloadText: 'Download .txt', downloadMarkdown: 'Download .md',
    downloadJson: 'Download .json', saveSource: 'Save source (.md)',
    language: 'Language', theme: 'Theme', themeSystem: 'System', themeLight: 'Light', themeDark: 'Dark',
    help: 'Keyboard shortcuts', close: 'Close', dismiss: 'Dismiss',
    editorLabel: 'Issue source', editorPane: 'Editor',
    preview: 'Preview', previewTabs: 'Output', tabWeb: 'Web', tabEmail: 'Email', tabText: 'Plain text',
    tabMarkdown: 'Markdown', tabJson: 'JSON', emailWidth: 'Email width', desktop: '600 px', phone: '375 px',
    webFrame: 'Rendered issue', emailFrame: 'Rendered email',
    outline: 'Outline', outlineHint: 'Drag, or Alt+↑/↓, to reorder', outlineEmpty: 'No sections yet',
    moveToEnd: 'Move to the end',
    problems: 'Problems', noProblems: 'No problems', fix: 'Fix', fixAll: 'Fix all',
    error: '{n} error|{n} errors', warning: '{n} warning|{n} warnings', info: '{n} info|{n} info',
    loading: 'Loading the composer…', composed: 'Composed {sections} in {ms} ms', notComposed: 'Not composed',
    sections: '{n} section|{n} sections',
    words: '{n} word|{n} words', characters: '{n} character|{n} characters', readingTime: '{n} min read',
    itemsPerSection: 'Items per section: {list}', emailSize: 'Email {size} of ~102 KB',
    emailClipped: 'Email {size}: over ~102 KB, Gmail clips it',
    saveUnsaved: 'Unsaved changes', saveSaved: 'Saved {when}', saveSaving: 'Saving…', saveNew: 'Not saved yet',
    saveError: 'Not saved: retrying', saveConflict: 'Changed in another tab',
    copied: 'Copied to the clipboard', copyFailed: 'Could not copy: {message}',
    restarted: 'The composer stopped unexpectedly and was restarted.',
    composeFailed: 'The composer could not run: {message}',
    sampleFailed: 'The example could not be loaded: {message}',
    tooLarge: 'This issue is larger than the composer accepts; only its beginning is previewed.',
    shortcutsTitle: 'Keyboard shortcuts', shortcut: 'Shortcut', action: 'Action',
    helpKey: 'Show this help', focusEditor: 'Move focus to the editor', nextPanel: 'Move between page areas',
    pasteHint: 'Paste a link on an empty line in a section to start an item',
    coreVersion: 'core {version}', showingFirst: '(first {n} of {total} shown)',
  },
  'zh-CN': {
    appTitle: '期刊编辑器',
    toolbar: '格式',
    bold: '粗体', italic: '斜体', link: '链接', newItem: '新条目', newSection: '新栏目',
    find: '查找和替换', togglePreview: '显示/隐藏预览', undo: '撤销', redo: '重做',
    examples: '示例', exampleEnglish: 'Weekly ML Digest #27 (English)', exampleChinese: 'AI 周报第 12 期 (中文)',
    publish: '发布', copyRich: '复制到 Medium / Substack / Ghost', copyEmail: '复制邮件 HTML',
    downloadHtml: '下载 .html', downloadText: '下载 .txt', downloadMarkdown: '下载 .md',
    downloadJson: '下载 .json', saveSource: '保存源文件 (.md)',
    language: '语言', theme: '主题', themeSystem: '跟随系统', themeLight: '浅色', themeDark: '深色',
    help: '键盘快捷键', close: '关闭', dismiss: '关闭提示',
    editorLabel: '期刊源文', editorPane: '编辑器',
    preview: '预览', previewTabs: '输出', tabWeb: '网页', tabEmail: '邮件', tabText: '纯文本',
    tabMarkdown: 'Markdown', tabJson: 'JSON', emailWidth: '邮件宽度', desktop: '600 像素', phone: '375 像素',
    webFrame: '渲染后的期刊', emailFrame: '渲染后的邮件',
    outline: '大纲', outlineHint: '拖动或按 Alt+↑/↓ 调整顺序', outlineEmpty: '还没有栏目',
    moveToEnd: '移到末尾',
    problems: '问题', noProblems: '没有问题', fix: '修复', fixAll: '全部修复',
    error: '{n} 个错误', warning: '{n} 个警告', info: '{n} 条提示',
    loading: '正在加载编辑器…', composed: '已生成 {sections}，用时 {ms} 毫秒', notComposed: '未生成',
    sections: '{n} 个栏目',
    words: '{n} 词', characters: '{n} 字', readingTime: '阅读约 {n} 分钟',
    itemsPerSection: '各栏目条目：{list}', emailSize: '邮件 {size}，上限约 102 KB',
    emailClipped: '邮件 {size}：超过约 102 KB，Gmail 会截断',
    saveUnsaved: '有未保存的修改', saveSaved: '已保存（{when}）', saveSaving: '正在保存…', saveNew: '尚未保存',
    saveError: '未保存：正在重试', saveConflict: '已在另一个标签页中修改',
    copied: '已复制到剪贴板', copyFailed: '无法复制：{message}',
    restarted: '编辑器核心意外停止，已重新启动。',
    composeFailed: '编辑器核心无法运行：{message}',
    sampleFailed: '无法加载示例：{message}',
    tooLarge: '期刊超过了编辑器可接受的大小，只预览开头部分。',
    shortcutsTitle: '键盘快捷键', shortcut: '快捷键', action: '操作',
    helpKey: '显示本帮助', focusEditor: '把焦点移到编辑器', nextPanel: '在页面区域之间移动',
    pasteHint: '在栏目中的空行粘贴链接即可新建条目',
    coreVersion: '核心 {version}', showingFirst: '（显示 {total} 个中的前 {n} 个）',
  },
};

// CodeMirror's own words (search panel, lint) in Chinese.
const EDITOR_PHRASES = {
  'zh-CN': {
    Find: '查找', Replace: '替换', next: '下一个', previous: '上一个', all: '全部',
    'match case': '区分大小写', regexp: '正则表达式', 'by word': '全词匹配',
    replace: '替换', 'replace all': '全部替换', close: '关闭',
    'Go to line': '跳到行', go: '跳转', Diagnostics: '诊断', 'No diagnostics': '没有诊断',
    'current match': '当前匹配', 'on line': '在行',
  },
};

export const LANGUAGES = [['en', 'English'], ['zh-CN', '简体中文']];
const STORAGE_KEY = 'issue-composer.language';
const SIMPLIFIED_CHINESE = /^zh\b(?!-(Hant|TW|HK|MO))/i;

const browserLanguage = () => ((navigator.languages ?? [navigator.language]).some((tag) => SIMPLIFIED_CHINESE.test(tag))
  ? 'zh-CN' : 'en');

// One of LANGUAGES for a BCP 47 tag ("zh", "zh-Hans-CN" → zh-CN); without a
// tag, the browser's.
export function languageOf(tag) {
  if (!tag) return browserLanguage();
  return SIMPLIFIED_CHINESE.test(tag) ? 'zh-CN' : 'en';
}

// Adds a part of the page's words ({ en: {…}, 'zh-CN': {…} }), as the drafts
// UI does with web/drafts/strings.mjs.
export function addStrings(tables) {
  for (const [tag, strings] of Object.entries(tables)) Object.assign(STRINGS[tag], strings);
}

// A language and the words in it, for one composer: the page has one, and
// each <issue-composer> its own (its `lang`), so two on a page can differ.
// The pieces of a composer take its `t` and repaint when it changes.
export class Locale {
  #tag;
  #listeners = new Set();

  constructor(tag) { this.#tag = languageOf(tag); }

  get tag() { return this.#tag; }

  // t('words', { n: 3 }): "one|many" forms pick by n.
  t = (key, values = {}) => {
    const text = STRINGS[this.#tag][key] ?? STRINGS.en[key] ?? key;
    const forms = text.split('|');
    const form = forms.length > 1 && values.n !== 1 ? forms[1] : forms[0];
    return form.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
  };

  // CodeMirror's phrases in this language.
  get editorPhrases() { return EDITOR_PHRASES[this.#tag] ?? {}; }

  translate(root) {
    for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = this.t(element.dataset.i18n);
    for (const element of root.querySelectorAll('[data-i18n-attr]')) {
      for (const pair of element.dataset.i18nAttr.split(';')) {
        const [attribute, key] = pair.split(':');
        element.setAttribute(attribute, this.t(key));
      }
    }
  }

  set(tag) {
    const next = languageOf(tag);
    if (next === this.#tag) return;
    this.#tag = next;
    for (const listener of this.#listeners) listener(next);
  }

  // listener(tag) after each change; returns its removal.
  onChange(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

// The page's language: the browser's until the writer picks one, which is
// remembered; the document's lang follows it.
export function pageLocale() {
  let saved = null;
  try { saved = localStorage.getItem(STORAGE_KEY); } catch { /* storage may be off */ }
  const locale = new Locale(LANGUAGES.some(([tag]) => tag === saved) ? saved : null);
  document.documentElement.lang = locale.tag;
  locale.onChange((tag) => {
    document.documentElement.lang = tag;
    try { localStorage.setItem(STORAGE_KEY, tag); } catch { /* storage may be off */ }
  });
  return locale;
}
