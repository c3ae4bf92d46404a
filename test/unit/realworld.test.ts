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

/**
 * Errors and warnings on the corpus that no label covers (the labels judge an earlier version), as
 * `project rule service file:line`, each with why it is right. A new one fails the gate until it is judged here.
 */
const JUDGED_NEW_FINDINGS: ReadonlyArray<{ finding: string; why: string }> = [
  {
    finding: 'sourcegraph__deploy-sourcegraph-docker unknown-host grafana grafana/datasources/datasources.yaml:13',
    why: 'the labelled miss: the provisioned Jaeger datasource points at jaeger-query:16686, a name no Compose file of any run defines (the Jaeger overlay calls its service and container `jaeger`), so Grafana never reaches it',
  },
  ...[69, 73, 77].map((line) => ({
    finding: `grafana__intro-to-mltp unknown-host opentelemetry-collector otel/otel.yml:${line}`,
    why: 'the collector (docker-compose-otel.yml names otel.yml with --config) scrapes beyla-requester/-server/-recorder:9090, but no Compose file of the project defines Beyla services, so the scrapes fail name resolution (the labelled Alloy miss, in the OTel variant)',
  })),
  ...[60, 61, 62].map((line) => ({
    finding: `grafana__intro-to-mltp unknown-host alloy alloy/config.alloy:${line}`,
    why: 'the labelled miss (its first line): Alloy (`alloy run /etc/alloy/config.alloy`) scrapes beyla-requester/-server/-recorder:9090, but no Compose file of the project defines Beyla services, so the scrapes fail name resolution',
  })),
  ...[23, 24, 25, 26, 27].map((line) => ({
    finding: `grafana__intro-to-mltp unknown-host alloy alloy/config.alloy:${line}`,
    why: 'in the cloud variant (docker-compose-cloud.yml) Alloy mounts the same config.alloy, whose `mltpg_infra` job scrapes mimir, tempo, loki, pyroscope and grafana, none of which that file runs (the cloud stack replaces them), so those scrapes fail name resolution',
  })),
];

const describeFinding = (f: JudgedFinding) => `${f.project} ${f.rule} ${f.service ?? '-'} ${f.file}:${f.line}`;
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
    assert.deepEqual(falseFailures(result).map((r) => `${r.project} ${r.args.join(' ') || '.'}`), []);
  });

  it('every error or warning no label covers is judged here, with why', () => {
    const judged = new Set(JUDGED_NEW_FINDINGS.map((j) => j.finding));
    const unjudged = findings.filter((f) => !f.label && (f.severity === 'error' || f.severity === 'warning') && !judged.has(describeFinding(f)));
    assert.deepEqual(unjudged.map((f) => `${describeFinding(f)} ${f.severity}: ${f.message}`), []);
  });
});
