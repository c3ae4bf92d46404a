// The topology document of a project as the file describes it (`source: "file"`): the network
// model and the findings, turned into the JSON contract the panel, the CLI and the LSP share.
import * as path from 'node:path';
import type { Loc } from '../compose/source';
import { DEFAULT_BRIDGE, type NetworkInfo, type NetworkModel, type Reference, type ServiceInfo } from '../network/types';
import type { Analysis } from '../analysis';
import type { Finding } from '../rules/types';
import { addStackTopology } from './fromStack';
import type {
  SourceLink,
  TopologyAttachment,
  TopologyDocument,
  TopologyFinding,
  TopologyNetwork,
  TopologyPort,
  TopologyReference,
  TopologyService,
} from './types';

export function topologyFromAnalysis(analysis: Analysis): TopologyDocument {
  const { model, findings } = analysis;
  const link = (loc: Loc | undefined): SourceLink | undefined => {
    if (!loc || !loc.file) return undefined;
    return { file: loc.file, range: model.project.sources.rangeOf(loc) };
  };
  const networkName = (key: string) => model.networks.get(key)?.name ?? key;

  const networks: TopologyNetwork[] = [...model.networks.values()].map((n) => network(n, link));
  // Host and none are not networks of the model (no endpoint, no DNS), but they are places a
  // service runs in, so they are drawn as their own kinds when a service uses them (facts 3, 4).
  for (const mode of ['host', 'none'] as const) {
    if ([...model.services.values()].some((s) => s.networkMode.kind === mode)) {
      networks.push({ name: mode, kind: mode, driver: mode, internal: false, external: true, attachable: false, subnets: [] });
    }
  }

  const services = [...model.services.values()].map((s) => service(model, s, networkName, link));
  const references = model.references.filter((r) => r.role === 'dial').map((r) => reference(model, r, findings, networkName, link));
  const topologyFindings: TopologyFinding[] = findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, service: f.service, ...(f.services ? { services: f.services } : {}), loc: link(f.loc) }));
  const doc: TopologyDocument = { version: 1, source: 'file', project: model.projectName, networks, services, references, findings: topologyFindings };
  addStackTopology(doc, model);
  return doc;
}

function network(n: NetworkInfo, link: (loc: Loc | undefined) => SourceLink | undefined): TopologyNetwork {
  const out: TopologyNetwork = {
    name: n.name,
    kind: n.kind,
    driver: n.driver,
    internal: n.internal,
    external: n.external,
    attachable: n.attachable,
    subnets: [...n.subnets],
  };
  if (n.key !== DEFAULT_BRIDGE) out.key = n.key;
  const loc = link(n.def?.keyLoc);
  if (loc) out.loc = loc;
  return out;
}

function networkModeText(s: ServiceInfo): string | null {
  const m = s.networkMode;
  switch (m.kind) {
    case 'networks':
      return null;
    case 'service':
      return `service:${m.target}`;
    case 'container':
      return `container:${m.target}`;
    case 'other':
      return m.value;
    default:
      return m.kind;
  }
}

function service(model: NetworkModel, s: ServiceInfo, networkName: (key: string) => string, link: (loc: Loc | undefined) => SourceLink | undefined): TopologyService {
  const attachments: TopologyAttachment[] = s.attachments.map((a) => {
    const out: TopologyAttachment = {
      network: networkName(a.network),
      aliases: a.aliases.map((x) => x.name),
      names: model.namesOn(s.name, a.network),
      ipv4: a.ipv4 ?? null,
      mac: null,
    };
    if (a.ipv6) out.ipv6 = a.ipv6;
    return out;
  });
  const mode = s.networkMode.kind;
  if (mode === 'host' || mode === 'none') attachments.push({ network: mode, aliases: [], names: [], ipv4: null, mac: null });
  const ports: TopologyPort[] = s.ports.map((p) => {
    const out: TopologyPort = { host_ip: p.hostIp ?? null, published: p.published ?? null, target: p.target, protocol: p.protocol, mode: p.mode };
    if (p.publishedEnd !== undefined && p.publishedEnd !== p.published) out.published_end = p.publishedEnd;
    if (p.targetEnd !== p.target) out.target_end = p.targetEnd;
    return out;
  });
  const out: TopologyService = {
    name: s.name,
    image: s.image ?? null,
    replicas: s.replicas,
    active: s.active,
    network_mode: networkModeText(s),
    namespace_of: s.namespaceOwner !== s.name ? s.namespaceOwner : null,
    networks: attachments,
    ports,
  };
  const loc = link(s.def.keyLoc);
  if (loc) out.loc = loc;
  return out;
}

function overlaps(a: Loc, b: Loc): boolean {
  if (a.file !== b.file) return false;
  if (a.start === b.start && a.end === b.end) return true;
  return a.start < b.end && b.start < a.end;
}

function reference(
  model: NetworkModel,
  r: Reference,
  findings: Finding[],
  networkName: (key: string) => string,
  link: (loc: Loc | undefined) => SourceLink | undefined,
): TopologyReference {
  // By service and place: a value shared by several services carries each one's findings, not all of them.
  const on = findings.filter((f) => (f.service === r.from || f.services?.includes(r.from) === true) && overlaps(f.loc, r.hostLoc));
  const res = model.resolve(r.from, r.host);
  const out: TopologyReference = {
    from: r.from,
    to: null,
    name: r.host,
    port: r.port ?? null,
    network: null,
    kind: r.form,
    findings: [...new Set(on.map((f) => f.rule))],
    resolution: res.kind,
  };
  if (res.kind === 'service') {
    out.to = res.target;
    out.network = res.network === null ? null : networkName(res.network);
  } else if (res.kind === 'unreachable') {
    // The name does stand for that service; it just does not resolve from here. The panel draws
    // the arrow broken, so `to` names the service and `network` stays null.
    out.to = res.target;
    out.reason = res.reason;
  } else if (res.kind === 'loopback') {
    out.intended = intendedPeer(model, on);
  }
  if (r.origin === 'mounted') out.file = path.basename(r.hostLoc.file);
  const loc = link(r.hostLoc);
  if (loc) out.loc = loc;
  return out;
}

/** The peer a finding on a loopback reference points at: the service whose key its related location is. */
function intendedPeer(model: NetworkModel, on: Finding[]): string | null {
  for (const f of on) {
    for (const rel of f.related) {
      for (const s of model.services.values()) {
        if (s.def.keyLocs.some((k) => overlaps(k, rel.loc))) return s.name;
      }
    }
  }
  return null;
}
