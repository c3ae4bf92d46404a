/// <reference lib="dom" />
// The panel's controls for real projects, in a bar under the toolbar: Graph | Matrix, focus on a service, the
// filters (hide the default network, only services with findings, one network), search by name, and Probe all
// with its progress. They act on the drawn graph through classes (filters.ts, probeColours.ts) and on the
// matrix (matrix.ts); what they hold is saved with the view (state.ts) and restored after a reload.
import type cytoscape from 'cytoscape';
import type { ProbeAllOutcome } from '../../../server/src/protocol';
import type { TopologyDocument } from '../../../server/src/topology/types';
import { applyToGraph, decide } from './filters';
import { MatrixView } from './matrix';
import type { FromPage, ToPage } from './messages';
import { colourArrows } from './probeColours';
import { matchServices, wantsSearch } from './search';
import { filtering, type PanelState } from './state';
import { el } from './toolbar';

/** Said above the matrix beside a live picture. */
export const LIVE_MATRIX_NOTE = 'These verdicts are the Compose file\u2019s, not the engine\u2019s: Probe all (or `netlens check --live --probe`) tries them on the running containers.';

/** What the controls need from the view. */
export interface PanelContext {
  post(message: FromPage): void;
  cy(): cytoscape.Core | undefined;
  doc(): TopologyDocument | undefined;
  /** Opens the collapsed group a service is drawn in, so it can be shown. */
  reveal(service: string): void;
  /** The state changed: save the view. */
  changed(): void;
  /** What the pointer showed may have moved or gone: its tooltip goes. */
  hideTooltip(): void;
  /** Whether an extension answers (probes): in VS Code, not in the CLI's HTML export. */
  hasHost: boolean;
  /** Whether the matrix's requests are answered: by the extension, or from the matrix an HTML export carries. */
  hasMatrix: boolean;
}

/** Why Probe all is off in a page without the extension (the CLI's HTML export). */
export const PROBE_ALL_NEEDS_ENGINE = 'Probe all needs the running project: open the Compose file in VS Code (trusted workspace), or run `netlens check --live --probe`. This exported page is a static picture.';

export class PanelControls {
  readonly bar: HTMLDivElement;
  readonly matrix: MatrixView;
  private state: PanelState;
  private readonly modeButton: HTMLButtonElement;
  private readonly focusLabel: HTMLSpanElement;
  private readonly focusButton: HTMLButtonElement;
  private readonly hideDefault: HTMLInputElement;
  private readonly onlyFindings: HTMLInputElement;
  private readonly network: HTMLSelectElement;
  readonly search: HTMLInputElement;
  private readonly searchInfo: HTMLSpanElement;
  private readonly probeAll?: HTMLButtonElement;
  private readonly probeCancel?: HTMLButtonElement;
  private readonly progress?: HTMLProgressElement;
  private readonly probeText?: HTMLSpanElement;
  private readonly probeLegend?: HTMLSpanElement;
  private matches: string[] = [];
  private matchIndex = -1;
  private outcomes: ProbeAllOutcome[] = [];
  private matrixWanted = false;
  private graphElement: HTMLElement | undefined;
  private shownServices: Set<string> | undefined;

