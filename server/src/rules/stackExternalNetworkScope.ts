// stack-external-network-scope: a stack's services run on any node, so an external network they join
// must exist on every node: swarm scope (an overlay, or a network created with `--scope swarm`).
// `docker stack deploy` refuses a local one ("declared as external, but it is not in the right scope"),
// except the engine's own `host`, `bridge` and `none` (fact 20). Stack mode only; the scope is read
// from the `driver` the file writes for it.
import { LOCAL_DRIVERS, LOCAL_NETWORKS_A_STACK_MAY_USE } from '../network/stack';
import type { NetworkModel } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import type { Finding, Rule } from './types';

const ID = 'stack-external-network-scope';

export const stackExternalNetworkScope: Rule = {
  id: ID,
  severity: 'error',
  title: 'External network of a stack that is not swarm-scoped',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    if (model.project.stack === undefined) return findings;
    for (const net of model.networks.values()) {
      if (!net.external || !net.def || net.members.length === 0 || LOCAL_NETWORKS_A_STACK_MAY_USE.has(net.name)) continue;
      const local = net.name === 'docker_gwbridge' || (net.driverLoc !== undefined && LOCAL_DRIVERS.has(net.driver));
      if (!local) continue;
      findings.push({
        rule: ID,
        severity: 'error',
        message: `\`${net.name}\` is external with the \`${net.driver}\` driver, a network of one engine (scope local); a stack's services run on every node, so \`docker stack deploy\` refuses it ("declared as external, but it is not in the right scope: \\"local\\" instead of \\"swarm\\""). Create it as an overlay (\`docker network create -d overlay --attachable ${net.name}\`).`,
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
