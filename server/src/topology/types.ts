// The topology document: one typed JSON picture of a project's network, produced from the file
// (`source: "file"`) or from the engine (`source: "live"`). The panel draws it, the CLI prints it,
// the `netlens/topology` request returns it. Field names in snake_case are part of the contract.
import type { Range } from '../compose/source';

export interface SourceLink {
  /** Absolute path of the file. */
  file: string;
  range: Range;
}

export type TopologyNetworkKind = 'project' | 'external' | 'default-bridge' | 'host' | 'none' | 'ingress' | 'swarm';

export interface TopologyNetwork {
  /** The name on the engine (`shop_backend`, `bridge`). */
  name: string;
  /** The key in the Compose file (`backend`, `default`); absent for networks only the engine knows. */
  key?: string;
  kind: TopologyNetworkKind;
  driver: string;
  internal: boolean;
  external: boolean;
  attachable: boolean;
  subnets: string[];
  gateways?: string[];
  scope?: 'local' | 'swarm' | 'global';
  labels?: Record<string, string>;
  loc?: SourceLink;
}

export interface TopologyAttachment {
  /** Network name, as in `networks[].name`. */
  network: string;
  aliases: string[];
  /** Every name that resolves to this service on this network (service name, container_name, hostname, aliases). */
  names?: string[];
  ipv4: string | null;
  ipv6?: string | null;
  mac: string | null;
}

export interface TopologyPort {
  host_ip: string | null;
  published: number | null;
  published_end?: number | null;
  target: number;
  target_end?: number;
  protocol: 'tcp' | 'udp' | 'sctp';
  mode?: 'ingress' | 'host';
}

export interface TopologyService {
  name: string;
  image: string | null;
  replicas: number;
  /** False for services of a disabled profile (drawn, but not analysed as running). */
  active: boolean;
  network_mode: string | null;
  /** The service whose namespace this one shares (`network_mode: service:X`), else null. */
  namespace_of: string | null;
  networks: TopologyAttachment[];
  ports: TopologyPort[];
  loc?: SourceLink;
  /** Live only: the container state (`running`, `exited`, ...). */
  state?: string;
  /** Live only: the Compose project (or Swarm stack) of its containers, when they carry one. */
  project?: string;
}

export interface TopologyReference {
  from: string;
  /** The service the name resolves to, or null (external, unknown, loopback with no peer). */
  to: string | null;
  /** The host as written (`db`, `localhost`). */
  name: string;
  port: number | null;
  /** The network the name resolves over, or null. */
  network: string | null;
  kind: 'url' | 'host-port' | 'host-var' | 'dependency';
  /** Rule ids of the findings on this reference. */
  findings: string[];
  loc?: SourceLink;
  /** How the name resolves: a service, a service it cannot reach (`to` set, `network` null), loopback, ... */
  resolution?: 'service' | 'unreachable' | 'loopback' | 'extra-host' | 'host-gateway' | 'external' | 'unknown';
  /** Why an `unreachable` name does not resolve (`no-shared-network`, `default-bridge`, ...). */
  reason?: string;
  /** For a loopback name a finding says is meant for a peer (`localhost-peer`): that peer. */
  intended?: string | null;
  /** For an address read from a configuration file the service mounts: that file's name (`nginx.conf`). */
  file?: string;
}

export interface TopologyFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  service: string | null;
  /** Every service it concerns, when one shared value (an anchor, an env_file) serves several. */
  services?: string[];
  loc?: SourceLink;
}

/** Live only: one container as the engine reports it. */
export interface TopologyContainer {
  id: string;
  name: string;
  service: string | null;
  project: string | null;
  state: string;
  image: string;
  networks: Array<{ network: string; ipv4: string | null; ipv6: string | null; mac: string | null; aliases: string[] }>;
  ports: TopologyPort[];
  /** Live only (optional): the rest of the Compose labels, and `container:X` namespace sharing. */
  container_number?: number | null;
  oneoff?: boolean;
  config_files?: string[];
  working_dir?: string | null;
  namespace_of?: string | null;
  labels?: Record<string, string>;
  /** Live only (optional): the container's `hostname`, a name the embedded DNS answers too (fact 7). */
  hostname?: string;
  /** Live only (optional): every host binding as the engine lists it, one per address (`0.0.0.0` and `::` apart), for what a new mapping would clash with. */
  bindings?: TopologyPort[];
}

/** Live only: Swarm, when the engine is a manager. */
export interface TopologySwarm {
  nodes: Array<{ id: string; hostname: string; role: 'manager' | 'worker'; state: string; address: string | null }>;
  services: Array<{
    id: string;
    name: string;
    endpoint_mode: 'vip' | 'dnsrr';
    replicas: number | null;
    virtual_ips: Array<{ network: string; address: string }>;
    ports: TopologyPort[];
  }>;
  tasks: Array<{ id: string; service: string; node: string; state: string; addresses: Array<{ network: string; address: string }> }>;
}

export interface TopologyDocument {
  version: 1;
  source: 'file' | 'live';
  project: string;
  networks: TopologyNetwork[];
  services: TopologyService[];
  references: TopologyReference[];
  findings: TopologyFinding[];
  containers?: TopologyContainer[];
  swarm?: TopologySwarm;
  /** Live only (optional): the engine read, and every Compose project seen on it. */
  engine?: {
    address: string;
    version: string;
    api_version: string;
    /** The daemon's default address pools, when its `info` shows them (newer engines). */
    default_address_pools?: Array<{ base: string; size: number }>;
    /** The routes of the engine's machine (default routes left out), when that is the machine reading it. */
    host_routes?: Array<{ subnet: string; interface: string }>;
  };
  projects?: string[];
}

// The document drawn: graph elements (elements.ts builds them), pure data the panel, the HTML export and the
// Mermaid and DOT printers share.
export interface ElementData {
  id: string;
  label: string;
  /** What the element is; the stylesheet keys on it. */
  kind: 'network' | 'service' | 'namespace' | 'host' | 'port' | 'attachment' | 'published' | 'reference' | 'swarm-node' | 'task' | 'runs' | 'project';
  /** Network kind, for networks (`project`, `external`, `default-bridge`, `host`, `none`, ...). */
  netKind?: string;
  parent?: string;
  source?: string;
  target?: string;
  /** Plain text shown on hover (messages of findings, details). */
  tooltip: string;
  /** Where to reveal in the editor on click. */
  loc?: SourceLink;
  /** Highest severity of the findings drawn on the element, if any. */
  severity?: 'error' | 'warning' | 'info' | 'hint';
  /** Rule ids of those findings. */
  rules?: string[];
  /** For a collapsed group (see collapse.ts): how many services it stands for. */
  members?: number;
}

export interface GraphElement {
  group: 'nodes' | 'edges';
  data: ElementData;
  /** Space-separated style classes: `finding`, `broken`, `loopback`, `dependency`, `inactive`, ... */
  classes: string;
}
