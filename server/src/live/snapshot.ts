// The engine's answer → the shared topology document (`source: "live"`). Pure: a recorded answer
// gives the same document, which is how multi-node Swarm is tested on a one-node machine.
import type {
  TopologyAttachment,
  TopologyContainer,
  TopologyDocument,
  TopologyNetwork,
  TopologyNetworkKind,
  TopologyPort,
  TopologyService,
  TopologySwarm,
} from '../topology/types';
import type { ApiContainer, ApiNetwork, ApiPortConfig, EngineAnswer } from './read';

export const LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  configFiles: 'com.docker.compose.project.config_files',
  workingDir: 'com.docker.compose.project.working_dir',
  stack: 'com.docker.stack.namespace',
  swarmService: 'com.docker.swarm.service.name',
} as const;

export interface LiveViewOptions {
  /** Only this Compose project (matched by `com.docker.compose.project`); all when absent. */
  project?: string;
  /** The engine address, recorded in the document. */
  address?: string;
}

export function topologyFromEngine(answer: EngineAnswer, options: LiveViewOptions = {}): TopologyDocument {
  const networkNames = new Map(answer.networks.map((n) => [n.Id, n.Name]));
  const allContainers = answer.containers.map((c) => containerOf(c));
  const idToName = new Map(answer.containers.map((c) => [c.Id, cleanName(c.Name)]));
  for (const c of allContainers) {
    // `container:<id>` is stored with the id; show the name people know.
    if (c.namespace_of && idToName.has(c.namespace_of)) c.namespace_of = idToName.get(c.namespace_of)!;
    else if (c.namespace_of) {
      const byPrefix = [...idToName].find(([id]) => id.startsWith(c.namespace_of!));
      if (byPrefix) c.namespace_of = byPrefix[1];
    }
  }
  const containers = options.project ? allContainers.filter((c) => c.project === options.project) : allContainers;
  const swarm = answer.nodes && answer.services && answer.tasks ? swarmOf(answer, networkNames) : undefined;
  const services = servicesOf(containers, allContainers, !options.project);
  if (swarm) addSwarmServices(services, swarm, answer, options.project);

  const used = new Set<string>();
  for (const c of containers) for (const n of c.networks) used.add(n.network);
  for (const s of services) for (const n of s.networks) used.add(n.network);
  const networks = answer.networks
    .filter((n) => !options.project || used.has(n.Name) || n.Labels?.[LABEL.project] === options.project)
    .map(networkOf)
    .sort((a, b) => a.name.localeCompare(b.name));

  const projects = [...new Set(allContainers.map((c) => c.project).filter((p): p is string => !!p))].sort();
  const doc: TopologyDocument = {
    version: 1,
    source: 'live',
    project: options.project ?? '',
    networks,
    services,
    references: [],
    findings: [],
    containers,
    projects,
    engine: { address: options.address ?? '', version: String(answer.version.Version ?? ''), api_version: String(answer.version.ApiVersion ?? '') },
  };
  const pools = addressPoolsOf(answer.info);
  if (pools && doc.engine) doc.engine.default_address_pools = pools;
  if (answer.hostRoutes && doc.engine) doc.engine.host_routes = answer.hostRoutes;
  if (swarm) doc.swarm = swarm;
  return doc;
}

/** `info.DefaultAddressPools` (`[{ Base, Size }]`), which engines before API 1.42 or so do not show. */
function addressPoolsOf(info: Record<string, unknown>): Array<{ base: string; size: number }> | undefined {
  const pools = info.DefaultAddressPools;
  if (!Array.isArray(pools) || pools.length === 0) return undefined;
  const out = pools
    .map((p) => p as { Base?: unknown; Size?: unknown })
    .filter((p) => typeof p.Base === 'string' && typeof p.Size === 'number')
    .map((p) => ({ base: p.Base as string, size: p.Size as number }));
  return out.length ? out : undefined;
}

