// subnet-overlap against the engine (live part of the rule of `subnetOverlap.ts`): a subnet of a network
// Compose will create overlaps the subnet of a network already on the engine. Creating it fails ("Pool
// overlaps with other one on this address space") and `docker compose up` stops. The project's own
// network of the same name is not a clash (Compose reuses it). The message suggests a free range of the
// same size from the engine's default address pools (the daemon's, else the documented ones), and a fix
// writes it where nothing else in the file depends on the old range. When the engine is on this machine, its
// routes count too (`live/hostRoutes.ts`): a subnet over a LAN's or a VPN's range cuts the host off from it.
import { get, isMap, items } from '../compose/nodes';
import { DOCUMENTED_DEFAULT_POOLS, freeSubnet } from '../network/addressPools';
import { parseSubnet, subnetsOverlap, type ParsedSubnet } from '../network/cidr';
import { unquotedLoc } from '../network/ports';
import type { NetworkModel } from '../network/types';
import type { TopologyNetwork } from '../topology/types';
import { ruleDocs } from './support/ruleDocs';
import { usedNetworks } from './support/networkUsers';
import { subnetsOf, type Subnet } from './support/declaredSubnets';
import type { Finding, Fix, LiveRule } from './types';

const ID = 'subnet-overlap';

export const engineSubnetOverlap: LiveRule = {
  id: ID,
  severity: 'error',
  title: 'Network subnet overlapping a network on the engine',
  docs: ruleDocs(ID),
  check(model: NetworkModel, live) {
    const used = usedNetworks(model);
    const mine: Subnet[] = [];
    for (const net of model.networks.values()) {
      if (net.kind !== 'project' || net.external || !net.declared || !used.has(net.key)) continue;
      for (const subnet of subnetsOf(net)) mine.push(subnet);
    }
    if (mine.length === 0) return [];
    const engine = live.networks.flatMap((n) => n.subnets.map((text) => ({ network: n, text, parsed: parseSubnet(text) }))).filter((e): e is { network: TopologyNetwork; text: string; parsed: ParsedSubnet } => e.parsed !== undefined);
    const pools = live.engine?.default_address_pools ?? DOCUMENTED_DEFAULT_POOLS;
    const poolsSaid = live.engine?.default_address_pools ? "the engine's default address pools" : "Docker's default address pools";
    const findings: Finding[] = [];
    // The machine's own routes (a LAN, a VPN): not those of the engine's bridges, which its networks already say.
    const engineSubnets = new Set(engine.map((e) => e.text));
    const routes = (live.engine?.host_routes ?? [])
      .filter((r) => !engineSubnets.has(r.subnet) && !/^(?:docker\d*|docker_gwbridge|br-[0-9a-f]+|veth.*)$/.test(r.interface))
      .map((r) => ({ ...r, parsed: parseSubnet(r.subnet) }))
      .filter((r): r is { subnet: string; interface: string; parsed: ParsedSubnet } => r.parsed !== undefined);
    for (const here of mine) {
      const clashes = engine.filter((e) => e.network.name !== here.network.name && subnetsOverlap(e.parsed, here.parsed));
      const route = clashes.length === 0 ? routes.find((r) => subnetsOverlap(r.parsed, here.parsed)) : undefined;
      if (route) {
        const taken = [...engine.filter((e) => e.network.name !== here.network.name).map((e) => e.parsed), ...mine.filter((m) => m !== here).map((m) => m.parsed), ...routes.map((r) => r.parsed)];
        const free = here.parsed.family === 4 ? freeSubnet(here.parsed.prefix, taken, pools) : undefined;
        findings.push({
          rule: ID,
          severity: 'error',
          message: `Subnet ${here.text} of network \`${here.network.key}\` overlaps ${route.subnet}, which this machine reaches through \`${route.interface}\`: \`docker compose up\` creates \`${here.network.name}\` all the same, and its containers no longer reach the hosts of ${route.subnet} (a LAN or a VPN): for them that range is on their bridge; the host's own traffic there may go to the bridge too.${free ? ` ${free} is free in ${poolsSaid} and clear of the host's routes.` : ''}`,
          loc: unquotedLoc(here.node) ?? here.node.loc,
          service: null,
          related: [],
          fixes: free ? fixTo(model, here, free) : [],
        });
        continue;
      }
      if (clashes.length === 0) continue;
      // Free: clear of every engine network but the one Compose will reuse, and of the project's other subnets.
      const taken = [...engine.filter((e) => e.network.name !== here.network.name).map((e) => e.parsed), ...mine.filter((m) => m !== here).map((m) => m.parsed)];
      const free = here.parsed.family === 4 ? freeSubnet(here.parsed.prefix, taken, pools) : undefined;
      const first = clashes[0];
      const project = first.network.labels?.['com.docker.compose.project'];
      const owner = project ? ` (project \`${project}\`)` : '';
      const more = clashes.length > 1 ? ` and ${clashes.length - 1} more network${clashes.length > 2 ? 's' : ''}` : '';
      const suggestion = free ? ` ${free} is free in ${poolsSaid}.` : '';
      findings.push({
        rule: ID,
        severity: 'error',
        message: `Subnet ${here.text} of network \`${here.network.key}\` overlaps ${first.text} of the network \`${first.network.name}\`${owner} already on the engine${more}: creating \`${here.network.name}\` fails ("Pool overlaps with other one on this address space"), so \`docker compose up\` stops.${suggestion}`,
        loc: unquotedLoc(here.node) ?? here.node.loc,
        service: null,
        related: [],
        fixes: free ? fixTo(model, here, free) : [],
      });
    }
    return findings;
  },
};

/** Writing the free range in place, only where nothing hangs on the old one: no gateway, range or static address in it, the value written as is. */
function fixTo(model: NetworkModel, here: Subnet, free: string): Fix[] {
  const config = items(get(get(here.network.def?.node, 'ipam'), 'config')).find((c) => isMap(c) && get(c, 'subnet') === here.node);
  if (!config) return [];
  for (const key of ['gateway', 'ip_range', 'aux_addresses']) if (get(config, key) !== undefined) return [];
  const statics = [...model.services.values()].some((s) => s.attachments.some((a) => a.network === here.network.key && (here.parsed.family === 4 ? a.ipv4 : a.ipv6)));
  if (statics) return [];
  const loc = unquotedLoc(here.node);
  const source = loc ? model.project.sources.get(loc.file) : undefined;
  if (!loc || !source || !model.project.localFiles.has(loc.file) || source.text.slice(loc.start, loc.end) !== here.text) return [];
  return [{ title: `Use the free range ${free}`, edits: [{ loc, newText: free }] }];
}
