// The collapsed view of a large project (level of detail): each network's services drawn as the
// network's one node, labelled with their count and carrying their findings; the arrows between
// services aggregated into one arrow per pair of groups. Expanded groups show their services again.
// Pure data over `topologyElements`' output, so the page only chooses which groups are open.
import type { ElementData, GraphElement } from './types';

/** Projects with more services than this open collapsed. */
export const COLLAPSE_ABOVE_SERVICES = 100;

/** The group of services attached to no network of the document (network_mode host/none, namespaces). */
export const UNATTACHED_GROUP = 'grp:unattached';

const SEVERITIES = ['hint', 'info', 'warning', 'error'] as const;
type Severity = NonNullable<ElementData['severity']>;
const MAX_LISTED = 12;

function worse(a: Severity | undefined, b: Severity | undefined): Severity | undefined {
  if (!a) return b;
  if (!b) return a;
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}

/** Lines of a tooltip that are finding messages (`error rule-id: message`). */
function findingLines(tooltip: string): string[] {
  return tooltip.split('\n').filter((l) => /^(error|warning|info|hint) [a-z0-9-]+: /.test(l));
}

function listed(items: string[], max = MAX_LISTED): string[] {
  return items.length > max ? [...items.slice(0, max), `… and ${items.length - max} more`] : items;
}

/** Service node id → the id of its group: its first network's node, else the unattached group. */
export function serviceGroups(elements: GraphElement[]): Map<string, string> {
  const groups = new Map<string, string>();
  for (const e of elements) {
    if (e.group === 'edges' && e.data.kind === 'attachment' && e.data.source && e.data.target && !groups.has(e.data.source)) groups.set(e.data.source, e.data.target);
  }
  for (const e of elements) if (e.data.kind === 'service' && !groups.has(e.data.id)) groups.set(e.data.id, UNATTACHED_GROUP);
  return groups;
}

/** Every group id of the elements (network node ids, plus the unattached group when it has services). */
export function groupIds(elements: GraphElement[]): string[] {
  return [...new Set(serviceGroups(elements).values())];
}

interface GroupFacts {
  services: string[];
  severity?: Severity;
  findings: string[];
  rules: Set<string>;
}

/**
 * The elements with every group not in `expanded` collapsed. Elements of expanded groups are kept as
 * they are (same ids, so a panel that follows edits keeps their positions and selection).
 */