  constructor(
    private readonly ctx: PanelContext,
    saved: PanelState | undefined,
  ) {
    this.state = { ...(saved ?? {}) };
    this.matrix = new MatrixView((from, to) => ctx.post({ type: 'reach-pair', from, to }));
    const bar = el('div', 'nl-controls');
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', 'View, focus, filters and search');
    this.bar = bar;
    this.modeButton = el('button', 'nl-mode', 'Matrix');
    this.modeButton.type = 'button';
    this.modeButton.title = 'Switch between the graph and the reachability matrix (who reaches whom)';
    this.modeButton.hidden = !ctx.hasMatrix;
    this.modeButton.addEventListener('click', () => this.setMode(this.state.mode === 'matrix' ? 'graph' : 'matrix'));
    bar.append(this.modeButton);

    this.focusLabel = el('span', 'nl-focus');
    this.focusButton = el('button', 'nl-focus-button', 'Focus');
    this.focusButton.type = 'button';
    this.focusButton.title = 'Show only the selected service and its neighbours (select a service first)';
    this.focusButton.addEventListener('click', () => (this.state.focus ? this.setFocus(undefined) : this.focusSelected()));
    bar.append(this.focusButton, this.focusLabel);

    const check = (label: string, title: string, on: (v: boolean) => void) => {
      const box = el('input', '');
      box.type = 'checkbox';
      const wrap = el('label', 'nl-check');
      wrap.title = title;
      wrap.append(box, document.createTextNode(label));
      box.addEventListener('change', () => on(box.checked));
      bar.append(wrap);
      return box;
    };
    this.hideDefault = check('Hide default network', 'Hide the project’s default network (its boxes and lines)', (v) => this.setFilter({ hideDefault: v || undefined }));
    this.onlyFindings = check('Only with findings', 'Show only the services some finding concerns', (v) => this.setFilter({ onlyFindings: v || undefined }));
    this.network = el('select', 'nl-network');
    this.network.title = 'Show only the services of one network';
    this.network.setAttribute('aria-label', 'Network');
    this.network.addEventListener('change', () => this.setFilter({ network: this.network.value || undefined }));
    bar.append(this.network);

    this.search = el('input', 'nl-search');
    this.search.type = 'search';
    this.search.placeholder = 'Search services ( / )';
    this.search.setAttribute('aria-label', 'Search services by name');
    this.search.addEventListener('input', () => this.setSearch(this.search.value));
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.jump(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        this.search.value = '';
        this.setSearch('');
        this.search.blur();
      }
    });
    this.searchInfo = el('span', 'nl-search-info');
    this.searchInfo.setAttribute('role', 'status');
    bar.append(this.search, this.searchInfo);

    if (!ctx.hasHost) {
      // The export has no engine to probe: the action shows, off, saying why.
      const off = el('button', 'nl-probe-all', 'Probe all');
      off.type = 'button';
      off.disabled = true;
      off.title = PROBE_ALL_NEEDS_ENGINE;
      off.setAttribute('aria-description', PROBE_ALL_NEEDS_ENGINE);
      bar.append(off);
    } else {
      this.probeAll = el('button', 'nl-probe-all', 'Probe all');
      this.probeAll.type = 'button';
      this.probeAll.title = 'Probe every arrow from the running containers and colour it by the result (trusted workspaces only)';
      this.probeAll.addEventListener('click', () => this.startProbeAll());
      this.progress = el('progress', 'nl-progress');
      this.progress.hidden = true;
      this.progress.setAttribute('aria-label', 'Probe all progress');
      this.probeCancel = el('button', 'nl-probe-cancel', 'Cancel');
      this.probeCancel.type = 'button';
      this.probeCancel.hidden = true;
      this.probeCancel.addEventListener('click', () => ctx.post({ type: 'probe-all-cancel' }));
      this.probeText = el('span', 'nl-probe-text');
      this.probeText.setAttribute('role', 'status');
      this.probeLegend = el('span', 'nl-legend nl-probe-legend');
      this.probeLegend.hidden = true;
      for (const [cls, text] of [['probe-agrees', 'probe agrees'], ['probe-disagrees', 'probe disagrees'], ['probe-failed', 'probe failed']]) {
        const item = el('span', '');
        item.append(el('span', `sw ${cls}`), document.createTextNode(text));
        this.probeLegend.append(item);
      }
      bar.append(this.probeAll, this.progress, this.probeCancel, this.probeText, this.probeLegend);
    }

    document.addEventListener('keydown', (e) => {
      if (!wantsSearch(e)) return;
      e.preventDefault();
      this.search.focus();
      this.search.select();
    });
    this.search.value = this.state.search ?? '';
    this.hideDefault.checked = !!this.state.hideDefault;
    this.onlyFindings.checked = !!this.state.onlyFindings;
  }

  /** The graph's element, hidden while the matrix shows. */
  attachGraph(graph: HTMLElement): void {
    this.graphElement = graph;
    this.applyMode();
  }

  snapshot(): PanelState {
    const out: PanelState = {};
    for (const [k, v] of Object.entries(this.state)) if (v !== undefined && v !== '' && v !== false) (out as Record<string, unknown>)[k] = v;
    return out;
  }

  /** A new document was drawn: the network list, the filters, the search marks, the matrix's data. */
  shown(doc: TopologyDocument): void {
    const current = this.state.network;
    this.network.replaceChildren(el('option', '', 'All networks'));
    (this.network.firstChild as HTMLOptionElement).value = '';
    for (const n of doc.networks) {
      const o = el('option', '', n.name);
      o.value = n.name;
      this.network.append(o);
    }
    this.network.value = current && doc.networks.some((n) => n.name === current) ? current : '';
    this.matrixWanted = true;
    if (this.state.focus) this.ctx.reveal(this.state.focus);
    this.drawn();
    if (this.state.mode === 'matrix') this.requestMatrix();
    this.applyMode();
  }

  /** The graph changed (edit, opened group): filters, marks and probe colours again. */
  drawn(): void {
    const doc = this.ctx.doc();
    if (!doc) return;
    const shown = decide(doc, this.state);
    this.shownServices = shown.services;
    const cy = this.ctx.cy();
    if (cy) {
      applyToGraph(cy, shown);
      if (this.outcomes.length) colourArrows(cy, this.outcomes, this.ctx.doc());
    }
    this.matrix.filter(shown.services);
    this.focusButton.textContent = this.state.focus ? 'Unfocus' : 'Focus';
    this.focusLabel.textContent = this.state.focus ? `focus: ${this.state.focus}` : '';
    this.bar.classList.toggle('filtering', filtering(this.state));
    this.markMatches(false);
  }

  /** Messages for the controls; false when the message is not theirs. */
  receive(message: ToPage): boolean {
    switch (message.type) {
      case 'reach-matrix':
        // Beside the engine's picture the verdicts are still the file's: nothing here probed them.
        this.matrix.setMatrix(message.matrix, message.error, this.ctx.doc()?.source === 'live' ? LIVE_MATRIX_NOTE : undefined);
        this.matrix.filter(this.shownServices);
        this.matrix.setProbes(this.outcomes);
        this.markMatches(false);
        return true;
      case 'reach-pair':
        this.matrix.showPair(message.from, message.to, message.pair, message.error);
        return true;
      case 'probe-all-progress':
        if (message.done === 0) this.outcomes = [];
        if (message.outcome) this.outcomes.push(message.outcome);
        this.showProgress(message.done, message.total);
        this.paintProbes();
        return true;
      case 'probe-all-done':
        this.endProbeAll(message.ok, message.summary, message.cancelled);
        return true;
      default:
        return false;
    }
  }

  setMode(mode: 'graph' | 'matrix'): void {
    this.state.mode = mode === 'matrix' ? 'matrix' : undefined;
    if (mode === 'matrix' && (this.matrixWanted || !this.matrix.data)) this.requestMatrix();
    this.applyMode();
    this.ctx.changed();
  }

  private requestMatrix(): void {
    if (!this.ctx.hasMatrix) return;
    this.matrixWanted = false;
    this.ctx.post({ type: 'reach-matrix' });
  }

  private applyMode(): void {
    this.ctx.hideTooltip();
    const matrix = this.state.mode === 'matrix' && this.ctx.hasMatrix;
    this.modeButton.textContent = matrix ? 'Graph' : 'Matrix';
    this.modeButton.setAttribute('aria-pressed', String(matrix));
    if (this.graphElement) this.graphElement.style.display = matrix ? 'none' : '';
    this.matrix.show(matrix);
    if (!matrix) this.ctx.cy()?.resize();
  }

  setFocus(service: string | undefined): void {
    this.ctx.hideTooltip();
    this.state.focus = service;
    if (service) this.ctx.reveal(service);
    this.drawn();
    this.fitShown();
    this.ctx.changed();
  }

  private focusSelected(): void {
    const cy = this.ctx.cy();
    const node = cy?.nodes(':selected').filter((n) => n.data('kind') === 'service').first();
    const name = node && node.nonempty() ? node.id().slice(4) : this.matches[Math.max(0, this.matchIndex)];
    if (name) this.setFocus(name);
    else this.focusLabel.textContent = 'select a service to focus on';
  }

  private setFilter(change: Partial<PanelState>): void {
    this.ctx.hideTooltip();
    Object.assign(this.state, change);
    this.drawn();
    this.fitShown();
    this.ctx.changed();
  }

  private fitShown(): void {
    const cy = this.ctx.cy();
    if (!cy || this.state.mode === 'matrix') return;
    const visible = cy.elements().not('.nl-hidden');
    if (visible.nonempty()) cy.fit(visible, 30);
  }

  private setSearch(text: string): void {
    this.state.search = text || undefined;
    this.matchIndex = -1;
    this.markMatches(true);
    this.ctx.changed();
  }

  /** Marks the services the search matches in the graph and the matrix. */
  private markMatches(announce: boolean): void {
    this.matches = matchServices(this.ctx.doc(), this.state.search ?? '');
    const names = new Set(this.matches);
    const cy = this.ctx.cy();
    cy?.batch(() => {
      cy.nodes('.nl-match').removeClass('nl-match');
      for (const n of names) cy.getElementById(`svc:${n}`).addClass('nl-match');
    });
    this.matrix.mark(names);
    if (announce || !this.state.search) this.searchInfo.textContent = this.state.search ? `${this.matches.length} match${this.matches.length === 1 ? '' : 'es'}` : '';
  }

  /** Enter: the next match (Shift+Enter: the previous) selected and centred, or its matrix row scrolled to. */
  jump(step: 1 | -1): string | undefined {
    if (!this.matches.length) {
      this.searchInfo.textContent = this.state.search ? 'no match' : '';
      return undefined;
    }
    this.matchIndex = (this.matchIndex + step + this.matches.length) % this.matches.length;
    const name = this.matches[this.matchIndex];
    const hidden = this.shownServices && !this.shownServices.has(name);
    this.searchInfo.textContent = `${this.matchIndex + 1} of ${this.matches.length}: ${name}${hidden ? ' (hidden by the filters)' : ''}`;
    if (this.state.mode === 'matrix') {
      this.matrix.scrollTo(name);
      return name;
    }
    this.ctx.reveal(name);
    this.ctx.hideTooltip();
    const cy = this.ctx.cy();
    const node = cy?.getElementById(`svc:${name}`);
    if (cy && node && node.nonempty() && !node.hasClass('nl-hidden')) {
      cy.elements(':selected').unselect();
      node.select();
      if (cy.zoom() < 1) cy.zoom(1);
      cy.center(node);
    }
    return name;
  }

  private startProbeAll(): void {
    if (!this.probeAll || !this.progress || !this.probeCancel || !this.probeText) return;
    this.probeAll.disabled = true;
    this.progress.hidden = false;
    this.progress.removeAttribute('value');
    this.probeCancel.hidden = false;
    this.probeText.textContent = 'Probing…';
    this.probeText.className = 'nl-probe-text';
    this.ctx.post({ type: 'probe-all' });
  }

  private showProgress(done: number, total: number): void {
    if (this.progress) {
      this.progress.hidden = false;
      this.progress.max = Math.max(1, total);
      this.progress.value = done;
    }
    if (this.probeText) this.probeText.textContent = `Probing ${done} of ${total}…`;
    if (this.probeCancel) this.probeCancel.hidden = false;
    if (this.probeAll) this.probeAll.disabled = true;
  }

  private paintProbes(): void {
    const cy = this.ctx.cy();
    if (cy) colourArrows(cy, this.outcomes, this.ctx.doc());
    this.matrix.setProbes(this.outcomes);
    this.bar.classList.toggle('probed', this.outcomes.length > 0);
    if (this.probeLegend) this.probeLegend.hidden = this.outcomes.length === 0;
  }

  private endProbeAll(ok: boolean, summary: string, cancelled: boolean): void {
    if (this.probeAll) this.probeAll.disabled = false;
    if (this.progress) this.progress.hidden = true;
    if (this.probeCancel) this.probeCancel.hidden = true;
    if (this.probeText) {
      this.probeText.textContent = `${cancelled ? 'Cancelled. ' : ''}${summary}`;
      this.probeText.className = `nl-probe-text ${ok ? (this.outcomes.some((o) => o.verdict === 'disagrees') ? 'bad' : 'ok') : 'bad'}`;
    }
    this.paintProbes();
  }
}
