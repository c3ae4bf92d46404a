// The CLI's live face (asynchronous, unlike the static `check`):
//   netlens check --live [--docker-host ADDR] [check options] [DIR|FILE]...   static findings + drift
//   netlens topology --live [--project NAME] [--format json|mermaid|dot|html] [--out FILE] [--docker-host ADDR]
// `main.ts` hands these command lines here; everything else stays synchronous there.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadProject } from '../compose/project';
import { liveDrift, liveTopology } from '../live/index';
import { analyse, settleDrift, type SeveritySetting } from '../analysis';
import { finishCheck, formatProblem, printFatalProblems, REPORT_OPTIONS, reportOptions, shownFiles } from './checkOutput';
import { projectsToLoad, type CliIo } from './io';
import { ALLOW_OUTSIDE_OPTION } from './readScope';
import { reportFindings, type ReportedFinding } from './report';
import { TOPOLOGY_FORMATS, writeTopology, type TopologyFormat } from './topology';

/** A promise of the exit code when `argv` is a live command, else undefined. */
export function runLiveCli(argv: string[], io: CliIo, version: string): Promise<number> | undefined {
  const [command, ...rest] = argv;
  if (!rest.includes('--live')) return undefined;
  if (command === 'check') return guard(liveCheck(rest, io, version), io);
  if (command === 'topology') return guard(liveTopologyCommand(rest, io), io);
  return undefined;
}

class LiveUsageError extends Error {}

async function guard(p: Promise<number>, io: CliIo): Promise<number> {
  try {
    return await p;
  } catch (err) {
    io.stderr(`netlens: ${err instanceof LiveUsageError ? err.message : ((err as Error).stack ?? String(err))}\n`);
    return 2;
  }
}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, allowPositionals: true, options });
  } catch (err) {
    throw new LiveUsageError((err as Error).message);
  }
}

async function liveCheck(args: string[], io: CliIo, version: string): Promise<number> {
  const { values, positionals } = parse(args, {
    live: { type: 'boolean' },
    'docker-host': { type: 'string' },
    format: { type: 'string', default: 'text' },
    file: { type: 'string', short: 'f', multiple: true },
    profile: { type: 'string', multiple: true },
    rule: { type: 'string', multiple: true },
    'no-color': { type: 'boolean' },
    ...REPORT_OPTIONS,
    ...ALLOW_OUTSIDE_OPTION,
  });
  let reporting;
  try {
    reporting = reportOptions(values);
  } catch (err) {
    throw new LiveUsageError((err as Error).message);
  }
  const format = values.format as string;
  const badFormat = formatProblem(format);
  if (badFormat) throw new LiveUsageError(badFormat);
  const severities: Record<string, SeveritySetting> = {};
  for (const setting of (values.rule as string[] | undefined) ?? []) {
    const m = /^([a-z0-9-]+)=(error|warning|info|hint|off)$/.exec(setting);
    if (!m) throw new LiveUsageError(`--rule takes ID=SEVERITY (got "${setting}")`);
    severities[m[1]] = m[2] as SeveritySetting;
  }
  let targets;
  try {
    targets = projectsToLoad(positionals, (values.file as string[] | undefined) ?? [], io.cwd, values['allow-outside'] === true);
  } catch (err) {
    throw new LiveUsageError((err as Error).message);
  }
  const all: ReportedFinding[] = [];
  const files: string[] = [];
  let failed = false;
  for (const target of targets) {
    const project = loadProject({ ...target, profiles: (values.profile as string[] | undefined) ?? [], env: io.env });
    const analysis = analyse(project, { severities });
    const drift = await liveDrift(analysis.model, { host: values['docker-host'] as string | undefined, env: io.env });
    if (!drift.ok) {
      io.stderr(`netlens: live mode: ${drift.error.message}\n`);
      return 2;
    }
    const driftKept = settleDrift(analysis.model, drift.value, severities);
    for (const f of reportFindings([...analysis.findings, ...driftKept], project.sources, io.cwd)) all.push(f);
    for (const f of shownFiles(project, io.cwd)) files.push(f);
    if (printFatalProblems(project, io)) failed = true;
  }
  return finishCheck({ findings: all, files, loadFailed: failed }, { format, version, noColor: values['no-color'] === true, ...reporting }, io);
}

async function liveTopologyCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, {
    live: { type: 'boolean' },
    project: { type: 'string' },
    format: { type: 'string', default: 'json' },
    out: { type: 'string', short: 'o' },
    'docker-host': { type: 'string' },
  });
  const format = values.format as string;
  if (!(TOPOLOGY_FORMATS as readonly string[]).includes(format)) throw new LiveUsageError(`unknown format "${format}" (${TOPOLOGY_FORMATS.join(', ')})`);
  const result = await liveTopology({ host: values['docker-host'] as string | undefined, env: io.env, project: values.project as string | undefined });
  if (!result.ok) {
    io.stderr(`netlens: live mode: ${result.error.message}\n`);
    return 2;
  }
  return writeTopology(result.value, format as TopologyFormat, values.out as string | undefined, io);
}
