// The example admin page: the blog owns persistence and publishing, the
// composer reports. `publish` carries every output format and the model; a
// real platform would send them to its API here.
await customElements.whenDefined('issue-composer');

const composer = document.getElementById('composer');
const state = document.getElementById('admin-state');
const published = document.getElementById('published');
const theme = document.getElementById('theme');

theme.addEventListener('change', () => { composer.theme = theme.value; });

composer.addEventListener('input', () => { state.textContent = 'Edited, not published'; });

composer.addEventListener('diagnostics', (event) => {
  const errors = event.detail.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  state.textContent = errors ? `${errors} error${errors === 1 ? '' : 's'} to fix before publishing` : 'Ready to publish';
});

const kib = (text) => `${(new TextEncoder().encode(text).length / 1024).toFixed(1)} KiB`;

composer.addEventListener('publish', (event) => {
  const { issue, outputs } = event.detail;
  const entry = document.createElement('li');
  const formats = Object.entries(outputs).map(([format, text]) => `${format} ${kib(text)}`).join(', ');
  entry.textContent = `${new Date().toLocaleTimeString()} — “${issue.title}”${issue.number === null ? '' : ` (#${issue.number})`}: ${formats}`;
  published.prepend(entry);
  state.textContent = 'Published';
});
