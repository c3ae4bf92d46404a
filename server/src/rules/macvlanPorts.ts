// macvlan-ports: `ports` on a service whose only networks are macvlan or ipvlan. Those drivers put the
// container on the physical network at its own address and map no ports (fact 20): Compose starts it
// without a word and the `ports` do nothing. The program answers at the container's address on the port
// it listens on.
import type { NetworkModel } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import { deletePair } from './support/textEdits';
import { someOf } from './support/listLimits';
import type { Finding, Fix, Rule, TextEdit } from './types';
import { rawServicePairs } from './support/yamlCollectionEdits';

const ID = 'macvlan-ports';
const DIRECT = new Set(['macvlan', 'ipvlan']);

export const macvlanPorts: Rule = {
  id: ID,
  severity: 'warning',
  title: 'Published ports do nothing on macvlan and ipvlan networks',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    for (const svc of model.services.values()) {
      if (!svc.active || svc.networkMode.kind !== 'networks' || svc.ports.length === 0 || svc.attachments.length === 0) continue;
      const nets = svc.attachments.map((a) => model.networks.get(a.network));
      if (!nets.every((n) => n !== undefined && DIRECT.has(n.driver))) continue;
      const portsPair = svc.def.node.pairs.get('ports');
      if (!portsPair) continue;
      const raw = rawServicePairs(model.project, svc.name, 'ports');
      const edits = raw.map((r) => deletePair(model.project.sources, r.pair));
      const fixes: Fix[] = raw.length > 0 && edits.every((e) => e !== undefined) ? [{ title: `Remove \`ports\` from \`${svc.name}\``, edits: edits as TextEdit[] }] : [];
      const drivers = [...new Set(nets.map((n) => n?.driver))].join(' and ');
      const addresses = svc.attachments.flatMap((a) => (a.ipv4 ? [a.ipv4] : a.ipv6 ? [a.ipv6] : []));
      const targets = [...new Set(svc.ports.map((p) => p.target))];
      const where = addresses.length > 0 ? ` at ${someOf(addresses, (a) => `\`${a}\``, ' or ')}` : ' at its own address on that network';
      for (const r of raw.length > 0 ? raw : [{ file: portsPair.keyLoc.file, pair: portsPair }]) {
        findings.push({
          rule: ID,
          severity: 'warning',
          message: `\`${svc.name}\` is only on ${drivers} networks, which map no ports: its \`ports\` do nothing. It is reached directly${where}, on the port${targets.length > 1 ? 's' : ''} it listens on (${someOf(targets, String)}).`,
          // On the first entry the file lists, where the reader looks for what is published.
          loc: svc.ports.find((p) => p.loc.file === r.pair.keyLoc.file)?.loc ?? r.pair.keyLoc,
          service: svc.name,
          related: svc.attachments.flatMap((a) => (a.keyLoc ? [{ loc: a.keyLoc, message: `\`${svc.name}\` joins the ${model.networks.get(a.network)?.driver} network \`${a.network}\` here` }] : [])),
          fixes,
        });
      }
    }
    return findings;
  },
};
