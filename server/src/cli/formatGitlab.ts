// `--format gitlab`: GitLab Code Quality, a JSON array of issues that the merge request widget and the
// pipeline's Code Quality report read: `description`, `check_name`, `fingerprint`, `severity` and
// `location` (`path` relative to the folder the check ran in, `lines.begin` 1-based).
// A fingerprint is what GitLab compares between the base and the head pipeline: it hashes the rule, the
// file, the service and the message, not the line, so a finding keeps its fingerprint when lines above it
// move; identical findings are told apart by their order.
import { createHash } from 'node:crypto';
import type { ReportedFinding } from './report';

const SEVERITY: Record<string, string> = { error: 'major', warning: 'minor', info: 'info', hint: 'info' };

export function formatGitlab(findings: ReportedFinding[]): string {
  const seen = new Map<string, number>();
  const issues = findings.map((f) => {
    const identity = JSON.stringify([f.rule, f.file, f.service, f.message]);
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    return {
      type: 'issue',
      description: f.message,
      check_name: f.rule,
      fingerprint: createHash('sha256').update(`${identity}\n${occurrence}`).digest('hex'),
      severity: SEVERITY[f.severity] ?? 'major',
      categories: ['Bug Risk'],
      location: { path: f.file, lines: { begin: f.range.start.line + 1, end: f.range.end.line + 1 } },
    };
  });
  return JSON.stringify(issues, null, 2) + '\n';
}
