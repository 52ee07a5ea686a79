// What both custom elements share: a shadow root styled only by stylesheets
// from this folder (strict CSP: no inline <style>, no style attributes), the
// issue's source from a value, a URL or the element's own text, and parts
// named after the core's HTML classes so hosts can style them with ::part.

// Opens a shadow root holding a <link rel="stylesheet"> per name (relative to
// dist/'s top, where scripts/build-web.mjs puts the elements' bundles) and a
// container; `ready` resolves once the styles have loaded,
// so content is never shown unstyled.
export function attachStyledShadow(host, stylesheets, container) {
  const root = host.attachShadow({ mode: 'open', delegatesFocus: true });
  const loads = stylesheets.map((name) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL(name, import.meta.url).href;
    root.append(link);
    // A stylesheet that fails to load still leaves the element usable.
    return new Promise((resolve) => {
      link.addEventListener('load', resolve, { once: true });
      link.addEventListener('error', resolve, { once: true });
    });
  });
  root.append(container);
  return { root, ready: Promise.all(loads) };
}

// A property a host set before the element was defined sits on the instance
// and hides the class's accessor: hand it to the accessor instead.
export function upgradeProperties(element, names) {
  for (const name of names) {
    if (!Object.hasOwn(element, name)) continue;
    const value = element[name];
    delete element[name];
    element[name] = value;
  }
}

// The core's HTML classes that hosts may style from outside, as ::part names.
const PARTS = {
  'issue-title': 'title',
  'issue-newsletter': 'newsletter',
  'issue-meta': 'meta',
  'issue-highlights': 'highlights',
  'section-title': 'section-title',
  'issue-item': 'item',
  'item-title': 'item-title',
  'item-meta': 'item-meta',
  'item-image': 'image',
  'image-placeholder': 'image',
};

export function addParts(nodes) {
  for (const node of nodes) {
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    for (const element of [node, ...node.querySelectorAll('[class]')]) {
      const parts = [...element.classList].map((name) => PARTS[name]).filter(Boolean);
      if (parts.length) element.setAttribute('part', parts.join(' '));
    }
  }
  return nodes;
}

// The Markdown written inside the element (directly, or in a
// <script type="text/markdown"> child, which the browser never shows), with the
// indentation that the page's HTML gave every line removed.
export function inlineSource(element) {
  const script = element.querySelector(':scope > script[type="text/markdown"]');
  const text = (script ?? element).textContent.replace(/^[ \t]*\n/, '').replace(/\s+$/, '');
  const lines = text.split('\n');
  const indents = lines.filter((line) => line.trim()).map((line) => line.match(/^[ \t]*/)[0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(common)).join('\n') + (text ? '\n' : '');
}

// Fetches a `src`: Markdown as text, or JSON holding it as { "source": "…" }
// (what a CMS API or a saved draft returns).
export async function fetchSource(src, base) {
  const url = new URL(src, base);
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${url.pathname} could not be loaded: ${response.status} ${response.statusText}`);
  const isJson = /\.json$/i.test(url.pathname) || /[/+]json\b/i.test(response.headers.get('content-type') ?? '');
  if (!isJson) return response.text();
  const data = await response.json();
  if (typeof data?.source !== 'string') throw new Error(`${url.pathname} holds no "source" string`);
  return data.source;
}
