// published-port-no-listener: a port published on the host whose container port nothing listens on,
// where the configuration files the service mounts list every listener of its program (nginx `listen`,
// Caddy's sites, HAProxy `bind`): the host's port connects to a closed socket. Only where those files are
// the evidence, and only when nothing leaves the set open (configuration no reader understands, a listener
// without a plain port, another container in the same namespace whose listeners no file lists).
import { code } from '../display/markdown';
import type { NetworkModel, ServiceInfo } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import { someOf } from './support/listLimits';
import type { Finding, Rule } from './types';

const ID = 'published-port-no-listener';

/** The ports a namespace's programs listen on, when the files every one of them mounts list all their listeners. */
function closedListeners(members: readonly ServiceInfo[]): number[] | undefined {
  // A member whose listeners no file lists (a sidecar) may listen anywhere.
  if (!members.every((m) => m.listenersListed)) return undefined;
  const ports = new Set<number>();
  for (const m of members) for (const port of m.programListens.keys()) ports.add(port);
  return [...ports].sort((a, b) => a - b);
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
      for (const p of svc.ports) {
        // The files list TCP listeners; a UDP port is theirs to tell another way.
        if (p.protocol !== 'tcp' || p.targetEnd !== p.target || listening.includes(p.target)) continue;
        const host = p.published !== undefined ? `${p.hostIp ? `${p.hostIp}:` : ''}${p.published}` : 'a random host port';
        findings.push({
          rule: ID,
          severity: 'warning',
          message: `\`${svc.name}\` publishes container port ${p.target} (host ${host}), but nothing in it listens there: the configuration it mounts lists its listeners on ${someOf(listening, (l) => code(String(l)))}. Connections to the host's port are refused.`,
          loc: p.loc,
          service: svc.name,
          related: svc.def.mountedFiles.filter((m) => m.entry).slice(0, 3).map((m) => ({ loc: m.mountLoc, message: `\`${svc.name}\` mounts ${code(m.target)} here, which says where it listens` })),
          fixes: [],
        });
      }
    }
    return findings;
  },
};
