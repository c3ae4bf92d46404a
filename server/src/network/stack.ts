// A Compose file as `docker stack deploy` reads it (loaded with `LoadOptions.stack`): networks default
// to the overlay driver and span the swarm, the default network is the overlay `<stack>_default`, a
// service is the swarm service `<stack>_<service>`, its name resolves to one virtual IP (or to every
// task with `endpoint_mode: dnsrr`), `tasks.<service>` to every task, and published ports go through
// the ingress routing mesh unless `mode: host`. Keys the stack ignores do not act here (see
// STACK_IGNORED_KEYS); rule `stack-ignored-key` reports them where they are written.
import { get, items, str } from '../compose/nodes';
import type { ServiceDef } from '../compose/project';
import type { Attachment, ServiceInfo, StackService } from './types';

/**
 * Service keys `docker stack deploy` does not act on, and what to use instead: the Docker CLI's own lists
 * (unsupported: "Ignoring unsupported options"; deprecated: container_name), and `depends_on`, which it
 * drops without a word. `expose` is left out: it only documents ports, which a stack does not need either.
 */
export const STACK_IGNORED_KEYS: ReadonlyMap<string, string> = new Map([
  ['container_name', 'a task is named `<stack>_<service>.<slot>.<task id>`; reach the service by its name'],
  ['links', 'services of a stack reach each other by name on a shared network'],
  ['external_links', 'join the other container’s network (an attachable overlay) and use its name'],
  ['depends_on', 'tasks start in no order: make the service retry, or use a healthcheck'],
  ['network_mode', 'attach to networks; for the host’s network, an external network named `host`'],
  ['build', 'build and push the image first; a stack only pulls `image`'],
  ['restart', 'use `deploy.restart_policy`'],
  ['privileged', 'swarm services cannot run privileged'],
  ['devices', 'swarm services cannot map devices'],
  ['cgroup_parent', 'not available to swarm services'],
  ['domainname', 'not available to swarm services'],
  ['ipc', 'not available to swarm services'],
  ['pid', 'not available to swarm services'],
  ['mac_address', 'a task’s MAC address is chosen by the swarm'],
  ['security_opt', 'not available to swarm services'],
  ['shm_size', 'mount a `tmpfs` at /dev/shm instead'],
  ['userns_mode', 'not available to swarm services'],
]);

/** Per-network keys of a service the stack ignores: a task's address is chosen by the swarm. */
export const STACK_IGNORED_ATTACHMENT_KEYS = ['ipv4_address', 'ipv6_address', 'link_local_ips'] as const;

/** Network names `docker stack deploy` accepts as external without a swarm scope. */
export const LOCAL_NETWORKS_A_STACK_MAY_USE = new Set(['host', 'bridge', 'none']);

/** Drivers whose networks live on one engine only (scope `local`) unless created with `--scope swarm`. */
export const LOCAL_DRIVERS = new Set(['bridge', 'host', 'none', 'null', 'macvlan', 'ipvlan']);

/** The driver of a stack's network the file gives none: an overlay, or the engine's own `host`, `bridge`, `none`. */
export function stackDefaultDriver(name: string, external: boolean): string {
  if (external && LOCAL_NETWORKS_A_STACK_MAY_USE.has(name)) return name === 'none' ? 'null' : name;
  return 'overlay';
}

export function stackNetworkScope(driver: string): 'swarm' | 'local' {
  return LOCAL_DRIVERS.has(driver) ? 'local' : 'swarm';
}

/** Whether a name can be a stack's, as the Docker CLI names stacks (it prefixes networks and services). */
export function isStackName(name: string): boolean {
  return /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name);
}

/** The swarm service name of a stack's service. */
export function stackServiceName(stack: string, service: string): string {
  return `${stack}_${service}`;
}

/** The names a stack service answers to on its networks: its own, the swarm service's, and both `tasks.` names. */
export function stackNames(stack: string, service: string): string[] {
  const own = service.toLowerCase();
  const full = stackServiceName(stack, service).toLowerCase();
  return [own, full, `tasks.${own}`, `tasks.${full}`];
}

/** Whether `host` is a `tasks.` name, which resolves to every task's address (no virtual IP). */
export function isTasksName(host: string): boolean {
  return /^tasks\./i.test(host);
}

/** A placement constraint every task must meet that names one node. */
function pinnedNode(def: ServiceDef): StackService['pinnedTo'] {
  for (const c of items(get(get(get(def.node, 'deploy'), 'placement'), 'constraints'))) {
    const text = str(c);
    const m = text ? /^\s*node\.(hostname|id)\s*==\s*(\S+)\s*$/.exec(text) : null;
    if (m) return { node: m[2], loc: c.loc };
  }
  return undefined;
}

function stackService(stack: string, def: ServiceDef): StackService {
  const deploy = get(def.node, 'deploy');
  const modeNode = get(deploy, 'mode');
  const mode = str(modeNode) === 'global' ? 'global' : 'replicated';
  const max = str(get(get(deploy, 'placement'), 'max_replicas_per_node'));
  const out: StackService = { name: stackServiceName(stack, def.name), mode };
  if (modeNode) out.modeLoc = modeNode.loc;
  const pinned = pinnedNode(def);
  if (pinned) out.pinnedTo = pinned;
  if (max !== undefined && /^\d+$/.test(max)) out.maxPerNode = Number(max);
  return out;
}

/**
 * A service of the model as the stack runs it: keys the stack ignores stop acting (container name,
 * links, network mode, fixed addresses, the host address of published ports), its names are the stack's.
 */
export function asStackService(info: ServiceInfo, stack: string): ServiceInfo {
  let attachments: Attachment[] = info.attachments.map(({ ipv4: _ipv4, ipv6: _ipv6, ipv4Loc: _l4, ipv6Loc: _l6, ...rest }) => rest);
  if (info.networkMode.kind !== 'networks' && info.networkMode.kind !== 'other') {
    // `network_mode` is ignored: the service joins what its `networks:` key lists, else the stack's default.
    attachments = info.listedNetworks.length > 0 ? info.listedNetworks.map((n) => ({ network: n.network, aliases: [], keyLoc: n.keyLoc })) : [{ network: 'default', aliases: [] }];
  }
  return {
    ...info,
    containerName: undefined,
    networkMode: { kind: 'networks' },
    attachments,
    links: [],
    externalLinks: [],
    // The routing mesh and host-mode ports bind every address of the node: a host address is not passed on.
    ports: info.ports.map(({ hostIp: _hostIp, ...p }) => p),
    stack: stackService(stack, info.def),
    stackNames: stackNames(stack, info.name),
  };
}

/** Where the service's `deploy.endpoint_mode` or the default puts its name: one VIP, or every task. */
export function endpointPhrase(svc: ServiceInfo): string {
  return svc.endpointMode === 'dnsrr' ? 'DNS round robin: its name returns every task’s address' : 'one virtual IP (VIP), balanced over its tasks';
}
