// A topology document as graph elements: pure data (no DOM, no cytoscape import), so the panel,
// the HTML export, the Mermaid and DOT printers and the tests share one mapping. Every label and
// tooltip is plain text; no renderer turns it into markup.
import { swarmElements, swarmServiceLines } from './swarmElements';
import type { ElementData, GraphElement, SourceLink, TopologyDocument, TopologyFinding, TopologyNetwork, TopologyPort, TopologyReference, TopologyService } from './types';

const SEVERITY_ORDER = ['hint', 'info', 'warning', 'error'] as const;

function worst(findings: TopologyFinding[]): ElementData['severity'] {
  let best = -1;
  for (const f of findings) best = Math.max(best, SEVERITY_ORDER.indexOf(f.severity));
  return best < 0 ? undefined : SEVERITY_ORDER[best];
}

export const ids = {
  network: (name: string) => `net:${name}`,
  service: (name: string) => `svc:${name}`,
  namespace: (owner: string) => `ns:${owner}`,
  project: (name: string) => `project:${name}`,
  host: 'host',
  port: (service: string, i: number) => `port:${service}:${i}`,
};

export function portText(p: TopologyPort): string {
  const range = (a: number | null, b: number | null | undefined) => (a === null ? 'random' : b !== undefined && b !== null && b !== a ? `${a}-${b}` : String(a));
  const ip = p.host_ip ?? '0.0.0.0';
  const hostSide = ip.includes(':') ? `[${ip}]` : ip;
  return `${hostSide}:${range(p.published, p.published_end)}/${p.protocol}`;
}

/** On a swarm the publishing mode decides where the port listens (fact 22); elsewhere it has no effect. */
function portLabel(p: TopologyPort, swarm: boolean): string {
  const mode = !swarm || !p.mode ? '' : p.mode === 'host' ? ' · host mode, nodes with a task' : ' · routing mesh, every node';
  return portText(p) + mode;
}

function targetText(p: TopologyPort): string {
  return p.target_end !== undefined && p.target_end !== p.target ? `${p.target}-${p.target_end}` : String(p.target);
}

function sameLink(a: SourceLink | undefined, b: SourceLink | undefined): boolean {
  return !!a && !!b && a.file === b.file && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
}

export function topologyElements(doc: TopologyDocument): GraphElement[] {
  const serviceNames = new Set(doc.services.map((s) => s.name));
  const namespaces = namespaceMembers(doc, serviceNames);
  const projects = projectBoxes(doc);
  const out: GraphElement[] = [...projects.elements, ...namespaceBoxes(doc, namespaces, projects.boxOf)];
  for (const n of doc.networks) out.push(networkNode(n));
  if (doc.services.some((s) => s.ports.length > 0)) out.push(hostNode());
  const networkNames = new Set(doc.networks.map((n) => n.name));
  for (const s of doc.services) {
    const owner = s.namespace_of && serviceNames.has(s.namespace_of) ? s.namespace_of : namespaces.has(s.name) ? s.name : undefined;
    out.push(serviceNode(doc, s, owner ? { parent: ids.namespace(owner) } : projects.boxOf(s.project)));
    for (const edge of attachmentEdges(s, networkNames)) out.push(edge);
    for (const el of portElements(s, !!doc.swarm)) out.push(el);
  }
  const references = referenceEdges(doc, serviceNames);
  for (const edge of references.edges) out.push(edge);
  for (const el of swarmElements(doc, ids.service)) out.push(el);
  markServiceFindings(out, doc, references.drawnFindings);
  return out;
}

/** Shared namespaces: owner → the services running in it (fact 2). */
function namespaceMembers(doc: TopologyDocument, serviceNames: Set<string>): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const s of doc.services) {
    if (s.namespace_of && serviceNames.has(s.namespace_of)) {
      const list = members.get(s.namespace_of) ?? [];
      list.push(s.name);
      members.set(s.namespace_of, list);
    }
  }
  return members;
}

