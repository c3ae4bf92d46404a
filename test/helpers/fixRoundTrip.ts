// Applies every fix of every finding of a rule on a fixture, one at a time, and checks that the
// finding it fixes is gone, the rule's other findings stay, and no finding of another rule appears.
import * as assert from 'node:assert/strict';
import { analyseFixture, applyAndRecheck, findingsOf, otherFindings } from './fixtures';

/** `service "covered text"`: a finding without its position, which a fix above it may shift. */
function withoutPosition(described: string): string {
  return described.replace(/ \S+:\d+:\d+-\d+:\d+ /, ' ');
}

/** Returns the fixed texts, by finding index then fix index, for further checks. */
export function assertEveryFixRoundTrips(rule: string, fixture: string): string[][] {
  const a = analyseFixture(rule, fixture);
  const before = findingsOf(a, rule);
  const findings = a.findings.filter((f) => f.rule === rule);
  assert.ok(findings.length > 0, `${rule}/${fixture} has findings to fix`);
  return findings.map((f, i) => {
    assert.ok(f.fixes.length > 0, `a fix for ${before[i]}`);
    return f.fixes.map((fix) => {
      const { files, after } = applyAndRecheck(rule, fixture, a, fix);
      assert.ok(files.size > 0, `fix "${fix.title}" edits a file`);
      const expected = before.filter((_, j) => j !== i).map(withoutPosition).sort();
      assert.deepEqual(findingsOf(after, rule).map(withoutPosition).sort(), expected, `after "${fix.title}"`);
      assert.deepEqual(otherFindings(after, rule), otherFindings(a, rule), `"${fix.title}" adds no other finding`);
      return [...files.values()].join('\n---\n');
    });
  });
}
