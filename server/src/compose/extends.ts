// `extends`: a service built on another one, of its own file or another file, merged as Compose
// merges them. Each service is resolved once per load and environment, then reused: resolving every
// service's whole chain again was quadratic in one file, and doubled per level across files (each
// level naming the file below twice). A chain is walked in a loop, so its length is not the stack's.
import * as path from 'node:path';
import { checkTimeBudget } from '../budget';
import type { Environment } from './interpolate';
import { mergeNodes } from './merge';
import type { CMap, CNode } from './nodes';
import { get, isMap, isScalar, Pairs, str } from './nodes';
import { normaliseService } from './normalise';
import type { LoadProblem } from './problems';
import { count } from '../display/numbers';

/** What the resolver needs of the loader. */
export interface ExtendsHost {
  readonly problems: LoadProblem[];
  /** A file's `services` interpolated under `env`; undefined when the file cannot be read as Compose. */
  servicesOf(file: string, env: Environment, from: CNode['loc']): { services?: CMap } | undefined;
  /** Loads a whole file as Compose does for `extends.file` (reporting its problems), unless it is being loaded. */
  loadWhole(file: string, env: Environment, from: CNode['loc']): void;
}

/** Levels of `extends` chains walked (each one service resolved), and values copied from bases: tests read these. */
export const extendsCounters = { levels: 0, copied: 0 };

/**
 * Values one load may copy from bases into the services that extend them. Each level of a chain
 * holds all the levels below, so a chain of N services that each add a value holds N²/2 values:
 * beyond this, further `extends` are not applied. Far above any real project (a hundred services
 * on a base of a hundred values copy ten thousand).
 */
export const EXTENDS_BUDGET = 200_000;

/** Values in a tree (keys, items and scalars), an upper bound of what a merge over it copies. */
function valuesIn(node: CNode): number {
  if (node.kind === 'scalar') return 1;
  let n = 1;
  if (node.kind === 'seq') for (const item of node.items) n += valuesIn(item);
  else for (const p of node.pairs.values()) n += 1 + valuesIn(p.value);
  return n;
}

/** One level of a chain being walked: its `file#service` key, and the service as written (normalised). */
interface Level {
  key: string;
  name: string;
  service: CNode;
}

export function withoutKey(node: CNode, key: string): CNode {
  if (!isMap(node) || !node.pairs.has(key)) return node;
  const pairs = node.pairs.copy();
  pairs.delete(key);
  return { ...node, pairs };
}

export class ExtendsResolver {
  /** Services with their `extends` applied, by environment and `file#service`. */
  private readonly done = new Map<Environment, Map<string, CNode>>();
  /** The `file#service` keys being resolved, outermost first: a key met again is a cycle. */
  private readonly resolving: string[] = [];
  private readonly resolvingKeys = new Set<string>();
  /** Values copied from bases so far, and the sizes of the services merged (each the sum of what it merged). */
  private copied = 0;
  private readonly sizes = new WeakMap<CNode, number>();
  private budgetReported = false;

  constructor(private readonly host: ExtendsHost) {}

  /** The service `name` of `file` (one of `siblings`) with its `extends` chain applied. */
  resolve(file: string, name: string, env: Environment, siblings: CMap): CNode {
    let done = this.done.get(env);
    if (!done) this.done.set(env, (done = new Map()));
    const known = done.get(`${file}#${name}`);
    if (known !== undefined) return known;
    const chain: Level[] = [];
    let at = { file, name, siblings };
    /** The resolved value of the last level walked. */
    let last: CNode;
    try {
      for (;;) {
        const key = `${at.file}#${at.name}`;
        checkTimeBudget(() => 'resolving `extends`');
        const service = normaliseService((at.siblings.pairs.get(at.name) as { value: CNode }).value, env);
        extendsCounters.levels++;
        chain.push({ key, name: at.name, service });
        this.resolving.push(key);
        this.resolvingKeys.add(key);
        const next = this.baseOf(at.file, service, env);
        if (next.kind === 'done') {
          last = next.value;
          break;
        }
        const base = done.get(next.key);
        if (base !== undefined) {
          last = this.extend(base, service, at.name);
          break;
        }
        at = next.at;
      }
      // From the deepest level up: each service merged over the one it extends.
      done.set(chain[chain.length - 1].key, last);
      for (let i = chain.length - 2; i >= 0; i--) {
        last = this.extend(last, chain[i].service, chain[i].name);
        done.set(chain[i].key, last);
      }
      return last;
    } finally {
      for (const level of chain) {
        this.resolving.pop();
        this.resolvingKeys.delete(level.key);
      }
    }
  }

