// YAML text → located value tree, with the parser's errors as problems. Aliases are expanded
// under a budget (an alias bomb becomes a problem, not a hang) and `<<` merge keys are applied.
import { parseDocument, isAlias, isMap, isPair, isScalar, isSeq, visit, type Alias, type Document, type Node as YamlNode } from 'yaml';
import { Pairs, type CMap, type CNode, type CPair, type CScalar, type ParsedYaml, type SharedAnchor } from './nodes';
import type { LoadProblem } from './problems';
import type { Loc } from './source';
import { checkTimeBudget } from '../budget';
import { count } from '../display/numbers';

/** Nodes one file may expand to through aliases; far above any real Compose file. */
const NODE_BUDGET = 200_000;
/**
 * Characters (of keys and scalar values) one file may expand to through aliases, beyond the file's
 * own size: every later stage reads the expanded values, so a few aliased kilobytes of padding
 * must not become megabytes. A million is far above any real file's anchors (5,000 services take
 * about as much text in all).
 */
export const ALIAS_SIZE_BUDGET = 1_000_000;
/** Nesting deeper than this is not Compose and would only exhaust the stack. */
const MAX_DEPTH = 200;

/**
 * How much parsing the cache saved: whole files parsed (and their characters), and edits spliced in by parsing
 * one part; and characters converted through aliases (tests read these; the server reads `fullChars` to know
 * whether a load left the parser's garbage behind, `lsp/memory.ts`).
 */
export const parseCounters = { full: 0, fullChars: 0, partial: 0, aliasChars: 0 };

/** The whole text in one parse, never in pieces (tests compare the two). */
export function parseWhole(path: string, text: string, base = 0): ParsedYaml {
  const problems: LoadProblem[] = [];
  let doc: Document.Parsed;
  try {
    // Duplicate keys are found by the converter with its own key set: the parser's check compares
    // each key with every earlier one, quadratic in a mapping's size (5,000 services).
    doc = parseDocument(text, { merge: true, uniqueKeys: false, prettyErrors: false, strict: false });
  } catch (err) {
    problems.push({ severity: 'error', code: 'yaml-syntax', message: `YAML could not be read: ${(err as Error).message}`, loc: { file: path, start: 0, end: 0 } });
    return { root: undefined, problems };
  }
  const converter = new Converter(path, doc, problems, base, Math.max(ALIAS_SIZE_BUDGET, text.length));
  for (const error of doc.errors) {
    const [start, end] = (error.pos ?? [0, 0]).map((x) => x + base);
    if (error.code === 'RESOURCE_EXHAUSTION') {
      // The parser ran out of stack on deep nesting and says so in V8's words; say it in the file's.
      converter.tooDeep({ file: path, start, end: Math.max(end, start + 1) });
      continue;
    }
    if (error.code === 'MULTIPLE_DOCS') {
      problems.push({ severity: 'warning', code: 'yaml-syntax', message: 'This file holds several YAML documents; Compose reads only the first.', loc: { file: path, start, end: Math.max(end, start) } });
      continue;
    }
    problems.push({ severity: 'error', code: 'yaml-syntax', message: firstLine(error.message), loc: { file: path, start, end: Math.max(end, start + 1) } });
  }
  const root = doc.contents ? converter.convert(doc.contents as YamlNode, 0) : undefined;
  const directives = /^%/m.test(text);
  const sharedAnchors = converter.sharedAnchors();
  // A file with merge tags is parsed whole: a spliced part would not tell its ancestors of its tags.
  return { root, problems, local: !converter.crossReferences && !converter.mergeTags && !directives, ...(sharedAnchors.length > 0 ? { sharedAnchors } : {}) };
}

/** A collection used as a key, as text; the parser's own rendering can throw (a bad merge inside it). */
function collectionKeyText(node: YamlNode): string {
  try {
    return String(node);
  } catch {
    return '?';
  }
}

