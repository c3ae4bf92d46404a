// Every place a project's files name something the features care about: service and network
// keys, the names written in `networks:`, `depends_on`, `links`, `extends`, `network_mode`,
// port mappings, `driver` values and the hosts inside values, from each file's own tree (not the
// merged one), so every span is the exact characters of one file. What is at one position is read
// from the entry around it; the whole index is built once per analysis, when a feature needs it.
import type { CMap, CNode, CPair, CScalar } from '../compose/nodes';
import { get, isMap, isScalar, isSeq } from '../compose/nodes';
import type { Loc } from '../compose/source';
import { parsePort, type PortMapping } from '../network/ports';
import { collectReferences } from '../network/references';
import type { NetworkModel, Reference } from '../network/types';
import type { Analysis } from '../analysis';

export type NameContext = 'declaration' | 'networks' | 'depends_on' | 'links' | 'extends' | 'network_mode' | 'host';

export type Span =
  /** A service or network named here; `exact` is false when the characters are not the name (variables, block scalars). */
  | { kind: 'service' | 'network'; name: string; loc: Loc; context: NameContext; from?: string; exact: boolean }
  | { kind: 'port'; service: string; mapping: PortMapping; loc: Loc }
  | { kind: 'networkMode'; service: string; value: string; loc: Loc }
  | { kind: 'driver'; network: string; value: string; loc: Loc }
  | { kind: 'host'; ref: Reference; loc: Loc }
  | { kind: 'alias'; service: string; network: string; name: string; loc: Loc };

export interface ProjectIndex {
  spans: Span[];
  byFile: Map<string, Span[]>;
}

const cache = new WeakMap<Analysis, ProjectIndex>();

export function projectIndex(analysis: Analysis): ProjectIndex {
  let index = cache.get(analysis);
  if (!index) {
    index = build(analysis);
    cache.set(analysis, index);
  }
  return index;
}

/** The characters of a one-line scalar's content (inside quotes), or undefined for block scalars. */
export function contentLoc(node: CScalar): Loc | undefined {
  if (node.style === 'block') return undefined;
  const q = node.style === 'plain' ? 0 : 1;
  return { file: node.loc.file, start: node.loc.start + q, end: Math.max(node.loc.start + q, node.loc.end - q) };
}

function nameSpan(kind: 'service' | 'network', node: CNode, context: NameContext, from: string, take?: (text: string) => [number, string] | undefined): Span | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  const text = String(node.value);
  const picked = take ? take(text) : ([0, text] as [number, string]);
  if (!picked || picked[1] === '') return undefined;
  const [at, name] = picked;
  const inner = contentLoc(node);
  const exact = inner !== undefined && !text.includes('$') && inner.end - inner.start === text.length;
  const loc = exact && inner ? { file: inner.file, start: inner.start + at, end: inner.start + at + name.length } : node.loc;
  return { kind, name, loc, context, from, exact };
}

function build(analysis: Analysis): ProjectIndex {
  const spans: Span[] = [];
  const push = (s: Span | undefined) => {
    if (s) spans.push(s);
  };
  for (const [, root] of analysis.project.fileTrees) {
    const services = get(root, 'services');
    if (isMap(services)) for (const p of services.pairs.values()) serviceEntrySpans(p, push);
    const networks = get(root, 'networks');
    if (isMap(networks)) for (const p of networks.pairs.values()) networkEntrySpans(p, push);
  }
  const model = analysis.model;
  for (const ref of model.references) referenceSpans(ref, model, push);
  for (const ref of inactiveReferences(analysis)) referenceSpans(ref, model, push);
  const byFile = new Map<string, Span[]>();
  for (const s of spans) {
    const list = byFile.get(s.loc.file) ?? [];
    list.push(s);
    byFile.set(s.loc.file, list);
  }
  return { spans, byFile };
}

/**
 * The spans of `file` that can hold `offset`: those of the one service or network entry around it and
 * of the references written there. What hover and go-to-definition ask right after an edit, without
 * indexing the whole project; once the whole index exists (references, rename), it answers. A file
 * with anchors or `extends` is indexed whole: a value there may be another entry's too.
 */
