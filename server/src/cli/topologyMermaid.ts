// `netlens topology --format mermaid`: the same picture as the panel (the same elements) as a
// Mermaid flowchart. Names become generated ids; labels are quoted with Mermaid's entity codes.
import { topologyElements } from '../topology/elements';
import type { GraphElement } from '../topology/types';
import type { TopologyDocument } from '../topology/types';

/** Mermaid label text: quotes and markup characters as `#code;` entities, lines joined. */
function label(text: string): string {
  const escaped = text.replace(/[#"<>&`|[\]{}()]/g, (c) => `#${c.charCodeAt(0)};`);
  return `"${escaped.split('\n').join(' · ')}"`;
}

export function topologyMermaid(doc: TopologyDocument): string {
  const elements = topologyElements(doc);
  const idOf = new Map<string, string>();
  let counter = 0;
  const id = (raw: string) => {
    let v = idOf.get(raw);
    if (!v) idOf.set(raw, (v = `n${counter++}`));
    return v;
  };
  const nodes = elements.filter((e) => e.group === 'nodes');
  const edges = elements.filter((e) => e.group === 'edges');
  const children = new Map<string, GraphElement[]>();
  for (const n of nodes) if (n.data.parent) children.set(n.data.parent, [...(children.get(n.data.parent) ?? []), n]);
  const lines = ['flowchart LR'];
  const shape = (n: GraphElement) => {
    const l = label(n.data.label);
    if (n.data.kind === 'network') return `${id(n.data.id)}{{${l}}}`;
    if (n.data.kind === 'port') return `${id(n.data.id)}([${l}])`;
    return `${id(n.data.id)}[${l}]`;
  };
  const emit = (n: GraphElement, indent: string) => {
    const kids = children.get(n.data.id);
    if (kids) {
      lines.push(`${indent}subgraph ${id(n.data.id)} [${label(n.data.label)}]`);
      for (const k of kids) emit(k, indent + '  ');
      lines.push(`${indent}end`);
    } else lines.push(indent + shape(n));
  };
  for (const n of nodes) if (!n.data.parent) emit(n, '  ');
  const styles: string[] = [];
  edges.forEach((e, i) => {
    const cls = e.classes.split(' ');
    const arrow = e.data.kind === 'attachment' ? '---' : cls.includes('broken') || cls.includes('dependency') ? '-.->' : e.data.kind === 'reference' && cls.includes('finding') ? '==>' : '-->';
    const text = e.data.label ? `|${label(e.data.label)}|` : '';
    lines.push(`  ${id(e.data.source!)} ${arrow}${text} ${id(e.data.target!)}`);
    if (cls.includes('finding') || cls.includes('loopback')) styles.push(`  linkStyle ${i} stroke:#cf222e,stroke-width:3px,color:#cf222e`);
  });
  for (const n of nodes) if (n.classes.split(' ').includes('finding')) styles.push(`  style ${id(n.data.id)} stroke:#cf222e,stroke-width:3px`);
  return [...lines, ...styles].join('\n') + '\n';
}
