// Getting the issue out of the page: rich text for blog editors (Medium,
// Substack and Ghost read the text/html flavour of a paste, plain-text
// editors the text/plain one), the email's HTML for a sending service, and
// downloads of every output.

export async function copyRich(html, text) {
  await navigator.clipboard.write([new ClipboardItem({
    'text/html': new Blob([html], { type: 'text/html' }),
    'text/plain': new Blob([text], { type: 'text/plain' }),
  })]);
}

export async function copyText(text) {
  await navigator.clipboard.writeText(text);
}

export function download(filename, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// "weekly-ml-digest-27": the newsletter's name and the number.
export function baseName(outline) {
  const name = (outline?.newsletter || outline?.title || 'issue')
    .normalize('NFKD').toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'issue';
  return outline?.number != null ? `${name}-${outline.number}` : name;
}

// What each download holds: the format to render, the file's extension and
// its type. 'source' is the writer's own Markdown, as typed.
export const DOWNLOADS = {
  html: { format: 'html', standalone: true, extension: 'html', type: 'text/html;charset=utf-8' },
  text: { format: 'text', extension: 'txt', type: 'text/plain;charset=utf-8' },
  markdown: { format: 'markdown', extension: 'md', type: 'text/markdown;charset=utf-8' },
  json: { format: 'json', extension: 'json', type: 'application/json;charset=utf-8' },
  source: { format: null, extension: 'md', suffix: '-source', type: 'text/markdown;charset=utf-8' },
};
