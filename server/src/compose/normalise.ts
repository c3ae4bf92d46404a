// One file's tree made ready to merge: variables interpolated (issues become problems at the
// scalar that holds them) and the list forms of `environment`, `networks` and `depends_on`
// turned into mappings, so that merging and the model deal with one shape only.
import { interpolate, type Environment } from './interpolate';
import type { CMap, CNode, CPair, CScalar, CSeq } from './nodes';
import { isMap, isScalar, isSeq, Pairs } from './nodes';
import type { LoadProblem } from './problems';
import { moveLoc, type Loc } from './source';

/**
 * The tree with variables interpolated. Parts without a `$` are the very same objects: a large
 * file is not copied (memory, and the parsed tree is shared between analyses). A file's services are
 * each interpolated once per parsed node and environment (`servicesInterpolated`).
 */
export function interpolateTree(node: CNode, env: Environment, problems: LoadProblem[], path: readonly string[] = []): CNode {
  if (path.length === 0 && node.kind === 'map') return interpolateFile(node, env, problems);
  return interpolateNode(node, env, problems, path.length === 0);
}

/**
 * The environment as one string, once per environment object: what a service's interpolation and
 * normalising are kept by beside its node.
 */
const environmentKeys = new WeakMap<Environment, string>();

function environmentKey(env: Environment): string {
  let key = environmentKeys.get(env);
  if (key === undefined) environmentKeys.set(env, (key = JSON.stringify(env)));
  return key;
}

/**
 * What a service's node was made into, kept by the node: an edit elsewhere in the file leaves the node the very
 * same object (`reparse.ts`, which moves its locations in place when the edit is above it), so the next analysis
 * takes the result as it is. `at` is where the node started when the result was made: locations the result made
 * itself (not the node's own) move by the distance the node has moved since. One flat object per service (a service
 * interpolation leaves as it is keeps itself as its result: it is not walked again).
 */
interface KeptService {
  env: string;
  at: number;
  node: CNode;
  /** Interpolation: its problems, each with its location relative to where the node starts. */
  problems?: Array<{ problem: LoadProblem; from: number; to: number }>;
  /** Normalising: the locations it made. */
  made?: Loc[];
}

const servicesInterpolated = new WeakMap<CNode, KeptService>();

/** A file's root interpolated as `interpolateNode` does, its `services` one service at a time (kept by node). */
function interpolateFile(root: CMap, env: Environment, problems: LoadProblem[]): CNode {
  const key = environmentKey(env);
  return withValues(root, (name, value) =>
    // `x-` extension fields are free-form and often hold fragments meant for anchors only.
    name.startsWith('x-') ? value : name === 'services' && isMap(value) ? withValues(value, (_, service) => interpolatedService(service, env, key, problems)) : interpolateNode(value, env, problems, false),
  );
}

/** `map` with each value passed through `valueOf`; the very same map when none changed, else a copy made at the first change. */
function withValues(map: CMap, valueOf: (key: string, value: CNode) => CNode): CMap {
  let entries: CPair[] | undefined;
  let i = 0;
  for (const p of map.pairs.values()) {
    const value = valueOf(p.key, p.value);
    if (value !== p.value) (entries ??= map.pairs.toArray())[i] = { ...p, value };
    i++;
  }
  return entries ? { ...map, pairs: new Pairs(entries) } : map;
}

