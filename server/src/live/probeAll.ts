// Probe all: proof for every static verdict at once. One probe per address a service dials (with the
// verdict of `resolve` and `listensOn`) and per pair the reachability says works (`network/reachability.ts`),
// deduplicated, bounded in number and run a few at a time with the single probe (`probe.ts`); each outcome
// agrees or disagrees with the static verdict, and a disagreement is a finding holding both.
import { isHostName, isPort } from '../compose/names';
import type { Loc } from '../compose/source';
import { code } from '../display/markdown';
import { reachability, type PairReach } from '../network/reachability';
import type { NetworkModel, Reference } from '../network/types';
import type { ProbeResult } from '../protocol';
import type { Finding } from '../rules/types';
import type { TopologyDocument } from '../topology/types';
import type { EngineConnection } from './connection';
import { containerOfService, probe } from './probe';

export const PROBE_DISAGREES = 'probe-disagrees';

/** How many probes one run makes at most, and how many run at once. */
export const PROBE_LIMIT = 100;
export const PROBE_CONCURRENCY = 4;

export interface PlannedProbe {
  from: string;
  host: string;
  port?: number;
  /** The static verdict: whether the name resolves (and the port answers) from `from`'s container. */
  expected: 'works' | 'fails';
  /** Why, in one phrase (code spans for names). */
  because: string;
  /** The dialled addresses it checks, in file order. */
  refs: Reference[];
  /** The pair of the reachability it checks, when one. */
  pair?: PairReach;
}

export interface ProbePlan {
  probes: PlannedProbe[];
  /** Addresses with no static verdict to compare with (outside the project, a port nothing tells about). */
  notJudged: number;
  /** Probes past the limit. */
  leftOut: number;
}

export interface PlanOptions {
  limit?: number;
  /** `works`: the pairs the reachability says work (the CLI); `all`: also those it says fail by name. */
  pairs?: 'works' | 'all';
}

/** The static verdict of one dialled address, or undefined when there is none to check. */
function referenceVerdict(model: NetworkModel, ref: Reference): Pick<PlannedProbe, 'expected' | 'because'> | undefined {
  const res = model.resolve(ref.from, ref.host);
  const port = ref.port;
  if (res.kind === 'service') {
    if (port === undefined) return { expected: 'works', because: `${code(ref.host)} names service ${code(res.target)}` };
    const listens = model.listensOn(res.target, port);
    if (listens === 'unknown') return undefined;
    return listens === 'yes' ? { expected: 'works', because: `${code(res.target)} listens on ${code(port)}` } : { expected: 'fails', because: `nothing in ${code(res.target)} listens on ${code(port)}` };
  }
  if (res.kind === 'loopback') {
    if (port === undefined) return undefined;
    const listens = model.listensOn(ref.from, port);
    if (listens === 'unknown') return undefined;
    return listens === 'yes' ? { expected: 'works', because: `${code(ref.from)} itself listens on ${code(port)}` } : { expected: 'fails', because: `${code(ref.host)} is ${code(ref.from)} itself, which does not listen on ${code(port)}` };
  }
  if (res.kind === 'unreachable') return { expected: 'fails', because: `${code(ref.host)} does not resolve from ${code(ref.from)} (${res.reason})` };
  return undefined;
}

/** What to probe: the dialled addresses first, in file order, then the pairs; one probe per caller, name and port. */
export function planProbes(model: NetworkModel, options: PlanOptions = {}): ProbePlan {
  const limit = options.limit ?? PROBE_LIMIT;
  const byKey = new Map<string, PlannedProbe>();
  let notJudged = 0;
  const add = (p: PlannedProbe) => {
    const key = `${p.from}\0${p.host.toLowerCase()}\0${p.port ?? ''}`;
    const known = byKey.get(key);
    if (!known) byKey.set(key, p);
    else {
      for (const r of p.refs) known.refs.push(r);
      known.pair ??= p.pair;
    }
  };
  for (const ref of model.connections()) {
    const verdict = isHostName(ref.host) && (ref.port === undefined || isPort(ref.port)) ? referenceVerdict(model, ref) : undefined;
    if (!verdict) {
      notJudged++;
      continue;
    }
    add({ from: ref.from, host: ref.host, port: ref.port, ...verdict, refs: [ref] });
  }
  const reach = reachability(model);
  for (const from of model.services.keys()) {
    for (const pair of reach.row(from)) {
      // Through the host (published ports, the gateway) a probe would test the host, not the pair.
      if (pair.reachable && pair.via !== 'published' && pair.via !== 'host-gateway') {
        const port = pair.ports[0];
        add({ from, host: pair.names[0], port, expected: 'works', because: `${code(pair.to)} answers as ${code(pair.names[0])}${pair.network ? ` over ${code(pair.network)}` : ''}${port === undefined ? '' : ` and listens on ${code(port)}`}`, refs: [], pair });
      } else if (!pair.reachable && options.pairs === 'all' && (pair.why === 'no-shared-network' || pair.why === 'default-bridge')) {
        add({ from, host: pair.to, expected: 'fails', because: `${code(pair.to)} does not resolve from ${code(from)} (${pair.why})`, refs: [], pair });
      }
    }
  }
  const all = [...byKey.values()];
  return { probes: all.slice(0, limit), notJudged, leftOut: Math.max(0, all.length - limit) };
}

