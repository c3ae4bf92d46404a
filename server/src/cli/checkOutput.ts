// What `check` prints and returns, shared by the static and the `--live` paths.
import type { ComposeProject } from '../compose/project';
import { showControls } from '../display/controls';
import { formatGithub } from './formatGithub';
import { formatGitlab } from './formatGitlab';
import { formatJunit } from './formatJunit';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import type { CliIo } from './main';
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
}

/** The findings in the chosen format. */
export function formatFindings(result: CheckResult, options: OutputOptions, io: CliIo): string {
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
      return formatText(all, io.isTty && !options.noColor && !io.env.NO_COLOR);
  }
}

/** Prints the findings in the chosen format and gives the exit code: 2 load failure, 1 errors, else 0. */
export function finishCheck(result: CheckResult, options: OutputOptions, io: CliIo): number {
  io.stdout(formatFindings(result, options, io));
  if (result.loadFailed) return 2;
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}
