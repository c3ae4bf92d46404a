// What `check` prints and returns, shared by the static and the `--live` paths.
import type { ComposeProject } from '../compose/project';
import { showControls } from '../display/controls';
import { formatGithub } from './formatGithub';
import { formatGitlab } from './formatGitlab';
import { formatJunit } from './formatJunit';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import type { CliIo } from './io';
import { displayPath, type ReportedFinding } from './report';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github', 'gitlab', 'junit'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** Why a `--format` value is refused, or undefined when it is one of CHECK_FORMATS. */
export function formatProblem(format: string): string | undefined {
  return (CHECK_FORMATS as readonly string[]).includes(format) ? undefined : `unknown format "${format}" (${CHECK_FORMATS.join(', ')})`;
}

/** Prints each problem that stopped a project from being read as Compose would; true when there was one. */
export function printFatalProblems(project: ComposeProject, io: Pick<CliIo, 'cwd' | 'stderr'>): boolean {
  let fatal = false;
  for (const p of project.problems) {
    if (!p.fatal) continue;
    fatal = true;
    const start = project.sources.rangeOf(p.loc).start;
    io.stderr(`netlens: ${showControls(displayPath(p.loc.file, io.cwd))}:${start.line + 1}:${start.character + 1}: ${showControls(p.message)}\n`);
  }
  return fatal;
}

/** The Compose files of a project as shown (relative to where the check ran): the test cases of `--format junit`. */
export function shownFiles(project: ComposeProject, cwd: string): string[] {
  return project.files.map((f) => displayPath(f, cwd));
}

export interface CheckResult {
  findings: ReportedFinding[];
  /** Every Compose file checked, as shown. */
  files: string[];
  /** A project could not be read. */
  loadFailed: boolean;
}

export interface OutputOptions {
  format: string;
  version: string;
  noColor: boolean;
  /** `--quiet`: report error-severity findings only. */
  quiet?: boolean;
  /** `--max-warnings N`: exit 1 when there are more warnings than this (counted with `--quiet` too). */
  maxWarnings?: number;
}

/** The options every `check` takes on how findings are reported. */
export const REPORT_OPTIONS = {
  quiet: { type: 'boolean', short: 'q' },
  'max-warnings': { type: 'string' },
} as const;

/** `--quiet` and `--max-warnings` from parsed arguments; throws a usage message for a bad number. */
export function reportOptions(values: { quiet?: unknown; 'max-warnings'?: unknown }): Pick<OutputOptions, 'quiet' | 'maxWarnings'> {
  const raw = values['max-warnings'];
  if (raw === undefined) return { quiet: values.quiet === true };
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) throw new Error(`--max-warnings takes a number of warnings, 0 or more (got "${String(raw)}")`);
  return { quiet: values.quiet === true, maxWarnings: Number(raw) };
}

/** The findings in the chosen format. */
export function formatFindings(result: CheckResult, options: OutputOptions, io: CliIo, hidden = 0): string {
  const all = result.findings;
  switch (options.format) {
    case 'json':
      return JSON.stringify({ findings: all }, null, 2) + '\n';
    case 'sarif':
      return formatSarif(all, options.version);
    case 'github':
      return formatGithub(all);
    case 'gitlab':
      return formatGitlab(all);
    case 'junit':
      return formatJunit(all, [...new Set(result.files)]);
    default:
      return formatText(all, io.isTty && !options.noColor && !io.env.NO_COLOR, hidden);
  }
}

/**
 * Prints the findings in the chosen format and gives the exit code: 2 a project could not be read, 1 an
 * error-severity finding or more warnings than `--max-warnings`, else 0.
 */
export function finishCheck(result: CheckResult, options: OutputOptions, io: CliIo): number {
  const shown = options.quiet ? result.findings.filter((f) => f.severity === 'error') : result.findings;
  io.stdout(formatFindings({ ...result, findings: shown }, options, io, result.findings.length - shown.length));
  return exitCode(result, options, io);
}

/** The exit code of a check (see finishCheck); says on stderr when there are more warnings than allowed. */
export function exitCode(result: CheckResult, options: Pick<OutputOptions, 'maxWarnings'>, io: Pick<CliIo, 'stderr'>): number {
  if (result.loadFailed) return 2;
  if (result.findings.some((f) => f.severity === 'error')) return 1;
  let warnings = 0;
  for (const f of result.findings) if (f.severity === 'warning') warnings++;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`netlens: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${options.maxWarnings} allows.\n`);
    return 1;
  }
  return 0;
}
