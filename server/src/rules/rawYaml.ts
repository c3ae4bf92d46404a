// Insertions for quick fixes: a new entry in a list or mapping, a new key in a service, a new
// top-level declaration. Each copies the indentation and style (block or flow) of what is there,
// and gives up (undefined) where the layout is not one it can extend safely.
import type { CMap, CNode, CPair, CSeq } from '../compose/nodes';
import { isMap, isScalar, isSeq } from '../compose/nodes';
import type { ComposeProject } from '../compose/project';
import type { SourceFile } from '../compose/source';
import type { TextEdit } from './types';

/** A pair as one file writes it (not merged, not interpolated), for edits in that file. */
export interface RawPair {
  file: string;
  pair: CPair;
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

/** A service's own mapping in one file's tree. */
export function rawServiceNode(project: ComposeProject, file: string, service: string): CMap | undefined {
  const root = project.fileTrees.get(file);
  const services = isMap(root) ? root.pairs.get('services')?.value : undefined;
  const svc = isMap(services) ? services.pairs.get(service) : undefined;
  return svc && isMap(svc.value) && svc.keyLoc.file === file ? svc.value : undefined;
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

function indentOf(file: SourceFile, offset: number): string | undefined {
  const before = file.text.slice(file.lineStartOf(offset), offset);
  return /^[ ]*$/.test(before) ? before : undefined;
}

/** Offset where a new line goes after a block collection whose last value ends at `end`. */
function afterLastLine(file: SourceFile, end: number): { at: number; lead: string } {
  const at = file.nextLineStartOf(Math.max(0, end - 1));
  const lead = at === file.text.length && !file.text.endsWith('\n') ? '\n' : '';
  return { at, lead };
}

function lastEnd(node: CMap | CSeq, file: string): number | undefined {
  let end: number | undefined;
  const consider = (n: { file: string; end: number }) => {
    if (n.file === file && (end === undefined || n.end > end)) end = n.end;
  };
  if (isSeq(node)) for (const item of node.items) consider(item.loc);
  else
    for (const p of node.pairs.values()) {
      consider(p.keyLoc);
      consider(p.value.loc);
    }
  return end;
}

/** Whether the node lies in one file's text as written (not reached through an alias elsewhere). */
function inside(node: CNode, parent: { start: number; end: number }): boolean {
  return node.loc.start >= parent.start && node.loc.end <= parent.end;
}

/**
 * Adds `name` to a list (`[a, b]` or `- a` lines) or a mapping (`a: {}` entries) of names, in
 * the style written. `entry` is what a mapping gets as the value of the new key.
 */
export function addNameTo(file: SourceFile, node: CNode, name: string, entry = '{}'): TextEdit | undefined {
  const text = file.text;
  if (isSeq(node)) {
    if (node.flow) {
      const close = node.loc.end - 1;
      if (text[close] !== ']') return undefined;
      const inner = text.slice(node.loc.start + 1, close);
      const sep = inner.trim() === '' ? '' : inner.trimEnd().endsWith(',') ? ' ' : ', ';
      const at = node.loc.start + 1 + inner.trimEnd().length;
      return { loc: { file: file.path, start: at, end: at }, newText: `${sep}${name}` };
    }
    const first = node.items[0];
    if (!first || !inside(first, node.loc)) return undefined;
    const prefix = text.slice(file.lineStartOf(first.loc.start), first.loc.start);
    if (!/^[ ]*-[ ]+$/.test(prefix)) return undefined;
    const end = lastEnd(node, file.path);
    if (end === undefined) return undefined;
    const { at, lead } = afterLastLine(file, end);
    return { loc: { file: file.path, start: at, end: at }, newText: `${lead}${prefix}${name}\n` };
  }
  if (isMap(node)) {
    if (node.flow) {
      const close = node.loc.end - 1;
      if (text[close] !== '}') return undefined;
      const inner = text.slice(node.loc.start + 1, close);
      const sep = inner.trim() === '' ? '' : inner.trimEnd().endsWith(',') ? ' ' : ', ';
      const at = node.loc.start + 1 + inner.trimEnd().length;
      return { loc: { file: file.path, start: at, end: at }, newText: `${sep}${name}: ${entry}` };
    }
    const first = [...node.pairs.values()][0];
    if (!first || first.keyLoc.file !== file.path || first.keyLoc.start < node.loc.start) return undefined;
    const indent = indentOf(file, first.keyLoc.start);
    const end = lastEnd(node, file.path);
    if (indent === undefined || end === undefined) return undefined;
    const { at, lead } = afterLastLine(file, end);
    return { loc: { file: file.path, start: at, end: at }, newText: `${lead}${indent}${name}: ${entry}\n` };
  }
  return undefined;
}

/** Adds `key:` with the given lines (already relative, without indentation) at the end of a block mapping. */
export function addKeyTo(file: SourceFile, map: CMap, key: string, childLines: string[]): TextEdit | undefined {
  if (map.flow) return undefined;
  const first = [...map.pairs.values()][0];
  if (!first || first.keyLoc.file !== file.path) return undefined;
  const indent = indentOf(file, first.keyLoc.start);
  const end = lastEnd(map, file.path);
  if (indent === undefined || end === undefined) return undefined;
  const step = childIndentStep(file, map) ?? '  ';
  const { at, lead } = afterLastLine(file, end);
  const lines = [`${indent}${key}:`, ...childLines.map((l) => `${indent}${step}${l}`)];
  return { loc: { file: file.path, start: at, end: at }, newText: `${lead}${lines.join('\n')}\n` };
}

/** The file's indentation step, read from the first nested block mapping under `map`. */
function childIndentStep(file: SourceFile, map: CMap): string | undefined {
  const base = indentOf(file, [...map.pairs.values()][0].keyLoc.start);
  if (base === undefined) return undefined;
  for (const p of map.pairs.values()) {
    const v = p.value;
    const firstChild = isMap(v) && !v.flow ? [...v.pairs.values()][0]?.keyLoc : isSeq(v) && !v.flow ? v.items[0]?.loc : undefined;
    if (!firstChild || firstChild.file !== file.path) continue;
    const inner = file.text.slice(file.lineStartOf(firstChild.start), firstChild.start);
    const m = /^([ ]*)/.exec(inner);
    if (m && m[1].length > base.length) return m[1].slice(base.length);
  }
  return undefined;
}

/**
 * Declares `name` under the top-level `section` (`networks`) of a file: a new entry when the
 * section exists, else the section itself at the end of the file.
 */
export function declareTopLevel(file: SourceFile, root: CNode | undefined, section: string, name: string): TextEdit | undefined {
  if (!isMap(root) || root.flow) return undefined;
  const existing = root.pairs.get(section);
  const step = childIndentStep(file, root) ?? '  ';
  if (existing && existing.keyLoc.file === file.path) {
    const v = existing.value;
    if (isMap(v) && v.pairs.size > 0) return addNameTo(file, v, name);
    if (isMap(v) && v.flow) return addNameTo(file, v, name);
    // `networks:` with nothing after it: the entry goes on the next line.
    if (isScalar(v) && v.value === null) {
      const end = file.nextLineStartOf(existing.keyLoc.end);
      const tail = file.text.slice(existing.keyLoc.end, end).replace(/#.*$/m, '').trim();
      if (tail !== ':' && tail !== '') return undefined;
      const lead = end === file.text.length && !file.text.endsWith('\n') ? '\n' : '';
      return { loc: { file: file.path, start: end, end }, newText: `${lead}${step}${name}: {}\n` };
    }
    return undefined;
  }
  const text = file.text;
  const lead = text.length === 0 || text.endsWith('\n') ? '' : '\n';
  return { loc: { file: file.path, start: text.length, end: text.length }, newText: `${lead}${section}:\n${step}${name}: {}\n` };
}
