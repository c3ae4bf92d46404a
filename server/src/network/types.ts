// The network model: who sits on which network, which names resolve where, which ports
// listen where, and every reference a service makes to an address. Pure data, no I/O.
import type { CPair } from '../compose/nodes';
import type { ComposeProject, NetworkDef, ServiceDef } from '../compose/project';
import type { Loc } from '../compose/source';
import type { ExposedPort, PortMapping } from './ports';
import type { ReferenceRole, RoleEvidence } from './roles';

/** Key of the engine's default bridge (`docker0`) in `networks`; not a name a file can declare. */
export const DEFAULT_BRIDGE = '#bridge';

export interface NetworkInfo {
  /** The key in the file (`default` for the implicit network, DEFAULT_BRIDGE for docker0). */
  key: string;
  /** The name on the engine: `<project>_<key>`, the `name:` given, or the external name. */
  name: string;
  kind: 'project' | 'external' | 'default-bridge';
  driver: string;
  /** Where `driver:` is written, when it is. */
  driverLoc?: Loc;
  /** `driver_opts`, as strings (macvlan/ipvlan need `parent`, fact 20). */
  driverOpts: Record<string, string>;
  internal: boolean;
  attachable: boolean;
  external: boolean;
  subnets: string[];
  /** Declared under top-level `networks:` (the implicit `default` is not). */
  declared: boolean;
  def?: NetworkDef;
  /** Active services with an endpoint on it, in file order. */
  members: string[];
  /** A stack's network (`docker stack deploy`): swarm-wide or on each node (`stack.ts`). */
  scope?: 'swarm' | 'local';
}

export type NetworkMode =
  | { kind: 'networks' }
  | { kind: 'bridge' }
  | { kind: 'host' }
  | { kind: 'none' }
  | { kind: 'service'; target: string }
  | { kind: 'container'; target: string }
  | { kind: 'other'; value: string };

export interface Alias {
  name: string;
  loc: Loc;
}

export interface Attachment {
  network: string;
  aliases: Alias[];
  ipv4?: string;
  ipv6?: string;
  /** Where `ipv4_address` / `ipv6_address` are written. */
  ipv4Loc?: Loc;
  ipv6Loc?: Loc;
  /** Where the service names this network (absent for the implicit default). */
  keyLoc?: Loc;
}

export interface Link {
  target: string;
  alias: string;
  loc: Loc;
}

export interface ExtraHost {
  host: string;
  address: string;
  loc: Loc;
}

/**
 * How a listening port is known: `ports` and `expose`; the default of an exact server `image`
 * (`postgres`), or the default of its `image-family` guessed from a name (`sourcegraph/grafana`, a
 * build's base image); the service's own
 * `command`/`entrypoint` flags and `environment` settings (listener lists, bind addresses, its own
 * `*_PORT`); the address its `healthcheck` probes (its own or its Dockerfile's); the `dockerfile`
 * of its `build` (EXPOSE, and the ENV, CMD and ENTRYPOINT the Compose entry does not replace).
 */
export type ListenSource = 'ports' | 'expose' | 'image' | 'image-family' | 'command' | 'environment' | 'healthcheck' | 'dockerfile' | 'mounted';

/** A network a service's `networks:` key names. */
export interface ListedNetwork {
  network: string;
  keyLoc: Loc;
  /** Named through a variable (`- ${NETWORK_TYPE:-ipv4}`): another environment may pick another declared network. */
  fromVariable?: true;
}

