// `--format github`: GitHub Actions workflow commands, one annotation per finding:
//   ::error file=compose.yaml,line=23,col=44,endLine=23,endColumn=53,title=netlens localhost-peer::message
// The runner reads every line of a step's output that starts with `::` (after spaces) as a command, so text
// taken from the files must never start one: control characters are shown as escapes (`display/controls.ts`),
// and GitHub's own escaping is applied on top: `%`, CR and LF in the message, and also `:` and `,` in the
// properties, where they would end a value or the property list. A file name or message can therefore
// neither end the annotation early nor put another command on a line of its own.
import { showControls } from '../display/controls';
import { summary } from './formatText';
import type { ReportedFinding } from './report';

const COMMAND: Record<string, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** GitHub's escaping of a command's message (`escapeData` of @actions/core). */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub's escaping of a property value (`escapeProperty` of @actions/core). */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(findings: ReportedFinding[]): string {
  const lines: string[] = [];
  for (const f of findings) {
    const properties = [
      ['file', f.file],
      ['line', String(f.range.start.line + 1)],
      ['col', String(f.range.start.character + 1)],
      ['endLine', String(f.range.end.line + 1)],
      ['endColumn', String(f.range.end.character + 1)],
      ['title', `netlens ${f.rule}`],
    ]
      .map(([key, value]) => `${key}=${escapeGithubProperty(showControls(value))}`)
      .join(',');
    lines.push(`::${COMMAND[f.severity] ?? 'error'} ${properties}::${escapeGithubData(showControls(f.message))}`);
  }
  lines.push(summary(findings));
  return lines.join('\n') + '\n';
}
