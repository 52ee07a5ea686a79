// <issue-preview>: one newsletter issue rendered by the core's web renderer,
// for public blog pages. The source is the `value` attribute or property, the
// file at `src`, or the Markdown written inside the element.
//
// Light by design: this module and its stylesheets are all a page downloads up
// front; the WASM core is fetched only when a preview scrolls near the viewport
// (or at once with loading="eager"), and then once for every preview on the
// page. The core runs on the main thread: compiling the WASM is asynchronous,
// and composing an issue takes a few milliseconds, far less than starting a
// worker would cost a reader. Types: issue-elements.d.ts.
import { previewNodes } from '../preview.mjs';
import {
  addParts, attachStyledShadow, fetchSource, inlineSource, upgradeProperties,
} from './shadow.mjs';

const COMPOSER_URL = new URL('composer.mjs', import.meta.url).href;
// Start loading a little before the preview scrolls into view.
const LOOKAHEAD = '300px 0px';

let composerReady = null;

// One core for every preview; after a crash the next render loads a new one.
function sharedComposer() {
  composerReady ??= import(COMPOSER_URL).then(({ createComposer }) => createComposer());
  return composerReady;
}

function forgetComposer() {
  composerReady = null;
}

let visibility = null;
function observeVisibility(element) {
  visibility ??= new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      visibility.unobserve(entry.target);
      entry.target.reveal();
    }
  }, { rootMargin: LOOKAHEAD });
  visibility.observe(element);
}

export class IssuePreview extends HTMLElement {
  static observedAttributes = ['value', 'src', 'theme', 'lang', 'images', 'loading'];

  #container = document.createElement('div');
  #stylesReady;
  #visible = false;
  #value = null;
  #source = null;
  #generation = 0;
  #fetching = null;
  #result = null;

  constructor() {
    super();
    this.#container.className = 'issue-root';
    this.#container.setAttribute('part', 'issue');
    this.#stylesReady = attachStyledShadow(this, ['elements/issue.css'], this.#container).ready;
  }

  connectedCallback() {
    upgradeProperties(this, ['value', 'src', 'theme']);
    if (this.#visible) return;
    if (this.getAttribute('loading') === 'eager') this.reveal();
    else observeVisibility(this);
  }

  disconnectedCallback() {
    visibility?.unobserve(this);
  }

  attributeChangedCallback(name, previous, current) {
    if (previous === current) return;
    if (name === 'value') this.#value = current;
    if (name === 'loading' && current === 'eager' && this.isConnected) this.reveal();
    if (name === 'theme' || name === 'loading') return;
    this.#render();
  }

  // The Markdown shown (null until known).
  get value() {
    return this.#value ?? this.#source;
  }

  set value(source) {
    this.#value = source == null ? null : String(source);
    this.#render();
  }

  get src() { return this.getAttribute('src') ?? ''; }
  set src(url) { this.setAttribute('src', url); }
  get theme() { return this.getAttribute('theme') ?? 'auto'; }
  set theme(theme) { this.setAttribute('theme', theme); }

  // The last render's issue model and diagnostics, or null.
  get result() { return this.#result; }

  // Renders now, whether or not the preview is in view; called by the
  // visibility observer.
  reveal() {
    if (this.#visible) return;
    this.#visible = true;
    visibility?.unobserve(this);
    this.#render();
  }

  async #sourceToShow() {
    if (this.#value !== null) return this.#value;
    const src = this.getAttribute('src');
    if (src) {
      if (this.#fetching?.src !== src) this.#fetching = { src, text: fetchSource(src, document.baseURI) };
      return this.#fetching.text;
    }
    return inlineSource(this);
  }

  async #render() {
    if (!this.#visible) return;
    const generation = ++this.#generation;
    const current = () => generation === this.#generation;
    try {
      const source = await this.#sourceToShow();
      const composer = await sharedComposer();
      if (!current()) return;
      let result;
      try {
        result = composer.compose(source, { formats: ['html'] });
      } catch (error) {
        if (error.crashed) forgetComposer();
        throw error;
      }
      // An html over the core's size bound is left out, with an error saying so.
      if (result.outputs.html === undefined) {
        const why = result.diagnostics.find((diagnostic) => diagnostic.rule === 'output/too-large');
        throw new Error(why?.message ?? 'the core returned no HTML');
      }
      await this.#stylesReady;
      if (!current()) return;
      this.#source = source;
      this.#result = { issue: result.issue, diagnostics: result.diagnostics };
      const lang = this.getAttribute('lang') || result.issue.meta?.lang;
      if (lang) this.#container.lang = String(lang);
      else this.#container.removeAttribute('lang');
      const images = this.getAttribute('images') === 'placeholder' ? 'placeholder' : 'show';
      this.#container.replaceChildren(...addParts(previewNodes(result.outputs.html, { images })));
      this.dispatchEvent(new CustomEvent('render', { detail: this.#result }));
    } catch (error) {
      if (!current()) return;
      this.#fetching = null;
      this.#showError(error);
    }
  }

  #showError(error) {
    const message = document.createElement('p');
    message.className = 'issue-error';
    message.setAttribute('part', 'error');
    message.setAttribute('role', 'alert');
    message.textContent = `This issue could not be shown: ${error.message}`;
    this.#container.replaceChildren(message);
    this.dispatchEvent(new CustomEvent('error', { detail: { message: error.message } }));
  }
}

if (!customElements.get('issue-preview')) customElements.define('issue-preview', IssuePreview);
