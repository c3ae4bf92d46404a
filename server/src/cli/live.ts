// The CLI's live face (asynchronous, unlike the static `check`):
//   netlens check --live [--probe] [--docker-host ADDR] [check options] [DIR|FILE]...   static findings + drift (+ probe all)
//   netlens topology --live [--project NAME] [--format json|mermaid|dot|html] [--out FILE] [--docker-host ADDR]
// `main.ts` hands these command lines here; everything else stays synchronous there.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { settleDrift } from '../analysis';
import { liveDrift, liveTopology } from '../live/index';
import { CheckRun } from './check';
import { probeAllCli } from './probeAll';
import { UsageError, type CliIo } from './io';
import { TOPOLOGY_FORMATS, writeTopology, type TopologyFormat } from './topology';

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
  const { values } = parse(args, {
    live: { type: 'boolean' },
    project: { type: 'string' },
    format: { type: 'string', default: 'json' },
    out: { type: 'string', short: 'o' },
    'docker-host': { type: 'string' },
  });
  const format = values.format as string;
  if (!(TOPOLOGY_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}" (${TOPOLOGY_FORMATS.join(', ')})`);
  const result = await liveTopology({ host: values['docker-host'] as string | undefined, env: io.env, project: values.project as string | undefined });
  if (!result.ok) {
    io.stderr(`netlens: live mode: ${result.error.message}\n`);
    return 2;
  }
  return writeTopology(result.value, format as TopologyFormat, values.out as string | undefined, io);
}
