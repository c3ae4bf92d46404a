// unused-network: a network declared at the top level that no service joins. Compose creates
// only the networks its services use, so the declaration does nothing (and an `external` one is
// not even looked up). Services behind a disabled profile count as users: removing the
// declaration would break the file as soon as that profile is enabled (fact 13). A service that
// names its network through a variable may pick any declared one elsewhere: then none is reported.
import type { NetworkModel } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import { removeDeclarations, usedNetworks } from './support/networkUsers';
import type { Finding, Fix, Rule } from './types';

const ID = 'unused-network';

export const unusedNetwork: Rule = {
  id: ID,
  severity: 'hint',
  title: 'Network declared but not used',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    for (const svc of model.services.values()) if (svc.listedNetworks.some((n) => n.fromVariable)) return findings;
    const used = usedNetworks(model);
    for (const net of model.project.networks.values()) {
      if (used.has(net.key)) continue;
      const info = model.networks.get(net.key);
      const edits = removeDeclarations(model, [net.key]);
      const fixes: Fix[] = edits && edits.length > 0 ? [{ title: `Remove the declaration of network \`${net.key}\``, edits, preferred: true }] : [];
      findings.push({
        rule: ID,
        severity: 'hint',
        message: `Network \`${net.key}\` is declared but no service joins it${info?.external ? ' (it is external: Compose does not even look it up)' : ', so Compose never creates it'}.`,
        loc: net.keyLoc,
        service: null,
        related: [],
        fixes,
        tags: ['unnecessary'],
      });
    }
    return findings;
  },
};
