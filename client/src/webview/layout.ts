/// <reference lib="dom" />
// The topology page's layout, in two steps. At once, on the page: every picture packed per network (the
// network's box, then its services, in a block; blocks packed in rows; boxes sized with their labels, so
// nothing overlaps) — linear in the picture's size, and the whole layout of a large one (a large project's
// Expand all). Then, for a picture of up to LAYERED_MAX_NODES nodes, ELK's layered algorithm (elkjs) in a web
// worker, so the page answers meanwhile: left → right, networks in the first column, callers in the middle,
// hubs (services many others dial: databases, caches, brokers) in the last one, arrows routed between the
// boxes and their labels placed by ELK, so no box or label covers another. Without a worker (a page whose CSP
// refuses one) the packed picture stays.
import type cytoscape from 'cytoscape';
import ELK from 'elkjs/lib/elk-api.js';
import type { ElkExtendedEdge, ElkLabel, ElkNode, ElkPoint } from 'elkjs/lib/elk-api.js';

/** elkjs's worker script (lib/elk-worker.min.js), inlined by scripts/build.mjs: started from a blob, as the page loads no other file. */
declare const NETLENS_ELK_WORKER: string;

/** Above this many nodes the layered layout takes seconds: the packed picture stays. */
export const LAYERED_MAX_NODES = 250;
/** A service this many others dial is a hub: it goes to the last column, so their arrows all run one way. */
export const HUB_MIN_CALLERS = 3;

const EDGE_LABEL_FONT = 11;
const EDGE_LABEL_PADDING = 2;

/** Whether ELK's layered layout refines the packed picture (it takes seconds above LAYERED_MAX_NODES nodes). */
export function refinesLayered(nodes: number): boolean {
  return nodes <= LAYERED_MAX_NODES;
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

/** The class of an arrow into a hub whose label the hub says for it (noteHubs). */
export const QUIET = 'nl-quiet';

/**
 * Arrows into a hub mostly carry the same words (`postgres:5432`): said once, in the hub's box (`← 28 × postgres:5432`),
 * and left off those arrows (class QUIET; their tooltips keep them). Arrows saying something else keep their label.
 * Applied again after every update, which gives labels back from the document; only what differs from what is drawn is
 * changed (a changed element is restyled).
 */
export function noteHubs(cy: cytoscape.Core, hubs: Set<string> = hubIds(cy)): void {
  cy.batch(() => {
    const quiet = new Set<string>();
    const notes = new Map<string, string>();
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
      into.forEach((e) => {
        if (e.data('label') === label) quiet.add(e.id());
      });
      notes.set(hub, `← ${n} × ${label.split('\n').join(', ')}`);
    }
    cy.edges(`.${QUIET}`).forEach((e) => {
      if (!quiet.has(e.id())) e.removeClass(QUIET);
    });
    for (const id of quiet) {
      const edge = cy.getElementById(id);
      if (!edge.hasClass(QUIET)) edge.addClass(QUIET);
    }
    cy.nodes('[hubNote]').forEach((n) => {
      if (!notes.has(n.id())) n.data({ label: baseLabel(n), hubNote: undefined, baseLabel: undefined });
    });
    for (const [hub, note] of notes) {
      const node = cy.getElementById(hub);
      const base = baseLabel(node);
      const label = `${base}\n${note}`;
      if (node.data('label') !== label || node.data('hubNote') !== note || node.data('baseLabel') !== base) node.data({ baseLabel: base, hubNote: note, label });
    }
  });
}

/** A node's label without its hub note: the document's (an update gave it back), or the one kept beside the note. */
function baseLabel(node: cytoscape.SingularElementArgument): string {
  const label = String(node.data('label') ?? '');
  const note = node.data('hubNote') as string | undefined;
  const base = node.data('baseLabel') as string | undefined;
  return note !== undefined && base !== undefined && label === `${base}\n${note}` ? base : label;
}

