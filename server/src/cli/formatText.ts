// `--format text`: one line per finding, `file:line:col severity rule message`, for people.
import type { ReportedFinding } from './report';

const COLOURS: Record<string, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', hint: '\x1b[2m' };
const RESET = '\x1b[0m';

export function formatText(findings: ReportedFinding[], colour: boolean): string {
  const lines: string[] = [];
  for (const f of findings) {
    const where = `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
    const severity = colour ? `${COLOURS[f.severity] ?? ''}${f.severity}${RESET}` : f.severity;
    const rule = colour ? `\x1b[2m${f.rule}${RESET}` : f.rule;
    lines.push(`${where} ${severity} ${rule} ${f.message}`);
  }
  lines.push(summary(findings));
  return lines.join('\n') + '\n';
}

export function summary(findings: ReportedFinding[]): string {
  if (findings.length === 0) return 'No network problems found.';
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const parts = (['error', 'warning', 'info', 'hint'] as const).map((s) => [count(s), s] as const).filter(([n]) => n > 0).map(([n, s]) => `${n} ${s}${n === 1 ? '' : 's'}`);
  const files = new Set(findings.map((f) => f.file)).size;
  return `${parts.join(', ')} in ${files} file${files === 1 ? '' : 's'}.`;
}
