// dnsrr-ingress-ports: DNS round robin has no virtual IP for the routing mesh to forward to, so
// the engine refuses ingress-mode published ports on such a service (fact 22).
import type { CScalar } from '../compose/nodes';
import { isMap, isScalar } from '../compose/nodes';
import type { ComposeProject } from '../compose/project';
import type { NetworkModel } from '../network/types';
import type { PortMapping } from '../network/ports';
import { ruleDocs } from './support/ruleDocs';
import type { Finding, Fix, Rule, TextEdit } from './types';
import { columnOf, fileNodeAt, setPair, trimEnd } from './support/yamlCollectionEdits';

const ID = 'dnsrr-ingress-ports';

function portText(p: PortMapping): string {
  const target = `${p.target}${p.targetEnd !== p.target ? `-${p.targetEnd}` : ''}`;
  return p.published === undefined ? target : `${p.published}${p.publishedEnd !== p.published ? `-${p.publishedEnd}` : ''}:${target}`;
}

/** The long-syntax fields of a short-syntax mapping, with `mode: host`. */
function longFields(p: PortMapping): Array<[string, string]> | undefined {
  // Long syntax takes one target port, not a range.
  if (p.targetEnd !== p.target) return undefined;
  const fields: Array<[string, string]> = [['target', String(p.target)]];
  if (p.published !== undefined) fields.push(['published', p.publishedEnd !== p.published ? `"${p.published}-${p.publishedEnd}"` : String(p.published)]);
  if (p.hostIp) fields.push(['host_ip', p.hostIp.includes(':') ? `"${p.hostIp}"` : p.hostIp]);
  if (p.protocol !== 'tcp') fields.push(['protocol', p.protocol]);
  fields.push(['mode', 'host']);
  return fields;
}

function hostModeEdit(project: ComposeProject, p: PortMapping): TextEdit | undefined {
  const node = fileNodeAt(project, p.loc);
  const file = project.sources.get(p.loc.file);
  if (!node || !file) return undefined;
  if (isMap(node)) return setPair(project.sources, node, 'mode', 'host');
  if (!isScalar(node) || (node as CScalar).style === 'block') return undefined;
  const fields = longFields(p);
  if (!fields) return undefined;
  const text = file.text;
  const lineStart = file.lineStartOf(node.loc.start);
  // A block sequence item (`- "8080:80"` alone on its line) becomes a block mapping; anything else a flow one.
  if (/^\s*-\s*$/.test(text.slice(lineStart, node.loc.start))) {
    const indent = ' '.repeat(columnOf(file, node.loc.start));
    return { loc: node.loc, newText: fields.map(([k, v], i) => `${i === 0 ? '' : indent}${k}: ${v}`).join(file.lineBreak) };
  }
  return { loc: node.loc, newText: `{ ${fields.map(([k, v]) => `${k}: ${v}`).join(', ')} }` };
}

export const dnsrrIngressPorts: Rule = {
  id: ID,
  severity: 'error',
  title: 'Ingress-mode ports on a dnsrr service',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    for (const svc of model.services.values()) {
      if (!svc.active || svc.endpointMode !== 'dnsrr') continue;
      for (const p of svc.ports) {
        if (p.mode !== 'ingress') continue;
        const edit = hostModeEdit(model.project, p);
        const fixes: Fix[] = edit ? [{ title: `Publish ${portText(p)} in \`mode: host\``, edits: [edit], preferred: true }] : [];
        findings.push({
          rule: ID,
          severity: 'error',
          message:
            model.project.stack !== undefined
              ? `\`docker stack deploy\` cannot create \`${svc.stack?.name ?? svc.name}\`: with \`endpoint_mode: dnsrr\` its name returns every task's address and there is no virtual IP for the routing mesh to forward ${portText(p)} to, so the swarm refuses ingress-mode ports ("port published with ingress mode can't be used with dnsrr mode"). Publish it with \`mode: host\` (bound on the nodes that run a task), or keep the mesh with \`endpoint_mode: vip\`.`
              : `\`${svc.name}\` uses \`endpoint_mode: dnsrr\` and publishes ${portText(p)} in ingress mode (the default); the engine refuses the service ("port published with ingress mode can't be used with dnsrr mode"). Publish it with \`mode: host\`.`,
          loc: trimEnd(model.project.sources, p.loc),
          service: svc.name,
          related: svc.endpointModeLoc ? [{ loc: svc.endpointModeLoc, message: `\`${svc.name}\` asks for DNS round robin here` }] : [],
          fixes,
        });
      }
    }
    return findings;
  },
};
