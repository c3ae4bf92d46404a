// Builds the network model of a loaded project. Names are indexed once per network, so that
// resolving a reference is a map look-up and the whole build stays linear in the file's size.
// The facts it encodes are in shared/docs/docker-networking.md (cited as "fact N").
import { checkTimeBudget } from '../budget';
import type { CNode } from '../compose/nodes';
import { get, isMap, isScalar, items, str, toPlain } from '../compose/nodes';
import type { ComposeProject, NetworkDef, ServiceDef } from '../compose/project';
import { moveLoc, type Loc } from '../compose/source';
import { code } from '../display/markdown';
import { isLoopbackHost } from './addresses';
import { addressKey } from './cidr';
import { declaredListenPorts, isConfidentSource, type UnportedListener } from './listeners';
import { hostPortTarget, parseExpose, parsePort, unquotedLoc, type ExposedPort, type PortMapping } from './ports';
import { mountedListens } from './mounted/listens';
import { mountedReferences } from './mounted/references';
import { collectReferences } from './references';
import { asStackService, stackDefaultDriver, stackNetworkScope } from './stack';
import { traefikInstance, traefikReferences, traefikRoute } from './traefikLabels';
import {
  DEFAULT_BRIDGE,
  mayConnect,
  type Alias,
  type Attachment,
  type ExtraHost,
  type Link,
  type ListenSource,
  type NetworkInfo,
  type NetworkMode,
  type NetworkModel,
  type ListedNetwork,
  type PortAnswer,
  type KeptAnswer,
  type LentBuild,
  type NameIndex,
  type ServiceScan,
  type ListenEvidence,
  type ListenRange,
  type Reference,
  type Resolution,
  type ServiceInfo,
  type TraefikInstance,
  type TraefikRoute,
} from './types';
import { imagePorts, isExactServerImage } from './wellKnown';

/** How much work builds did: the tests read it to tell reuse from rebuild. */
export const modelCounters = { serviceScans: 0, serviceReuses: 0, nameIndexBuilds: 0, nameIndexReuses: 0 };

/** A service's addresses and declared ports, read from its settings and the configuration files it mounts. */
export function scanService(def: ServiceDef, project: ComposeProject): ServiceScan {
  modelCounters.serviceScans++;
  const mounted = def.active ? mountedListens(def, project.sources) : { ports: [] };
  // What the author wrote in the Compose file and Dockerfile first, then what the mounted files open.
  const unported: UnportedListener = {};
  const declared = declaredListenPorts(def, project.fileTrees, unported);
  const listenPorts = [...declared, ...mounted.ports.filter((m) => !declared.some((d) => d.port === m.port))];
  return scanOf(
    def.active ? [...collectReferences(def, project.sources), ...mountedReferences(def, project.sources)] : [],
    listenPorts,
    mounted.ranges,
    mounted.open ?? unported.why,
    mounted.complete === true,
    mounted.complete === true && mounted.protocolsListed === true,
  );
}

function scanOf(references: Reference[], listenPorts: ListenEvidence[], listenRanges: ListenRange[] | undefined, listensOpen: string | undefined, listenersListed: boolean, protocolsListed: boolean): ServiceScan {
  return {
    references,
    listenPorts,
    ...(listenRanges ? { listenRanges } : {}),
    listensOpen,
    ...(listenersListed ? { listenersListed: true as const } : {}),
    ...(protocolsListed ? { protocolsListed: true as const } : {}),
  };
}

/**
 * The model of `project`. With `reuse` (the language server keeps one per project), what the last
 * build of the same project found and an edit did not touch is taken over instead of computed again.
 */
