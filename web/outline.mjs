// The outline: the issue's sections and items as a tree. Click (or Enter) to
// jump to one in the editor; drag one, or press Alt+↑/↓ on it, to move it.
// Moving rewrites the Markdown (moveBlock), and the page then renumbers the
// sections and regenerates the table of contents through the core
// (restructure) and applies the whole rewrite as one undoable change.
// The outline's shape: page-view.mjs (readOutline).
import { SourcePositions } from './source-positions.mjs';

const TOC_RULE = 'structure/toc-mismatch';

// --- Rewriting the text -----------------------------------------------------
// Blocks are whole lines: from the start of a range's first line to the end
// of its last line, and the blank lines after it.

function blockAt(text, from, to) {
  const start = text.lastIndexOf('\n', from - 1) + 1;
  let end = text.indexOf('\n', Math.max(to - 1, start));
  end = end === -1 ? text.length : end + 1;
  let gapEnd = end;
  for (;;) {
    const next = text.indexOf('\n', gapEnd);
    if (next === -1 || text.slice(gapEnd, next).trim() !== '') break;
    gapEnd = next + 1;
  }
  if (gapEnd < text.length && text.slice(gapEnd).trim() === '') gapEnd = text.length;
  return { start, end, gapEnd, body: text.slice(start, end).replace(/\s+$/, '') };
}

const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]/;
const lastLine = (text) => text.slice(text.lastIndexOf('\n', text.length - 2) + 1).replace(/\n$/, '');

// Moves the block [from, to) (string indexes) to the line start `at`, which
// is outside it. The block lands with one blank line before and after; a
// list entry put beside another lands in that list, without. What stood
// around it stays apart as it was.
export function moveBlock(text, { from, to }, at) {
  const block = blockAt(text, from, to);
  if (at >= block.start && at <= block.gapEnd) return text;
  const above = lastLine(text.slice(0, block.start));
  // After a line that is not blank, the blank lines after the block stay
  // (else what follows would join that line's paragraph or list).
  const cut = block.start === 0 || above.trim() === '' ? block.gapEnd : block.end;
  const removed = text.slice(0, block.start) + text.slice(cut);
  const target = at > block.start ? at - (cut - block.start) : at;
  const before = removed.slice(0, target);
  const after = removed.slice(target);
  const tight = LIST_ITEM.test(block.body) && (LIST_ITEM.test(lastLine(before)) || LIST_ITEM.test(after.split('\n', 1)[0]));
  if (tight) return `${before}${before === '' || before.endsWith('\n') ? '' : '\n'}${block.body}\n${after}`;
  const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const tail = after === '' ? '\n' : after.startsWith('\n') ? '\n' : '\n\n';
  return before + lead + block.body + tail + after;
}

// The line start just after the block holding [from, to) and its blank
// lines: where something placed "after" it goes.
export function lineStartAfter(text, from, to) {
  return blockAt(text, from, to).end;
}

// Numbers the numbered sections 1, 2, 3… in order, rewriting the number in
// each heading. `positions` maps the outline's byte ranges to indexes.
export function renumber(text, outline, positions) {
  const edits = [];
  let expected = 0;
  for (const section of outline.sections) {
    if (section.number === null || !section.heading) continue;
    expected += 1;
    if (section.number === expected) continue;
    const start = positions.index(section.heading.start);
    const end = positions.index(section.heading.end);
    const heading = text.slice(start, end);
    const match = new RegExp(`(^|[^\\d])${section.number}(?!\\d)`).exec(heading);
    if (!match) continue;
    const at = start + match.index + match[1].length;
    edits.push({ from: at, to: at + String(section.number).length, insert: String(expected) });
  }
  return applyEdits(text, edits);
}

// Edits of `text` (non-overlapping ranges of it, in any order) applied in one
// pass: a copy per edit would cost a renumbering of a 1 MB issue's 850
// sections seconds. Inserts at the same place keep their order.
export function applyEdits(text, edits) {
  let result = '';
  let at = 0;
  for (const { from, to, insert } of [...edits].sort((a, b) => a.from - b.from)) {
    result += text.slice(at, from) + insert;
    at = to;
  }
  return result + text.slice(at);
}

