// <issue-composer>: the whole composer of the page (editor, preview of every
// output, problems with fixes, outline, status) as one custom element, for a
// blog platform's admin. It mounts the page's own markup (index.html, bundled
// in as text) and wiring (workspace.mjs) inside a shadow root, so the page
// and the element are one composer; the core runs in a worker per element.
//
// Attributes and properties: value, src, formats, theme, lang, readonly,
// storage. Events: input (detail { source }, after a pause in typing),
// diagnostics (detail { diagnostics, counts, total }), publish (detail { source, outputs,
// issue, diagnostics }). Methods: getValue(), setValue(), compose(options),
// publish(), focus(). Types: issue-elements.d.ts; guide: README "Embedding".
import PAGE_MARKUP from '../index.html';
import { startEngineWorker } from '../assets.mjs';
import { ComposerClient } from '../composer-client.mjs';
import { attachDrafts, snapshotBefore } from '../drafts/attach.mjs';
import { Locale } from '../i18n.mjs';
import { mountWorkspace } from '../workspace.mjs';
import {
  attachStyledShadow, fetchSource, inlineSource, upgradeProperties,
} from './shadow.mjs';

const INPUT_PAUSE_MS = 300;
// The page's own controls that belong to the host here: it picks examples,
// language and theme, and owns publishing (the Publish button hands it over).
const HOST_CONTROLS = ['#examples-menu', '#publish-menu', '.select-label', '.app-header h1'];

// The page's body markup, parsed once and cloned for each element.
let pageBody = null;
function pageMarkup() {
  pageBody ??= new DOMParser().parseFromString(PAGE_MARKUP, 'text/html').body;
  return [...pageBody.cloneNode(true).childNodes].map((node) => document.importNode(node, true));
}

function formatList(value) {
  return String(value ?? '').split(/[\s,]+/).filter(Boolean);
}

// A key per composer on the page for storage="local" (its own drafts
// database): the page's path and its id, else its place.
function draftKey(element) {
  const place = element.id || String([...document.querySelectorAll('issue-composer')].indexOf(element));
  return `${location.pathname}#${place}`;
}

export class IssueComposer extends HTMLElement {
  static observedAttributes = ['value', 'src', 'formats', 'theme', 'lang', 'readonly', 'storage'];

  #root = document.createElement('div');
  #workspace = null;
  #stylesReady;
  #ready;
  #resolveReady;
  #meta = null;  // the core's meta(), once it has loaded
  #inputTimer = 0;
  #drafts = null;
  #draftsDetached = Promise.resolve();
  #hostChanged = () => {};
  #locale = null;
  #apiClient = null;
  #apiQueue = Promise.resolve();
  #loading = null;