export function buildNetworkModel(project: ComposeProject, reuse?: LentBuild): NetworkModel {
  const networks = new Map<string, NetworkInfo>();
  for (const [key, def] of project.networks) networks.set(key, networkInfo(project.name, key, def.node, def, project.stack));

  reuse?.begin(project);
  const services = new Map<string, ServiceInfo>();
  const referencesFrom = new Map<string, Reference[]>();
  for (const def of project.services.values()) {
    checkTimeBudget(() => "reading the services' addresses");
    const scan = reuse ? reuse.scan(def, project) : scanService(def, project);
    const info = project.stack !== undefined ? asStackService(serviceInfo(def, scan), project.stack) : serviceInfo(def, scan);
    if (scan.references.length > 0) referencesFrom.set(def.name, scan.references);
    services.set(def.name, info);
    // Fact 12: a service on no named network joins `<project>_default`; `network_mode: bridge` joins docker0.
    for (const a of info.attachments) {
      if (a.network === 'default') ensureDefaultNetwork(networks, project.name, project.stack);
      else if (a.network === DEFAULT_BRIDGE) ensureDefaultBridge(networks);
    }
  }
  reuse?.finish();

  // Namespaces: `service:X` runs in X's namespace, followed through chains (fact 2).
  for (const svc of services.values()) svc.namespaceOwner = namespaceOwnerOf(svc.name, services);

  for (const svc of services.values()) {
    if (!svc.active) continue;
    for (const a of svc.attachments) networks.get(a.network)?.members.push(svc.name);
  }

  const names = reuse ? reuse.nameIndex(services, networks, () => buildNameIndex(services, networks)) : buildNameIndex(services, networks);
  const model = new Model(project, networks, services, [], referencesFrom, names, reuse ? reuse.portAnswers(services) : new Map());
  model.swarmOnlyKey = swarmOnlyKeyOf(services);
  for (const [service, refs] of referencesFrom) {
    const named = refs.map((r) => namedPeerRole(model, r));
    referencesFrom.set(service, named);
    for (const r of named) model.references.push(r);
  }
  model.traefik = traefikOf(project);
  addTraefikReferences(model.traefik, referencesFrom, model.references);
  return model;
}

/** Traefik's Docker provider (`traefikLabels.ts`): the started Traefik services and the started services its labels route. */
function traefikOf(project: ComposeProject): NetworkModel['traefik'] {
  const started = [...project.services.values()].filter((d) => d.active);
  const instances = started.map((d) => traefikInstance(d, project.sources)).filter((t): t is TraefikInstance => t !== undefined);
  const routes = started.map(traefikRoute).filter((r): r is TraefikRoute => r !== undefined);
  return { instances, routes };
}

/** Traefik's connections to the services its labels route, with the Traefik services' own. */
function addTraefikReferences({ instances, routes }: NetworkModel['traefik'], byService: Map<string, Reference[]>, all: Reference[]): void {
  if (instances.length === 0) return;
  for (const ref of traefikReferences(instances, routes)) {
    let list = byService.get(ref.from);
    if (!list) byService.set(ref.from, (list = []));
    list.push(ref);
    all.push(ref);
  }
}

/**
 * An address that names a service of the project is for containers: only they resolve that name. So an
 * address setting (`API_URL`) naming one is dialled: were it handed to a browser, the name would not resolve
 * there either. An environment value whose role nothing tells is probably dialled. A new object, so that the scan a
 * later build may reuse keeps the role read from the service alone.
 */
function namedPeerRole(model: NetworkModel, ref: Reference): Reference {
  if (ref.form === 'dependency' || ref.certainty === 'certain' || ref.role === 'listen') return ref;
  // An argument of a program may configure something it only stores or passes on: a name alone does not make it a connection.
  if (ref.role === 'unknown' && ref.origin !== 'environment' && ref.origin !== 'env_file') return ref;
  // A container's static address is no name only containers resolve: the host reaches a bridge's addresses too.
  if (addressKey(ref.host) !== undefined) return ref;
  const res = model.resolve(ref.from, ref.host);
  if (res.kind !== 'service' && res.kind !== 'unreachable') return ref;
  if (res.kind === 'service' && res.target === ref.from) return ref;
  const setting = ref.role !== 'unknown' && (ref.origin === 'environment' || ref.origin === 'env_file');
  return {
    ...ref,
    role: 'dial',
    certainty: setting ? 'certain' : 'likely',
    roleWhy: `${setting && ref.envKey ? `${code(ref.envKey)} holds an address and ` : ''}${code(ref.host)} names service ${code(res.target)}, a name only containers resolve`,
  };
}

/** `deploy` keys `docker compose` ignores and `docker stack deploy` acts on; `mode` only when not `replicated`. */
const SWARM_ONLY_DEPLOY_KEYS = ['placement', 'update_config', 'rollback_config', 'endpoint_mode', 'mode'];

function swarmOnlyKeyOf(services: Map<string, ServiceInfo>): NetworkModel['swarmOnlyKey'] {
  for (const svc of services.values()) {
    const deploy = get(svc.def.node, 'deploy');
    if (!isMap(deploy)) continue;
    for (const key of SWARM_ONLY_DEPLOY_KEYS) {
      const p = deploy.pairs.get(key);
      if (!p || (key === 'mode' && str(p.value) === 'replicated')) continue;
      return { service: svc.name, key, loc: p.keyLoc };
    }
  }
  return undefined;
}

