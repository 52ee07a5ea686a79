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
    outline: 'Outline', outlineHint: 'Drag, or Alt+↑/↓, to reorder', moveShortcut: 'Move the outline entry in focus up or down', outlineEmpty: 'No sections yet',
    moveToEnd: 'Move to the end',
    problems: 'Problems', noProblems: 'No problems', fix: 'Fix', fixAll: 'Fix all',
    error: '{n} error|{n} errors', warning: '{n} warning|{n} warnings', info: '{n} info|{n} info',
    'severity.error': 'error', 'severity.warning': 'warning', 'severity.info': 'info',
    loading: 'Loading the composer…', composed: 'Composed {sections} in {ms} ms', notComposed: 'Not composed',
    sections: '{n} section|{n} sections',
    words: '{n} word|{n} words', characters: '{n} character|{n} characters', readingTime: '{n} min read',
    itemsPerSection: 'Items per section: {list}', emailSize: 'Email {size} of ~102 KB',
    emailClipped: 'Email {size}: over ~102 KB, Gmail clips it',
    saveUnsaved: 'Unsaved changes', saveSaved: 'Saved {when}', saveSaving: 'Saving…', saveNew: 'Not saved yet',
    saveError: 'Not saved: retrying', saveConflict: 'Changed in another tab',
    copied: 'Copied to the clipboard', copyFailed: 'Could not copy: {message}',
    downloadFailed: 'Could not download: {message}', noOutput: 'the core gave no {format} output.',
    restarted: 'The composer stopped unexpectedly and was restarted.',
    composeFailed: 'The composer could not run: {message}',
    sampleFailed: 'The example could not be loaded: {message}',
    tooLarge: 'This issue is larger than the composer accepts; only its beginning is previewed.',
    previewCut: '… {count} more character, not shown in the preview|… {count} more characters, not shown in the preview',
    imageUnnamed: 'Image',
    shortcutsTitle: 'Keyboard shortcuts', shortcut: 'Shortcut', action: 'Action',
    helpKey: 'Show this help (? outside the editor)', focusEditor: 'Move focus to the editor', nextPanel: 'Move between page areas',
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
    outline: '大纲', outlineHint: '拖动或按 Alt+↑/↓ 调整顺序', moveShortcut: '上移或下移大纲中获得焦点的条目', outlineEmpty: '还没有栏目',
    moveToEnd: '移到末尾',
    problems: '问题', noProblems: '没有问题', fix: '修复', fixAll: '全部修复',
    error: '{n} 个错误', warning: '{n} 个警告', info: '{n} 条提示',
    'severity.error': '错误', 'severity.warning': '警告', 'severity.info': '提示',
    loading: '正在加载编辑器…', composed: '已生成 {sections}，用时 {ms} 毫秒', notComposed: '未生成',
    sections: '{n} 个栏目',
    words: '{n} 词', characters: '{n} 字', readingTime: '阅读约 {n} 分钟',
    itemsPerSection: '各栏目条目：{list}', emailSize: '邮件 {size}，上限约 102 KB',
    emailClipped: '邮件 {size}：超过约 102 KB，Gmail 会截断',
    saveUnsaved: '有未保存的修改', saveSaved: '已保存（{when}）', saveSaving: '正在保存…', saveNew: '尚未保存',
    saveError: '未保存：正在重试', saveConflict: '已在另一个标签页中修改',
    copied: '已复制到剪贴板', copyFailed: '无法复制：{message}',
    downloadFailed: '无法下载：{message}', noOutput: '核心没有生成 {format} 输出。',
    restarted: '编辑器核心意外停止，已重新启动。',
    composeFailed: '编辑器核心无法运行：{message}',
    sampleFailed: '无法加载示例：{message}',
    tooLarge: '期刊超过了编辑器可接受的大小，只预览开头部分。',
    previewCut: '……其余 {count} 个字符未在预览中显示',
    imageUnnamed: '图片',
    shortcutsTitle: '键盘快捷键', shortcut: '快捷键', action: '操作',
    helpKey: '显示本帮助（? 在编辑器外）', focusEditor: '把焦点移到编辑器', nextPanel: '在页面区域之间移动',
    pasteHint: '在栏目中的空行粘贴链接即可新建条目',
    coreVersion: '核心 {version}', showingFirst: '（显示 {total} 个中的前 {n} 个）',
  },
};

// CodeMirror's own words (search panel, lint) in Chinese; English has its own.
const NO_PHRASES = {};
const EDITOR_PHRASES = {
  'zh-CN': {
    Find: '查找', Replace: '替换', next: '下一个', previous: '上一个', all: '全部',
    'match case': '区分大小写', regexp: '正则表达式', 'by word': '全词匹配',
    replace: '替换', 'replace all': '全部替换', close: '关闭',
    'Go to line': '跳到行', go: '跳转', Diagnostics: '诊断', 'No diagnostics': '没有诊断',
    'current match': '当前匹配', 'on line': '在行',
  },
};

