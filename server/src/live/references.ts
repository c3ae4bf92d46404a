// The file's connections on the engine: a project's live document carries the references of its
// topology from the file — Compose values and the configuration files services mount alike (a mounted one
// keeps its file's name) — between the services that exist on the engine, each judged by what runs: the
// two containers share a network there (the arrow's network), or they share none (drawn broken, reason
// `no-shared-network`: the connection fails now, whatever the file says). Pure.
import type { TopologyDocument, TopologyReference, TopologyService } from '../topology/types';

function networksOf(s: TopologyService): string[] {
  return s.networks.map((n) => n.network);
}

/** The file document's references as they stand on the engine, for the live document of the same project. */
export function referencesOnEngine(fromFile: TopologyDocument, live: TopologyDocument): TopologyReference[] {
  const byName = new Map(live.services.map((s) => [s.name, s]));
  const out: TopologyReference[] = [];
  for (const r of fromFile.references) {
    if (r.to === null || r.kind === 'dependency' || r.resolution === 'loopback') continue;
    const from = byName.get(r.from);
    const to = byName.get(r.to);
    if (!from || !to) continue;
    // A shared namespace (`network_mode: service:X`) reaches its owner on localhost-free names too.
    const together = from.namespace_of === to.name || to.namespace_of === from.name || (from.namespace_of !== null && from.namespace_of === to.namespace_of);
    const mine = new Set(networksOf(from));
    const shared = networksOf(to).filter((n) => mine.has(n));
    const onEngine: TopologyReference = { ...r, network: null, resolution: 'service' };
    delete onEngine.reason;
    if (shared.length > 0) onEngine.network = r.network !== null && shared.includes(r.network) ? r.network : shared[0];
    else if (!together) {
      onEngine.resolution = 'unreachable';
      onEngine.reason = 'no-shared-network';
    }
    out.push(onEngine);
  }
  return out;
}
