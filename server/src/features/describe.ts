// Short, project-specific phrases about the network model, shared by hovers and code lenses.
import { code } from '../display/markdown';
import { DEFAULT_BRIDGE, isConnection, type NetworkModel, type Resolution, type ServiceInfo } from '../network/types';

export function networkLabel(key: string): string {
  return key === DEFAULT_BRIDGE ? 'the default bridge' : key;
}

/** Where a service's network stack comes from, in a few words (plain text: Markdown must escape it). */
export function networksOf(svc: ServiceInfo): string {
  const mode = svc.networkMode;
  if (mode.kind === 'host') return 'host network';
  if (mode.kind === 'none') return 'no network';
  if (mode.kind === 'service') return `network of ${mode.target}`;
  if (mode.kind === 'container') return `network of container ${mode.target}`;
  const nets = svc.attachments.map((a) => networkLabel(a.network));
  return nets.length ? nets.join(', ') : 'no network';
}

type ReachedBy = { from: string; network: string | null; host: string; port?: number };

/** Who reaches each service, built once per model: a lens per service must not scan every reference each time. */
const reachedIndex = new WeakMap<NetworkModel, Map<string, Map<string, ReachedBy>>>();

function indexOf(model: NetworkModel): Map<string, Map<string, ReachedBy>> {
  let index = reachedIndex.get(model);
  if (index) return index;
  index = new Map();
  const entriesOf = (target: string) => {
    let out = (index as Map<string, Map<string, ReachedBy>>).get(target);
    if (!out) (index as Map<string, Map<string, ReachedBy>>).set(target, (out = new Map()));
    return out;
  };
  for (const ref of model.connections()) {
    // Dialled addresses only: `depends_on` orders start-up but says nothing of what the caller dials.
    if (!isConnection(ref)) continue;
    const res = model.resolve(ref.from, ref.host);
    if (res.kind !== 'service' || res.target === ref.from) continue;
    const out = entriesOf(res.target);
    // One entry per caller; an address with a port says more than one without.
    const known = out.get(ref.from);
    if (known && (known.port !== undefined || ref.port === undefined)) continue;
    out.set(ref.from, { from: ref.from, network: res.network, host: ref.host, port: ref.port });
  }
  for (const svc of model.services.values()) {
    const seen = new Set<string>();
    for (const link of svc.links) {
      if (seen.has(link.target)) continue;
      seen.add(link.target);
      if (link.target === svc.name) continue;
      const out = entriesOf(link.target);
      if (!out.has(svc.name)) out.set(svc.name, { from: svc.name, network: model.sharedNetworks(svc.name, link.target)[0] ?? null, host: link.alias });
    }
  }
  reachedIndex.set(model, index);
  return index;
}

/** Services whose references resolve to `target`, with the network they use (first one each). */
export function reachedBy(model: NetworkModel, target: string): ReachedBy[] {
  const out = indexOf(model).get(target);
  return out ? [...out.values()] : [];
}

/** What a host resolves to from a service, as one sentence of markdown. */
export function resolutionText(model: NetworkModel, from: string, host: string, res: Resolution): string {
  switch (res.kind) {
    case 'loopback':
      return `${code(host)} in ${code(from)} is ${code(from)} itself (each container has its own loopback).`;
    case 'service': {
      const how = res.via === 'service' ? '' : res.via === 'namespace' ? ' (same network namespace)' : ` (its ${res.via.replace('_', ' ')})`;
      const over = res.network ? ` over ${code(networkLabel(res.network))}` : '';
      return `${code(host)} → service ${code(res.target)}${how}${over}.`;
    }
    case 'unreachable': {
      const reasons: Record<typeof res.reason, string> = {
        'no-shared-network': `${code(from)} and ${code(res.target)} share no network`,
        'default-bridge': 'the default bridge has no DNS between containers',
        'host-mode': `${code(from)} runs on the host network, where service names do not resolve`,
        'none-mode': `${code(from)} has no network`,
        inactive: `${code(res.target)} is not started (its profiles are not enabled)`,
        'namespace-member': `${code(res.target)} runs in another service's network namespace`,
      };
      return `${code(host)} names service ${code(res.target)}, but it does not resolve from ${code(from)}: ${reasons[res.reason]}.`;
    }
    case 'extra-host':
      return `${code(host)} → ${code(res.address)} (from \`extra_hosts\`).`;
    case 'host-gateway':
      return `${code(host)} → the Docker host (\`host-gateway\` in \`extra_hosts\`).`;
    case 'external': {
      // Fact 10: forwarded to the host's resolvers, unless every network of the caller is internal.
      const nets = model.dnsNetworks(from);
      if (nets.length > 0 && nets.every((n) => model.networks.get(n)?.internal)) return `${code(host)} is not a name of this project, and every network of ${code(from)} is \`internal\`: there is no route out.`;
      return `${code(host)} is not a name of this project; the engine's DNS forwards it to the host's resolvers.`;
    }
    default:
      return `${code(host)} is no service, alias or \`extra_hosts\` entry of this project; it will not resolve inside the project.`;
  }
}

/**
 * Services other than `from` that answer on `port` (listening on it, or publishing it on the host), those `from`
 * reaches by name first: the first `max` of them and how many there are. Read from the model's list of who
 * answers on the port without building another (thousands may answer; a hover shows a few).
 */
export function peersOnPort(model: NetworkModel, from: string, port: number, max: number): { listed: Array<{ name: string; port: number }>; total: number } {
  const fromOwner = model.services.get(from)?.namespaceOwner ?? from;
  // By name, as kept from the last build: a hover after an edit makes no object per answering service.
  const answering = model.answeringOn(port);
  // Those answering own their namespace, so a member of `from`'s namespace is its owner.
  const skipped = (name: string) => name === from || name === fromOwner;
  const reachable = reachableFrom(model, fromOwner);
  let total = answering.length;
  for (const p of answering) if (skipped(p.service)) total--;
  // Those `from` can reach by name come first: they are what a fix would point at.
  const listed: Array<{ name: string; port: number }> = [];
  for (const first of [true, false]) {
    for (const p of answering) {
      if (listed.length >= max) break;
      if (!skipped(p.service) && reachable(p.service) === first) listed.push({ name: p.service, port: p.containerPort });
    }
  }
  return { listed, total };
}

/**
 * Whether a service shares a network with `owner`: read from the members of `owner`'s networks (a few dozen names)
 * when each is declared, rather than from the attachments of each service asked about (thousands may be).
 */
function reachableFrom(model: NetworkModel, owner: string): (name: string) => boolean {
  const nets = model.services.get(owner)?.attachments.map((a) => a.network) ?? [];
  if (nets.every((n) => model.networks.has(n))) {
    const near = new Set<string>();
    for (const n of nets) for (const m of model.networks.get(n)?.members ?? []) near.add(m);
    return (name) => near.has(name);
  }
  const fromNets = new Set(nets);
  return (name) => (model.services.get(name)?.attachments ?? []).some((a) => fromNets.has(a.network));
}
