// stack-host-port-replicas: a port published in `mode: host` binds the node's own port, so a node can
// run one task of the service at a time; the swarm leaves the others pending ("host-mode port already
// in use"). When a placement constraint pins every task to one node, more than one replica cannot run
// (fact 22). Stack mode only; global services run one task per node and are fine.
import type { NetworkModel } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import type { Finding, Rule } from './types';
import { trimEnd } from './support/yamlCollectionEdits';

const ID = 'stack-host-port-replicas';

export const stackHostPortReplicas: Rule = {
  id: ID,
  severity: 'warning',
  title: 'More replicas than nodes can hold a host-mode port',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    if (model.project.stack === undefined) return findings;
    for (const svc of model.services.values()) {
      const stack = svc.stack;
      if (!svc.active || !stack || stack.mode !== 'replicated' || !stack.pinnedTo || svc.replicas <= 1) continue;
      for (const p of svc.ports) {
        if (p.mode !== 'host' || p.published === undefined) continue;
        const pending = svc.replicas - 1;
        findings.push({
          rule: ID,
          severity: 'warning',
          message: `\`${svc.name}\` publishes ${p.published} in host mode, which one task per node can bind, and its placement puts every task on node \`${stack.pinnedTo.node}\`: ${pending} of its ${svc.replicas} replicas stay pending ("host-mode port already in use").`,
          loc: trimEnd(model.project.sources, p.loc),
          service: svc.name,
          related: [
            { loc: stack.pinnedTo.loc, message: `every task of \`${svc.name}\` must run on \`${stack.pinnedTo.node}\`` },
            ...(svc.replicasLoc ? [{ loc: svc.replicasLoc, message: `${svc.replicas} replicas` }] : []),
          ],
          fixes: [],
        });
      }
    }
    return findings;
  },
};
