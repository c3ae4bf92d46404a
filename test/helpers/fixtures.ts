// Rule fixtures: test/fixtures/rules/<id>/<case>/ holds a Compose project. These helpers
// analyse one, describe findings by the text they cover, and apply a fix then re-check.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProject } from '../../server/src/compose/project';
import { analyse, type Analysis } from '../../server/src/analysis';
import type { Finding, Fix } from '../../server/src/rules/types';
import { applyEdits } from './project';

export const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/rules');

export function fixtureDir(rule: string, name: string): string {
  return path.join(FIXTURES, rule, name);
}

export function analyseFixture(rule: string, name: string, overlay?: Map<string, string>): Analysis {
  const dir = fixtureDir(rule, name);
  const readFile = (file: string) => {
    if (overlay?.has(file)) return overlay.get(file);
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  return analyse(loadProject({ dir, env: {}, readFile }));
}

/** Findings of one rule as `service file:line:col-endcol "covered text"`, easy to compare. */
export function findingsOf(analysis: Analysis, rule: string): string[] {
  return analysis.findings.filter((f) => f.rule === rule).map((f) => describeFinding(analysis, f));
}

export function describeFinding(analysis: Analysis, f: Finding): string {
  const source = analysis.project.sources.get(f.loc.file)!;
  const r = source.rangeOf(f.loc);
  return `${f.service} ${path.basename(f.loc.file)}:${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} "${source.slice(f.loc)}"`;
}

/** Applies a fix to the fixture's files (in memory) and analyses again. */
export function applyAndRecheck(rule: string, name: string, analysis: Analysis, fix: Fix): { files: Map<string, string>; after: Analysis } {
  const files = new Map<string, string>();
  for (const source of analysis.project.sources.all()) {
    const edited = applyEdits(source.text, source.path, fix.edits);
    if (edited !== source.text) files.set(source.path, edited);
  }
  return { files, after: analyseFixture(rule, name, files) };
}

/** Signature of findings other than a given rule's, to prove a fix adds nothing else. */
export function otherFindings(analysis: Analysis, rule: string): string[] {
  return analysis.findings.filter((f) => f.rule !== rule).map((f) => `${f.rule}: ${f.message}`);
}
