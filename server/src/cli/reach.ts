// `netlens reach`: who reaches whom in a project, from the model's reachability (`network/reachability.ts`).
//   netlens reach [--format text|json|csv] [--from S]... [--to S]... [--profile P]... [-f FILE]... [DIR]
// Exit code: 0 printed, 2 usage or load failure.
import { parseArgs } from 'node:util';
import { loadProject } from '../compose/project';
import { buildNetworkModel } from '../network/model';
import { FROM_HOST, reachability, type PairReach } from '../network/reachability';
import { printFatalProblems } from './checkOutput';
import { projectsToLoad, UsageError, type CliIo } from './io';
import { ALLOW_OUTSIDE_OPTION } from './readScope';
import { reachText } from './reachText';

export const REACH_USAGE = `  netlens reach [options] [DIR]           who reaches whom: --format text|json|csv (default text), --from S,
                                          --to S (repeatable; \`host\` is the host's row), -f FILE, --profile NAME,
                                          --allow-outside`;

export const REACH_FORMATS = ['text', 'json', 'csv'] as const;

/** Every option `reach` takes. */
export const REACH_OPTIONS = {
  format: { type: 'string', default: 'text' },
  from: { type: 'string', multiple: true },
  to: { type: 'string', multiple: true },
  file: { type: 'string', short: 'f', multiple: true },
  profile: { type: 'string', multiple: true },
  ...ALLOW_OUTSIDE_OPTION,
} as const;

/** The JSON contract: exactly these keys, in this order (README, "netlens reach"). */
export function pairJson(p: PairReach): { from: string; to: string; reachable: boolean; names: string[]; network: string | null; ports: number[]; why: string | null } {
  return { from: p.from, to: p.to, reachable: p.reachable, names: p.names, network: p.network, ports: p.ports, why: p.why };
}

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula starts with a quote mark. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const CSV_HEADER = 'from,to,reachable,names,network,ports,why\r\n';

function csvLine(p: PairReach): string {
  return [p.from, p.to, String(p.reachable), p.names.join(' '), p.network ?? '', p.ports.join(' '), p.why ?? ''].map(csvCell).join(',') + '\r\n';
}

/** `JSON.stringify({ pairs }, null, 2)`, one pair at a time. */
function jsonItem(p: PairReach): string {
  return JSON.stringify(pairJson(p), null, 2).replace(/^/gm, '    ');
}

/**
 * Writes the pairs as CSV or JSON a source's row at a time: a matrix of 1,000 services is a million pairs,
 * whose verdicts are computed, written and dropped (`Reachability.verdict`), never all held at once.
 */
function writePairs(format: 'json' | 'csv', rows: Iterable<PairReach[]>, write: (text: string) => void): void {
  let any = false;
  write(format === 'csv' ? CSV_HEADER : '{\n  "pairs": [');
  for (const row of rows) {
    if (row.length === 0) continue;
    if (format === 'csv') write(row.map(csvLine).join(''));
    else write((any ? ',\n' : '\n') + row.map(jsonItem).join(',\n'));
    any = true;
  }
  if (format === 'json') write(any ? '\n  ]\n}\n' : ']\n}\n');
}

export function runReach(args: string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: REACH_OPTIONS });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const format = values.format as string;
  if (!(REACH_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}" (${REACH_FORMATS.join(', ')})`);
  if (positionals.length > 1) throw new UsageError('reach reads one project: give at most one folder');
  const [target] = projectsToLoad(positionals, values.file ?? [], io.cwd, values['allow-outside'] === true);
  const project = loadProject({ ...target, profiles: values.profile ?? [], env: io.env });
  if (printFatalProblems(project, io)) return 2;
  const model = buildNetworkModel(project);
  const services = [...model.services.keys()];
  const reach = reachability(model);

  const known = (option: string, name: string, host: boolean): string => {
    if (model.services.has(name)) return name;
    if (host && (name === FROM_HOST || name === 'host')) return FROM_HOST;
    const list = services.length > 12 ? `${services.slice(0, 12).join(', ')}, …` : services.join(', ');
    throw new UsageError(`${option}: no service "${name}" in project ${project.name} (${services.length ? `its services: ${list}` : 'it has no service'}${host ? '; `host` is the host' : ''})`);
  };
  const from = (values.from ?? []).map((s) => known('--from', s, true));
  const to = (values.to ?? []).map((s) => known('--to', s, false));
  const sources = from.length ? reach.sources().filter((s) => from.includes(s)) : reach.sources();
  const targets = to.length ? services.filter((s) => to.includes(s)) : services;
  const pair = (a: string, b: string) => reach.verdict(a, b);
  function* rows(): Generator<PairReach[]> {
    for (const a of sources) yield targets.map((b) => pair(a, b)).filter((p): p is PairReach => p !== undefined);
  }

  if (format === 'json' || format === 'csv') writePairs(format, rows(), io.stdout);
  else io.stdout(reachText({ project: project.name, services, sources, targets, pair, filtered: from.length + to.length > 0, width: io.isTty && io.columns ? Math.max(io.columns, 80) : 160 }));
  return 0;
}
