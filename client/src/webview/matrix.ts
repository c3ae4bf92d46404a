/// <reference lib="dom" />
// The matrix view beside the graph: rows = from (services, then the host), columns = to, a cell = the model's
// verdict (`netlens/reachMatrix`), a legend of the verdicts, and a click on a cell asking for the pair in full
// (`netlens/reachPair`: names, network, ports, why not). Only the cells in sight are in the DOM, so a few hundred
// services (tens of thousands of cells) scroll as smoothly as ten. Names reach the DOM as text only.
// Keyboard: one cell is in the tab order (roving tabindex); arrows, Home/End (with Ctrl: the grid's corners) and
// PageUp/PageDown move it, scrolling it into sight; Enter or Space opens its pair as a click does.
import { REACH_HOST, type ProbeAllOutcome, type ReachKind, type ReachMatrix, type ReachPair } from '../../../server/src/protocol';
import { el } from './toolbar';

export const CELL = 22;
const ROW_HEAD = 170;
const COL_HEAD = 120;

/** How a verdict is written in a cell and named in the legend. */
const VERDICTS: Record<string, { mark: string; text: string; tone: 'ok' | 'no' | 'warn' }> = {
  dns: { mark: '✓', text: 'reaches by name (DNS)', tone: 'ok' },
  link: { mark: 'L', text: 'reaches through links', tone: 'ok' },
  address: { mark: '@', text: 'reaches by static address', tone: 'ok' },
  localhost: { mark: '⌂', text: 'same namespace or host: localhost', tone: 'ok' },
  published: { mark: 'P', text: 'through published host ports', tone: 'ok' },
  'host-gateway': { mark: 'G', text: 'through the host gateway', tone: 'ok' },
  'no-shared-network': { mark: '·', text: 'no shared network', tone: 'no' },
  'default-bridge': { mark: 'B', text: 'default bridge: no DNS', tone: 'warn' },
  'host-mode': { mark: 'H', text: 'host network: names do not resolve', tone: 'warn' },
  'none-mode': { mark: 'N', text: 'no network (none)', tone: 'no' },
  'external-namespace': { mark: 'X', text: 'in an unmanaged container’s namespace', tone: 'warn' },
  'name-taken': { mark: 'T', text: 'its names answer for another service', tone: 'warn' },
  inactive: { mark: '–', text: 'not started (profile)', tone: 'no' },
  'not-published': { mark: '∅', text: 'publishes no port', tone: 'no' },
  'internal-only': { mark: 'I', text: 'internal networks only: not published', tone: 'warn' },
  'direct-network': { mark: 'D', text: 'macvlan/ipvlan only: host cannot reach', tone: 'warn' },
};

export function verdictOf(k: ReachKind): { mark: string; text: string; tone: 'ok' | 'no' | 'warn' } {
  return VERDICTS[k.code] ?? { mark: k.reachable ? '✓' : '?', text: k.code, tone: k.reachable ? 'ok' : 'no' };
}

/** Text with Markdown code spans as <code> elements (text nodes only). */
export function codeText(parent: HTMLElement, text: string): void {
  text.split('`').forEach((part, i) => {
    if (!part) return;
    if (i % 2 === 1) parent.append(el('code', '', part));
    else parent.append(document.createTextNode(part));
  });
}

export class MatrixView {
  readonly element: HTMLDivElement;
  private readonly legend: HTMLDivElement;
  private readonly note: HTMLDivElement;
  private readonly colHead: HTMLDivElement;
  private readonly rowHead: HTMLDivElement;
  private readonly scroller: HTMLDivElement;
  private readonly sizer: HTMLDivElement;
  private readonly cells: HTMLDivElement;
  private readonly colInner: HTMLDivElement;
  private readonly rowInner: HTMLDivElement;
  private readonly detail: HTMLDivElement;
  private matrix: ReachMatrix | undefined;
  /** Indexes into the matrix's sources and targets that pass the filters. */
  private rows: number[] = [];
  private cols: number[] = [];
  private matches = new Set<string>();
  private probes = new Map<string, ProbeAllOutcome['verdict']>();
  private selected: { from: string; to: string } | undefined;
  /** The cell in the tab order (the keyboard's place), by names so that it survives filtering. */
  private active: { from: string; to: string } | undefined;
  private frame = 0;

