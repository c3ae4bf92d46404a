// `netlens topology --format dot`: the same picture as the panel (the same elements) for Graphviz.
// Every id and label is a quoted DOT string with quotes and backslashes escaped.
import { topologyElements } from '../topology/elements';
import type { GraphElement } from '../topology/types';
import type { TopologyDocument } from '../topology/types';

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

function nodeAttrs(n: GraphElement): string {
  const cls = n.classes.split(' ');
  const attrs = [`label=${quote(n.data.label)}`, `tooltip=${quote(n.data.tooltip)}`];
  if (n.data.kind === 'network') {
    attrs.push('shape=hexagon');
    if (cls.includes('default-bridge')) attrs.push('color="#bc4c00"');
    else if (cls.includes('host')) attrs.push('color="#8250df"');
    else attrs.push('color="#0969da"');
    if (cls.includes('internal')) attrs.push('style=dashed');
    if (cls.includes('external')) attrs.push('peripheries=2');
  } else if (n.data.kind === 'port') attrs.push('shape=box', 'style=rounded', 'color="#8250df"', 'fontsize=10');
  else attrs.push('shape=box', `style=${quote(cls.includes('inactive') ? 'rounded,dashed' : 'rounded')}`);
  if (cls.includes('finding')) attrs.push('color="#cf222e"', 'penwidth=2.5');
  return attrs.join(', ');
}

function edgeAttrs(e: GraphElement): string {
  const cls = e.classes.split(' ');
  const attrs = [`label=${quote(e.data.label)}`, `tooltip=${quote(e.data.tooltip)}`, 'fontsize=10'];
  if (e.data.kind === 'attachment') attrs.push('dir=none', 'color="#0969da80"');
  else if (e.data.kind === 'published') attrs.push('color="#8250df"');
  else {
    if (cls.includes('dependency')) attrs.push('style=dotted', 'color=gray');
    if (cls.includes('broken')) attrs.push('style=dashed', 'arrowhead=tee');
    if (cls.includes('finding') || cls.includes('loopback')) attrs.push('color="#cf222e"', 'fontcolor="#cf222e"', 'penwidth=2.5');
  }
  return attrs.join(', ');
}

export function topologyDot(doc: TopologyDocument): string {
  const elements = topologyElements(doc);
  const nodes = elements.filter((e) => e.group === 'nodes');
  const children = new Map<string, GraphElement[]>();
  for (const n of nodes) if (n.data.parent) children.set(n.data.parent, [...(children.get(n.data.parent) ?? []), n]);
  const lines = [`digraph ${quote(doc.project)} {`, '  rankdir=LR;', '  node [fontname="sans-serif", fontsize=11];', '  edge [fontname="sans-serif"];'];
  let clusters = 0;
  const emit = (n: GraphElement, indent: string) => {
    const kids = children.get(n.data.id);
    if (kids) {
      lines.push(`${indent}subgraph ${quote(`cluster_${clusters++}`)} {`, `${indent}  label=${quote(n.data.label)};`, `${indent}  style=${quote('rounded,dashed')};`);
      for (const k of kids) emit(k, indent + '  ');
      lines.push(`${indent}}`);
    } else lines.push(`${indent}${quote(n.data.id)} [${nodeAttrs(n)}];`);
  };
  for (const n of nodes) if (!n.data.parent) emit(n, '  ');
  for (const e of elements) if (e.group === 'edges') lines.push(`  ${quote(e.data.source!)} -> ${quote(e.data.target!)} [${edgeAttrs(e)}];`);
  lines.push('}');
  return lines.join('\n') + '\n';
}
