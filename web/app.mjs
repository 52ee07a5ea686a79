// The page: mounts the composer (workspace.mjs) on index.html's own markup,
// in the page's language, with the title as the tab's title, and
// gives it its drafts (web/drafts/: autosave, library, history, files) and
// offline use (offline.mjs). `composer` (exported) is the narrow handle a
// storage layer uses: getText/setText/onChange and the save state.
import { fetchText } from './assets.mjs';
import { attachDrafts, snapshotBefore } from './drafts/attach.mjs';
import { DraftStore } from './drafts/store.mjs';
import { pageLocale } from './i18n.mjs';
import { registerServiceWorker } from './offline.mjs';
import { mountWorkspace } from './workspace.mjs';

const DEFAULT_EXAMPLE = 'samples/weekly-ml-digest.md';
const TITLE_LENGTH = 120;

// The drafts' database opens while the editor is being set up: the editor
// opens on the draft it holds.
const store = new DraftStore();
store.open();

const locale = pageLocale();
const { t } = locale;

let drafts = null;
export const composer = mountWorkspace(document, {
  locale,
  // A title longer than a tab shows is cut: a pasted text's first line can
  // be a megabyte long.
  setTitle: (title) => {
    const shown = title?.length > TITLE_LENGTH ? `${title.slice(0, TITLE_LENGTH - 1)}…` : title;
    document.title = shown ? `${shown} · ${t('appTitle')}` : t('appTitle');
  },
  // An example opens as a new draft: the one being written stays as it is.
  openExample: (text) => drafts.then(({ session }) => session.createDraft(text)),
  beforeBulkChange: (reason) => snapshotBefore(drafts, reason),
  // Saved as the draft is stored: a CRLF file keeps its CRLF, as Export does.
  sourceFile: () => drafts.then(({ session }) => session.text, () => composer.getText()),
});

// --- Drafts: autosave, library, history, files, offline ------------------------

drafts = attachDrafts({
  composer,
  store,
  locale,
  // A first visit opens on the example, stored as the first draft.
  initialText: () => fetchText(DEFAULT_EXAMPLE).catch((error) => {
    composer.showNotice(t('sampleFailed', { message: error.message }));
    return '';
  }),
  elements: {
    toolbar: document.getElementById('drafts-toolbar'),
    banners: document.getElementById('banners'),
  },
});
// The service worker installs (downloading the whole app once more) after
// the first compose, so that its downloads do not compete with the core's.
const firstCompose = new Promise((resolve) => {
  const stop = composer.onCompose(() => {
    stop();
    resolve();
  });
});

drafts.then(async ({ session, ui }) => {
  performance.mark('composer:editor-ready');  // read by scripts/bench-browser.mjs
  await firstCompose;
  registerServiceWorker({
    onUpdateReady: (apply) => ui.showUpdateReady(apply),
    beforeReload: () => session.flush(),
  }).catch((error) => ui.notify(`Offline use is not available: ${error.message}`, { error: true }));
});
