// The page: mounts the composer (workspace.mjs) on index.html's own markup,
// in the page's language, with the title as the tab's title, and
// opens the sample. `composer` (exported) is the narrow handle a storage
// layer uses: getText/setText/onChange and the save state.
import { initLanguage, t, translate } from './i18n.mjs';
import { mountWorkspace } from './workspace.mjs';

const DEFAULT_EXAMPLE = 'samples/weekly-ml-digest.md';

initLanguage();

export const composer = mountWorkspace(document, {
  setTitle: (title) => { document.title = title ? `${title} · ${t('appTitle')}` : t('appTitle'); },
});

translate(document);
composer.openExample(DEFAULT_EXAMPLE)
  .then(() => performance.mark('composer:editor-ready'))  // read by scripts/bench-browser.mjs
  .catch((error) => composer.showNotice(t('sampleFailed', { message: error.message })));