// The one change that turns `before` into `after`: what lies between their
// common prefix and suffix.
export function diffChange(before, after) {
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start += 1;
  let end = 0;
  while (end < shortest - start
    && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end += 1;
  return { from: start, to: before.length - end, insert: after.slice(start, after.length - end) };
}

// --- The tree -----------------------------------------------------------------

function entry(kind, label, keys, movable) {
  const item = document.createElement('li');
  item.className = `outline-${kind}`;
  item.setAttribute('role', 'treeitem');
  item.draggable = movable;
  item.tabIndex = -1;
  Object.assign(item.dataset, keys, { kind });
  const text = document.createElement('span');
  text.className = 'outline-label';
  text.textContent = label;
  item.append(text);
  return item;
}

export class Outline {
  #root;
  #outline = { sections: [] };
  #dragged = null;
  #focusKey = null;
  #locale;
  #movable = true;

  // onJump(range) puts the editor at a range; onMove(source, target) moves
  // `source` ({section} or {section, item}) before `target` (same shape) or,
  // with target.end, to the end of target.section (items) or of the issue.
  // locale: the composer's (i18n.mjs).
  constructor(root, { onJump, onMove }, locale) {
    this.#root = root;
    this.#locale = locale;
    this.onJump = onJump;
    this.onMove = onMove;
    root.addEventListener('click', (event) => {
      const item = event.target.closest('[role="treeitem"]');
      if (item) this.#jump(item);
    });
    root.addEventListener('keydown', (event) => this.#key(event));
    root.addEventListener('dragstart', (event) => {
      const item = event.target.closest('[role="treeitem"]');
      if (!item || !this.#movable) return;
      this.#dragged = item;
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', item.textContent);
      item.classList.add('is-dragged');
    });
    root.addEventListener('dragend', () => {
      this.#dragged?.classList.remove('is-dragged');
      this.#dragged = null;
      for (const over of root.querySelectorAll('.is-drop-target')) over.classList.remove('is-drop-target');
    });
    root.addEventListener('dragover', (event) => {
      const target = this.#dropTarget(event.target);
      if (!target) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      for (const over of root.querySelectorAll('.is-drop-target')) if (over !== target) over.classList.remove('is-drop-target');
      target.classList.add('is-drop-target');
    });
    root.addEventListener('drop', (event) => {
      const target = this.#dropTarget(event.target);
      if (!target || !this.#dragged) return;
      event.preventDefault();
      this.#move(this.#dragged, target);
    });
  }

  // Where a dragged entry may land: an item on an item or a section (then at
  // its end), a section on a section or the end marker.
  #dropTarget(node) {
    const target = node.closest?.('[role="treeitem"], .outline-end');
    const dragged = this.#dragged;
    if (!target || !dragged || target === dragged || dragged.contains(target)) return null;
    if (dragged.dataset.kind === 'section' && target.dataset.kind === 'item') return null;
    if (dragged.dataset.kind === 'item' && target.classList.contains('outline-end')) return null;
    return target;
  }

  static #ref(element) {
    if (element.classList.contains('outline-end')) return { end: true };
    const ref = { section: Number(element.dataset.section) };
    if (element.dataset.kind === 'item') ref.item = Number(element.dataset.item);
    return ref;
  }

  #move(source, target) {
    const from = Outline.#ref(source);
    const to = Outline.#ref(target);
    if (from.item !== undefined && to.item === undefined && !to.end) to.end = true;  // item onto a section
    this.#focusKey = null;
    this.onMove(from, to);
  }

  #jump(element) {
    const { section, item } = Outline.#ref(element);
    const model = this.#outline.sections[section];
    const range = item === undefined ? model?.heading ?? model?.range : model?.items[item]?.range;
    if (range) this.onJump(range);
  }

  #visible() { return [...this.#root.querySelectorAll('[role="treeitem"]')]; }

  #focus(element) {
    this.#setTabStop(element);
    element.focus();
    this.#focusKey = element.dataset.key;
  }

  #key(event) {
    const current = event.target.closest('[role="treeitem"]');
    if (!current) return;
    const all = this.#visible();
    const index = all.indexOf(current);
    const siblings = [...current.parentElement.children].filter((node) => node.getAttribute('role') === 'treeitem');
    const position = siblings.indexOf(current);
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      if (!this.#movable) return;
      const up = event.key === 'ArrowUp';
      const neighbour = siblings[position + (up ? -1 : 2)];
      const target = up ? siblings[position - 1] : neighbour;
      if (up && !target) return;
      const from = Outline.#ref(current);
      let to;
      if (target) to = Outline.#ref(target);
      else if (current.dataset.kind === 'item') to = { section: from.section, end: true };
      else to = { end: true };
      if (!up && position + 1 >= siblings.length) return;
      this.#focusKey = current.dataset.key;
      this.onMove(from, to);
      return;
    }
    const moves = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: all.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      const next = all[Math.max(0, Math.min(all.length - 1, moves[event.key]))];
      if (next) this.#focus(next);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.#jump(current);
    }
  }

  // What the tree shows: each section's signature and element, in order.
  #shown = [];
  #tabStop = null;

  // A read-only composer's outline jumps but offers no moves.
  setMovable(movable) {
    this.#movable = movable;
    for (const item of this.#visible()) item.draggable = movable;
  }

  #sectionNode(section, s) {
    const label = section.number === null ? section.title : `${section.number}. ${section.title}`;
    const node = entry('section', label || '—', { section: String(s), key: `s:${section.title}` }, this.#movable);
    node.setAttribute('aria-level', '1');
    if (section.items.length > 0) {
      node.setAttribute('aria-expanded', 'true');
      const group = document.createElement('ul');
      group.setAttribute('role', 'group');
      section.items.forEach((item, i) => {
        const child = entry('item', item.title || item.url || '—', {
          section: String(s), item: String(i), key: `i:${item.url}:${item.title}`,
        }, this.#movable);
        child.setAttribute('aria-level', '2');
        group.append(child);
      });
      node.append(group);
    }
    return node;
  }

  // Repaints only the sections whose title, number or items changed (typing
  // in a summary leaves the tree alone; retitling one section of 850 redraws
  // that one); `force` redraws all (a new language).
  show(outline, { force = false } = {}) {
    this.#outline = outline;
    const signatures = outline.sections.map((section) => `${section.number}\u0001${section.title}\u0001${
      section.items.map((item) => `${item.title}\u0002${item.url}`).join('\u0003')}`);
    const unchanged = !force && signatures.length === this.#shown.length
      && signatures.every((signature, s) => signature === this.#shown[s].signature);
    if (unchanged) return;
    const hadFocus = this.#root.contains(document.activeElement);
    if (outline.sections.length === 0) {
      const empty = document.createElement('p');
      empty.className = 'panel-hint';
      empty.textContent = this.#locale.t('outlineEmpty');
      this.#root.replaceChildren(empty);
      this.#shown = [];
      this.#tabStop = null;
      return;
    }
    let tree = force ? null : this.#root.querySelector(':scope > [role="tree"]');
    if (!tree) {
      tree = document.createElement('ul');
      tree.setAttribute('role', 'tree');
      tree.setAttribute('aria-labelledby', 'outline-title');
      const end = document.createElement('p');
      end.className = 'outline-end';
      end.textContent = this.#locale.t('moveToEnd');
      this.#root.replaceChildren(tree, end);
      this.#shown = [];
    }
    // Sections shown already are kept, wherever they moved to.
    const reusable = new Map();
    for (const { signature, node } of this.#shown) {
      if (!reusable.has(signature)) reusable.set(signature, []);
      reusable.get(signature).push(node);
    }
    this.#shown = outline.sections.map((section, s) => {
      const node = reusable.get(signatures[s])?.shift() ?? this.#sectionNode(section, s);
      if (node.dataset.section !== String(s)) {
        for (const element of [node, ...node.querySelectorAll('[data-kind="item"]')]) element.dataset.section = String(s);
      }
      return { signature: signatures[s], node };
    });
    // Elements already in place stay untouched.
    let at = tree.firstElementChild;
    for (const { node } of this.#shown) {
      if (node === at) at = at.nextElementSibling;
      else tree.insertBefore(node, at);
    }
    while (at) {
      const gone = at;
      at = at.nextElementSibling;
      gone.remove();
    }
    const items = this.#visible();
    const keep = items.find((item) => item.dataset.key === this.#focusKey) ?? items[0];
    this.#setTabStop(keep);
    if (keep && hadFocus) keep.focus();
  }

  // The one entry that Tab reaches.
  #setTabStop(element) {
    if (this.#tabStop === element) return;
    if (this.#tabStop) this.#tabStop.tabIndex = -1;
    this.#tabStop = element ?? null;
    if (element) element.tabIndex = 0;
  }
}

// After a move: sections renumbered, then the table of contents rewritten by
// the core's own fix for it. compose(text) resolves to the worker's page view
// of `text` (outline and diagnostics).
export async function restructure(text, compose) {
  let view = await compose(text);
  const renumbered = renumber(text, view.outline, new SourcePositions(text));
  if (renumbered !== text) {
    text = renumbered;
    view = await compose(text);
  }
  const toc = view.fixable.find((diagnostic) => diagnostic.rule === TOC_RULE);
  return toc ? applyEdits(text, new SourcePositions(text).edits(toc.fix)) : text;
}
