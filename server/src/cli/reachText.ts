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

/** A source's verdicts, one per service in order (undefined for itself); what `reachText` tallies as it goes. */
type RowOf = (from: string) => Array<PairReach | undefined>;

/** The matrix's lines, or undefined when it would be wider than `width`. */
function matrix(services: string[], sources: string[], rowOf: RowOf, width: number): string[] | undefined {
  const n = services.length;
  const digits = String(n).length;
  const label = (s: string, r: number) => (s === FROM_HOST ? `${' '.repeat(digits)} ${FROM_HOST}` : `${String(r + 1).padStart(digits)} ${abbreviate(s, LABEL_MAX)}`);
  const labels = sources.map(label);
  const labelWidth = labels.reduce((w, l) => Math.max(w, l.length), 0);
  const cellsWidth = n + Math.floor((n - 1) / GROUP);
  if (labelWidth + 2 + cellsWidth > width) return undefined;
  const row = (cell: (i: number) => string) => {
    let out = '';
    for (let i = 0; i < n; i++) out += (i > 0 && i % GROUP === 0 ? ' ' : '') + cell(i);
    return out;
  };
  const lines: string[] = [];
  // Column numbers written downwards, one digit a line.
  for (let d = digits - 1; d >= 0; d--) {
    lines.push(`${' '.repeat(labelWidth + 2)}${row((i) => {
      const text = String(i + 1);
      return d < text.length ? text[text.length - 1 - d] : ' ';
    })}`.trimEnd());
  }
  sources.forEach((from, r) => {
    const verdicts = rowOf(from);
    lines.push(`${labels[r].padEnd(labelWidth)}  ${row((i) => (services[i] === from ? '.' : MARKS[mark(verdicts[i]) ?? 'no-shared-network'][0]))}`);
  });
  return lines;
}

/** One line per source: whom it reaches, then whom it does not, grouped by why. */
function rowsAsLines(sources: string[], rowOf: RowOf): string[] {
  const lines: string[] = [];
  for (const from of sources) {
    const row = rowOf(from).filter((p): p is PairReach => p !== undefined);
    const reached = row.filter((p) => p.reachable).map((p) => showControls(p.to));
    const notBy = new Map<string, string[]>();
    for (const p of row) if (!p.reachable) notBy.set(p.why ?? 'no-shared-network', [...(notBy.get(p.why ?? 'no-shared-network') ?? []), showControls(p.to)]);
    const not = [...notBy].map(([why, to]) => `${to.join(', ')} (${why})`);
    lines.push(`${showControls(from)}: reaches ${reached.length ? reached.join(', ') : 'nothing'}${not.length ? `; not ${not.join('; ')}` : ''}`);
  }
  return lines;
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

export function reachText(input: ReachTextInput): string {
  const { services, sources, targets, pair } = input;
  const lines: string[] = [];
  // Counted as the rows are written: a row's verdicts are dropped once written (a million at 1,000 services).
  const tally = { between: 0, betweenReached: 0, host: 0, hostReached: 0 };
  const count = (p: PairReach) => {
    if (p.from === FROM_HOST) {
      tally.host++;
      if (p.reachable) tally.hostReached++;
    } else {
      tally.between++;
      if (p.reachable) tally.betweenReached++;
    }
  };
  if (input.filtered) {
    for (const from of sources) {
      for (const to of targets) {
        const p = pair(from, to);
        if (!p) continue;
        count(p);
        lines.push(pairLine(p));
      }
    }
  } else {
    const used = new Set<Mark>();
    const rowOf: RowOf = (from) => {
      const verdicts = services.map((to) => pair(from, to));
      for (const p of verdicts) {
        if (!p) continue;
        count(p);
        used.add(mark(p) as Mark);
      }
      return verdicts;
    };
    const grid = matrix(services, sources, rowOf, input.width);
    if (grid) {
      lines.push(`Who reaches whom in ${showControls(input.project)}: the row's service reaches the column's (columns numbered as the rows).`, '', ...grid, '');
      lines.push('Legend:', `  .  itself`);
      for (const [m, [symbol, meaning]] of Object.entries(MARKS) as Array<[Mark, [string, string]]>) if (used.has(m)) lines.push(`  ${symbol}  ${meaning}`);
    } else {
      lines.push(`Who reaches whom in ${showControls(input.project)} (too many services for a matrix ${input.width} characters wide):`, '', ...rowsAsLines(sources, rowOf));
    }
    lines.push('', 'Details of one service: netlens reach --from SERVICE (or --to SERVICE).');
  }
  const parts: string[] = [];
  if (tally.between) parts.push(`${tally.betweenReached} of ${tally.between} pairs of services reachable`);
  if (tally.host) parts.push(`the host reaches ${tally.hostReached} of ${tally.host} service${tally.host === 1 ? '' : 's'}`);
  lines.push(parts.length ? `${parts.join('; ')}.` : 'No pair to show.');
  return lines.join('\n') + '\n';
}
