// internal-network-ports: ports published by a container whose every network is internal are not
// published at all (fact 16, observed on the engine: `docker port` shows nothing).
import { pair } from '../compose/nodes';
import type { NetworkModel } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import { internalOnlyNetworks, networkNames } from './support/internalOnlyNetworks';
import type { Finding, Rule } from './types';

const ID = 'internal-network-ports';

export const internalNetworkPorts: Rule = {
  id: ID,
  severity: 'warning',
  title: 'Ports published from internal networks only',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    for (const svc of model.services.values()) {
      if (!svc.active || svc.ports.length === 0 || svc.namespaceOwner !== svc.name) continue;
      const nets = internalOnlyNetworks(model, svc);
      if (!nets) continue;
      const portsPair = pair(svc.def.node, 'ports');
      findings.push({
        rule: ID,
        severity: 'warning',
        message: `\`${svc.name}\` publishes ports, but its only network${nets.length > 1 ? 's are' : ' is'} internal (${networkNames(nets)}): Docker publishes nothing for a container attached only to internal networks. Add a non-internal network to \`${svc.name}\`, or drop \`ports\`.`,
        loc: portsPair ? portsPair.keyLoc : svc.ports[0].loc,
        service: svc.name,
        related: nets.filter((n) => n.def).map((n) => ({ loc: n.def!.keyLoc, message: `\`${n.key}\` is declared \`internal: true\` here` })),
        fixes: [],
      });
    }
    return findings;
  },
};