function networkInfo(projectName: string, key: string, node: CNode | undefined, def?: NetworkDef, stack?: string): NetworkInfo {
  const externalNode = get(node, 'external');
  const external = isScalar(externalNode) ? externalNode.value === true || externalNode.value === 'true' : isMap(externalNode);
  const explicitName = str(node, 'name') ?? (isMap(externalNode) ? str(externalNode, 'name') : undefined);
  const subnets = items(get(get(node, 'ipam'), 'config'))
    .map((c) => str(c, 'subnet'))
    .filter((s): s is string => !!s);
  const name = explicitName ?? (external ? key : `${projectName}_${key}`);
  const driver = str(node, 'driver') ?? (stack !== undefined ? stackDefaultDriver(name, external) : 'bridge');
  return {
    key,
    name,
    kind: external ? 'external' : 'project',
    driver,
    ...(stack !== undefined ? { scope: stackNetworkScope(driver) } : {}),
    driverLoc: get(node, 'driver')?.loc,
    driverOpts: driverOptions(get(node, 'driver_opts')),
    internal: get(node, 'internal') !== undefined && toPlain(get(node, 'internal')) === true,
    attachable: toPlain(get(node, 'attachable')) === true,
    external,
    subnets,
    declared: def !== undefined,
    def,
    members: [],
  };
}

function driverOptions(node: CNode | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (isMap(node)) for (const p of node.pairs.values()) if (isScalar(p.value) && p.value.value !== null) out[p.key] = String(p.value.value);
  return out;
}

function ensureDefaultNetwork(networks: Map<string, NetworkInfo>, projectName: string, stack?: string): void {
  // Fact 12: services that name no network join `<project>_default`, a bridge Compose creates (an overlay for a stack).
  if (!networks.has('default')) networks.set('default', networkInfo(projectName, 'default', undefined, undefined, stack));
}

function ensureDefaultBridge(networks: Map<string, NetworkInfo>): void {
  if (networks.has(DEFAULT_BRIDGE)) return;
  networks.set(DEFAULT_BRIDGE, {
    key: DEFAULT_BRIDGE,
    name: 'bridge',
    kind: 'default-bridge',
    driver: 'bridge',
    driverOpts: {},
    internal: false,
    attachable: false,
    external: true,
    subnets: ['172.17.0.0/16'],
    declared: false,
    members: [],
  });
}

function parseNetworkMode(value: string | undefined): NetworkMode {
  if (value === undefined) return { kind: 'networks' };
  if (value === 'bridge' || value === 'host' || value === 'none') return { kind: value };
  if (value.startsWith('service:')) return { kind: 'service', target: value.slice(8) };
  if (value.startsWith('container:')) return { kind: 'container', target: value.slice(10) };
  return { kind: 'other', value };
}

/**
 * What a service's settings and scan make of it, kept by its node (see `serviceInfo`): `info` is the last build's
 * (no copy is kept beside the model's; the next build copies it), `files` and `at` are where
 * the files writing the service had its key when it was made (a merged service is written by several), `made` the
 * locations it made itself (not the node's own), which move as the key in their file has moved.
 */
interface KeptInfo {
  info: ServiceInfo;
  /** The files writing it: the one path, or the paths joined by NUL (one string per service, not an array). */
  files: string;
  /** Where its key stood in each (one number for one file). */
  at: number | number[];
  made?: Loc[];
  listenPorts: ServiceScan['listenPorts'];
  listenRanges: ServiceScan['listenRanges'];
  listensOpen: string | undefined;
  listenersListed: boolean;
  protocolsListed: boolean;
  name: string;
  active: boolean;
  build: string | undefined;
  unread: string;
}

const keptInfo = new WeakMap<CNode, KeptInfo>();

/**
 * A service's model. An edit elsewhere in a file leaves the service's node the same object (`compose/reparse.ts`
 * moves it, the loader keeps what it made of it) and its scan the same lists (`reuse.ts`): then the last build's
 * reading of the node is taken as it is, with this build's definition.
 */
