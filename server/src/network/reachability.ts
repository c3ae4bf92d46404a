// Who reaches whom: for every ordered pair of services, and from the host to every service, whether one
// reaches the other, by which names, over which network, on which ports something listens there, or why
// not. Derived from the model's own answers (`resolve`, `listensOn`, attachments), computed once per pair
// and kept per model, so that the CLI (`netlens reach`), rules, hovers and views share one verdict.
// The facts are those of shared/docs/docker-networking.md (cited as "fact N"). Pure, no I/O.
import { code } from '../display/markdown';
import { DEFAULT_BRIDGE, type NetworkModel, type ServiceInfo } from './types';

/** The `from` of the host's row: not a name Compose accepts for a service (`[a-zA-Z0-9._-]`), so never one. */
export const FROM_HOST = '(host)';

/**
 * Why one does not reach the other:
 * - `inactive`: one of them is not started (its profiles are not enabled);
 * - `no-shared-network`: they share no network (fact 8);
 * - `default-bridge`: one is on the engine's default bridge, where containers have no DNS (fact 6);
 * - `host-mode`: one uses the host's network stack, where service names do not resolve (fact 3);
 * - `none-mode`: one has no network but loopback (fact 4);
 * - `external-namespace`: one runs in the namespace of a container the project does not manage (fact 2);
 * - `name-taken`: every name of the target answers for another service first on the caller's networks;
 * - from the host, `not-published`: it publishes no port; `internal-only`: it is only on internal networks,
 *   so its ports are not published at all (fact 16); `direct-network`: it is only on macvlan or ipvlan networks,
 *   which map no ports, and the host cannot reach its own containers there (fact 20).
 */
export type UnreachableWhy =
  | 'inactive'
  | 'no-shared-network'
  | 'default-bridge'
  | 'host-mode'
  | 'none-mode'
  | 'external-namespace'
  | 'name-taken'
  | 'not-published'
  | 'internal-only'
  | 'direct-network';

/** How the names reach the target: DNS of a shared network, `links`, a static address, the shared loopback, published host ports, the host gateway. */
export type ReachVia = 'dns' | 'link' | 'address' | 'localhost' | 'published' | 'host-gateway';

export interface PairReach {
  /** A service, or FROM_HOST. */
  from: string;
  to: string;
  reachable: boolean;
  via: ReachVia | null;
  /** The names (host names or addresses) `from` uses to reach `to`, the service's own name first; empty when unreachable. */
  names: string[];
  /** The network key the names work over (`bridge` for the default bridge); null through the loopback, the host or when unreachable. */
  network: string | null;
  /**
   * The ports to use on those names: container ports something in the target's namespace listens on; from the
   * host (or a host-network service), the host ports it publishes. Ascending.
   */
  ports: number[];
  /** Whether a port missing from `ports` is known not to listen (`listensOn` says `no`), rather than unknown. */
  portsComplete: boolean;
  why: UnreachableWhy | null;
  /** One sentence saying how, or why not (Markdown code spans for names). */
  detail: string;
}

export interface Reachability {
  /** The verdict of `from` (a service or FROM_HOST) reaching service `to`; undefined for an unknown service or a pair with itself. */
  pair(from: string, to: string): PairReach | undefined;
  /** The same verdict as `pair`, computed afresh and not kept: for one pass over every pair (`netlens reach`), whose verdicts need not stay in memory. */
  verdict(from: string, to: string): PairReach | undefined;
  /** Every pair from `from`, targets in model order. */
  row(from: string): PairReach[];
  /** The sources in order: every service in model order, then FROM_HOST. */
  sources(): string[];
}

const cache = new WeakMap<NetworkModel, Reachability>();

/** The reachability of `model`, built once per model and answered pair by pair as asked. */
export function reachability(model: NetworkModel): Reachability {
  let r = cache.get(model);
  if (!r) cache.set(model, (r = new ModelReachability(model)));
  return r;
}

/** A port no service can list: `listensOn` there says whether the set of listening ports is complete. */
const UNLISTED_PORT = 65536;

const NO_NAMES: string[] = [];
const NO_PORTS: number[] = [];

/** How many ports of one mapping range are listed (ranges can span thousands). */
const RANGE_LIMIT = 1000;

function networkLabel(key: string): string {
  return key === DEFAULT_BRIDGE ? 'bridge' : key;
}

/**
 * A pair's verdict whose sentence is written when read: a whole matrix asks for none of them, and a million
 * sentences were most of its memory. `toJSON` keeps it in JSON.
 */
