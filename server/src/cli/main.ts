// The `netlens` command: the same analysis as the editor, for people and CI.
//   netlens check [--format text|json|sarif|github|gitlab|junit] [--profile P]... [-f FILE]... [--rule ID=SEVERITY]... [DIR|FILE]...
// Exit code: 0 no error finding, 1 error findings (or more warnings than --max-warnings), 2 usage or load failure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { COMPOSE_FILE_NAMES, OVERRIDE_FILE_NAMES } from '../compose/discovery';
import { loadProject, type LoadOptions } from '../compose/project';
import { analyse, type SeveritySetting } from '../rules/engine';
import { RULES } from '../rules/registry';
import { CHECK_FORMATS, exitCode, finishCheck, formatProblem, printFatalProblems, REPORT_OPTIONS, reportOptions, shownFiles, type CheckResult, type OutputOptions } from './checkOutput';
import { FixSession, inertOnGithub } from './fix';
import { summary } from './formatText';
import { Progress } from './progress';
import { runLiveCli } from './live';
import { ALLOW_OUTSIDE_OPTION, cliBoundary } from './readScope';
import { displayPath, reportFindings, type ReportedFinding } from './report';
import { STACK_OPTION, STACK_USAGE, stackOption } from './stackOption';
import { runTopology, TOPOLOGY_USAGE } from './topology';

declare const NETLENS_VERSION: string | undefined;
const VERSION = typeof NETLENS_VERSION === 'string' ? NETLENS_VERSION : '0.0.0-dev';

