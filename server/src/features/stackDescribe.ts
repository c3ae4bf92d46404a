// Short phrases on a stack's services, networks, ports and names (`--stack`, `netlens.stacks`), for the
// hover: how the swarm runs a service, where a port is published, what a name resolves to (facts 21, 22).
import { code } from '../display/markdown';
import type { PortMapping } from '../network/ports';
import { isTasksName } from '../network/stack';
import type { NetworkInfo, NetworkModel, Resolution, ServiceInfo } from '../network/types';

export function stackServiceLines(svc: ServiceInfo): string[] {
  const stack = svc.stack;
  if (!stack) return [];
  const count = stack.mode === 'global' ? 'global: one task on every node' : `replicated: ${svc.replicas} task${svc.replicas === 1 ? '' : 's'}`;
  const endpoint = svc.endpointMode === 'dnsrr' ? 'DNSRR: its name returns every task’s address' : 'VIP: its name returns one virtual IP, balanced over the tasks';
  const pinned = stack.pinnedTo ? `; every task on node ${code(stack.pinnedTo.node)}` : '';
  return [`- swarm service ${code(stack.name)} · ${count}${pinned} · ${endpoint}`];
}

export function stackPortLine(p: PortMapping): string {
  const port = p.published === undefined ? 'a port the swarm picks' : code(p.published);
  return p.mode === 'host'
    ? `Published in host mode: ${port} on the nodes that run a task of the service, one task per node.`
    : `Published through the routing mesh: every node of the swarm accepts ${port} on all its addresses and forwards to a task on any node.`;
}

export function stackNetworkFlags(net: NetworkInfo): string[] {
  if (!net.scope) return [];
  return [net.scope === 'swarm' ? 'scope swarm (spans the nodes)' : 'scope local (one engine)'];
}

/** What the swarm's DNS returns for a name that resolves to a stack service. */
export function stackNameLine(model: NetworkModel, host: string, res: Resolution): string | undefined {
  if (res.kind !== 'service') return undefined;
  const target = model.services.get(res.target);
  if (!target?.stack) return undefined;
  if (isTasksName(host)) return `In the swarm, ${code(host)} returns the address of every task of ${code(target.stack.name)} (no virtual IP).`;
  return target.endpointMode === 'dnsrr'
    ? `In the swarm, ${code(host)} returns the address of every task of ${code(target.stack.name)} (DNS round robin).`
    : `In the swarm, ${code(host)} returns the virtual IP of ${code(target.stack.name)}, which balances over its tasks.`;
}
