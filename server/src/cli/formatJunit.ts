// `--format junit`: JUnit XML for CI test reports (GitLab, Jenkins, Azure Pipelines, GitHub test
// reporters). One test case per Compose file checked, named after the file: it passes when the file has no
// finding, and fails with one <failure> listing its findings otherwise. Every text is XML-escaped, and what
// XML 1.0 cannot hold at all (control characters, lone surrogates) is shown as an escape first.
import { showControls } from '../display/controls';
import type { ReportedFinding } from './report';

const RANK: Record<string, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** Text made safe for XML content and attribute values (double-quoted). */
export function escapeXml(text: string): string {
  return showControls(text)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `files`: every file checked (shown paths), so a clean file is a passing test case. */
export function formatJunit(findings: ReportedFinding[], files: string[]): string {
  const byFile = new Map<string, ReportedFinding[]>();
  for (const file of files) byFile.set(file, []);
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  const cases: string[] = [];
  let failures = 0;
  for (const [file, list] of byFile) {
    const name = escapeXml(file);
    if (list.length === 0) {
      cases.push(`    <testcase classname="netlens" name="${name}" file="${name}" time="0"/>`);
      continue;
    }
    failures++;
    const worst = list.reduce((w, f) => ((RANK[f.severity] ?? 0) < (RANK[w] ?? 0) ? f.severity : w), list[0].severity);
    const counts = (['error', 'warning', 'info', 'hint'] as const)
      .map((s) => [list.filter((f) => f.severity === s).length, s] as const)
      .filter(([n]) => n > 0)
      .map(([n, s]) => `${n} ${s}${n === 1 ? '' : 's'}`)
      .join(', ');
    const body = list.map((f) => escapeXml(`${file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.rule} ${f.message}`)).join('\n');
    cases.push(
      `    <testcase classname="netlens" name="${name}" file="${name}" time="0">\n` +
        `      <failure message="${escapeXml(counts)}" type="${worst}">${body}</failure>\n` +
        `    </testcase>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="netlens" tests="${byFile.size}" failures="${failures}" errors="0">\n` +
    `  <testsuite name="netlens" tests="${byFile.size}" failures="${failures}" errors="0" skipped="0" time="0">\n` +
    cases.join('\n') +
    (cases.length > 0 ? '\n' : '') +
    `  </testsuite>\n</testsuites>\n`
  );
}