function spansAround(analysis: Analysis, file: string, offset: number): Span[] {
  const whole = cache.get(analysis);
  if (whole || !analysis.project.localFiles.has(file)) return projectIndex(analysis).byFile.get(file) ?? [];
  const root = analysis.project.fileTrees.get(file);
  const holds = (p: CPair) => p.keyLoc.start <= offset && offset <= Math.max(p.keyLoc.end, p.value.loc.end);
  const services = get(root, 'services');
  let service: CPair | undefined;
  if (isMap(services)) {
    const entries = serviceEntries(services);
    if (entries.extended) return projectIndex(analysis).byFile.get(file) ?? [];
    service = entryAt(entries.pairs, offset, holds);
  }
  const spans: Span[] = [];
  const push = (s: Span | undefined) => {
    if (s && s.loc.file === file) spans.push(s);
  };
  if (service) serviceEntrySpans(service, push);
  const networks = get(root, 'networks');
  if (isMap(networks)) for (const p of networks.pairs.values()) if (holds(p)) networkEntrySpans(p, push);
  // In a file without anchors or `extends`, what is written in a service's entry is that service's alone.
  const def = service && analysis.project.services.get(service.key);
  if (def) {
    const refs = def.active ? analysis.model.referencesFrom(def.name) : inactiveReferences(analysis).filter((r) => r.from === def.name);
    for (const ref of refs) {
      if ((ref.hostLoc.file === file && ref.hostLoc.start <= offset && offset <= ref.hostLoc.end) || (ref.valueLoc.file === file && ref.valueLoc.start <= offset && offset <= ref.valueLoc.end)) referenceSpans(ref, analysis.model, push);
    }
  }
  return spans;
}

const entriesCache = new WeakMap<CMap, { pairs: CPair[]; extended: boolean }>();

/**
 * Readies what the first hover or definition after an analysis reads: each file's line index, and its service
 * entries in the order written, walked once per parsed tree (5,000 entries scattered over a large heap take milliseconds).
 * Called once the analysis's diagnostics are sent, so the user's first hover does not pay for it.
 */
export function prepareIndex(analysis: Analysis): void {
  for (const file of analysis.project.localFiles) {
    analysis.project.sources.get(file)?.indexLines();
    const services = get(analysis.project.fileTrees.get(file), 'services');
    if (isMap(services)) serviceEntries(services);
  }
}

/** A file's service entries in the order written, and whether one uses `extends`: read once per parsed tree, not per hover. */
function serviceEntries(services: CMap): { pairs: CPair[]; extended: boolean } {
  let entries = entriesCache.get(services);
  if (!entries) {
    const pairs: CPair[] = [];
    let inOrder = true;
    let extended = false;
    for (const p of services.pairs.values()) {
      if (pairs.length > 0 && pairs[pairs.length - 1].keyLoc.start > p.keyLoc.start) inOrder = false;
      if (!extended && p.value.kind === 'map' && p.value.pairs.has('extends')) extended = true;
      pairs.push(p);
    }
    // A file's tree keeps its entries in the order written; sorted only if something ever did not.
    if (!inOrder) pairs.sort((a, b) => a.keyLoc.start - b.keyLoc.start);
    entries = { pairs, extended };
    entriesCache.set(services, entries);
  }
  return entries;
}

/** The entry holding `offset`, by binary search over entries in file order (the last that starts at or before it). */
function entryAt(pairs: readonly CPair[], offset: number, holds: (p: CPair) => boolean): CPair | undefined {
  let lo = 0;
  let hi = pairs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pairs[mid].keyLoc.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && holds(pairs[found]) ? pairs[found] : undefined;
}

function serviceEntrySpans(p: CPair, push: (s: Span | undefined) => void): void {
  push({ kind: 'service', name: p.key, loc: p.keyLoc, context: 'declaration', exact: !p.key.includes('$') });
  serviceSpans(p.key, p.value, push);
}

function networkEntrySpans(p: CPair, push: (s: Span | undefined) => void): void {
  push({ kind: 'network', name: p.key, loc: p.keyLoc, context: 'declaration', exact: !p.key.includes('$') });
  const driver = get(p.value, 'driver');
  if (isScalar(driver) && driver.value !== null) push({ kind: 'driver', network: p.key, value: String(driver.value), loc: driver.loc });
}

function referenceSpans(ref: Reference, model: NetworkModel, push: (s: Span | undefined) => void): void {
  // Traefik's labels route to a service without writing its name: nothing there to hover or rename.
  if (ref.form === 'dependency' || ref.origin === 'label') return;
  if (ref.exact) push({ kind: 'host', ref, loc: ref.hostLoc });
  // A host that is a service's own name is an occurrence of that service (for references and rename);
  // one written through a variable is kept, inexact, so that a rename refuses instead of missing it.
  const named = model.serviceNamed(ref.host);
  if (named) push({ kind: 'service', name: named, loc: ref.exact ? ref.hostLoc : ref.valueLoc, context: 'host', from: ref.from, exact: ref.exact });
}

