/// <reference lib="dom" />
// The topology page's layout: ELK (elkjs) in a web worker, so the page answers while a large picture is
// placed. Up to LAYERED_MAX_NODES nodes, ELK's layered algorithm left → right: networks in the first column,
// callers in the middle, hubs (services many others dial: brokers, databases, caches) in the last one, every
// box sized with its label, arrows routed between the boxes and their labels placed by ELK, so no box or label
// covers another. Larger pictures (a large project's Expand all) are packed per network: each network's
// services in a block beside it, the blocks packed in rows, arrows drawn straight. Without a worker (a page
// whose CSP refuses one), fcose places the picture on the page's thread as before.
import type cytoscape from 'cytoscape';
import ELK from 'elkjs/lib/elk-api.js';
import type { ElkExtendedEdge, ElkLabel, ElkNode, ElkPoint } from 'elkjs/lib/elk-api.js';

/** elkjs's worker script (lib/elk-worker.min.js), inlined by scripts/build.mjs: started from a blob, as the page loads no other file. */
declare const NETLENS_ELK_WORKER: string;

/** Above this many nodes the layered layout takes seconds: the picture is packed per network instead. */
export const LAYERED_MAX_NODES = 250;
/** A service this many others dial is a hub: it goes to the last column, so their arrows all run one way. */
export const HUB_MIN_CALLERS = 3;

const EDGE_LABEL_FONT = 11;
const EDGE_LABEL_PADDING = 2;

export type LayoutKind = 'layered' | 'grouped';

export function layoutKind(nodes: number): LayoutKind {
  return nodes > LAYERED_MAX_NODES ? 'grouped' : 'layered';
}

/** Width and height of a plain-text label (lines split on "\n"), as the canvas draws it. */
function textSize(text: string, size: number, font: string): { w: number; h: number } {
  const lines = text.split('\n');
  const ctx = measureContext();
  let w = 0;
  if (ctx) {
    ctx.font = `${size}px ${font}`;
    for (const l of lines) w = Math.max(w, ctx.measureText(l).width);
  } else for (const l of lines) w = Math.max(w, l.length * size * 0.6);
  return { w: Math.ceil(w) + 2, h: Math.ceil(lines.length * size * 1.3) };
}

let context: CanvasRenderingContext2D | null | undefined;
function measureContext(): CanvasRenderingContext2D | null {
  if (context === undefined) context = document.createElement('canvas').getContext('2d');
  return context;
}

/** The hubs: services at least HUB_MIN_CALLERS others reach by a reference arrow. */
export function hubIds(cy: cytoscape.Core): Set<string> {
  const callers = new Map<string, Set<string>>();
  cy.edges('[kind = "reference"]').forEach((e) => {
    const to = String(e.data('target'));
    const set = callers.get(to) ?? new Set<string>();
    set.add(String(e.data('source')));
    callers.set(to, set);
  });
  return new Set([...callers].filter(([, s]) => s.size >= HUB_MIN_CALLERS).map(([id]) => id));
}

/**
 * Arrows into a hub mostly carry the same words (`postgres:5432`): said once, in the hub's box (`← 28 × postgres:5432`),
 * and left off those arrows (class `nl-quiet`; their tooltips keep them). Arrows saying something else keep their label.
 * Applied again after every update, which resets labels and classes from the document.
 */
export function noteHubs(cy: cytoscape.Core, hubs: Set<string> = hubIds(cy)): void {
  cy.batch(() => {
    cy.edges('.nl-quiet').removeClass('nl-quiet');
    cy.nodes('[hubNote]').forEach((n) => {
      n.data({ label: n.data('baseLabel'), hubNote: undefined, baseLabel: undefined });
    });
    for (const hub of hubs) {
      const node = cy.getElementById(hub);
      const into = node.incomers('edge[kind = "reference"]');
      const count = new Map<string, number>();
      into.forEach((e) => {
        const l = String(e.data('label') ?? '');
        if (l) count.set(l, (count.get(l) ?? 0) + 1);
      });
      const [label, n] = [...count].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
      if (n < 2) continue;
      into.filter((e) => e.data('label') === label).addClass('nl-quiet');
      const base = String(node.data('label'));
      node.data({ baseLabel: base, hubNote: `← ${n} × ${label.split('\n').join(', ')}` });
      node.data('label', `${base}\n${node.data('hubNote')}`);
    }
  });
}

/** Labels drawn: a quiet arrow's is said by its hub. */
function drawnLabel(ele: cytoscape.SingularElementArgument): string {
  return ele.hasClass('nl-quiet') ? '' : String(ele.data('label') ?? '');
}

