// One file's tree made ready to merge: variables interpolated (issues become problems at the
// scalar that holds them) and the list forms of `environment`, `networks` and `depends_on`
// turned into mappings, so that merging and the model deal with one shape only.
import { interpolate, type Environment } from './interpolate';
import type { CMap, CNode, CPair, CScalar, CSeq } from './nodes';
import { isMap, isScalar, isSeq } from './nodes';
import type { LoadProblem } from './problems';
import type { Loc } from './source';

/**
 * The tree with variables interpolated. Parts without a `$` are the very same objects: a large
 * file is not copied (memory, and the parsed tree is shared between analyses).
 */
export function interpolateTree(node: CNode, env: Environment, problems: LoadProblem[], path: readonly string[] = []): CNode {
  return interpolateNode(node, env, problems, path.length === 0);
}

function interpolateNode(node: CNode, env: Environment, problems: LoadProblem[], top: boolean): CNode {
  if (node.kind === 'scalar') return interpolateScalar(node, env, problems);
  if (node.kind === 'seq') {
    let items: CNode[] | undefined;
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i];
      const value = interpolateNode(item, env, problems, false);
      if (value !== item && !items) items = node.items.slice(0, i);
      if (items) items.push(value);
    }
    return items ? { ...node, items } : node;
  }
  let pairs: Map<string, CPair> | undefined;
  let i = 0;
  for (const [key, p] of node.pairs) {
    // `x-` extension fields are free-form and often hold fragments meant for anchors only.
    const value = key.startsWith('x-') && top ? p.value : interpolateNode(p.value, env, problems, false);
    if (value !== p.value && !pairs) {
      pairs = new Map<string, CPair>();
      let j = 0;
      for (const [k, q] of node.pairs) {
        if (j++ >= i) break;
        pairs.set(k, q);
      }
    }
    if (pairs) pairs.set(key, value === p.value ? p : { ...p, value });
    i++;
  }
  return pairs ? { ...node, pairs } : node;
}

function interpolateScalar(node: CScalar, env: Environment, problems: LoadProblem[]): CScalar {
  if (typeof node.value !== 'string' || !node.value.includes('$')) return node;
  const result = interpolate(node.value, env);
  for (const issue of result.issues) {
    problems.push({
      severity: issue.kind === 'unset' ? 'warning' : 'error',
      code: 'interpolation',
      message: issue.message,
      variable: issue.kind === 'syntax' ? undefined : issue.variable,
      loc: narrow(node, issue.start, issue.end),
    });
  }
  return { ...node, value: result.value };
}

/** The span of characters [start, end) of a one-line scalar's value, or the whole scalar. */
function narrow(node: CScalar, start: number, end: number): Loc {
  if (node.style === 'block') return node.loc;
  const shift = node.style === 'plain' ? 0 : 1;
  const from = node.loc.start + shift + start;
  const to = node.loc.start + shift + end;
  if (to > node.loc.end) return node.loc;
  return { file: node.loc.file, start: from, end: to };
}

/**
 * `environment` list → map keyed by variable, its bare entries given their value from `env` (the
 * environment the file is interpolated with); `networks`/`depends_on` lists → maps with null values.
 */
export function normaliseService(service: CNode, env: Environment): CNode {
  if (!isMap(service)) return service;
  const pairs = new Map(service.pairs);
  const environment = pairs.get('environment');
  if (environment) {
    const asMap = isSeq(environment.value) ? listToMap(environment.value, splitAssignment) : environment.value;
    if (isMap(asMap)) pairs.set('environment', { ...environment, value: inheritBareEntries(asMap, env) });
  }
  for (const key of ['networks', 'depends_on']) {
    const p = pairs.get(key);
    if (p && isSeq(p.value)) pairs.set(key, { ...p, value: listToMap(p.value, nameOnly) });
  }
  return { ...service, pairs };
}

/**
 * A bare entry (`- VAR`, `VAR:`, `VAR: null`) passes the variable of the environment Compose runs in
 * (the shell, then `.env`) to the container. Its value is written nowhere, so it stands at the key.
 * An unset one stays null: Compose leaves it out of the container without a warning.
 */
function inheritBareEntries(map: CMap, env: Environment): CMap {
  let pairs: Map<string, CPair> | undefined;
  for (const [key, p] of map.pairs) {
    if (!isScalar(p.value) || p.value.value !== null || p.value.mergeTag) continue;
    const value = env[key];
    if (value === undefined) continue;
    pairs ??= new Map(map.pairs);
    pairs.set(key, { ...p, value: { kind: 'scalar', value, loc: p.keyLoc, style: 'plain', fromEnvironment: true } });
  }
  return pairs ? { ...map, pairs } : map;
}

type Splitter = (item: CScalar) => { key: string; value: CScalar } | undefined;

/** The list as a map; a merge tag on the list (`networks: !reset []`) stays on the map. */
function listToMap(list: CSeq, split: Splitter): CMap {
  const pairs = new Map<string, CPair>();
  for (const item of list.items) {
    if (!isScalar(item) || item.value === null) continue;
    const parts = split(item);
    if (!parts) continue;
    const written = writtenKey(item, split === splitAssignment);
    if (written === parts.key) pairs.set(parts.key, { key: parts.key, keyLoc: keyLocOf(item, parts.key.length), value: parts.value });
    else pairs.set(parts.key, { key: parts.key, keyLoc: item.loc, value: parts.value, keyFromVariable: true });
  }
  const map: CMap = { kind: 'map', pairs, loc: list.loc };
  if (list.mergeTag) map.mergeTag = list.mergeTag;
  return map;
}

/** The key part of a list entry as the file writes it, before interpolation (`NAME` of `NAME=value`, or the whole entry). */
function writtenKey(item: CScalar, assignment: boolean): string {
  const text = item.source ?? String(item.value);
  const eq = assignment ? text.indexOf('=') : -1;
  return eq < 0 ? text : text.slice(0, eq);
}

function keyLocOf(item: CScalar, keyLength: number): Loc {
  const shift = item.style === 'single' || item.style === 'double' ? 1 : 0;
  return { file: item.loc.file, start: item.loc.start + shift, end: Math.min(item.loc.end, item.loc.start + shift + keyLength) };
}

const splitAssignment: Splitter = (item) => {
  const text = String(item.value);
  const eq = text.indexOf('=');
  const key = eq < 0 ? text : text.slice(0, eq);
  if (eq < 0) return { key, value: { kind: 'scalar', value: null, loc: item.loc, style: 'plain' } };
  const shift = item.style === 'single' || item.style === 'double' ? 1 : 0;
  const start = item.loc.start + shift + eq + 1;
  const end = Math.max(start, item.loc.end - shift);
  return { key, value: { kind: 'scalar', value: text.slice(eq + 1), loc: { file: item.loc.file, start, end }, style: 'plain', source: item.source } };
};

const nameOnly: Splitter = (item) => ({
  key: String(item.value),
  value: { kind: 'scalar', value: null, loc: item.loc, style: 'plain' },
});
