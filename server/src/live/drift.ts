// Drift: what the file says (the network model) against what runs (a live topology of the whole
// engine, not filtered by project, so other projects' networks and addresses are visible).
// Each kind of drift has its own rule id; findings land on the file place that says otherwise.
import type { Loc } from '../compose/source';
import { DEFAULT_BRIDGE, type NetworkModel, type Reference, type ServiceInfo } from '../network/types';
import { connectionSeverity } from '../rules/support/connectionSeverity';
import { preflightFindings, PREFLIGHT_RULES } from '../rules/preflight';
import { ruleDocs } from '../rules/support/ruleDocs';
import type { Finding } from '../rules/types';
import type { TopologyContainer, TopologyDocument, TopologyPort } from '../topology/types';

export const DRIFT_RULES = {
  serviceNotRunning: 'service-not-running',
  networkMissing: 'network-missing',
  networkUnexpected: 'network-unexpected',
  externalNetworkMissing: 'external-network-missing',
  attachmentMissing: 'attachment-missing',
  attachmentExtra: 'attachment-extra',
  portsDiffer: 'ports-differ',
  staticIpTaken: 'static-ip-taken',
  connectionBroken: 'connection-broken',
} as const;

/** Every rule id live mode reports: drift, and the pre-flight rules (`subnet-overlap` is also a static rule). */
export const DRIFT_RULE_IDS: string[] = [...new Set([...Object.values(DRIFT_RULES), ...PREFLIGHT_RULES.map((r) => r.id)])];

export function driftDocs(id: string): string {
  return ruleDocs(id);
}

function finding(rule: string, severity: Finding['severity'], message: string, loc: Loc, service: string | null): Finding {
  return { rule, severity, message, loc, service, related: [], fixes: [] };
}

export function driftFindings(model: NetworkModel, live: TopologyDocument): Finding[] {
  const project = model.projectName;
  const fileStart: Loc = { file: model.project.files[0] ?? '', start: 0, end: 0 };
  const mine = (live.containers ?? []).filter((c) => c.project === project && !c.oneoff);
  const engineNetworks = new Map(live.networks.map((n) => [n.name, n]));
  const out: Finding[] = [];

  // Networks the file names (a missing external one is the pre-flight rule `external-network-missing`).
  const missingNetworks = new Set<string>();
  for (const net of model.networks.values()) {
    if (net.key === DEFAULT_BRIDGE || engineNetworks.has(net.name)) continue;
    const loc = net.def?.keyLoc ?? firstMemberLoc(model, net.members) ?? fileStart;
    if (net.external) {
      missingNetworks.add(net.name);
    } else if (mine.length > 0 && net.members.length > 0) {
      missingNetworks.add(net.name);
      out.push(finding(DRIFT_RULES.networkMissing, 'warning', `The network \`${net.name}\` (\`${net.key}\`) is not on the engine although project \`${project}\` runs; run \`docker compose up\` again to create it.`, loc, null));
    }
  }
  // Networks the engine has for this project that the file no longer declares.
  const keys = new Set([...model.networks.values()].map((n) => n.name));
  for (const n of live.networks) {
    if (n.labels?.['com.docker.compose.project'] !== project || keys.has(n.name)) continue;
    out.push(finding(DRIFT_RULES.networkUnexpected, 'info', `The engine has the network \`${n.name}\` for project \`${project}\`, which the file does not declare (left over from an earlier version; \`docker compose down\` removes it).`, fileStart, null));
  }

  for (const svc of model.services.values()) {
    if (!svc.active) continue;
    const containers = mine.filter((c) => c.service === svc.name);
    const running = containers.filter((c) => c.state === 'running').sort((a, b) => (a.container_number ?? 0) - (b.container_number ?? 0));
    // A static address another container holds stops this one from starting, running or not.
    for (const f of staticIpFindings(svc, model, live, containers)) out.push(f);
    if (svc.replicas > 0 && running.length === 0) {
      const why = containers.length === 0 ? 'no container exists for it' : `its container \`${containers[0].name}\` is ${containers[0].state}`;
      out.push(finding(DRIFT_RULES.serviceNotRunning, 'warning', `\`${svc.name}\` is not running on the engine: ${why}.`, svc.def.keyLoc, svc.name));
      continue;
    }
    if (running.length === 0) continue;
    for (const f of attachmentFindings(svc, model, running[0], missingNetworks)) out.push(f);
    for (const f of portFindings(svc, running)) out.push(f);
  }
  for (const f of connectionFindings(model, mine)) out.push(f);
  // What `docker compose up` would run into on the engine (`rules/preflight.ts`).
  for (const f of preflightFindings(model, live)) out.push(f);
  // Severity settings and `# netlens-disable` comments are applied by the analysis (`settleDrift`), as to the rules.
  return out;
}