type ParentBox = { parent?: string };

/** The whole engine (a live document without a project): one box per Compose project, parents first. */
function projectBoxes(doc: TopologyDocument): { elements: GraphElement[]; boxOf: (project: string | undefined) => ParentBox } {
  const servicesPerProject = new Map<string, number>();
  if (doc.source === 'live' && !doc.project) for (const s of doc.services) if (s.project) servicesPerProject.set(s.project, (servicesPerProject.get(s.project) ?? 0) + 1);
  const elements: GraphElement[] = [];
  for (const [p, count] of servicesPerProject) elements.push({ group: 'nodes', data: { id: ids.project(p), label: `project ${p}`, kind: 'project', tooltip: `Compose project ${p}: ${count} services` }, classes: 'project' });
  return { elements, boxOf: (project) => (project && servicesPerProject.has(project) ? { parent: ids.project(project) } : {}) };
}

/** The owner and every service running in its namespace, in one box. */
function namespaceBoxes(doc: TopologyDocument, members: Map<string, string[]>, boxOf: (project: string | undefined) => ParentBox): GraphElement[] {
  const projectOf = new Map(doc.services.map((s) => [s.name, s.project]));
  return [...members].map(([owner, list]) => ({
    group: 'nodes',
    data: { id: ids.namespace(owner), label: `namespace of ${owner}`, kind: 'namespace', tooltip: `${[owner, ...list].join(', ')} share one network namespace (network_mode: service:${owner}): they reach each other on localhost.`, ...boxOf(projectOf.get(owner)) },
    classes: 'namespace',
  }));
}

function networkNode(n: TopologyNetwork): GraphElement {
  const marks: string[] = [];
  if (n.kind === 'default-bridge') marks.push('default bridge · no DNS');
  else if (n.kind === 'host') marks.push("host's network");
  else if (n.kind === 'none') marks.push('no network');
  else if (n.kind === 'ingress') marks.push(`${n.driver} · routing mesh`);
  else marks.push(n.driver);
  if (n.internal) marks.push('internal');
  if (n.external && n.kind === 'external') marks.push('external');
  if (n.subnets.length) marks.push(n.subnets.join(', '));
  const label = `${n.name}\n${marks.join(' · ')}`;
  const tooltip = [`network ${n.name}${n.key && n.key !== n.name ? ` (key ${n.key})` : ''}`, `kind: ${n.kind}, driver: ${n.driver}`, n.internal ? 'internal: no route outside' : '', n.subnets.length ? `subnets: ${n.subnets.join(', ')}` : '']
    .filter(Boolean)
    .join('\n');
  return { group: 'nodes', data: { id: ids.network(n.name), label, kind: 'network', netKind: n.kind, tooltip, loc: n.loc }, classes: `network ${n.kind}${n.internal ? ' internal' : ''}` };
}

/** The box of published ports, drawn when a service publishes one. */
function hostNode(): GraphElement {
  return { group: 'nodes', data: { id: ids.host, label: 'Docker host · published ports', kind: 'host', tooltip: 'Ports published on the host: host address:port → service:container port' }, classes: 'docker-host' };
}

/** Longest image name a box shows whole; longer ones keep their last path segment (the tooltip has the whole name). */
export const IMAGE_LABEL_MAX = 32;

/** `ghcr.io/org/team/worker:2024.11-alpine` → `…/worker:2024.11-alpine`, cut with "…" if still too long. */
export function shortImage(image: string): string {
  if (image.length <= IMAGE_LABEL_MAX) return image;
  const last = image.slice(image.lastIndexOf('/', image.includes('@') ? image.indexOf('@') : image.length) + 1);
  const short = last.length < image.length ? `…/${last}` : last;
  return short.length <= IMAGE_LABEL_MAX ? short : `${short.slice(0, IMAGE_LABEL_MAX - 1)}…`;
}

