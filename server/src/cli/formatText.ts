// `--format text`: one line per finding, `file:line:col severity rule message`, for people and CI logs.
// Names and messages carry text from the files: their control characters are shown as escapes (an
// escape sequence could erase or recolour a line, a line break forge a finding), and no line starts
// with `::`, which a CI runner would read as a command (`::error`, `::stop-commands::`).
import { showControls } from '../display/controls';
import type { ReportedFinding } from './report';

const COLOURS: Record<string, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', hint: '\x1b[2m' };
const RESET = '\x1b[0m';

/** `hidden`: findings `--quiet` left out, said in the summary so that a clean-looking run does not mislead. */
export function formatText(findings: ReportedFinding[], colour: boolean, hidden = 0): string {
  const lines: string[] = [];
  for (const f of findings) {
    const where = `${pathAtLineStart(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
    const severity = colour ? `${COLOURS[f.severity] ?? ''}${f.severity}${RESET}` : f.severity;
    const rule = colour ? `\x1b[2m${f.rule}${RESET}` : f.rule;
    lines.push(`${where} ${severity} ${rule} ${showControls(f.message)}`);
  }
  lines.push(summary(findings, hidden));
  return lines.join('\n') + '\n';
}

/**
 * A file path shown at the start of a line: controls escaped, and `./` before a relative path that a CI
 * runner would read as a command (it ignores spaces before the `::`).
 */
export function pathAtLineStart(file: string): string {
  const shown = showControls(file);
  return /^\s*::/.test(shown) ? `./${shown}` : shown;
}

export function summary(findings: ReportedFinding[], hidden = 0): string {
  const notShown = `${hidden} finding${hidden === 1 ? '' : 's'} below error severity not shown (--quiet)`;
  if (findings.length === 0) return hidden > 0 ? `No errors found; ${notShown}.` : 'No network problems found.';
  if (hidden > 0) return `${summary(findings)} ${notShown[0].toUpperCase()}${notShown.slice(1)}.`;
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const parts = (['error', 'warning', 'info', 'hint'] as const).map((s) => [count(s), s] as const).filter(([n]) => n > 0).map(([n, s]) => `${n} ${s}${n === 1 ? '' : 's'}`);
  const files = new Set(findings.map((f) => f.file)).size;
  return `${parts.join(', ')} in ${files} file${files === 1 ? '' : 's'}.`;
}
