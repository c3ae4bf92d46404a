// The YAML edits quick fixes are made of: a key added to a mapping, an item added to or removed
// from a sequence, a value set, a top-level declaration. Each follows the collection's own style
// (block or flow, indentation and indentation step, quoting of its neighbours), touches nothing
// else, and gives up (undefined) where the layout is not one it can extend safely. Edits are made
// in one file's own tree (as written: not merged, not interpolated), found with the lookups below.
import type { CMap, CNode, CPair, CScalar, CSeq } from '../../compose/nodes';
import { isMap, isScalar, isSeq } from '../../compose/nodes';
import type { ComposeProject } from '../../compose/project';
import type { Loc, SourceFile, SourceSet } from '../../compose/source';
import type { TextEdit } from '../types';

// ---- Lookups in the files as written ----

/** A pair as one file writes it, for edits in that file. */
export interface RawPair {
  file: string;
  pair: CPair;
}

/** The node of a file's own tree that covers exactly `loc`, for edits after a merge. */
export function fileNodeAt(project: ComposeProject, loc: Loc): CNode | undefined {
  const root = project.fileTrees.get(loc.file);
  const stack: CNode[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop() as CNode;
    if (node.loc.start === loc.start && node.loc.end === loc.end && node.loc.file === loc.file) return node;
    if (node.loc.file === loc.file && (node.loc.start > loc.start || node.loc.end < loc.end)) continue;
    if (isMap(node)) for (const p of node.pairs.values()) stack.push(p.value);
    else if (isSeq(node)) for (const item of node.items) stack.push(item);
  }
  return undefined;
}

/** A service's own mapping in one file's tree. */
export function rawServiceNode(project: ComposeProject, file: string, service: string): CMap | undefined {
  const root = project.fileTrees.get(file);
  const services = isMap(root) ? root.pairs.get('services')?.value : undefined;
  const svc = isMap(services) ? services.pairs.get(service) : undefined;
  return svc && isMap(svc.value) && svc.keyLoc.file === file ? svc.value : undefined;
}

/** Every file's own `services.<service>.<key>` pair, in the order the files were read. */
export function rawServicePairs(project: ComposeProject, service: string, key: string): RawPair[] {
  const out: RawPair[] = [];
  for (const file of project.fileTrees.keys()) {
    const svc = rawServiceNode(project, file, service);
    const p = isMap(svc) ? svc.pairs.get(key) : undefined;
    if (p && p.keyLoc.file === file) out.push({ file, pair: p });
  }
  return out;
}

/** Every file's own top-level `<section>.<key>` pair. */
export function rawTopLevelPairs(project: ComposeProject, section: string, key: string): RawPair[] {
  const out: RawPair[] = [];
  for (const [file, root] of project.fileTrees) {
    const sec = isMap(root) ? root.pairs.get(section)?.value : undefined;
    const p = isMap(sec) ? sec.pairs.get(key) : undefined;
    if (p && p.keyLoc.file === file) out.push({ file, pair: p });
  }
  return out;
}

// ---- Layout of the text ----

/** Whether `inner` lies in `outer`'s text (not brought in through an alias or a merge key from elsewhere). */
function within(inner: Loc, outer: Loc): boolean {
  return inner.file === outer.file && inner.start >= outer.start && inner.end <= outer.end;
}

/** Column of an offset in its line. */
export function columnOf(file: SourceFile, offset: number): number {
  return offset - file.lineStartOf(offset);
}

/** The spaces before `offset` on its line, when only spaces precede it. */
function indentBefore(file: SourceFile, offset: number): string | undefined {
  const before = file.text.slice(file.lineStartOf(offset), offset);
  return /^[ ]*$/.test(before) ? before : undefined;
}

/** Where a new line goes after the line holding `end - 1`, and the line break it needs first at the end of a file without one. */
function lineAfter(file: SourceFile, end: number): { at: number; lead: string } {
  const at = file.nextLineStartOf(Math.max(0, end - 1));
  return { at, lead: at === file.text.length && !file.text.endsWith('\n') ? file.lineBreak : '' };
}

/** A document marker (`---` or `...`) at the start of a line. */
const DOCUMENT_MARKER = /\n(?:---|\.\.\.)(?=[ \t\r\n]|$)/g;

/**
 * Where the file's first YAML document ends (the one Compose reads): the start of the next line that
 * holds a `---` or `...` marker after its content begins, else the end of the text. Nothing added to
 * the document may go past it, into the next document or after an end marker.
 */
function firstDocumentEnd(file: SourceFile, root: CNode): number {
  DOCUMENT_MARKER.lastIndex = Math.max(0, root.loc.start - 1);
  const marker = DOCUMENT_MARKER.exec(file.text);
  return marker ? marker.index + 1 : file.text.length;
}

