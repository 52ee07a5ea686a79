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
  #locale;

  // locale: the composer's (i18n.mjs).
  constructor({ list, summary, fixAll }, locale) {
    this.#locale = locale;
    this.#list = list;
    this.#summary = summary;
    this.#fixAll = fixAll;
    list.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-index]');
      if (!button) return;
      const entry = this.#entries[Number(button.dataset.index)];
      if (button.classList.contains('quick-fix')) entry.fix();
      else entry.jump();
    });
    fixAll.addEventListener('click', () => this.onFixAll?.());
  }

  onFixAll = null;

  // entries: [{ severity, message, detail (on hover), rule, line, column,
  // fixTitle?, fix?(), jump() }],
  // the first of `total` diagnostics, whose counts by severity are `counts`.
  show(entries, counts, total = entries.length) {
    const { t } = this.#locale;
    this.#entries = entries;
    const more = total > entries.length ? ` ${t('showingFirst', { n: entries.length, total })}` : '';
    this.#summary.textContent = summarise(counts, t) + more;
    const fixable = entries.filter((entry) => entry.fix).length;
    this.#fixAll.hidden = fixable === 0;
    this.#fixAll.textContent = fixable > 1 ? `${t('fixAll')} (${fixable})` : t('fixAll');
    this.#list.replaceChildren(...entries.map((entry, index) => {
      const item = document.createElement('li');
      item.className = `problem severity-${entry.severity}`;
      const jump = document.createElement('button');
      jump.type = 'button';
      jump.className = 'diagnostic';
      jump.dataset.index = String(index);
      jump.title = entry.detail ?? '';
      jump.append(
        part('diagnostic-position', `${entry.line}:${entry.column}`),
        part(`diagnostic-severity severity-${entry.severity}`, t(entry.severity, { n: 1 }).replace(/^1\s*/, '')),
        part('diagnostic-message', entry.message),
        part('diagnostic-rule', entry.rule),
      );
      item.append(jump);
      if (entry.fix) {
        const fix = document.createElement('button');
        fix.type = 'button';
        fix.className = 'quick-fix';
        fix.dataset.index = String(index);
        fix.textContent = t('fix');
        fix.title = entry.fixTitle ?? '';
        fix.setAttribute('aria-label', `${t('fix')}: ${entry.fixTitle ?? entry.message}`);
        item.append(fix);
      }
      return item;
    }));
  }

}
