// The XSS corpus (../shared/security/xss-cases.txt) and its oracle, shared by
// the Chromium tests: how the case file reads, where each payload is placed
// in an issue, and the two checks that run inside the browser on a parsed
// document. Both checks are written for any payload, not the known ones:
// more cases are held back and will be tried the same way.

// Blocks between lines that are exactly "----"; "@@ " lines are metadata
// ("@@ id: …"); every other line is payload, joined with "\n" and no final
// newline; a block with no payload is a comment.
export function readXssCases(text) {
  const cases = [];
  for (const block of text.split(/^----$/m)) {
    const lines = block.replace(/^\n/, '').replace(/\n$/, '').split('\n');
    const payload = lines.filter((line) => !line.startsWith('@@ '));
    if (payload.length === 0 || (payload.length === 1 && payload[0] === '')) continue;
    const id = lines.find((line) => line.startsWith('@@ id: '))?.slice(7) ?? `case-${cases.length + 1}`;
    cases.push({ id, payload: payload.join('\n') });
  }
  return cases;
}

// Every front-matter key an output reads (branding, addresses, campaign).
const FRONT_MATTER_KEYS = [
  'newsletter', 'title', 'date', 'preheader', 'brand_name', 'accent_color', 'logo_url', 'footer_text',
  'web_url', 'subscribe_url', 'unsubscribe_url', 'base_url', 'lang', 'utm_source', 'utm_medium', 'utm_campaign',
];

// The payload in every place an issue can hold it: as the whole source, as
// an item's summary, as section notes, on one line as titles, link text,
// addresses and image sources, and as every front-matter value (quoted, and
// as written).
export function placements(payload) {
  const line = payload.replace(/[\r\n]+/g, ' ');
  const quoted = JSON.stringify(line);
  return {
    'as written': payload,
    'item summary': `# T\n\n## 1. S\n### [Item](https://a.org)\n${payload}\n`,
    'section notes': `# T\n\n## 1. S\n\n${payload}\n\n## Tail\n\n${payload}\n`,
    'titles and links': `# ${line}\n\n- ${line} [h](${line})\n\n## 1. ${line}\n### [${line}](${line})\n`
      + `![${line}](${line})\n[2108.05887] <${line}> [x](<${line}>)\n\n### ${line}\n${line}\n`,
    'front matter': `---\n${FRONT_MATTER_KEYS.map((key) => `${key}: ${quoted}`).join('\n')}\n---\n# T #1\n\n`
      + `## 1. S\n### [Item](https://a.org)\nSummary.\n`,
    'front matter as written': `---\n${FRONT_MATTER_KEYS.map((key) => `${key}: ${line}`).join('\n')}\n---\n# T\n`,
  };
}

// Runs in every frame, before its own markup (page.addInitScript), or from
// the page on a frame that runs no scripts of its own (`view`, its window):
// the dialogs and window.open report to window.reportXss (an exposed binding)
// instead of acting, and so does any CSP report or script error.
export function hookScript(view = window) {
  const report = (what) => window.reportXss(what);
  for (const name of ['alert', 'prompt', 'confirm', 'print', 'open']) {
    view[name] = (...args) => {
      report(`${name}(${args.map(String).join(', ')}) ran`);
      return null;
    };
  }
  view.document.addEventListener('securitypolicyviolation', (event) => {
    report(`a script ran (${event.violatedDirective}: ${event.blockedURI || event.sample})`);
  });
  // Script errors only: the exercise dispatches plain 'error' events too.
  view.addEventListener('error', (event) => {
    if (event instanceof view.ErrorEvent) report(`script error: ${event.message}`);
  });
}