/** The end of the last key or value a block collection writes in its own file. */
function lastEnd(node: CMap | CSeq): number | undefined {
  let end: number | undefined;
  const consider = (l: Loc) => {
    if (within(l, node.loc) && (end === undefined || l.end > end)) end = l.end;
  };
  if (isSeq(node)) for (const item of node.items) consider(item.loc);
  else
    for (const p of node.pairs.values()) {
      consider(p.keyLoc);
      consider(p.value.loc);
    }
  return end;
}

/** The file's indentation step, read from the first nested block collection under `map`. */
function indentStep(file: SourceFile, map: CMap): string | undefined {
  const first = [...map.pairs.values()][0];
  const base = first ? indentBefore(file, first.keyLoc.start) : undefined;
  if (base === undefined) return undefined;
  for (const p of map.pairs.values()) {
    const v = p.value;
    const child = isMap(v) && !v.flow ? [...v.pairs.values()][0]?.keyLoc : isSeq(v) && !v.flow ? v.items[0]?.loc : undefined;
    if (!child || child.file !== file.path) continue;
    const m = /^([ ]*)/.exec(file.text.slice(file.lineStartOf(child.start), child.start));
    if (m && m[1].length > base.length) return m[1].slice(base.length);
  }
  return undefined;
}

/** Inserts `entry` before the closing bracket of a flow collection, after its last entry. */
function intoFlow(file: SourceFile, node: CMap | CSeq, close: ']' | '}', entry: string): TextEdit | undefined {
  const end = node.loc.end - 1;
  if (file.text[end] !== close) return undefined;
  const inner = file.text.slice(node.loc.start + 1, end);
  if (inner.trim() === '') {
    // An empty `{}` takes the spaced look of `{ a: 1 }`; an empty `[]` stays tight like `[a, b]`.
    return { loc: { file: file.path, start: node.loc.start + 1, end }, newText: close === '}' ? ` ${entry} ` : entry };
  }
  const at = node.loc.start + 1 + inner.trimEnd().length;
  return { loc: { file: file.path, start: at, end: at }, newText: `${inner.trimEnd().endsWith(',') ? ' ' : ', '}${entry}` };
}

/** Writes `text` as a scalar in the same quoting style as `like` (plain when there is none). */
export function quoteLike(like: CScalar | undefined, text: string): string {
  if (like?.style === 'double') return `"${text}"`;
  if (like?.style === 'single') return `'${text}'`;
  return text;
}

/** A location without the line breaks and spaces a block collection's span ends with. */
export function trimEnd(sources: SourceSet, loc: Loc): Loc {
  const text = sources.get(loc.file)?.text;
  if (text === undefined) return loc;
  let end = loc.end;
  while (end > loc.start && /\s/.test(text[end - 1])) end--;
  return { ...loc, end };
}

// ---- Edits ----

/**
 * Adds `key: value` at the end of a mapping. `value` is one line, or lines for a block value
 * (written below the key, one indentation step of the file deeper). Undefined when the layout is unclear.
 */
export function appendPair(sources: SourceSet, map: CMap, key: string, value: string | string[]): TextEdit | undefined {
  const file = sources.get(map.loc.file);
  if (!file) return undefined;
  // Pairs brought in by a YAML merge key (`<<: *base`) are written elsewhere: only the map's own count.
  const pairs = [...map.pairs.values()].filter((p) => within(p.keyLoc, map.loc));
  if (map.flow || file.text[map.loc.start] === '{') {
    if (Array.isArray(value)) return undefined;
    return intoFlow(file, map, '}', `${key}: ${value}`);
  }
  const end = lastEnd(map);
  if (pairs.length === 0 || end === undefined) return undefined;
  const indent = ' '.repeat(columnOf(file, pairs[0].keyLoc.start));
  const { at, lead } = lineAfter(file, end);
  const step = indentStep(file, map) ?? '  ';
  const lb = file.lineBreak;
  const body = Array.isArray(value) ? [`${indent}${key}:`, ...value.map((l) => `${indent}${step}${l}`)].join(lb) : `${indent}${key}: ${value}`;
  return { loc: { file: file.path, start: at, end: at }, newText: `${lead}${body}${lb}` };
}

