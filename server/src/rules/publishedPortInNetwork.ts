// published-port-in-network: A reaches B by name on a port B publishes on the host, mapped to
// another container port. Between containers the host port means nothing: B is reached on the
// container port, and the published one is refused (fact 17).
import type { NetworkModel, ServiceInfo } from '../network/types';
import { connectionSeverity, mayFix } from './support/connectionSeverity';
import type { PortMapping } from '../network/ports';
import { describeMapping } from '../network/ports';
import { ruleDocs } from './support/ruleDocs';
import { writtenIn } from './support/writtenIn';
import { replaceText } from './support/textEdits';
import type { Finding, Fix, Rule } from './types';

const ID = 'published-port-in-network';

/** The mapping of `svc` (or its namespace's owner) that publishes host port `port`, and the container port it maps to. */
function publishedAs(model: NetworkModel, svc: ServiceInfo, port: number): { mapping: PortMapping; containerPort: number } | undefined {
  const owner = model.services.get(svc.namespaceOwner) ?? svc;
  const sorted = [...owner.ports].sort((a, b) => (a.protocol === 'tcp' ? 0 : 1) - (b.protocol === 'tcp' ? 0 : 1));
  for (const p of sorted) {
    if (p.published === undefined) continue;
    const end = p.publishedEnd ?? p.published;
    if (port >= p.published && port <= end) return { mapping: p, containerPort: p.target + (port - p.published) };
  }
  return undefined;
}

export const publishedPortInNetwork: Rule = {
  id: ID,
  severity: 'error',
  title: 'Host port used between containers',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    for (const ref of model.connections()) {
      const severity = connectionSeverity(ref, 'error');
      if (severity === undefined || ref.port === undefined || ref.portSource === 'none') continue;
      const res = model.resolve(ref.from, ref.host);
      if (res.kind !== 'service' || res.via === 'namespace' || res.target === ref.from) continue;
      const target = model.services.get(res.target) as ServiceInfo;
      const published = publishedAs(model, target, ref.port);
      if (!published || published.containerPort === ref.port) continue;
      if (model.listensOn(target.name, ref.port) === 'yes') continue;
      const q = published.containerPort;
      const fixes: Fix[] = [];
      if (!mayFix(ref)) {
        // Only a certain connection gets an edit.
      } else if (ref.portLoc && ref.portSource !== 'scheme') {
        fixes.push({ title: `Use the container port ${q} instead of ${ref.port}`, edits: [replaceText(ref.portLoc, String(q))], preferred: true });
      } else if (ref.portSource === 'scheme' && ref.form === 'url' && ref.exact) {
        // The scheme's default port is the published one: write the container port after the host.
        fixes.push({ title: `Use \`${ref.host}:${q}\` (the container port)`, edits: [replaceText(ref.hostLoc, `${ref.host}:${q}`)], preferred: true });
      }
      const portText = ref.portSource === 'scheme' ? `${ref.port} (the default port of ${ref.scheme}://)` : String(ref.port);
      findings.push({
        rule: ID,
        severity,
        message: `\`${ref.from}\` ${severity === 'error' ? 'reaches' : 'probably reaches'} \`${ref.host}\` on ${portText}${writtenIn(ref)}, a port \`${target.name}\` publishes on the host (${describeMapping(published.mapping)}); other containers use the container port: \`${ref.host}:${q}\`.`,
        loc: ref.portLoc ?? ref.hostLoc,
        service: ref.from,
        related: [{ loc: published.mapping.publishedLoc ?? published.mapping.loc, message: `\`${target.name}\` publishes ${ref.port} → ${q} here` }],
        fixes,
      });
    }
    return findings;
  },
};
