// The panel's matrix: `netlens/reachMatrix` (every pair's verdict, compact: an index into a few kinds per cell)
// and `netlens/reachPair` (one pair in full: names, network, ports, why), both from the model's reachability
// (`network/reachability.ts`), the same verdicts `netlens reach` prints.
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { uriToPath } from '../lsp/locations';
import { FROM_HOST, reachability, type PairReach } from '../network/reachability';
import type { NetworkModel } from '../network/types';
import { REACH_HOST, REACH_MATRIX_LIMIT, type ReachKind, type ReachMatrix, type ReachPair } from '../protocol';

const isNameList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The matrix of `from` × `to` (default: every service, the host's row last), in model order, at most the limit of each. */
export function reachMatrix(model: NetworkModel, from?: readonly string[], to?: readonly string[]): ReachMatrix {
  const reach = reachability(model);
  const services = [...model.services.keys()];
  const wantedFrom = from ? new Set(from) : undefined;
  const wantedTo = to ? new Set(to) : undefined;
  const allSources = [...services, REACH_HOST].filter((s) => !wantedFrom || wantedFrom.has(s));
  const allTargets = services.filter((s) => !wantedTo || wantedTo.has(s));
  const sources = allSources.slice(0, REACH_MATRIX_LIMIT);
  const targets = allTargets.slice(0, REACH_MATRIX_LIMIT);
  const kinds: ReachKind[] = [];
  const kindIndex = new Map<string, number>();
  const kindOf = (p: PairReach): number => {
    const code = (p.reachable ? p.via : p.why) ?? 'unknown';
    const key = `${p.reachable}:${code}`;
    let i = kindIndex.get(key);
    if (i === undefined) {
      kindIndex.set(key, (i = kinds.length));
      kinds.push({ reachable: p.reachable, code });
    }
    return i;
  };
  const cells = sources.map((s) => {
    const origin = s === REACH_HOST ? FROM_HOST : s;
    return targets.map((t) => {
      // Computed and dropped: the server keeps no million verdicts for a picture that needs one number a cell.
      const p = reach.verdict(origin, t);
      return p ? kindOf(p) : -1;
    });
  });
  return { project: model.projectName, sources, targets, kinds, cells, leftOut: allSources.length - sources.length + (allTargets.length - targets.length) };
}

/** One pair in full, or undefined for an unknown service or a service with itself. */
export function reachPair(model: NetworkModel, from: string, to: string): ReachPair | undefined {
  const p = reachability(model).pair(from === REACH_HOST ? FROM_HOST : from, to);
  if (!p) return undefined;
  return { from, to: p.to, reachable: p.reachable, via: p.via, names: p.names, network: p.network, ports: p.ports, why: p.why, detail: p.detail };
}

export async function reachMatrixRequest(params: unknown, analysisFor: (file: string) => Promise<Analysis>): Promise<ReachMatrix | ResponseError<void>> {
  const p = typeof params === 'object' && params !== null ? (params as Record<string, unknown>) : {};
  if (typeof p.uri !== 'string' || !p.uri.startsWith('file:') || (p.from !== undefined && !isNameList(p.from)) || (p.to !== undefined && !isNameList(p.to))) {
    return new ResponseError(ErrorCodes.InvalidParams, 'netlens/reachMatrix takes { uri, from?, to? }: a file URI and lists of service names');
  }
  const analysis = await analysisFor(uriToPath(p.uri));
  return reachMatrix(analysis.model, p.from as string[] | undefined, p.to as string[] | undefined);
}

export async function reachPairRequest(params: unknown, analysisFor: (file: string) => Promise<Analysis>): Promise<ReachPair | ResponseError<void>> {
  const p = typeof params === 'object' && params !== null ? (params as Record<string, unknown>) : {};
  if (typeof p.uri !== 'string' || !p.uri.startsWith('file:') || typeof p.from !== 'string' || typeof p.to !== 'string') {
    return new ResponseError(ErrorCodes.InvalidParams, 'netlens/reachPair takes { uri, from, to }: a file URI and two service names');
  }
  const analysis = await analysisFor(uriToPath(p.uri));
  const pair = reachPair(analysis.model, p.from, p.to);
  return pair ?? new ResponseError(ErrorCodes.InvalidParams, `netlens/reachPair: no pair of services ${JSON.stringify(p.from)} → ${JSON.stringify(p.to)} in project ${analysis.model.projectName}`);
}
