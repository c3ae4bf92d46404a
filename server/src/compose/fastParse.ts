// The quick way from YAML text to the located tree, for the plain YAML most Compose files are: js-yaml reads the
// text (an order of magnitude sooner than `yaml` builds its document), and the tree is built from its parse
// events, each node's span found from where the event says the parser stood. Anything this might read otherwise
// than `parse.ts` — a syntax error, anchors and aliases, tags, merge keys, explicit keys, directives, several
// documents, a line break inside a quoted scalar or a flow collection (js-yaml does not hold their indentation
// rule), a comment closing a block, a block scalar keeping its trailing lines — makes it answer undefined, and
// the caller parses with `yaml` (whose errors are the ones reported). `test/unit/fast-parse.test.ts` holds the two
// to the same trees.
import { FAILSAFE_SCHEMA, load, type State } from 'js-yaml';
import { isScalar, Schema } from 'yaml';
import { Pairs, type CMap, type CNode, type CPair, type CScalar, type ParsedYaml } from './nodes';
import type { Loc } from './source';
import { checkTimeBudget } from '../budget';

/** One `composeNode` of the parser: where it stood when it began and ended, what it made, and the nodes inside. */
interface Event {
  open: number;
  close: number;
  kind: string | null;
  result: unknown;
  children: Event[];
}

/**
 * What a plain scalar means, decided by `yaml`'s own core schema (the one `parse.ts` reads with): js-yaml reads
 * every scalar as text here, so `0b11`, `+.5` or `1e400` mean exactly what they mean on the other way.
 */
const CORE_TAGS = new Schema({}).tags.filter((t): t is typeof t & { test: RegExp; resolve: (value: string, onError: (message: string) => void, options: object) => unknown } => t.default === true && 'test' in t && t.test instanceof RegExp);

/**
 * Whether a plain scalar may mean something else than its text: the core schema's null (`~`, `null`, empty),
 * booleans (`true`, `False`) and numbers (a digit, a sign, `.inf`, `.nan`) each start with one of these. Most
 * scalars of a Compose file (keys, names, images) start otherwise and are text without trying each tag.
 */
function mayBeTyped(source: string): boolean {
  if (source === '') return true;
  const c = source.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) || c === 0x2b /* + */ || c === 0x2d /* - */ || c === 0x2e /* . */ || c === 0x7e /* ~ */ || c === 0x4e || c === 0x6e /* N n */ || c === 0x54 || c === 0x74 /* T t */ || c === 0x46 || c === 0x66; /* F f */
}

function resolvePlain(source: string): string | number | boolean | null {
  if (!mayBeTyped(source)) return source;
  for (const tag of CORE_TAGS) {
    if (!tag.test.test(source)) continue;
    const resolved = tag.resolve(source, () => undefined, {});
    // Some tags answer with a scalar node (a float keeps its digits, null and booleans their spelling).
    const value = isScalar(resolved) ? resolved.value : resolved;
    return value === null || value === undefined ? null : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
  }
  return source;
}

/** Thrown from inside the parse when the text holds something this reader leaves to `yaml`. */
class NotPlain extends Error {}

/** Deeper than this (js-yaml's own limit of 100 comes first), `parse.ts` reports the nesting (`yaml-depth`): left to it. */
const MAX_EVENT_DEPTH = 200;

const SPACE = 32;
const LF = 10;
const HASH = 35;

