// Counts for the status bar, made in the engine worker (a 1 MB issue takes
// tens of milliseconds, which the page's thread cannot spare while typing).

const segmenters = new Map();

function segmenter(locale) {  // one per locale: construction is not cheap
  if (!segmenters.has(locale)) segmenters.set(locale, new Intl.Segmenter(locale, { granularity: 'word' }));
  return segmenters.get(locale);
}

// (Empty, or closed at the very end of the text, it is front matter too.)
const FRONT_MATTER = /^---\r?\n(?:[\s\S]*?\r?\n)??---[ \t]*(?:\r?\n|$)/;

const isSpace = (c) => c <= 32 || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200b) || c === 0xfeff;
const isCjk = (c) => (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff)
  || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff);
// Letters and digits: ASCII ones, and anything past ASCII that is not
// punctuation (general, CJK or fullwidth) or a symbol block.
const isWordChar = (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
  || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0x3000 && c <= 0x303f)
    && !(c >= 0xff00 && c <= 0xff20) && !(c >= 0xd800 && c <= 0xdfff));
const JOINERS = new Set([39, 45, 95, 0x2019]);  // ' - _ ’ inside a word

// What a reader reads: words (CJK runs split into words by Intl.Segmenter,
// other text by letters and digits) and characters (code points that are
// not whitespace), over the source without front matter and link targets.
// One pass by hand: Unicode-property regular expressions take seconds on a
// 1 MB issue.
export function textStats(source) {
  const frontMatter = FRONT_MATTER.exec(source);
  const text = frontMatter ? source.slice(frontMatter[0].length) : source;
  let words = 0;
  let cjkWords = 0;
  let characters = 0;
  let inWord = false;
  let cjkStart = -1;
  const endCjkRun = (end) => {
    for (const { isWordLike } of segmenter('zh').segment(text.slice(cjkStart, end))) if (isWordLike) cjkWords += 1;
    cjkStart = -1;
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (cjkStart !== -1 && !isCjk(c)) endCjkRun(i);
    if (c === 93 && text.charCodeAt(i + 1) === 40) {  // "](": skip the link target
      const close = text.indexOf(')', i);
      if (close !== -1 && close - i < 2048) {
        characters += 1;
        inWord = false;
        i = close;
        continue;
      }
    }
    if (isSpace(c)) {
      inWord = false;
      continue;
    }
    if (c < 0xdc00 || c > 0xdfff) characters += 1;
    if (isCjk(c)) {
      if (cjkStart === -1) cjkStart = i;
      inWord = false;
    } else if (isWordChar(c) || (inWord && JOINERS.has(c)) || (c >= 0xd800 && c <= 0xdfff && inWord)) {
      if (!inWord) words += 1;
      inWord = true;
    } else {
      inWord = false;
    }
  }
  if (cjkStart !== -1) endCjkRun(text.length);
  return { words: words + cjkWords, cjkWords, characters };
}

// Minutes at 230 words a minute (CJK words read at about the same pace).
export const readingMinutes = ({ words }) => Math.max(1, Math.round(words / 230));
