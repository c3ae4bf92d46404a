// Swarm in the picture (live documents from a manager): one box per node with the tasks it runs,
// each task joined to its service; services say their endpoint mode and VIPs, and ports say whether
// the routing mesh publishes them on every node (ingress) or only where a task runs (host), fact 22.
import type { GraphElement, TopologyDocument, TopologySwarm } from './types';

export const swarmIds = {
  node: (hostname: string) => `swarm-node:${hostname}`,
  task: (id: string) => `task:${id}`,
};

export function swarmElements(doc: TopologyDocument, serviceId: (name: string) => string): GraphElement[] {
  const swarm = doc.swarm;
  if (!swarm) return [];
  const drawn = new Set(doc.services.map((s) => s.name));
  const tasks = swarm.tasks.filter((t) => drawn.has(t.service));
  const out: GraphElement[] = [];
  for (const n of swarm.nodes) {
    const running = tasks.filter((t) => t.node === n.hostname);
    // In a project view, nodes that run none of the project's tasks add nothing.
    if (doc.project && running.length === 0) continue;
    const label = `node ${n.hostname}\n${n.role}${n.address ? ` · ${n.address}` : ''}${n.state !== 'ready' ? ` · ${n.state}` : ''}`;
    out.push({ group: 'nodes', data: { id: swarmIds.node(n.hostname), label, kind: 'swarm-node', tooltip: `Swarm node ${n.hostname} (${n.role}, ${n.state})${n.address ? `\naddress: ${n.address}` : ''}\ntasks: ${running.length}` }, classes: `swarm-node ${n.role}` });
  }
  const nodesDrawn = new Set(out.map((e) => e.data.id));
  for (const t of tasks) {
    const addresses = t.addresses.map((a) => `${a.network}: ${a.address}`);
    const parent = swarmIds.node(t.node);
    out.push({
      group: 'nodes',
      data: { id: swarmIds.task(t.id), label: `${t.service} task\n${t.addresses.map((a) => a.address).join(', ') || t.state}`, kind: 'task', tooltip: [`task ${t.id} of ${t.service} on ${t.node} (${t.state})`, ...addresses].join('\n'), ...(nodesDrawn.has(parent) ? { parent } : {}) },
      classes: `task${t.state === 'running' ? '' : ' inactive'}`,
    });
    out.push({ group: 'edges', data: { id: `runs:${t.id}`, label: '', kind: 'runs', source: swarmIds.task(t.id), target: serviceId(t.service), tooltip: `${t.node} runs a task of ${t.service}` }, classes: 'runs' });
  }
  return out;
}

/** What a swarm service's description adds: endpoint mode and the VIP per network (fact 21). */
export function swarmServiceLines(swarm: TopologySwarm | undefined, service: string): string[] {
  const s = swarm?.services.find((x) => x.name === service);
  if (!s) return [];
  const lines = [s.endpoint_mode === 'vip' ? 'endpoint mode: vip (one virtual IP per network, balanced over the tasks)' : 'endpoint mode: dnsrr (the name returns every task’s address)'];
  for (const v of s.virtual_ips) lines.push(`VIP on ${v.network}: ${v.address}`);
  return lines;
}