function firstLine(message: string): string {
  const line = message.split('\n')[0];
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

class Converter {
  private visited = 0;
  /** Nodes converted, for checking the time budget now and then. */
  private converted = 0;
  /** Characters of keys and scalars converted through aliases so far. */
  private expandedChars = 0;
  private budgetReported = false;
  /** Each alias's node, found in one walk of the document (the parser's own lookup walks it all for every alias). */
  private aliasTargets?: Map<Alias, YamlNode | undefined>;
  private depthReported = false;

  constructor(
    private readonly path: string,
    private readonly doc: Document.Parsed,
    private readonly problems: LoadProblem[],
    private readonly base: number,
    private readonly sizeBudget: number,
  ) {}

  /** Set when an alias or a merge key was met: parts of the tree depend on other parts. */
  crossReferences = false;

  /** Set when a `!reset` or `!override` tag was met. */
  mergeTags = false;

  /** Anchored nodes by the parser's node, with the aliases written in the text that name them. */
  private readonly anchors = new Map<YamlNode, SharedAnchor>();

  sharedAnchors(): SharedAnchor[] {
    return [...this.anchors.values()];
  }

  /** An alias as written (not one met again while expanding another alias): its anchor is shared. */
  private noteAlias(alias: YamlNode, target: YamlNode): void {
    let anchor = this.anchors.get(target);
    if (!anchor) {
      const block = (isMap(target) || isSeq(target)) && !target.flow;
      anchor = { name: String((alias as { source?: unknown }).source ?? ''), loc: this.loc(target), block, aliases: [] };
      this.anchors.set(target, anchor);
    }
    anchor.aliases.push(this.loc(alias));
  }

  /** Values reached through aliases so far count against the budget; the text itself is bounded by its size. */
  private viaAlias = 0;

  /** Stands in for a part not read (alias bomb, absurd nesting), reporting it once. */
  private cut(node: YamlNode, why: 'budget' | 'depth'): CNode {
    const loc = this.loc(node);
    if (why === 'budget' && !this.budgetReported) {
      this.budgetReported = true;
      const what = this.expandedChars > this.sizeBudget ? `${count(this.sizeBudget)} characters` : `${NODE_BUDGET} values`;
      this.problems.push({ severity: 'error', code: 'yaml-aliases', message: `YAML aliases expand to more than ${what} (an alias bomb?); the rest of them is not read.`, loc });
    }
    if (why === 'depth') this.tooDeep(loc);
    return { kind: 'scalar', value: null, loc, style: 'plain' };
  }

  private countExpanded(chars: number): void {
    this.expandedChars += chars;
    parseCounters.aliasChars += chars;
  }

  /** Nesting too deep for the parser itself: the one depth problem of the file. */
  tooDeep(loc: Loc): void {
    if (this.depthReported) return;
    this.depthReported = true;
    this.problems.push({ severity: 'error', code: 'yaml-depth', message: `YAML nested more than ${MAX_DEPTH} levels deep; the deeper part is not read.`, loc });
  }

  private loc(node: { range?: [number, number, number] | null }): Loc {
    const range = node.range;
    if (!range) return { file: this.path, start: this.base, end: this.base };
    return { file: this.path, start: range[0] + this.base, end: range[1] + this.base };
  }

  convert(node: YamlNode, depth: number): CNode {
    const converted = this.convertNode(node, depth);
    const tag = (node as { tag?: string }).tag;
    if (tag === '!reset' || tag === '!override') {
      this.mergeTags = true;
      converted.mergeTag = tag === '!reset' ? 'reset' : 'override';
    }
    return converted;
  }

  /** Whether a converted child carries a merge tag or holds one: its parent is marked for `merge.ts`. */
  private static tagged(node: CNode): boolean {
    return node.mergeTag !== undefined || (node.kind !== 'scalar' && node.tagsBelow === true);
  }

  /** Over a budget: too many values, or too many characters, reached through aliases. */
  private overBudget(): boolean {
    return this.visited > NODE_BUDGET || this.expandedChars > this.sizeBudget;
  }

  /** The node an alias stands for: the last node before it with its anchor, as the parser resolves it. */
  private targetOf(alias: Alias): YamlNode | undefined {
    if (!this.aliasTargets) {
      const targets = new Map<Alias, YamlNode | undefined>();
      const anchors = new Map<string, YamlNode>();
      visit(this.doc, {
        Node: (_key, node) => {
          if (isAlias(node)) targets.set(node, anchors.get(node.source));
          else if (node.anchor) anchors.set(node.anchor, node);
        },
      });
      this.aliasTargets = targets;
    }
    return this.aliasTargets.get(alias);
  }

  private convertNode(node: YamlNode, depth: number): CNode {
    if ((++this.converted & 1023) === 0) checkTimeBudget(() => `reading ${this.path.split(/[\\/]/).pop()}`);
    if (this.viaAlias > 0) this.visited++;
    if (this.viaAlias > 0 && this.overBudget()) return this.cut(node, 'budget');
    if (depth > MAX_DEPTH) return this.cut(node, 'depth');
    if (isAlias(node)) {
      this.crossReferences = true;
      const target = this.targetOf(node);
      if (!target) return { kind: 'scalar', value: null, loc: this.loc(node), style: 'plain' };
      if (this.viaAlias === 0) this.noteAlias(node, target as YamlNode);
      if (this.overBudget()) return this.cut(node, 'budget');
      this.viaAlias++;
      try {
        return this.convert(target as YamlNode, depth + 1);
      } finally {
        this.viaAlias--;
      }
    }
    if (isScalar(node)) {
      const loc = this.loc(node);
      const value = node.value;
      const plainValue: CScalar['value'] =
        value === null || value === undefined ? null : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
      const style = node.type === 'QUOTE_SINGLE' ? 'single' : node.type === 'QUOTE_DOUBLE' ? 'double' : node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL' ? 'block' : 'plain';
      const source = node.source !== undefined ? String(node.source) : undefined;
      if (this.viaAlias > 0) this.countExpanded(typeof plainValue === 'string' ? plainValue.length : 1);
      return { kind: 'scalar', value: plainValue, loc, style, source };
    }
    if (isSeq(node)) {
      const items: CNode[] = [];
      for (const item of node.items) {
        if (item === null || item === undefined) continue;
        items.push(this.convert(item as YamlNode, depth + 1));
      }
      const seq: CNode = { kind: 'seq', items, loc: this.loc(node), flow: node.flow === true };
      if (this.mergeTags && items.some(Converter.tagged)) seq.tagsBelow = true;
      return seq;
    }
    if (isMap(node)) {
      const out: CMap = { kind: 'map', pairs: new Pairs(), loc: this.loc(node), flow: node.flow === true };
      const merged: CPair[] = [];
      /** Scalar keys seen, by value as the parser compares them (`1` and `"1"` differ). */
      const seen = this.viaAlias === 0 && node.items.length > 1 ? new Set<unknown>() : undefined;
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const keyNode = item.key as YamlNode | null;
        const keyValue = keyNode && isScalar(keyNode) ? keyNode.value : keyNode ? collectionKeyText(keyNode) : '';
        // With `merge: true` the parser marks a merge key by a symbol value.
        const keyText = typeof keyValue === 'symbol' ? '<<' : keyValue;
        const keyLoc = keyNode ? this.loc(keyNode as YamlNode) : out.loc;
        if (seen && keyNode && isScalar(keyNode) && typeof keyValue !== 'symbol') {
          if (seen.has(keyValue)) this.problems.push({ severity: 'error', code: 'yaml-syntax', message: 'Map keys must be unique', loc: { file: this.path, start: keyLoc.start, end: keyLoc.start + 1 } });
          else seen.add(keyValue);
        }
        if (keyText === '<<' && item.value) {
          this.crossReferences = true;
          // YAML merge key: the referenced maps give defaults; explicit keys win.
          const sources = isSeq(item.value) ? item.value.items : [item.value];
          for (const src of sources) {
            const converted = this.convert(src as YamlNode, depth + 1);
            // One by one: spreading a huge map into push() overflows the stack (about 125,000 arguments).
            if (converted.kind === 'map') for (const p of converted.pairs.values()) merged.push(p);
          }
          continue;
        }
        const key = keyText === null || keyText === undefined ? 'null' : String(keyText);
        if (this.viaAlias > 0) this.countExpanded(key.length);
        const value: CNode = item.value
          ? this.convert(item.value as YamlNode, depth + 1)
          : { kind: 'scalar', value: null, loc: { file: this.path, start: keyLoc.end, end: keyLoc.end }, style: 'plain' };
        out.pairs.set({ key, keyLoc, value });
      }
      for (const p of merged) if (!out.pairs.has(p.key)) out.pairs.set(p);
      if (this.mergeTags) for (const p of out.pairs.values()) if (Converter.tagged(p.value)) out.tagsBelow = true;
      return out;
    }
    return { kind: 'scalar', value: null, loc: this.loc(node as YamlNode), style: 'plain' };
  }
}