  constructor(private readonly onCell: (from: string, to: string) => void) {
    this.element = el('div', 'nl-matrix');
    this.element.setAttribute('data-testid', 'matrix');
    this.element.hidden = true;
    this.legend = el('div', 'nl-matrix-legend');
    this.note = el('div', 'nl-matrix-note', 'Waiting for the reachability…');
    const grid = el('div', 'nl-matrix-grid');
    const corner = el('div', 'nl-matrix-corner', 'from ↓  to →');
    this.colHead = el('div', 'nl-matrix-cols');
    this.colInner = el('div', 'nl-matrix-inner');
    this.colHead.append(this.colInner);
    this.rowHead = el('div', 'nl-matrix-rows');
    this.rowInner = el('div', 'nl-matrix-inner');
    this.rowHead.append(this.rowInner);
    this.scroller = el('div', 'nl-matrix-scroll');
    this.scroller.setAttribute('role', 'grid');
    this.scroller.setAttribute('aria-label', 'Reachability matrix: rows from, columns to');
    this.sizer = el('div', 'nl-matrix-sizer');
    this.cells = el('div', 'nl-matrix-cells');
    this.scroller.append(this.sizer, this.cells);
    grid.style.gridTemplateColumns = `${ROW_HEAD}px 1fr`;
    grid.style.gridTemplateRows = `${COL_HEAD}px 1fr`;
    grid.append(corner, this.colHead, this.rowHead, this.scroller);
    this.detail = el('div', 'nl-matrix-detail');
    this.detail.setAttribute('role', 'status');
    this.detail.setAttribute('data-testid', 'matrix-detail');
    this.element.append(this.legend, this.note, grid, this.detail);
    this.scroller.addEventListener('scroll', () => this.schedule());
    this.cells.addEventListener('click', (e) => {
      const cell = (e.target as HTMLElement).closest<HTMLElement>('.nl-cell');
      if (!cell || cell.dataset.from === undefined || cell.dataset.to === undefined) return;
      this.select(cell.dataset.from, cell.dataset.to);
    });
    this.cells.addEventListener('keydown', (e) => this.key(e));
    new ResizeObserver(() => this.schedule()).observe(this.scroller);
  }

  get data(): ReachMatrix | undefined {
    return this.matrix;
  }

  /** `message`: why there is no matrix (an error); `remark`: a sentence about the verdicts shown. */
  setMatrix(matrix: ReachMatrix | undefined, message?: string, remark?: string): void {
    this.matrix = matrix;
    this.note.textContent = message ?? [remark, matrix?.leftOut ? `${matrix.leftOut} rows or columns past the limit are left out.` : ''].filter(Boolean).join(' ');
    this.note.className = `nl-matrix-note${message ? ' error' : ''}`;
    this.renderLegend();
    this.filter(undefined);
  }

  /** Only these services' rows and columns (undefined: all); the host's row stays while its column of targets shows. */
  filter(services: Set<string> | undefined): void {
    const m = this.matrix;
    this.rows = m ? m.sources.map((_, i) => i).filter((i) => !services || services.has(m.sources[i]) || m.sources[i] === REACH_HOST) : [];
    this.cols = m ? m.targets.map((_, i) => i).filter((i) => !services || services.has(m.targets[i])) : [];
    this.sizer.style.width = `${this.cols.length * CELL}px`;
    this.sizer.style.height = `${this.rows.length * CELL}px`;
    this.colInner.style.width = `${this.cols.length * CELL}px`;
    this.rowInner.style.height = `${this.rows.length * CELL}px`;
    this.render();
  }

  /** Services the search matches: their row and column headers stand out. */
  mark(names: Set<string>): void {
    this.matches = names;
    this.render();
  }

  /** Scrolls the service's row (and column) into sight; false when it is not shown. */
  scrollTo(name: string): boolean {
    const m = this.matrix;
    if (!m) return false;
    const r = this.rows.findIndex((i) => m.sources[i] === name);
    const c = this.cols.findIndex((i) => m.targets[i] === name);
    if (r < 0 && c < 0) return false;
    if (r >= 0) this.scroller.scrollTop = Math.max(0, r * CELL - this.scroller.clientHeight / 3);
    if (c >= 0) this.scroller.scrollLeft = Math.max(0, c * CELL - this.scroller.clientWidth / 3);
    this.render();
    return true;
  }

  /** Probe all's outcomes on the cells of their pairs (the worst of several). */
  setProbes(outcomes: readonly ProbeAllOutcome[]): void {
    const rank = { agrees: 0, inconclusive: 1, disagrees: 2 } as const;
    this.probes.clear();
    for (const o of outcomes) {
      if (!o.to) continue;
      const key = `${o.from}\0${o.to}`;
      const known = this.probes.get(key);
      if (!known || rank[o.verdict] > rank[known]) this.probes.set(key, o.verdict);
    }
    this.render();
  }

