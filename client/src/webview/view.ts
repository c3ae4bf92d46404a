/// <reference lib="dom" />
// The topology view: cytoscape in a page, shared by the VS Code panel and the CLI's HTML export; its
// toolbar and legend come from toolbar.ts, its look from style.ts, its layout from layout.ts (packed at once,
// then ELK's layered layout from a web worker). Every
// string from a Compose file reaches the page through `textContent` or a canvas label, never as markup.
import cytoscape from 'cytoscape';
import type { ElementData, GraphElement, TopologyDocument } from '../../../server/src/topology/types';
import { topologyElements, unplacedFindings } from '../../../server/src/topology/elements';
import { COLLAPSE_ABOVE_SERVICES, collapseElements, groupIds, serviceGroups } from '../../../server/src/topology/collapse';
import type { FromPage, ViewState } from './messages';
import { LABELLED, LABELS_FROM_ZOOM, LARGE_GRAPH, readPalette, stylesheet } from './style';
import { applyPlaced, clearRoutes, ElkLayouter, fitPlaced, noteHubs, packedPlaces, QUIET, refinesLayered, type Placed } from './layout';
import { graphSvg } from './svgExport';
import { buildLegend, buildToolbar, el } from './toolbar';
import { PanelControls } from './panelControls';

export interface PageHost {
  post(message: FromPage): void;
  /** Saved view state (zoom, pan, selection), if the page was restored. */
  saved(): ViewState | undefined;
  save(state: ViewState): void;
  /** Whether exports go to the host (VS Code saves them) or are downloaded by the page. */
  exportsToHost: boolean;
  /** Whether the page offers the Simulated | Live switch (in VS Code; not in the CLI's HTML export). */
  canSwitchSource?: boolean;
  /** Whether something answers the matrix view's requests: the extension, or the matrix an HTML export carries. */
  hasMatrix?: boolean;
}

/** Keys cytoscape keeps as they were made (data() ignores them). */
const FIXED_KEYS = new Set(['id', 'source', 'target', 'parent']);

/** The fields of `wanted` whose values differ from `current`'s (compared as JSON data), or undefined when none does. */
function changedData(current: Record<string, unknown>, wanted: Record<string, unknown>): Record<string, unknown> | undefined {
  let changed: Record<string, unknown> | undefined;
  for (const key of Object.keys(wanted)) {
    if (FIXED_KEYS.has(key) || sameData(current[key], wanted[key])) continue;
    (changed ??= {})[key] = wanted[key];
  }
  return changed;
}

