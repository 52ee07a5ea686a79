// The problems panel: counts by severity, one entry per diagnostic (click to
// jump), a quick-fix button on each fixable one and "Fix all". It knows
// nothing of editors or bytes: entries come in with their line, column and
// callbacks, made by the page (app.mjs).
export const SEVERITIES = ['error', 'warning', 'info'];

// counts: { error, warning, info } (page-view.mjs)
function summarise(counts, t) {
  if (SEVERITIES.every((severity) => !counts[severity])) return t('noProblems');
  return SEVERITIES.filter((severity) => counts[severity] > 0)
    .map((severity) => t(severity, { n: counts[severity] }))
    .join(', ');
}

// Writing the same text again would still replace the node and its layout.
export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

function part(className, text) {
  const span = document.createElement('span');
  span.className = className;
  span.textContent = text;
  return span;
}

export class ProblemsPanel {
  #list;
  #summary;
  #fixAll;
  #entries = [];
  #keys = [];    // what each shown entry was made from
  #locale;

  // locale: the composer's (i18n.mjs).
  constructor({ list, summary, fixAll }, locale) {
    this.#locale = locale;
    this.#list = list;
    this.#summary = summary;
    this.#fixAll = fixAll;
    list.addEventListener('click', (event) => {
      const button = event.target.closest('button');
      if (!button) return;
      // An entry's place in the list is its index: entries move as problems
      // above them come and go.
      const entry = this.#entries[[...list.children].indexOf(button.closest('li'))];
      if (button.classList.contains('quick-fix')) entry.fix();
      else entry.jump();
    });
    fixAll.addEventListener('click', () => this.onFixAll?.());
  }

  onFixAll = null;

  // entries: [{ severity, message, detail (on hover), rule, line, column,
  // fixTitle?, fix?(), jump() }],
  // the first of `total` diagnostics, whose counts by severity are `counts`.
  // Entries shown before are kept (and moved, when problems above them came
  // or went) rather than made anew: typing on a huge issue, whose panel
  // lists 300, then repaints the entries that changed, not the panel.
  show(entries, counts, total = entries.length) {
    const { t } = this.#locale;
    this.#entries = entries;
    const more = total > entries.length ? ` ${t('showingFirst', { n: entries.length, total })}` : '';
    setText(this.#summary, summarise(counts, t) + more);
    const fixable = entries.filter((entry) => entry.fix).length;
    this.#fixAll.hidden = fixable === 0;
    setText(this.#fixAll, fixable > 1 ? `${t('fixAll')} (${fixable})` : t('fixAll'));
    const shown = new Map();  // key -> items made from it
    [...this.#list.children].forEach((item, index) => {
      const key = this.#keys[index];
      if (shown.has(key)) shown.get(key).push(item);
      else shown.set(key, [item]);
    });
    this.#keys = entries.map((entry) => [this.#locale.tag, entry.severity, entry.line, entry.column, entry.message,
      entry.detail, entry.rule, Boolean(entry.fix), entry.fixTitle].join('\u0001'));
    const items = entries.map((entry, index) => shown.get(this.#keys[index])?.shift() ?? this.#item(entry));
    for (const unused of shown.values()) for (const item of unused) item.remove();
    let next = this.#list.firstElementChild;
    items.forEach((item) => {
      if (item === next) next = next.nextElementSibling;
      else this.#list.insertBefore(item, next);
    });
  }

  #item(entry) {
    const { t } = this.#locale;
    const item = document.createElement('li');
    item.className = `problem severity-${entry.severity}`;
    const jump = document.createElement('button');
    jump.type = 'button';
    jump.className = 'diagnostic';
    jump.title = entry.detail ?? '';
    jump.append(
      part('diagnostic-position', `${entry.line}:${entry.column}`),
      part(`diagnostic-severity severity-${entry.severity}`, t(`severity.${entry.severity}`)),
      part('diagnostic-message', entry.message),
      part('diagnostic-rule', entry.rule),
    );
    item.append(jump);
    if (entry.fix) {
      const fix = document.createElement('button');
      fix.type = 'button';
      fix.className = 'quick-fix';
      fix.textContent = t('fix');
      fix.title = entry.fixTitle ?? '';
      fix.setAttribute('aria-label', `${t('fix')}: ${entry.fixTitle ?? entry.message}`);
      item.append(fix);
    }
    return item;
  }
}