function serviceInfo(def: ServiceDef, scan: ServiceScan): ServiceInfo {
  const kept = keptInfo.get(def.node);
  const build = def.build ? `b${def.build.baseImage ?? ''}` : undefined;
  if (
    kept &&
    kept.name === def.name &&
    kept.active === def.active &&
    kept.build === build &&
    kept.listenPorts === scan.listenPorts &&
    kept.listenRanges === scan.listenRanges &&
    kept.listensOpen === scan.listensOpen &&
    kept.listenersListed === (scan.listenersListed === true) &&
    kept.protocolsListed === (scan.protocolsListed === true) &&
    kept.unread === def.unreadConfigs.join('\n') &&
    moveMade(kept, def.keyLocs)
  ) {
    // The last build's object is its model's: this build's is a copy (the build sets who owns the namespace).
    kept.info = { ...kept.info, def, namespaceOwner: def.name };
    return kept.info;
  }
  const made: Loc[] = [];
  const info = readServiceInfo(def, scan, made);
  keptInfo.set(def.node, {
    info,
    files: filesOf(def.keyLocs),
    at: def.keyLocs.length === 1 ? def.keyLocs[0].start : def.keyLocs.map((k) => k.start),
    ...(made.length > 0 ? { made: made.slice() } : {}),
    listenPorts: scan.listenPorts,
    listenRanges: scan.listenRanges,
    listensOpen: scan.listensOpen,
    listenersListed: scan.listenersListed === true,
    protocolsListed: scan.protocolsListed === true,
    name: def.name,
    active: def.active,
    build,
    unread: def.unreadConfigs.join('\n'),
  });
  return info;
}

function filesOf(keyLocs: readonly Loc[]): string {
  return keyLocs.length === 1 ? keyLocs[0].file : keyLocs.map((k) => k.file).join('\0');
}

/** Moves what `kept` made as the service's key has moved in each file; false when other files write it now. */
function moveMade(kept: KeptInfo, keyLocs: readonly Loc[]): boolean {
  if (filesOf(keyLocs) !== kept.files) return false;
  for (let i = 0; i < keyLocs.length; i++) {
    const at = typeof kept.at === 'number' ? kept.at : kept.at[i];
    const distance = keyLocs[i].start - at;
    if (distance === 0) continue;
    if (kept.made) {
      const file = keyLocs[i].file;
      for (const loc of kept.made) if (loc.file === file) moveLoc(loc, distance);
    }
    if (typeof kept.at === 'number') kept.at = keyLocs[i].start;
    else kept.at[i] = keyLocs[i].start;
  }
  return true;
}

/**
 * The one empty port map services without such ports share (never written: the model is read, not changed). Lists kept
 * with a service are copied at their length (`slice`): one grown entry by entry holds room for 17, and 5,000 services
 * keep a dozen lists each.
 */
const NO_PORTS = new Map<number, never>();

