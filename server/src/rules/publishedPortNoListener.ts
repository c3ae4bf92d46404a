// published-port-no-listener: a port published on the host whose container port nothing listens on,
// where the configuration files the service mounts list every listener of its program (nginx `listen`,
// Caddy's sites, HAProxy `bind`): the host's port connects to a closed socket. Only where those files are
// the evidence, and only when nothing leaves the set open (configuration no reader understands, a listener
// without a plain port, another container in the same namespace whose listeners no file lists).
import { code } from '../display/markdown';
import type { ListenRange, NetworkModel, ServiceInfo } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import { someOf } from './support/listLimits';
import type { Finding, Rule } from './types';

const ID = 'published-port-no-listener';

/** The ports a namespace's programs listen on, when the files every one of them mounts list all their listeners. */
function closedListeners(members: readonly ServiceInfo[]): { ports: number[]; udp: Map<number, 'udp' | 'both'>; ranges: ListenRange[]; protocolsListed: boolean } | undefined {
  // A member whose listeners no file lists (a sidecar) may listen anywhere.
  if (!members.every((m) => m.listenersListed)) return undefined;
  const ports = new Set<number>();
  const udp = new Map<number, 'udp' | 'both'>();
  const ranges: ListenRange[] = [];
  for (const m of members) {
    for (const port of m.programListens.keys()) ports.add(port);
    for (const [port, protocol] of m.udpListens) udp.set(port, udp.has(port) && udp.get(port) !== protocol ? 'both' : protocol);
    for (const r of m.listenRanges) ranges.push(r);
  }
  return { ports: [...ports].sort((a, b) => a - b), udp, ranges, protocolsListed: members.every((m) => m.protocolsListed) };
}

/** How a port is listened on: over TCP, UDP or both; undefined when not at all. */
function listenedOver(port: number, listening: { ports: number[]; udp: ReadonlyMap<number, 'udp' | 'both'>; ranges: readonly ListenRange[] }): 'tcp' | 'udp' | 'both' | undefined {
  if (listening.ports.includes(port)) return listening.udp.get(port) ?? 'tcp';
  const range = listening.ranges.find((r) => port >= r.from && port <= r.to);
  return range ? (range.protocol ?? 'tcp') : undefined;
}

function label(text: string, protocol: 'udp' | 'both' | undefined): string {
  return code(protocol === 'udp' ? `${text}/udp` : protocol === 'both' ? `${text}/tcp+udp` : text);
}

/** `5000/udp`-style labels of the listening ports and ranges, for the message. */
function listed(ports: number[], udp: ReadonlyMap<number, 'udp' | 'both'>, ranges: readonly ListenRange[]): string {
  return someOf<number | ListenRange>([...ports, ...ranges], (x) => (typeof x === 'number' ? label(String(x), udp.get(x)) : label(`${x.from}-${x.to}`, x.protocol)));
}

export const publishedPortNoListener: Rule = {
  id: ID,
  severity: 'warning',
  title: 'Published port that nothing in the container listens on',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    for (const svc of model.services.values()) {
      if (!svc.active || svc.ports.length === 0 || svc.networkMode.kind !== 'networks') continue;
      const members = model.namespaceMembers(svc.name).map((m) => model.services.get(m)).filter((m): m is ServiceInfo => m !== undefined);
      const listening = closedListeners(members.length > 0 ? members : [svc]);
      if (!listening) continue;
      const { ports, udp, ranges } = listening;
      for (const p of svc.ports) {
        if (p.targetEnd !== p.target) continue;
        const host = p.published !== undefined ? `${p.hostIp ? `${p.hostIp}:` : ''}${p.published}` : 'a random host port';
        const push = (message: string) =>
          findings.push({
            rule: ID,
            severity: 'warning',
            message,
            loc: p.loc,
            service: svc.name,
            related: svc.def.mountedFiles.filter((m) => m.entry).slice(0, 3).map((m) => ({ loc: m.mountLoc, message: `\`${svc.name}\` mounts ${code(m.target)} here, which says where it listens` })),
            fixes: [],
          });
        const over = listenedOver(p.target, listening);
        if (p.protocol === 'tcp') {
          if (over === undefined) {
            push(`\`${svc.name}\` publishes container port ${p.target} (host ${host}), but nothing in it listens there: the configuration it mounts lists its listeners on ${listed(ports, udp, ranges)}. Connections to the host's port are refused.`);
          } else if (over === 'udp') {
            push(`\`${svc.name}\` publishes container port ${p.target}/tcp (host ${host}), but it listens on ${p.target} over UDP only (the configuration it mounts says so): nothing answers TCP there, and the UDP traffic is not published. Publish \`${p.published ?? p.target}:${p.target}/udp\`.`);
          }
        } else if (p.protocol === 'udp' && listening.protocolsListed && over !== 'udp' && over !== 'both') {
          // Only files that tell every listener's protocol show a UDP port closed (a proxy's HTTP/3 is not written as such).
          push(`\`${svc.name}\` publishes container port ${p.target}/udp (host ${host}), but nothing in it listens on UDP there: the configuration it mounts lists its listeners on ${listed(ports, udp, ranges)}. Datagrams to the host's port go nowhere.`);
        }
      }
    }
    return findings;
  },
};