export interface ServiceInfo {
  name: string;
  def: ServiceDef;
  active: boolean;
  image?: string;
  containerName?: string;
  /** The `container_name` pair, when written. */
  containerNamePair?: CPair;
  hostname?: string;
  networkMode: NetworkMode;
  /** The `network_mode` pair, when written. */
  networkModePair?: CPair;
  /** Networks it has an endpoint on (its own; see `namespaceOwner` for shared ones). */
  attachments: Attachment[];
  /** Every network its `networks:` key names, whatever its `network_mode` (which may make Compose refuse them). */
  listedNetworks: ListedNetwork[];
  links: Link[];
  /** `external_links`: /etc/hosts names for containers outside the project. */
  externalLinks: Link[];
  /** `dns_search` domains: a bare name may resolve as `name.<domain>` through the host's DNS (fact 10). */
  dnsSearch: string[];
  extraHosts: ExtraHost[];
  ports: PortMapping[];
  expose: ExposedPort[];
  /** Container ports it is known to listen on, and how we know. */
  listens: Map<number, ListenSource>;
  /** Ports the program itself is known to listen on (its settings, command, mounted files, Dockerfile, image): `listens` without what `ports` and `expose` say. */
  programListens: ReadonlyMap<number, ListenSource>;
  /** The configuration it mounts lists every listener of its program (a proxy's server blocks), and nothing leaves the set open. */
  listenersListed: boolean;
  /** Program ports a reader says listen on UDP (`udp`: only there; `both`: TCP too). */
  udpListens: ReadonlyMap<number, 'udp' | 'both'>;
  /** Ranges of ports the program listens on, one socket per use (a TURN relay range): too many to list in `listens`. */
  listenRanges: readonly ListenRange[];
  /** With `listenersListed`: the files tell every listener's protocol, so a UDP port none lists is closed too. */
  protocolsListed: boolean;
  /**
   * Why its listening set cannot be complete, when it cannot: configuration it mounts that no reader
   * understands, a listener of a mounted file written without a plain port, or a listen address of its
   * settings without one (`listeners.ts`, `UnportedListener`). A port missing from
   * `listens` is then unknown, not absent (`listensOn`). Names from files as code spans.
   */
  listensOpen?: string;
  replicas: number;
  /** Where `deploy.replicas` or `scale` sets the count, when written. */
  replicasLoc?: Loc;
  /** Swarm endpoint mode (`deploy.endpoint_mode`): one virtual IP, or DNS round robin over the tasks (fact 21). */
  endpointMode: 'vip' | 'dnsrr';
  /** Where `deploy.endpoint_mode` is written, when it is. */
  endpointModeLoc?: Loc;
  /** The service whose network namespace it runs in (itself unless `network_mode: service:X`). */
  namespaceOwner: string;
  /** A stack's service (`stack.ts`): how it runs in the swarm; absent for Compose. */
  stack?: StackService;
  /** A stack's service: the names its DNS answers to (service, `<stack>_<service>`, `tasks.` names). */
  stackNames?: string[];
}

export interface StackService {
  /** The swarm service's name, `<stack>_<service>`. */
  name: string;
  mode: 'replicated' | 'global';
  /** Where `deploy.mode` is written. */
  modeLoc?: Loc;
  /** The node a placement constraint pins every task to (`node.hostname == x`, `node.id == x`), and where. */
  pinnedTo?: { node: string; loc: Loc };
  /** `deploy.placement.max_replicas_per_node`, when written. */
  maxPerNode?: number;
}

/** Where a service writes an address: its Compose settings, a configuration file it mounts (`mounted`, `mounted/`), or another service's `traefik.*` labels routing to it (`label`, `traefikLabels.ts`). */
export type ReferenceOrigin = 'environment' | 'env_file' | 'command' | 'entrypoint' | 'healthcheck' | 'depends_on' | 'mounted' | 'label';

export interface Reference {
  from: string;
  /** The host as written (case kept). */
  host: string;
  port?: number;
  /** Where the port came from when the reference does not write it. */
  portSource: 'written' | 'scheme' | 'variable' | 'none';
  /** The characters of the host; `exact` is false when only the enclosing value could be located. */
  hostLoc: Loc;
  portLoc?: Loc;
  exact: boolean;
  valueLoc: Loc;
  origin: ReferenceOrigin;
  envKey?: string;
  scheme?: string;
  form: 'url' | 'host-port' | 'host-var' | 'dependency';
  /** dial: the service connects there; advertise: it hands the address out; listen: it binds there; unknown: nothing tells. */
  role: ReferenceRole;
  /** How sure the role is, and why (`roles.ts`): rules take their severity from it. */
  certainty: RoleEvidence['certainty'];
  roleWhy: string;
  /** Written inside a shell script (`sh -c`, `CMD-SHELL`): an edit there could change what the script does, so no fix. */
  inShell?: boolean;
  /** For an address read from a mounted file or a label: the directive, key or label holding it (`proxy_pass`, `static_configs.targets`). */
  setting?: string;
}

