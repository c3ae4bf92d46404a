// What one analysis's rules lend the next, so that an edit the model does not see re-runs only the rules
// that read the text itself. The common edit while typing is a value of a service's `environment` that is no
// address and sets no port (`LOG_LEVEL: info` → `infoo`): the model after it is the model before it, every
// location after the edit moved by its length. The rules are pure functions of the model, so their findings
// are the last ones, moved. Proven, else every rule runs:
// - every file that changed holds one edit, a run of plain characters inside one scalar value of a
//   service's own `environment` (the key, the nesting and every other setting read as before);
// - every service read again (`network/reuse.ts`) read as before, its locations aside: the same addresses,
//   listening ports, files and inputs; the naming and who answers on which port were kept;
// - the service is no Traefik instance (whose environment may name its network, read beside the scan);
// - no finding kept has a location inside the edit.
// Rules that read the written text or settings beside the model (`RERUN`) run every time, as does any rule
// not listed in `KEPT_RULES` (a new rule is safe until shown to read the model alone).
// A kept finding's fixes are computed again when first read, from the rule run on the new model: fixes edit
// text, and the text moved.
import { get, isMap, isScalar, isSeq, type CNode } from './compose/nodes';
import type { ComposeProject } from './compose/project';
import type { Loc } from './compose/source';
import type { ModelReuse } from './network/reuse';
import { traefikInstance } from './network/traefikLabels';
import type { NetworkModel } from './network/types';
import { withLazyFixes } from './rules/support/lazyFixes';
import type { Finding, Fix, Rule } from './rules/types';

/** Rules whose findings are a function of the model alone (their fixes may read text: those are made again). */
const KEPT_RULES = new Set([
  'localhost-peer',
  'localhost-no-listener',
  'default-bridge-dns',
  'no-shared-network',
  'published-port-in-network',
  'host-mode-ports',
  'network-mode-conflict',
  'undefined-network',
  'unused-network',
  'loopback-listener',
  'unknown-host',
  'duplicate-host-port',
  'static-ip-without-subnet',
  'dnsrr-ingress-ports',
  'internal-network-ports',
  'internal-network-egress',
  'host-gateway-missing',
  'overlay-without-swarm',
  'macvlan-no-parent',
  'macvlan-ports',
  'unknown-peer-port',
  'published-on-all-interfaces',
  'published-port-no-listener',
  'subnet-overlap',
  'stack-ignored-key',
  'stack-host-port-replicas',
  'stack-external-network-scope',
  'stack-overlay-not-attachable',
]);
// Not kept: `links-legacy` and `container-name-scaled` (count a name's mentions in every setting, the
// environment included), `traefik-network` (reads Traefik's environment). `compose-schema` (the written tree) is
// kept when every edit is in a mapping's value: the specification takes any scalar there, so its judgement of
// every file is the last one; in a list, an entry must be a string unlike the others.
const SCHEMA = 'compose-schema';

/** How many analyses kept the last findings, and how many ran every rule: the tests read it. */
export const findingCounters = { kept: 0, rerun: 0 };

/**
 * A finding kept: its data without its fixes. Fixes are made from the model they were found in (a lazy fix
 * holds it): kept, they would hold the last model while the next is built.
 */
type Kept = Omit<Finding, 'fixes'>;

/** One file's edit: old `[from, oldEnd)` became new `[from, oldEnd + delta)`. */
interface Edit {
  from: number;
  oldEnd: number;
  delta: number;
}

/** Characters an edit may add or remove and stay inside one plain or quoted scalar on its line. */
const PLAIN = /^[A-Za-z0-9._/+=-]*$/;

export class FindingReuse {
  /** The last analysis's files' texts (kept, not copied) and each rule's findings as it produced them, without their fixes. */
  private texts = new Map<string, string>();
  private byRule = new Map<string, Kept[]>();
  /**
   * Findings of rules that ran, not yet copied into `byRule` (with `settleLater`, until `settle`): the copies only
   * the next edit reads are made once the diagnostics are out, not before them.
   */
  private unsettled = new Map<string, Finding[]>();
  /** Whether the edit the last `mover` allowed lies in mapping values only (`compose-schema` is then kept too). */
  private inMappings = false;

