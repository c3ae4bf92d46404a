// The CLI's live face (asynchronous, unlike the static `check`):
//   netlens check --live [--probe] [--docker-host ADDR] [check options] [DIR|FILE]...   static findings + drift (+ probe all)
//   netlens topology --live [--project NAME | DIR | -f FILE...] [--format json|mermaid|dot|html] [--out FILE] [--docker-host ADDR]
// `main.ts` hands these command lines here; everything else stays synchronous there.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { settleDrift, type Analysis } from '../analysis';
import { liveDrift, liveTopology } from '../live/index';
import { CheckRun } from './check';
import { probeAllCli } from './probeAll';
import { UsageError, type CliIo } from './io';
import { referencesOnEngine } from '../live/references';
import { topologyFromAnalysis } from '../topology/fromModel';
import { embeddedReach } from '../topology/reach';
import type { EmbeddedReach } from '../protocol';
import { PROJECT_OPTIONS, TOPOLOGY_FORMATS, topologyAnalysis, writeTopology, type ProjectValues, type TopologyFormat } from './topology';

/** A promise of the exit code when `argv` is a live command, else undefined. */
export function runLiveCli(argv: string[], io: CliIo, version: string): Promise<number> | undefined {
  const [command, ...rest] = argv;
  if (!rest.includes('--live')) return undefined;
  if (command === 'check') return guard(liveCheck(rest, io, version), io);
  if (command === 'topology') return guard(liveTopologyCommand(rest, io), io);
  return undefined;
}

async function guard(p: Promise<number>, io: CliIo): Promise<number> {
  try {
    return await p;
  } catch (err) {
    io.stderr(`netlens: ${err instanceof UsageError ? err.message : ((err as Error).stack ?? String(err))}\n`);
    return 2;
  }
}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, allowPositionals: true, options });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function liveCheck(args: string[], io: CliIo, version: string): Promise<number> {
  const run = new CheckRun(args, io, version);
  for (let i = 0; i < run.targets.length; i++) {
    const analysis = run.analyse(i);
    const drift = await liveDrift(analysis.model, { host: run.dockerHost, env: io.env });
    if (!drift.ok) {
      io.stderr(`netlens: live mode: ${drift.error.message}\n`);
      return 2;
    }
    const probed = run.probe ? await probeAllCli(analysis.model, drift.connection, io) : [];
    run.add(analysis, settleDrift(analysis.model, [...drift.value, ...probed], run.severities));
  }
  return run.finish();
}

async function liveTopologyCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    live: { type: 'boolean' },
    project: { type: 'string' },
    format: { type: 'string', default: 'json' },
    out: { type: 'string', short: 'o' },
    'docker-host': { type: 'string' },
    ...PROJECT_OPTIONS,
  });
  const format = values.format as string;
  if (!(TOPOLOGY_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}" (${TOPOLOGY_FORMATS.join(', ')})`);
  // A Compose project named on the command line (a folder or -f): its view, with the file's connections on the engine.
  const fromFile = positionals.length > 0 || ((values.file as string[] | undefined)?.length ?? 0) > 0;
  if (fromFile && values.project !== undefined) throw new UsageError('give --project or a Compose folder (or -f), not both: the folder names its project');
  let analysis: Analysis | undefined;
  if (fromFile) {
    const loaded = topologyAnalysis(values as ProjectValues, positionals, io);
    if ('problem' in loaded) throw new UsageError(loaded.problem);
    if ('exit' in loaded) return loaded.exit;
    analysis = loaded;
  }
  const project = analysis ? analysis.model.projectName : (values.project as string | undefined);
  const result = await liveTopology({ host: values['docker-host'] as string | undefined, env: io.env, project });
  if (!result.ok) {
    io.stderr(`netlens: live mode: ${result.error.message}\n`);
    return 2;
  }
  if (analysis) result.value.references = referencesOnEngine(topologyFromAnalysis(analysis), result.value);
  // The page's matrix: live mode probes nothing here, so its verdicts are the file's, as in the static export (the
  // page says so beside a live picture). Without the project's files there is no model to judge pairs by.
  let reach: EmbeddedReach | undefined;
  if (format === 'html') {
    if (analysis) reach = embeddedReach(analysis.model);
    else io.stderr('netlens: the page has no reachability matrix: name the project\'s folder (or -f FILE) for the file\'s verdicts beside the engine\'s picture\n');
  }
  return writeTopology(result.value, format as TopologyFormat, values.out as string | undefined, io, reach);
}