class Verdict implements PairReach {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly reachable: boolean,
    readonly via: ReachVia | null,
    readonly names: string[],
    readonly network: string | null,
    readonly ports: number[],
    readonly portsComplete: boolean,
    readonly why: UnreachableWhy | null,
    private readonly describe: () => string,
  ) {}

  get detail(): string {
    return this.describe();
  }

  toJSON(): PairReach {
    const { from, to, reachable, via, names, network, ports, portsComplete, why, detail } = this;
    return { from, to, reachable, via, names, network, ports, portsComplete, why, detail };
  }
}

class ModelReachability implements Reachability {
  private readonly pairs = new Map<string, Map<string, PairReach>>();
  private readonly portsCache = new Map<string, { ports: number[]; complete: boolean }>();

  constructor(private readonly model: NetworkModel) {}

  sources(): string[] {
    return [...this.model.services.keys(), FROM_HOST];
  }

  row(from: string): PairReach[] {
    const out: PairReach[] = [];
    for (const to of this.model.services.keys()) {
      const p = this.pair(from, to);
      if (p) out.push(p);
    }
    return out;
  }

  pair(from: string, to: string): PairReach | undefined {
    let byTo = this.pairs.get(from);
    let p = byTo?.get(to);
    if (p) return p;
    p = this.verdict(from, to);
    if (!p) return undefined;
    if (!byTo) this.pairs.set(from, (byTo = new Map()));
    byTo.set(to, p);
    return p;
  }

  verdict(from: string, to: string): PairReach | undefined {
    if (from === to || !this.model.services.has(to) || (from !== FROM_HOST && !this.model.services.has(from))) return undefined;
    return this.pairs.get(from)?.get(to) ?? (from === FROM_HOST ? this.fromHost(to) : this.between(from, to));
  }

  private svc(name: string): ServiceInfo {
    return this.model.services.get(name) as ServiceInfo;
  }

  private owner(svc: ServiceInfo): ServiceInfo {
    return this.model.services.get(svc.namespaceOwner) ?? svc;
  }

  /** The container ports the namespace of `service` listens on, and whether that set is complete. */
  private listening(service: string): { ports: number[]; complete: boolean } {
    const owner = this.svc(service).namespaceOwner;
    let known = this.portsCache.get(owner);
    if (known) return known;
    const ports = new Set<number>();
    for (const m of this.model.namespaceMembers(owner)) {
      const info = this.model.services.get(m);
      if (info?.active) for (const port of info.listens.keys()) ports.add(port);
    }
    known = { ports: [...ports].sort((a, b) => a - b), complete: this.model.listensOn(owner, UNLISTED_PORT) === 'no' };
    this.portsCache.set(owner, known);
    return known;
  }

  private reached(from: string, to: string, via: ReachVia, names: string[], network: string | null, describe: () => string, ports?: number[]): PairReach {
    const listening = this.listening(to);
    return new Verdict(from, to, true, via, names, network, ports ?? listening.ports, ports ? true : listening.complete, null, describe);
  }

  private notReached(from: string, to: string, why: UnreachableWhy, describe: () => string): PairReach {
    return new Verdict(from, to, false, null, NO_NAMES, null, NO_PORTS, true, why, describe);
  }