  /**
   * `settleLater`: the findings of rules that ran are copied for the next edit by `settle`, which the caller runs
   * after publishing and before any load (a parse moves the trees' locations in place, which the findings stand
   * on: `lsp/projects.ts`), as with `ModelReuse`. Without it, they are copied as they are produced.
   */
  constructor(private readonly settleLater = false) {}

  /** Copies the last run's findings for the next edit, with locations of their own. Idempotent. */
  settle(): void {
    if (this.unsettled.size === 0) return;
    for (const [rule, produced] of this.unsettled) this.byRule.set(rule, produced.map(withoutFixes));
    this.unsettled = new Map();
  }

  /**
   * Each rule's findings for `model`: the last ones moved when the edit since then is one the model does not
   * see, else a run of the rule. `run` runs one rule.
   */
  findings(model: NetworkModel, modelReuse: ModelReuse | undefined, rules: readonly Rule[], run: (rule: Rule) => Finding[]): Array<[Rule, Finding[]]> {
    // Findings left unsettled into this analysis may stand on locations its load already moved: none is kept.
    if (this.unsettled.size > 0) {
      this.unsettled = new Map();
      this.byRule = new Map();
    }
    const move = modelReuse ? this.mover(model, modelReuse) : undefined;
    let moved: Map<string, Kept[]> | undefined;
    if (move) {
      moved = new Map();
      for (const rule of rules) {
        const last = KEPT_RULES.has(rule.id) || (rule.id === SCHEMA && this.inMappings) ? this.byRule.get(rule.id) : undefined;
        if (!last) continue;
        const out: Kept[] = [];
        for (const f of last) {
          const kept = moveFinding(f, move);
          if (!kept) {
            moved = undefined;
            break;
          }
          out.push(kept);
        }
        if (!moved) break;
        moved.set(rule.id, out);
      }
    }
    if (moved) findingCounters.kept++;
    else findingCounters.rerun++;
    const out: Array<[Rule, Finding[]]> = [];
    const byRule = new Map<string, Kept[]>();
    const unsettled = new Map<string, Finding[]>();
    for (const rule of rules) {
      const kept = moved?.get(rule.id);
      if (kept) {
        byRule.set(rule.id, kept);
        out.push([rule, kept.map((k) => withLazyFixes({ ...k }, () => freshFixes(model, rule, k)))]);
      } else {
        const produced = run(rule);
        if (this.settleLater) unsettled.set(rule.id, produced);
        else byRule.set(rule.id, produced.map(withoutFixes));
        out.push([rule, produced]);
      }
    }
    this.byRule = byRule;
    this.unsettled = unsettled;
    this.texts = new Map();
    for (const source of model.project.sources.all()) this.texts.set(source.path, source.text);
    return out;
  }

  /** Where a location of the last analysis now is, when the edit since is one the model does not see; else undefined. */
  private mover(model: NetworkModel, modelReuse: ModelReuse): ((loc: Loc) => Loc | undefined) | undefined {
    if (this.byRule.size === 0) return undefined;
    const project = model.project;
    // A file that does not parse is read in part: what it says may change anywhere.
    if (project.problems.some((p) => p.code === 'yaml-syntax')) return undefined;
    const edits = new Map<string, Edit>();
    let count = 0;
    this.inMappings = true;
    for (const source of project.sources.all()) {
      count++;
      const old = this.texts.get(source.path);
      if (old === undefined) return undefined;
      if (old === source.text) continue;
      const edit = editBetween(old, source.text);
      if (!edit || !project.files.includes(source.path) || !project.localFiles.has(source.path)) return undefined;
      const inside = insideEnvironmentValue(project, source.path, source.text, edit);
      if (!inside) return undefined;
      if (inside === 'list') this.inMappings = false;
      edits.set(source.path, edit);
    }
    if (count !== this.texts.size || edits.size === 0) return undefined;
    const { changed, same, namingSame, answersKept } = modelReuse.edited();
    if (!namingSame || !answersKept) return undefined;
    for (const name of changed) {
      const def = project.services.get(name);
      if (!same.has(name) || !def || traefikInstance(def, project.sources)) return undefined;
    }
    return (loc) => {
      const edit = edits.get(loc.file);
      if (!edit || loc.end < edit.from) return loc;
      if (loc.start > edit.oldEnd) return { file: loc.file, start: loc.start + edit.delta, end: loc.end + edit.delta };
      return undefined;
    };
  }
}