function serviceNode(doc: TopologyDocument, s: TopologyService, box: ParentBox): GraphElement {
  const lines = [s.name];
  const details: string[] = [];
  details.push(s.image ? shortImage(s.image) : 'build');
  if (s.replicas !== 1) details.push(`×${s.replicas}`);
  lines.push(details.join(' '));
  if (s.network_mode && !s.network_mode.startsWith('service:')) lines.push(`network_mode: ${s.network_mode}`);
  if (!s.active) lines.push('(inactive profile)');
  const tooltipLines = [`service ${s.name}`, `image: ${s.image ?? '(built)'}`, `replicas: ${s.replicas}`, ...swarmServiceLines(doc.swarm, s.name)];
  for (const a of s.networks) {
    // Live documents carry the real addresses: show them where the service is described.
    const addresses = [a.ipv4, a.ipv6, a.mac ? `MAC ${a.mac}` : null].filter((x): x is string => !!x);
    const names = a.names && a.names.length ? `: ${a.names.join(', ')}` : '';
    if (names || addresses.length) tooltipLines.push(`on ${a.network}${names}${addresses.length ? ` · ${addresses.join(' · ')}` : ''}`);
  }
  return {
    group: 'nodes',
    data: { id: ids.service(s.name), label: lines.join('\n'), kind: 'service', tooltip: tooltipLines.join('\n'), loc: s.loc, ...box },
    classes: `service${s.active ? '' : ' inactive'}`,
  };
}

/** A service's endpoints on the networks drawn, labelled with its other names and address. */
function attachmentEdges(s: TopologyService, networkNames: Set<string>): GraphElement[] {
  const out: GraphElement[] = [];
  for (const a of s.networks) {
    if (!networkNames.has(a.network)) continue;
    const extra = a.names ? a.names.filter((n) => n !== s.name) : a.aliases;
    const bits = [...extra];
    if (a.ipv4) bits.push(a.ipv4);
    const label = bits.join(', ');
    out.push({
      group: 'edges',
      data: {
        id: `att:${s.name}:${a.network}`,
        label,
        kind: 'attachment',
        source: ids.service(s.name),
        target: ids.network(a.network),
        tooltip: `${s.name} on ${a.network}${a.names && a.names.length ? `\nanswers to: ${a.names.join(', ')}` : ''}${a.aliases.length ? `\naliases: ${a.aliases.join(', ')}` : ''}${a.ipv4 ? `\nipv4: ${a.ipv4}` : ''}`,
        loc: s.loc,
      },
      classes: 'attachment',
    });
  }
  return out;
}

/** Each published port: a node in the host's box and an arrow to the service. */
function portElements(s: TopologyService, swarm: boolean): GraphElement[] {
  return s.ports.flatMap((p, i): GraphElement[] => {
    const id = ids.port(s.name, i);
    return [
      { group: 'nodes', data: { id, label: portLabel(p, swarm), kind: 'port', parent: ids.host, tooltip: `${portText(p)} → ${s.name}:${targetText(p)}`, loc: s.loc }, classes: 'port' },
      {
        group: 'edges',
        data: { id: `pub:${s.name}:${i}`, label: `→ ${targetText(p)}`, kind: 'published', source: id, target: ids.service(s.name), tooltip: `${portText(p)} → ${s.name}:${targetText(p)}`, loc: s.loc },
        classes: 'published',
      },
    ];
  });
}

