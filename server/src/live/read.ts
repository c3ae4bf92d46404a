// One read of the engine, kept in the engine's own API shape (so a recorded answer is a test
// fixture): version, info, networks, inspected containers, and Swarm objects when this engine is a
// manager. Read-only; every request is bounded by the connection's timeout.
import type { EngineConnection } from './connection';
import { withTimeout } from './connection';
import { readHostRoutes, type HostRoute } from './hostRoutes';

/** The engine's answers, as JSON. Loosely typed on purpose: older engines omit fields. */
export interface EngineAnswer {
  version: Record<string, unknown>;
  info: Record<string, unknown>;
  networks: ApiNetwork[];
  containers: ApiContainer[];
  nodes?: ApiNode[];
  services?: ApiService[];
  tasks?: ApiTask[];
  /** The routes of the engine's machine, read when that is this machine (a local socket). */
  hostRoutes?: HostRoute[];
}

export interface ApiNetwork {
  Id: string;
  Name: string;
  Driver?: string;
  Scope?: string;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  IPAM?: { Config?: Array<{ Subnet?: string; Gateway?: string }> | null };
  Labels?: Record<string, string> | null;
}

export interface ApiEndpoint {
  NetworkID?: string;
  IPAddress?: string;
  GlobalIPv6Address?: string;
  MacAddress?: string;
  Aliases?: string[] | null;
  DNSNames?: string[] | null;
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string } | null;
}

export interface ApiContainer {
  Id: string;
  Name: string;
  Config?: { Image?: string; Labels?: Record<string, string> | null; Hostname?: string };
  State?: { Status?: string };
  HostConfig?: { NetworkMode?: string };
  NetworkSettings?: {
    Networks?: Record<string, ApiEndpoint> | null;
    Ports?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null;
  };
}

export interface ApiNode {
  ID: string;
  Description?: { Hostname?: string };
  Spec?: { Role?: string; Availability?: string };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Addr?: string };
}

export interface ApiPortConfig {
  Protocol?: string;
  TargetPort?: number;
  PublishedPort?: number;
  PublishMode?: string;
}

export interface ApiService {
  ID: string;
  Spec?: {
    Name?: string;
    Labels?: Record<string, string>;
    Mode?: { Replicated?: { Replicas?: number }; Global?: object };
    TaskTemplate?: { ContainerSpec?: { Image?: string }; Networks?: Array<{ Target?: string; Aliases?: string[] }> };
    EndpointSpec?: { Mode?: string; Ports?: ApiPortConfig[] };
  };
  Endpoint?: { Spec?: { Mode?: string }; Ports?: ApiPortConfig[]; VirtualIPs?: Array<{ NetworkID?: string; Addr?: string }> };
}

export interface ApiTask {
  ID: string;
  ServiceID?: string;
  NodeID?: string;
  Slot?: number;
  DesiredState?: string;
  Status?: { State?: string; ContainerStatus?: { ContainerID?: string } };
  NetworksAttachments?: Array<{ Network?: { ID?: string; Spec?: { Name?: string } }; Addresses?: string[] }>;
}

export async function readEngine(conn: EngineConnection, timeoutMs = 15_000): Promise<EngineAnswer> {
  const d = conn.docker;
  const bound = <T>(p: Promise<T>, what: string) => withTimeout(p, timeoutMs, what);
  const [version, info, networks, list] = await Promise.all([
    bound(d.version() as Promise<unknown>, 'version'),
    bound(d.info() as Promise<unknown>, 'info'),
    bound(d.listNetworks() as Promise<unknown>, 'network list'),
    bound(d.listContainers({ all: true }), 'container list'),
  ]);
  // The list lacks aliases and DNS names; inspect gives the whole endpoint. A container removed
  // between the two calls is simply left out.
  const containers = (
    await Promise.all(list.map((c) => bound(d.getContainer(c.Id).inspect() as Promise<unknown>, 'container inspect').catch(() => undefined)))
  ).filter((c): c is ApiContainer => c !== undefined);
  const answer: EngineAnswer = { version: version as Record<string, unknown>, info: info as Record<string, unknown>, networks: networks as ApiNetwork[], containers };
  if (conn.target.transport === 'unix') {
    const routes = readHostRoutes();
    if (routes) answer.hostRoutes = routes;
  }
  if (isSwarmManager(answer.info)) {
    const [nodes, services, tasks] = await Promise.all([
      bound(d.listNodes() as Promise<unknown>, 'node list'),
      bound(d.listServices() as Promise<unknown>, 'service list'),
      bound(d.listTasks() as Promise<unknown>, 'task list'),
    ]);
    Object.assign(answer, { nodes, services, tasks });
  }
  return answer;
}

export function isSwarmManager(info: Record<string, unknown>): boolean {
  const swarm = info.Swarm as { LocalNodeState?: string; ControlAvailable?: boolean } | undefined;
  return swarm?.LocalNodeState === 'active' && swarm.ControlAvailable === true;
}