function firstMemberLoc(model: NetworkModel, members: string[]): Loc | undefined {
  const svc = members.length ? model.services.get(members[0]) : undefined;
  return svc?.def.keyLoc;
}

function attachmentFindings(svc: ServiceInfo, model: NetworkModel, container: TopologyContainer, missingNetworks: Set<string>): Finding[] {
  const mode = svc.networkMode.kind;
  // Shared namespaces, host and none have no endpoints of their own to compare.
  if (mode !== 'networks' && mode !== 'bridge') return [];
  const out: Finding[] = [];
  const expected = new Map(svc.attachments.map((a) => [model.networks.get(a.network)?.name ?? a.network, a]));
  const actual = new Set(container.networks.map((n) => n.network));
  for (const [name, att] of expected) {
    if (actual.has(name) || missingNetworks.has(name)) continue;
    out.push(finding(DRIFT_RULES.attachmentMissing, 'warning', `\`${svc.name}\` should be on \`${name}\`, but its container \`${container.name}\` is not attached to it (recreate it: \`docker compose up -d ${svc.name}\`).`, att.keyLoc ?? svc.def.keyLoc, svc.name));
  }
  for (const name of actual) {
    if (expected.has(name)) continue;
    out.push(finding(DRIFT_RULES.attachmentExtra, 'info', `\`${svc.name}\`'s container \`${container.name}\` is also attached to \`${name}\`, which the file does not give it (connected by hand?).`, svc.def.keyLoc, svc.name));
  }
  return out;
}

const portKey = (published: number | null | undefined, target: number, protocol: string) => `${published ?? '*'}:${target}/${protocol}`;

function portFindings(svc: ServiceInfo, running: TopologyContainer[]): Finding[] {
  // Ports are published by the service's containers together; a random host port matches any.
  const live: TopologyPort[] = running.flatMap((c) => c.ports);
  const out: Finding[] = [];
  const matched = new Set<TopologyPort>();
  for (const p of svc.ports) {
    if (svc.networkMode.kind === 'host') continue; // fact 3: published ports are discarded
    const width = (p.publishedEnd ?? p.published ?? 0) - (p.published ?? 0);
    for (let i = 0; i <= Math.max(width, p.targetEnd - p.target); i++) {
      const published = p.published === undefined ? undefined : p.published + i;
      const target = p.target + i;
      const hit = live.find((l) => !matched.has(l) && l.target === target && l.protocol === p.protocol && (published === undefined || l.published === published));
      if (hit) {
        for (const l of live) if (l.target === hit.target && l.published === hit.published && l.protocol === hit.protocol) matched.add(l);
        continue;
      }
      out.push(finding(DRIFT_RULES.portsDiffer, 'warning', `\`${svc.name}\` should publish ${portKey(published, target, p.protocol).replace('*:', 'a random port → ')}, but the running container does not (recreate it to apply the file).`, p.publishedLoc ?? p.loc, svc.name));
    }
  }
  for (const l of live) {
    if (matched.has(l)) continue;
    matched.add(l);
    out.push(finding(DRIFT_RULES.portsDiffer, 'warning', `\`${svc.name}\`'s container publishes ${l.host_ip && l.host_ip !== '0.0.0.0' ? l.host_ip + ':' : ''}${l.published}→${l.target}/${l.protocol}, which the file does not say.`, svc.def.keyLoc, svc.name));
  }
  return out;
}

