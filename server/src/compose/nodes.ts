// The located value tree the loader works on: plain YAML values, each with the span of the
// file that set it. Merging files, `extends` and interpolation produce new trees whose leaves
// still point at their own file, so findings land on the right characters after a merge.
import type { LoadProblem } from './problems';
import type { Loc } from './source';

export type ScalarValue = string | number | boolean | null;

/**
 * Compose's merge tags (Compose 2.24+): `!reset` removes what earlier files set for the key (its
 * value is ignored), `!override` replaces it whole instead of merging (`merge.ts` applies them).
 */
export type MergeTag = 'reset' | 'override';

interface Tagged {
  mergeTag?: MergeTag;
}

interface Collection extends Tagged {
  /** Some value inside carries a merge tag: a value taken whole is cleaned of its `!reset` entries. */
  tagsBelow?: true;
}

export interface CScalar extends Tagged {
  kind: 'scalar';
  value: ScalarValue;
  loc: Loc;
  /** The scalar as written in the file (before interpolation); absent for synthetic values. */
  source?: string;
  /** How the scalar is written: a plain or quoted one-line scalar maps characters 1:1 to the file. */
  style: 'plain' | 'single' | 'double' | 'block';
  /**
   * The value is not written in the file: a bare `environment` entry (`- VAR`, `VAR:`) takes it from
   * the environment Compose runs in. `loc` is then the entry's key, where a finding can stand.
   */
  fromEnvironment?: true;
}

export interface CPair {
  key: string;
  keyLoc: Loc;
  value: CNode;
  /** The key is read through a variable (a list entry `- ${NETWORK}`): `keyLoc` is then the whole entry, and another environment may give another key. */
  keyFromVariable?: true;
}

/** How many entries a mapping holds before its look-ups go through an index of keys rather than past each entry. */
const INDEXED_FROM = 9;

/**
 * A mapping's entries in the order written, each under its own key: what a `Map` of them gives (look-up, order,
 * replacing an entry in its place), at a fraction of its memory. A parsed tree is kept for as long as its text,
 * and most of its mappings hold a few entries: a `Map` of three took about 250 bytes, most of a large tree's
 * mappings; here they are one list, and an index only once a mapping is large and asked.
 */
export class Pairs implements Iterable<[string, CPair]> {
  private readonly list: CPair[];
  /** Key → place in the list, made at the first look-up of a large mapping (private: equal trees compare equal, asked or not). */
  #index: Map<string, number> | undefined;

  /** `entries` in order, each key once; the list is taken as it is (made at its size, it holds no spare room). */
  constructor(entries: CPair[] = []) {
    this.list = entries;
  }

  get size(): number {
    return this.list.length;
  }

  get(key: string): CPair | undefined {
    const at = this.indexOf(key);
    return at < 0 ? undefined : this.list[at];
  }

  has(key: string): boolean {
    return this.indexOf(key) >= 0;
  }

  /** Adds `pair` under its key, or puts it in the place of the entry already under that key. */
  set(pair: CPair): this {
    const list = this.list;
    const at = this.indexOf(pair.key);
    if (at >= 0) list[at] = pair;
    else {
      list.push(pair);
      this.#index?.set(pair.key, list.length - 1);
    }
    return this;
  }

  delete(key: string): boolean {
    const at = this.indexOf(key);
    if (at < 0) return false;
    this.list.splice(at, 1);
    // The entries after it moved: the index is made again when next needed.
    this.#index = undefined;
    return true;
  }

  values(): IterableIterator<CPair> {
    return this.list.values();
  }

  *keys(): IterableIterator<string> {
    for (const p of this.list) yield p.key;
  }

  *entries(): IterableIterator<[string, CPair]> {
    for (const p of this.list) yield [p.key, p];
  }

  [Symbol.iterator](): IterableIterator<[string, CPair]> {
    return this.entries();
  }

  /** The entries in order, a list of their own at their count. */
  toArray(): CPair[] {
    return this.list.slice();
  }

  /** A mapping of the same entries, changed without changing this one. */
  copy(): Pairs {
    return new Pairs(this.list.slice());
  }

  private indexOf(key: string): number {
    const list = this.list;
    if (list.length < INDEXED_FROM) {
      for (let i = 0; i < list.length; i++) if (list[i].key === key) return i;
      return -1;
    }
    let index = this.#index;
    if (!index) {
      index = new Map();
      for (let i = 0; i < list.length; i++) index.set(list[i].key, i);
      this.#index = index;
    }
    return index.get(key) ?? -1;
  }
}

export interface CMap extends Collection {
  kind: 'map';
  pairs: Pairs;
  loc: Loc;
  /** Set on the result of a merge; `loc` is then the first file's. */
  flow?: boolean;
}

export interface CSeq extends Collection {
  kind: 'seq';
  items: CNode[];
  loc: Loc;
  flow?: boolean;
}

export type CNode = CScalar | CMap | CSeq;

export function isMap(node: CNode | undefined): node is CMap {
  return node !== undefined && node.kind === 'map';
}

export function isSeq(node: CNode | undefined): node is CSeq {
  return node !== undefined && node.kind === 'seq';
}

export function isScalar(node: CNode | undefined): node is CScalar {
  return node !== undefined && node.kind === 'scalar';
}

export function get(node: CNode | undefined, key: string): CNode | undefined {
  return isMap(node) ? node.pairs.get(key)?.value : undefined;
}

export function pair(node: CNode | undefined, key: string): CPair | undefined {
  return isMap(node) ? node.pairs.get(key) : undefined;
}

/** The scalar at `key` as a string (numbers and booleans as written), or undefined. */
export function str(node: CNode | undefined, key?: string): string | undefined {
  const target = key === undefined ? node : get(node, key);
  if (!isScalar(target) || target.value === null) return undefined;
  return String(target.value);
}

export function bool(node: CNode | undefined, key: string): boolean {
  const target = get(node, key);
  if (!isScalar(target)) return false;
  return target.value === true || target.value === 'true';
}

/** Items of a sequence, or the node itself when a single scalar stands where a list may. */
export function items(node: CNode | undefined): CNode[] {
  if (node === undefined) return [];
  if (isSeq(node)) return node.items;
  if (isScalar(node) && node.value !== null) return [node];
  return [];
}

/** Plain JS value of a node (for settings-like sub-trees such as `ipam`). */
export function toPlain(node: CNode | undefined): unknown {
  if (node === undefined) return undefined;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const p of node.pairs.values()) out[p.key] = toPlain(p.value);
  return out;
}

export function scalar(value: ScalarValue, loc: Loc): CScalar {
  return { kind: 'scalar', value, loc, style: 'plain' };
}

/** An anchored node that aliases use elsewhere: an edit of its text changes every place that uses it. */
export interface SharedAnchor {
  name: string;
  /** The anchored node's span. */
  loc: Loc;
  /** A mapping or sequence in block style: a line added just after it, as deep as its entries, is part of it. */
  block: boolean;
  /** Where aliases name it (`*name`, in a merge key too). */
  aliases: Loc[];
}

export interface ParsedYaml {
  root: CNode | undefined;
  problems: LoadProblem[];
  /** Anchors that aliases use (none in a file parsed in parts: such files have no aliases). */
  sharedAnchors?: SharedAnchor[];
  /**
   * True when a part of the text can be parsed again on its own and spliced in after an edit
   * (`reparse.ts`): no aliases, merge keys or directives, whose meaning reaches across the file.
   */
  local?: boolean;
}
