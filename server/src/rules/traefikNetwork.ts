// traefik-network: Traefik reaches a service its labels route on one of that service's networks. With
// several networks and no `traefik.docker.network` label (nor Traefik's `providers.docker.network`), it
// takes one in no fixed order; when Traefik is not on that one, requests time out (the classic 504).
// The label must name the network as the engine does (`<project>_<key>`): Traefik finds no network
// `back` on a container attached to `shop_back`, and falls back to any (fact 12 for the names, 8 for
// reaching across networks).
import { get, isMap, isSeq } from '../compose/nodes';
import type { Label, NetworkModel, ServiceInfo, TraefikRoute } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import { replaceText } from './support/textEdits';
import type { Finding, Fix, Rule, Severity, TextEdit } from './types';
import { appendItem, appendPair, rawServicePairs } from './support/yamlCollectionEdits';

const ID = 'traefik-network';

function ownerOf(model: NetworkModel, svc: ServiceInfo): ServiceInfo {
  return model.services.get(svc.namespaceOwner) ?? svc;
}

/** Adds `traefik.docker.network=<name>` to the labels the route is written in, in their style. */
function addLabel(model: NetworkModel, route: TraefikRoute, name: string): TextEdit | undefined {
  const first = route.labels[0];
  const key = first.section === 'labels' ? 'labels' : 'deploy';
  const raw = rawServicePairs(model.project, route.service, key).find((p) => p.file === first.keyLoc.file);
  const node = raw && (first.section === 'labels' ? raw.pair.value : get(raw.pair.value, 'labels'));
  const labelKey = first.section === 'deploy.labels' && first.key.toLowerCase() === 'traefik.swarm.network' ? 'traefik.swarm.network' : 'traefik.docker.network';
  if (isSeq(node)) return appendItem(model.project.sources, node, `"${labelKey}=${name}"`);
  if (isMap(node)) return appendPair(model.project.sources, node, labelKey, name);
  return undefined;
}

function list(names: string[]): string {
  return names.map((n) => `\`${n}\``).join(', ');
}

export const traefikNetwork: Rule = {
  id: ID,
  severity: 'warning',
  title: 'Traefik may pick a network it is not on',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    const { instances, routes } = model.traefik;
    if (instances.length === 0) return findings;
    const engineName = (key: string) => model.networks.get(key)?.name ?? key;
    for (const t of instances) {
      const traefik = model.services.get(t.service) as ServiceInfo;
      if (ownerOf(model, traefik).networkMode.kind !== 'networks') continue;
      const traefikNets = new Set(model.dnsNetworks(t.service));
      for (const route of routes) {
        const svc = model.services.get(route.service);
        if (!svc || route.service === t.service || ownerOf(model, svc).networkMode.kind !== 'networks') continue;
        const nets = model.dnsNetworks(route.service);
        const shared = nets.filter((n) => traefikNets.has(n));
        // Sharing none is no-shared-network's finding (Traefik's connection is a reference too).
        if (nets.length === 0 || shared.length === 0) continue;
        const push = (severity: Severity, loc: Label['keyLoc'], message: string, fixes: Fix[]) =>
          findings.push({ rule: ID, severity, message, loc, service: route.service, related: [{ loc: traefik.def.keyLoc, message: `\`${t.service}\` (Traefik) is on ${list(model.dnsNetworks(t.service))}` }], fixes });
        const chosen = route.network ?? (t.network ? { value: t.network.value } : undefined);
        if (chosen) {
          const value = chosen.value.trim();
          const named = nets.find((n) => engineName(n) === value);
          const where = route.network ? `its label \`${route.network.key}\`` : `Traefik's \`providers.docker.network\``;
          if (named) {
            if (!traefikNets.has(named)) {
              push('error', route.network?.valueLoc ?? route.labels[0].keyLoc, `Traefik reaches \`${route.service}\` on \`${value}\` (${where}), but \`${t.service}\` is not on that network; they share ${list(shared)}.`, route.network ? [{ title: `Use \`${engineName(shared[0])}\``, edits: [replaceText(route.network.valueLoc, engineName(shared[0]))], preferred: true }] : []);
            }
            continue;
          }
          // No network of that name on the container: Traefik warns and takes any of its networks.
          const byKey = nets.find((n) => n === value);
          const intended = byKey && traefikNets.has(byKey) ? byKey : shared[0];
          const severity: Severity = shared.length === nets.length ? 'info' : 'warning';
          const fixes: Fix[] = route.network ? [{ title: `Use \`${engineName(intended)}\`, the engine's name`, edits: [replaceText(route.network.valueLoc, engineName(intended))], preferred: true }] : [];
          const hint = byKey ? `the engine calls that network \`${engineName(byKey)}\`` : `\`${route.service}\` is on ${list(nets.map(engineName))}`;
          const outcome = severity === 'info' ? 'Traefik is on all of them, so it still reaches it' : `Traefik is not on ${list(nets.filter((n) => !traefikNets.has(n)))}, so requests may time out (504)`;
          push(severity, route.network?.valueLoc ?? route.labels[0].keyLoc, `${where[0].toUpperCase()}${where.slice(1)} names \`${value}\`, no network of \`${route.service}\` (${hint}); Traefik then takes any of its networks: ${outcome}.`, fixes);
          continue;
        }
        // A static configuration it could not read may name the network.
        if (t.unknownStatic || shared.length === nets.length) continue;
        const edit = addLabel(model, route, engineName(shared[0]));
        push(
          'warning',
          route.labels[0].keyLoc,
          `\`${route.service}\` is on ${list(nets)} and Traefik (\`${t.service}\`) only on ${list(shared)} of them; with no \`traefik.docker.network\` label it connects over any, so requests over ${list(nets.filter((n) => !traefikNets.has(n)))} time out (504). Name the shared network: \`traefik.docker.network=${engineName(shared[0])}\`.`,
          edit ? [{ title: `Add the label \`traefik.docker.network=${engineName(shared[0])}\``, edits: [edit], preferred: true }] : [],
        );
      }
    }
    return findings;
  },
};
