// After an edit, parse again only the entry of a block mapping that holds it (the deepest one:
// `services.web.environment.LOG_LEVEL`), on its own, and rebuild the tree around it: every entry but
// the edited one is the old tree's own object, those after the edit moved where they now stand (their
// locations shifted in place by the edit's length, not copied: a 5,000-service file edited near its top
// would otherwise copy every later service, and what is read from an entry could not be kept by its
// identity). The old tree is left behind with them: it is not to be read after a splice. Anything the
// splice cannot prove equal to a whole parse falls back to one.
import { Pairs, type CMap, type CNode, type CPair, type ParsedYaml } from './nodes';
import { moveLoc } from './source';

/** One level of the path from the root to the entry that holds the edit. */
interface Step {
  map: CMap;
  pair: CPair;
  /** Where the entry's lines start and end in the old text (the next entry's line, or the parent's end). */
  start: number;
  end: number;
}

/**
 * The tree of `text`, built from `old` (the tree of `oldText`) by parsing one entry again; undefined
 * when the edit is not inside one entry of a block mapping or when that entry does not parse cleanly
 * on its own (then the caller parses the whole file, and `old` is as it was). After a splice, the
 * entries of `old` after the edit stand where they are in `text`: `old` itself is stale.
 */
export function reparseEdit(oldText: string, old: ParsedYaml, text: string, parsePart: (part: string, base: number) => ParsedYaml): ParsedYaml | undefined {
  const root = old.root;
  if (!old.local || old.problems.length > 0 || !root || root.kind !== 'map' || root.flow) return undefined;
  const min = Math.min(oldText.length, text.length);
  let from = 0;
  while (from < min && oldText.charCodeAt(from) === text.charCodeAt(from)) from++;
  let tail = 0;
  while (tail < min - from && oldText.charCodeAt(oldText.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  /** The edit replaced old [from, oldEnd) by new [from, from + (oldEnd - from) + delta). */
  const oldEnd = oldText.length - tail;
  const delta = text.length - oldText.length;

  const path: Step[] = [];
  let map: CMap = root;
  let limit = oldText.length;
  for (;;) {
    const step = entryHolding(oldText, map, from, oldEnd, limit);
    if (!step) break;
    path.push(step);
    const value = step.pair.value;
    if (value.kind !== 'map' || value.flow) break;
    map = value;
    limit = step.end;
  }
  // Deepest first; a top-level entry (`services:` as a whole) would cost about a whole parse.
  for (let depth = path.length - 1; depth >= 1; depth--) {
    if (!lineCheck(text, path[depth], delta)) continue;
    const entry = reparseEntry(text.slice(path[depth].start, path[depth].end + delta), path[depth], parsePart);
    if (!entry) continue;
    // A mapping whose last entry is the edited one ends where that entry ends: learn how from the old entry.
    // Whether a closing comment falls inside a node's span depends on what follows it: such entries are not parsed alone.
    if (hasClosingComment(oldText.slice(path[depth].start, path[depth].end)) || hasClosingComment(text.slice(path[depth].start, path[depth].end + delta))) continue;
    const last = isLast(path[depth]);
    const oldEntry = last ? reparseEntry(oldText.slice(path[depth].start, path[depth].end), path[depth], parsePart) : undefined;
    const rebuilt = rebuild(path.slice(0, depth + 1), entry.pair, oldEntry?.end, entry.end, delta);
    if (rebuilt) return { root: rebuilt, problems: [], local: true };
  }
  return undefined;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The entry of block mapping `map` whose lines hold the whole edit, after its key. */
function entryHolding(text: string, map: CMap, from: number, oldEnd: number, limit: number): Step | undefined {
  if (map.flow) return undefined;
  let found: CPair | undefined;
  let next: CPair | undefined;
  let lastStart = -1;
  for (const pair of map.pairs.values()) {
    // Keys in text order (no merge keys): else this is not a plain block mapping.
    if (pair.keyLoc.start <= lastStart) return undefined;
    lastStart = pair.keyLoc.start;
    if (pair.keyLoc.start < from) found = pair;
    else {
      next = pair;
      break;
    }
  }
  if (!found) return undefined;
  const start = lineStart(text, found.keyLoc.start);
  // Each key first on its line, so the entry's lines can be read on their own.
  if (text.slice(start, found.keyLoc.start).trim() !== '') return undefined;
  let end = limit;
  if (next) {
    end = lineStart(text, next.keyLoc.start);
    if (text.slice(end, next.keyLoc.start).trim() !== '') return undefined;
  }
  // The key itself is untouched; the edit ends within the entry's lines.
  if (from <= found.keyLoc.end || oldEnd > end || from >= end) return undefined;
  return { map, pair: found, start, end };
}

/**
 * A comment the parser may put inside the span of the entry's last node or not, depending on what
 * follows the entry: one on the entry's last line with content, or on a line after it. Comments
 * above (`# B: 2` between two settings) read the same whether the entry is parsed alone or whole.
 * A comment starts at a line's start or after a space or tab (`a#b` is a plain scalar).
 */
function hasClosingComment(part: string): boolean {
  const lines = part.split('\n');
  let last = lines.length - 1;
  while (last >= 0 && /^[ \t]*(#.*)?\r?$/.test(lines[last])) {
    if (/^[ \t]*#/.test(lines[last])) return true;
    last--;
  }
  return last >= 0 && /(^|[ \t])#/.test(lines[last]);
}

function isLast(step: Step): boolean {
  let last: CPair | undefined;
  for (const p of step.map.pairs.values()) last = p;
  return last === step.pair;
}

/** The entry's new lines stay the entry's: the next entry still starts a line, and every later line is blank, a comment, or deeper than the key. */
function lineCheck(text: string, step: Step, delta: number): boolean {
  const end = step.end + delta;
  if (end < text.length && text.charCodeAt(end - 1) !== 10) return false;
  const part = text.slice(step.start, end);
  const column = step.pair.keyLoc.start - step.start;
  let at = part.indexOf('\n');
  while (at >= 0 && at < part.length - 1) {
    let i = at + 1;
    while (part.charCodeAt(i) === 32) i++;
    const c = part.charCodeAt(i);
    const blank = i >= part.length || c === 10 || c === 13 || c === 35; /* '#' */
    if (c === 9 || (!blank && i - at - 1 <= column)) return false;
    at = part.indexOf('\n', i);
  }
  return true;
}

/** An entry's lines parsed on their own: one pair, same key at the same place, no problem; and where the mapping of it ends. */
function reparseEntry(part: string, step: Step, parsePart: (part: string, base: number) => ParsedYaml): { pair: CPair; end: number } | undefined {
  const parsed = parsePart(part, step.start);
  const root = parsed.root;
  if (!parsed.local || parsed.problems.length > 0 || !root || root.kind !== 'map' || root.flow || root.pairs.size !== 1) return undefined;
  const pair = root.pairs.values().next().value as CPair;
  if (pair.key !== step.pair.key || pair.keyLoc.start !== step.pair.keyLoc.start || pair.keyLoc.end !== step.pair.keyLoc.end) return undefined;
  return { pair, end: root.loc.end };
}

/**
 * The maps along `path`, rebuilt bottom-up around the new entry: entries before the edit shared,
 * entries after it shifted. A map whose last entry is the edited one ends where that entry ends
 * (`oldEntryEnd` → `newEntryEnd`, as the entry parsed alone says), checked against the old tree.
 */
function rebuild(path: Step[], pair: CPair, oldEntryEnd: number | undefined, newEntryEnd: number, delta: number): CMap | undefined {
  /** The entries after the edit, moved only once the splice is known to hold. */
  const later: CPair[] = [];
  let newChild: CPair = pair;
  let oldEnd = oldEntryEnd;
  let newEnd = newEntryEnd;
  let built: CMap | undefined;
  for (let i = path.length - 1; i >= 0; i--) {
    const { map, pair: oldPair } = path[i];
    const entries = new Array<CPair>(map.pairs.size);
    let k = 0;
    let after = false;
    let last = false;
    for (const p of map.pairs.values()) {
      if (p === oldPair) {
        entries[k++] = newChild;
        after = true;
        last = true;
      } else {
        entries[k++] = p;
        if (after && delta !== 0) later.push(p);
        last = false;
      }
    }
    let end: number;
    if (!last) end = map.loc.end + delta;
    else if (oldEnd !== undefined && map.loc.end === oldEnd) end = newEnd;
    else return undefined;
    built = { kind: 'map', pairs: new Pairs(entries), loc: { file: map.loc.file, start: map.loc.start, end }, flow: map.flow };
    if (i > 0) {
      const parentPair = path[i - 1].pair;
      newChild = { key: parentPair.key, keyLoc: parentPair.keyLoc, value: built };
      oldEnd = map.loc.end;
      newEnd = end;
    }
  }
  for (const p of later) movePair(p, delta);
  return built;
}

/** An entry's locations moved `delta` further in the file, in place. */
function movePair(p: CPair, delta: number): void {
  moveLoc(p.keyLoc, delta);
  moveNode(p.value, delta);
}

/**
 * `node`'s locations moved `delta` further, in place. Each location object is moved once: a parsed tree holds
 * each in one place (a key without a node of its own, which `parse.ts` gives its mapping's location, aside).
 */
function moveNode(node: CNode, delta: number): void {
  moveLoc(node.loc, delta);
  if (node.kind === 'seq') {
    for (const item of node.items) moveNode(item, delta);
  } else if (node.kind === 'map') {
    for (const p of node.pairs.values()) {
      if (p.keyLoc !== node.loc) moveLoc(p.keyLoc, delta);
      moveNode(p.value, delta);
    }
  }
}