  select(from: string, to: string): void {
    this.selected = { from, to };
    this.active = { from, to };
    this.detail.replaceChildren(el('span', 'nl-muted', `${from} → ${to}: asking…`));
    this.render();
    this.onCell(from, to);
  }

  /** The pair in full, under the grid. */
  showPair(from: string, to: string, pair: ReachPair | undefined, error?: string): void {
    if (!this.selected || this.selected.from !== from || this.selected.to !== to) return;
    this.detail.replaceChildren();
    if (!pair) {
      const why = el('span', 'nl-error');
      codeText(why, `${from} → ${to}: ${error ?? 'no verdict'}`);
      this.detail.append(why);
      return;
    }
    const head = el('div', `nl-pair-head ${pair.reachable ? 'ok' : 'no'}`, `${from} → ${to}: ${pair.reachable ? 'reachable ✓' : 'not reachable'}`);
    const dl = el('dl', 'nl-pair');
    const row = (term: string, value: string) => {
      if (!value) return;
      dl.append(el('dt', '', term), el('dd', '', value));
    };
    row('path', pair.reachable ? `${pair.via ?? ''}${pair.network ? ` over network ${pair.network}` : ''}` : '');
    row('names', pair.names.join(', '));
    row('network', pair.network ?? '');
    row('ports', pair.ports.join(', '));
    row('why not', pair.why ?? '');
    const probe = this.probes.get(`${from}\0${to}`);
    row('probe', probe ?? '');
    const why = el('div', 'nl-pair-detail');
    codeText(why, pair.detail);
    this.detail.append(head, dl, why);
  }

  /** Row and column (indexes into the shown ones) of the keyboard's cell: the first cell when none is set or it is filtered out. */
  private activeAt(): { r: number; c: number } {
    const m = this.matrix;
    const a = this.active;
    if (!m || !a) return { r: 0, c: 0 };
    return { r: Math.max(0, this.rows.findIndex((i) => m.sources[i] === a.from)), c: Math.max(0, this.cols.findIndex((i) => m.targets[i] === a.to)) };
  }

