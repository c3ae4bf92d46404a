// Findings as plain data with file paths and LSP ranges: what every output format starts from.
import * as path from 'node:path';
import type { Range, SourceSet } from '../compose/source';
import type { Finding } from '../rules/types';

export interface ReportedEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface ReportedFinding {
  rule: string;
  severity: Finding['severity'];
  message: string;
  file: string;
  range: Range;
  service: string | null;
  /** Every service it concerns (one value shared by several services is one finding). */
  services: string[];
  /** Other places the finding concerns (the peer's definition, the other uses of a variable, ...). */
  related: Array<{ file: string; range: Range; message: string }>;
  /** `preferred`: the fix `check --fix` and the editor's fix-all apply (at most one per finding). */
  fixes: Array<{ title: string; preferred: boolean; edits: ReportedEdit[] }>;
}

export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  return shown.split(path.sep).join('/');
}

export function reportFindings(findings: Finding[], sources: SourceSet, cwd: string): ReportedFinding[] {
  return findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    file: displayPath(f.loc.file, cwd),
    range: sources.rangeOf(f.loc),
    service: f.service,
    services: f.services ?? (f.service ? [f.service] : []),
    related: f.related.map((r) => ({ file: displayPath(r.loc.file, cwd), range: sources.rangeOf(r.loc), message: r.message })),
    fixes: f.fixes.map((fix) => ({
      title: fix.title,
      preferred: fix.preferred === true,
      edits: fix.edits.map((e) => ({ file: displayPath(e.loc.file, cwd), range: sources.rangeOf(e.loc), newText: e.newText })),
    })),
  }));
}