function readServiceInfo(def: ServiceDef, scan: ServiceScan, made: Loc[]): ServiceInfo {
  const node = def.node;
  const networkModePair = isMap(node) ? node.pairs.get('network_mode') : undefined;
  const networkMode = parseNetworkMode(str(networkModePair?.value));
  const attachments: Attachment[] = [];
  const networksNode = get(node, 'networks');
  if (networkMode.kind === 'networks' || networkMode.kind === 'other') {
    if (isMap(networksNode) && networksNode.pairs.size > 0) {
      for (const p of networksNode.pairs.values()) {
        const key = p.key;
        const aliases: Alias[] = items(get(p.value, 'aliases'))
          .filter(isScalar)
          .map((n) => ({ name: String(n.value), loc: n.loc }))
          .filter((a) => a.name !== 'null');
        attachments.push({
          network: key,
          aliases,
          ipv4: str(p.value, 'ipv4_address'),
          ipv6: str(p.value, 'ipv6_address'),
          ipv4Loc: unquotedLoc(get(p.value, 'ipv4_address'), made),
          ipv6Loc: unquotedLoc(get(p.value, 'ipv6_address'), made),
          keyLoc: p.keyLoc,
        });
      }
    } else if (networkMode.kind === 'networks') {
      attachments.push({ network: 'default', aliases: [] });
    }
  } else if (networkMode.kind === 'bridge') {
    attachments.push({ network: DEFAULT_BRIDGE, aliases: [] });
  }

  const listedNetworks: ListedNetwork[] = isMap(networksNode)
    ? [...networksNode.pairs.values()].map((p) => (p.keyFromVariable ? { network: p.key, keyLoc: p.keyLoc, fromVariable: true } : { network: p.key, keyLoc: p.keyLoc }))
    : [];

  const links = linksOf(get(node, 'links'));
  const externalLinks = linksOf(get(node, 'external_links'));
  const dnsSearch = items(get(node, 'dns_search'))
    .map((n) => str(n))
    .filter((s): s is string => !!s);
  const extraHostsNode = get(node, 'extra_hosts');
  const extraHosts: ExtraHost[] = isMap(extraHostsNode)
    ? [...extraHostsNode.pairs.values()].map((p) => ({ host: p.key, address: str(p.value) ?? '', loc: p.keyLoc }))
    : items(extraHostsNode)
        .filter(isScalar)
        .map((n) => {
          const text = String(n.value);
          const sep = text.search(/[=:]/);
          return { host: sep < 0 ? text : text.slice(0, sep), address: sep < 0 ? '' : text.slice(sep + 1), loc: n.loc };
        });
  const ports = items(get(node, 'ports'))
    .map((n) => parsePort(n, made))
    .filter((p): p is PortMapping => p !== undefined);
  const expose = items(get(node, 'expose'))
    .map(parseExpose)
    .filter((p): p is ExposedPort => p !== undefined);
  const image = str(node, 'image');
  let programListens = new Map<number, ListenSource>();
  // A port some source says is TCP (no protocol) and another UDP listens on both.
  let udpListens = new Map<number, 'udp' | 'both'>();
  for (const d of scan.listenPorts) {
    if (!programListens.has(d.port)) programListens.set(d.port, d.source);
    if (d.protocol) udpListens.set(d.port, d.protocol === 'both' || scan.listenPorts.some((e) => e.port === d.port && !e.protocol) ? 'both' : (udpListens.get(d.port) ?? 'udp'));
  }
  // With `build`, `image` only names what is built; its base image says no more than a family does.
  const imageSource = isExactServerImage(image) && !def.build && get(node, 'build') === undefined ? 'image' : 'image-family';
  for (const port of imagePorts(image ?? def.build?.baseImage)) if (!programListens.has(port)) programListens.set(port, imageSource);
  const listens = new Map<number, ListenSource>();
  for (const p of ports) for (let port = p.target; port <= p.targetEnd && port - p.target < 1000; port++) listens.set(port, 'ports');
  // A published port another source names too is kept with that source when it says more (a published port alone is not confident).
  const says = (port: number, source: ListenSource) => {
    const known = listens.get(port);
    if (known === undefined || (known === 'ports' && isConfidentSource(source))) listens.set(port, source);
  };
  for (const e of expose) for (let port = e.port; port <= e.portEnd && port - e.port < 1000; port++) says(port, 'expose');
  for (const [port, source] of programListens) says(port, source);
  // Most services have none of these: they share one empty map rather than keep one each.
  if (programListens.size === 0) programListens = NO_PORTS;
  if (udpListens.size === 0) udpListens = NO_PORTS;
  const replicasNode = get(get(node, 'deploy'), 'replicas') ?? get(node, 'scale');
  const replicasText = str(replicasNode);
  return {
    name: def.name,
    def,
    active: def.active,
    image,
    containerName: str(node, 'container_name'),
    containerNamePair: isMap(node) ? node.pairs.get('container_name') : undefined,
    hostname: str(node, 'hostname'),
    networkMode,
    networkModePair,
    attachments: attachments.slice(),
    listedNetworks,
    links,
    externalLinks,
    dnsSearch,
    extraHosts,
    ports: ports.slice(),
    expose,
    listens,
    programListens,
    listenersListed: scan.listenersListed === true && def.unreadConfigs.length === 0 && scan.listensOpen === undefined,
    udpListens,
    listenRanges: scan.listenRanges ?? [],
    protocolsListed: scan.protocolsListed === true && def.unreadConfigs.length === 0 && scan.listensOpen === undefined,
    listensOpen: def.unreadConfigs.length > 0 ? `it mounts ${code(def.unreadConfigs[0])}, configuration no reader understands` : scan.listensOpen,
    endpointMode: str(get(node, 'deploy'), 'endpoint_mode') === 'dnsrr' ? 'dnsrr' : 'vip',
    endpointModeLoc: get(get(node, 'deploy'), 'endpoint_mode')?.loc,
    replicas: replicasText !== undefined && /^\d+$/.test(replicasText) ? Number(replicasText) : 1,
    replicasLoc: replicasNode?.loc,
    namespaceOwner: def.name,
  };
}

function extraHostNamed(hosts: readonly ExtraHost[], name: string): ExtraHost | undefined {
  // Indexed: every name resolved walks these lists, empty for most services, and an iterator is an allocation until the code is optimised.
  for (let i = 0; i < hosts.length; i++) if (hosts[i].host.toLowerCase() === name) return hosts[i];
  return undefined;
}

/** A link answering to `name`, by its alias or its target. */
function linkNamed(links: readonly Link[], name: string): Link | undefined {
  for (let i = 0; i < links.length; i++) if (links[i].alias.toLowerCase() === name || links[i].target.toLowerCase() === name) return links[i];
  return undefined;
}

