// container-name-scaled: a container name is unique on an engine, so a service with a fixed
// `container_name` cannot run more than one replica (Compose refuses to scale it).
import type { NetworkModel, Reference, ServiceInfo } from '../network/types';
import { nameMentions } from '../network/mentions';
import { ruleDocs } from './support/ruleDocs';
import { deletePair, replaceText } from './support/textEdits';
import type { Finding, Fix, Rule } from './types';

const ID = 'container-name-scaled';

/** References that reach the service by its container name (and not also by another of its names). */
function usesOfContainerName(model: NetworkModel, svc: ServiceInfo): Reference[] {
  const name = (svc.containerName as string).toLowerCase();
  if (name === svc.name.toLowerCase()) return [];
  return model.references.filter((r) => {
    if (r.host.toLowerCase() !== name) return false;
    const res = model.resolve(r.from, r.host);
    return res.kind === 'service' && res.target === svc.name && res.via === 'container_name';
  });
}

export const containerNameScaled: Rule = {
  id: ID,
  severity: 'error',
  title: 'container_name on a scaled service',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    for (const svc of model.services.values()) {
      if (!svc.active || svc.containerName === undefined || svc.replicas <= 1 || !svc.containerNamePair) continue;
      const uses = usesOfContainerName(model, svc);
      const fixes: Fix[] = [];
      const remove = deletePair(model.project.sources, svc.containerNamePair);
      // Peers that used the container name switch to the service name, which resolves to every replica
      // (fact 9); a mention the references do not locate (`pg_isready -h api-main`) would be left broken.
      const renamed = svc.containerName.toLowerCase() === svc.name.toLowerCase();
      const mentions = renamed ? 0 : [...model.services.values()].filter((s) => s.active).reduce((n, s) => n + nameMentions(s.def, svc.containerName as string), 0);
      if (remove && mentions <= uses.filter((r) => r.form !== 'dependency').length && uses.every((r) => r.exact)) {
        const title = uses.length > 0 ? `Remove \`container_name\` and use \`${svc.name}\` instead of \`${svc.containerName}\`` : 'Remove `container_name`';
        fixes.push({ title, edits: [remove, ...uses.map((r) => replaceText(r.hostLoc, svc.name))], preferred: true });
      }
      findings.push({
        rule: ID,
        severity: 'error',
        message: `\`${svc.name}\` sets \`container_name: ${svc.containerName}\` and asks for ${svc.replicas} replicas; a container name is unique, so only one container can have it and the service cannot scale.${mentions > 0 ? ` The project uses the name \`${svc.containerName}\` ${mentions} time${mentions > 1 ? 's' : ''}; use \`${svc.name}\` there.` : ''}`,
        loc: svc.containerNamePair.value.loc,
        service: svc.name,
        related: [
          ...(svc.replicasLoc ? [{ loc: svc.replicasLoc, message: `${svc.replicas} replicas are asked for here` }] : []),
          ...uses.map((r) => ({ loc: r.hostLoc, message: `\`${r.from}\` uses the container name here` })),
        ],
        fixes,
      });
    }
    return findings;
  },
};
