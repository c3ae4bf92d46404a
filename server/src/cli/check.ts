// `netlens check`: one option table, one reading of the command line and one loop over the projects named, for
// the static check and for `--live`, which only adds the drift step (`live.ts`, asynchronous). `--fix` and
// `--fix-dry-run` pass each project through the fix session (`fix.ts`) before it is reported.
import { parseArgs } from 'node:util';
import { analyse, type Analysis, type SeveritySetting } from '../analysis';
import { loadProject, type LoadOptions } from '../compose/project';
import type { Finding } from '../rules/types';
import { exitCode, finishCheck, formatProblem, printFatalProblems, REPORT_OPTIONS, reportOptions, shownFiles, type CheckResult, type OutputOptions } from './checkOutput';
import { FixSession, inertOnGithub } from './fix';
import { summary } from './formatText';
import { projectsToLoad, UsageError, type CliIo } from './io';
import { Progress } from './progress';
import { ALLOW_OUTSIDE_OPTION } from './readScope';
import { STACK_OPTION, stackOption } from './stackOption';
import { displayPath, reportFindings, type ReportedFinding } from './report';

/** Every option `check` takes, `--live` and its engine among them. */
export const CHECK_OPTIONS = {
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
  live: { type: 'boolean' },
  probe: { type: 'boolean' },
  'docker-host': { type: 'string' },
  ...STACK_OPTION,
} as const;

/** `--rule ID=SEVERITY`, repeated: the severity setting per rule id. */
export function ruleSettings(settings: readonly string[]): Record<string, SeveritySetting> {
  const severities: Record<string, SeveritySetting> = {};
  for (const setting of settings) {
    const m = /^([a-z0-9-]+)=(error|warning|info|hint|off)$/.exec(setting);
    if (!m) throw new UsageError(`--rule takes ID=SEVERITY, e.g. localhost-peer=warning (got "${setting}")`);
    severities[m[1]] = m[2] as SeveritySetting;
  }
  return severities;
}

/** One `check` command line: its projects analysed one by one, their findings gathered, then reported once. */
export class CheckRun {
  readonly targets: LoadOptions[];
  readonly severities: Record<string, SeveritySetting>;
  readonly live: boolean;
  /** `--probe`, with `--live`: probe all on the running project. */
  readonly probe: boolean;
  /** `--docker-host`, with `--live`. */
  readonly dockerHost: string | undefined;
  private readonly profiles: string[];
  /** `--stack NAME`: the files read as `docker stack deploy NAME` reads them. */
  private readonly stack: string | undefined;
  private readonly output: OutputOptions;
  private readonly session: FixSession | undefined;
  private readonly dryRun: boolean;
  private readonly progress: Progress;
  private readonly findings: ReportedFinding[] = [];
  private readonly files: string[] = [];
  private loadFailed = false;

  /** Reads the command line after `check`; a bad one throws a UsageError. */
  constructor(
    args: string[],
    private readonly io: CliIo,
    version: string,
  ) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: CHECK_OPTIONS });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
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
    this.severities = ruleSettings(values.rule ?? []);
    if (values['no-schema'] === true) this.severities['compose-schema'] = 'off';
    this.targets = projectsToLoad(positionals, values.file ?? [], io.cwd, values['allow-outside'] === true, values['by-folder'] === true);
    if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run: choose one');
    this.live = values.live === true;
    if (this.live && (values.fix || values['fix-dry-run'])) throw new UsageError('--fix and --fix-dry-run check the files alone: leave out --live');
    if (!this.live && values['docker-host'] !== undefined) throw new UsageError('--docker-host goes with --live');
    if (!this.live && values.probe) throw new UsageError('--probe runs probes in the running containers: it goes with --live');
    this.probe = values.probe === true;
    this.dockerHost = values['docker-host'];
    this.profiles = values.profile ?? [];
    const stack = stackOption(values.stack);
    if (stack.problem) throw new UsageError(stack.problem);
    this.stack = stack.stack;
    this.output = { format, version, noColor: values['no-color'] === true, ...reporting };
    this.session = values.fix || values['fix-dry-run'] ? new FixSession(io.cwd) : undefined;
    this.dryRun = values['fix-dry-run'] === true;
    this.progress = new Progress(io.stderrIsTty ? io.stderr : undefined, this.targets.length, io.columns || 80);
  }

  /** The analysis of the i-th project (after the fixes, with `--fix`). */
  analyse(i: number): Analysis {
    const target = this.targets[i];
    const label = displayPath(target.dir ?? target.files?.[0] ?? this.io.cwd, this.io.cwd) || '.';
    const analyser = (options: LoadOptions) => {
      this.progress.step(i, label, 'reading');
      const project = loadProject({ ...options, profiles: this.profiles, env: this.io.env, ...(this.stack !== undefined ? { stack: this.stack } : {}) });
      this.progress.step(i, label, 'analysing');
      return analyse(project, { severities: this.severities });
    };
    return this.session ? this.session.fixProject(target, analyser, (pass) => this.progress.step(i, label, `fixing (pass ${pass})`)) : analyser(target);
  }

  /** A project's findings, and those another step found in it (live drift), join the report. */
  add(analysis: Analysis, more: readonly Finding[] = []): void {
    const project = analysis.project;
    // One by one: a project can have more findings than push() takes arguments (about 125,000).
    for (const f of reportFindings(more.length ? [...analysis.findings, ...more] : analysis.findings, project.sources, this.io.cwd)) this.findings.push(f);
    for (const f of shownFiles(project, this.io.cwd)) this.files.push(f);
    if (printFatalProblems(project, { cwd: this.io.cwd, stderr: (t: string) => this.progress.message(t, this.io.stderr) })) this.loadFailed = true;
  }

  /** Prints the report (and what `--fix` changed) and gives the exit code. */
  finish(): number {
    this.progress.clear();
    const result = { findings: this.findings, files: this.files, loadFailed: this.loadFailed };
    if (!this.session) return finishCheck(result, this.output, this.io);
    return finishFix(this.session, this.dryRun, result, this.output, this.io);
  }
}

/** The static `check`: every project named, analysed and reported. */
export function runCheck(args: string[], io: CliIo, version: string): number {
  const run = new CheckRun(args, io, version);
  if (run.live) throw new UsageError('--live reads the Docker engine: run it through the netlens command');
  for (let i = 0; i < run.targets.length; i++) run.add(run.analyse(i));
  return run.finish();
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