const inactiveCache = new WeakMap<Analysis, Reference[]>();

/** The model holds the references of started services only; a rename must also reach the others. */
function inactiveReferences(analysis: Analysis): Reference[] {
  let refs = inactiveCache.get(analysis);
  if (!refs) {
    refs = [...analysis.project.services.values()].filter((d) => !d.active).flatMap((d) => collectReferences(d, analysis.project.sources));
    inactiveCache.set(analysis, refs);
  }
  return refs;
}

function serviceSpans(service: string, node: CNode, push: (s: Span | undefined) => void): void {
  if (!isMap(node)) return;
  const networks = get(node, 'networks');
  if (isMap(networks)) {
    for (const p of networks.pairs.values()) {
      const key = p.key;
      push({ kind: 'network', name: key, loc: p.keyLoc, context: 'networks', from: service, exact: !key.includes('$') });
      const aliases = get(p.value, 'aliases');
      if (isSeq(aliases)) for (const a of aliases.items) if (isScalar(a) && a.value !== null) push({ kind: 'alias', service, network: key, name: String(a.value), loc: a.loc });
    }
  } else if (isSeq(networks)) {
    for (const item of networks.items) push(nameSpan('network', item, 'networks', service));
  }
  const dependsOn = get(node, 'depends_on');
  if (isMap(dependsOn)) {
    for (const p of dependsOn.pairs.values()) push({ kind: 'service', name: p.key, loc: p.keyLoc, context: 'depends_on', from: service, exact: !p.key.includes('$') });
  } else if (isSeq(dependsOn)) {
    for (const item of dependsOn.items) push(nameSpan('service', item, 'depends_on', service));
  }
  const volumesFrom = get(node, 'volumes_from');
  if (isSeq(volumesFrom)) for (const item of volumesFrom.items) push(nameSpan('service', item, 'links', service, (t) => (t.startsWith('container:') ? undefined : [0, t.split(':')[0]])));
  const links = get(node, 'links');
  if (isSeq(links)) for (const item of links.items) push(nameSpan('service', item, 'links', service, (t) => [0, t.split(':')[0]]));
  const ext = get(node, 'extends');
  if (isScalar(ext)) push(nameSpan('service', ext, 'extends', service));
  else if (isMap(ext) && get(ext, 'file') === undefined) {
    const target = get(ext, 'service');
    if (target) push(nameSpan('service', target, 'extends', service));
  }
  const mode = get(node, 'network_mode');
  if (isScalar(mode) && mode.value !== null) {
    const value = String(mode.value);
    push({ kind: 'networkMode', service, value, loc: mode.loc });
    if (value.startsWith('service:')) push(nameSpan('service', mode, 'network_mode', service, (t) => [8, t.slice(8)]));
  }
  const ports = get(node, 'ports');
  if (isSeq(ports)) {
    for (const item of ports.items) {
      const mapping = parsePort(item);
      if (mapping) push({ kind: 'port', service, mapping, loc: item.loc });
    }
  }
}

/** The innermost span holding `offset` (ends included, so a cursor just after a name still finds it). */
export function spanAt(analysis: Analysis, file: string, offset: number): Span | undefined {
  let best: Span | undefined;
  for (const s of spansAround(analysis, file, offset)) {
    if (offset < s.loc.start || offset > s.loc.end) continue;
    if (!best || s.loc.end - s.loc.start < best.loc.end - best.loc.start) best = s;
  }
  return best;
}

/** Every span naming the service or network `name`, once per place. */
export function occurrencesOf(index: ProjectIndex, kind: 'service' | 'network', name: string): Array<Extract<Span, { kind: 'service' | 'network' }>> {
  const seen = new Set<string>();
  const out: Array<Extract<Span, { kind: 'service' | 'network' }>> = [];
  for (const s of index.spans) {
    if (s.kind !== kind || s.name !== name) continue;
    const key = `${s.loc.file}:${s.loc.start}:${s.loc.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

/** The innermost service or network name at `offset`, if any. */
export function nameAt(analysis: Analysis, file: string, offset: number): Extract<Span, { kind: 'service' | 'network' }> | undefined {
  let best: Extract<Span, { kind: 'service' | 'network' }> | undefined;
  for (const s of spansAround(analysis, file, offset)) {
    if ((s.kind !== 'service' && s.kind !== 'network') || offset < s.loc.start || offset > s.loc.end) continue;
    if (!best || s.loc.end - s.loc.start < best.loc.end - best.loc.start) best = s;
  }
  return best;
}
