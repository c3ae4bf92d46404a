// Applying every fix of a rule's findings and checking the promise of issue 3: the finding is
// gone after re-analysis and no finding of any rule appears that was not there before.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Analysis } from '../../server/src/analysis';
import type { Finding, Fix } from '../../server/src/rules/types';
import { applyAndRecheck } from './fixtures';

/** A finding's identity across an edit that shifts offsets: rule, service, file and the text it covers. */
function signatureIn(analysis: Analysis): (f: Finding) => string {
  return (f) => `${f.rule} ${f.service} ${path.basename(f.loc.file)} "${analysis.project.sources.get(f.loc.file)?.slice(f.loc) ?? ''}"`;
}

export interface RoundTrip {
  fix: Fix;
  finding: Finding;
  files: Map<string, string>;
  after: Analysis;
}

/** Applies one fix and asserts the round trip; returns the edited files for further checks. */
export function roundTrip(rule: string, fixture: string, before: Analysis, finding: Finding, fix: Fix): RoundTrip {
  const { files, after } = applyAndRecheck(rule, fixture, before, fix);
  assert.ok(files.size > 0, `fix "${fix.title}" edits nothing`);
  const was = new Set(before.findings.map(signatureIn(before)));
  const now = signatureIn(after);
  const gone = signatureIn(before)(finding);
  assert.ok(!after.findings.some((f) => now(f) === gone), `after "${fix.title}" the finding is still there: ${finding.message}`);
  const added = after.findings.filter((f) => !was.has(now(f))).map((f) => `${now(f)}: ${f.message}`);
  assert.deepEqual(added, [], `"${fix.title}" adds findings`);
  return { fix, finding, files, after };
}

/** Round-trips every fix of every finding of `rule`; returns how many fixes were applied. */
export function roundTripAll(rule: string, fixture: string, before: Analysis): RoundTrip[] {
  const out: RoundTrip[] = [];
  for (const finding of before.findings.filter((f) => f.rule === rule)) for (const fix of finding.fixes) out.push(roundTrip(rule, fixture, before, finding, fix));
  return out;
}