function cleanName(name: string): string {
  return name.replace(/^\//, '');
}

function networkKind(n: ApiNetwork): TopologyNetworkKind {
  if (n.Ingress) return 'ingress';
  if (n.Name === 'bridge' && n.Driver === 'bridge') return 'default-bridge';
  if (n.Name === 'host' && n.Driver === 'host') return 'host';
  if (n.Name === 'none' && (n.Driver === 'null' || !n.Driver)) return 'none';
  if (n.Labels?.[LABEL.project]) return 'project';
  if (n.Scope === 'swarm') return 'swarm';
  return 'external';
}

function networkOf(n: ApiNetwork): TopologyNetwork {
  const kind = networkKind(n);
  const config = n.IPAM?.Config ?? [];
  const scope = n.Scope === 'swarm' || n.Scope === 'global' ? n.Scope : 'local';
  return {
    name: n.Name,
    key: n.Labels?.['com.docker.compose.network'],
    kind,
    driver: n.Driver ?? '',
    internal: n.Internal === true,
    external: kind === 'external' || kind === 'swarm',
    attachable: n.Attachable === true,
    subnets: config.map((c) => c.Subnet).filter((s): s is string => !!s),
    gateways: config.map((c) => c.Gateway).filter((s): s is string => !!s),
    scope,
    labels: { ...(n.Labels ?? {}) },
  };
}

function containerOf(c: ApiContainer): TopologyContainer {
  const labels = c.Config?.Labels ?? {};
  const project = labels[LABEL.project] ?? labels[LABEL.stack] ?? null;
  const service = labels[LABEL.service] ?? labels[LABEL.swarmService] ?? null;
  const mode = c.HostConfig?.NetworkMode ?? '';
  const number = labels[LABEL.number] ? Number(labels[LABEL.number]) : null;
  const networks = Object.entries(c.NetworkSettings?.Networks ?? {}).map(([network, ep]) => ({
    network,
    ipv4: ep.IPAddress || null,
    ipv6: ep.GlobalIPv6Address || null,
    mac: ep.MacAddress || null,
    aliases: [...new Set([...(ep.Aliases ?? []), ...(ep.DNSNames ?? [])])],
  }));
  return {
    id: c.Id,
    name: cleanName(c.Name),
    service,
    project,
    state: c.State?.Status ?? 'unknown',
    image: c.Config?.Image ?? '',
    networks: networks.sort((a, b) => a.network.localeCompare(b.network)),
    ports: portsOf(c),
    bindings: bindingsOf(c),
    ...(c.Config?.Hostname ? { hostname: c.Config.Hostname } : {}),
    container_number: Number.isFinite(number) ? number : null,
    oneoff: labels[LABEL.oneoff] === 'True',
    config_files: labels[LABEL.configFiles] ? labels[LABEL.configFiles].split(',') : [],
    working_dir: labels[LABEL.workingDir] ?? null,
    namespace_of: mode.startsWith('container:') ? mode.slice('container:'.length) : null,
    labels: { ...labels },
  };
}

function protocolOf(p: string | undefined): TopologyPort['protocol'] {
  return p === 'udp' || p === 'sctp' ? p : 'tcp';
}

/** Every host binding, one per address: a mapping without an address binds `0.0.0.0` and `::` (two entries), `0.0.0.0` alone only IPv4. */
function bindingsOf(c: ApiContainer): TopologyPort[] {
  const out: TopologyPort[] = [];
  for (const [key, bindings] of Object.entries(c.NetworkSettings?.Ports ?? {})) {
    const [target, proto] = key.split('/');
    for (const b of bindings ?? []) {
      out.push({ host_ip: b.HostIp || null, published: b.HostPort ? Number(b.HostPort) : null, target: Number(target), protocol: protocolOf(proto) });
    }
  }
  return out;
}

function portsOf(c: ApiContainer): TopologyPort[] {
  const out = bindingsOf(c);
  // The engine lists each binding once per address family; the picture needs each port once.
  const seen = new Set<string>();
  return out
    .filter((p) => {
      const k = `${p.published}/${p.target}/${p.protocol}/${p.host_ip === '::' ? '0.0.0.0' : p.host_ip}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.target - b.target || (a.published ?? 0) - (b.published ?? 0));
}

/** One service per Compose service (or per plain container), drawn from its first running container. */
function servicesOf(containers: TopologyContainer[], all: TopologyContainer[], qualify: boolean): TopologyService[] {
  const groups = new Map<string, TopologyContainer[]>();
  for (const c of containers) {
    if (c.oneoff) continue;
    const base = c.service ?? c.name;
    // Across projects, Compose service names repeat (every project has a `web`); Swarm names already carry the stack.
    const key = qualify && c.project && c.labels?.[LABEL.service] ? `${c.project}/${c.service}` : base;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const serviceOfContainer = (name: string) => {
    const c = all.find((x) => x.name === name);
    return c ? (c.service ?? c.name) : name;
  };
  const out: TopologyService[] = [];
  for (const [name, members] of groups) {
    members.sort((a, b) => Number(b.state === 'running') - Number(a.state === 'running') || (a.container_number ?? 0) - (b.container_number ?? 0));
    const first = members[0];
    const mode = first.labels?.['com.docker.compose.network_mode'];
    // Docker also answers to the short container id; the picture names what the file can name.
    const named = (aliases: string[]) => aliases.filter((a) => !(a.length >= 12 && first.id.startsWith(a)));
    const networks: TopologyAttachment[] = first.networks.map((n) => ({ network: n.network, aliases: named(n.aliases), names: named(n.aliases), ipv4: n.ipv4, ipv6: n.ipv6, mac: n.mac }));
    const ports = members.flatMap((m) => m.ports);
    out.push({
      name,
      image: first.image || null,
      replicas: members.length,
      active: true,
      network_mode: first.namespace_of ? `container:${first.namespace_of}` : (mode ?? null),
      namespace_of: first.namespace_of ? serviceOfContainer(first.namespace_of) : null,
      networks,
      ports,
      state: members.some((m) => m.state === 'running') ? 'running' : first.state,
      ...(first.project ? { project: first.project } : {}),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function portOf(p: ApiPortConfig): TopologyPort {
  return { host_ip: null, published: p.PublishedPort ?? null, target: p.TargetPort ?? 0, protocol: protocolOf(p.Protocol), mode: p.PublishMode === 'host' ? 'host' : 'ingress' };
}

function swarmOf(answer: EngineAnswer, networkNames: Map<string, string>): TopologySwarm {
  const nodes = answer.nodes ?? [];
  const nodeName = new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID]));
  const serviceName = new Map((answer.services ?? []).map((s) => [s.ID, s.Spec?.Name ?? s.ID]));
  const addr = (a: string | undefined) => (a ?? '').replace(/\/\d+$/, '');
  return {
    nodes: nodes.map((n) => ({
      id: n.ID,
      hostname: n.Description?.Hostname ?? n.ID,
      role: n.Spec?.Role === 'manager' ? 'manager' : 'worker',
      state: n.Status?.State ?? 'unknown',
      address: n.Status?.Addr || n.ManagerStatus?.Addr || null,
    })),
    services: (answer.services ?? []).map((s) => ({
      id: s.ID,
      name: s.Spec?.Name ?? s.ID,
      endpoint_mode: (s.Endpoint?.Spec?.Mode ?? s.Spec?.EndpointSpec?.Mode) === 'dnsrr' ? 'dnsrr' : 'vip',
      replicas: s.Spec?.Mode?.Replicated ? (s.Spec.Mode.Replicated.Replicas ?? 1) : null,
      virtual_ips: (s.Endpoint?.VirtualIPs ?? []).map((v) => ({ network: networkNames.get(v.NetworkID ?? '') ?? v.NetworkID ?? '', address: addr(v.Addr) })),
      ports: (s.Endpoint?.Ports ?? s.Spec?.EndpointSpec?.Ports ?? []).map(portOf),
    })),
    // Only tasks meant to run: the engine also keeps the history of replaced ones.
    tasks: (answer.tasks ?? [])
      .filter((t) => (t.DesiredState ?? 'running') === 'running')
      .map((t) => ({
        id: t.ID,
        service: serviceName.get(t.ServiceID ?? '') ?? t.ServiceID ?? '',
        node: nodeName.get(t.NodeID ?? '') ?? t.NodeID ?? '',
        state: t.Status?.State ?? 'unknown',
        addresses: (t.NetworksAttachments ?? []).flatMap((na) =>
          (na.Addresses ?? []).map((a) => ({ network: na.Network?.Spec?.Name ?? networkNames.get(na.Network?.ID ?? '') ?? '', address: addr(a) })),
        ),
      }))
      .sort((a, b) => a.service.localeCompare(b.service) || a.node.localeCompare(b.node)),
  };
}

/** Swarm services whose tasks run on other nodes have no local container: draw them from their spec. */
function addSwarmServices(services: TopologyService[], swarm: TopologySwarm, answer: EngineAnswer, project: string | undefined): void {
  for (const s of swarm.services) {
    const api = answer.services?.find((x) => x.ID === s.id);
    const stack = api?.Spec?.Labels?.[LABEL.stack];
    if (project && stack !== project) continue;
    const running = swarm.tasks.filter((t) => t.service === s.name && t.state === 'running').length;
    const existing = services.find((x) => x.name === s.name);
    if (existing) {
      existing.replicas = s.replicas ?? existing.replicas;
      // The routing mesh publishes on every node, not on the task's container: take the service's ports.
      existing.ports = [...existing.ports.filter((q) => !s.ports.some((p) => p.published === q.published && p.target === q.target && p.protocol === q.protocol)), ...s.ports];
      continue;
    }
    services.push({
      name: s.name,
      image: api?.Spec?.TaskTemplate?.ContainerSpec?.Image?.replace(/@sha256:.*$/, '') ?? null,
      replicas: s.replicas ?? running,
      active: true,
      network_mode: null,
      namespace_of: null,
      networks: s.virtual_ips.map((v) => ({ network: v.network, aliases: [s.name], names: [s.name], ipv4: v.address || null, mac: null })),
      ports: s.ports,
      state: running > 0 ? 'running' : 'pending',
    });
  }
  services.sort((a, b) => a.name.localeCompare(b.name));
}