  /** `service` merged over the `base` it extends, within the budget of values copied. */
  private extend(base: CNode, service: CNode, name: string): CNode {
    const inherited = this.sizes.get(base) ?? valuesIn(base);
    if (this.copied + inherited > EXTENDS_BUDGET) {
      if (!this.budgetReported) {
        this.budgetReported = true;
        const loc = (get(service, 'extends') ?? service).loc;
        this.host.problems.push({ severity: 'error', code: 'extends', message: `\`extends\` chains copy more than ${count(EXTENDS_BUDGET)} values from the services they extend; from here on they are not applied.`, loc });
      }
      return withoutKey(service, 'extends');
    }
    this.copied += inherited;
    extendsCounters.copied += inherited;
    const merged = mergeNodes(withoutKey(base, 'extends'), withoutKey(service, 'extends'), ['services', name]) as CNode;
    this.sizes.set(merged, inherited + valuesIn(service));
    return merged;
  }

  /**
   * What a service's `extends` leads to: the service it names (to walk on, `key` and where it is),
   * or the service's final value when the chain ends here (no `extends`, a cycle, a missing base).
   */
  private baseOf(file: string, service: CNode, env: Environment): { kind: 'done'; value: CNode } | { kind: 'base'; key: string; at: { file: string; name: string; siblings: CMap } } {
    const ext = get(service, 'extends');
    if (ext === undefined || !isMap(service)) return { kind: 'done', value: service };
    const baseName = isScalar(ext) ? str(ext) : str(ext, 'service');
    const baseFileRel = isMap(ext) ? str(ext, 'file') : undefined;
    if (!baseName) {
      this.host.problems.push({ severity: 'error', code: 'extends', message: '`extends` needs a `service`.', loc: ext.loc });
      return { kind: 'done', value: service };
    }
    const baseFile = baseFileRel ? path.resolve(path.dirname(file), baseFileRel) : file;
    const key = `${baseFile}#${baseName}`;
    if (this.resolvingKeys.has(key)) {
      this.host.problems.push({ severity: 'error', code: 'extends', message: `\`extends\` makes a cycle: ${[...this.resolving, key].map((k) => k.split('#')[1]).join(' → ')}.`, loc: ext.loc });
      return { kind: 'done', value: withoutKey(service, 'extends') };
    }
    // Another file is loaded whole, as Compose does (its other services' problems are reported too).
    if (baseFile !== file) this.host.loadWhole(baseFile, env, ext.loc);
    const base = this.host.servicesOf(baseFile, env, ext.loc);
    if (base === undefined && baseFile !== file) return { kind: 'done', value: withoutKey(service, 'extends') };
    const siblings = base?.services;
    if (siblings === undefined || !siblings.pairs.has(baseName)) {
      this.host.problems.push({ severity: 'error', code: 'extends', message: `\`extends\` names service "${baseName}", which ${baseFileRel ? `${baseFileRel} does not define` : 'this file does not define'}.`, loc: ext.loc });
      return { kind: 'done', value: withoutKey(service, 'extends') };
    }
    return { kind: 'base', key, at: { file: baseFile, name: baseName, siblings } };
  }
}