// Runs inside the browser: what in `document` could run code or leave the
// page, as a list of findings (empty when safe). `whole` documents (the
// standalone page, the email) may have a head with the few fixed elements a
// renderer writes there; anything a payload could reach must be inert.
export function auditDocument(document, whole) {
  const findings = [];
  const HTML = 'http://www.w3.org/1999/xhtml';
  const ACTIVE = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'form',
    'style', 'link', 'portal', 'fencedframe', 'noscript', 'template']);
  const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'background', 'poster', 'cite',
    'data', 'codebase', 'classid', 'archive', 'ping', 'lowsrc', 'dynsrc', 'longdesc', 'usemap', 'manifest', 'icon',
    'profile', 'srcset', 'imagesrcset', 'itemtype', 'attributionsrc']);
  const RASTER = /^data:image\/(png|gif|jpe?g|webp)[;,]/i;
  // The scheme a browser's URL parser sees: leading C0 controls and spaces
  // trimmed, tabs and newlines removed anywhere (the parser entity-decoded
  // already), lower case.
  const scheme = (value) => {
    const cleaned = value.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
    const match = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
    return match ? match[1].toLowerCase() : '';
  };
  const badAddress = (element, name, value) => {
    const found = scheme(value);
    if (found === 'data') return !(element.localName === 'img' && name === 'src' && RASTER.test(value.trim()));
    return found !== '' && !['http', 'https', 'mailto', 'tel'].includes(found);
  };
  const ACTIVE_CSS = /expression\s*\(|javascript:|vbscript:|-moz-binding|behaviou?r\s*:|@import|url\s*\(\s*['"]?\s*(?!https?:|#)[a-z][a-z0-9+.-]*:/i;
  // What a renderer itself writes into a whole document's head.
  const fixedHeadElement = (element) => {
    const attribute = (name) => (element.getAttribute(name) ?? '').toLowerCase();
    switch (element.localName) {
      case 'title': return true;
      case 'style': return !ACTIVE_CSS.test(element.textContent);
      case 'link': return attribute('rel') === 'canonical' && ['http', 'https'].includes(scheme(attribute('href')));
      case 'meta': return element.hasAttribute('charset')
        || (element.hasAttribute('name') && !element.hasAttribute('http-equiv'))
        || ['content-type', 'x-ua-compatible'].includes(attribute('http-equiv'));
      default: return false;
    }
  };
  const where = (element) => {
    const path = [];
    for (let node = element; node && node.nodeType === 1 && path.length < 4; node = node.parentNode) path.unshift(node.localName);
    return path.join(' > ');
  };
  const visit = (root) => {
    for (const element of root.querySelectorAll('*')) {
      if (element.namespaceURI !== HTML) findings.push(`foreign element <${element.localName}> at ${where(element)}`);
      const inHead = whole && element.parentNode === document.head;
      if (ACTIVE.has(element.localName) && !(inHead && fixedHeadElement(element))) {
        findings.push(`element <${element.localName}> at ${where(element)}`);
      }
      for (const { name, value } of element.attributes) {
        const lower = name.toLowerCase();
        if (lower.startsWith('on')) findings.push(`event handler ${name}="${value}" on <${element.localName}>`);
        else if (lower === 'srcdoc' || lower === 'formaction') findings.push(`${name} on <${element.localName}>`);
        else if (lower === 'style' && ACTIVE_CSS.test(value)) findings.push(`active style="${value}"`);
        else if (lower === 'srcset' || lower === 'imagesrcset') {
          for (const candidate of value.split(',')) {
            const address = candidate.trim().split(/\s+/)[0] ?? '';
            if (badAddress(element, 'srcset', address)) findings.push(`${name} address ${address}`);
          }
        } else if (URL_ATTRIBUTES.has(lower) && badAddress(element, lower, value)) {
          findings.push(`${name}="${value}" on <${element.localName}>`);
        }
      }
      if (element.localName === 'template') visit(element.content);
    }
  };
  visit(document);
  return findings;
}

// Runs inside the browser: the built-ins of `document` that the page's own
// markup has overridden (DOM clobbering through name or id attributes).
export function clobberedBuiltins(document) {
  const clobbered = [];
  for (let proto = Object.getPrototypeOf(document); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (name === 'lastModified' || name === 'constructor') continue;  // the clock; each prototype's own
      let expected;
      try {
        expected = descriptor.get ? descriptor.get.call(document) : descriptor.value;
      } catch {
        continue;
      }
      if (!Object.is(document[name], expected)) clobbered.push(name);
    }
  }
  return clobbered;
}

// Runs inside the browser: everything a reader could do to each element,
// done synthetically: focus, hover, clicks, keys, and the other events an
// inline handler could wait for. Relative links and links to web and mail
// addresses are kept from navigating away (they are harmless and would end
// the frame); a link with any other scheme is followed, so that a script
// address would run.
export function exerciseDocument(document) {
  document.addEventListener('click', (event) => {
    const link = event.target.closest?.('a[href], area[href]');
    if (!link) return;
    const href = link.getAttribute('href').replace(/[\t\n\r]/g, '');
    const scheme = /^[\u0000-\u0020]*([a-z][a-z0-9+.-]*):/i.exec(href)?.[1].toLowerCase();
    if (!scheme || ['http', 'https', 'mailto', 'tel'].includes(scheme)) event.preventDefault();
  }, true);
  const MOUSE = ['mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'click', 'dblclick', 'auxclick',
    'contextmenu', 'mouseout', 'mouseleave', 'wheel'];
  const POINTER = ['pointerover', 'pointerenter', 'pointerdown', 'pointerup', 'pointermove', 'pointerout', 'pointerleave'];
  const FOCUS = ['focus', 'focusin', 'blur', 'focusout'];
  const KEYS = ['keydown', 'keypress', 'keyup'];
  const OTHER = ['load', 'error', 'input', 'change', 'submit', 'reset', 'select', 'toggle', 'beforetoggle', 'scroll',
    'copy', 'cut', 'paste', 'drag', 'dragstart', 'dragend', 'dragenter', 'dragover', 'drop', 'animationstart',
    'animationend', 'transitionend', 'play', 'canplay', 'loadstart', 'resize', 'invalid', 'search', 'show',
    'beforeinput', 'pageshow', 'hashchange', 'message'];
  let touched = 0;
  for (const element of document.querySelectorAll('*')) {
    touched += 1;
    if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
    element.focus?.();
    for (const type of MOUSE) element.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true }));
    for (const type of POINTER) element.dispatchEvent(new PointerEvent(type, { bubbles: true, cancelable: true }));
    for (const type of FOCUS) element.dispatchEvent(new FocusEvent(type, { bubbles: true }));
    for (const type of KEYS) element.dispatchEvent(new KeyboardEvent(type, { bubbles: true, cancelable: true, key: 'Enter' }));
    for (const type of OTHER) element.dispatchEvent(new Event(type, { bubbles: true, cancelable: true }));
    element.click?.();
    element.blur?.();
  }
  return touched;
}