interface Built {
  graph: ElkNode;
  /** Edges handed to ELK from target to source (a network's attachments): their routes are read backwards. */
  reversed: Set<string>;
}

/** Padding of a compound box in ELK: its own padding, and room above it for its label (drawn on top). */
function compoundPadding(node: cytoscape.NodeSingular, font: string): { top: number; side: number; labelW: number } {
  const pad = parseFloat(String(node.style('padding'))) || 10;
  const label = String(node.data('label') ?? '');
  const size = textSize(label, parseFloat(String(node.style('font-size'))) || 12, font);
  return { top: pad + (label ? size.h + 6 : 0), side: pad + 4, labelW: size.w };
}

function leafSize(node: cytoscape.NodeSingular): { width: number; height: number } {
  const box = node.boundingBox({ includeLabels: true, includeOverlays: false } as cytoscape.BoundingBoxOptions);
  return { width: Math.ceil(box.w), height: Math.ceil(box.h) };
}

/** The cytoscape graph as ELK's: nodes with their parents, sized with their labels; edges with their labels for the layered layout. */
export function elkGraph(cy: cytoscape.Core, kind: LayoutKind, font: string): Built {
  const reversed = new Set<string>();
  const made = new Map<string, ElkNode>();
  const make = (node: cytoscape.NodeSingular): ElkNode => {
    const id = node.id();
    const known = made.get(id);
    if (known) return known;
    let elkNode: ElkNode;
    if (node.isParent()) {
      const p = compoundPadding(node, font);
      elkNode = {
        id,
        children: [],
        layoutOptions: {
          'elk.padding': `[top=${p.top},left=${p.side},bottom=${p.side},right=${p.side}]`,
          'elk.nodeSize.constraints': 'MINIMUM_SIZE',
          'elk.nodeSize.minimum': `(${p.labelW + 2 * p.side},20)`,
        },
      };
    } else elkNode = { id, ...leafSize(node) };
    made.set(id, elkNode);
    return elkNode;
  };
  const root: ElkNode = { id: '__root', children: [], edges: [] };
  if (kind === 'layered') {
    root.layoutOptions = {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.mergeEdges': 'true',
      'elk.layered.thoroughness': '2',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.edgeLabels.sideSelection': 'SMART_DOWN',
      'elk.spacing.nodeNode': '24',
      'elk.layered.spacing.nodeNodeBetweenLayers': '40',
      'elk.spacing.edgeNode': '14',
      'elk.spacing.edgeEdge': '8',
      'elk.spacing.edgeLabel': '4',
      'elk.spacing.labelNode': '6',
      'elk.layered.spacing.edgeNodeBetweenLayers': '16',
      'elk.layered.spacing.edgeEdgeBetweenLayers': '8',
      'elk.spacing.componentComponent': '60',
      'elk.separateConnectedComponents': 'true',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
    };
    const hubs = hubIds(cy);
    noteHubs(cy, hubs);
    // Layers of a bounded width (Coffman–Graham): the many services of one network spread over several
    // columns instead of one column as tall as all of them.
    const leaves = cy.nodes().filter((n) => !n.isParent()).length;
    root.layoutOptions['elk.layered.layering.strategy'] = 'COFFMAN_GRAHAM';
    root.layoutOptions['elk.layered.layering.coffmanGraham.layerBound'] = String(Math.max(4, Math.ceil(Math.sqrt(leaves))));
    cy.nodes().forEach((node) => {
      const elkNode = make(node);
      const parent = node.parent().first();
      const holder = parent.nonempty() ? make(parent as cytoscape.NodeSingular) : root;
      holder.children!.push(elkNode);
      const kindOf = String(node.data('kind'));
      // Networks first, hubs last: a network's members and a hub's callers lie between them, and no arrow runs back.
      if (kindOf === 'network') elkNode.layoutOptions = { ...elkNode.layoutOptions, 'elk.layered.layering.layerConstraint': 'FIRST_SEPARATE' };
      else if (hubs.has(node.id())) elkNode.layoutOptions = { ...elkNode.layoutOptions, 'elk.layered.layering.layerConstraint': 'LAST' };
    });
    cy.edges().forEach((edge) => {
      const source = String(edge.data('source'));
      const target = String(edge.data('target'));
      if (source === target) return;
      const back = edge.data('kind') === 'attachment';
      if (back) reversed.add(edge.id());
      const label = drawnLabel(edge);
      const labels: ElkLabel[] = [];
      if (label) {
        const size = textSize(label, EDGE_LABEL_FONT, font);
        labels.push({ id: `${edge.id()}#label`, text: label, width: size.w + 2 * EDGE_LABEL_PADDING, height: size.h + 2 * EDGE_LABEL_PADDING });
      }
      const e: ElkExtendedEdge = { id: edge.id(), sources: [back ? target : source], targets: [back ? source : target], labels };
      root.edges!.push(e);
    });
    return { graph: root, reversed };
  }
  // Packed per network: a block per network (the network, then its services), blocks packed in rows.
  root.layoutOptions = { 'elk.algorithm': 'rectpacking', 'elk.spacing.nodeNode': '40', 'elk.aspectRatio': '1.6' };
  const block = new Map<string, ElkNode>();
  const blockOf = (key: string): ElkNode => {
    let b = block.get(key);
    if (!b) {
      b = { id: `__block:${key}`, children: [], layoutOptions: { 'elk.algorithm': 'box', 'elk.spacing.nodeNode': '16', 'elk.padding': '[top=16,left=16,bottom=16,right=16]', 'elk.box.packingMode': 'GROUP_MIXED' } };
      block.set(key, b);
      root.children!.push(b);
    }
    return b;
  };
  // A service's block is its first network's (as the collapsed view groups it).
  const groupOf = new Map<string, string>();
  cy.edges('[kind = "attachment"]').forEach((e) => {
    const s = String(e.data('source'));
    if (!groupOf.has(s)) groupOf.set(s, String(e.data('target')));
  });
  const keyOf = (node: cytoscape.NodeSingular): string => {
    if (node.data('kind') === 'network') return node.id();
    const group = groupOf.get(node.id());
    if (group) return group;
    const child = node.descendants('[kind = "service"]').first();
    return child.nonempty() ? groupOf.get(child.id()) ?? 'other' : 'other';
  };
  cy.nodes().forEach((node) => {
    const elkNode = make(node);
    const parent = node.parent().first();
    if (parent.nonempty()) {
      const holder = make(parent as cytoscape.NodeSingular);
      holder.children!.push(elkNode);
      holder.layoutOptions = { ...holder.layoutOptions, 'elk.algorithm': 'box', 'elk.spacing.nodeNode': '12' };
      return;
    }
    const b = blockOf(keyOf(node));
    if (node.data('kind') === 'network') b.children!.unshift(elkNode);
    else b.children!.push(elkNode);
  });
  return { graph: root, reversed };
}

