/// <reference lib="dom" />
// How the topology page looks: the theme's colours read from CSS variables, the cytoscape
// stylesheet per element kind.
import type cytoscape from 'cytoscape';
import { routedEdgeStyle } from './layout';
import { panelRules } from './panelStyle';

export interface Palette {
  bg: string;
  fg: string;
  muted: string;
  border: string;
  node: string;
  accent: string;
  error: string;
  warning: string;
  info: string;
  network: string;
  bridge: string;
  host: string;
  link: string;
  font: string;
}

/** Theme colours as canvas-ready strings: CSS variables resolved, then normalised by a 2D context. */
export function readPalette(): Palette {
  const css = getComputedStyle(document.documentElement);
  const ctx = document.createElement('canvas').getContext('2d');
  const colour = (name: string, fallback: string) => {
    const raw = css.getPropertyValue(name).trim() || fallback;
    if (!ctx) return fallback;
    ctx.fillStyle = fallback;
    ctx.fillStyle = raw;
    return String(ctx.fillStyle);
  };
  return {
    bg: colour('--nl-bg', '#ffffff'),
    fg: colour('--nl-fg', '#1f2328'),
    muted: colour('--nl-muted', '#656d76'),
    border: colour('--nl-border', '#8c959f'),
    node: colour('--nl-node', '#f6f8fa'),
    accent: colour('--nl-accent', '#0969da'),
    error: colour('--nl-error', '#cf222e'),
    warning: colour('--nl-warning', '#9a6700'),
    info: colour('--nl-info', '#0969da'),
    network: colour('--nl-network', '#0969da'),
    bridge: colour('--nl-bridge', '#bc4c00'),
    host: colour('--nl-host', '#8250df'),
    link: colour('--nl-link', '#1a7f37'),
    font: css.getPropertyValue('--nl-font').trim() || 'sans-serif',
  };
}

/** Node sizes from their labels, measured on a canvas (cytoscape's `width: label` is deprecated and unreliable). */
function labelSizer(font: string): (size: number) => { w: (ele: cytoscape.NodeSingular) => number; h: (ele: cytoscape.NodeSingular) => number } {
  return (size) => {
    // A context per size, its font set once: setting a canvas's font parses it, and most labels are measured once only.
    const ctx = document.createElement('canvas').getContext('2d');
    if (ctx) ctx.font = `${size}px ${font}`;
    const cache = new Map<string, { w: number; h: number }>();
    const measure = (text: string) => {
      const hit = cache.get(text);
      if (hit) return hit;
      const lines = text.split('\n');
      let w = 0;
      if (ctx) for (const l of lines) w = Math.max(w, ctx.measureText(l).width);
      else {
        for (const l of lines) w = Math.max(w, l.length);
        w *= size * 0.6;
      }
      const measured = { w: Math.ceil(w) + 2, h: Math.ceil(lines.length * size * 1.3) };
      cache.set(text, measured);
      return measured;
    };
    return { w: (ele) => measure(String(ele.data('label') ?? '')).w, h: (ele) => measure(String(ele.data('label') ?? '')).h };
  };
}

/** The smallest label drawn in a large picture, in pixels on the screen. */
const LARGE_MIN_FONT = 9;
/** The largest label font (a service's, 13 px). */
const LARGEST_FONT = 13;
/** From this zoom on, some label of a large picture can be read (LARGE_MIN_FONT of LARGEST_FONT). */
export const LABELS_FROM_ZOOM = LARGE_MIN_FONT / LARGEST_FONT;
/** The class marking the elements of a large picture whose labels are made (view.ts: those in sight from LABELS_FROM_ZOOM on). */
export const LABELLED = 'nl-label';

/** A label's look: these properties make cytoscape measure and place the label of every element that has them. */
const LABEL_PROPERTY = /^(label|color|font-|text-|min-zoomed-font-size$)/;

/**
 * The rules of a large picture: each rule's label properties apply only to elements marked LABELLED, in a rule of their
 * own right after it (so later rules still win as before). Styling, measuring and placing thousands of labels nobody
 * can read at the zoom that shows them all is most of the work of drawing such a picture the first time.
 */