function aliasNamed(links: readonly Link[], name: string): boolean {
  for (let i = 0; i < links.length; i++) if (links[i].alias.toLowerCase() === name) return true;
  return false;
}

/** `links` / `external_links` entries: `target` or `target:alias`. */
function linksOf(node: CNode | undefined): Link[] {
  return items(node)
    .filter(isScalar)
    .map((n) => {
      const [target, alias] = String(n.value).split(':');
      return { target, alias: alias ?? target, loc: n.loc };
    });
}

function namespaceOwnerOf(name: string, services: Map<string, ServiceInfo>): string {
  // Most services own their namespace: no chain to follow, no set to allocate.
  if (services.get(name)?.networkMode.kind !== 'service') return name;
  const seen = new Set<string>();
  let current = name;
  for (;;) {
    const svc = services.get(current);
    if (!svc || svc.networkMode.kind !== 'service' || !services.has(svc.networkMode.target) || seen.has(current)) return current;
    seen.add(current);
    current = svc.networkMode.target;
  }
}

/** Fact 7: service name, container name and hostname answer on every user-defined network. */
function ownNames(svc: ServiceInfo): string[] {
  if (svc.stackNames) return svc.stackNames;
  const names = [svc.name.toLowerCase()];
  if (svc.containerName) names.push(svc.containerName.toLowerCase());
  if (svc.hostname) names.push(svc.hostname.toLowerCase());
  return names;
}

function buildNameIndex(services: Map<string, ServiceInfo>, networks: Map<string, NetworkInfo>): NameIndex {
  const index: NameIndex = { dns: new Map(), anyName: new Map(), namespaces: new Map(), staticAddresses: new Map(), resolved: new Map(), serviceNames: new Map() };
  for (const svc of services.values()) {
    // Built with the index (kept with it across edits), not at the first hover after an edit.
    index.serviceNames?.set(svc.name.toLowerCase(), svc.name);
    for (const a of svc.attachments) {
      for (const [written, via] of [[a.ipv4, 'ipv4_address'], [a.ipv6, 'ipv6_address']] as const) {
        const key = written !== undefined ? addressKey(written) : undefined;
        if (key === undefined) continue;
        const holders = index.staticAddresses.get(key) ?? [];
        holders.push({ service: svc.name, network: a.network, via });
        index.staticAddresses.set(key, holders);
      }
    }
    const list = index.namespaces.get(svc.namespaceOwner) ?? [];
    list.push(svc.name);
    index.namespaces.set(svc.namespaceOwner, list);
    const own = ownNames(svc);
    for (const n of own) if (!index.anyName.has(n)) index.anyName.set(n, svc.name);
    for (const a of svc.attachments) for (const alias of a.aliases) if (!index.anyName.has(alias.name.toLowerCase())) index.anyName.set(alias.name.toLowerCase(), svc.name);
    if (!svc.active) continue;
    for (const a of svc.attachments) {
      const net = networks.get(a.network);
      // Fact 6: no embedded DNS on the default bridge.
      if (!net || net.kind === 'default-bridge') continue;
      let names = index.dns.get(a.network);
      if (!names) index.dns.set(a.network, (names = new Map<string, string[]>()));
      const answer = (n: string) => {
        const list = names.get(n);
        if (!list) names.set(n, [svc.name]);
        else if (!list.includes(svc.name)) list.push(svc.name);
      };
      for (const n of own) answer(n);
      for (const alias of a.aliases) answer(alias.name.toLowerCase());
    }
  }
  return index;
}

class Model implements NetworkModel {
  readonly projectName: string;
  swarmOnlyKey?: NetworkModel['swarmOnlyKey'];
  traefik: NetworkModel['traefik'] = { instances: [], routes: [] };
  private readonly dns: NameIndex['dns'];
  private readonly anyName: NameIndex['anyName'];
  private readonly staticAddresses: NameIndex['staticAddresses'];
  private readonly namespaces: NameIndex['namespaces'];
  /** Answers by caller, then host (no joined key string to build and hash); shared with later builds whose naming is the same. */
  private readonly resolved: NameIndex['resolved'];

  constructor(
    readonly project: ComposeProject,
    readonly networks: Map<string, NetworkInfo>,
    readonly services: Map<string, ServiceInfo>,
    readonly references: Reference[],
    private readonly byService: Map<string, Reference[]>,
    private readonly names: NameIndex,
    /** Who answers on a port, by name: shared with the builds before and after this one while nobody changed how they listen or publish. */
    private readonly keptAnswers: Map<number, KeptAnswer[]>,
  ) {
    this.projectName = project.name;
    this.dns = names.dns;
    this.anyName = names.anyName;
    this.staticAddresses = names.staticAddresses;
    this.namespaces = names.namespaces;
    this.resolved = names.resolved;
  }