interface Placed {
  centres: Map<string, { x: number; y: number }>;
  /** Boxes (compound nodes) with their width in ELK, which made room for their label. */
  widths: Map<string, number>;
  routes: Map<string, { points: ElkPoint[]; label?: ElkPoint }>;
}

/** ELK's answer in the picture's coordinates: leaf centres, and each routed edge's points (source → target) and label centre. */
export function placed(result: ElkNode, reversed: Set<string>): Placed {
  const centres = new Map<string, { x: number; y: number }>();
  const widths = new Map<string, number>();
  const origin = new Map<string, { x: number; y: number }>([[result.id, { x: 0, y: 0 }]]);
  const walk = (node: ElkNode, ox: number, oy: number): void => {
    for (const child of node.children ?? []) {
      const x = ox + (child.x ?? 0);
      const y = oy + (child.y ?? 0);
      origin.set(child.id, { x, y });
      if (child.children && child.children.length) {
        if (!child.id.startsWith('__block:')) widths.set(child.id, child.width ?? 0);
        walk(child, x, y);
      }
      else if (!child.id.startsWith('__block:')) centres.set(child.id, { x: x + (child.width ?? 0) / 2, y: y + (child.height ?? 0) / 2 });
    }
  };
  walk(result, 0, 0);
  const routes = new Map<string, { points: ElkPoint[]; label?: ElkPoint }>();
  const edgesOf = (node: ElkNode): void => {
    for (const e of node.edges ?? []) {
      const section = e.sections?.[0];
      if (!section) continue;
      // Coordinates are relative to the edge's container (elkjs writes it on the edge).
      const o = origin.get((e as { container?: string }).container ?? node.id) ?? { x: 0, y: 0 };
      let points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({ x: p.x + o.x, y: p.y + o.y }));
      if (reversed.has(e.id)) points = points.reverse();
      const l = e.labels?.[0];
      const label = l && l.x !== undefined && l.y !== undefined ? { x: o.x + l.x + (l.width ?? 0) / 2, y: o.y + l.y + (l.height ?? 0) / 2 } : undefined;
      routes.set(e.id, { points, label });
    }
    for (const child of node.children ?? []) edgesOf(child);
  };
  edgesOf(result);
  return { centres, widths, routes };
}

