// The status bar: words and characters, reading time, items per section,
// the email's size against Gmail's clipping limit, problem counts and the
// save state. Each part is set on its own, as its data arrives.
import { SEVERITIES, setText } from './problems.mjs';
import { readingMinutes } from './text-stats.mjs';

// Gmail clips messages over about 102 KB (of HTML, in bytes).
export const EMAIL_CLIP_BYTES = 102 * 1024;

export function formatSize(bytes) {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

const SAVE_STATES = {
  unsaved: 'saveUnsaved', saving: 'saveSaving', saved: 'saveSaved', new: 'saveNew', error: 'saveError', conflict: 'saveConflict',
};

export class StatusBar {
  #elements;
  #locale;
  #last = {};

  // locale: the composer's (i18n.mjs).
  constructor({ counts, items, email, problems, save }, locale) {
    this.#elements = { counts, items, email, problems, save };
    this.#locale = locale;
  }

  stats(stats) {
    const { t } = this.#locale;
    this.#last.stats = stats;
    setText(this.#elements.counts, [
      t('words', { n: stats.words }),
      t('characters', { n: stats.characters }),
      t('readingTime', { n: readingMinutes(stats) }),
    ].join(' · '));
  }

  outline(outline) {
    const { t } = this.#locale;
    this.#last.outline = outline;
    const counts = outline.sections.map((section) => section.items.length);
    setText(this.#elements.items, counts.length ? t('itemsPerSection', { list: counts.join(' / ') }) : '');
  }

  emailSize(bytes) {
    this.#last.emailSize = bytes;
    const { email } = this.#elements;
    if (bytes === undefined) return;
    const over = bytes > EMAIL_CLIP_BYTES;
    setText(email, this.#locale.t(over ? 'emailClipped' : 'emailSize', { size: formatSize(bytes) }));
    email.classList.toggle('is-over', over);
  }

  // counts: { error, warning, info }
  problems(counts) {
    this.#last.counts = counts;
    setText(this.#elements.problems, SEVERITIES.map((severity) => this.#locale.t(severity, { n: counts[severity] })).join(' · '));
  }

  // state: 'new' | 'unsaved' | 'saving' | 'saved' | 'error' | 'conflict';
  // when: a Date for 'saved'; detail: what the storage layer says about it.
  // The storage layer (web/drafts/) sets it.
  // null: no storage layer (any more), nothing to say.
  save(state, when = new Date(), detail = '') {
    if (state === null) {
      this.#last.save = null;
      this.#elements.save.textContent = '';
      this.#elements.save.title = '';
      delete this.#elements.save.dataset.state;
      return;
    }
    // Every keystroke says 'unsaved': only a change of state (or of its detail) is written.
    const [lastState, , lastDetail] = this.#last.save ?? [];
    if (state === lastState && detail === lastDetail && state !== 'saved' && state !== 'saving') return;
    this.#last.save = [state, when, detail];
    const time = when.toLocaleTimeString(this.#locale.tag, { hour: '2-digit', minute: '2-digit' });
    this.#elements.save.textContent = this.#locale.t(SAVE_STATES[state], { when: time });
    this.#elements.save.title = detail;
    this.#elements.save.dataset.state = state;
  }

  // Repaints every part in the current language.
  refresh() {
    const { stats, outline, emailSize, counts, save } = this.#last;
    if (stats) this.stats(stats);
    if (outline) this.outline(outline);
    this.emailSize(emailSize);
    if (counts) this.problems(counts);
    if (save) {
      this.#last.save = null;
      this.save(...save);
    }
  }
}