function interpolatedService(node: CNode, env: Environment, key: string, problems: LoadProblem[]): CNode {
  const kept = servicesInterpolated.get(node);
  const at = node.loc.start;
  if (kept && kept.env === key) {
    if (kept.problems) for (const { problem, from, to } of kept.problems) problems.push({ ...problem, loc: { file: problem.loc.file, start: at + from, end: at + to } });
    return kept.node;
  }
  const own: LoadProblem[] = [];
  const value = interpolateNode(node, env, own, false);
  for (const problem of own) problems.push(problem);
  const entry: KeptService = { env: key, at, node: value };
  if (own.length > 0) entry.problems = own.map((problem) => ({ problem, from: problem.loc.start - at, to: problem.loc.end - at }));
  servicesInterpolated.set(node, entry);
  return value;
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
  // `x-` extension fields are free-form and often hold fragments meant for anchors only.
  return withValues(node, (key, value) => (key.startsWith('x-') && top ? value : interpolateNode(value, env, problems, false)));
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
  const key = environmentKey(env);
  const at = service.loc.start;
  const kept = servicesNormalised.get(service);
  if (kept && kept.env === key) {
    // The locations this made (a list entry's key, an assignment's value) move with the node.
    const distance = at - kept.at;
    if (distance !== 0) {
      if (kept.made) for (const loc of kept.made) moveLoc(loc, distance);
      kept.at = at;
    }
    return kept.node;
  }
  const made: Loc[] = [];
  const pairs = service.pairs.copy();
  const environment = pairs.get('environment');
  if (environment) {
    const asMap = isSeq(environment.value) ? listToMap(environment.value, splitAssignment, made) : environment.value;
    if (isMap(asMap)) pairs.set({ ...environment, value: inheritBareEntries(asMap, env) });
  }
  for (const name of ['networks', 'depends_on']) {
    const p = pairs.get(name);
    if (p && isSeq(p.value)) pairs.set({ ...p, value: listToMap(p.value, nameOnly, made) });
  }
  const node: CMap = { ...service, pairs };
  const entry: KeptService = { env: key, at, node };
  if (made.length > 0) entry.made = made.slice();
  servicesNormalised.set(service, entry);
  return node;
}

/** Services normalised, kept by their interpolated node, with the locations the normalising made. */
const servicesNormalised = new WeakMap<CNode, KeptService>();

/**
 * A bare entry (`- VAR`, `VAR:`, `VAR: null`) passes the variable of the environment Compose runs in
 * (the shell, then `.env`) to the container. Its value is written nowhere, so it stands at the key.
 * An unset one stays null: Compose leaves it out of the container without a warning.
 */
function inheritBareEntries(map: CMap, env: Environment): CMap {
  let pairs: Pairs | undefined;
  for (const p of map.pairs.values()) {
    const key = p.key;
    if (!isScalar(p.value) || p.value.value !== null || p.value.mergeTag) continue;
    const value = env[key];
    if (value === undefined) continue;
    pairs ??= map.pairs.copy();
    pairs.set({ ...p, value: { kind: 'scalar', value, loc: p.keyLoc, style: 'plain', fromEnvironment: true } });
  }
  return pairs ? { ...map, pairs } : map;
}

type Splitter = (item: CScalar, made: Loc[]) => { key: string; value: CScalar } | undefined;

/** The list as a map; a merge tag on the list (`networks: !reset []`) stays on the map. Locations it makes go to `made`. */
function listToMap(list: CSeq, split: Splitter, made: Loc[]): CMap {
  const pairs = new Pairs();
  for (const item of list.items) {
    if (!isScalar(item) || item.value === null) continue;
    const parts = split(item, made);
    if (!parts) continue;
    const written = writtenKey(item, split === splitAssignment);
    if (written === parts.key) {
      const keyLoc = keyLocOf(item, parts.key.length);
      made.push(keyLoc);
      pairs.set({ key: parts.key, keyLoc, value: parts.value });
    } else pairs.set({ key: parts.key, keyLoc: item.loc, value: parts.value, keyFromVariable: true });
  }
  // Kept with the service: at its count (a list grown entry by entry holds room for 17).
  const map: CMap = { kind: 'map', pairs: pairs.copy(), loc: list.loc };
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

const splitAssignment: Splitter = (item, made) => {
  const text = String(item.value);
  const eq = text.indexOf('=');
  const key = eq < 0 ? text : text.slice(0, eq);
  if (eq < 0) return { key, value: { kind: 'scalar', value: null, loc: item.loc, style: 'plain' } };
  const shift = item.style === 'single' || item.style === 'double' ? 1 : 0;
  const start = item.loc.start + shift + eq + 1;
  const end = Math.max(start, item.loc.end - shift);
  const loc = { file: item.loc.file, start, end };
  made.push(loc);
  return { key, value: { kind: 'scalar', value: text.slice(eq + 1), loc, style: 'plain', source: item.source } };
};

const nameOnly: Splitter = (item) => ({
  key: String(item.value),
  value: { kind: 'scalar', value: null, loc: item.loc, style: 'plain' },
});