  referencesFrom(service: string): readonly Reference[] {
    return this.byService.get(service) ?? [];
  }

  private connectionList: Reference[] | undefined;
  connections(): readonly Reference[] {
    return (this.connectionList ??= this.references.filter(mayConnect));
  }

  /** Built once per port asked: an index, not a scan of the services per reference. */
  private readonly answers = new Map<number, PortAnswer[]>();
  answersOn(port: number): readonly PortAnswer[] {
    let list = this.answers.get(port);
    if (list) return list;
    const kept = this.keptAnswers.get(port);
    if (kept) {
      list = kept.map((k) => ({ service: this.services.get(k.service) as ServiceInfo, containerPort: k.containerPort, viaPublished: k.viaPublished, publishedOnHost: k.publishedOnHost }));
      this.answers.set(port, list);
      return list;
    }
    const listening: PortAnswer[] = [];
    const publishing: PortAnswer[] = [];
    for (const svc of this.services.values()) {
      if (!svc.active || svc.namespaceOwner !== svc.name) continue;
      const target = hostPortTarget(svc.ports, port);
      // On the host's network a service's own ports are the host's (fact 3): it answers there as a published one does.
      if (this.listensOn(svc.name, port) === 'yes') listening.push({ service: svc, containerPort: port, viaPublished: false, publishedOnHost: target !== undefined || svc.networkMode.kind === 'host' });
      else if (target !== undefined) publishing.push({ service: svc, containerPort: target, viaPublished: target !== port, publishedOnHost: true });
    }
    this.answers.set(port, (list = [...listening, ...publishing]));
    this.keptAnswers.set(port, list.map((a) => ({ service: a.service.name, containerPort: a.containerPort, viaPublished: a.viaPublished, publishedOnHost: a.publishedOnHost })));
    return list;
  }

  answeringOn(port: number): readonly KeptAnswer[] {
    const kept = this.keptAnswers.get(port);
    if (kept) return kept;
    this.answersOn(port);
    return this.keptAnswers.get(port) ?? [];
  }

  serviceNamed(host: string): string | undefined {
    let names = this.names.serviceNames;
    if (!names) {
      names = new Map();
      for (const n of this.services.keys()) names.set(n.toLowerCase(), n);
      this.names.serviceNames = names;
    }
    return names.get(host.toLowerCase());
  }

  namespaceMembers(owner: string): readonly string[] {
    return this.namespaces.get(owner) ?? [];
  }

  dnsNetworks(service: string): string[] {
    const svc = this.services.get(service);
    if (!svc) return [];
    const owner = this.services.get(svc.namespaceOwner) ?? svc;
    return owner.attachments.map((a) => a.network).filter((n) => this.networks.get(n)?.kind !== 'default-bridge');
  }

  sharedNetworks(a: string, b: string): string[] {
    const sa = this.services.get(a);
    const sb = this.services.get(b);
    if (!sa || !sb) return [];
    // A few attachments each: compared in place, no set built (hovers ask this of thousands of peers).
    const na = (this.services.get(sa.namespaceOwner) ?? sa).attachments;
    const out: string[] = [];
    for (const x of (this.services.get(sb.namespaceOwner) ?? sb).attachments) if (na.some((y) => y.network === x.network)) out.push(x.network);
    return out;
  }

  namesOn(service: string, network: string): string[] {
    const index = this.dns.get(network);
    if (!index) return [];
    const out: string[] = [];
    for (const [name, list] of index) if (list.includes(service)) out.push(name);
    return out;
  }

  listensOn(service: string, port: number): 'yes' | 'no' | 'unknown' {
    const svc = this.services.get(service);
    if (!svc) return 'unknown';
    const members = this.namespaces.get(svc.namespaceOwner) ?? [service];
    let known = false;
    let open = false;
    for (const m of members) {
      const info = this.services.get(m);
      if (!info) continue;
      if (info.listens.has(port) || info.listenRanges.some((r) => port >= r.from && port <= r.to)) return 'yes';
      // Configuration no one reads (or a listener written without a plain port) may open any port.
      if (info.listensOpen !== undefined) open = true;
      if (!known) for (const source of info.listens.values()) if (isConfidentSource(source)) known = true;
    }
    return known && !open ? 'no' : 'unknown';
  }

