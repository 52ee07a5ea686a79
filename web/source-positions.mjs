// The core counts columns and offsets in UTF-8 bytes (as cmark does); the
// editor counts UTF-16 code units. This is the one place that converts
// between them. Lines agree on both sides: the textarea only ever holds "\n".

function utf8Length(codePoint) {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

const MARK_STEP = 4096;

export class SourcePositions {
  #text = null;
  #doc = null;
  #starts = null;
  #marks = new Map();  // line → [{ bytes, index, characters }] (#walk)

  // Every compose gets one. `source` is the text as a string, or as a
  // CodeMirror document, whose line index finds a line (and its text) in log
  // time, with no string of the whole text needed; in a string the lines are
  // listed when first asked (a 1 MB issue has 30 000, or half a million short
  // ones, and a keystroke that moves no problem asks none).
  constructor(source) {
    if (typeof source === 'string') this.#text = source;
    else this.#doc = source;
  }

  // { start, end, text, base }: the string indexes of a 1-based line's start
  // and end (before its "\n"), the line clamped to the text's, and a string
  // that holds the line from its index `base`.
  #line(line) {
    if (this.#doc) {
      const { from, to, text } = this.#doc.line(Math.min(Math.max(line, 1), this.#doc.lines));
      return { start: from, end: to, text, base: from };
    }
    if (!this.#starts) {
      const text = this.#text;
      this.#starts = [0];
      for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
        this.#starts.push(index + 1);
      }
    }
    const index = Math.min(Math.max(line, 1), this.#starts.length) - 1;
    return {
      start: this.#starts[index],
      end: index + 1 < this.#starts.length ? this.#starts[index + 1] - 1 : this.#text.length,
      text: this.#text,
      base: 0,
    };
  }

  // The string index of a model position { line, column } (1-based, column in
  // bytes). A column inside a multi-byte character lands after it; positions
  // past the end of a line or of the text are clamped.
  index(position) { return this.#walk(position).index; }

  // The 1-based column of a model position counted in characters (code
  // points), which is what a writer sees.
  characterColumn(position) { return this.#walk(position).characters + 1; }

  // Walks a line from its start to a byte column, counting code units and
  // code points. The walk leaves marks every MARK_STEP code units, from the
  // nearest of which the next walk on that line starts: a megabyte line
  // with hundreds of problems on it is walked once, not once per problem.
  #walk({ line, column }) {
    const { start, end, text, base } = this.#line(line);
    let marks = this.#marks.get(line);
    if (!marks) {
      marks = [{ bytes: 0, index: start, characters: 0 }];
      this.#marks.set(line, marks);
    }
    let low = 0;
    for (let high = marks.length - 1; low < high;) {
      const middle = (low + high + 1) >> 1;
      if (marks[middle].bytes <= column - 1) low = middle;
      else high = middle - 1;
    }
    let { bytes, index, characters } = marks[low];
    while (bytes < column - 1 && index < end) {
      const codePoint = text.codePointAt(index - base);
      bytes += utf8Length(codePoint);
      index += codePoint > 0xffff ? 2 : 1;
      characters += 1;
      if (index - marks[marks.length - 1].index >= MARK_STEP) marks.push({ bytes, index, characters });
    }
    return { index, characters };
  }

  // A core fix's edits ({range, text} in bytes) as editor changes
  // [{from, to, insert}] in string indexes.
  edits(fix) {
    return fix.edits.map(({ range, text }) => ({ from: this.index(range.start), to: this.index(range.end), insert: text }));
  }
}