/** Labels drawn: a quiet arrow's is said by its hub. */
function drawnLabel(ele: cytoscape.SingularElementArgument): string {
  return ele.hasClass(QUIET) ? '' : String(ele.data('label') ?? '');
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

/** A box's size: its label is inside it (style.ts sizes boxes from their labels). */
function leafSize(node: cytoscape.NodeSingular): { width: number; height: number } {
  return { width: Math.ceil(node.outerWidth()), height: Math.ceil(node.outerHeight()) };
}

/** The cytoscape graph as ELK's: nodes with their parents, sized with their labels; edges with their labels for the layered layout. */
export function elkGraph(cy: cytoscape.Core, font: string): Built {
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
  {
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
      // (A first column takes no arrow in: a collapsed network with arrows into it stays among the others.)
      if (kindOf === 'network' && node.incomers('edge').filter((e) => e.data('kind') !== 'attachment').empty()) elkNode.layoutOptions = { ...elkNode.layoutOptions, 'elk.layered.layering.layerConstraint': 'FIRST_SEPARATE' };
      // (A last column sends no arrow out: a hub that dials others itself stays among them.)
      else if (hubs.has(node.id()) && node.connectedEdges().filter((e) => e.data('source') === node.id() && e.data('target') !== node.id() && e.data('kind') !== 'attachment').empty()) elkNode.layoutOptions = { ...elkNode.layoutOptions, 'elk.layered.layering.layerConstraint': 'LAST' };
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
  }
  return { graph: root, reversed };
}

/** Rectangles placed left to right in rows about `aspect` times as wide as tall: top-left corners, and the size of the whole. */
function shelves(sizes: Array<{ w: number; h: number }>, gap: number, aspect: number): { w: number; h: number; at: Array<{ x: number; y: number }> } {
  let area = 0;
  let widest = 0;
  for (const s of sizes) {
    area += (s.w + gap) * (s.h + gap);
    widest = Math.max(widest, s.w);
  }
  const limit = Math.max(widest, Math.sqrt(area * aspect));
  const at: Array<{ x: number; y: number }> = [];
  let x = 0;
  let y = 0;
  let row = 0;
  let w = 0;
  for (const s of sizes) {
    if (x > 0 && x + s.w > limit) {
      y += row + gap;
      x = 0;
      row = 0;
    }
    at.push({ x, y });
    x += s.w + gap;
    row = Math.max(row, s.h);
    w = Math.max(w, x - gap);
  }
  return { w, h: y + row, at };
}

interface Unit {
  node?: cytoscape.NodeSingular;
  /** A box: its children are placed inside it. */
  box?: boolean;
  kids: Unit[];
  at: Array<{ x: number; y: number }>;
  w: number;
  h: number;
  top: number;
  side: number;
}

/**
 * The packed picture: each network's block (the network's box first, then the services whose first network it
 * is, and boxes holding services), blocks packed in rows; a box (the host's ports, a shared namespace) packs its
 * own children under its label. Linear in the number of nodes. `adopting`: nodes drawn without their box for now
 * (child id → box id, see `adoptChildren`), packed inside it all the same.
 */
export function packedPlaces(cy: cytoscape.Core, font: string, adopting: ReadonlyMap<string, string> = new Map()): Placed {
  const groupOf = new Map<string, string>();
  cy.edges('[kind = "attachment"]').forEach((e) => {
    const s = String(e.data('source'));
    if (!groupOf.has(s)) groupOf.set(s, String(e.data('target')));
  });
  const adopted = new Map<string, cytoscape.NodeSingular[]>();
  for (const [child, box] of adopting) {
    const node = cy.getElementById(child);
    if (node.empty() || cy.getElementById(box).empty()) continue;
    const list = adopted.get(box) ?? [];
    list.push(node as cytoscape.NodeSingular);
    adopted.set(box, list);
  }
  const childrenOf = (node: cytoscape.NodeSingular): cytoscape.NodeSingular[] => {
    const own = node.isParent() ? (node.children().toArray() as cytoscape.NodeSingular[]) : [];
    const more = adopted.get(node.id());
    return more ? [...own, ...more] : own;
  };
  const unitOf = (node: cytoscape.NodeSingular): Unit => {
    const children = childrenOf(node);
    if (!children.length) return { node, kids: [], at: [], w: Math.ceil(node.outerWidth()), h: Math.ceil(node.outerHeight()), top: 0, side: 0 };
    const p = compoundPadding(node, font);
    const kids = children.map(unitOf);
    const packed = shelves(kids, 12, 1.6);
    return { node, box: true, kids, at: packed.at, w: Math.max(packed.w + 2 * p.side, p.labelW + 2 * p.side), h: packed.h + p.top + p.side, top: p.top, side: p.side };
  };
  const blocks = new Map<string, Unit[]>();
  /** The network of the first service inside a box, at any depth. */
  const networkInside = (node: cytoscape.NodeSingular): string | undefined => {
    for (const child of childrenOf(node)) {
      const found = groupOf.get(child.id()) ?? networkInside(child);
      if (found) return found;
    }
    return undefined;
  };
  const keyOf = (node: cytoscape.NodeSingular): string => {
    if (node.data('kind') === 'network') return node.id();
    return groupOf.get(node.id()) ?? networkInside(node) ?? '';
  };
  cy.nodes().orphans().forEach((node) => {
    if (adopting.has(node.id()) && cy.getElementById(adopting.get(node.id())!).nonempty()) return;
    const key = keyOf(node);
    const list = blocks.get(key) ?? [];
    if (node.data('kind') === 'network') list.unshift(unitOf(node));
    else list.push(unitOf(node));
    blocks.set(key, list);
  });
  const blockUnits: Unit[] = [...blocks.values()].map((kids) => {
    const packed = shelves(kids, 16, 1.6);
    return { kids, at: packed.at, w: packed.w + 32, h: packed.h + 32, top: 16, side: 16 };
  });
  const whole = shelves(blockUnits, 40, 1.6);
  const centres = new Map<string, { x: number; y: number }>();
  const widths = new Map<string, number>();
  const place = (u: Unit, x: number, y: number): void => {
    if (u.node && !u.box) {
      centres.set(u.node.id(), { x: x + u.w / 2, y: y + u.h / 2 });
      return;
    }
    if (u.node) widths.set(u.node.id(), u.w);
    u.kids.forEach((k, i) => place(k, x + u.side + u.at[i].x, y + u.top + u.at[i].y));
  };
  blockUnits.forEach((b, i) => place(b, whole.at[i].x, whole.at[i].y));
  return { centres, widths, routes: new Map(), extent: { x1: 0, y1: 0, x2: whole.w, y2: whole.h } };
}

/**
 * Moves nodes added without their box into it (child id → box id), once they are placed. A graph with a box in it
 * (a compound node) costs cytoscape far more per element styled — each property set marks the element's boxes and
 * their edges again —, so a large addition (Expand all: hundreds of published ports in the host's box) is styled
 * while no box holds anything, and the few nodes moved are styled again.
 */
export function adoptChildren(cy: cytoscape.Core, adopting: ReadonlyMap<string, string>): void {
  if (!adopting.size) return;
  const byBox = new Map<string, string[]>();
  for (const [child, box] of adopting) {
    if (cy.getElementById(child).empty() || cy.getElementById(box).empty()) continue;
    const list = byBox.get(box) ?? [];
    list.push(child);
    byBox.set(box, list);
  }
  if (!byBox.size) return;
  // Every element's style now, while the graph has no box (cytoscape computes styles when first asked for one).
  cy.elements().forEach((ele) => {
    ele.numericStyle('width');
  });
  cy.batch(() => {
    for (const [box, children] of byBox) {
      const moving = cy.collection();
      for (const id of children) moving.merge(cy.getElementById(id));
      moving.move({ parent: box });
    }
  });
}

/** The graph with no node held to the first or last column. */
function withoutConstraints(node: ElkNode): ElkNode {
  const options = { ...node.layoutOptions };
  delete options['elk.layered.layering.layerConstraint'];
  return { ...node, layoutOptions: options, children: node.children?.map(withoutConstraints) };
}

export interface Placed {
  centres: Map<string, { x: number; y: number }>;
  /** The extent of the whole picture, so fitting it needs no measuring of every element again. */
  extent: { x1: number; y1: number; x2: number; y2: number };
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
        widths.set(child.id, child.width ?? 0);
        walk(child, x, y);
      }
      else centres.set(child.id, { x: x + (child.width ?? 0) / 2, y: y + (child.height ?? 0) / 2 });
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
      // The bends only: cytoscape starts and ends the line on the boxes' borders itself (a point on a border would make a line of no length there).
      let points = (section.bendPoints ?? []).map((p) => ({ x: p.x + o.x, y: p.y + o.y }));
      if (reversed.has(e.id)) points = points.reverse();
      const l = e.labels?.[0];
      const label = l && l.x !== undefined && l.y !== undefined ? { x: o.x + l.x + (l.width ?? 0) / 2, y: o.y + l.y + (l.height ?? 0) / 2 } : undefined;
      routes.set(e.id, { points, label });
    }
    for (const child of node.children ?? []) edgesOf(child);
  };
  edgesOf(result);
  return { centres, widths, routes, extent: { x1: 0, y1: 0, x2: result.width ?? 0, y2: result.height ?? 0 } };
}