const USAGE = `Usage:
  netlens check [options] [DIR|FILE]...   analyse Compose projects (default: the current folder)
${TOPOLOGY_USAGE}
  netlens check --live [options] [DIR]... also compare with what runs on the Docker engine (drift)
  netlens topology --live [--project NAME] [--format ...] [--out FILE]   the engine's network, same formats

Options:
  --format FORMAT            ${CHECK_FORMATS.join('|')} (default: text)
  -f, --file FILE            a Compose file, merged in the order given (like docker compose -f)
  --profile NAME             enable a Compose profile (repeatable)
${STACK_USAGE}
  --rule ID=SEVERITY         set a rule's severity: error, warning, info, hint or off (repeatable)
  --no-schema                do not check the files against the Compose specification's schema (compose-schema)
  --allow-outside            also read files outside the folder checked (and those of -f files): an env_file,
                             include, extends, .env or mounted configuration file elsewhere is otherwise
                             reported and not read
  -q, --quiet                report error-severity findings only
  --max-warnings N           exit 1 when there are more than N warnings (counted with --quiet too)
  --by-folder                a FILE that docker compose would discover (compose.yaml, its override, ...) stands
                             for its folder's project, checked once (for pre-commit hooks, which name files)
  --fix                      apply every preferred fix (the editor's fix-all), pass after pass, then report what
                             it changed and what remains; files are written in place, only inside the folder checked
  --fix-dry-run              print the fixes --fix would apply as a unified diff, and change nothing
  --no-color                 plain text output
  -h, --help                 this help
  --version                  the version
Exit codes: 0 no error finding (and no more warnings than --max-warnings), 1 error findings or too many
  warnings, 2 a usage error or a project that could not be read.
A progress bar is shown on stderr while checking when stderr is a terminal (never on pipes).
Rules: ${RULES.map((r) => r.id).join(', ')}`;

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  /** Whether stderr is a terminal: the progress bar is drawn there only then. */
  stderrIsTty?: boolean;
  /** The terminal's width, for the progress bar. */
  columns?: number;
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
        fix: { type: 'boolean' },
        'by-folder': { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        ...REPORT_OPTIONS,
        'no-schema': { type: 'boolean' },
        ...ALLOW_OUTSIDE_OPTION,
        ...STACK_OPTION,
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { stack, problem: stackProblem } = stackOption(parsed.values.stack);
  if (stackProblem) throw new UsageError(stackProblem);
  let reporting;
  try {
    reporting = reportOptions(parsed.values);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const format = values.format as string;
  const badFormat = formatProblem(format);
  if (badFormat) throw new UsageError(badFormat);
  const severities: Record<string, SeveritySetting> = {};
  for (const setting of values.rule ?? []) {
    const m = /^([a-z0-9-]+)=(error|warning|info|hint|off)$/.exec(setting);
    if (!m) throw new UsageError(`--rule takes ID=SEVERITY, e.g. localhost-peer=warning (got "${setting}")`);
    severities[m[1]] = m[2] as SeveritySetting;
  }
  if (values['no-schema'] === true) severities['compose-schema'] = 'off';
  const targets = projectsToLoad(positionals, values.file ?? [], io.cwd, values['allow-outside'] === true, values['by-folder'] === true);
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run: choose one');
  const session = values.fix || values['fix-dry-run'] ? new FixSession(io.cwd) : undefined;
  const all: ReportedFinding[] = [];
  const files: string[] = [];
  let failed = false;
  const progress = new Progress(io.stderrIsTty ? io.stderr : undefined, targets.length, io.columns || 80);
  const messages = { cwd: io.cwd, stderr: (t: string) => progress.message(t, io.stderr) };
  targets.forEach((target, i) => {
    const label = displayPath(target.dir ?? target.files?.[0] ?? io.cwd, io.cwd) || '.';
    const analyser = (options: LoadOptions) => {
      progress.step(i, label, 'reading');
      const project = loadProject({ ...options, profiles: values.profile ?? [], env: io.env, ...(stack !== undefined ? { stack } : {}) });
      progress.step(i, label, 'analysing');
      return analyse(project, { severities });
    };
    const analysis = session ? session.fixProject(target, analyser, (pass) => progress.step(i, label, `fixing (pass ${pass})`)) : analyser(target);
    const project = analysis.project;
    // One by one: a project can have more findings than push() takes arguments (about 125,000).
    for (const f of reportFindings(analysis.findings, project.sources, io.cwd)) all.push(f);
    for (const f of shownFiles(project, io.cwd)) files.push(f);
    if (printFatalProblems(project, messages)) failed = true;
  });
  progress.clear();
  const output = { format, version: VERSION, noColor: values['no-color'] === true, ...reporting };
  const result = { findings: all, files, loadFailed: failed };
  if (!session) return finishCheck(result, output, io);
  return finishFix(session, values['fix-dry-run'] === true, result, output, io);
}

/** After `--fix` (the files written) or `--fix-dry-run` (the diff printed): what changed, then what remains. */
function finishFix(session: FixSession, dryRun: boolean, result: CheckResult, output: OutputOptions, io: CliIo): number {
  const changed = session.changes().length;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  if (dryRun) {
    io.stdout(inertOnGithub(session.diff(), io.env));
    io.stderr(session.appliedLines('would fix'));
    io.stderr(`${session.applied.length === 0 ? 'Nothing to fix.' : `Would fix ${count(session.applied.length, 'finding')} in ${count(changed, 'file')}.`} Then: ${summary(output.quiet ? result.findings.filter((f) => f.severity === 'error') : result.findings)}\n`);
    return exitCode(result, output, io);
  }
  const failures = session.write();
  for (const failure of failures) io.stderr(`netlens: could not write ${failure}\n`);
  const report = `${session.appliedLines()}${session.applied.length === 0 ? 'Nothing to fix.' : `Fixed ${count(session.applied.length, 'finding')} in ${count(changed - failures.length, 'file')}.`}\n`;
  // Text output tells it on stdout before the findings that remain; other formats keep stdout to their format.
  if (output.format === 'text') io.stdout(report);
  else io.stderr(report);
  const code = finishCheck(result, output, io);
  return failures.length > 0 ? 2 : code;
}

/**
 * `--by-folder`: a file docker compose would discover (`compose.yaml`, its override, ...) stands for the project
 * of its folder, which is checked once however many of its files are named (a pre-commit hook names the
 * files that changed); other names are kept as given.
 */
function projectFolders(positionals: string[], cwd: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of positionals) {
    const abs = path.resolve(cwd, p);
    const discovered = COMPOSE_FILE_NAMES.includes(path.basename(abs)) || OVERRIDE_FILE_NAMES.includes(path.basename(abs));
    const folder = discovered && fs.statSync(abs, { throwIfNoEntry: false })?.isFile() ? path.dirname(abs) : abs;
    if (seen.has(folder)) continue;
    seen.add(folder);
    out.push(folder === abs ? p : path.relative(cwd, folder) || '.');
  }
  return out;
}

/** What to load per project named; each reads its own folder, the current one when none is named (`readScope.ts`). */
export function projectsToLoad(positionals: string[], fileArgs: string[], cwd: string, allowOutside = false, byFolder = false): LoadOptions[] {
  const files = fileArgs.map((f) => path.resolve(cwd, f));
  if (byFolder) positionals = projectFolders(positionals, cwd);
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
    stderrIsTty: process.stderr.isTTY === true,
    columns: process.stderr.columns,
  };
  const live = runLiveCli(process.argv.slice(2), io, VERSION);
  if (live) {
    void live.then((code) => (process.exitCode = code));
    return;
  }
  process.exitCode = runCli(process.argv.slice(2), io);
}
