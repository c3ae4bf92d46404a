// Every place a project's files name something the features care about: service and network
// keys, the names written in `networks:`, `depends_on`, `links`, `extends`, `network_mode`,
// port mappings, `driver` values and the hosts inside values. Built once per analysis from each
// file's own tree (not the merged one), so every span is the exact characters of one file.
import type { CNode, CScalar } from '../compose/nodes';
import { get, isMap, isScalar, isSeq } from '../compose/nodes';
import type { Loc } from '../compose/source';
import { parsePort, type PortMapping } from '../network/ports';
import { collectReferences } from '../network/references';
import type { Reference } from '../network/types';
import type { Analysis } from '../rules/engine';

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
    if (isMap(services)) {
      for (const [name, p] of services.pairs) {
        spans.push({ kind: 'service', name, loc: p.keyLoc, context: 'declaration', exact: !name.includes('$') });
        serviceSpans(name, p.value, push);
      }
    }
    const networks = get(root, 'networks');
    if (isMap(networks)) {
      for (const [name, p] of networks.pairs) {
        spans.push({ kind: 'network', name, loc: p.keyLoc, context: 'declaration', exact: !name.includes('$') });
        const driver = get(p.value, 'driver');
        if (isScalar(driver) && driver.value !== null) spans.push({ kind: 'driver', network: name, value: String(driver.value), loc: driver.loc });
      }
    }
  }
  const serviceNames = new Map([...analysis.model.services.keys()].map((n) => [n.toLowerCase(), n]));
  // The model holds the references of started services only; a rename must also reach the others.
  const inactive = [...analysis.project.services.values()].filter((d) => !d.active).flatMap((d) => collectReferences(d, analysis.project.sources));
  for (const ref of [...analysis.model.references, ...inactive]) {
    if (ref.form === 'dependency') continue;
    if (ref.exact) spans.push({ kind: 'host', ref, loc: ref.hostLoc });
    // A host that is a service's own name is an occurrence of that service (for references and rename);
    // one written through a variable is kept, inexact, so that a rename refuses instead of missing it.
    const named = serviceNames.get(ref.host.toLowerCase());
    if (named) spans.push({ kind: 'service', name: named, loc: ref.exact ? ref.hostLoc : ref.valueLoc, context: 'host', from: ref.from, exact: ref.exact });
  }
  const byFile = new Map<string, Span[]>();
  for (const s of spans) {
    const list = byFile.get(s.loc.file) ?? [];
    list.push(s);
    byFile.set(s.loc.file, list);
  }
  return { spans, byFile };
}

function serviceSpans(service: string, node: CNode, push: (s: Span | undefined) => void): void {
  if (!isMap(node)) return;
  const networks = get(node, 'networks');
  if (isMap(networks)) {
    for (const [key, p] of networks.pairs) {
      push({ kind: 'network', name: key, loc: p.keyLoc, context: 'networks', from: service, exact: !key.includes('$') });
      const aliases = get(p.value, 'aliases');
      if (isSeq(aliases)) for (const a of aliases.items) if (isScalar(a) && a.value !== null) push({ kind: 'alias', service, network: key, name: String(a.value), loc: a.loc });
    }
  } else if (isSeq(networks)) {
    for (const item of networks.items) push(nameSpan('network', item, 'networks', service));
  }
  const dependsOn = get(node, 'depends_on');
  if (isMap(dependsOn)) {
    for (const [key, p] of dependsOn.pairs) push({ kind: 'service', name: key, loc: p.keyLoc, context: 'depends_on', from: service, exact: !key.includes('$') });
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
export function spanAt(index: ProjectIndex, file: string, offset: number): Span | undefined {
  let best: Span | undefined;
  for (const s of index.byFile.get(file) ?? []) {
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
export function nameAt(index: ProjectIndex, file: string, offset: number): Extract<Span, { kind: 'service' | 'network' }> | undefined {
  let best: Extract<Span, { kind: 'service' | 'network' }> | undefined;
  for (const s of index.byFile.get(file) ?? []) {
    if ((s.kind !== 'service' && s.kind !== 'network') || offset < s.loc.start || offset > s.loc.end) continue;
    if (!best || s.loc.end - s.loc.start < best.loc.end - best.loc.start) best = s;
  }
  return best;
}
