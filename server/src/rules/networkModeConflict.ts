// network-mode-conflict: `network_mode` combined with what it excludes. A service that runs in
// another namespace (or the host's) has no endpoint of its own, so Compose refuses `networks`
// next to it, and the engine refuses ports, links, hostname, dns and extra_hosts in a borrowed
// namespace (fact 2); `service:X` must name a service of the project, and not the service itself.
import type { CPair } from '../compose/nodes';
import type { NetworkModel, ServiceInfo } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import { deletePair, replaceText } from './support/textEdits';
import { removeDeclarations, usersOf } from './support/networkUsers';
import { NearNames } from './support/nearNames';
import type { Finding, Fix, Rule, TextEdit } from './types';
import { rawServicePairs } from './support/yamlCollectionEdits';

const ID = 'network-mode-conflict';

/** Keys the engine refuses in a container that joins another's namespace (fact 2). */
const NAMESPACE_EXCLUDED = ['ports', 'links', 'hostname', 'dns', 'extra_hosts'];

function removeKeyFix(model: NetworkModel, svc: ServiceInfo, key: string, extra: TextEdit[] = [], suffix = ''): Fix | undefined {
  const raw = rawServicePairs(model.project, svc.name, key);
  const edits = raw.map((r) => deletePair(model.project.sources, r.pair));
  if (raw.length === 0 || edits.some((e) => e === undefined)) return undefined;
  return { title: `Remove \`${key}\` from \`${svc.name}\`${suffix}`, edits: [...(edits as TextEdit[]), ...extra] };
}

function modeText(svc: ServiceInfo): string {
  const m = svc.networkMode;
  return m.kind === 'service' ? `service:${m.target}` : m.kind === 'container' ? `container:${m.target}` : m.kind === 'other' ? m.value : m.kind;
}

/** `service:A` → `service:B` → ... back to the start: Compose cannot order them. */
function cycleOf(model: NetworkModel, start: ServiceInfo): string[] | undefined {
  const chain = [start.name];
  let current = start;
  while (current.networkMode.kind === 'service') {
    const next = model.services.get(current.networkMode.target);
    if (!next) return undefined;
    if (next.name === start.name) return [...chain, next.name];
    if (chain.includes(next.name)) return undefined;
    chain.push(next.name);
    current = next;
  }
  return undefined;
}

