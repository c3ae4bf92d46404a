// unknown-peer-port: a service reaches `B:P` where everything we know about B (its `ports`,
// `expose`, image, and what its own settings declare: `network/listeners.ts`) says it listens
// elsewhere. Other containers reach B on its container ports (facts 17 and 18), so P is probably
// a typo or a stale port. Only a peer whose ports are known with confidence can say "elsewhere"
// (`listensOn`, `isConfidentSource`).
import type { NetworkModel, ServiceInfo } from '../network/types';
import { connectionSeverity } from './support/connectionSeverity';
import { ruleDocs } from './support/ruleDocs';
import { writtenIn } from './support/writtenIn';
import type { Finding, Rule } from './types';

const ID = 'unknown-peer-port';

/** Ports the peer's namespace is known to listen on. */
function knownPorts(model: NetworkModel, target: ServiceInfo): number[] {
  const ports = new Set<number>();
  for (const m of model.namespaceMembers(target.namespaceOwner)) for (const p of model.services.get(m)?.listens.keys() ?? []) ports.add(p);
  return [...ports].sort((a, b) => a - b);
}

function publishes(svc: ServiceInfo, port: number): boolean {
  return svc.ports.some((p) => p.published !== undefined && port >= p.published && port <= (p.publishedEnd ?? p.published));
}

export const unknownPeerPort: Rule = {
  id: ID,
  severity: 'info',
  title: 'Peer port nothing says it listens on',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    for (const ref of model.connections()) {
      if (connectionSeverity(ref, 'info') === undefined || ref.port === undefined) continue;
      // A URL without its port in an application's setting: the program may add one from another setting or its own
      // default (Wazuh's dashboard joins `WAZUH_API_URL` with `API_PORT`); only a program that uses the URL as written
      // (a mounted configuration file) surely dials the scheme's port.
      if (ref.portSource === 'scheme' && (ref.origin === 'environment' || ref.origin === 'env_file')) continue;
      const res = model.resolve(ref.from, ref.host);
      if (res.kind !== 'service') continue;
      const target = model.services.get(res.target);
      if (!target || model.listensOn(target.name, ref.port) !== 'no') continue;
      // A service naming itself (its metrics or debug address, what it registers) knows its own ports better than its settings tell.
      if (target.namespaceOwner === model.services.get(ref.from)?.namespaceOwner) continue;
      // A published host port used inside the network is published-port-in-network's finding.
      if (publishes(target, ref.port)) continue;
      const ports = knownPorts(model, target);
      const shown = ports.length > 8 ? `${ports.slice(0, 8).join(', ')}, …` : ports.join(', ');
      const how = ref.portSource === 'scheme' ? ` (the default port of \`${ref.scheme}\`)` : '';
      findings.push({
        rule: ID,
        severity: 'info',
        message: `\`${ref.from}\` reaches \`${ref.host}\` on port ${ref.port}${how}${writtenIn(ref)}, but \`${target.name}\` is only known to listen on ${shown}.`,
        loc: ref.portLoc ?? ref.hostLoc,
        service: ref.from,
        related: [{ loc: target.def.keyLoc, message: `\`${target.name}\` listens on ${shown}` }],
        fixes: [],
      });
    }
    return findings;
  },
};
