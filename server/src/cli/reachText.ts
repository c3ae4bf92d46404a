// `netlens reach --format text`: who reaches whom, for people. A matrix (row reaches column, one character a
// cell, columns numbered) with a legend of the characters it uses; beyond the width a line per source instead;
// with --from or --to, a line per pair with its names, network and ports, or why not. Names come from files:
// their control characters are shown as escapes.
import { showControls } from '../display/controls';
import { FROM_HOST, type PairReach, type UnreachableWhy } from '../network/reachability';

type Mark = UnreachableWhy | 'reachable' | 'localhost';

const MARKS: Record<Mark, [string, string]> = {
  reachable: ['+', 'reaches it by name or address (names, network, ports: --from SERVICE)'],
  localhost: ['L', 'reaches it on localhost: one network namespace, or the host network'],
  'no-shared-network': ['-', 'no shared network'],
  'default-bridge': ['b', 'the default bridge: no DNS between containers'],
  'host-mode': ['h', 'host network mode: service names do not resolve'],
  'none-mode': ['n', 'network_mode: none'],
  'external-namespace': ['x', 'in the namespace of a container outside the project'],
  inactive: ['p', 'not started: its profile is not enabled'],
  'name-taken': ['t', 'its names answer for another service first'],
  'not-published': ['u', 'publishes no port on the host'],
  'internal-only': ['i', 'only on internal networks: its ports are not published'],
  'direct-network': ['v', 'only on macvlan/ipvlan networks: no port mapped, the host cannot reach it'],
};

function mark(p: PairReach | undefined): Mark | undefined {
  if (!p) return undefined;
  if (p.reachable) return p.via === 'localhost' ? 'localhost' : 'reachable';
  return p.why ?? 'no-shared-network';
}

/** A row label no longer than `max`, its end replaced by `…` when cut. */
function abbreviate(name: string, max: number): string {
  const shown = showControls(name);
  return shown.length <= max ? shown : `${shown.slice(0, max - 1)}…`;
}

const LABEL_MAX = 24;
/** A space after every GROUP columns, so the eye finds a column by its number. */
const GROUP = 10;

/** The matrix's column numbers, or undefined when it would be wider than `width`; then its rows, one by one. */
function matrix(services: string[], sources: string[], width: number): { head: string[]; row: (from: string, cells: Array<PairReach | undefined>) => string } | undefined {
  const n = services.length;
  const digits = String(n).length;
  const position = new Map<string, number>();
  services.forEach((s, i) => position.set(s, i));
  const label = (s: string) => (s === FROM_HOST ? `${' '.repeat(digits)} ${FROM_HOST}` : `${String((position.get(s) ?? -1) + 1).padStart(digits)} ${abbreviate(s, LABEL_MAX)}`);
  const labelWidth = sources.reduce((w, s) => Math.max(w, label(s).length), 0);
  const cellsWidth = n + Math.floor((n - 1) / GROUP);
  if (labelWidth + 2 + cellsWidth > width) return undefined;
  const cells = (cell: (i: number) => string) => {
    let out = '';
    for (let i = 0; i < n; i++) out += (i > 0 && i % GROUP === 0 ? ' ' : '') + cell(i);
    return out;
  };
  const head: string[] = [];
  // Column numbers written downwards, one digit a line.
  for (let d = digits - 1; d >= 0; d--) {
    head.push(`${' '.repeat(labelWidth + 2)}${cells((i) => {
      const text = String(i + 1);
      return d < text.length ? text[text.length - 1 - d] : ' ';
    })}`.trimEnd());
  }
  return { head, row: (from, row) => `${label(from).padEnd(labelWidth)}  ${cells((i) => (services[i] === from ? '.' : MARKS[mark(row[i]) ?? 'no-shared-network'][0]))}` };
}

/** One line for a source: whom it reaches, then whom it does not, grouped by why. */
function rowAsLine(from: string, row: PairReach[]): string {
  const reached = row.filter((p) => p.reachable).map((p) => showControls(p.to));
  const notBy = new Map<string, string[]>();
  for (const p of row) {
    if (p.reachable) continue;
    const why = p.why ?? 'no-shared-network';
    let list = notBy.get(why);
    if (!list) notBy.set(why, (list = []));
    list.push(showControls(p.to));
  }
  const not = [...notBy].map(([why, to]) => `${to.join(', ')} (${why})`);
  return `${showControls(from)}: reaches ${reached.length ? reached.join(', ') : 'nothing'}${not.length ? `; not ${not.join('; ')}` : ''}`;
}

