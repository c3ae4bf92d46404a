// A large file parsed in pieces: each top-level entry on its own, and the entries of a large
// mapping under it (`services:` with thousands of services) in groups. The YAML parser holds a
// whole document's syntax tree at once (about 50 bytes per byte of text); pieces keep that peak
// small. Only plain files qualify (no comments, anchors, aliases, tags, directives or document
// markers, keys first on their lines), where a piece parses exactly as it does within the file;
// anything else is parsed whole.
import { Pairs, type CMap, type CPair, type ParsedYaml } from './nodes';

/**
 * About this much text per group of entries (and the size above which an entry is split). The parser's syntax
 * tree of a group (about 50 bytes per byte of text) is garbage once the group is converted: kept well below the
 * young generation the server runs with (`serverExecArgv`), it dies there instead of being copied and promoted
 * to the old generation. Measured on the benchmark's 5,000-service file: 64 KB groups promoted 38 MB and took
 * two full collections, 8 KB groups 10 MB and one, the parse's CPU time about 15 % less.
 */
export const GROUP_CHARS = 8 * 1024;

type ParsePart = (part: string, base: number) => ParsedYaml;

/** One line that starts an entry: a key at `column`, first on its line. */
interface KeyLine {
  start: number;
  column: number;
}

/** The tree of `text` built from pieces, or undefined when the file does not qualify or a piece does not read cleanly. */
export function parseChunked(text: string, parsePart: ParsePart, group = GROUP_CHARS): ParsedYaml | undefined {
  // Comments, anchors, aliases, tags, explicit keys, merge keys, directives, document markers, tabs: meaning or spans that reach across pieces.
  if (/(^|[\s[{,])[#&*!?]|<<|^%|^---|^\.\.\.|\t|\r/m.test(text)) return undefined;
  const top = keyLines(text, 0, text.length, 0);
  if (!top) return undefined;
  const pairs = new Pairs();
  let end = 0;
  for (let i = 0; i < top.length; i++) {
    const from = top[i].start;
    const to = i + 1 < top.length ? top[i + 1].start : text.length;
    const entry = (to - from > group ? bigEntry(text, from, to, parsePart, group) : undefined) ?? entryAlone(text, from, to, parsePart);
    if (!entry || pairs.has(entry.pair.key)) return undefined;
    pairs.set(entry.pair);
    end = entry.end;
  }
  if (top.length === 0) return undefined;
  const file = (pairs.values().next().value as CPair).keyLoc.file;
  const root: CMap = { kind: 'map', pairs, loc: { file, start: top[0].start, end }, flow: false };
  return { root, problems: [], local: true };
}

/** Where the text of the line starting at `at` begins, past its spaces (at most `to`). */
function textStart(text: string, at: number, to: number): number {
  let i = at;
  while (i < to && text.charCodeAt(i) === 32) i++;
  return i;
}

/** Where the line holding `i` ends: its line break, or `to`. */
function lineEnd(text: string, i: number, to: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 || nl > to ? to : nl;
}

/**
 * The lines in [from, to) that start at `column` (the others must be deeper or blank); undefined when
 * one starts shallower, or when one at `column` is not a plain `key:` (a sequence item, a quoted key).
 */
function keyLines(text: string, from: number, to: number, column: number): KeyLine[] | undefined {
  const out: KeyLine[] = [];
  // Line by line without an object per line: a large file has hundreds of thousands of them.
  let at = from;
  while (at < to) {
    const i = textStart(text, at, to);
    const end = lineEnd(text, i, to);
    const indent = i - at;
    at = end + 1;
    if (i >= end) continue;
    // Nothing shallower than the keys, and nothing deeper before the first one.
    if (indent < column || (indent > column && out.length === 0)) return undefined;
    if (indent !== column) continue;
    // A plain key: a letter, digit or `_` first, a `:` followed by a space or the line's end.
    if (!/^[A-Za-z0-9_][^:"'{}[\],]*:( |$)/.test(text.slice(i, Math.min(end, i + 200)))) return undefined;
    out.push({ start: i, column });
  }
  return out;
}

/** The first line of [from, to) that holds more than spaces: where its text starts and its indentation. */
function firstContentLine(text: string, from: number, to: number): { start: number; indent: number } | undefined {
  let at = from;
  while (at < to) {
    const i = textStart(text, at, to);
    const end = lineEnd(text, i, to);
    if (i < end) return { start: i, indent: i - at };
    at = end + 1;
  }
  return undefined;
}

/** An entry's lines parsed alone: one pair, its key where expected. */
function entryAlone(text: string, from: number, to: number, parsePart: ParsePart): { pair: CPair; end: number } | undefined {
  const start = text.lastIndexOf('\n', from - 1) + 1;
  const parsed = parsePart(text.slice(start, to), start);
  const root = parsed.root;
  if (!parsed.local || parsed.problems.length > 0 || !root || root.kind !== 'map' || root.flow || root.pairs.size !== 1) return undefined;
  const pair = root.pairs.values().next().value as CPair;
  if (pair.keyLoc.start !== from) return undefined;
  return { pair, end: root.loc.end };
}

/** A large entry whose value is a block mapping: its key line alone, then its entries in groups. */
function bigEntry(text: string, from: number, to: number, parsePart: ParsePart, group: number): { pair: CPair; end: number } | undefined {
  const keyLineEnd = text.indexOf('\n', from);
  if (keyLineEnd < 0 || keyLineEnd + 1 >= to) return undefined;
  const head = entryAlone(text, from, keyLineEnd + 1, parsePart);
  // The key line alone must be `key:` with nothing after it (the value is the block below).
  if (!head || head.pair.value.kind !== 'scalar' || head.pair.value.value !== null) return undefined;
  const column = from - (text.lastIndexOf('\n', from - 1) + 1);
  const firstLine = firstContentLine(text, keyLineEnd + 1, to);
  if (firstLine === undefined) return undefined;
  const childColumn = firstLine.indent;
  if (childColumn <= column) return undefined;
  const children = keyLines(text, keyLineEnd + 1, to, childColumn);
  if (!children || children.length === 0 || children[0].start !== firstLine.start) return undefined;
  const pairs = new Pairs();
  let mapStart = -1;
  let mapEnd = 0;
  for (let i = 0; i < children.length; ) {
    // A group: entries up to about `group` characters of text.
    let j = i + 1;
    while (j < children.length && children[j].start - children[i].start < group) j++;
    const groupFrom = text.lastIndexOf('\n', children[i].start - 1) + 1;
    const groupTo = j < children.length ? text.lastIndexOf('\n', children[j].start - 1) + 1 : to;
    const parsed = parsePart(text.slice(groupFrom, groupTo), groupFrom);
    const root = parsed.root;
    if (!parsed.local || parsed.problems.length > 0 || !root || root.kind !== 'map' || root.flow || root.pairs.size !== j - i) return undefined;
    let k = i;
    for (const p of root.pairs.values()) {
      const key = p.key;
      if (p.keyLoc.start !== children[k].start || pairs.has(key)) return undefined;
      pairs.set(p);
      k++;
    }
    if (mapStart < 0) mapStart = root.loc.start;
    mapEnd = root.loc.end;
    i = j;
  }
  const value: CMap = { kind: 'map', pairs, loc: { file: head.pair.keyLoc.file, start: mapStart, end: mapEnd }, flow: false };
  const pair: CPair = { key: head.pair.key, keyLoc: head.pair.keyLoc, value };
  return { pair, end: mapEnd };
}
