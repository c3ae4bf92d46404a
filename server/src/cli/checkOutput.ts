// What `check` prints and returns, shared by the static and the `--live` paths.
import type { ComposeProject } from '../compose/project';
import { showControls } from '../display/controls';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import type { CliIo } from './main';
import { displayPath, type ReportedFinding } from './report';

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

/** Prints the findings in the chosen format and gives the exit code: 2 load failure, 1 errors, else 0. */
export function finishCheck(all: ReportedFinding[], format: string, version: string, io: CliIo, noColor: boolean, loadFailed: boolean): number {
  if (format === 'json') io.stdout(JSON.stringify({ findings: all }, null, 2) + '\n');
  else if (format === 'sarif') io.stdout(formatSarif(all, version));
  else io.stdout(formatText(all, io.isTty && !noColor && !io.env.NO_COLOR));
  if (loadFailed) return 2;
  return all.some((f) => f.severity === 'error') ? 1 : 0;
}