  constructor() {
    super();
    this.#root.className = 'composer-root';
    this.#root.setAttribute('part', 'composer');
    const { root, ready } = attachStyledShadow(this, ['style.css', 'drafts/drafts.css', 'elements/issue-composer.css'], this.#root);
    this.#stylesReady = ready;
    // The editor's own input events would reach the host as this element's
    // `input`; the host hears only the debounced one below.
    for (const type of ['input', 'beforeinput']) root.addEventListener(type, (event) => event.stopPropagation());
    this.#ready = new Promise((resolve) => { this.#resolveReady = resolve; });
  }

  connectedCallback() {
    if (this.#workspace) return;
    // Shown once its stylesheets have loaded, never unstyled.
    this.#root.hidden = true;
    this.#stylesReady.then(() => { this.#root.hidden = false; });
    this.#root.replaceChildren(...pageMarkup());
    for (const selector of HOST_CONTROLS) {
      for (const element of this.#root.querySelectorAll(selector)) element.hidden = true;
    }
    // Shown with storage="local" only (#startDrafts).
    this.#root.querySelector('#drafts-toolbar').hidden = true;
    const publish = document.createElement('button');
    publish.type = 'button';
    publish.className = 'publish-button';
    publish.dataset.i18n = 'publish';
    publish.setAttribute('part', 'publish-button');
    this.#locale = new Locale(this.#lang());
    publish.textContent = this.#locale.t('publish');
    publish.addEventListener('click', () => this.publish().catch((error) => this.#workspace.showNotice(error.message)));
    this.#root.querySelector('.app-menus').prepend(publish);

    this.#workspace = mountWorkspace(this.shadowRoot, {
      locale: this.#locale,
      themeRoot: this.#root,
      rememberTheme: false,
      onReady: (meta) => {
        this.#meta = meta;
        this.#resolveReady(meta);
      },
      // A live view holds the first problems (page-view.mjs: errors first, a
      // few hundred) and the counts of all; compose() gives every one.
      onResult: ({ diagnostics, counts, total }) => {
        this.dispatchEvent(new CustomEvent('diagnostics', { detail: { diagnostics, counts, total } }));
      },
      beforeBulkChange: (reason) => snapshotBefore(this.#drafts, reason),
    });
    this.#workspace.onChange(() => this.#changed());
    this.#applyTheme();
    this.#applyReadOnly();
    this.#load({ first: true });
    upgradeProperties(this, ['value', 'src', 'formats', 'theme', 'readonly', 'storage']);
  }

  // Taken off the page (not merely moved: that reconnects at once), the
  // element's workers end; they start again with its next compose.
  disconnectedCallback() {
    queueMicrotask(() => {
      if (this.isConnected) return;
      clearTimeout(this.#inputTimer);  // no input event from a composer taken off the page
      this.#workspace?.stop();
      this.#apiClient?.stop();
    });
  }

  attributeChangedCallback(name, previous, current) {
    if (previous === current || !this.#workspace) return;
    // (The attribute removed, as a framework may do, leaves the text as it is.)
    if (name === 'value') { if (current !== null) this.setValue(current); }
    else if (name === 'src') this.#load();
    else if (name === 'theme') this.#applyTheme();
    else if (name === 'readonly') this.#applyReadOnly();
    else if (name === 'lang') this.#locale.set(this.#lang());
    else if (name === 'storage') this.#applyStorage();
  }

  // The interface's language: the element's own `lang`, else the page's
  // around it, else the browser's (i18n.mjs languageOf).
  #lang() {
    return this.closest('[lang]')?.getAttribute('lang') ?? null;
  }

  // --- the document -------------------------------------------------------------

  // The first document: the draft this composer's store holds
  // (storage="local"), else `value`, else the file at `src`, else the Markdown
  // written inside the element. Later, a new `src` loads that file.
  async #load({ first = false } = {}) {
    const loading = Symbol('load');
    this.#loading = loading;
    if (first && this.storage === 'local') {
      this.#startDrafts({ live: false });
      return;
    }
    let source;
    try {
      source = await this.#source({ first });
    } catch (error) {
      if (this.#loading === loading) this.#workspace.showNotice(error.message);
      return;
    }
    if (source === null || this.#loading !== loading) return;
    this.#workspace.setText(source);
    if (!first) this.#hostChanged();  // a new `src` is the host's change, saved as setValue's is
  }

  async #source({ first }) {
    if (first && this.hasAttribute('value')) return this.getAttribute('value');
    if (this.src) return fetchSource(this.src, document.baseURI);
    return first ? inlineSource(this) : null;
  }

  getValue() {
    return this.#workspace ? this.#workspace.getText() : (this.getAttribute('value') ?? '');
  }

  // Replaces the document (a fresh undo history), as the host's own change:
  // no `input` event follows.
  setValue(source) {
    this.#loading = null;
    clearTimeout(this.#inputTimer);  // the writer's pending input is the host's value now
    if (!this.#workspace) {
      this.setAttribute('value', String(source));
      return;
    }
    this.#workspace.setText(String(source));
    this.#hostChanged();
  }

  get value() { return this.getValue(); }
  set value(source) { this.setValue(source); }

  #changed() {
    clearTimeout(this.#inputTimer);
    this.#inputTimer = setTimeout(() => {
      this.dispatchEvent(new CustomEvent('input', { detail: { source: this.getValue() } }));
    }, INPUT_PAUSE_MS);
  }

  // --- storage="local" ----------------------------------------------------------

  #applyStorage() {
    if (this.storage === 'local') this.#startDrafts({ live: true });
    else this.#stopDrafts();
  }

  // The page's drafts (web/drafts/: autosave, library, history, files), in a
  // database of this composer's own; the first visit's draft holds the
  // document `value`, `src` or the inline Markdown gives. Switched on later
  // (`live`), the text stays as it is, stored as a draft of its own unless the
  // open draft holds it. storage="none" never gets here, so it touches no
  // IndexedDB.
  #startDrafts({ live }) {
    if (this.#drafts || !this.#workspace) return;
    const hostChanges = new Set();
    this.#hostChanged = () => { for (const listener of hostChanges) listener(); };
    const container = this.#root.querySelector('#drafts-toolbar');
    container.hidden = false;
    // Switched back on before the last drafts were off: they go first.
    this.#drafts = this.#draftsDetached.then(() => attachDrafts({
      composer: this.#workspace,
      locale: this.#locale,
      key: draftKey(this),
      keepText: live,
      readOnly: this.readonly,
      initialText: () => (live ? Promise.resolve(this.getValue()) : this.#source({ first: true })).catch((error) => {
        this.#workspace.showNotice(error.message);
        return '';
      }),
      // The host's setValue() is saved as the writer's typing is.
      onChange: (listener) => {
        hostChanges.add(listener);
        const stop = this.#workspace.onChange(listener);
        return () => {
          hostChanges.delete(listener);
          stop();
        };
      },
      elements: {
        toolbar: container,
        banners: this.#root.querySelector('#banners'),
        dialogs: this.#root,
        dropZone: this.#root,
      },
    }));
    this.#drafts.catch((error) => this.#workspace.showNotice(error.message));
  }

  // storage back to "none": the unsaved text is saved, and then nothing is
  // stored any more (no autosave, no snapshots); the drafts UI goes away.
  #stopDrafts() {
    const drafts = this.#drafts;
    if (!drafts) return;
    this.#drafts = null;
    this.#hostChanged = () => {};
    this.#root.querySelector('#drafts-toolbar').hidden = true;
    this.#draftsDetached = drafts.then(({ detach }) => detach()).catch(() => {});
  }

  // --- composing for the host ---------------------------------------------------

  // Resolves with the core's meta() once it has loaded.
  get ready() { return this.#ready; }

  // The host's requests run one after another in a worker of their own, so
  // they never give way to (or hold up) the live preview.
  #request(options) {
    this.#apiClient ??= new ComposerClient(startEngineWorker);
    const source = this.getValue();
    const run = () => this.#apiClient.compose(source, options ?? {}).then(({ result }) => result);
    const result = this.#apiQueue.then(run, run);
    this.#apiQueue = result.catch(() => {});
    return result;
  }

  compose(options = {}) {
    return this.#request(options);
  }

  async publish() {
    const source = this.getValue();
    // Every format the core makes, known once it has loaded; until then a
    // request of its own stands in, so that a core that cannot load fails it
    // instead of leaving publish() waiting.
    const meta = this.formats.length ? null
      : this.#meta ?? await Promise.race([this.#ready, this.#request({ formats: [] }).then(() => this.#ready)]);
    const formats = meta ? meta.formats : this.formats;
    const result = await this.#request({ formats });
    const detail = { source, outputs: result.outputs, issue: result.issue, diagnostics: result.diagnostics };
    this.dispatchEvent(new CustomEvent('publish', { detail }));
    return detail;
  }

  focus(options) {
    if (this.#workspace) this.#workspace.editor.focus();
    else super.focus(options);
  }

  // --- attributes as properties -------------------------------------------------

  get src() { return this.getAttribute('src') ?? ''; }
  set src(url) { this.setAttribute('src', url); }

  get formats() { return formatList(this.getAttribute('formats')); }
  set formats(list) {
    this.setAttribute('formats', (Array.isArray(list) ? list : formatList(list)).join(' '));
  }

  get theme() {
    const theme = this.getAttribute('theme');
    return theme === 'light' || theme === 'dark' ? theme : 'auto';
  }
  set theme(theme) { this.setAttribute('theme', theme); }

  get readonly() { return this.hasAttribute('readonly'); }
  set readonly(readonly) { this.toggleAttribute('readonly', Boolean(readonly)); }

  get storage() { return this.getAttribute('storage') === 'local' ? 'local' : 'none'; }
  set storage(storage) { this.setAttribute('storage', storage); }

  #applyTheme() {
    this.#workspace.setTheme(this.theme === 'auto' ? 'system' : this.theme);
  }

  #applyReadOnly() {
    this.#workspace.setReadOnly(this.readonly);
    this.#root.classList.toggle('is-readonly', this.readonly);
    this.#drafts?.then(({ ui }) => ui.setReadOnly(this.readonly)).catch(() => {});
  }
}

if (!customElements.get('issue-composer')) customElements.define('issue-composer', IssueComposer);
