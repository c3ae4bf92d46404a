// name-shadowed (live): a name this project resolves to one of its own services (service name, alias,
// container_name, hostname) is also answered, on an external network the caller shares, by a running
// container of another project (or of none). The embedded DNS answers from the caller's networks in an
// order of its own (measured on 20.10: a caller on its project network and an external one got the other
// project's `db`), and several holders of one name on a network share it round robin (facts 7-9): the
// request may go to the wrong container. Names written in /etc/hosts (`links`, `extra_hosts`) and peers
// in the caller's own namespace do not go through the DNS and are left out.
import type { NetworkModel, Reference } from '../network/types';
import type { TopologyContainer } from '../topology/types';
import { ruleDocs } from './support/ruleDocs';
import { someOf } from './support/listLimits';
import type { Finding, LiveRule } from './types';

const ID = 'name-shadowed';

/** The names a live container answers to on a network: its aliases (service name among them), its container name and its hostname. */
function namesOn(c: TopologyContainer, network: string): Set<string> | undefined {
  const ep = c.networks.find((n) => n.network === network);
  if (!ep) return undefined;
  const names = new Set(ep.aliases.map((a) => a.toLowerCase()));
  names.add(c.name.toLowerCase());
  if (c.hostname) names.add(c.hostname.toLowerCase());
  return names;
}

export const nameShadowed: LiveRule = {
  id: ID,
  severity: 'warning',
  title: 'Name also answered by another project on a shared network',
  docs: ruleDocs(ID),
  check(model: NetworkModel, live) {
    // External network (engine name) → running containers of other projects on it.
    const strangers = new Map<string, TopologyContainer[]>();
    for (const c of live.containers ?? []) {
      if (c.state !== 'running' || c.project === model.projectName) continue;
      for (const n of c.networks) strangers.set(n.network, [...(strangers.get(n.network) ?? []), c]);
    }
    if (strangers.size === 0) return [];
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const svc of model.services.values()) {
      if (!svc.active) continue;
      const external = model
        .dnsNetworks(svc.name)
        .map((key) => model.networks.get(key))
        .filter((n) => n !== undefined && n.external && n.kind === 'external' && strangers.has(n.name));
      if (external.length === 0) continue;
      for (const ref of model.referencesFrom(svc.name)) {
        if (ref.form === 'dependency' || ref.role === 'listen') continue;
        const res = model.resolve(svc.name, ref.host);
        if (res.kind !== 'service' || res.via === 'link' || res.via === 'namespace') continue;
        const name = ref.host.toLowerCase().replace(/\.$/, '');
        const key = `${ref.hostLoc.file}:${ref.hostLoc.start}:${svc.name}`;
        if (seen.has(key)) continue;
        for (const net of external) {
          const others = (strangers.get(net!.name) ?? []).filter((c) => namesOn(c, net!.name)?.has(name));
          if (others.length === 0) continue;
          seen.add(key);
          findings.push(finding(svc.name, ref, res.target, res.network ? (model.networks.get(res.network)?.name ?? res.network) : null, net!.name, others));
          break;
        }
      }
    }
    return findings;
  },
};

function finding(from: string, ref: Reference, target: string, over: string | null, network: string, others: TopologyContainer[]): Finding {
  const who = someOf(others, (c) => `\`${c.name}\` (${c.project ? `project \`${c.project}\`` : 'no Compose project'})`, ', ');
  const ours = over ? `this project's \`${target}\` on \`${over}\`` : `this project's \`${target}\``;
  const verb = others.length > 1 ? 'answer' : 'answers';
  return {
    rule: ID,
    severity: 'warning',
    message: `\`${from}\` reaches \`${ref.host}\` meaning ${ours}, but on the external network \`${network}\` ${who} also ${verb} to \`${ref.host}\`: Docker's DNS may give \`${from}\` that container instead, and the request goes to the wrong place. Use a name only this project answers to (an alias of its own), or take \`${from}\` off \`${network}\` if it does not need it.`,
    loc: ref.hostLoc,
    service: from,
    related: [],
    fixes: [],
  };
}