/** A connection the service makes to an address it writes (a `depends_on` entry orders start-up, it connects nowhere). */
export function isConnection(ref: Reference): boolean {
  return ref.role === 'dial' && ref.form !== 'dependency';
}

/**
 * An address the service may connect to: dialled (surely or likely) or of a role nothing tells; not one it
 * hands out or listens on, nor a `depends_on` entry. What connection rules judge (`NetworkModel.connections`).
 */
export function mayConnect(ref: Reference): boolean {
  return ref.form !== 'dependency' && (ref.role === 'dial' || ref.role === 'unknown');
}

/** A started service that answers on a port: listening on it, or publishing it on the host. */
export interface PortAnswer {
  service: ServiceInfo;
  /** The container port to use from inside the project's networks. */
  containerPort: number;
  /** True when the port is a host port the service publishes, mapped to another container port. */
  viaPublished: boolean;
  /** Whether the service answers on the host's port too: it publishes it, or listens on it on the host's network. */
  publishedOnHost: boolean;
}

/** A `PortAnswer` by service name: what a build may lend the next while no service changed how it listens or publishes. */
export interface KeptAnswer {
  service: string;
  containerPort: number;
  viaPublished: boolean;
  publishedOnHost: boolean;
}

export type Resolution =
  | { kind: 'loopback' }
  | { kind: 'service'; target: string; network: string | null; via: 'service' | 'alias' | 'container_name' | 'hostname' | 'link' | 'namespace' | 'ipv4_address' | 'ipv6_address' }
  | { kind: 'unreachable'; target: string; reason: 'no-shared-network' | 'default-bridge' | 'host-mode' | 'none-mode' | 'inactive' | 'namespace-member' }
  | { kind: 'extra-host'; address: string }
  | { kind: 'host-gateway' }
  | { kind: 'external' }
  | { kind: 'unknown' };

/** A `traefik.*` label (or any label) of a service, located on its key and value. */
export interface Label {
  key: string;
  value: string;
  /** Where the key is written (the whole item for `- "k=v"` lists, as far as the key goes). */
  keyLoc: Loc;
  /** Where the value's characters are. */
  valueLoc: Loc;
  /** The collection the label is written in (`labels` or `deploy.labels`), for fixes. */
  section: 'labels' | 'deploy.labels';
}

/** A service Traefik's labels route (`traefikLabels.ts`): its `traefik.*` labels, the port and the network they name. */
export interface TraefikRoute {
  /** The routed service. */
  service: string;
  labels: Label[];
  /** `traefik.http|tcp|udp.services.<x>.loadbalancer.server.port`. */
  port?: { value: number; label: Label };
  /** `traefik.docker.network`. */
  network?: Label;
}

/** A Traefik service, and the network its static configuration makes its default (`traefikLabels.ts`). */
export interface TraefikInstance {
  service: string;
  /** `providers.docker.network` (command, environment or its static YAML or TOML): the network it uses by default. */
  network?: { value: string; loc: Loc };
  /** Its static configuration is in a format not read (neither YAML nor TOML): what it says is unknown. */
  unknownStatic: boolean;
}

export interface NetworkModel {
  project: ComposeProject;
  projectName: string;
  networks: Map<string, NetworkInfo>;
  services: Map<string, ServiceInfo>;
  references: Reference[];
  /** The references that may be connections (`mayConnect`), in the order of `references`; the same list each call. */
  connections(): readonly Reference[];
  /**
   * Every started service (owning its network namespace) that answers on `port`, in model order: those listening
   * on it first, then those publishing it as a host port; the same list each call for a port.
   */
  answersOn(port: number): readonly PortAnswer[];
  /** `answersOn` by service name, without the service's model: the same entries, kept from build to build while they hold. */
  answeringOn(port: number): readonly KeptAnswer[];
  /** The references `service` writes, in file order (started services only, as `references`). */
  referencesFrom(service: string): readonly Reference[];
  /** The services running in `owner`'s network namespace (`owner` among them), in file order, started or not. */
  namespaceMembers(owner: string): readonly string[];
  /**
   * Where a service uses a `deploy` key that only `docker stack deploy` acts on (`placement`, `mode: global`,
   * `update_config`, ...): the file is written for a swarm. Undefined when none does.
   */
  swarmOnlyKey?: { service: string; key: string; loc: Loc };
  /** From service `from`, what the name `host` resolves to and over which network. */
  resolve(from: string, host: string): Resolution;
  /** Whether `service` (or its shared namespace) listens on container port `port`: unknown when no source that lists its ports tells (`isConfidentSource`). */
  listensOn(service: string, port: number): 'yes' | 'no' | 'unknown';
  /** Networks two services both have an endpoint on (namespaces followed). */
  sharedNetworks(a: string, b: string): string[];
  /** The networks whose DNS answers for this service (its namespace owner's user-defined networks). */
  dnsNetworks(service: string): string[];
  /** Every name by which `service` can be reached on `network`. */
  namesOn(service: string, network: string): string[];
  /** The service whose name is `host` without regard to case, if any. */
  serviceNamed(host: string): string | undefined;
  /** Traefik's Docker provider, read once per build: the started Traefik services and the started services its labels route, in file order. */
  traefik: { instances: readonly TraefikInstance[]; routes: readonly TraefikRoute[] };
}