/** Sets `key` of a mapping to a one-line value: replaces the value written, or adds the pair. */
export function setPair(sources: SourceSet, map: CMap, key: string, value: string): TextEdit | undefined {
  const existing = map.pairs.get(key);
  if (existing && existing.value.loc.file === map.loc.file) {
    if (existing.value.loc.end > existing.value.loc.start) return { loc: existing.value.loc, newText: value };
    const colon = sources.get(map.loc.file)?.text.indexOf(':', existing.keyLoc.end) ?? -1;
    if (colon < 0) return undefined;
    return { loc: { file: existing.keyLoc.file, start: colon + 1, end: colon + 1 }, newText: ` ${value}` };
  }
  return appendPair(sources, map, key, value);
}

/** Adds an item (already written as YAML) at the end of a sequence, in its style. */
export function appendItem(sources: SourceSet, seq: CSeq, item: string): TextEdit | undefined {
  const file = sources.get(seq.loc.file);
  if (!file) return undefined;
  const text = file.text;
  if (seq.flow || text[seq.loc.start] === '[') return intoFlow(file, seq, ']', item);
  const mine = seq.items.filter((i) => within(i.loc, seq.loc));
  const end = lastEnd(seq);
  if (mine.length === 0 || end === undefined) return undefined;
  const first = mine[0];
  const lineStart = file.lineStartOf(first.loc.start);
  const dash = text.lastIndexOf('-', first.loc.start);
  if (dash < lineStart || text.slice(lineStart, dash).trim() !== '') return undefined;
  // The new item copies the first one's indentation and the spaces after its dash.
  const { at, lead } = lineAfter(file, end);
  return { loc: { file: file.path, start: at, end: at }, newText: `${lead}${text.slice(lineStart, dash)}-${text.slice(dash + 1, first.loc.start) || ' '}${item}${file.lineBreak}` };
}

/** Adds `name` to a list of names or to a mapping of names (with `entry` as its value), in the style written. */
export function addNameTo(sources: SourceSet, node: CNode, name: string, entry = '{}'): TextEdit | undefined {
  if (isSeq(node)) return appendItem(sources, node, name);
  if (isMap(node)) return appendPair(sources, node, name, entry);
  return undefined;
}

/** Removes one item of a sequence: its line(s) in block style, the item and a comma in flow style. */
export function removeItem(sources: SourceSet, seq: CSeq, index: number): TextEdit | undefined {
  const item = seq.items[index];
  const file = item ? sources.get(item.loc.file) : undefined;
  if (!item || !file) return undefined;
  const text = file.text;
  if (seq.flow || text[seq.loc.start] === '[') {
    const prev = seq.items[index - 1];
    const next = seq.items[index + 1];
    if (next) return { loc: { file: file.path, start: item.loc.start, end: next.loc.start }, newText: '' };
    if (prev) return { loc: { file: file.path, start: prev.loc.end, end: item.loc.end }, newText: '' };
    return { loc: { file: file.path, start: item.loc.start, end: item.loc.end }, newText: '' };
  }
  const lineStart = file.lineStartOf(item.loc.start);
  if (!/^\s*-\s*$/.test(text.slice(lineStart, item.loc.start))) return undefined;
  const end = file.nextLineStartOf(Math.max(item.loc.start, item.loc.end - 1));
  if (text.slice(item.loc.end, end).replace(/#.*$/m, '').trim() !== '') return undefined;
  return { loc: { file: file.path, start: lineStart, end }, newText: '' };
}

/**
 * Declares `name` under the top-level `section` (`networks`) of a file: a new entry when the
 * section exists, else the section itself at the end of the file's first document.
 */
export function declareTopLevel(sources: SourceSet, file: SourceFile, root: CNode | undefined, section: string, name: string): TextEdit | undefined {
  if (!isMap(root) || root.flow) return undefined;
  const existing = root.pairs.get(section);
  const step = indentStep(file, root) ?? '  ';
  const lb = file.lineBreak;
  if (existing && existing.keyLoc.file === file.path) {
    const v = existing.value;
    if (isMap(v) && (v.pairs.size > 0 || v.flow)) return addNameTo(sources, v, name);
    // `networks:` with nothing after it: the entry goes on the next line.
    if (isScalar(v) && v.value === null) {
      const end = file.nextLineStartOf(existing.keyLoc.end);
      const tail = file.text.slice(existing.keyLoc.end, end).replace(/#.*$/m, '').trim();
      if (tail !== ':' && tail !== '') return undefined;
      const lead = end === file.text.length && !file.text.endsWith('\n') ? lb : '';
      return { loc: { file: file.path, start: end, end }, newText: `${lead}${step}${name}: {}${lb}` };
    }
    return undefined;
  }
  const at = firstDocumentEnd(file, root);
  const lead = at === 0 || file.text[at - 1] === '\n' ? '' : lb;
  return { loc: { file: file.path, start: at, end: at }, newText: `${lead}${section}:${lb}${step}${name}: {}${lb}` };
}
