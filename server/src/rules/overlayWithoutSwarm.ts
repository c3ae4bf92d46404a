// overlay-without-swarm: `docker compose` can put containers on an overlay network only when it
// is attachable (fact 20); otherwise `up` fails (no swarm, or "not manually attachable"). Compose
// creates only the networks services use, so an overlay nobody joins is no failure; and a file whose
// services use keys only `docker stack deploy` acts on is a stack file, where such overlays are right
// and nothing is said (stack services, not containers, join them).
import type { NetworkModel } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import type { Finding, Fix, Rule } from './types';
import { fileNodeAt, setPair } from './support/yamlCollectionEdits';
import { isMap } from '../compose/nodes';

const ID = 'overlay-without-swarm';

export const overlayWithoutSwarm: Rule = {
  id: ID,
  severity: 'warning',
  title: 'Overlay network that Compose cannot attach to',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    // A stack file: `docker stack deploy` attaches its services to any overlay.
    if (model.swarmOnlyKey || model.project.stack !== undefined) return findings;
    for (const net of model.networks.values()) {
      if (net.driver !== 'overlay' || net.external || net.attachable || !net.def || net.members.length === 0) continue;
      const node = fileNodeAt(model.project, net.def.node.loc);
      const edit = isMap(node) ? setPair(model.project.sources, node, 'attachable', 'true') : undefined;
      const fixes: Fix[] = edit ? [{ title: `Add \`attachable: true\` to \`${net.key}\``, edits: [edit], preferred: true }] : [];
      const members = net.members.map((m) => model.services.get(m)).filter((s) => s !== undefined);
      findings.push({
        rule: ID,
        severity: 'warning',
        message: `Network \`${net.key}\` uses the \`overlay\` driver but is neither \`external\` nor \`attachable: true\`; \`docker compose\` cannot attach containers to it (it needs a swarm, and standalone containers only join attachable overlays).`,
        loc: net.driverLoc ?? net.def.keyLoc,
        service: null,
        related: members.flatMap((s) => {
          const at = s.attachments.find((a) => a.network === net.key);
          return at?.keyLoc ? [{ loc: at.keyLoc, message: `\`${s.name}\` joins \`${net.key}\` here` }] : [];
        }),
        fixes,
      });
    }
    return findings;
  },
};