  private key(e: KeyboardEvent): void {
    const m = this.matrix;
    if (!m || !this.rows.length || !this.cols.length || e.altKey || e.metaKey) return;
    const { r, c } = this.activeAt();
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / CELL) - 1);
    let row = r;
    let col = c;
    switch (e.key) {
      case 'ArrowUp':
        row--;
        break;
      case 'ArrowDown':
        row++;
        break;
      case 'ArrowLeft':
        col--;
        break;
      case 'ArrowRight':
        col++;
        break;
      case 'Home':
        col = 0;
        if (e.ctrlKey) row = 0;
        break;
      case 'End':
        col = this.cols.length - 1;
        if (e.ctrlKey) row = this.rows.length - 1;
        break;
      case 'PageUp':
        row -= page;
        break;
      case 'PageDown':
        row += page;
        break;
      case 'Enter':
      case ' ': {
        e.preventDefault();
        const from = m.sources[this.rows[r]];
        const to = m.targets[this.cols[c]];
        // The diagonal (a service and itself) has no pair to show, as a click there shows none.
        if (m.cells[this.rows[r]][this.cols[c]] >= 0) this.select(from, to);
        return;
      }
      default:
        return;
    }
    e.preventDefault();
    this.moveTo(Math.min(this.rows.length - 1, Math.max(0, row)), Math.min(this.cols.length - 1, Math.max(0, col)));
  }

  /** The keyboard's cell to a row and column: scrolled into sight, drawn and focused. */
  private moveTo(r: number, c: number): void {
    const m = this.matrix!;
    this.active = { from: m.sources[this.rows[r]], to: m.targets[this.cols[c]] };
    const s = this.scroller;
    const top = r * CELL;
    const left = c * CELL;
    if (top < s.scrollTop) s.scrollTop = top;
    else if (top + CELL > s.scrollTop + s.clientHeight) s.scrollTop = top + CELL - s.clientHeight;
    if (left < s.scrollLeft) s.scrollLeft = left;
    else if (left + CELL > s.scrollLeft + s.clientWidth) s.scrollLeft = left + CELL - s.clientWidth;
    this.render();
    this.cells.querySelector<HTMLElement>('.nl-cell[tabindex="0"]')?.focus({ preventScroll: true });
  }

  private renderLegend(): void {
    this.legend.replaceChildren();
    const kinds = this.matrix?.kinds ?? [];
    for (const k of kinds) {
      const v = verdictOf(k);
      const item = el('span', 'nl-matrix-key');
      item.append(el('span', `nl-cell-sw ${v.tone}`, v.mark), document.createTextNode(v.text));
      this.legend.append(item);
    }
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Draws the headers and cells in sight. */
  render(): void {
    const m = this.matrix;
    if (!m || this.element.hidden) return;
    const top = this.scroller.scrollTop;
    const left = this.scroller.scrollLeft;
    const height = this.scroller.clientHeight || 600;
    const width = this.scroller.clientWidth || 800;
    const r0 = Math.max(0, Math.floor(top / CELL) - 2);
    const r1 = Math.min(this.rows.length, Math.ceil((top + height) / CELL) + 2);
    const c0 = Math.max(0, Math.floor(left / CELL) - 2);
    const c1 = Math.min(this.cols.length, Math.ceil((left + width) / CELL) + 2);
    this.colInner.style.transform = `translateX(${-left}px)`;
    this.rowInner.style.transform = `translateY(${-top}px)`;
    const heads: HTMLElement[] = [];
    for (let c = c0; c < c1; c++) {
      const name = m.targets[this.cols[c]];
      const h = el('div', `nl-col-head${this.matches.has(name) ? ' match' : ''}${this.selected?.to === name ? ' sel' : ''}`, name);
      h.style.left = `${c * CELL}px`;
      h.title = name;
      heads.push(h);
    }
    this.colInner.replaceChildren(...heads);
    const rowHeads: HTMLElement[] = [];
    const rowsDrawn: HTMLElement[] = [];
    const active = this.activeAt();
    // Focus inside the cells stays on the keyboard's cell when they are drawn again.
    const focused = this.cells.contains(document.activeElement);
    const cell = (r: number, c: number): HTMLElement => {
      const i = this.rows[r];
      const from = m.sources[i];
      const to = m.targets[this.cols[c]];
      const k = m.cells[i][this.cols[c]];
      let e: HTMLElement;
      if (k < 0) {
        e = el('div', 'nl-cell self');
        e.setAttribute('aria-label', `${from} → ${to}: itself`);
      } else {
        const v = verdictOf(m.kinds[k]);
        const probe = this.probes.get(`${from}\0${to}`);
        const sel = this.selected?.from === from && this.selected.to === to;
        e = el('div', `nl-cell ${v.tone}${probe ? ` probe-${probe}` : ''}${sel ? ' sel' : ''}`, v.mark);
        e.dataset.from = from;
        e.dataset.to = to;
        e.title = `${from} → ${to}: ${v.text}${probe ? `; probe ${probe}` : ''}`;
        e.setAttribute('aria-label', e.title);
        if (sel) e.setAttribute('aria-selected', 'true');
      }
      e.style.transform = `translate(${c * CELL}px, ${r * CELL}px)`;
      e.setAttribute('role', 'gridcell');
      e.setAttribute('aria-colindex', String(c + 1));
      e.tabIndex = r === active.r && c === active.c ? 0 : -1;
      return e;
    };
    const row = (r: number, cols: number[]): HTMLElement => {
      const line = el('div', 'nl-cell-row');
      line.setAttribute('role', 'row');
      line.setAttribute('aria-rowindex', String(r + 1));
      line.append(...cols.map((c) => cell(r, c)));
      return line;
    };
    const span = (a: number, b: number): number[] => Array.from({ length: Math.max(0, b - a) }, (_, k) => a + k);
    // The keyboard's cell is drawn even when scrolled out of sight, so the grid keeps its place in the tab order.
    const activeRowShown = active.r >= r0 && active.r < r1;
    const activeColShown = active.c >= c0 && active.c < c1;
    if (!activeRowShown && active.r < this.rows.length && active.c < this.cols.length) rowsDrawn.push(row(active.r, [active.c]));
    for (let r = r0; r < r1; r++) {
      const from = m.sources[this.rows[r]];
      const h = el('div', `nl-row-head${this.matches.has(from) ? ' match' : ''}${this.selected?.from === from ? ' sel' : ''}`, from);
      h.style.top = `${r * CELL}px`;
      h.title = from;
      rowHeads.push(h);
      rowsDrawn.push(row(r, r === active.r && !activeColShown ? [active.c, ...span(c0, c1)] : span(c0, c1)));
    }
    this.rowInner.replaceChildren(...rowHeads);
    this.cells.replaceChildren(...rowsDrawn);
    this.scroller.setAttribute('aria-rowcount', String(this.rows.length));
    this.scroller.setAttribute('aria-colcount', String(this.cols.length));
    if (focused) this.cells.querySelector<HTMLElement>('.nl-cell[tabindex="0"]')?.focus({ preventScroll: true });
  }

  show(on: boolean): void {
    this.element.hidden = !on;
    if (on) this.render();
  }
}
