// The reachability matrix as the panel's matrix view takes it: every pair's verdict, compact (an index into a few
// kinds per cell), and one pair in full; for the LSP requests (features/reach.ts) and the CLI's HTML export, which
// carries them in the page. From the model's reachability (`network/reachability.ts`), as `netlens reach` prints it.
import { FROM_HOST, reachability, type PairReach } from '../network/reachability';
import type { NetworkModel } from '../network/types';
import { REACH_EXPORT_PAIRS, REACH_HOST, REACH_MATRIX_LIMIT, type EmbeddedReach, type ReachKind, type ReachMatrix, type ReachPair } from '../protocol';

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

/** What the HTML export carries for its matrix view: the matrix, and its pairs in full up to `pairLimit` of them. */
export function embeddedReach(model: NetworkModel, pairLimit = REACH_EXPORT_PAIRS): EmbeddedReach {
  const matrix = reachMatrix(model);
  if (matrix.sources.length * matrix.targets.length > pairLimit) return { matrix, pairs: null };
  const pairs: ReachPair[] = [];
  for (const from of matrix.sources) {
    for (const to of matrix.targets) {
      const pair = from === to ? undefined : reachPair(model, from, to);
      if (pair) pairs.push(pair);
    }
  }
  return { matrix, pairs };
}
