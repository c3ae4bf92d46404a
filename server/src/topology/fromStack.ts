// A stack's topology (`--stack`, `netlens.stacks`) drawn as Swarm draws it: overlay networks span the
// swarm, the `ingress` network carries the routing mesh to every service that publishes through it,
// and `docker_gwbridge` joins each task on an overlay to its node (egress, host-mode ports). The
// services say their swarm side in the `swarm` section: VIP or DNSRR, replicas or global, each port's
// publish mode. No nodes or tasks: those exist only on an engine (live mode).
import type { NetworkModel } from '../network/types';
import type { TopologyDocument, TopologyNetwork } from './types';

export const INGRESS_NETWORK = 'ingress';
export const GWBRIDGE_NETWORK = 'docker_gwbridge';

export function addStackTopology(doc: TopologyDocument, model: NetworkModel): void {
  const stack = model.project.stack;
  if (stack === undefined) return;
  const byName = new Map([...model.networks.values()].map((n) => [n.name, n]));
  for (const n of doc.networks) {
    const info = byName.get(n.name);
    if (info?.scope) n.scope = info.scope;
    // The stack's own swarm-wide networks, drawn as live mode draws them on a manager.
    if (info?.kind === 'project' && info.scope === 'swarm') n.kind = 'swarm';
  }
  const active = [...model.services.values()].filter((s) => s.active);
  const meshed = new Set(active.filter((s) => s.ports.some((p) => p.mode === 'ingress')).map((s) => s.name));
  const onOverlay = new Set(active.filter((s) => s.attachments.some((a) => model.networks.get(a.network)?.driver === 'overlay')).map((s) => s.name));
  const extra: TopologyNetwork[] = [];
  if (meshed.size > 0) extra.push({ name: INGRESS_NETWORK, kind: 'ingress', driver: 'overlay', internal: false, external: true, attachable: false, subnets: [], scope: 'swarm' });
  if (onOverlay.size > 0) extra.push({ name: GWBRIDGE_NETWORK, kind: 'external', driver: 'bridge', internal: false, external: true, attachable: false, subnets: [], scope: 'local' });
  for (const e of extra) if (!doc.networks.some((n) => n.name === e.name)) doc.networks.push(e);
  for (const s of doc.services) {
    s.project = stack;
    if (meshed.has(s.name)) s.networks.push({ network: INGRESS_NETWORK, aliases: [], names: [], ipv4: null, mac: null });
    if (onOverlay.has(s.name)) s.networks.push({ network: GWBRIDGE_NETWORK, aliases: [], names: [], ipv4: null, mac: null });
  }
  doc.swarm = {
    nodes: [],
    tasks: [],
    services: doc.services.map((s) => {
      const info = model.services.get(s.name)!;
      return {
        id: info.stack?.name ?? s.name,
        name: s.name,
        endpoint_mode: info.endpointMode,
        replicas: info.stack?.mode === 'global' ? null : info.replicas,
        virtual_ips: [],
        ports: s.ports.map((p) => ({ ...p, host_ip: null })),
      };
    }),
  };
}
