// dist/embed.html: <issue-composer> in an iframe, for platforms that cannot
// load modules into their own pages, driven over postMessage.
//
// Who may talk to it: only the frame's parent, and only from the embedding
// origin: `embed.html?origin=https://blog.example` names it; without the
// parameter, the parent's first `hello` names it (its origin is locked from
// then on). Every other message is ignored without a reply, and every
// message the embed sends goes to that origin only, never to '*'.
//
// Every message, both ways, is { protocol: 'issue-composer', version: 1, type, … };
// a request of another version, or of an unknown type, gets an `error`.
// Host -> embed (`id` optional; a request with one gets a `reply` or `error`
// carrying it back):
//   hello                                     locks the origin (without ?origin=), answered by ready
//   set-value  { value }                      replaces the document
//   get-value                                 reply { value }
//   compose    { options }                    reply: compose()'s { issue, diagnostics, outputs }
//   configure  { theme, lang, readonly, formats }   any of them; the element's attributes
//   publish                                   as the Publish button: a `publish` message follows
//   focus
// Embed -> host:
//   ready       { apiVersion, coreVersion, formats }  once the composer can answer
//   input       { source }                    the document after a pause in typing
//   diagnostics { diagnostics, counts, total }   after each compose (the first 300, errors first)
//   publish     { outputs, issue, diagnostics }   every output format and the model
//   reply       { id, result } / error { id, message }
// Both are built modules at dist/'s top (the WASM build's and build-web's).
import { API_VERSION } from './composer.mjs';
import './issue-composer.mjs';

const PROTOCOL = 'issue-composer';

const composer = document.getElementById('composer');
const configured = new URLSearchParams(location.search).get('origin');
let hostOrigin = null;

function fail(message) {
  const note = document.getElementById('embed-error');
  note.textContent = message;
  note.hidden = false;
}

function send(type, fields = {}) {
  if (hostOrigin) window.parent.postMessage({ protocol: PROTOCOL, version: API_VERSION, type, ...fields }, hostOrigin);
}

async function sendReady() {
  const meta = await composer.ready;
  send('ready', { apiVersion: API_VERSION, coreVersion: meta.version, formats: meta.formats });
}

const CONFIGURABLE = ['theme', 'lang', 'readonly', 'formats'];

const HANDLERS = {
  'hello': () => sendReady().then(() => undefined),
  'set-value': ({ value }) => { composer.setValue(String(value ?? '')); },
  'get-value': () => ({ value: composer.getValue() }),
  'compose': ({ options }) => composer.compose(options ?? {}),
  'configure': (message) => {
    for (const name of CONFIGURABLE) {
      if (!(name in message)) continue;
      const value = message[name];
      if (name === 'readonly') composer.readonly = Boolean(value);
      else if (name === 'formats') composer.formats = value;
      else composer.setAttribute(name, String(value));
    }
  },
  'publish': () => composer.publish().then(() => undefined),
  'focus': () => { composer.focus(); },
};

async function answer(message) {
  const handler = Object.hasOwn(HANDLERS, message.type) ? HANDLERS[message.type] : null;
  try {
    if (message.version !== API_VERSION) throw new Error(`protocol version ${message.version} is not ${API_VERSION}`);
    if (!handler) throw new Error(`unknown message type "${message.type}"`);
    const result = await handler(message);
    if (message.id !== undefined) send('reply', { id: message.id, result: result ?? null });
  } catch (error) {
    send('error', { id: message.id ?? null, message: error.message });
  }
}

window.addEventListener('message', (event) => {
  const message = event.data;
  if (event.source !== window.parent || window.parent === window) return;
  if (message?.protocol !== PROTOCOL) return;
  // An opaque origin ("null", a sandboxed parent) cannot be answered.
  if (!hostOrigin && !configured && message.type === 'hello' && event.origin !== 'null') hostOrigin = event.origin;
  if (event.origin !== hostOrigin) return;
  answer(message);
});

for (const type of ['input', 'diagnostics', 'publish']) {
  composer.addEventListener(type, (event) => send(type, event.detail));
}

if (configured) {
  try {
    hostOrigin = new URL(configured).origin;
  } catch {
    fail(`The embed's origin parameter is not an origin: "${configured}".`);
  }
  if (hostOrigin) sendReady();
}