/** The one edit between two texts (common start and end), when what it removes and adds is plain characters on one line. */
function editBetween(old: string, text: string): Edit | undefined {
  const min = Math.min(old.length, text.length);
  let from = 0;
  while (from < min && old.charCodeAt(from) === text.charCodeAt(from)) from++;
  let tail = 0;
  while (tail < min - from && old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  const oldEnd = old.length - tail;
  const newEnd = text.length - tail;
  if (!PLAIN.test(old.slice(from, oldEnd)) || !PLAIN.test(text.slice(from, newEnd))) return undefined;
  return { from, oldEnd, delta: newEnd - oldEnd };
}

/**
 * Whether the edit lies inside one scalar value of `services.<name>.environment` in the file's own tree, on one
 * line (a plain scalar may grow at either end; a quoted one between its quotes).
 */
function insideEnvironmentValue(project: ComposeProject, file: string, text: string, edit: Edit): 'map' | 'list' | false {
  const services = get(project.fileTrees.get(file), 'services');
  if (!isMap(services)) return false;
  const end = edit.oldEnd + edit.delta;
  for (const pair of services.pairs.values()) {
    const service = pair.value;
    if (service.loc.start > edit.from || service.loc.end < end || !isMap(service)) continue;
    const env = get(service, 'environment');
    const values: CNode[] = isMap(env) ? [...env.pairs.values()].map((p) => p.value) : isSeq(env) ? env.items : [];
    for (const v of values) {
      if (!isScalar(v)) continue;
      const quoted = text[v.loc.start] === '"' || text[v.loc.start] === "'" ? 1 : 0;
      if (v.loc.start + quoted <= edit.from && end <= v.loc.end - quoted) return !text.slice(v.loc.start, v.loc.end).includes('\n') && (isMap(env) ? 'map' : 'list');
    }
    return false;
  }
  return false;
}

/** Fixes made again from `rule` run on `model`, once per rule and model, for the finding at the same place with the same message. */
const freshFindings = new WeakMap<NetworkModel, Map<string, Finding[]>>();

function freshFixes(model: NetworkModel, rule: Rule, kept: Kept): Fix[] {
  let byRule = freshFindings.get(model);
  if (!byRule) freshFindings.set(model, (byRule = new Map()));
  let found = byRule.get(rule.id);
  if (!found) byRule.set(rule.id, (found = rule.check(model)));
  const same = found.find((f) => f.loc.file === kept.loc.file && f.loc.start === kept.loc.start && f.loc.end === kept.loc.end && f.message === kept.message);
  return same ? same.fixes : [];
}

/**
 * A finding's own data, read without running a lazy `fixes` getter, with locations of its own: a rule's finding
 * often stands on the parsed tree's own location object, which an edit above it moves in place
 * (`compose/reparse.ts`), while a kept finding is moved here, by the edit.
 */
function withoutFixes(f: Finding): Kept {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(f)) if (key !== 'fixes') copy[key] = (f as unknown as Record<string, unknown>)[key];
  copy.loc = ownLoc(f.loc);
  copy.related = f.related.length === 0 ? f.related : f.related.map((r) => ({ loc: ownLoc(r.loc), message: r.message }));
  return copy as unknown as Kept;
}

function ownLoc(loc: Loc): Loc {
  return { file: loc.file, start: loc.start, end: loc.end };
}

/** `f` at its new place; undefined when a location of it was inside the edit. */
function moveFinding(f: Kept, move: (loc: Loc) => Loc | undefined): Kept | undefined {
  const loc = move(f.loc);
  if (!loc) return undefined;
  let related = f.related;
  for (let i = 0; i < f.related.length; i++) {
    const r = f.related[i];
    const at = move(r.loc);
    if (!at) return undefined;
    if (at === r.loc) continue;
    if (related === f.related) related = f.related.slice();
    related[i] = { loc: at, message: r.message };
  }
  return loc === f.loc && related === f.related ? f : { ...f, loc, related };
}
