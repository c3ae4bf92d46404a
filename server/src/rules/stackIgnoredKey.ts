// stack-ignored-key: `docker stack deploy` does not act on some service keys (the Docker CLI prints
// "Ignoring unsupported options" for some, drops `container_name` and `depends_on` without a word),
// nor on a fixed address per network or the host address of a published port. Whoever wrote them
// expects them to act: each is reported where it is written (facts 21, 22). Stack mode only.
import { get, isMap, items } from '../compose/nodes';
import { parsePort } from '../network/ports';
import { STACK_IGNORED_ATTACHMENT_KEYS, STACK_IGNORED_KEYS } from '../network/stack';
import type { NetworkModel } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import type { Finding, Rule } from './types';
import { rawServicePairs } from './support/yamlCollectionEdits';

const ID = 'stack-ignored-key';

export const stackIgnoredKey: Rule = {
  id: ID,
  severity: 'warning',
  title: 'A key `docker stack deploy` ignores',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    const stack = model.project.stack;
    if (stack === undefined) return findings;
    const finding = (service: string, loc: Finding['loc'], message: string): Finding => ({ rule: ID, severity: 'warning', message, loc, service, related: [], fixes: [] });
    for (const svc of model.services.values()) {
      if (!svc.active) continue;
      for (const [key, instead] of STACK_IGNORED_KEYS) {
        if (!svc.def.node.pairs.has(key)) continue;
        const raw = rawServicePairs(model.project, svc.name, key);
        const locs = raw.length > 0 ? raw.map((r) => r.pair.keyLoc) : [svc.def.node.pairs.get(key)!.keyLoc];
        for (const loc of locs) findings.push(finding(svc.name, loc, `\`docker stack deploy\` ignores \`${key}\` of \`${svc.name}\`: ${instead}.`));
      }
      const networks = get(svc.def.node, 'networks');
      if (isMap(networks)) {
        for (const p of networks.pairs.values()) {
          const network = p.key;
          if (!isMap(p.value)) continue;
          for (const key of STACK_IGNORED_ATTACHMENT_KEYS) {
            const fixed = p.value.pairs.get(key);
            if (fixed) findings.push(finding(svc.name, fixed.keyLoc, `\`docker stack deploy\` ignores \`${key}\` of \`${svc.name}\` on \`${network}\`: the swarm gives each task an address from the network's subnet, and the service's name its virtual IP.`));
          }
        }
      }
      for (const node of items(get(svc.def.node, 'ports'))) {
        const p = parsePort(node);
        if (!p?.hostIp) continue;
        const where = p.mode === 'host' ? 'on every address of the node that runs a task' : 'on every address of every node, through the routing mesh';
        findings.push(finding(svc.name, p.loc, `\`docker stack deploy\` ignores the host address ${p.hostIp} of \`${svc.name}\`'s port ${p.published ?? p.target}: it is published ${where}.`));
      }
    }
    return findings;
  },
};