// The core's rules in words, by rule id (the core's meta() has them in
// English, which the English interface shows as they are). A diagnostic's own
// message is English and names specifics; a Chinese interface shows its
// rule's description here, and the message on hover.
export const RULE_DESCRIPTIONS = {
  'zh-CN': {
    'input/too-large': '源文超过大小上限，只读取了开头部分。',
    'input/invalid-utf8': '源文含有不是有效 UTF-8 的字节。',
    'input/nul-byte': '源文含有 NUL 字节。',
    'input/binary': '源文看起来是二进制文件，而不是 Markdown 文本。',
    'input/table-too-large': '某个表格的单元格太多（大多为空），无法排版，已按纯文本显示。',
    'front-matter/unclosed': '前置元数据以“---”开始，但没有结束。',
    'front-matter/malformed': '前置元数据中有一行不是“键: 值”的形式。',
    'front-matter/duplicate-key': '前置元数据中的某个键设置了不止一次。',
    'front-matter/invalid-number': '前置元数据中的期号不是整数。',
    'front-matter/comment-in-value': '前置元数据的值后面有“ #…”，YAML 把它当作注释而略去。',
    'options/invalid': '某个选项或规则设置未知，或取值有误。',
    'output/too-large': '某项输出太大，无法预览（HTML 超过 2 MB，或任何输出超过源文的 50 倍），已略去。',
    'internal/error': '编辑器核心处理此输入时出错；悬停可看到出错位置。',
    'structure/no-title': '期刊没有标题。',
    'structure/no-number': '期刊没有期号。',
    'structure/section-numbering': '栏目编号有跳号、重复或倒序。',
    'structure/toc-mismatch': '目录与栏目不再一致。',
    'structure/empty-section': '某个栏目没有内容。',
    'structure/item-no-link': '某个条目没有链接。',
    'structure/item-no-summary': '某个条目没有摘要。',
    'structure/summary-too-long': '摘要超过了设定的字数。',
    'structure/highlight-unlinked': '某条要点没有链接到期刊中的任何内容。',
    'link/empty-text': '链接没有文字：“[](url)”。',
    'link/duplicate': '两个条目链接到同一个页面。',
    'link/insecure': '链接使用了 http:，而该网址有 https:。',
    'link/relative': '相对链接在邮件中会失效。',
    'link/malformed': '链接的网址格式有误。',
    'link/unsafe-scheme': '链接使用了 javascript:、vbscript: 或 data: 网址。',
    'link/tracking': '链接带有手动输入的跟踪参数。',
    'link/vague-text': '链接文字是“点击这里”之类，或是裸网址。',
    'paper/id-mismatch': '[id] 行指向的论文与条目的 arXiv 链接不同。',
    'paper/pdf-link': 'arXiv 链接指向 PDF 或某个版本，而不是摘要页。',
    'paper/malformed-id': '[id] 行中的 arXiv 编号格式有误。',
    'image/no-alt': '图片没有替代文字。',
    'image/relative': '图片路径是相对路径，在邮件中无法加载。',
    'image/outside-item': '有图片不在任何条目之内。',
    'markup/runaway-emphasis': '未闭合的强调标记会显示为字面上的星号。',
    'markup/raw-html': '原始 HTML 会从所有输出中略去。',
    'markup/hand-separator': '分隔线是手工输入的，而不是“---”。',
    'markup/heading-jump': '标题级别跳了不止一级。',
    'email/too-large': '生成的邮件超过了 Gmail 的截断上限（约 102 KB）。',
    'email/no-preheader': '前置元数据中没有邮件的预览文字（preheader）。',
    'email/long-subject': '标题比邮件主题行应有的长度更长。',
    'text/placeholder': '遗留了占位符（TK、TODO、XXX、lorem ipsum）。',
  },
};

// The core's fix titles in each language but English, by the core's words:
// [pattern, translation], where the translation may use the pattern's groups.
export const FIX_TITLES = {
  'zh-CN': [
    [/^Remove the empty link$/, '删除空链接'],
    [/^Use '(.*)' as the link text$/s, '用“$1”作为链接文字'],
    [/^Use https$/, '改用 https'],
    [/^Remove the tracking parameters$/, '删除跟踪参数'],
    [/^Remove the stray markers$/, '删除多余的标记'],
    [/^Write '---'$/, '改写为“---”'],
    [/^Link to the abstract page$/, '改为链接到摘要页'],
    [/^Regenerate the table of contents$/, '重新生成目录'],
    [/^Quote the value$/, '给值加上引号'],
  ],
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
  get editorPhrases() { return EDITOR_PHRASES[this.#tag] ?? NO_PHRASES; }

  // A core rule's description in this language; null where the core's own
  // (English) words are the ones to show.
  ruleDescription(id) { return RULE_DESCRIPTIONS[this.#tag]?.[id] ?? null; }

  // A fix's title in this language; the core's own where it has no translation.
  fixTitle(title) {
    const found = FIX_TITLES[this.#tag]?.find(([pattern]) => pattern.test(title));
    return found ? title.replace(found[0], found[1]) : title;
  }

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
