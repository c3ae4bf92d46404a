// A file with more findings than `netlens.maxDiagnosticsPerFile` publishes that many, the most severe first
// (within a severity in the findings' order), and one notice of what was left out; other files publish all.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Analysis } from '../../server/src/analysis';
import type { ComposeProject } from '../../server/src/compose/project';
import { SourceFile, SourceSet } from '../../server/src/compose/source';
import { DiagnosticReuse, LIMIT_NOTICE_CODE, diagnosticsByUri, lendDiagnostics } from '../../server/src/features/diagnostics';
import type { NetworkModel } from '../../server/src/network/types';
import type { Finding } from '../../server/src/rules/types';
import { LspClient, ROOT, uriOf } from '../helpers/lspClient';

const FILE = '/project/compose.yaml';
const OTHER = '/project/compose.override.yaml';
const URI = 'file:///project/compose.yaml';
const OTHER_URI = 'file:///project/compose.override.yaml';
const TEXT = 'services:\n' + Array.from({ length: 12 }, (_, i) => `  s${i}:\n    image: x\n`).join('');

function finding(file: string, n: number, severity: Finding['severity']): Finding {
  const at = TEXT.indexOf(`s${n}:`);
  return { rule: 'unknown-host', severity, message: `${severity} ${n}`, loc: { file, start: at, end: at + 2 }, service: `s${n}`, related: [], fixes: [] };
}

function analysisOf(findings: Finding[]): Analysis {
  const sources = new SourceSet();
  sources.add(new SourceFile(FILE, TEXT));
  sources.add(new SourceFile(OTHER, TEXT));
  return { project: { sources } as unknown as ComposeProject, model: {} as NetworkModel, findings };
}

// Severities interleaved in the findings' order: hint, warning, error, info, ...
const SEVERITIES: Array<Finding['severity']> = ['hint', 'warning', 'error', 'info'];
const MANY = Array.from({ length: 12 }, (_, n) => finding(FILE, n, SEVERITIES[n % 4]));
const FEW = [finding(OTHER, 0, 'hint'), finding(OTHER, 1, 'hint')];

describe('diagnostics per file under a limit', () => {
  it('publishes the most severe first, in the findings order, and a notice counting what was left out', () => {
    const out = diagnosticsByUri(analysisOf([...MANY, ...FEW]), 5);
    const shown = out.get(URI) ?? [];
    // 3 errors (2, 6, 10) and the first 2 of 3 warnings (1, 5), in the findings' order; then the notice.
    assert.deepEqual(shown.slice(0, -1).map((d) => d.message), ['warning 1', 'error 2', 'warning 5', 'error 6', 'error 10']);
    const notice = shown[shown.length - 1];
    assert.equal(notice.code, LIMIT_NOTICE_CODE);
    assert.equal(notice.severity, 3);
    assert.deepEqual(notice.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(notice.message, /^7 more findings in this file are not shown \(1 warning, 3 information, 3 hints\): the first 5 are, the most severe first \(setting netlens\.maxDiagnosticsPerFile; 0 shows all\)\. `netlens check` lists every finding\.$/);
    // A file at or under the limit publishes all, and no notice.
    assert.deepEqual(out.get(OTHER_URI)?.map((d) => d.message), ['hint 0', 'hint 1']);
  });

  it('0 publishes every finding, as does a limit no file reaches', () => {
    for (const limit of [0, 12]) {
      const shown = diagnosticsByUri(analysisOf(MANY), limit).get(URI) ?? [];
      assert.equal(shown.length, 12, `limit ${limit}`);
      assert.ok(shown.every((d) => d.code !== LIMIT_NOTICE_CODE));
    }
  });

  it('the same analysis asked under another limit answers under that one', () => {
    const analysis = analysisOf(MANY);
    assert.equal(diagnosticsByUri(analysis, 3).get(URI)?.length, 4);
    assert.equal(diagnosticsByUri(analysis, 0).get(URI)?.length, 12);
    assert.equal(diagnosticsByUri(analysis, 3).get(URI)?.length, 4);
  });

  it('a conversion lent the last one gives what a fresh one gives, and keeps the shown diagnostics', () => {
    const reuse = new DiagnosticReuse();
    const first = analysisOf(MANY);
    lendDiagnostics(first, reuse);
    const before = diagnosticsByUri(first, 5).get(URI) ?? [];
    const next = analysisOf([...MANY]);
    lendDiagnostics(next, reuse);
    const after = diagnosticsByUri(next, 5).get(URI) ?? [];
    assert.deepEqual(after, diagnosticsByUri(analysisOf(MANY), 5).get(URI));
    for (let i = 0; i < 5; i++) assert.equal(after[i], before[i], `diagnostic ${i} kept`);
  });
});

describe('language server: netlens.maxDiagnosticsPerFile', () => {
  // Four services reach `db` across networks (errors) and three reach it through localhost (set to warnings).
  const lines = ['services:', '  db:', '    image: postgres:16', '    networks: [back]'];
  for (let i = 0; i < 4; i++) lines.push(`  app${i}:`, '    image: example/app', '    networks: [front]', '    environment:', '      DB_URL: postgres://db:5432/x');
  for (let i = 0; i < 3; i++) lines.push(`  web${i}:`, '    image: example/web', '    networks: [back]', '    environment:', '      DB: postgres://localhost:5432/x');
  lines.push('networks:', '  front: {}', '  back: {}');
  const text = `${lines.join('\n')}\n`;
  const file = path.join(ROOT, 'test-output', 'virtual-limit', 'compose.yaml');

  async function published(settings: Record<string, unknown>) {
    const client = await LspClient.start({ configuration: () => ({ rules: { 'localhost-peer': 'warning' }, ...settings }) });
    try {
      client.open(file, text);
      return await client.waitForDiagnostics(file, (d) => d.length > 0, 'the findings');
    } finally {
      client.stop();
    }
  }

  it('publishes the errors, the first warning and a notice of the two warnings left out', async () => {
    const d = await published({ maxDiagnosticsPerFile: 5 });
    assert.deepEqual(d.map((x) => x.code), ['no-shared-network', 'no-shared-network', 'no-shared-network', 'no-shared-network', 'localhost-peer', LIMIT_NOTICE_CODE]);
    assert.match(String(d[5].message), /^2 more findings in this file are not shown \(2 warnings\): the first 5 are/);
    assert.equal(d[4].range.start.line, 28, 'the first localhost reference, web0');
  });

  it('publishes all seven by default, without a notice', async () => {
    const d = await published({});
    assert.equal(d.length, 7);
    assert.ok(d.every((x) => x.code !== LIMIT_NOTICE_CODE));
  });
});
