// Files in: reading a dropped or picked file as text without losing a
// byte-order mark, refusing what is not UTF-8 with the line and column of the
// first bad byte; and names for the files that go out.

export const MAX_DRAFT_FILE_BYTES = 16 * 1024 * 1024;

export class FileError extends Error {
  constructor(message) {
    super(message);
    this.name = 'FileError';
  }
}

// 'markdown', 'backup' or null, from the file's name.
export function fileKind(name) {
  if (/\.(md|markdown|mdown|txt)$/i.test(name)) return 'markdown';
  if (/\.json$/i.test(name)) return 'backup';
  return null;
}

// Line and column (in characters) of the first byte that is not valid UTF-8.
function firstInvalidByte(bytes) {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let low = 0;
  let high = bytes.length;
  // The longest prefix that still decodes (up to an incomplete sequence at
  // its end) ends right before the bad byte.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    try {
      decoder.decode(bytes.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle - 1;
    }
    decoder.decode();  // reset the stream
  }
  const before = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, low));
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1, offset: low };
}

// The file's text, exactly: a leading byte-order mark stays in the text.
export async function readTextFile(file, maxBytes = MAX_DRAFT_FILE_BYTES) {
  if (file.size > maxBytes) {
    throw new FileError(`${file.name} is ${(file.size / 1048576).toFixed(1)} MB; `
      + `drafts can be at most ${maxBytes / 1048576} MB. Nothing was opened.`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const { line, column, offset } = firstInvalidByte(bytes);
    throw new FileError(`${file.name} is not UTF-8 text: byte 0x${bytes[offset].toString(16).padStart(2, '0')} `
      + `at line ${line}, column ${column} cannot be read. Nothing was opened.`);
  }
}

export function fileNameFor(name, extension) {
  const base = name.normalize('NFKC').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
  return `${base || 'draft'}.${extension}`;
}
