// The corpus gate: the analysis over the labelled real-world projects (../shared/corpus/realworld), judged by
// an expert's labels. A finding labelled false is never an error or a warning, every finding labelled true is
// still reported at its severity or above, precision per severity holds, and no project that works exits 1.
// `npm run corpus` prints the same figures as a report.
import * as assert from 'node:assert/strict';
import {
  corpusProjects,
  distinctFindings,
  falseFailures,
  LOAD_RULES,
  precisionBySeverity,
  runCorpus,
  SEVERITIES,
  type CorpusResult,
  type JudgedFinding,
} from '../helpers/realworld';
import { describeFinding, JUDGED_NEW_FINDINGS } from '../helpers/judgedFindings';


const rank = (s: string) => SEVERITIES.length - SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);

describe('corpus gate: labelled real-world projects', function () {
  this.timeout(300000);
  let result: CorpusResult;
  let findings: JudgedFinding[];

  before(() => {
    result = runCorpus();
    findings = distinctFindings(result);
  });

  it('holds the labelled projects (at least 40) and runs every documented file set without a load failure', () => {
    assert.ok(corpusProjects().length >= 40, `only ${corpusProjects().length} labelled projects`);
    const broken = result.runs.filter((r) => r.exitCode === 2).map((r) => `${r.project} ${r.args.join(' ')}: ${r.stderr.trim()}`);
    assert.deepEqual(broken, []);
  });

  it('raises no finding labelled false at error or warning', () => {
    const wrong = findings.filter((f) => f.label?.verdict === 'false' && (f.severity === 'error' || f.severity === 'warning'));
    assert.deepEqual(wrong.map((f) => `${describeFinding(f)} ${f.severity}: ${f.label?.why}`), []);
  });

  it('still reports every finding labelled true, at its labelled severity or above', () => {
    const lost = result.runs.flatMap((r) => r.gone.filter((l) => l.verdict === 'true').map((l) => `${r.project} ${l.rule} ${l.service ?? '-'} ${l.file}:${l.line} (${l.why})`));
    assert.deepEqual([...new Set(lost)], []);
    const lowered = findings.filter((f) => f.label?.verdict === 'true' && rank(f.severity) < rank(f.label.severity));
    assert.deepEqual(lowered.map((f) => `${describeFinding(f)} now ${f.severity}, labelled ${f.label?.severity}`), []);
  });

  it('network rules: error precision ≥ 95 %, warning precision ≥ 90 %', () => {
    const rows = precisionBySeverity(findings.filter((f) => !LOAD_RULES.has(f.rule)));
    for (const [severity, floor] of [['error', 0.95], ['warning', 0.9]] as const) {
      const row = rows.find((r) => r.severity === severity)!;
      if (row.precision === null) continue;
      assert.ok(row.precision >= floor, `${severity}: ${row.true} true of ${row.true + row.false + row.debatable} judged (${(row.precision * 100).toFixed(1)} %), below ${floor * 100} %`);
    }
  });

  it('no run of a project without a true error exits 1', () => {
    // A file Compose itself refuses (an error judged above) does not work: its run exits 1 rightly.
    const judged = new Set(JUDGED_NEW_FINDINGS.map((j) => j.finding));
    assert.deepEqual(falseFailures(result, (f) => judged.has(describeFinding(f))).map((r) => `${r.project} ${r.args.join(' ') || '.'}`), []);
  });

  it('every error or warning no label covers is judged here, with why', () => {
    const judged = new Set(JUDGED_NEW_FINDINGS.map((j) => j.finding));
    const unjudged = findings.filter((f) => !f.label && (f.severity === 'error' || f.severity === 'warning') && !judged.has(describeFinding(f)));
    assert.deepEqual(unjudged.map((f) => `${describeFinding(f)} ${f.severity}: ${f.message}`), []);
  });
});