function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Room around the view where labels are made all the same (graph units): about a service's box, or half a long label. */
const LABEL_MARGIN = 120;

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
  /** Whether the stylesheet is the large graph's (labels from a readable zoom only, on elements marked LABELLED). */
  private styledLarge = false;
  private labelTimer: ReturnType<typeof setTimeout> | undefined;
  /** Started with the page: the worker reads ELK while the document is on its way. */
  private readonly layouter = new ElkLayouter();
  /** ELK layouts started and not yet answered (the graph's `data-layout` says "running" meanwhile, else "done"). */
  private layouts = 0;
  /** Matrix, focus, filters, search, probe all (panelControls.ts). */
  readonly controls: PanelControls;

  constructor(
    root: HTMLElement,
    private readonly host: PageHost,
  ) {
    const app = el('div', 'nl-app');
    const bar = buildToolbar(host.canSwitchSource === true, {
      fit: () => this.cy?.fit(undefined, 30),
      relayout: () => this.relayout(),
      toggleExpandAll: () => this.toggleExpandAll(),
      exportImage: (format) => this.exportImage(format),
      probe: () => this.probeSelected(),
      source: (live) => this.host.post({ type: 'source', source: live ? 'live' : 'file' }),
      scope: (all) => this.host.post({ type: 'scope', scope: all ? 'all' : 'project' }),
    });
    const toolbar = bar.element;
    this.title = bar.title;
    this.sourceSwitch = bar.sourceSwitch;
    this.scopeSwitch = bar.scopeSwitch;
    this.expandToggle = bar.expandToggle;
    this.probeButton = bar.probeButton;
    this.probeVerdict = bar.probeVerdict;
    const legend = buildLegend();
    this.graph = el('div', 'nl-graph');
    this.graph.setAttribute('data-testid', 'graph');
    this.graph.dataset.layout = 'done';
    this.tooltip = el('div', 'nl-tooltip');
    this.tooltip.setAttribute('role', 'tooltip');
    this.message = el('div', 'nl-message', 'Waiting for the topology…');
    this.unplaced = el('ul', 'nl-unplaced');
    this.controls = new PanelControls(
      {
        post: (m) => this.host.post(m),
        cy: () => this.cy,
        doc: () => this.doc,
        reveal: (service) => {
          const group = this.collapsible ? serviceGroups(this.full).get(`svc:${service}`) : undefined;
          if (group) this.expandGroup(group);
        },
        changed: () => this.scheduleSave(),
        hideTooltip: () => this.hideTooltip(),
        hasHost: host.canSwitchSource === true,
        hasMatrix: host.hasMatrix === true,
      },
      host.saved()?.panel,
    );
    this.controls.attachGraph(this.graph);
    app.append(toolbar, this.controls.bar, legend, this.message, this.graph, this.controls.matrix.element, this.unplaced);
    root.append(app, this.tooltip);
    // Theme changes swap the CSS variables on the root and the body's class: restyle.
    const observer = new MutationObserver(() => this.cy?.style(stylesheet(readPalette(), this.styledLarge)));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    void this.layouter.available;
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
    this.controls.shown(doc);
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
    this.update(this.visibleElements(), true);
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
      layout: { name: 'preset', fit: false },
      wheelSensitivity: 0.3,
      minZoom: 0.05,
      maxZoom: 5,
      boxSelectionEnabled: false,
    });
    this.cy = cy;
    noteHubs(cy);
    // A restored panel keeps its zoom and pan; a new one is fitted once placed.
    if (!positioned) this.layout(!saved);
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
    cy.on('viewport', () => this.scheduleLabels());
    this.labelInSight();
    // A box moved by hand: its arrows leave their routes and run straight.
    cy.on('grab', 'node', (evt) => clearRoutes(cy, (evt.target as cytoscape.NodeSingular).connectedEdges()));
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

  /** Follows an edit: changed data in place, new elements added, gone ones removed; zoom, pan and selection stay (`fit`: the picture is fitted once placed). */
  private update(elements: GraphElement[], fit = false): void {
    const cy = this.cy!;
    const t0 = performance.now();
    const wanted = new Map(elements.map((e) => [e.data.id, e]));
    const fresh: cytoscape.ElementDefinition[] = [];
    // New nodes come without their box, and go into it once placed (layout.ts, adoptChildren); so do nodes drawn before
    // whose box is new.
    const adopting = new Map<string, string>();
    // Opening groups can turn a small picture into a large one (and closing them, back): the stylesheet first,
    // so the new elements are styled once.
    const large = elements.filter((e) => e.group === 'nodes').length > LARGE_GRAPH;
    if (large !== this.styledLarge) {
      this.styledLarge = large;
      cy.style(stylesheet(readPalette(), large));
    }
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
            const box = e.data.parent;
            if (box && cy.getElementById(box).empty()) {
              // Its box is new in this update (added below): it joins it once placed, as the new nodes do.
              if (existing.parent().nonempty()) (existing as cytoscape.NodeSingular).move({ parent: null });
              adopting.set(e.data.id, box);
            } else (existing as cytoscape.NodeSingular).move({ parent: box ?? null });
          }
          // Only what changed: setting an element's data restyles it, and an edit changes few of thousands.
          const changed = changedData(existing.data() as Record<string, unknown>, e.data as unknown as Record<string, unknown>);
          if (changed) existing.data(changed);
          // The marks of a label made (labelInSight) and of a hub's quiet arrow (noteHubs, again below) stay: taking
          // them off and on would restyle the element twice.
          const kept = [LABELLED, QUIET].filter((c) => existing.hasClass(c));
          existing.classes(kept.length ? `${e.classes ?? ''} ${kept.join(' ')}` : e.classes);
        } else {
          // Placed by the packed layout below, before the next frame.
          const { parent, ...data } = e.data;
          if (e.group === 'nodes' && parent) adopting.set(e.data.id, parent);
          fresh.push({ group: e.group, data: e.group === 'nodes' ? data : { ...e.data }, classes: e.classes });
        }
      }
      // In one call: cytoscape then restyles each new element and its ends once, not once per added edge.
      if (fresh.length) cy.add(fresh);
    });
    const added = fresh.length > 0;
    performance.measure('netlens:update:elements', { start: t0, end: performance.now() });
    const t1 = performance.now();
    // Labels and classes came back from the document: what the hubs say for their arrows, again.
    noteHubs(cy);
    performance.measure('netlens:update:hubs', { start: t1, end: performance.now() });
    if (added) this.layout(fit, adopting);
    else if (fit) cy.fit(undefined, 30);
    this.labelInSight();
    this.controls.drawn();
  }

  private relayout(): void {
    this.layout(true);
  }

  /**
   * Places the picture: packed at once on the page, then — small enough for it, and a worker running — ELK's
   * layered layout from the worker (layout.ts). `fit`: the picture is fitted to the view once placed; `adopting`: new
   * nodes added without their box, moved into it once placed.
   */
  private layout(fit: boolean, adopting: ReadonlyMap<string, string> = new Map()): void {
    const cy = this.cy;
    if (!cy) return;
    const font = readPalette().font;
    const t0 = performance.now();
    const packed = packedPlaces(cy, font, adopting);
    applyPlaced(cy, packed, adopting);
    performance.measure('netlens:layout:packed', { start: t0, end: performance.now() });
    if (fit) fitPlaced(cy, packed.extent);
    this.scheduleSave();
    if (!refinesLayered(cy.nodes().length) || !this.layouter.available) return;
    this.layouts++;
    this.graph.dataset.layout = 'running';
    const settled = (placed: Placed | undefined): void => {
      if (--this.layouts === 0) this.graph.dataset.layout = 'done';
      if (!placed || cy.destroyed()) return;
      if (fit) fitPlaced(cy, placed.extent);
      this.labelInSight();
      this.scheduleSave();
    };
    // After the packed picture's first frame, so the worker does not compete with drawing it; a layout ELK refuses keeps the packed picture.
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (cy.destroyed()) settled(undefined);
        else void this.layouter.run(cy, font).then(settled, () => settled(undefined));
      }, 0),
    );
  }

  private scheduleLabels(): void {
    if (!this.styledLarge) return;
    if (this.labelTimer) clearTimeout(this.labelTimer);
    // Once the view rests: while it moves, a large picture is drawn from a bitmap anyway.
    this.labelTimer = setTimeout(() => this.labelInSight(), 60);
  }

  /**
   * A large picture's labels are made only where they can be read (style.ts): from LABELS_FROM_ZOOM on, every element
   * in sight (or just beyond it) is marked LABELLED, in one call. Marks stay: the labels of what was seen once
   * are kept, and only what comes into sight costs anything.
   */
  private labelInSight(): void {
    const cy = this.cy;
    if (this.labelTimer) clearTimeout(this.labelTimer);
    this.labelTimer = undefined;
    if (!cy || cy.destroyed() || !this.styledLarge || cy.zoom() < LABELS_FROM_ZOOM) return;
    const view = cy.extent();
    // A box or label whose centre is just outside shows part of it.
    const x1 = view.x1 - LABEL_MARGIN;
    const x2 = view.x2 + LABEL_MARGIN;
    const y1 = view.y1 - LABEL_MARGIN;
    const y2 = view.y2 + LABEL_MARGIN;
    const near = (x: number, y: number) => x >= x1 && x <= x2 && y >= y1 && y <= y2;
    const marking = cy.elements().filter((ele) => {
      if (ele.hasClass(LABELLED)) return false;
      if (ele.isEdge()) {
        // A label sits about halfway along its arrow.
        const s = ele.source().position();
        const t = ele.target().position();
        return near((s.x + t.x) / 2, (s.y + t.y) / 2);
      }
      if (!(ele as cytoscape.NodeSingular).isParent()) return near(ele.position('x'), ele.position('y'));
      const box = ele.boundingBox({ includeLabels: false, includeOverlays: false });
      return box.x1 <= x2 && box.x2 >= x1 && box.y1 <= y2 && box.y2 >= y1;
    });
    if (marking.nonempty()) marking.addClass(LABELLED);
  }

  /** Every label of a large picture made (an export shows them all); the function returned takes back those it made. */
  private labelAll(): () => void {
    const cy = this.cy;
    if (!cy || !this.styledLarge) return () => undefined;
    const marking = cy.elements().filter((e) => !e.hasClass(LABELLED));
    marking.addClass(LABELLED);
    return () => {
      if (!cy.destroyed()) marking.removeClass(LABELLED);
    };
  }

  /** Whether ELK's layout is still running (tests and the benchmark wait for it). */
  get layingOut(): boolean {
    return this.layouts > 0;
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
      this.host.save({ zoom: cy.zoom(), pan: { ...cy.pan() }, selected: cy.elements(':selected').map((e) => e.id()), positions, ...(this.expanded.size ? { expanded: [...this.expanded] } : {}), panel: this.controls.snapshot() });
    }, 250);
  }

  /** The whole picture as PNG (a data URI), or as an SVG document drawn in vectors (svgExport.ts). */
  imageData(format: 'png' | 'svg'): string {
    const cy = this.cy;
    if (!cy) return '';
    const palette = readPalette();
    const unlabel = this.labelAll();
    try {
      if (format === 'png') return cy.png({ output: 'base64uri', full: true, scale: 2, bg: palette.bg, maxWidth: 8000, maxHeight: 8000 });
      const title = this.doc ? `Network topology of ${this.doc.project}` : 'Network topology';
      return graphSvg(cy, { title, bg: palette.bg, fg: palette.fg, font: palette.font });
    } finally {
      unlabel();
    }
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