export function collapseElements(elements: GraphElement[], expanded: ReadonlySet<string>): GraphElement[] {
  const groupOf = serviceGroups(elements);
  const hidden = (svc: string) => groupOf.has(svc) && !expanded.has(groupOf.get(svc)!);
  // A port node belongs to the service its published arrow points at.
  const portOwner = new Map<string, string>();
  for (const e of elements) if (e.data.kind === 'published' && e.data.source && e.data.target) portOwner.set(e.data.source, e.data.target);
  const nodeById = new Map(elements.filter((e) => e.group === 'nodes').map((e) => [e.data.id, e]));

  const facts = new Map<string, GroupFacts>();
  const factsOf = (group: string) => {
    let f = facts.get(group);
    if (!f) facts.set(group, (f = { services: [], findings: [], rules: new Set() }));
    return f;
  };
  const noteFindings = (group: string, data: ElementData) => {
    const f = factsOf(group);
    f.severity = worse(f.severity, data.severity);
    for (const r of data.rules ?? []) f.rules.add(r);
    for (const line of findingLines(data.tooltip)) f.findings.push(line);
  };
  /** Where an endpoint is drawn: itself, or its collapsed group. */
  const shownAs = (id: string): string => {
    const owner = portOwner.get(id);
    if (owner !== undefined) return hidden(owner) ? (nodeById.get(id)?.data.parent ?? id) : id;
    return hidden(id) ? groupOf.get(id)! : id;
  };

  // In the elements' order, so with every group open the view is the full picture, element for element.
  const out: GraphElement[] = [];
  const shownMembers = new Set<string>();
  // Arrows: kept when both ends are drawn, else merged per kind and pair of drawn ends.
  const merged = new Map<string, GraphElement[]>();
  for (const e of elements) {
    if (e.group === 'nodes') {
      if (e.data.kind === 'service' && hidden(e.data.id)) {
        const group = groupOf.get(e.data.id)!;
        factsOf(group).services.push(e.data.label.split('\n')[0]);
        noteFindings(group, e.data);
        continue;
      }
      if (e.data.kind === 'port' && hidden(portOwner.get(e.data.id) ?? '')) continue;
      if (e.data.parent) shownMembers.add(e.data.parent);
      out.push(e);
      continue;
    }
    const source = shownAs(e.data.source!);
    const target = shownAs(e.data.target!);
    if (source === e.data.source && target === e.data.target) {
      out.push(e);
      continue;
    }
    if (source === target) {
      // Inside one collapsed group: its findings stay visible on the group.
      if (e.data.severity) noteFindings(source, e.data);
      continue;
    }
    const key = `${e.data.kind}:${source}>${target}`;
    const list = merged.get(key) ?? [];
    list.push(e);
    merged.set(key, list);
  }
  for (const [key, list] of merged) {
    const first = list[0];
    const [source, target] = key.slice(key.indexOf(':') + 1).split('>');
    const severity = list.reduce<Severity | undefined>((s, e) => worse(s, e.data.severity), undefined);
    const rules = [...new Set(list.flatMap((e) => e.data.rules ?? []))];
    const many = list.length !== 1;
    const noun =
      first.data.kind === 'reference'
        ? `reference${many ? 's' : ''}`
        : first.data.kind === 'published'
          ? `published port${many ? 's' : ''}`
          : first.data.kind === 'runs'
            ? `swarm task${many ? 's' : ''}`
            : `service${many ? 's' : ''} attached`;
    const classes = new Set([first.data.kind, 'aggregate']);
    const all = (c: string) => list.every((e) => e.classes.split(' ').includes(c));
    if (first.data.kind === 'reference') {
      if (all('dependency')) classes.add('dependency');
      if (all('broken')) classes.add('broken');
      if (list.some((e) => e.classes.split(' ').includes('loopback'))) classes.add('loopback');
    }
    if (severity) classes.add('finding').add(`sev-${severity}`);
    for (const r of rules) classes.add(`rule-${r}`);
    const findings = list.flatMap((e) => findingLines(e.data.tooltip));
    out.push({
      group: 'edges',
      data: {
        id: `agg:${key}`,
        label: !many && first.data.kind === 'reference' ? first.data.label : `${list.length} ${noun}`,
        kind: first.data.kind,
        source,
        target,
        tooltip: [`${list.length} ${noun}`, ...listed(list.map((e) => e.data.tooltip.split('\n')[0])), ...listed(findings)].join('\n'),
        loc: first.data.loc,
        ...(severity ? { severity } : {}),
        ...(rules.length ? { rules } : {}),
      },
      classes: [...classes].join(' '),
    });
  }

  // Collapsed groups: the network's node says how many services it holds and what is wrong with them.
  for (const [group, f] of facts) {
    if (!f.services.length) continue;
    const base = nodeById.get(group);
    const findingCount = new Set(f.findings).size;
    const count = `${f.services.length} service${f.services.length === 1 ? '' : 's'}${findingCount ? ` · ${findingCount} finding${findingCount === 1 ? '' : 's'}` : ''}`;
    const data: ElementData = {
      ...(base?.data ?? { id: group, kind: 'network', netKind: 'none', tooltip: 'services on no network of the project' }),
      label: `${base ? base.data.label : 'no network'}\n${count}`,
      tooltip: [base?.data.tooltip ?? 'services on no network of the project', `${count} (double-click to expand): ${listed(f.services).join(', ')}`, ...listed([...new Set(f.findings)])].join('\n'),
      members: f.services.length,
      ...(f.severity ? { severity: f.severity, rules: [...f.rules] } : {}),
    };
    const classes = [base?.classes ?? 'network none', 'group', ...(f.severity ? ['finding', `sev-${f.severity}`] : [])].join(' ');
    const element: GraphElement = { group: 'nodes', data, classes };
    const at = out.findIndex((e) => e.data.id === group);
    if (at >= 0) out[at] = element;
    else out.unshift(element);
  }
  // A shared namespace (or a project's box) whose every member is collapsed would be an empty box.
  return out.filter((e) => (e.data.kind !== 'namespace' && e.data.kind !== 'project') || shownMembers.has(e.data.id));
}