  resolve(from: string, host: string): Resolution {
    let byHost = this.resolved.get(from);
    if (!byHost) this.resolved.set(from, (byHost = new Map()));
    let answer = byHost.get(host);
    if (!answer) byHost.set(host, (answer = this.resolveUncached(from, host)));
    return answer;
  }

  private resolveUncached(from: string, host: string): Resolution {
    const lower = host.toLowerCase();
    const name = lower.endsWith('.') ? lower.slice(0, -1) : lower;
    if (isLoopbackHost(name)) return { kind: 'loopback' };
    const svc = this.services.get(from);
    if (!svc) return { kind: 'unknown' };
    const owner = this.services.get(svc.namespaceOwner) ?? svc;
    // A shared namespace shares the owner's /etc/hosts, so its extra_hosts answer for the members too (fact 2).
    const extra = extraHostNamed(svc.extraHosts, name) ?? (owner === svc ? undefined : extraHostNamed(owner.extraHosts, name));
    if (extra) return extra.address === 'host-gateway' ? { kind: 'host-gateway' } : { kind: 'extra-host', address: extra.address };
    const mode = owner.networkMode.kind;
    // Legacy links write /etc/hosts entries, which work even on the default bridge (fact 6).
    const link = linkNamed(svc.links, name) ?? (owner === svc ? undefined : linkNamed(owner.links, name));
    if (link) {
      const shared = this.sharedNetworks(from, link.target);
      return { kind: 'service', target: link.target, network: shared[0] ?? null, via: 'link' };
    }
    // `external_links` name containers outside the project: they answer, but are none of ours.
    if (aliasNamed(svc.externalLinks, name) || (owner !== svc && aliasNamed(owner.externalLinks, name))) return { kind: 'external' };
    // A peer in the same namespace answers on localhost, and by its namespace owner's names.
    if (mode !== 'host' && mode !== 'none') {
      // The owner's networks in order, as `dnsNetworks` lists them (the default bridge has no names: fact 6).
      for (const { network: net } of owner.attachments) {
        const found = this.dns.get(net)?.get(name);
        if (found && found.length > 0) {
          const target = found.includes(from) ? from : found[0];
          const t = this.services.get(target) as ServiceInfo;
          const via = t.name.toLowerCase() === name ? 'service' : t.containerName?.toLowerCase() === name ? 'container_name' : t.hostname?.toLowerCase() === name ? 'hostname' : 'alias';
          return { kind: 'service', target, network: net, via };
        }
      }
    }
    const target = this.anyName.get(name);
    if (target !== undefined) {
      const t = this.services.get(target) as ServiceInfo;
      if (!t.active) return { kind: 'unreachable', target, reason: 'inactive' };
      if (mode === 'host') return { kind: 'unreachable', target, reason: 'host-mode' };
      if (mode === 'none') return { kind: 'unreachable', target, reason: 'none-mode' };
      if (t.namespaceOwner !== t.name) {
        if (t.namespaceOwner === owner.name) return { kind: 'service', target, network: null, via: 'namespace' };
        return { kind: 'unreachable', target, reason: 'namespace-member' };
      }
      const onBridge = (s: ServiceInfo) => s.attachments.some((a) => a.network === DEFAULT_BRIDGE);
      if (onBridge(owner) || onBridge(t)) return { kind: 'unreachable', target, reason: 'default-bridge' };
      return { kind: 'unreachable', target, reason: 'no-shared-network' };
    }
    // A container's static address names it on that network, as its name does (an address in a project subnet).
    const key = addressKey(name);
    const holders = key !== undefined ? this.staticAddresses.get(key) : undefined;
    if (holders) {
      if (mode === 'host') return { kind: 'unreachable', target: holders[0].service, reason: 'host-mode' };
      if (mode === 'none') return { kind: 'unreachable', target: holders[0].service, reason: 'none-mode' };
      const own = new Set(owner.attachments.map((a) => a.network));
      const shared = holders.find((h) => own.has(h.network) && this.services.get(h.service)?.active);
      if (shared) return { kind: 'service', target: shared.service, network: shared.network, via: shared.via };
      const t = this.services.get(holders[0].service) as ServiceInfo;
      if (!t.active) return { kind: 'unreachable', target: t.name, reason: 'inactive' };
      return { kind: 'unreachable', target: t.name, reason: 'no-shared-network' };
    }
    if (name.includes('.') || name.includes(':')) return { kind: 'external' };
    return { kind: 'unknown' };
  }
}
