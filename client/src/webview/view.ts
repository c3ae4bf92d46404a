/// <reference lib="dom" />
// The topology renderer: cytoscape (layout by fcose) in a page, shared by the VS Code panel and
// the CLI's HTML export. Every string from a Compose file reaches the page through `textContent`
// or a canvas label, never as markup.
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { ElementData, GraphElement, TopologyDocument } from '../../../server/src/topology/types';
import { topologyElements, unplacedFindings } from '../../../server/src/topology/elements';
import { COLLAPSE_ABOVE_SERVICES, collapseElements, groupIds, serviceGroups } from '../../../server/src/topology/collapse';
import type { FromPage, ViewState } from './messages';
import { graphSvg } from './svgExport';

cytoscape.use(fcose);

export interface PageHost {
  post(message: FromPage): void;
  /** Saved view state (zoom, pan, selection), if the page was restored. */
  saved(): ViewState | undefined;
  save(state: ViewState): void;
  /** Whether exports go to the host (VS Code saves them) or are downloaded by the page. */
  exportsToHost: boolean;
  /** Whether the page offers the Simulated | Live switch (in VS Code; not in the CLI's HTML export). */
  canSwitchSource?: boolean;
}

interface Palette {
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

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Theme colours as canvas-ready strings: CSS variables resolved, then normalised by a 2D context. */
function readPalette(): Palette {
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
  const ctx = document.createElement('canvas').getContext('2d');
  const cache = new Map<string, { w: number; h: number }>();
  const measure = (text: string, size: number) => {
    const key = `${size}|${text}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const lines = text.split('\n');
    let w = 0;
    if (ctx) {
      ctx.font = `${size}px ${font}`;
      for (const l of lines) w = Math.max(w, ctx.measureText(l).width);
    } else {
      for (const l of lines) w = Math.max(w, l.length);
      w *= size * 0.6;
    }
    const size2 = { w: Math.ceil(w) + 2, h: Math.ceil(lines.length * size * 1.3) };
    cache.set(key, size2);
    return size2;
  };
  return (size) => ({ w: (ele) => measure(String(ele.data('label') ?? ''), size).w, h: (ele) => measure(String(ele.data('label') ?? ''), size).h });
}

/** `large`: labels appear only once zoomed in far enough to read them (drawing hundreds of unreadable labels is most of a frame). */
function stylesheet(p: Palette, large = false): cytoscape.StylesheetJson {
  const minFont = large ? 9 : 4;
  const sizer = labelSizer(p.font);
  const s12 = sizer(13);
  const s11 = sizer(12);
  return [
    { selector: 'node', style: { label: 'data(label)', color: p.fg, 'font-family': p.font, 'font-size': 13, 'text-wrap': 'wrap', 'text-valign': 'center', 'text-halign': 'center', 'min-zoomed-font-size': minFont } },
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
      selector: 'node.project',
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
    {
      selector: 'edge',
      style: {
        label: 'data(label)', 'font-family': p.font, 'font-size': 11, color: p.fg, 'text-wrap': 'wrap', 'curve-style': 'bezier', width: 1.5,
        'text-background-color': p.bg, 'text-background-opacity': 0.85, 'text-background-padding': '2px', 'min-zoomed-font-size': minFont + 1,
      },
    },
    { selector: 'edge.attachment', style: { 'line-color': p.network, 'line-opacity': 0.55, width: 2, color: p.muted } },
    { selector: 'edge.published', style: { 'line-color': p.host, 'target-arrow-color': p.host, 'target-arrow-shape': 'triangle', color: p.host } },
    { selector: 'edge.reference', style: { 'line-color': p.link, 'target-arrow-color': p.link, 'target-arrow-shape': 'triangle', width: 2, 'arrow-scale': 1.2 } },
    { selector: 'edge.reference.dependency', style: { 'line-style': 'dotted', 'line-color': p.muted, 'target-arrow-color': p.muted, width: 1.5 } },
    { selector: 'edge.reference.broken', style: { 'line-style': 'dashed', 'line-dash-pattern': [7, 5], 'target-arrow-shape': 'tee', 'line-color': p.warning, 'target-arrow-color': p.warning } },
    { selector: 'edge.reference.finding', style: { 'line-color': p.warning, 'target-arrow-color': p.warning, color: p.warning, width: 2.5 } },
    { selector: 'edge.reference.finding.sev-error', style: { 'line-color': p.error, 'target-arrow-color': p.error, color: p.error, width: 3 } },
    { selector: 'edge.reference.loopback', style: { 'line-color': p.error, 'target-arrow-color': p.error, color: p.error, width: 3 } },
    { selector: ':selected', style: { 'overlay-color': p.accent, 'overlay-opacity': 0.15 } },
    { selector: '.highlighted', style: { 'underlay-color': p.accent, 'underlay-opacity': 0.35, 'underlay-padding': 6 } as cytoscape.Css.Node },
  ] as cytoscape.StylesheetJson;
}

/** Above this many nodes the page trades layout polish and drawing detail for speed (level of detail). */
const LARGE_GRAPH = 150;

function layoutOptions(randomize: boolean, nodes: number): cytoscape.LayoutOptions {
  const large = nodes > LARGE_GRAPH;
  return {
    name: 'fcose',
    // A large graph gets the spectral placement plus a short force-directed refinement: the
    // full refinement grows much faster than the graph and would keep the page busy for seconds
    // (the spectral placement alone piles the services of one network on one spot).
    quality: 'default',
    randomize,
    animate: false,
    fit: randomize,
    padding: 30,
    // Nodes are already sized to their labels; measuring labels again in the layout costs most of its time.
    nodeDimensionsIncludeLabels: false,
    packComponents: true,
    nodeSeparation: 90,
    idealEdgeLength: (edge: cytoscape.EdgeSingular) => (edge.data('kind') === 'reference' ? 170 : edge.data('kind') === 'published' ? 110 : 90),
    nodeRepulsion: () => 9000,
    edgeElasticity: () => 0.45,
    // fcose's default (2500) runs the refinement to its end on most graphs of a hundred nodes:
    // seconds of work that move boxes by a few pixels (measured with bench/topology-layout.mjs).
    numIter: large ? 300 : nodes > 50 ? 500 : 1000,
  } as unknown as cytoscape.LayoutOptions;
}

export class TopologyView {
  private cy: cytoscape.Core | undefined;
  private doc: TopologyDocument | undefined;
  private readonly graph: HTMLDivElement;
  private readonly tooltip: HTMLDivElement;
  private readonly unplaced: HTMLUListElement;
  private readonly title: HTMLSpanElement;
  private readonly message: HTMLDivElement;
  private readonly sourceSwitch: HTMLButtonElement | undefined;
  private readonly scopeSwitch: HTMLButtonElement | undefined;
  private readonly probeButton: HTMLButtonElement | undefined;
  private readonly probeVerdict: HTMLSpanElement | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Every element of the document; what is drawn may be its collapsed view. */
  private full: GraphElement[] = [];
  /** Large projects open collapsed per network; these groups are open. */
  private collapsible = false;
  private expanded = new Set<string>();
  private readonly expandToggle: HTMLButtonElement;
  /** Whether the stylesheet is the large graph's (labels from a readable zoom only). */
  private styledLarge = false;

  constructor(
    root: HTMLElement,
    private readonly host: PageHost,
  ) {
    const app = el('div', 'nl-app');
    const toolbar = el('div', 'nl-toolbar');
    this.title = el('span', 'nl-title', 'Network topology');
    toolbar.append(this.title);
    if (host.canSwitchSource) {
      /** A toggle button (role "switch") that flips its own state on click and reports the new one. */
      const toggle = (className: string, title: string, onFlip: (on: boolean) => void, ...content: Array<string | Node>) => {
        const sw = el('button', className);
        sw.type = 'button';
        sw.setAttribute('role', 'switch');
        sw.setAttribute('aria-checked', 'false');
        sw.title = title;
        sw.append(...content);
        sw.addEventListener('click', () => {
          const on = sw.getAttribute('aria-checked') !== 'true';
          sw.setAttribute('aria-checked', String(on));
          onFlip(on);
        });
        toolbar.append(sw);
        return sw;
      };
      // Simulated | Live: one switch named "Live"; checked draws what runs on the engine.
      this.sourceSwitch = toggle('nl-source', 'Simulated | Live: draw what the file says, or what runs on the Docker engine', (live) => this.host.post({ type: 'source', source: live ? 'live' : 'file' }), el('span', 'nl-sim', 'Simulated'), el('span', 'nl-sep', '|'), el('span', 'nl-live', 'Live'));
      this.sourceSwitch.setAttribute('aria-label', 'Live');
      // Live only: the project of the file (the default) or every project on the engine.
      this.scopeSwitch = toggle('nl-scope', 'Live: show every Compose project and container on the engine, not only this file’s project', (all) => this.host.post({ type: 'scope', scope: all ? 'all' : 'project' }), 'All projects');
      this.scopeSwitch.hidden = true;
    }
    const button = (label: string, action: () => void) => {
      const b = el('button', '', label);
      b.type = 'button';
      b.addEventListener('click', action);
      toolbar.append(b);
      return b;
    };
    button('Fit', () => this.cy?.fit(undefined, 30));
    button('Re-layout', () => this.relayout());
    this.expandToggle = button('Expand all', () => this.toggleExpandAll());
    this.expandToggle.className = 'nl-expand';
    this.expandToggle.title = 'Large project: draw every service, or one node per network (double-click a network to open it alone)';
    this.expandToggle.style.display = 'none';
    button('Export PNG', () => this.exportImage('png'));
    button('Export SVG', () => this.exportImage('svg'));
    if (host.canSwitchSource) {
      // Probe the selected arrow from its caller's running container (the extension asks for trust).
      const probe = el('button', 'nl-probe', 'Probe');
      probe.type = 'button';
      probe.disabled = true;
      probe.title = 'Select an arrow, then check that its caller really reaches the target (name and TCP port)';
      probe.addEventListener('click', () => this.probeSelected());
      toolbar.append(probe);
      this.probeButton = probe;
      this.probeVerdict = el('span', 'nl-verdict');
      this.probeVerdict.setAttribute('role', 'status');
      toolbar.append(this.probeVerdict);
    }
    const legend = el('div', 'nl-legend');
    for (const [cls, text] of [
      ['', 'reference (name:port)'],
      ['red', 'finding'],
      ['dash', 'does not resolve'],
      ['dot', 'depends_on'],
      ['pub', 'published port'],
    ]) {
      const item = el('span', '');
      item.append(el('span', `sw ${cls}`), document.createTextNode(text));
      legend.append(item);
    }
    this.graph = el('div', 'nl-graph');
    this.graph.setAttribute('data-testid', 'graph');
    this.tooltip = el('div', 'nl-tooltip');
    this.tooltip.setAttribute('role', 'tooltip');
    this.message = el('div', 'nl-message', 'Waiting for the topology…');
    this.unplaced = el('ul', 'nl-unplaced');
    app.append(toolbar, legend, this.message, this.graph, this.unplaced);
    root.append(app, this.tooltip);
    // Theme changes swap the CSS variables on the root and the body's class: restyle.
    const observer = new MutationObserver(() => this.cy?.style(stylesheet(readPalette(), (this.cy?.nodes().length ?? 0) > LARGE_GRAPH)));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  /** The selected reference arrow as from, to and the port the file uses, if one is selected. */
  private selectedArrow(): { from: string; to: string; port?: number } | undefined {
    const edge = this.cy?.edges(':selected').filter((e) => e.data('kind') === 'reference').first();
    if (!edge || edge.empty() || !String(edge.data('source')).startsWith('svc:') || !String(edge.data('target')).startsWith('svc:')) return undefined;
    const from = String(edge.data('source')).replace(/^svc:/, '');
    const to = String(edge.data('target')).replace(/^svc:/, '');
    const ref = this.doc?.references.find((r) => r.from === from && (r.to ?? r.intended) === to && r.port !== null && r.kind !== 'dependency');
    return ref?.port ? { from, to, port: ref.port } : { from, to };
  }

  private probeSelected(): void {
    const arrow = this.selectedArrow();
    if (!arrow) return;
    if (this.probeVerdict) this.probeVerdict.textContent = `Probing ${arrow.from} → ${arrow.to}…`;
    this.host.post({ type: 'probe', ...arrow });
  }

  /** A probe's verdict: in the toolbar and in the arrow's tooltip. */
  showProbe(from: string, to: string, summary: string, ok: boolean): void {
    if (this.probeVerdict) {
      this.probeVerdict.textContent = summary;
      this.probeVerdict.className = `nl-verdict ${ok ? 'ok' : 'bad'}`;
    }
    this.cy?.edges('[kind = "reference"]').forEach((e) => {
      if (e.data('source') === `svc:${from}` && e.data('target') === `svc:${to}`) e.data('tooltip', `${String(e.data('tooltip')).split('\nprobe: ')[0]}\nprobe: ${summary}`);
    });
  }

  /** The cytoscape instance, for tests and exports. */
  get core(): cytoscape.Core | undefined {
    return this.cy;
  }

  showError(text: string): void {
    this.message.textContent = text;
    this.message.className = 'nl-message error';
    this.message.style.display = '';
  }

  show(doc: TopologyDocument): void {
    // The element under the pointer may be gone or changed: its tooltip must not stay behind.
    this.hideTooltip();
    this.doc = doc;
    this.sourceSwitch?.setAttribute('aria-checked', String(doc.source === 'live'));
    if (this.scopeSwitch) {
      // A live document without a project is the whole engine.
      this.scopeSwitch.hidden = doc.source !== 'live';
      this.scopeSwitch.setAttribute('aria-checked', String(doc.source === 'live' && doc.project === ''));
    }
    this.title.textContent = `${doc.project || 'all projects'} · ${doc.source === 'live' ? 'live' : 'from the file'} · ${doc.services.length} services, ${doc.networks.length} networks, ${doc.findings.length} findings`;
    this.message.style.display = 'none';
    this.renderUnplaced(doc);
    this.full = topologyElements(doc);
    this.collapsible = doc.services.length > COLLAPSE_ABOVE_SERVICES;
    if (!this.cy) this.expanded = new Set(this.host.saved()?.expanded ?? []);
    this.showExpandToggle();
    const elements = this.visibleElements();
    if (!this.cy) this.create(elements);
    else this.update(elements);
  }

  private hideTooltip(): void {
    this.tooltip.style.display = 'none';
  }

  /** The document's elements, or their collapsed view for a large project. */
  private visibleElements(): GraphElement[] {
    return this.collapsible ? collapseElements(this.full, this.expanded) : this.full;
  }

  private allExpanded(): boolean {
    return groupIds(this.full).every((g) => this.expanded.has(g));
  }

  private showExpandToggle(): void {
    this.expandToggle.style.display = this.collapsible ? '' : 'none';
    this.expandToggle.textContent = this.collapsible && this.allExpanded() ? 'Collapse' : 'Expand all';
  }

  /** Opens one collapsed network group: its services are laid out around where the group was. */
  expandGroup(id: string): void {
    if (!this.collapsible || this.expanded.has(id) || !groupIds(this.full).includes(id)) return;
    this.expanded.add(id);
    this.hideTooltip();
    this.showExpandToggle();
    this.update(this.visibleElements());
    this.scheduleSave();
  }

  private toggleExpandAll(): void {
    if (!this.collapsible || !this.cy) return;
    this.expanded = this.allExpanded() ? new Set() : new Set(groupIds(this.full));
    this.hideTooltip();
    this.showExpandToggle();
    this.update(this.visibleElements());
    this.cy.fit(undefined, 30);
    this.scheduleSave();
  }

  private renderUnplaced(doc: TopologyDocument): void {
    this.unplaced.replaceChildren();
    for (const f of unplacedFindings(doc)) {
      const li = el('li', f.severity, `${f.severity} ${f.rule}: ${f.message}`);
      if (f.loc) {
        const loc = f.loc;
        li.addEventListener('click', () => this.host.post({ type: 'reveal', loc }));
      }
      this.unplaced.append(li);
    }
  }

  private create(elements: GraphElement[]): void {
    // cytoscape adds a <style> for its container unless an element with this id exists; under
    // our CSP that insertion is refused (a console error), and webview.css already sets the rule.
    if (!document.getElementById('__________cytoscape_stylesheet')) {
      const marker = document.createElement('meta');
      marker.id = '__________cytoscape_stylesheet';
      document.head.append(marker);
    }
    const saved = this.host.saved();
    const positioned = saved?.positions && elements.filter((e) => e.group === 'nodes').every((e) => saved.positions![e.data.id] || e.data.kind === 'host' || e.data.kind === 'namespace');
    const nodeCount = elements.filter((e) => e.group === 'nodes').length;
    const large = nodeCount > LARGE_GRAPH;
    this.styledLarge = large;
    const cy = cytoscape({
      container: this.graph,
      // Large graphs: pan and zoom move a bitmap of the graph and hide edges meanwhile, at one pixel per CSS pixel.
      ...(large ? { textureOnViewport: true, hideEdgesOnViewport: true, pixelRatio: 1 } : {}),
      elements: elements.map((e) => ({ group: e.group, data: { ...e.data }, classes: e.classes, position: positioned ? saved!.positions![e.data.id] : undefined })),
      style: stylesheet(readPalette(), large),
      layout: positioned ? { name: 'preset', fit: false } : layoutOptions(true, nodeCount),
      wheelSensitivity: 0.3,
      minZoom: 0.05,
      maxZoom: 5,
      boxSelectionEnabled: false,
    });
    this.cy = cy;
    if (saved) {
      cy.zoom(saved.zoom);
      cy.pan(saved.pan);
      for (const id of saved.selected) cy.getElementById(id).select();
    }
    cy.on('tap', 'node, edge', (evt) => {
      const data = evt.target.data() as ElementData;
      if (data.loc) this.host.post({ type: 'reveal', loc: data.loc });
    });
    cy.on('mouseover', 'node, edge', (evt) => {
      const data = evt.target.data() as ElementData;
      this.tooltip.textContent = data.tooltip;
      this.tooltip.style.display = 'block';
      this.moveTooltip(evt.renderedPosition ?? { x: 0, y: 0 });
    });
    cy.on('mousemove', (evt) => {
      if (this.tooltip.style.display === 'block') this.moveTooltip(evt.renderedPosition ?? { x: 0, y: 0 });
    });
    cy.on('mouseout', 'node, edge', () => this.hideTooltip());
    cy.on('dbltap', 'node.group', (evt) => this.expandGroup(evt.target.id()));
    cy.on('viewport select unselect free', () => this.scheduleSave());
    cy.on('select unselect', () => {
      if (this.probeButton) this.probeButton.disabled = !this.selectedArrow();
    });
  }

  private moveTooltip(pos: { x: number; y: number }): void {
    const box = this.graph.getBoundingClientRect();
    const x = Math.min(box.left + pos.x + 14, window.innerWidth - this.tooltip.offsetWidth - 4);
    const y = Math.min(box.top + pos.y + 14, window.innerHeight - this.tooltip.offsetHeight - 4);
    this.tooltip.style.left = `${Math.max(0, x)}px`;
    this.tooltip.style.top = `${Math.max(0, y)}px`;
  }

  /** Follows an edit: changed data in place, new elements added, gone ones removed; zoom, pan and selection stay. */
  private update(elements: GraphElement[]): void {
    const cy = this.cy!;
    const wanted = new Map(elements.map((e) => [e.data.id, e]));
    let added = false;
    // A service coming out of its group starts where the group is drawn, so the layout refines
    // the picture from there instead of from the origin.
    const groupOf = this.collapsible ? serviceGroups(this.full) : new Map<string, string>();
    const startAt = (id: string): cytoscape.Position | undefined => {
      const group = groupOf.get(id);
      const node = group ? cy.getElementById(group) : undefined;
      if (!node || node.empty()) return undefined;
      const p = node.position();
      let h = 0;
      for (const c of id) h = (h * 31 + c.charCodeAt(0)) | 0;
      return { x: p.x + ((h & 0xff) - 128) / 2, y: p.y + (((h >> 8) & 0xff) - 128) / 2 };
    };
    cy.batch(() => {
      cy.elements().forEach((ele) => {
        if (!wanted.has(ele.id())) ele.remove();
      });
      // Nodes first, so new edges find their ends; parents before children.
      const order = [...elements].sort((a, b) => (a.group === b.group ? (a.data.parent ? 1 : 0) - (b.data.parent ? 1 : 0) : a.group === 'nodes' ? -1 : 1));
      for (const e of order) {
        const existing = cy.getElementById(e.data.id);
        if (existing.nonempty()) {
          const parentChanged = e.group === 'nodes' && (existing.data('parent') ?? undefined) !== e.data.parent;
          if (parentChanged) {
            (existing as cytoscape.NodeSingular).move({ parent: e.data.parent ?? null });
          }
          existing.data({ ...e.data });
          existing.classes(e.classes);
        } else {
          const position = e.group === 'nodes' ? startAt(e.data.id) : undefined;
          cy.add({ group: e.group, data: { ...e.data }, classes: e.classes, ...(position ? { position } : {}) });
          added = true;
        }
      }
    });
    // Opening groups can turn a small picture into a large one (and closing them, back).
    const large = cy.nodes().length > LARGE_GRAPH;
    if (large !== this.styledLarge) {
      this.styledLarge = large;
      cy.style(stylesheet(readPalette(), large));
    }
    if (added) cy.layout(layoutOptions(false, cy.nodes().length)).run();
  }

  private relayout(): void {
    this.cy?.layout(layoutOptions(true, this.cy.nodes().length)).run();
    this.cy?.fit(undefined, 30);
  }

  /** Marks the element at a line of a file (the editor's cursor): exact-line items first, else the nearest key above. */
  highlight(file: string, line: number): string | undefined {
    const cy = this.cy;
    if (!cy) return undefined;
    cy.elements('.highlighted').removeClass('highlighted');
    // Searched over the whole document, so a line of a service inside a collapsed group marks the group.
    let best: ElementData | undefined;
    let exact: ElementData | undefined;
    for (const { data } of this.full) {
      const loc = data.loc;
      if (!loc || loc.file !== file) continue;
      const start = loc.range.start.line;
      if (data.kind === 'reference' && start <= line && line <= loc.range.end.line && !exact) exact = data;
      if ((data.kind === 'service' || data.kind === 'network') && start <= line && start > (best?.loc?.range.start.line ?? -1)) best = data;
    }
    const found = exact ?? best;
    if (!found) return undefined;
    let target = cy.getElementById(found.id);
    if (target.empty()) {
      // Not drawn: the group of its service (a reference's caller) is.
      const group = serviceGroups(this.full).get(found.kind === 'reference' ? found.source ?? '' : found.id);
      if (group) target = cy.getElementById(group);
    }
    if (target.empty()) return undefined;
    target.addClass('highlighted');
    return target.id();
  }

  private scheduleSave(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      const cy = this.cy;
      if (!cy) return;
      const positions: Record<string, { x: number; y: number }> = {};
      cy.nodes().forEach((n) => {
        if (!n.isParent()) positions[n.id()] = { ...n.position() };
      });
      this.host.save({ zoom: cy.zoom(), pan: { ...cy.pan() }, selected: cy.elements(':selected').map((e) => e.id()), positions, ...(this.expanded.size ? { expanded: [...this.expanded] } : {}) });
    }, 250);
  }

  /** The whole picture as PNG (a data URI), or as an SVG document drawn in vectors (svgExport.ts). */
  imageData(format: 'png' | 'svg'): string {
    const cy = this.cy;
    if (!cy) return '';
    const palette = readPalette();
    if (format === 'png') return cy.png({ output: 'base64uri', full: true, scale: 2, bg: palette.bg, maxWidth: 8000, maxHeight: 8000 });
    const title = this.doc ? `Network topology of ${this.doc.project}` : 'Network topology';
    return graphSvg(cy, { title, bg: palette.bg, fg: palette.fg, font: palette.font });
  }

  exportImage(format: 'png' | 'svg'): void {
    const data = this.imageData(format);
    if (!data) return;
    if (this.host.exportsToHost) {
      this.host.post({ type: 'exported', format, data });
      return;
    }
    const a = document.createElement('a');
    a.href = format === 'png' ? data : URL.createObjectURL(new Blob([data], { type: 'image/svg+xml' }));
    a.download = `${(this.doc?.project ?? 'topology').replace(/[^A-Za-z0-9_.-]/g, '_')}-topology.${format}`;
    document.body.append(a);
    a.click();
    a.remove();
  }
}