/** A port a service's settings say it listens on, and what says so (`listeners.ts`). */
export interface ListenEvidence {
  port: number;
  source: ListenSource;
  /** The setting, flag or instruction that says so: `KAFKA_LISTENERS`, `--kafka-addr`, `EXPOSE`. */
  via: string;
  /** Where a reader tells the protocol and it is not TCP alone: `udp` only, or `both`. Absent: TCP. */
  protocol?: 'udp' | 'both';
}

/** Ports a program listens on as a range, one socket per use (a TURN server's relay allocations). */
export interface ListenRange {
  from: number;
  to: number;
  /** As `ListenEvidence.protocol`: absent for TCP alone. */
  protocol?: 'udp' | 'both';
  source: ListenSource;
  via: string;
}

/** A service's addresses and the ports its own settings say it listens on. */
export interface ServiceScan {
  references: Reference[];
  listenPorts: ListenEvidence[];
  /** Port ranges its mounted files open (`mounted/listens.ts`). */
  listenRanges?: ListenRange[];
  /** Why its listeners cannot all be listed: a mounted file (`mounted/listens.ts`) or a listen address without its port (`listeners.ts`). */
  listensOpen?: string;
  /** Its mounted files list every listener of their program (`mounted/listens.ts`, `listsEveryListener`). */
  listenersListed?: true;
  /** Those files tell each listener's protocol, UDP ones included (a Logstash pipeline's inputs). */
  protocolsListed?: true;
}

/** The name index of a model: plain strings and answers, shared by builds whose naming is the same. */
export interface NameIndex {
  /** network key → DNS name (lower-cased) → services answering to it (facts 7 and 9). */
  dns: Map<string, Map<string, string[]>>;
  /** Any name (lower-cased) a service is known by anywhere, to tell "exists elsewhere" from "unknown". */
  anyName: Map<string, string>;
  /** namespace owner → services sharing that namespace. */
  namespaces: Map<string, string[]>;
  /** A static address (`ipv4_address`, `ipv6_address`; `addressKey`) → the services holding it, and on which network. */
  staticAddresses: Map<string, Array<{ service: string; network: string; via: 'ipv4_address' | 'ipv6_address' }>>;
  /** Answers by caller, then host: rules ask the same question many times. */
  resolved: Map<string, Map<string, Resolution>>;
  /** Service names by their lower-cased form (hosts are matched without case); built with the index, or when first asked. */
  serviceNames?: Map<string, string>;
}

/** What the last build of the same project lends the next (`reuse.ts`); the plain build takes none. */
export interface LentBuild {
  begin(project: ComposeProject): void;
  /** The scan of `def`, the last build's when its entries read the same. */
  scan(def: ServiceDef, project: ComposeProject): ServiceScan;
  /** The kept name index when the naming is the same as last build's; else `build()`'s. */
  nameIndex(services: Map<string, ServiceInfo>, networks: Map<string, NetworkInfo>, build: () => NameIndex): NameIndex;
  /** Who answers on which port (`answersOn`), kept while no service changed how it listens or publishes; called after `nameIndex`. */
  portAnswers(services: Map<string, ServiceInfo>): Map<number, KeptAnswer[]>;
  finish(): void;
}
