// A line diff (Myers' O(ND) algorithm) for comparing a history snapshot with
// the current text. The common head and tail are cut off first, so a small
// edit in a 1 MB draft costs little; past MAX_EDITS differing lines the middle
// is shown as one removed block and one added block rather than searched.

const MAX_EDITS = 1000;

// Lines with their line ends, so joining them gives the text back.
export function splitLines(text) {
  const lines = [];
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    lines.push(text.slice(start, end + 1));
    start = end + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

// Shortest edit script between a and b (arrays of lines), as a list of
// 'same' | 'del' | 'add' operations on single lines, or null when it needs
// more than maxEdits edits.
function myers(a, b, maxEdits) {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace = [];
  for (let d = 0; d <= max; d += 1) {
    // Only the diagonals step d can read: -d-1 .. d+1.
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])
        ? v[offset + k + 1]
        : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x += 1; y += 1; }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, d);
    }
  }
  return null;
}

function backtrack(trace, a, b, dFinal) {
  const ops = [];
  let x = a.length;
  let y = b.length;
  for (let d = dFinal; d > 0; d -= 1) {
    const at = (diagonal) => trace[d][diagonal + d + 1];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) { x -= 1; y -= 1; ops.push(['same', a[x]]); }
    if (down) { y -= 1; ops.push(['add', b[y]]); } else { x -= 1; ops.push(['del', a[x]]); }
  }
  while (x > 0 && y > 0) { x -= 1; y -= 1; ops.push(['same', a[x]]); }
  return ops.reverse();
}

// Groups of consecutive lines: [{type: 'same'|'del'|'add', lines: [...]}],
// taking `before` to `after`.
export function diffLines(before, after) {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;
  const middleA = a.slice(head, a.length - tail);
  const middleB = b.slice(head, b.length - tail);
  const middle = myers(middleA, middleB, MAX_EDITS)
    ?? [...middleA.map((line) => ['del', line]), ...middleB.map((line) => ['add', line])];
  const ops = [
    ...a.slice(0, head).map((line) => ['same', line]),
    ...middle,
    ...a.slice(a.length - tail).map((line) => ['same', line]),
  ];
  const groups = [];
  for (const [type, line] of ops) {
    const last = groups.at(-1);
    if (last?.type === type) last.lines.push(line);
    else groups.push({ type, lines: [line] });
  }
  return groups;
}

// How many lines were added and removed.
export function diffStats(groups) {
  let added = 0;
  let removed = 0;
  for (const group of groups) {
    if (group.type === 'add') added += group.lines.length;
    if (group.type === 'del') removed += group.lines.length;
  }
  return { added, removed };
}
