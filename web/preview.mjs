// Shows the core's HTML in the sandboxed iframe of index.html. Its sandbox
// grants no scripts, forms or top navigation; it keeps the frame's origin so
// the page can swap the body in place (keeping the reader's scroll position)
// instead of reloading the frame on every keystroke, and lets links open in a
// new tab. Without scripts, keeping the origin gives the content no power.
// The frame inherits the page's CSP, which admits images from this origin
// only: remote images become labelled placeholders rather than blocked loads.

const SHELL = '<!doctype html><html lang="en"><head><meta charset="utf-8">'
  + '<link rel="stylesheet" href="preview.css"></head><body></body></html>';
// Links leave the preview in a new tab, so only web and mail links may:
// anything else (javascript:, relative paths into this app) loses its href.
const WEB_LINK = /^(?:https?|mailto):/i;
// Nothing in a preview may load code, styles or frames of its own.
const DROPPED_ELEMENTS = 'script, style, link, meta, base, iframe, frame, object, embed';

function imagePlaceholder(document, image) {
  const placeholder = document.createElement('span');
  placeholder.className = 'image-placeholder';
  placeholder.setAttribute('role', 'img');
  const alt = image.getAttribute('alt') ?? '';
  placeholder.setAttribute('aria-label', alt || 'Image');
  placeholder.title = image.getAttribute('src') ?? '';
  placeholder.textContent = alt || 'Image';
  return placeholder;
}

// Parses inertly (DOMParser runs no scripts and loads nothing) and returns
// the body's nodes ready to show. `images: 'show'` keeps images (the host's
// CSP decides what loads); the default shows labelled placeholders.
export function previewNodes(html, { images = 'placeholder' } = {}) {
  const document = new DOMParser().parseFromString(html, 'text/html');
  for (const element of document.querySelectorAll(DROPPED_ELEMENTS)) element.remove();
  for (const element of document.querySelectorAll('[style]')) element.removeAttribute('style');
  if (images !== 'show') {
    for (const image of document.querySelectorAll('img')) image.replaceWith(imagePlaceholder(document, image));
  }
  for (const link of document.querySelectorAll('a[href]')) {
    const href = link.getAttribute('href').trim();
    if (href.startsWith('#')) continue;
    if (!WEB_LINK.test(href)) {
      link.removeAttribute('href');
      continue;
    }
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
  }
  return [...document.body.childNodes];
}

export class Preview {
  #frame;
  #loaded;

  constructor(frame) {
    this.#frame = frame;
    this.#loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.srcdoc = SHELL;
  }

  async show(html) {
    await this.#loaded;
    const document = this.#frame.contentDocument;
    document.body.replaceChildren(...previewNodes(html).map((node) => document.adoptNode(node)));
  }
}