/** References: one arrow per caller, callee and kind of trouble, labelled with every name:port used; and the findings drawn on them. */
function referenceEdges(doc: TopologyDocument, serviceNames: Set<string>): { edges: GraphElement[]; drawnFindings: Set<TopologyFinding> } {
  const edges: GraphElement[] = [];
  const drawnFindings = new Set<TopologyFinding>();
  const groups = new Map<string, { refs: TopologyReference[]; target: string; classes: string[] }>();
  for (const r of doc.references) {
    const target = r.to ?? r.intended ?? null;
    if (!target || !serviceNames.has(target) || !serviceNames.has(r.from)) continue;
    const classes: string[] = ['reference'];
    if (r.kind === 'dependency') classes.push('dependency');
    if (r.to === null && r.intended) classes.push('loopback');
    if (r.resolution === 'unreachable' || (r.to !== null && r.network === null && r.resolution !== 'service')) classes.push('broken');
    if (r.findings.length) classes.push('finding');
    const key = `${r.from}>${target}>${classes.join('.')}`;
    const g = groups.get(key) ?? { refs: [], target, classes };
    g.refs.push(r);
    groups.set(key, g);
  }
  // A depends_on next to a real address of the same pair says nothing more; keep the address.
  const addressed = new Set([...groups.values()].filter((g) => !g.classes.includes('dependency')).map((g) => `${g.refs[0].from}>${g.target}`));
  for (const [key, g] of groups) {
    const from = g.refs[0].from;
    if (g.classes.includes('dependency') && !g.classes.includes('finding') && addressed.has(`${from}>${g.target}`)) continue;
    const findings = doc.findings.filter((f) => g.refs.some((r) => r.findings.includes(f.rule) && concerns(f, r.from) && (sameLink(f.loc, r.loc) || f.service === r.from)));
    for (const f of findings) drawnFindings.add(f);
    // An address from a mounted file says which file: the Compose file does not show it.
    const names = [...new Set(g.refs.map((r) => (r.kind === 'dependency' ? 'depends_on' : `${r.port !== null ? `${r.name}:${r.port}` : r.name}${r.file ? ` (${r.file})` : ''}`)))];
    const tooltip = [
      `${from} → ${g.target}`,
      ...g.refs.map((r) => `${r.kind === 'dependency' ? 'depends_on' : r.name + (r.port !== null ? ':' + r.port : '')}${r.file ? ` in ${r.file}` : ''}${r.network ? ` over ${r.network}` : ''}${r.reason ? ` (does not resolve: ${r.reason})` : ''}`),
      ...findings.map((f) => `${f.severity} ${f.rule}: ${f.message}`),
    ].join('\n');
    const rules = [...new Set(g.refs.flatMap((r) => r.findings))];
    edges.push({
      group: 'edges',
      data: {
        id: `ref:${key}`,
        label: names.join('\n'),
        kind: 'reference',
        source: ids.service(from),
        target: ids.service(g.target),
        tooltip,
        loc: g.refs[0].loc,
        severity: worst(findings),
        rules: rules.length ? rules : undefined,
      },
      classes: [...g.classes, ...rules.map((r) => `rule-${r}`), ...(findings.length ? [`sev-${worst(findings)}`] : [])].join(' '),
    });
  }
  return { edges, drawnFindings };
}

/** Findings not drawn on an arrow mark their service. */
function markServiceFindings(elements: GraphElement[], doc: TopologyDocument, drawnFindings: Set<TopologyFinding>): void {
  for (const el of elements) {
    if (el.data.kind !== 'service') continue;
    const name = el.data.id.slice(4);
    const rest = doc.findings.filter((f) => concerns(f, name) && !drawnFindings.has(f));
    if (!rest.length) continue;
    el.data.severity = worst(rest);
    el.data.rules = [...new Set(rest.map((f) => f.rule))];
    el.data.tooltip += '\n' + rest.map((f) => `${f.severity} ${f.rule}: ${f.message}`).join('\n');
    el.classes += ` finding sev-${el.data.severity}`;
  }
}

/** Whether a finding concerns a service: its own, or one of those sharing the value it is about. */
function concerns(f: TopologyFinding, service: string): boolean {
  return f.service === service || f.services?.includes(service) === true;
}

/** Findings the picture cannot place (no service, e.g. load problems): listed beside it. */
export function unplacedFindings(doc: TopologyDocument): TopologyFinding[] {
  const names = new Set(doc.services.map((s) => s.name));
  return doc.findings.filter((f) => !f.service || !names.has(f.service));
}
