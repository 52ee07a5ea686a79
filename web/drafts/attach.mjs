// Gives the page its drafts: one call wires the store, the session that
// autosaves the editor, the UI and the service worker. The page hands in its
// editor adapter ({ getText, setText, onChange, focus }), a describe(text)
// that names the draft ({ title, number } from the last compose), the
// initial text for a first visit, and the elements to build into.
import { registerServiceWorker } from '../offline.mjs';
import { DraftSession } from './session.mjs';
import { DraftStore } from './store.mjs';
import { DraftsUI } from './ui.mjs';

export async function attachDrafts({ editor, describe, initialText, elements }) {
  let session = null;
  let ui = null;
  // The browser closes the database when it clears the site's data: the
  // session then finds its draft gone and writes it back.
  const store = new DraftStore({ onClose: () => session?.refresh() });
  session = new DraftSession({
    store,
    editor,
    describe,
    onStatus: (status) => ui?.showStatus(status),
    onConflict: (conflict) => ui?.showConflict(conflict),
    onTrouble: (error) => ui?.showTrouble(error),
    onLibraryChange: () => ui?.refreshLibrary(),
  });
  ui = new DraftsUI({ session, editor, elements });
  await session.start(initialText);
  registerServiceWorker({
    onUpdateReady: (apply) => ui.showUpdateReady(apply),
    beforeReload: () => session.flush(),
  }).catch((error) => ui.notify(`Offline use is not available: ${error.message}`, { error: true }));
  return { session, ui };
}