/** A route as cytoscape's segments edge: each point as a weight along source → target and a distance across it. */
function segments(points: ElkPoint[], s: { x: number; y: number }, t: { x: number; y: number }): { weights: number[]; distances: number[] } | undefined {
  const dx = t.x - s.x;
  const dy = t.y - s.y;
  const len2 = dx * dx + dy * dy;
  if (len2 < 1) return undefined;
  const len = Math.sqrt(len2);
  // No bend: straight, as one point halfway.
  if (!points.length) return { weights: [0.5], distances: [0] };
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

/**
 * Moves the nodes to their places and draws the routed edges along their routes, labels where ELK put them.
 * `adopting`: nodes drawn without their box so far, moved into it once placed (`adoptChildren`).
 */
export function applyPlaced(cy: cytoscape.Core, result: Placed, adopting: ReadonlyMap<string, string> = new Map()): void {
  // All positions in one call: moving nodes one by one makes cytoscape recompute their boxes' bounds each time.
  cy.nodes(':childless').positions((node) => result.centres.get(node.id()) ?? node.position());
  adoptChildren(cy, adopting);
  cy.batch(() => {
    cy.nodes(':parent').forEach((node) => {
      const w = result.widths.get(node.id());
      if (w !== undefined) node.data('minW', Math.max(0, w - 2 * (parseFloat(String(node.style('padding'))) || 0)));
    });
    cy.edges().forEach((edge) => {
      const route = result.routes.get(edge.id());
      const seg = route ? segments(route.points, edge.source().position(), edge.target().position()) : undefined;
      if (!route || !seg) {
        // Only where there is a route to take back: changing an element's data restyles it (every edge of a large picture).
        if (edge.hasClass('routed')) {
          edge.removeClass('routed');
          edge.removeData('segW segD lmx lmy');
        }
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

/** Zoom and pan showing the whole placed picture with `padding` around it (cytoscape's fit would measure every element and label again). */
export function fitPlaced(cy: cytoscape.Core, extent: Placed['extent'], padding = 30): void {
  const w = Math.max(1, extent.x2 - extent.x1);
  const h = Math.max(1, extent.y2 - extent.y1);
  const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), Math.min((cy.width() - 2 * padding) / w, (cy.height() - 2 * padding) / h)));
  cy.viewport({ zoom, pan: { x: (cy.width() - zoom * (extent.x1 + extent.x2)) / 2, y: (cy.height() - zoom * (extent.y1 + extent.y2)) / 2 } });
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
 * when a newer layout supersedes one still running. `run` resolves with where ELK placed the picture, or
 * undefined when superseded or when no worker can be started (the packed picture stays then).
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

  async run(cy: cytoscape.Core, font: string): Promise<Placed | undefined> {
    const generation = ++this.generation;
    if (this.busy && this.elk) {
      // A layout of an older picture is still running: its answer is not wanted.
      this.elk.terminateWorker();
      this.elk = undefined;
    }
    const elk = this.start();
    if (!elk) return undefined;
    // Timings as performance measures (netlens:layout:*), read by the benchmark.
    const t0 = performance.now();
    const built = elkGraph(cy, font);
    const t1 = performance.now();
    performance.measure('netlens:layout:graph', { start: t0, end: t1 });
    this.busy = true;
    let result: ElkNode;
    try {
      result = await elk.layout(built.graph).catch((err: unknown) => {
        if (generation !== this.generation) throw err;
        // Refused for its columns (a constraint ELK cannot keep): once more, without them.
        console.warn(`netlens: the layout is placed without first and last columns (${(err as Error)?.message ?? String(err)})`);
        return elk.layout(withoutConstraints(built.graph));
      });
      performance.measure('netlens:layout:elk', { start: t1, end: performance.now() });
    } catch (err) {
      if (generation !== this.generation) return undefined;
      this.busy = false;
      // ELK refused this graph: this picture is placed on the page (the caller's fallback), the next goes to ELK again.
      console.warn(`netlens: the layout failed (${(err as Error)?.message ?? String(err)}); placing the picture on the page`);
      throw err;
    }
    if (generation !== this.generation || cy.destroyed()) return undefined;
    this.busy = false;
    const t2 = performance.now();
    const where = placed(result, built.reversed);
    applyPlaced(cy, where);
    performance.measure('netlens:layout:apply', { start: t2, end: performance.now() });
    return where;
  }
}
