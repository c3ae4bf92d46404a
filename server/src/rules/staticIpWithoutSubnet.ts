// static-ip-without-subnet: `ipv4_address` / `ipv6_address` the engine will refuse. A static
// address needs a user-defined network with an `ipam.config` subnet that contains it, and two
// containers cannot hold the same address (fact 15).
import { inSubnet, parseAddress, parseSubnet } from '../network/cidr';
import type { Loc } from '../compose/source';
import type { NetworkModel } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import type { Finding, Rule } from './types';

const ID = 'static-ip-without-subnet';

export const staticIpWithoutSubnet: Rule = {
  id: ID,
  severity: 'error',
  title: 'Static IP address the network cannot give',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    /** network → address → first holder. */
    const taken = new Map<string, Map<string, { service: string; loc: Loc }>>();
    for (const svc of model.services.values()) {
      if (!svc.active) continue;
      for (const a of svc.attachments) {
        // Most attachments ask for no address: nothing to look at (the rule runs over every service's).
        if (a.ipv4 === undefined && a.ipv6 === undefined) continue;
        const net = model.networks.get(a.network);
        if (!net) continue;
        for (const [field, text, loc] of [
          ['ipv4_address', a.ipv4, a.ipv4Loc],
          ['ipv6_address', a.ipv6, a.ipv6Loc],
        ] as const) {
          if (text === undefined || loc === undefined) continue;
          const address = parseAddress(text);
          if (!address) continue;
          const related = net.def ? [{ loc: net.def.keyLoc, message: `network \`${net.key}\` is declared here` }] : [];
          const finding = (message: string, extra = related) => findings.push({ rule: ID, severity: 'error', message, loc, service: svc.name, related: extra, fixes: [] });
          // External networks are configured elsewhere: their subnets are not in the file.
          if (!net.external) {
            const subnets = net.subnets.map(parseSubnet).filter((s) => s !== undefined && s.family === address.family);
            if (subnets.length === 0) {
              finding(`\`${svc.name}\` asks for ${field} ${text} on network \`${net.key}\`, which has no IPv${address.family} subnet in \`ipam.config\`; the engine gives static addresses only from a subnet you configure.`);
              continue;
            }
            if (!subnets.some((s) => s && inSubnet(address, s))) {
              finding(`\`${svc.name}\` asks for ${field} ${text} on network \`${net.key}\`, outside its subnet${subnets.length > 1 ? 's' : ''} ${net.subnets.filter((s) => parseSubnet(s)?.family === address.family).join(', ')}.`);
              continue;
            }
          }
          const key = `${address.family}:${address.value}`;
          const onNet = taken.get(net.key) ?? new Map<string, { service: string; loc: Loc }>();
          taken.set(net.key, onNet);
          const holder = onNet.get(key);
          if (holder) {
            finding(`\`${svc.name}\` asks for ${field} ${text} on network \`${net.key}\`, which \`${holder.service}\` already has; the second container fails to start.`, [{ loc: holder.loc, message: `\`${holder.service}\` takes ${text} here` }]);
          } else onNet.set(key, { service: svc.name, loc });
        }
      }
    }
    return findings;
  },
};
