// subnet-overlap: two networks of the project whose `ipam.config` subnets share addresses. The engine
// keeps one network per address range: creating the second fails ("Pool overlaps with other one on
// this address space") and `docker compose up` stops. Only networks Compose creates count: declared,
// not external (their subnets are not in the file), and used by a service (fact 13); two keys naming the
// same engine network (`name:`) are one network. Each subnet of a pair gets a finding naming the other.
import { subnetsOverlap } from '../network/cidr';
import type { NetworkModel } from '../network/types';
import { subnetsOf, type Subnet } from './support/declaredSubnets';
import { ruleDocs } from './support/ruleDocs';
import { usedNetworks } from './support/networkUsers';
import type { Finding, Rule } from './types';

const ID = 'subnet-overlap';

export const subnetOverlap: Rule = {
  id: ID,
  severity: 'error',
  title: 'Networks whose subnets overlap',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const used = usedNetworks(model);
    const all: Subnet[] = [];
    for (const net of model.networks.values()) {
      if (net.kind !== 'project' || net.external || !net.declared || !used.has(net.key)) continue;
      for (const subnet of subnetsOf(net)) all.push(subnet);
    }
    const findings: Finding[] = [];
    const say = (here: Subnet, other: Subnet) =>
      findings.push({
        rule: ID,
        severity: 'error',
        message: `Subnet ${here.text} of network \`${here.network.key}\` overlaps ${other.text} of network \`${other.network.key}\`: the engine refuses to create the second of them ("Pool overlaps with other one on this address space"), so \`docker compose up\` stops. Give each network its own range.`,
        loc: here.node.loc,
        service: null,
        related: [{ loc: other.node.loc, message: `subnet ${other.text} of network \`${other.network.key}\`` }],
        fixes: [],
      });
    // Subnets are nested or apart: in order of their first address (wider first), the ones still open
    // when a subnet starts all hold it. Each subnet meets only those (at most one per prefix length).
    const range = (x: Subnet) => {
      const shift = BigInt((x.parsed.family === 4 ? 32 : 128) - x.parsed.prefix);
      const start = (x.parsed.value >> shift) << shift;
      return { start, end: start + (1n << shift) - 1n };
    };
    for (const family of [4, 6]) {
      const sorted = all
        .filter((x) => x.parsed.family === family)
        .map((x) => ({ x, ...range(x) }))
        .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.x.parsed.prefix - b.x.parsed.prefix));
      const open: typeof sorted = [];
      for (const cur of sorted) {
        while (open.length > 0 && open[open.length - 1].end < cur.start) open.pop();
        for (const holder of open) {
          if (holder.x.network.name === cur.x.network.name || !subnetsOverlap(holder.x.parsed, cur.x.parsed)) continue;
          say(holder.x, cur.x);
          say(cur.x, holder.x);
        }
        open.push(cur);
      }
    }
    return findings;
  },
};