export function parseFast(path: string, text: string, base = 0): ParsedYaml | undefined {
  // Directives and document markers, a byte order mark, tabs and CRs: rare in Compose files, and each changes how spans are counted.
  if (/^(%|---|\.\.\.)/m.test(text) || text.charCodeAt(0) === 0xfeff || text.includes('\t') || text.includes('\r')) return undefined;
  const root: Event = { open: 0, close: text.length, kind: null, result: undefined, children: [] };
  const stack: Event[] = [root];
  try {
    load(text, {
      schema: FAILSAFE_SCHEMA,
      json: false,
      listener(type: 'open' | 'close', state: State) {
        if (type === 'open') {
          if (stack.length > MAX_EVENT_DEPTH) throw new NotPlain();
          const event: Event = { open: state.position, close: -1, kind: null, result: undefined, children: [] };
          stack[stack.length - 1].children.push(event);
          stack.push(event);
        } else {
          const event = stack.pop() as Event;
          // js-yaml reads the text with a line break added at its end when it has none.
          event.close = Math.min(state.position, text.length);
          event.kind = state.kind;
          event.result = state.result;
          // Anchors, aliases and tags are `yaml`'s to read (its alias budget, merge keys, Compose's `!reset`).
          const s = state as State & { tag?: string | null; anchor?: string | null };
          if (s.anchor) throw new NotPlain();
          if (s.tag && s.tag !== '?' && s.tag !== '!' && !s.tag.startsWith('tag:yaml.org,2002:')) throw new NotPlain();
        }
      },
    } as Parameters<typeof load>[1]);
  } catch {
    return undefined;
  }
  if (root.children.length !== 1) return undefined;
  try {
    const builder = new Builder(path, text, base);
    const top = builder.node(unwrap(root.children[0]));
    return { root: top ?? undefined, problems: [], local: true };
  } catch (err) {
    if (err instanceof NotPlain) return undefined;
    throw err;
  }
}

/** How many entries js-yaml's mapping holds (-1 when it made none). */
function entryCount(result: unknown): number {
  return result !== null && typeof result === 'object' && !Array.isArray(result) ? Object.keys(result).length : -1;
}

/** A node made of one node inside it that made the same thing (the parser trying a key that was a value): the inner one. */
function unwrap(event: Event): Event {
  let e = event;
  while (e.children.length === 1 && e.children[0].result === e.result && e.children[0].kind === e.kind) e = e.children[0];
  return e;
}

/** Whether a key was among the first entries of a mapping being built: past its few entries, by a set of them. */
class KeysSeen {
  private set: Set<string> | undefined;

  constructor(private readonly entries: readonly CPair[]) {
    if (entries.length > 8) this.set = new Set();
  }

  /** Whether `key` is one of the first `count` entries' keys; notes it as the next one's. */
  seen(key: string, count: number): boolean {
    if (this.set) {
      if (this.set.has(key)) return true;
      this.set.add(key);
      return false;
    }
    for (let i = 0; i < count; i++) if (this.entries[i].key === key) return true;
    return false;
  }
}

class Builder {
  constructor(
    private readonly path: string,
    private readonly text: string,
    private readonly base: number,
  ) {}

  private loc(start: number, end: number): Loc {
    return { file: this.path, start: start + this.base, end: end + this.base };
  }