export interface ProbeOutcome {
  probe: PlannedProbe;
  /** The container probed from, when one of `from` runs. */
  container?: string;
  result?: ProbeResult;
  observed: 'works' | 'fails' | 'unknown';
  verdict: 'agrees' | 'disagrees' | 'inconclusive';
  /** What the probe saw, in one line. */
  seen: string;
}

function observe(result: ProbeResult): ProbeOutcome['observed'] {
  if (result.resolution.status === 'not-found') return 'fails';
  if (result.resolution.status !== 'resolved') return 'unknown';
  if (!result.tcp) return 'works';
  return result.tcp.status === 'open' ? 'works' : result.tcp.status === 'closed' ? 'fails' : 'unknown';
}

export interface RunOptions {
  concurrency?: number;
  timeoutMs?: number;
  /** Called as each probe starts (its index) and ends (with its outcome). */
  onStart?: (index: number, probe: PlannedProbe) => void;
  onDone?: (index: number, outcome: ProbeOutcome) => void;
  /** Asked before each probe starts: once true, no further probe starts (those running finish). */
  cancelled?: () => boolean;
}

/** Runs the plan's probes from the project's running containers (`doc`: the engine read for `project`); cancelled, those that ran. */
export async function runProbes(conn: EngineConnection, doc: TopologyDocument, project: string, plan: ProbePlan, options: RunOptions = {}): Promise<ProbeOutcome[]> {
  const outcomes: ProbeOutcome[] = new Array(plan.probes.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      if (options.cancelled?.()) return;
      const i = next++;
      if (i >= plan.probes.length) return;
      const p = plan.probes[i];
      options.onStart?.(i, p);
      const container = containerOfService(doc, p.from, project);
      let outcome: ProbeOutcome;
      if (!container) outcome = { probe: p, observed: 'unknown', verdict: 'inconclusive', seen: `no running container of ${code(p.from)}` };
      else {
        try {
          const result = await probe(conn, { from: container, host: p.host, port: p.port, timeoutMs: options.timeoutMs });
          const observed = observe(result);
          outcome = { probe: p, container, result, observed, verdict: observed === 'unknown' ? 'inconclusive' : observed === p.expected ? 'agrees' : 'disagrees', seen: result.summary };
        } catch (err) {
          outcome = { probe: p, container, observed: 'unknown', verdict: 'inconclusive', seen: (err as Error).message };
        }
      }
      outcomes[i] = outcome;
      options.onDone?.(i, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? PROBE_CONCURRENCY, plan.probes.length)) }, worker));
  // Cancelled: the probes never started leave holes.
  return outcomes.filter((o) => o !== undefined);
}

/** `api → db:5432` */
export function probeLabel(p: PlannedProbe): string {
  return `${p.from} → ${p.host}${p.port === undefined ? '' : `:${p.port}`}`;
}

/** A finding per disagreement, on the address it checks (else where its caller is named), with both verdicts. */
export function probeFindings(model: NetworkModel, outcomes: readonly ProbeOutcome[]): Finding[] {
  const out: Finding[] = [];
  for (const o of outcomes) {
    if (o.verdict !== 'disagrees') continue;
    const p = o.probe;
    const svc = model.services.get(p.from);
    const loc: Loc = p.refs[0]?.hostLoc ?? svc?.def.keyLoc ?? { file: model.project.files[0] ?? '', start: 0, end: 0 };
    const statically = `statically ${code(probeLabel(p))} ${p.expected === 'works' ? 'works' : 'fails'} (${p.because})`;
    const seen = `the probe from container ${code(o.container ?? '')} says it ${o.observed === 'works' ? 'works' : 'fails'}: ${o.seen.replace(/^`[^`]*` → `[^`]*`: /, '')}`;
    out.push({ rule: PROBE_DISAGREES, severity: 'warning', message: `The probe disagrees with the analysis: ${statically}; ${seen}.`, loc, service: p.from, related: p.refs.slice(1, 4).map((r) => ({ loc: r.hostLoc, message: `also ${code(r.host)}` })), fixes: [] });
  }
  return out;
}

/** One line for the whole run. */
export function probeSummary(plan: ProbePlan, outcomes: readonly ProbeOutcome[]): string {
  const count = (v: ProbeOutcome['verdict']) => outcomes.filter((o) => o.verdict === v).length;
  const extra = [plan.notJudged ? `${plan.notJudged} address${plan.notJudged === 1 ? '' : 'es'} with no static verdict not probed` : '', plan.leftOut ? `${plan.leftOut} probe${plan.leftOut === 1 ? '' : 's'} over the limit of ${plan.probes.length} left out` : ''].filter(Boolean);
  return `Probes: ${outcomes.length} run, ${count('agrees')} agree, ${count('disagrees')} disagree, ${count('inconclusive')} inconclusive${extra.length ? `; ${extra.join('; ')}` : ''}.`;
}
