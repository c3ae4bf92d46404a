/// <reference lib="dom" />
// A true vector export of the picture: boxes, lines, arrowheads and text written as SVG from the
// positions and computed styles cytoscape has (its canvas renderer has no vector output, and the SVG
// plug-in for it is GPL and unmaintained). Every string from a Compose file is written as escaped
// character data or attribute text, never as markup.
import type cytoscape from 'cytoscape';

/** Character data and attribute values: every character that could open markup or end a value. */
export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const num = (n: number) => (Number.isFinite(n) ? Math.round(n * 10) / 10 : 0);

/** A computed colour, only if it looks like one (cytoscape gives `rgb(r,g,b)`). */
function colour(value: unknown, fallback: string): string {
  const s = String(value ?? '');
  return /^(rgba?\([\d.,\s%]+\)|#[0-9a-fA-F]{3,8}|[a-z]+)$/.test(s) ? s : fallback;
}

function px(value: unknown): number {
  const n = parseFloat(String(value));
  return Number.isFinite(n) ? n : 0;
}

function dash(style: string): string {
  return style === 'dashed' ? ' stroke-dasharray="7 5"' : style === 'dotted' ? ' stroke-dasharray="2 3"' : '';
}

/** Multi-line text centred on x, its block centred on y (or starting at y when `top`). */
function text(lines: string[], x: number, y: number, size: number, fill: string, font: string, opts: { top?: boolean; bold?: boolean; halo?: string } = {}): string {
  if (!lines.length || (lines.length === 1 && !lines[0])) return '';
  const lineHeight = size * 1.25;
  const first = opts.top ? y - lineHeight * (lines.length - 1) - 3 : y - (lineHeight * (lines.length - 1)) / 2;
  const halo = opts.halo ? ` stroke="${escapeXml(opts.halo)}" stroke-width="3" paint-order="stroke"` : '';
  const spans = lines.map((l, i) => `<tspan x="${num(x)}" ${i === 0 ? `y="${num(first)}"` : `dy="${num(lineHeight)}"`}>${escapeXml(l)}</tspan>`).join('');
  return `<text text-anchor="middle" dominant-baseline="central" font-family="${escapeXml(font)}" font-size="${num(size)}"${opts.bold ? ' font-weight="bold"' : ''} fill="${escapeXml(fill)}"${halo}>${spans}</text>`;
}

function nodeShape(n: cytoscape.NodeSingular, fg: string): string {
  const bb = n.isParent() ? n.boundingBox({ includeLabels: false, includeOverlays: false }) : undefined;
  const pos = n.position();
  const w = bb ? bb.w : n.outerWidth() - px(n.style('border-width'));
  const h = bb ? bb.h : n.outerHeight() - px(n.style('border-width'));
  const x = bb ? bb.x1 : pos.x - w / 2;
  const y = bb ? bb.y1 : pos.y - h / 2;
  const shape = String(n.style('shape'));
  const fill = colour(n.style('background-color'), 'none');
  const fillOpacity = px(n.style('background-opacity'));
  const stroke = colour(n.style('border-color'), fg);
  const strokeWidth = px(n.style('border-width'));
  const opacity = px(n.style('opacity'));
  const paint = `fill="${escapeXml(fill)}" fill-opacity="${num(fillOpacity)}" stroke="${escapeXml(stroke)}" stroke-width="${num(strokeWidth)}"${dash(String(n.style('border-style')))}${opacity < 1 ? ` opacity="${num(opacity)}"` : ''}`;
  const radius = shape === 'ellipse' ? 0 : shape.includes('round') || shape === 'barrel' ? Math.min(10, h / 4) : 0;
  return shape === 'ellipse'
    ? `<ellipse cx="${num(pos.x)}" cy="${num(pos.y)}" rx="${num(w / 2)}" ry="${num(h / 2)}" ${paint}/>`
    : `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" rx="${num(radius)}" ${paint}/>`;
}

function nodeLabel(n: cytoscape.NodeSingular, font: string, fg: string): string {
  const label = String(n.data('label') ?? '');
  if (!label) return '';
  const size = px(n.style('font-size')) || 12;
  const fill = colour(n.style('color'), fg);
  const bold = String(n.style('font-weight')) === 'bold';
  if (n.isParent() || String(n.style('text-valign')) === 'top') {
    const bb = n.boundingBox({ includeLabels: false, includeOverlays: false });
    return text(label.split('\n'), (bb.x1 + bb.x2) / 2, bb.y1 - size / 2, size, fill, font, { top: true, bold });
  }
  const pos = n.position();
  return text(label.split('\n'), pos.x, pos.y, size, fill, font, { bold });
}

function edgeShape(e: cytoscape.EdgeSingular, fg: string): string {
  const s = e.sourceEndpoint();
  const t = e.targetEndpoint();
  const ctrl = String(e.style('curve-style')) === 'bezier' ? (e.controlPoints() ?? []) : [];
  const stroke = colour(e.style('line-color'), fg);
  const width = px(e.style('width')) || 1;
  const opacity = px(e.style('line-opacity') ?? 1);
  const d = ctrl.length === 1 ? `M${num(s.x)},${num(s.y)} Q${num(ctrl[0].x)},${num(ctrl[0].y)} ${num(t.x)},${num(t.y)}` : `M${[s, ...ctrl, t].map((p) => `${num(p.x)},${num(p.y)}`).join(' L')}`;
  let out = `<path d="${d}" fill="none" stroke="${escapeXml(stroke)}" stroke-width="${num(width)}"${dash(String(e.style('line-style')))}${opacity < 1 ? ` stroke-opacity="${num(opacity)}"` : ''}/>`;
  const arrow = String(e.style('target-arrow-shape'));
  if (arrow !== 'none') {
    // The head points along the line's last stretch, its tip on the target's border.
    const from = ctrl.length ? ctrl[ctrl.length - 1] : s;
    const len = Math.hypot(t.x - from.x, t.y - from.y) || 1;
    const ux = (t.x - from.x) / len;
    const uy = (t.y - from.y) / len;
    const size = 4 + width * 2.5 * (px(e.style('arrow-scale')) || 1);
    const fill = escapeXml(colour(e.style('target-arrow-color'), stroke));
    if (arrow === 'tee') {
      out += `<path d="M${num(t.x - uy * size)},${num(t.y + ux * size)} L${num(t.x + uy * size)},${num(t.y - ux * size)}" stroke="${fill}" stroke-width="${num(width + 1)}"/>`;
    } else {
      const bx = t.x - ux * size * 1.6;
      const by = t.y - uy * size * 1.6;
      out += `<polygon points="${num(t.x)},${num(t.y)} ${num(bx - uy * size * 0.7)},${num(by + ux * size * 0.7)} ${num(bx + uy * size * 0.7)},${num(by - ux * size * 0.7)}" fill="${fill}"/>`;
    }
  }
  return out;
}

function edgeLabel(e: cytoscape.EdgeSingular, font: string, fg: string, bg: string): string {
  const label = String(e.data('label') ?? '');
  if (!label) return '';
  const mid = e.midpoint();
  return text(label.split('\n'), mid.x, mid.y, px(e.style('font-size')) || 11, colour(e.style('color'), fg), font, { halo: bg });
}

/** The whole graph as an SVG document (the title names the project; fonts and colours as drawn). */
export function graphSvg(cy: cytoscape.Core, opts: { title: string; bg: string; fg: string; font: string }): string {
  const box = cy.elements().boundingBox({});
  const pad = 20;
  const x = box.x1 - pad;
  const y = box.y1 - pad;
  const w = Math.ceil(box.w + 2 * pad);
  const h = Math.ceil(box.h + 2 * pad);
  const nodes: cytoscape.NodeSingular[] = [];
  cy.nodes().forEach((n) => {
    if (n.visible()) nodes.push(n);
  });
  const edges: cytoscape.EdgeSingular[] = [];
  cy.edges().forEach((e) => {
    if (e.visible()) edges.push(e);
  });
  const node = (n: cytoscape.NodeSingular) => nodeShape(n, opts.fg) + nodeLabel(n, opts.font, opts.fg);
  // Painted back to front as on the canvas: boxes that hold others, arrows, boxes, then arrow labels.
  const parts = [
    `<rect x="${num(x)}" y="${num(y)}" width="${w}" height="${h}" fill="${escapeXml(opts.bg)}"/>`,
    ...nodes.filter((n) => n.isParent()).map(node),
    ...edges.map((e) => edgeShape(e, opts.fg)),
    ...nodes.filter((n) => !n.isParent()).map(node),
    ...edges.map((e) => edgeLabel(e, opts.font, opts.fg, opts.bg)),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="${num(x)} ${num(y)} ${w} ${h}"><title>${escapeXml(opts.title)}</title>\n${parts.filter(Boolean).join('\n')}\n</svg>\n`;
}
