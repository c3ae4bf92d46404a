// host-gateway-missing: `host.docker.internal` is a Docker Desktop convenience; Linux engines know
// the name only when `extra_hosts` maps it to `host-gateway` (fact 11).
import { get, isMap, isScalar, isSeq, pair } from '../compose/nodes';
import type { NetworkModel, Reference, ServiceInfo } from '../network/types';
import { connectionSeverity } from './support/connectionSeverity';
import { ruleDocs } from './support/ruleDocs';
import type { Finding, Fix, Rule, Severity, TextEdit } from './types';

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };
import { appendItem, appendPair, fileNodeAt, quoteLike } from './support/yamlCollectionEdits';

const ID = 'host-gateway-missing';
const GATEWAY_NAMES = new Set(['host.docker.internal', 'gateway.docker.internal']);

function hasEntry(svc: ServiceInfo, name: string): boolean {
  return svc.extraHosts.some((e) => e.host.toLowerCase() === name);
}

/** Adds `<name>:host-gateway` to the service's `extra_hosts`, in the style the list or map has. */
function addEntry(model: NetworkModel, svc: ServiceInfo, name: string): TextEdit | undefined {
  const existing = pair(svc.def.node, 'extra_hosts');
  const entry = `${name}:host-gateway`;
  if (existing) {
    const node = fileNodeAt(model.project, existing.value.loc);
    if (isSeq(node)) {
      const last = [...node.items].reverse().find(isScalar);
      return appendItem(model.project.sources, node, quoteLike(last ?? { kind: 'scalar', value: '', loc: node.loc, style: 'double' }, entry));
    }
    if (isMap(node)) return appendPair(model.project.sources, node, name, 'host-gateway');
    return undefined;
  }
  const root = model.project.fileTrees.get(svc.def.keyLoc.file);
  const own = get(get(root, 'services'), svc.name);
  if (!isMap(own)) return undefined;
  return appendPair(model.project.sources, own, 'extra_hosts', [`- "${entry}"`]);
}

export const hostGatewayMissing: Rule = {
  id: ID,
  severity: 'warning',
  title: 'host.docker.internal without a host-gateway entry',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    // One missing entry is one finding, at its surest use (the first of those): a scrape configuration naming the
    // host for ten targets gets one finding listing the other uses, not ten for one line to add.
    const groups = new Map<string, { owner: ServiceInfo; name: string; uses: Array<{ ref: Reference; svc: ServiceInfo; severity: Severity }> }>();
    for (const ref of model.connections()) {
      const severity = connectionSeverity(ref, 'warning');
      if (severity === undefined) continue;
      const name = ref.host.toLowerCase().replace(/\.$/, '');
      if (!GATEWAY_NAMES.has(name)) continue;
      const svc = model.services.get(ref.from);
      if (!svc) continue;
      // A container in another's namespace shares its /etc/hosts (fact 2): the owner's entries count.
      const owner = model.services.get(svc.namespaceOwner) ?? svc;
      if (hasEntry(svc, name) || hasEntry(owner, name)) continue;
      const key = `${owner.name}\n${name}`;
      const group = groups.get(key) ?? { owner, name, uses: [] };
      group.uses.push({ ref, svc, severity });
      groups.set(key, group);
    }
    const findings: Finding[] = [];
    for (const { owner, name, uses } of groups.values()) {
      const rank = (u: (typeof uses)[number]) => SEVERITY_RANK[u.severity] * 2 + (u.ref.role === 'dial' && u.ref.certainty === 'certain' ? 0 : 1);
      const main = uses.reduce((best, u) => (rank(u) < rank(best) ? u : best));
      const { ref, svc, severity } = main;
      const edit = addEntry(model, owner, name);
      // The fix only adds an entry (it rewrites nothing the user wrote), so a likely connection gets it too.
      const fixes: Fix[] = edit && uses.some((u) => u.ref.role === 'dial') ? [{ title: `Add \`extra_hosts: ["${name}:host-gateway"]\` to \`${owner.name}\``, edits: [edit], preferred: true }] : [];
      const others = uses.filter((u) => u !== main);
      findings.push({
        rule: ID,
        severity,
        message: `\`${svc.name}\` ${ref.role === 'dial' ? 'reaches' : 'writes'} \`${ref.host}\`${others.length ? ` (and ${others.length} more ${others.length === 1 ? 'place' : 'places'})` : ''}, which resolves on Docker Desktop only; on a Linux engine it needs \`extra_hosts: ["${name}:host-gateway"]\` on \`${owner.name}\`.`,
        loc: ref.hostLoc,
        service: svc.name,
        related: [
          ...(owner !== svc ? [{ loc: owner.def.keyLoc, message: `\`${svc.name}\` runs in the network namespace of \`${owner.name}\`` }] : []),
          ...others.map((u) => ({ loc: u.ref.hostLoc, message: `\`${u.svc.name}\` ${u.ref.role === 'dial' ? 'reaches' : 'writes'} \`${u.ref.host}\` here too` })),
        ],
        fixes,
      });
    }
    return findings;
  },
};