/**
 * The file's connections that what runs cannot make: both ends run, the file gives them a network in common,
 * the engine's containers share none. Reported where the address is written — in a mounted file too — since
 * that is the connection that fails now (`attachment-missing` says which attachment to restore).
 */
function connectionFindings(model: NetworkModel, mine: TopologyContainer[]): Finding[] {
  const runningOf = new Map<string, TopologyContainer>();
  for (const c of mine) {
    if (c.state !== 'running' || c.service === null) continue;
    const had = runningOf.get(c.service);
    if (!had || (c.container_number ?? 0) < (had.container_number ?? 0)) runningOf.set(c.service, c);
  }
  const out: Finding[] = [];
  for (const ref of model.connections()) {
    const severity = connectionSeverity(ref, 'warning');
    if (!severity) continue;
    const res = model.resolve(ref.from, ref.host);
    if (res.kind !== 'service' || res.network === null) continue;
    // A network namespace is its owner's: the owner's container holds the attachments.
    const fromOwner = model.services.get(ref.from)?.namespaceOwner ?? ref.from;
    const toOwner = model.services.get(res.target)?.namespaceOwner ?? res.target;
    if (fromOwner === toOwner) continue;
    const from = runningOf.get(fromOwner);
    const to = runningOf.get(toOwner);
    if (!from || !to) continue; // not running: `service-not-running` says so
    const theirs = new Set(to.networks.map((n) => n.network));
    if (from.networks.some((n) => theirs.has(n.network))) continue;
    out.push(brokenConnection(model, ref, res.target, res.network, from, to, severity));
  }
  return out;
}

function brokenConnection(model: NetworkModel, ref: Reference, target: string, networkKey: string, from: TopologyContainer, to: TopologyContainer, severity: Finding['severity']): Finding {
  const network = model.networks.get(networkKey)?.name ?? networkKey;
  const onNetwork = (c: TopologyContainer) => c.networks.some((n) => n.network === network);
  const missing = [from, to].filter((c) => !onNetwork(c)).map((c) => `\`${c.name}\``);
  const where = ref.setting ? ` (\`${ref.setting}\`)` : '';
  const message =
    `\`${ref.from}\` connects to \`${ref.host}\`${ref.port ? `:${ref.port}` : ''}${where} over \`${network}\` by the file, but on the engine ` +
    `the containers \`${from.name}\` and \`${to.name}\` share no network: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not attached to \`${network}\`. ` +
    `The connection fails until they are recreated (\`docker compose up -d ${[...new Set([ref.from, target])].join(' ')}\`).`;
  const related = [{ loc: model.services.get(target)?.def.keyLoc ?? ref.hostLoc, message: `\`${target}\`, the service it reaches` }];
  return { rule: DRIFT_RULES.connectionBroken, severity, message, loc: ref.hostLoc, service: ref.from, related, fixes: [] };
}

function staticIpFindings(svc: ServiceInfo, model: NetworkModel, live: TopologyDocument, own: TopologyContainer[]): Finding[] {
  const out: Finding[] = [];
  const ownIds = new Set(own.map((c) => c.id));
  for (const att of svc.attachments) {
    const wanted = [att.ipv4, att.ipv6].filter((a): a is string => !!a);
    if (!wanted.length) continue;
    const network = model.networks.get(att.network)?.name ?? att.network;
    for (const c of live.containers ?? []) {
      if (ownIds.has(c.id) || c.state !== 'running') continue;
      const ep = c.networks.find((n) => n.network === network && (wanted.includes(n.ipv4 ?? '') || wanted.includes(n.ipv6 ?? '')));
      if (!ep) continue;
      const addr = wanted.find((w) => w === ep.ipv4 || w === ep.ipv6);
      out.push(finding(DRIFT_RULES.staticIpTaken, 'error', `\`${svc.name}\` wants ${addr} on \`${network}\`, but the running container \`${c.name}\` already has it; \`${svc.name}\` will fail to start ("Address already in use").`, att.keyLoc ?? svc.def.keyLoc, svc.name));
    }
  }
  return out;
}
