// Insertions into YAML collections for quick fixes: a key added to a mapping, an item to a
// sequence, an item removed. Each edit follows the collection's own style (block or flow,
// indentation, quoting of its neighbours) and touches nothing else.
import type { CMap, CNode, CScalar, CSeq } from '../compose/nodes';
import { isMap, isSeq } from '../compose/nodes';
import type { ComposeProject } from '../compose/project';
import type { Loc, SourceFile, SourceSet } from '../compose/source';
import type { TextEdit } from './types';

/** The node of a file's own tree (as written) that covers exactly `loc`, for edits after a merge. */
export function fileNodeAt(project: ComposeProject, loc: Loc): CNode | undefined {
  const root = project.fileTrees.get(loc.file);
  const stack: CNode[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop() as CNode;
    if (node.loc.start === loc.start && node.loc.end === loc.end && node.loc.file === loc.file) return node;
    if (node.loc.file === loc.file && (node.loc.start > loc.start || node.loc.end < loc.end)) continue;
    if (isMap(node)) for (const p of node.pairs.values()) stack.push(p.value);
    else if (isSeq(node)) stack.push(...node.items);
  }
  return undefined;
}

function within(inner: Loc, outer: Loc): boolean {
  return inner.file === outer.file && inner.start >= outer.start && inner.end <= outer.end;
}

/** Column of an offset in its line. */
export function columnOf(file: SourceFile, offset: number): number {
  return offset - file.lineStartOf(offset);
}

/** Where a new line goes after the line(s) ending at `end`, and the text that must precede it. */
function afterLine(file: SourceFile, end: number): { at: number; lead: string } {
  if (end > 0 && file.text[end - 1] === '\n') return { at: end, lead: '' };
  const at = file.nextLineStartOf(end);
  return { at, lead: at === file.text.length && !file.text.endsWith('\n') ? '\n' : '' };
}

/** Writes `text` as a scalar in the same quoting style as `like` (plain when there is none). */
export function quoteLike(like: CScalar | undefined, text: string): string {
  if (like?.style === 'double') return `"${text}"`;
  if (like?.style === 'single') return `'${text}'`;
  return text;
}

/**
 * Adds `key: value` at the end of a mapping. `value` is one line, or lines for a block value
 * (written below the key, indented two more spaces than it). Undefined when the layout is unclear.
 */
export function appendPair(sources: SourceSet, map: CMap, key: string, value: string | string[]): TextEdit | undefined {
  const file = sources.get(map.loc.file);
  // Pairs brought in by a YAML merge key (`<<: *base`) are written elsewhere: only the map's own count.
  const pairs = [...map.pairs.values()].filter((p) => within(p.keyLoc, map.loc));
  if (!file) return undefined;
  const text = file.text;
  if (map.flow || text[map.loc.start] === '{') {
    if (Array.isArray(value)) return undefined;
    const last = pairs[pairs.length - 1];
    if (!last) {
      const open = text.indexOf('{', map.loc.start);
      if (open < 0 || open >= map.loc.end) return undefined;
      return { loc: { file: file.path, start: map.loc.start, end: map.loc.end }, newText: `{ ${key}: ${value} }` };
    }
    const end = Math.max(last.value.loc.end, last.keyLoc.end);
    return { loc: { file: file.path, start: end, end }, newText: `, ${key}: ${value}` };
  }
  if (pairs.length === 0) return undefined;
  const indent = ' '.repeat(columnOf(file, pairs[0].keyLoc.start));
  const last = pairs.reduce((a, b) => (Math.max(b.value.loc.end, b.keyLoc.end) > Math.max(a.value.loc.end, a.keyLoc.end) ? b : a));
  const { at, lead } = afterLine(file, Math.max(last.value.loc.end, last.keyLoc.end));
  const body = Array.isArray(value) ? `${indent}${key}:\n${value.map((l) => `${indent}  ${l}\n`).join('')}` : `${indent}${key}: ${value}\n`;
  return { loc: { file: file.path, start: at, end: at }, newText: lead + body };
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
  const mine = seq.items.filter((i) => within(i.loc, seq.loc));
  if (seq.flow || text[seq.loc.start] === '[') {
    const last = mine[mine.length - 1];
    if (!last) return { loc: seq.loc, newText: `[${item}]` };
    return { loc: { file: file.path, start: last.loc.end, end: last.loc.end }, newText: `, ${item}` };
  }
  if (mine.length === 0) return undefined;
  const first = mine[0];
  const lineStart = file.lineStartOf(first.loc.start);
  const dash = text.lastIndexOf('-', first.loc.start);
  if (dash < lineStart) return undefined;
  const prefix = text.slice(lineStart, dash);
  if (prefix.trim() !== '') return undefined;
  const gap = text.slice(dash + 1, first.loc.start);
  const last = mine.reduce((a, b) => (b.loc.end > a.loc.end ? b : a));
  const { at, lead } = afterLine(file, last.loc.end);
  return { loc: { file: file.path, start: at, end: at }, newText: `${lead}${prefix}-${gap || ' '}${item}\n` };
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
  const before = text.slice(lineStart, item.loc.start);
  if (!/^\s*-\s*$/.test(before)) return undefined;
  const end = file.nextLineStartOf(Math.max(item.loc.start, item.loc.end - 1));
  if (text.slice(item.loc.end, end).replace(/#.*$/m, '').trim() !== '') return undefined;
  return { loc: { file: file.path, start: lineStart, end }, newText: '' };
}

/** A location without the line breaks and spaces a block collection's span ends with. */
export function trimEnd(sources: SourceSet, loc: Loc): Loc {
  const text = sources.get(loc.file)?.text;
  if (text === undefined) return loc;
  let end = loc.end;
  while (end > loc.start && /\s/.test(text[end - 1])) end--;
  return { ...loc, end };
}