export const networkModeConflict: Rule = {
  id: ID,
  severity: 'error',
  title: '`network_mode` combined with settings it excludes',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    /** Built at the first name to suggest for, then asked for every other one. */
    let serviceNames: NearNames | undefined;
    for (const svc of model.services.values()) {
      const modePair = svc.networkModePair;
      if (!modePair || svc.networkMode.kind === 'networks') continue;
      const mode = modeText(svc);
      const modeRelated = [{ loc: modePair.value.loc, message: `\`${svc.name}\` sets \`network_mode: ${mode}\` here` }];

      // `networks` next to any network_mode: Compose refuses the file.
      for (const r of rawServicePairs(model.project, svc.name, 'networks')) {
        const listed = svc.listedNetworks.map((n) => n.network);
        const orphaned = listed.filter((n) => n !== 'default' && model.networks.get(n)?.declared && usersOf(model, n, svc.name).length === 0);
        const removals = orphaned.length > 0 ? removeDeclarations(model, orphaned) : [];
        const fixes: Fix[] = [];
        const dropNetworks = removals
          ? removeKeyFix(model, svc, 'networks', removals, orphaned.length > 0 ? ` and the declaration of ${orphaned.map((n) => `\`${n}\``).join(', ')}, which no other service uses` : '')
          : undefined;
        if (dropNetworks) fixes.push({ ...dropNetworks, preferred: true });
        const dropMode = removeKeyFix(model, svc, 'network_mode');
        if (dropMode) fixes.push(dropMode);
        findings.push({
          rule: ID,
          severity: 'error',
          message: `\`${svc.name}\` sets both \`network_mode: ${mode}\` and \`networks\`; Compose refuses the two together, since the mode decides the service's network alone.`,
          loc: r.pair.keyLoc,
          service: svc.name,
          related: modeRelated,
          fixes,
        });
      }

      const m = svc.networkMode;
      if (m.kind === 'service' || m.kind === 'container') {
        const valueLoc = modePair.value.loc;
        if (m.kind === 'service' && m.target === svc.name) {
          const fix = removeKeyFix(model, svc, 'network_mode');
          findings.push({
            rule: ID,
            severity: 'error',
            message: `\`${svc.name}\` sets \`network_mode: service:${svc.name}\`: a service cannot join its own namespace.`,
            loc: valueLoc,
            service: svc.name,
            related: [],
            fixes: fix ? [{ ...fix, preferred: true }] : [],
          });
        } else if (m.kind === 'service' && !model.services.has(m.target)) {
          const suggestion = m.target === '' ? undefined : (serviceNames ??= new NearNames(model.services.keys())).closest(m.target, (n) => n !== svc.name)?.name;
          findings.push({
            rule: ID,
            severity: 'error',
            message:
              m.target === ''
                ? `\`${svc.name}\` sets \`network_mode: service:\` without a service name.`
                : `\`${svc.name}\` sets \`network_mode: service:${m.target}\`, but the project has no service \`${m.target}\`${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}.`,
            loc: valueLoc,
            service: svc.name,
            related: [],
            fixes: suggestion ? textFix(model, modePair, `service:${m.target}`, `service:${suggestion}`) : [],
          });
        } else if (m.kind === 'service') {
          const cycle = cycleOf(model, svc);
          if (cycle) {
            findings.push({
              rule: ID,
              severity: 'error',
              message: `\`${svc.name}\` joins a namespace through a cycle of \`network_mode: service:\` (${cycle.map((n) => `\`${n}\``).join(' → ')}); no service in it can start first.`,
              loc: valueLoc,
              service: svc.name,
              related: cycle.slice(1, -1).map((n) => ({ loc: (model.services.get(n) as ServiceInfo).networkModePair?.value.loc ?? (model.services.get(n) as ServiceInfo).def.keyLoc, message: `\`${n}\` joins the next one here` })),
              fixes: [],
            });
          }
        } else if (m.kind === 'container') {
          const own = [...model.services.values()].find((s) => s.containerName === m.target);
          if (own?.name === svc.name) {
            const fix = removeKeyFix(model, svc, 'network_mode');
            findings.push({
              rule: ID,
              severity: 'error',
              message: `\`${svc.name}\` sets \`network_mode: container:${m.target}\`, which is its own container: a container cannot join its own namespace.`,
              loc: valueLoc,
              service: svc.name,
              related: [],
              fixes: fix ? [{ ...fix, preferred: true }] : [],
            });
          } else if (!own) {
            const asService = model.services.get(m.target);
            findings.push({
              rule: ID,
              severity: 'warning',
              message: asService
                ? `\`${svc.name}\` sets \`network_mode: container:${m.target}\`, but \`${m.target}\` is a service whose container has another name; \`service:${m.target}\` joins the service.`
                : `\`${svc.name}\` sets \`network_mode: container:${m.target}\`, and no service of the project has that \`container_name\`: a container of that name must already run outside the project.`,
              loc: valueLoc,
              service: svc.name,
              related: asService ? [{ loc: asService.def.keyLoc, message: `service \`${m.target}\` is defined here` }] : [],
              fixes: asService ? textFix(model, modePair, `container:${m.target}`, `service:${m.target}`) : [],
            });
          }
        }

        // A borrowed namespace has the owner's ports, names and resolver (fact 2).
        for (const key of NAMESPACE_EXCLUDED) {
          for (const r of rawServicePairs(model.project, svc.name, key)) {
            const fix = removeKeyFix(model, svc, key);
            findings.push({
              rule: ID,
              severity: 'error',
              message: `\`${svc.name}\` runs in ${m.kind === 'service' ? `\`${m.target}\`'s` : `container \`${m.target}\`'s`} network namespace (\`network_mode: ${mode}\`), which has no \`${key}\` of its own; the engine refuses the container.${key === 'ports' ? ` Publish the ports on \`${m.target}\` instead.` : ''}`,
              loc: r.pair.keyLoc,
              service: svc.name,
              related: modeRelated,
              fixes: fix ? [{ ...fix, preferred: true }] : [],
            });
          }
        }
      }
    }
    return findings;
  },
};

/** Replaces `from` by `to` inside the `network_mode` value, when the file holds it as written. */
function textFix(model: NetworkModel, pair: CPair, from: string, to: string): Fix[] {
  const file = model.project.sources.get(pair.value.loc.file);
  if (!file) return [];
  const region = file.slice(pair.value.loc);
  const at = region.indexOf(from);
  if (at < 0) return [];
  const loc = { file: file.path, start: pair.value.loc.start + at, end: pair.value.loc.start + at + from.length };
  return [{ title: `Use \`network_mode: ${to}\``, edits: [replaceText(loc, to)], preferred: true }];
}