/** A route as cytoscape's segments edge: each point as a weight along source → target and a distance across it. */
function segments(points: ElkPoint[], s: { x: number; y: number }, t: { x: number; y: number }): { weights: number[]; distances: number[] } | undefined {
  const dx = t.x - s.x;
  const dy = t.y - s.y;
  const len2 = dx * dx + dy * dy;
  if (len2 < 1) return undefined;
  const len = Math.sqrt(len2);
  const weights: number[] = [];
  const distances: number[] = [];
  for (const p of points) {
    const px = p.x - s.x;
    const py = p.y - s.y;
    weights.push((px * dx + py * dy) / len2);
    distances.push((dx * py - dy * px) / len);
  }
  return { weights, distances };
}

/** Moves the nodes to ELK's places and draws the routed edges along their routes, labels where ELK put them. */
export function applyPlaced(cy: cytoscape.Core, result: Placed): void {
  cy.batch(() => {
    cy.nodes().forEach((node) => {
      if (node.isParent()) {
        const w = result.widths.get(node.id());
        if (w !== undefined) node.data('minW', Math.max(0, w - 2 * (parseFloat(String(node.style('padding'))) || 0)));
        return;
      }
      const c = result.centres.get(node.id());
      if (c) node.position(c);
    });
    cy.edges().forEach((edge) => {
      const route = result.routes.get(edge.id());
      const seg = route ? segments(route.points, edge.source().position(), edge.target().position()) : undefined;
      if (!route || !seg) {
        edge.removeClass('routed');
        edge.removeData('segW segD lmx lmy');
        return;
      }
      edge.data({ segW: seg.weights, segD: seg.distances, lmx: 0, lmy: 0 });
      edge.addClass('routed');
    });
  });
  // The label sits on the route's midpoint: moved by a margin to where ELK placed it, clear of boxes and other labels.
  cy.batch(() => {
    cy.edges('.routed').forEach((edge) => {
      const label = result.routes.get(edge.id())?.label;
      if (!label) return;
      const mid = edge.midpoint();
      edge.data({ lmx: label.x - mid.x, lmy: label.y - mid.y });
    });
  });
}

/** Straight edges again (a layout that routes nothing, or elements moved by hand). */
export function clearRoutes(cy: cytoscape.Core, edges: cytoscape.EdgeCollection = cy.edges()): void {
  cy.batch(() => {
    edges.filter('.routed').forEach((edge) => {
      edge.removeClass('routed');
      edge.removeData('segW segD lmx lmy');
    });
  });
}

/** The style of routed edges: ELK's route as segments, the label moved to ELK's place. */
export const routedEdgeStyle = {
  selector: 'edge.routed',
  style: { 'curve-style': 'segments', 'segment-weights': 'data(segW)', 'segment-distances': 'data(segD)', 'edge-distances': 'node-position', 'text-margin-x': 'data(lmx)', 'text-margin-y': 'data(lmy)' },
};

/**
 * Runs ELK in one web worker, started once (its start-up is a large part of a first layout) and restarted
 * when a newer layout supersedes one still running. `run` resolves false when superseded or when no worker
 * can be started: the caller places the picture another way then.
 */
export class ElkLayouter {
  private elk: InstanceType<typeof ELK> | undefined;
  private failed = false;
  private busy = false;
  private generation = 0;

  private start(): InstanceType<typeof ELK> | undefined {
    if (this.failed) return undefined;
    if (this.elk) return this.elk;
    try {
      const url = URL.createObjectURL(new Blob([NETLENS_ELK_WORKER], { type: 'text/javascript' }));
      this.elk = new ELK({ workerFactory: () => new Worker(url) });
    } catch {
      this.failed = true;
      this.elk = undefined;
    }
    return this.elk;
  }

  /** Whether a worker can run the layout (false once starting one failed). */
  get available(): boolean {
    return this.start() !== undefined;
  }

  async run(cy: cytoscape.Core, font: string): Promise<boolean> {
    const generation = ++this.generation;
    if (this.busy && this.elk) {
      // A layout of an older picture is still running: its answer is not wanted.
      this.elk.terminateWorker();
      this.elk = undefined;
    }
    const elk = this.start();
    if (!elk) return false;
    const kind = layoutKind(cy.nodes().length);
    const built = elkGraph(cy, kind, font);
    this.busy = true;
    let result: ElkNode;
    try {
      result = await elk.layout(built.graph);
    } catch (err) {
      if (generation !== this.generation) return false;
      this.busy = false;
      // A worker refused by the page's CSP fails here, not when it is made.
      this.failed = true;
      this.elk?.terminateWorker();
      this.elk = undefined;
      console.warn(`netlens: layout worker failed (${(err as Error)?.message ?? String(err)}); using the page's own layout`);
      return false;
    }
    if (generation !== this.generation || cy.destroyed()) return false;
    this.busy = false;
    applyPlaced(cy, placed(result, built.reversed));
    return true;
  }
}
