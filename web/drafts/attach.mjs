// Gives a composer its drafts: one call wires the store, the session that
// autosaves the editor and the UI. `composer` is the handle mountWorkspace()
// returns (the page's, or an <issue-composer storage="local">'s); the draft
// is named after the title and number from its last compose, and
// renamed when a later compose of the same text reads them otherwise.
// initialText() gives a first visit's text; elements: { toolbar, banners }
// to build into, and for an embedding `dialogs` (where dialogs go, default
// document.body) and `dropZone` (what takes dropped files, default the whole
// window). `key` keeps an embedding's drafts apart: its own database, and its
// own open draft per tab. `onChange` adds the host's own changes of the text
// (setValue) to the writer's, so they are saved too. `locale`: the
// composer's language (i18n.mjs); `keepText`: the composer's text stays (see
// DraftSession.start); `readOnly`: DraftsUI.setReadOnly from the start;
// `store`: a DraftStore made (and opened) beforehand, instead of a new one.
// Resolves with { session, ui, detach }: detach() saves what is unsaved and
// takes the drafts off the composer (no autosave after it), for an embedding
// whose storage is switched off.
import { DraftSession } from './session.mjs';
import { DraftStore } from './store.mjs';
import { DraftsUI } from './ui.mjs';

export async function attachDrafts({
  composer, initialText, elements, locale, key = '', onChange = composer.onChange, keepText = false, readOnly = false,
  store = new DraftStore(key ? { dbName: `issue-composer:${key}` } : {}),
}) {
  const { editor } = composer;
  const adapter = {
    getText: composer.getText,
    onChange,
    // Another tab's save, or another draft, replaces the text: the cursor
    // stays where it was, as far as the new text reaches.
    setText: (text) => {
      const at = editor.cursor;
      composer.setText(text);
      editor.select(Math.min(at, editor.length), undefined, { focus: false });
    },
    focus: () => editor.focus(),
  };
  const describe = () => {
    const outline = composer.outline();
    return { title: outline?.title ?? '', number: outline?.number ?? null };
  };
  let session = null;
  let ui = null;
  // The browser closes the database when it clears the site's data: the
  // session then finds its draft gone and writes it back.
  store.onClose = () => session?.refresh();
  session = new DraftSession({
    store,
    editor: adapter,
    describe,
    key,
    onStatus: (status) => ui?.showStatus(status),
    onConflict: (conflict) => ui?.showConflict(conflict),
    onTrouble: (error) => ui?.showTrouble(error),
    onLibraryChange: () => ui?.refreshLibrary(),
  });
  const stopComposed = composer.onCompose(() => session.composed());
  ui = new DraftsUI({ session, editor: adapter, locale, readOnly, elements: { ...elements, setSaveState: composer.setSaveState } });
  await session.start(initialText, { keep: keepText });
  const detach = async () => {
    stopComposed();
    await session.close();
    ui.remove();
    composer.setSaveState(null);
  };
  return { session, ui, detach };
}

// Keeps the text as a history snapshot before a bulk change (fix all,
// reorder), when `drafts` (attachDrafts()'s promise) is there; storage
// trouble is already on screen and must not block the change.
export async function snapshotBefore(drafts, reason) {
  await drafts?.then(({ session }) => session.snapshot(reason)).catch(() => {});
}
