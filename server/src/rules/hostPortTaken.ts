// host-port-taken (live): a host port the project publishes is already held by a container of another
// project, or of no project, or of another service of this one (a leftover whose service the file no
// longer has, or one whose ports the file moved); a running container of the service itself is not. `docker compose up` then fails to start the service ("port is already allocated", or
// "bind: address already in use"). Clashes follow the engine (fact 19, measured on 20.10): a mapping
// without an address binds `0.0.0.0` and `::`; `0.0.0.0` clashes with every IPv4 address and `::` with
// every IPv6 one, but not with each other; tcp and udp are apart. A host port range mapped to one
// container port is a choice: it fails only when every port of it is held.
import type { NetworkModel } from '../network/types';
import { describeMapping, type PortMapping } from '../network/ports';
import type { TopologyContainer, TopologyPort } from '../topology/types';
import { ruleDocs } from './support/ruleDocs';
import { addressesClash, publishesOnHost } from './support/hostBindings';
import { LISTED, someOf } from './support/listLimits';
import type { Finding, LiveRule } from './types';

const ID = 'host-port-taken';

interface Held {
  holder: TopologyContainer;
  binding: TopologyPort;
}

function describeBinding(b: TopologyPort): string {
  const ip = b.host_ip ?? '';
  const host = ip === '' ? '' : ip.includes(':') ? `[${ip}]:` : `${ip}:`;
  return `${host}${b.published}→${b.target}/${b.protocol}`;
}

function describeHolder(h: Held, ports: Held[]): string {
  const project = h.holder.project ? `of project \`${h.holder.project}\`` : 'of no Compose project';
  const mapping = ports.filter((p) => p.holder === h.holder).map((p) => describeBinding(p.binding));
  return `container \`${h.holder.name}\` (${project}, publishing ${[...new Set(mapping)].join(', ')})`;
}

export const hostPortTaken: LiveRule = {
  id: ID,
  severity: 'error',
  title: 'Host port already held on the engine',
  docs: ruleDocs(ID),
  check(model: NetworkModel, live) {
    // Host port → bindings held there.
    const byPort = new Map<number, Held[]>();
    for (const c of live.containers ?? []) {
      for (const binding of c.bindings ?? c.ports) {
        if (binding.published === null) continue;
        const list = byPort.get(binding.published);
        if (list) list.push({ holder: c, binding });
        else byPort.set(binding.published, [{ holder: c, binding }]);
      }
    }
    if (byPort.size === 0) return [];
    const findings: Finding[] = [];
    for (const svc of model.services.values()) {
      if (!publishesOnHost(model, svc)) continue;
      for (const mapping of svc.ports) {
        if (mapping.published === undefined) continue;
        // A running container of this very service holds its own port: `up` keeps or recreates it.
        const mine = (h: Held) => h.holder.project === model.projectName && !h.holder.oneoff && h.holder.service === svc.name;
        const finding = check(mapping, byPort, mine);
        if (finding) findings.push({ rule: ID, severity: 'error', message: `\`${svc.name}\` publishes ${describeMapping(mapping)}, ${finding}`, loc: mapping.publishedLoc ?? mapping.loc, service: svc.name, related: [], fixes: [] });
      }
    }
    return findings;
  },
};

/** The end of the message when the mapping cannot be bound, else undefined. */
function check(mapping: PortMapping, byPort: Map<number, Held[]>, mine: (h: Held) => boolean): string | undefined {
  const from = mapping.published as number;
  const to = mapping.publishedEnd ?? from;
  const heldAt = (port: number) => (byPort.get(port) ?? []).filter((h) => !mine(h) && h.binding.protocol === mapping.protocol && addressesClash(mapping.hostIp, h.binding.host_ip ?? undefined));
  const choice = to > from && mapping.targetEnd === mapping.target;
  const held: Array<{ port: number; by: Held[] }> = [];
  for (let port = from; port <= to; port++) {
    const by = heldAt(port);
    if (by.length > 0) held.push({ port, by });
    else if (choice) return undefined; // a free port in the range: the engine takes it
  }
  if (held.length === 0) return undefined;
  const holders = [...new Map(held.flatMap((h) => h.by).map((h) => [h.holder.id, h])).values()];
  const allHeld = held.flatMap((h) => h.by);
  const who = someOf(holders, (h) => describeHolder(h, allHeld), '; ', LISTED);
  const ports = held.length === 1 ? `host port ${held[0].port}/${mapping.protocol} is` : choice ? `every host port of ${from}-${to}/${mapping.protocol} is` : `host ports ${someOf(held, (h) => String(h.port))}/${mapping.protocol} are`;
  return `but ${ports} already held by ${who}: \`docker compose up\` will fail to start it ("port is already allocated"). Stop that container, or publish another host port.`;
}
