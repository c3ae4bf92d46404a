// macvlan-no-parent: macvlan and ipvlan put containers on a physical network through a host
// interface named by `driver_opts.parent`; without it there is no way out to that network (fact 20).
import type { NetworkModel } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import type { Finding, Rule } from './types';

const ID = 'macvlan-no-parent';

export const macvlanNoParent: Rule = {
  id: ID,
  severity: 'info',
  title: 'macvlan/ipvlan network without a parent interface',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    for (const net of model.networks.values()) {
      if ((net.driver !== 'macvlan' && net.driver !== 'ipvlan') || net.external || !net.def) continue;
      if (net.driverOpts.parent) continue;
      findings.push({
        rule: ID,
        severity: 'info',
        message: `Network \`${net.key}\` uses the \`${net.driver}\` driver without \`driver_opts.parent\`: name the host interface (e.g. \`parent: eth0\`) whose physical network its containers should join.`,
        loc: net.driverLoc ?? net.def.keyLoc,
        service: null,
        related: net.members.flatMap((m) => {
          const at = model.services.get(m)?.attachments.find((a) => a.network === net.key);
          return at?.keyLoc ? [{ loc: at.keyLoc, message: `\`${m}\` joins \`${net.key}\` here` }] : [];
        }),
        fixes: [],
      });
    }
    return findings;
  },
};