function portsText(p: PairReach): string {
  if (p.ports.length === 0) return p.portsComplete ? 'no port known to listen' : 'ports unknown';
  const shown = p.ports.length > 12 ? `${p.ports.slice(0, 12).join(', ')} and ${p.ports.length - 12} more` : p.ports.join(', ');
  return `port${p.ports.length === 1 ? '' : 's'} ${shown}${p.portsComplete ? '' : ' (others unknown)'}`;
}

/** One line per pair: how, or why not. */
export function pairLine(p: PairReach): string {
  const head = `${showControls(p.from)} → ${showControls(p.to)}`;
  if (!p.reachable) return `${head}: not reachable (${p.why}): ${p.detail}`;
  const over = p.network ? ` over ${showControls(p.network)}` : '';
  return `${head}: reachable as ${p.names.map(showControls).join(', ')}${over}, ${portsText(p)}`;
}

export interface ReachTextInput {
  project: string;
  services: string[];
  sources: string[];
  targets: string[];
  pair: (from: string, to: string) => PairReach | undefined;
  /** Whether --from or --to chose the pairs: then a line per pair. */
  filtered: boolean;
  width: number;
}

/** The text, written through `write` source by source when given (a large project's matrix is never held whole), else returned. */
export function reachText(input: ReachTextInput, write?: (text: string) => void): string {
  const { services, sources, targets, pair } = input;
  let kept = '';
  const out = write ?? ((text: string) => void (kept += text));
  const lines = (list: string[]) => {
    if (list.length) out(list.join('\n') + '\n');
  };
  const counted = { between: 0, betweenReached: 0, host: 0, hostReached: 0 };
  const used = new Set<Mark | undefined>();
  /** The chosen pairs of a source (its targets), counted for the summary and the legend. */
  const chosenOf = (from: string, all?: Array<PairReach | undefined>): PairReach[] => {
    const chosen = all && targets === services ? all.filter((p): p is PairReach => p !== undefined) : targets.map((to) => pair(from, to)).filter((p): p is PairReach => p !== undefined);
    for (const p of chosen) {
      used.add(mark(p));
      if (p.from === FROM_HOST) {
        counted.host++;
        if (p.reachable) counted.hostReached++;
      } else {
        counted.between++;
        if (p.reachable) counted.betweenReached++;
      }
    }
    return chosen;
  };
  if (input.filtered) {
    for (const from of sources) lines(chosenOf(from).map(pairLine));
  } else {
    const grid = matrix(services, sources, input.width);
    if (grid) {
      lines([`Who reaches whom in ${showControls(input.project)}: the row's service reaches the column's (columns numbered as the rows).`, '', ...grid.head]);
      for (const from of sources) {
        const row = services.map((to) => pair(from, to));
        chosenOf(from, row);
        lines([grid.row(from, row)]);
      }
      const legend = ['', 'Legend:', `  .  itself`];
      for (const [m, [symbol, meaning]] of Object.entries(MARKS) as Array<[Mark, [string, string]]>) if (used.has(m)) legend.push(`  ${symbol}  ${meaning}`);
      lines(legend);
    } else {
      lines([`Who reaches whom in ${showControls(input.project)} (too many services for a matrix ${input.width} characters wide):`, '']);
      for (const from of sources) {
        const row = services.map((to) => pair(from, to));
        chosenOf(from, row);
        lines([rowAsLine(from, row.filter((p): p is PairReach => p !== undefined))]);
      }
    }
    lines(['', 'Details of one service: netlens reach --from SERVICE (or --to SERVICE).']);
  }
  const parts: string[] = [];
  if (counted.between) parts.push(`${counted.betweenReached} of ${counted.between} pairs of services reachable`);
  if (counted.host) parts.push(`the host reaches ${counted.hostReached} of ${counted.host} service${counted.host === 1 ? '' : 's'}`);
  lines([parts.length ? `${parts.join('; ')}.` : 'No pair to show.']);
  return kept;
}
