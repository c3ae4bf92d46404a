// The `netlens` command: the same analysis as the editor, for people and CI.
//   netlens check [--format text|json|sarif] [--profile P]... [-f FILE]... [--rule ID=SEVERITY]... [DIR|FILE]...
// Exit code: 0 no error finding, 1 error findings, 2 usage or load failure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadProject, type LoadOptions } from '../compose/project';
import { analyse, type SeveritySetting } from '../rules/engine';
import { RULES } from '../rules/registry';
import { finishCheck, printFatalProblems } from './checkOutput';
import { runLiveCli } from './live';
import { ALLOW_OUTSIDE_OPTION, cliBoundary } from './readScope';
import { reportFindings, type ReportedFinding } from './report';
import { runTopology, TOPOLOGY_USAGE } from './topology';

declare const NETLENS_VERSION: string | undefined;
const VERSION = typeof NETLENS_VERSION === 'string' ? NETLENS_VERSION : '0.0.0-dev';

const USAGE = `Usage:
  netlens check [options] [DIR|FILE]...   analyse Compose projects (default: the current folder)
${TOPOLOGY_USAGE}
  netlens check --live [options] [DIR]... also compare with what runs on the Docker engine (drift)
  netlens topology --live [--project NAME] [--format ...] [--out FILE]   the engine's network, same formats

Options:
  --format text|json|sarif   output format (default: text)
  -f, --file FILE            a Compose file, merged in the order given (like docker compose -f)
  --profile NAME             enable a Compose profile (repeatable)
  --rule ID=SEVERITY         set a rule's severity: error, warning, info, hint or off (repeatable)
  --no-schema                do not check the files against the Compose specification's schema (compose-schema)
  --allow-outside            also read files outside the folder checked (and those of -f files): an env_file,
                             include, extends or .env elsewhere is otherwise reported and not read
  --no-color                 plain text output
  -h, --help                 this help
  --version                  the version
Rules: ${RULES.map((r) => r.id).join(', ')}`;

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
}

class UsageError extends Error {}

export function runCli(argv: string[], io: CliIo): number {
  try {
    return run(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`netlens: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    io.stderr(`netlens: ${(err as Error).stack ?? String(err)}\n`);
    return 2;
  }
}

function run(argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(USAGE + '\n');
    return command === undefined ? 2 : 0;
  }
  if (command === '--version') {
    io.stdout(VERSION + '\n');
    return 0;
  }
  if (command === 'topology') return runTopology(rest, io);
  if (command !== 'check') throw new UsageError(`unknown command "${command}"`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        file: { type: 'string', short: 'f', multiple: true },
        profile: { type: 'string', multiple: true },
        rule: { type: 'string', multiple: true },
        'no-color': { type: 'boolean' },
        'no-schema': { type: 'boolean' },
        ...ALLOW_OUTSIDE_OPTION,
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const format = values.format as string;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format "${format}" (text, json or sarif)`);
  const severities: Record<string, SeveritySetting> = {};
  for (const setting of values.rule ?? []) {
    const m = /^([a-z0-9-]+)=(error|warning|info|hint|off)$/.exec(setting);
    if (!m) throw new UsageError(`--rule takes ID=SEVERITY, e.g. localhost-peer=warning (got "${setting}")`);
    severities[m[1]] = m[2] as SeveritySetting;
  }
  if (values['no-schema'] === true) severities['compose-schema'] = 'off';
  const targets = projectsToLoad(positionals, values.file ?? [], io.cwd, values['allow-outside'] === true);
  const all: ReportedFinding[] = [];
  let failed = false;
  for (const target of targets) {
    const project = loadProject({ ...target, profiles: values.profile ?? [], env: io.env });
    const analysis = analyse(project, { severities });
    // One by one: a project can have more findings than push() takes arguments (about 125,000).
    for (const f of reportFindings(analysis.findings, project.sources, io.cwd)) all.push(f);
    if (printFatalProblems(project, io)) failed = true;
  }
  return finishCheck(all, format, VERSION, io, values['no-color'] === true, failed);
}

/** What to load per project named; each reads its own folder, the current one when none is named (`readScope.ts`). */
export function projectsToLoad(positionals: string[], fileArgs: string[], cwd: string, allowOutside = false): LoadOptions[] {
  const files = fileArgs.map((f) => path.resolve(cwd, f));
  if (positionals.length === 0) {
    const boundary = cliBoundary(cwd, files, allowOutside);
    if (files.length > 0) return [{ files, boundary }];
    return [{ dir: cwd, boundary }];
  }
  return positionals.map((p) => {
    const abs = path.resolve(cwd, p);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new UsageError(`${p}: no such file or folder`);
    }
    if (stat.isDirectory()) return files.length > 0 ? { dir: abs, files, boundary: cliBoundary(abs, files, allowOutside) } : { dir: abs, boundary: cliBoundary(abs, files, allowOutside) };
    return { files: [abs, ...files], boundary: cliBoundary(path.dirname(abs), files, allowOutside) };
  });
}

/** Entry point of `bin/netlens.js`. */
export function main(): void {
  const io: CliIo = {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTty: process.stdout.isTTY === true,
  };
  const live = runLiveCli(process.argv.slice(2), io, VERSION);
  if (live) {
    void live.then((code) => (process.exitCode = code));
    return;
  }
  process.exitCode = runCli(process.argv.slice(2), io);
}
