// stack-overlay-not-attachable: a stack creates its overlays for its own services; a standalone container
// (`docker compose up`, `docker run --network`) can join an overlay only when it was created attachable
// (fact 20), else it fails with "network … not manually attachable". A stack network given a fixed
// `name:` is one other projects are meant to name as `external`; without `attachable: true` the stacks
// among them can join it, their standalone containers cannot. Stack mode only.
import { isMap } from '../compose/nodes';
import type { NetworkModel } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import type { Finding, Fix, Rule } from './types';
import { fileNodeAt, setPair } from './support/yamlCollectionEdits';

const ID = 'stack-overlay-not-attachable';

export const stackOverlayNotAttachable: Rule = {
  id: ID,
  severity: 'info',
  title: 'Shared stack overlay that standalone containers cannot join',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    if (model.project.stack === undefined) return findings;
    for (const net of model.networks.values()) {
      if (net.external || net.attachable || net.driver !== 'overlay' || !net.def || net.name === `${model.projectName}_${net.key}`) continue;
      const node = fileNodeAt(model.project, net.def.node.loc);
      const edit = isMap(node) ? setPair(model.project.sources, node, 'attachable', 'true') : undefined;
      const fixes: Fix[] = edit ? [{ title: `Add \`attachable: true\` to \`${net.key}\``, edits: [edit], preferred: true }] : [];
      findings.push({
        rule: ID,
        severity: 'info',
        message: `Stack \`${model.projectName}\` creates the overlay \`${net.name}\` under a fixed name, for other projects to join as \`external\`, but not \`attachable\`: their swarm services can join it, a standalone container (\`docker compose up\`, \`docker run --network ${net.name}\`) cannot ("not manually attachable"). Add \`attachable: true\` if containers are to join it.`,
        loc: net.def.keyLoc,
        service: null,
        related: [],
        fixes,
      });
    }
    return findings;
  },
};