  /** Where a node's text starts: past the spaces, line breaks and comments the parser stood before. */
  private startOf(event: Event): number {
    const text = this.text;
    let i = event.open;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === LF) i++;
      else if (c === HASH) {
        const next = text.indexOf('\n', i);
        i = next < 0 ? text.length : next + 1;
      } else return i;
    }
  }

  /** Where a node's line ends, its line break included (a comment after the value is part of it, as `yaml` counts). */
  private lineEnd(from: number): number {
    const next = this.text.indexOf('\n', from);
    return next < 0 ? this.text.length : next + 1;
  }

  /** `end` moved back over spaces and line breaks. */
  private trimBack(start: number, end: number): number {
    const text = this.text;
    while (end > start) {
      const c = text.charCodeAt(end - 1);
      if (c !== SPACE && c !== LF) break;
      end--;
    }
    return end;
  }

  /** The node and where its text ends with what follows it on its line (`yaml`'s node end). */
  node(event: Event): CNode | undefined {
    return this.build(event)?.node;
  }

  /** Nodes built, for checking the time budget now and then (as `parse.ts` does, under the same name). */
  private built = 0;

  private build(event: Event, flow = false): { node: CNode; nodeEnd: number } | undefined {
    if ((++this.built & 1023) === 0) checkTimeBudget(() => `reading ${this.path.split(/[\\/]/).pop()}`);
    const start = this.startOf(event);
    const c = this.text.charCodeAt(start);
    if (c === 0x26 /* & */ || c === 0x2a /* * */ || c === 0x21 /* ! */ || c === 0x3f /* ? */) throw new NotPlain();
    if (event.kind === 'mapping') return c === 0x7b /* { */ ? this.flowCollection(event, start, 'map') : this.blockMap(event, start);
    if (event.kind === 'sequence') return c === 0x5b /* [ */ ? this.flowCollection(event, start, 'seq') : this.blockSeq(event, start);
    if (event.kind === 'scalar') return this.scalar(event, start, flow);
    throw new NotPlain();
  }

  private scalar(event: Event, start: number, flow: boolean): { node: CScalar; nodeEnd: number } {
    const text = this.text;
    const c = text.charCodeAt(start);
    const value = event.result;
    if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw new NotPlain();
    if (c === 0x7c /* | */ || c === 0x3e /* > */) return this.blockScalar(event, start, value);
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      const end = this.trimBack(start, event.close);
      if (text.charCodeAt(end - 1) !== c || end - start < 2) throw new NotPlain();
      // Over several lines, how far its lines must be indented is a rule js-yaml does not hold: `yaml`'s.
      if (text.slice(start, end).includes('\n')) throw new NotPlain();
      if (typeof value !== 'string') throw new NotPlain();
      // `yaml` keeps a quoted scalar's value, escapes read, as its source.
      const node: CScalar = { kind: 'scalar', value, loc: this.loc(start, end), style: c === 0x22 ? 'double' : 'single', source: value };
      return { node, nodeEnd: flow ? end : this.afterValue(end) };
    }
    const end = this.trimBack(start, event.close);
    const source = text.slice(start, end);
    // A plain scalar over several lines is folded: its source as `yaml` keeps it is left to `yaml`.
    if (source.includes('\n') || source.includes(' #') || source !== value) throw new NotPlain();
    const node: CScalar = { kind: 'scalar', value: resolvePlain(source), loc: this.loc(start, end), style: 'plain', source };
    return { node, nodeEnd: flow ? end : this.afterValue(end) };
  }

  /** After a value on its line: trailing spaces and a comment, then the line break. */
  private afterValue(end: number): number {
    const text = this.text;
    let i = end;
    while (text.charCodeAt(i) === SPACE) i++;
    const c = text.charCodeAt(i);
    if (i >= text.length) return text.length;
    if (c === LF) return i + 1;
    if (c === HASH) return this.lineEnd(i);
    return i;
  }

  private blockScalar(event: Event, start: number, value: unknown): { node: CScalar; nodeEnd: number } {
    const text = this.text;
    const header = text.slice(start, this.lineEnd(start));
    // Keeping chomping (`|+`) and comments after the header are counted differently: left to `yaml`.
    if (header.includes('+') || header.includes('#') || typeof value !== 'string') throw new NotPlain();
    // The content ends after its last line that holds more than spaces, its line break included.
    let end = this.trimBack(start, Math.min(event.close, text.length));
    end = end <= start ? this.lineEnd(start) : this.lineEnd(end - 1);
    const node: CScalar = { kind: 'scalar', value, loc: this.loc(start, end), style: 'block', source: value };
    return { node, nodeEnd: end };
  }

  private blockMap(event: Event, start: number): { node: CMap; nodeEnd: number } {
    const children = event.children;
    // Every entry a key node and a value node: an entry the parser made without one (`? a`) is `yaml`'s.
    if (children.length !== 2 * entryCount(event.result)) throw new NotPlain();
    // The entries at their count: the tree is kept, and a list grown one entry at a time holds room for 17.
    const entries = new Array<CPair>(children.length / 2);
    const keys = new KeysSeen(entries);
    let nodeEnd = start;
    for (let i = 0; i < children.length; i += 2) {
      const keyEvent = unwrap(children[i]);
      const key = this.build(keyEvent, true);
      if (!key || key.node.kind !== 'scalar') throw new NotPlain();
      const keyScalar = key.node;
      const keyText = keyScalar.value === null ? 'null' : String(keyScalar.value);
      if (keyText === '<<' || keys.seen(keyText, i / 2)) throw new NotPlain();
      let value: CNode;
      const valueEvent = children[i + 1] ? unwrap(children[i + 1]) : undefined;
      if (!valueEvent || valueEvent.kind === null) {
        // `key:` and nothing: null, standing after the colon and its spaces; its node ends before the line break.
        const colon = this.text.indexOf(':', keyScalar.loc.end - this.base);
        if (colon < 0) throw new NotPlain();
        let at = colon + 1;
        while (this.text.charCodeAt(at) === SPACE) at++;
        // A comment after it: `yaml` then ends the value's node at the next content.
        if (this.text.charCodeAt(at) === HASH) throw new NotPlain();
        value = { kind: 'scalar', value: null, loc: this.loc(at, at), style: 'plain', source: '' };
        const lineBreak = this.text.indexOf('\n', at);
        nodeEnd = lineBreak < 0 ? this.text.length : lineBreak;
      } else {
        const built = this.build(valueEvent);
        if (!built) throw new NotPlain();
        value = built.node;
        nodeEnd = built.nodeEnd;
      }
      entries[i / 2] = { key: keyText, keyLoc: keyScalar.loc, value };
    }
    const out: CMap = { kind: 'map', pairs: new Pairs(entries), loc: this.loc(start, this.closing(nodeEnd)), flow: false };
    return { node: out, nodeEnd };
  }

  /**
   * Where a block collection ends: where its last entry ends. Comment lines between it and the next content are
   * shared out by `yaml` among the entry, the collection and the collections around it by their indentation and
   * what follows them: such a file is left to `yaml`.
   */
  private closing(end: number): number {
    const text = this.text;
    let i = end;
    while (i < text.length) {
      let j = i;
      while (text.charCodeAt(j) === SPACE) j++;
      const c = text.charCodeAt(j);
      if (c === HASH) throw new NotPlain();
      if (c !== LF) break;
      i = j + 1;
    }
    return end;
  }

  private blockSeq(event: Event, start: number): { node: CNode; nodeEnd: number } {
    // An empty entry (`-` alone) makes no node: the entries would shift.
    if (!Array.isArray(event.result) || event.result.length !== event.children.length) throw new NotPlain();
    const items = new Array<CNode>(event.children.length);
    let nodeEnd = start;
    for (let i = 0; i < items.length; i++) {
      const itemEvent = unwrap(event.children[i]);
      if (itemEvent.kind === null) throw new NotPlain();
      const built = this.build(itemEvent);
      if (!built) throw new NotPlain();
      items[i] = built.node;
      nodeEnd = built.nodeEnd;
    }
    return { node: { kind: 'seq', items, loc: this.loc(start, this.closing(nodeEnd)), flow: false }, nodeEnd };
  }

  private flowCollection(event: Event, start: number, kind: 'map' | 'seq'): { node: CNode; nodeEnd: number } {
    const end = this.trimBack(start, event.close);
    const close = kind === 'map' ? 0x7d /* } */ : 0x5d; /* ] */
    if (this.text.charCodeAt(end - 1) !== close || this.text.slice(start, end).includes('\n')) throw new NotPlain();
    const loc = this.loc(start, end);
    const nodeEnd = this.afterValue(end);
    const children = event.children.map(unwrap);
    if (kind === 'seq' ? !Array.isArray(event.result) || event.result.length !== children.length : children.length !== 2 * entryCount(event.result)) throw new NotPlain();
    if (kind === 'seq') {
      const items: CNode[] = [];
      for (const child of children) {
        const built = this.build(child, true);
        // A pair inside a flow sequence (`[a: b]`) is a one-pair map there: left to `yaml`.
        if (!built || built.node.kind !== 'scalar') throw new NotPlain();
        items.push(built.node);
      }
      return { node: { kind: 'seq', items, loc, flow: true }, nodeEnd };
    }
    if (children.length % 2 !== 0) throw new NotPlain();
    const entries = new Array<CPair>(children.length / 2);
    const keys = new KeysSeen(entries);
    for (let i = 0; i < children.length; i += 2) {
      const key = this.build(children[i], true);
      const value = this.build(children[i + 1], true);
      if (!key || !value || key.node.kind !== 'scalar' || value.node.kind !== 'scalar') throw new NotPlain();
      const keyText = key.node.value === null ? 'null' : String(key.node.value);
      if (keyText === '<<' || keys.seen(keyText, i / 2)) throw new NotPlain();
      entries[i / 2] = { key: keyText, keyLoc: key.node.loc, value: value.node };
    }
    return { node: { kind: 'map', pairs: new Pairs(entries), loc, flow: true }, nodeEnd };
  }
}