function labelsOnlyWhereMarked(rules: Array<{ selector: string; style: Record<string, unknown> }>): Array<{ selector: string; style: Record<string, unknown> }> {
  return rules.flatMap((rule) => {
    const label = Object.entries(rule.style).filter(([name]) => LABEL_PROPERTY.test(name));
    if (!label.length) return [rule];
    const rest = Object.entries(rule.style).filter(([name]) => !LABEL_PROPERTY.test(name));
    const marked = rule.selector.split(',').map((part) => `${part.trim()}.${LABELLED}`).join(', ');
    return [...(rest.length ? [{ selector: rule.selector, style: Object.fromEntries(rest) }] : []), { selector: marked, style: Object.fromEntries(label) }];
  });
}

/**
 * `large`: labels appear only once zoomed in far enough to read them (drawing hundreds of unreadable labels is most of a
 * frame), and only on the elements marked LABELLED (labelsOnlyWhereMarked).
 */
export function stylesheet(p: Palette, large = false): cytoscape.StylesheetJson {
  const rules = allRules(p, large);
  return (large ? labelsOnlyWhereMarked(rules) : rules) as cytoscape.StylesheetJson;
}

function allRules(p: Palette, large: boolean): Array<{ selector: string; style: Record<string, unknown> }> {
  const minFont = large ? LARGE_MIN_FONT : 4;
  const sizer = labelSizer(p.font);
  const s12 = sizer(LARGEST_FONT);
  const s11 = sizer(12);
  return [
    { selector: 'node', style: { label: 'data(label)', color: p.fg, 'font-family': p.font, 'font-size': LARGEST_FONT, 'text-wrap': 'wrap', 'text-valign': 'center', 'text-halign': 'center', 'min-zoomed-font-size': minFont } },
    {
      selector: 'node.service',
      style: { shape: 'round-rectangle', width: s12.w, height: s12.h, padding: '10px', 'background-color': p.node, 'border-width': 1.5, 'border-color': p.fg },
    },
    { selector: 'node.service.inactive', style: { opacity: 0.5, 'border-style': 'dashed' } },
    {
      selector: 'node.network',
      style: { shape: 'barrel', width: s11.w, height: s11.h, padding: '10px', 'background-color': p.network, 'background-opacity': 0.12, 'border-width': 2, 'border-color': p.network, color: p.fg, 'font-size': 12 },
    },
    { selector: 'node.network.internal', style: { 'border-style': 'dashed' } },
    { selector: 'node.network.external', style: { 'border-style': 'double', 'border-width': 4 } },
    { selector: 'node.network.default-bridge', style: { shape: 'round-octagon', 'border-color': p.bridge, 'background-color': p.bridge } },
    { selector: 'node.network.host', style: { shape: 'round-octagon', 'border-color': p.host, 'background-color': p.host } },
    { selector: 'node.network.none', style: { 'border-color': p.muted, 'background-color': p.muted, 'border-style': 'dotted' } },
    {
      selector: 'node.docker-host',
      style: { shape: 'round-rectangle', 'background-color': p.host, 'background-opacity': 0.06, 'border-color': p.host, 'border-width': 1.5, 'text-valign': 'top', 'text-halign': 'center', color: p.host, 'font-weight': 'bold', padding: '12px' },
    },
    {
      selector: 'node.port',
      style: { shape: 'round-rectangle', width: s11.w, height: s11.h, padding: '5px', 'background-color': p.bg, 'border-color': p.host, 'border-width': 1, 'font-size': 12, color: p.fg },
    },
    {
      selector: 'node.namespace',
      style: { shape: 'round-rectangle', 'background-opacity': 0, 'border-style': 'dashed', 'border-width': 1.5, 'border-color': p.muted, 'text-valign': 'top', color: p.muted, 'font-size': 10, padding: '10px' },
    },
    {
      // The box of a Compose project (live, all projects); a network of kind "project" carries the class too.
      selector: 'node.project[kind = "project"]',
      style: { shape: 'round-rectangle', 'background-opacity': 0, 'border-style': 'solid', 'border-width': 1, 'border-color': p.accent, 'text-valign': 'top', color: p.accent, 'font-size': 12, 'font-weight': 'bold', padding: '14px' },
    },
    // Swarm (live, manager): a box per node holding its tasks; the ingress network is the routing mesh.
    {
      selector: 'node.swarm-node',
      style: { shape: 'round-rectangle', 'background-color': p.network, 'background-opacity': 0.04, 'border-color': p.fg, 'border-width': 1, 'text-valign': 'top', 'font-size': 11, padding: '12px' },
    },
    { selector: 'node.task', style: { shape: 'round-rectangle', width: s11.w, height: s11.h, padding: '4px', 'background-color': p.node, 'border-color': p.muted, 'border-width': 1, 'font-size': 11 } },
    { selector: 'node.task.inactive', style: { opacity: 0.5, 'border-style': 'dashed' } },
    { selector: 'node.network.ingress', style: { 'border-style': 'double', 'border-width': 4, 'border-color': p.host } },
    { selector: 'edge.runs', style: { 'line-style': 'dotted', 'line-color': p.muted, width: 1, 'target-arrow-shape': 'none' } },
    { selector: 'node.network.group', style: { 'font-weight': 'bold', 'border-width': 3, 'background-opacity': 0.2 } },
    { selector: 'node.finding.sev-error', style: { 'border-color': p.error, 'border-width': 3 } },
    { selector: 'node.finding.sev-warning', style: { 'border-color': p.warning, 'border-width': 3 } },
    { selector: 'node.finding.sev-info, node.finding.sev-hint', style: { 'border-color': p.info, 'border-width': 2 } },
    { selector: 'edge', style: { 'curve-style': 'bezier', width: 1.5, color: p.fg } },
    {
      // Text properties only where there is text: most attachment lines have none, and every property is work per element.
      selector: 'edge[?label]',
      style: {
        label: 'data(label)', 'font-family': p.font, 'font-size': 11, 'text-wrap': 'wrap',
        'text-background-color': p.bg, 'text-background-opacity': 0.85, 'text-background-padding': '2px', 'min-zoomed-font-size': minFont + 1,
      },
    },
    // A large graph's attachment lines as cytoscape's cheapest edges (straight, centre to centre, under the boxes): no
    // curve to compute for thousands of them. Routed ones (ELK, up to LAYERED_MAX_NODES nodes) keep their route below.
    ...(large ? [{ selector: 'edge.attachment', style: { 'curve-style': 'haystack', 'haystack-radius': 0 } }] : []),
    routedEdgeStyle,
    // A service dialling itself: a loop wide enough that its label clears the box.
    { selector: 'edge:loop', style: { 'control-point-step-size': 80 } },
    { selector: 'edge.nl-quiet', style: { label: '' } },
    // A box whose label is wider than its content: as wide as the layout made it, growing to the right.
    { selector: 'node[minW]', style: { 'min-width': 'data(minW)', 'min-width-bias-left': '0%', 'min-width-bias-right': '100%' } },
    { selector: 'edge.attachment', style: { 'line-color': p.network, 'line-opacity': 0.55, width: 2, color: p.muted } },
    { selector: 'edge.published', style: { 'line-color': p.host, 'target-arrow-color': p.host, 'target-arrow-shape': 'triangle', color: p.host } },
    { selector: 'edge.reference', style: { 'line-color': p.link, 'target-arrow-color': p.link, 'target-arrow-shape': 'triangle', width: 2, 'arrow-scale': 1.2 } },
    { selector: 'edge.reference.dependency', style: { 'line-style': 'dotted', 'line-color': p.muted, 'target-arrow-color': p.muted, width: 1.5 } },
    { selector: 'edge.reference.broken', style: { 'line-style': 'dashed', 'line-dash-pattern': [7, 5], 'target-arrow-shape': 'tee', 'line-color': p.warning, 'target-arrow-color': p.warning } },
    { selector: 'edge.reference.finding', style: { 'line-color': p.warning, 'target-arrow-color': p.warning, color: p.warning, width: 2.5 } },
    { selector: 'edge.reference.finding.sev-error', style: { 'line-color': p.error, 'target-arrow-color': p.error, color: p.error, width: 3 } },
    { selector: 'edge.reference.loopback', style: { 'line-color': p.error, 'target-arrow-color': p.error, color: p.error, width: 3 } },
    ...(panelRules(p) as unknown as Array<{ selector: string; style: Record<string, unknown> }>),
    { selector: ':selected', style: { 'overlay-color': p.accent, 'overlay-opacity': 0.15 } },
    { selector: '.highlighted', style: { 'underlay-color': p.accent, 'underlay-opacity': 0.35, 'underlay-padding': 6 } },
  ] as Array<{ selector: string; style: Record<string, unknown> }>;
}

/** Above this many nodes a graph is large: labels from a readable zoom only. */
export const LARGE_GRAPH = 150;