  /** The host ports a started service's namespace publishes, or why it publishes none (fact 16, fact 3). */
  private published(target: ServiceInfo): { hostIps: string[]; ports: number[] } | { why: UnreachableWhy; detail: string } {
    const owner = this.owner(target);
    const t = code(target.name);
    if (owner.networkMode.kind === 'none') return { why: 'none-mode', detail: `${t} has no network (\`network_mode: none\`)` };
    if (owner.networkMode.kind === 'container') return { why: 'external-namespace', detail: `${t} runs in the namespace of container ${code(owner.networkMode.target)}, which the project does not manage` };
    if (owner.ports.length === 0) return { why: 'not-published', detail: `${t} publishes no port${owner !== target ? ` (it runs in ${code(owner.name)}'s namespace, which publishes none)` : ''}` };
    const nets = owner.attachments.map((a) => this.model.networks.get(a.network));
    if (nets.length > 0 && nets.every((n) => n?.internal === true)) return { why: 'internal-only', detail: `${t} is only on internal networks, so its ports are not published at all` };
    if (nets.length > 0 && nets.every((n) => n?.driver === 'macvlan' || n?.driver === 'ipvlan')) return { why: 'direct-network', detail: `${t} is only on macvlan or ipvlan networks, which map no ports, and the host cannot reach its own containers there` };
    const ports = new Set<number>();
    const hostIps = new Set<string>();
    for (const p of owner.ports) {
      hostIps.add(p.hostIp === undefined || p.hostIp === '0.0.0.0' || p.hostIp === '::' || p.hostIp === '' ? 'localhost' : p.hostIp.replace(/^\[(.*)\]$/, '$1'));
      if (p.published === undefined) continue;
      const end = p.publishedEnd ?? p.published;
      for (let port = p.published; port <= end && port - p.published < RANGE_LIMIT; port++) ports.add(port);
    }
    return { hostIps: [...hostIps], ports: [...ports].sort((a, b) => a - b) };
  }

  private fromHost(to: string): PairReach {
    const target = this.svc(to);
    if (!target.active) return this.notReached(FROM_HOST, to, 'inactive', () => `${code(to)} is not started: none of its profiles is enabled`);
    const owner = this.owner(target);
    // Fact 3: a host-network service listens on the host itself.
    if (owner.networkMode.kind === 'host') return this.reached(FROM_HOST, to, 'localhost', ['localhost'], null, () => `${code(to)} uses the host's network: it listens on the host itself`);
    const pub = this.published(target);
    if ('why' in pub) return this.notReached(FROM_HOST, to, pub.why, () => pub.detail);
    const random = pub.ports.length === 0 ? ' (on host ports the engine picks)' : '';
    return this.reached(FROM_HOST, to, 'published', pub.hostIps, null, () => `${code(to)} publishes ${pub.ports.length ? pub.ports.map(code).join(', ') : 'its ports'}${random} on ${pub.hostIps.map(code).join(', ')}`, pub.ports);
  }

  private between(from: string, to: string): PairReach {
    const f = this.svc(from);
    const t = this.svc(to);
    if (!f.active) return this.notReached(from, to, 'inactive', () => `${code(from)} is not started: none of its profiles is enabled`);
    if (!t.active) return this.notReached(from, to, 'inactive', () => `${code(to)} is not started: none of its profiles is enabled`);
    const fo = this.owner(f);
    const to_ = this.owner(t);
    // Fact 2: one namespace, one loopback.
    if (fo === to_) return this.reached(from, to, 'localhost', ['localhost'], null, () => `${code(from)} and ${code(to)} share ${code(fo.name)}'s network namespace: ${code('localhost')} is both`);
    const fm = fo.networkMode.kind;
    const tm = to_.networkMode.kind;
    if (fm === 'none') return this.notReached(from, to, 'none-mode', () => `${code(from)} has no network (\`network_mode: none\`)`);
    if (tm === 'none') return this.notReached(from, to, 'none-mode', () => `${code(to)} has no network (\`network_mode: none\`)`);
    if (fm === 'container') return this.notReached(from, to, 'external-namespace', () => `${code(from)} runs in the namespace of container ${code(fo.networkMode.kind === 'container' ? fo.networkMode.target : '')}, which the project does not manage`);
    if (tm === 'container') return this.notReached(from, to, 'external-namespace', () => `${code(to)} runs in the namespace of container ${code(to_.networkMode.kind === 'container' ? to_.networkMode.target : '')}, which the project does not manage`);
    if (fm === 'host') {
      // Fact 3: no service names, but the host's loopback: a host-network peer, or ports a peer publishes.
      if (tm === 'host') return this.reached(from, to, 'localhost', ['localhost'], null, () => `${code(from)} and ${code(to)} both use the host's network: ${code('localhost')} is both`);
      const pub = this.published(t);
      if ('why' in pub) return this.notReached(from, to, 'host-mode', () => `${code(from)} uses the host's network, where service names do not resolve, and ${pub.detail}`);
      return this.reached(from, to, 'published', pub.hostIps, null, () => `${code(from)} uses the host's network: service names do not resolve there, but ${code(to)} publishes ${pub.ports.length ? pub.ports.map(code).join(', ') : 'its ports'} on ${pub.hostIps.map(code).join(', ')}`, pub.ports);
    }
    if (tm === 'host') {
      // A host-network service is reached through the host's address: by a name `extra_hosts` maps to the host gateway (fact 11).
      const gateway = [...f.extraHosts, ...(fo === f ? [] : fo.extraHosts)].filter((e) => e.address === 'host-gateway').map((e) => e.host);
      if (gateway.length > 0 && !this.internalOnly(fo)) return this.reached(from, to, 'host-gateway', [...new Set(gateway)], null, () => `${code(to)} uses the host's network; ${code(from)} reaches the host as ${code(gateway[0])} (\`host-gateway\`)`);
      return this.notReached(from, to, 'host-mode', () => `${code(to)} uses the host's network, where service names do not resolve; ${code(from)} maps no name to the host (\`extra_hosts: ["host.docker.internal:host-gateway"]\`)`);
    }
    return this.overNetworks(f, fo, t, to_);
  }

  private internalOnly(svc: ServiceInfo): boolean {
    const nets = svc.attachments.map((a) => this.model.networks.get(a.network));
    return nets.length > 0 && nets.every((n) => n?.internal === true);
  }

  /** Both have endpoints of their own (or their namespace owners do): names over the networks they share. */
  private overNetworks(f: ServiceInfo, fo: ServiceInfo, t: ServiceInfo, to: ServiceInfo): PairReach {
    const from = f.name;
    const shared = fo.attachments.filter((a) => this.model.networks.has(a.network) && to.attachments.some((b) => b.network === a.network)).map((a) => a.network);
    const names: string[] = [];
    // The network and the way of the first name found: the one a caller uses.
    const first: { network?: string; via?: ReachVia } = {};
    const add = (name: string, over: string, how: ReachVia) => {
      if (names.includes(name)) return;
      names.push(name);
      if (first.network === undefined) Object.assign(first, { network: over, via: how });
    };
    // Facts 7-9: the names the target answers to on a network both are on, when the caller's DNS gives them the target.
    for (const net of shared) {
      if (this.model.networks.get(net)?.kind === 'default-bridge') continue;
      for (const name of dnsNames(to, net)) {
        const res = this.model.resolve(from, name);
        if (res.kind === 'service' && res.network !== null && res.via !== 'link' && dnsNames(to, res.network).includes(name)) add(name, res.network, 'dns');
      }
    }
    // Fact 6: `links` write /etc/hosts entries, which work on a network both are on, the default bridge too.
    if (shared.length > 0) {
      for (const link of [...f.links, ...(fo === f ? [] : fo.links)]) {
        const target = this.model.services.get(link.target);
        if (!target || this.owner(target) !== to) continue;
        for (const name of new Set([link.alias, link.target])) {
          const res = this.model.resolve(from, name);
          if (res.kind === 'service' && res.via === 'link') add(name.toLowerCase(), shared[0], 'link');
        }
      }
    }
    // Static addresses (fact 15) on a shared network, and names `extra_hosts` gives them.
    for (const net of shared) {
      const a = to.attachments.find((x) => x.network === net);
      for (const address of [a?.ipv4, a?.ipv6]) {
        if (!address) continue;
        for (const e of [...f.extraHosts, ...(fo === f ? [] : fo.extraHosts)]) if (e.address === address) add(e.host.toLowerCase(), net, 'address');
        add(address, net, 'address');
      }
    }
    const owned = t === to ? '' : ` (${code(t.name)} runs in ${code(to.name)}'s network namespace; its own name does not resolve)`;
    if (first.network !== undefined && first.via !== undefined) {
      const how = first.via === 'link' ? ' through `links`' : first.via === 'address' ? ' by its static address' : '';
      const over = networkLabel(first.network);
      return this.reached(from, t.name, first.via, names, over, () => `${code(from)} reaches ${code(t.name)} as ${names.slice(0, 3).map(code).join(', ')}${names.length > 3 ? ', …' : ''}${how} over ${code(over)}${owned}`);
    }
    const onBridge = (s: ServiceInfo) => s.attachments.some((a) => a.network === DEFAULT_BRIDGE);
    if (shared.some((n) => n !== DEFAULT_BRIDGE)) return this.notReached(from, t.name, 'name-taken', () => `every name of ${code(t.name)} answers for another service first on ${code(from)}'s networks`);
    if (shared.includes(DEFAULT_BRIDGE)) return this.notReached(from, t.name, 'default-bridge', () => `${code(from)} and ${code(t.name)} are on the default bridge, which has no DNS between containers: only \`links\` or addresses work there`);
    if (onBridge(fo) || onBridge(to)) {
      const who = onBridge(fo) ? from : t.name;
      return this.notReached(from, t.name, 'default-bridge', () => `${code(who)} is on the default bridge, which has no DNS between containers and shares no network with ${code(who === from ? t.name : from)}`);
    }
    const nets = (s: ServiceInfo) => s.attachments.filter((a) => this.model.networks.has(a.network)).map((a) => code(networkLabel(a.network)));
    const listed = (s: ServiceInfo) => {
      const names = nets(s);
      return names.length ? names.join(', ') : 'no network';
    };
    return this.notReached(from, t.name, 'no-shared-network', () => `${code(from)} (${listed(fo)}) and ${code(t.name)} (${listed(to)}) share no network${owned}`);
  }
}

/** The DNS names a started service answers to on a user-defined network (fact 7): service name, container name, hostname, its aliases there. */
function dnsNames(svc: ServiceInfo, network: string): string[] {
  const a = svc.attachments.find((x) => x.network === network);
  if (!a) return [];
  const out = [svc.name.toLowerCase()];
  for (const n of [svc.containerName, svc.hostname, ...a.aliases.map((x) => x.name)]) if (n && !out.includes(n.toLowerCase())) out.push(n.toLowerCase());
  return out;
}

