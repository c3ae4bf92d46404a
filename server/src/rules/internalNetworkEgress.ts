// internal-network-egress: a service on internal networks only has no route out, so the public
// names and outside addresses it writes cannot be reached (fact 10; facts 16 for internal).
import { isOutsideProject } from '../network/egress';
import type { NetworkModel } from '../network/types';
import { connectionSeverity } from './support/connectionSeverity';
import { ruleDocs } from './support/ruleDocs';
import { internalOnlyNetworks, networkNames } from './support/internalOnlyNetworks';
import type { Finding, Rule } from './types';

const ID = 'internal-network-egress';

export const internalNetworkEgress: Rule = {
  id: ID,
  severity: 'warning',
  title: 'Outside address reached from internal networks only',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    for (const ref of model.connections()) {
      const severity = connectionSeverity(ref, 'warning');
      if (severity === undefined) continue;
      const svc = model.services.get(ref.from);
      if (!svc) continue;
      const nets = internalOnlyNetworks(model, svc);
      if (!nets) continue;
      const res = model.resolve(ref.from, ref.host);
      if (res.kind !== 'external' || !isOutsideProject(model, ref.host)) continue;
      findings.push({
        rule: ID,
        severity,
        message: `\`${svc.name}\` ${ref.role === 'dial' ? 'reaches' : 'writes'} \`${ref.host}\`, outside the project, but every network of \`${svc.name}\` is internal (${networkNames(nets)}), with no route out. Add a non-internal network to \`${svc.name}\` if it must reach \`${ref.host}\`.`,
        loc: ref.hostLoc,
        service: svc.name,
        related: nets.filter((n) => n.def).map((n) => ({ loc: n.def!.keyLoc, message: `\`${n.key}\` is declared \`internal: true\` here` })),
        fixes: [],
      });
    }
    return findings;
  },
};
