// The analysis time budget: every stage checks it, a spent budget gives the file one clear
// warning instead of a server that answers nothing, and the server keeps answering. Time here
// is a clock the test advances (or a limit of zero), never the machine's speed.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisStopped, budgetCounters, withTimeBudget } from '../../../server/src/budget';
import { ProjectCache } from '../../../server/src/lsp/projects';
import { DEFAULT_SETTINGS } from '../../../server/src/lsp/settings';
import { LspClient, ROOT } from '../../helpers/lspClient';
import { check, removeProjects, writeProject } from '../../helpers/project';

/** A project that reaches every stage: many nodes, services with env files, an extends chain, addresses. */
function everyStage(): Record<string, string> {
  const services = Array.from({ length: 8 }, (_, i) => `  s${i}:\n    image: x\n    env_file: app.env\n${i > 0 ? `    extends: s${i - 1}\n` : ''}    environment:\n      DB_URL: postgres://s${(i + 1) % 8}:5432/db\n`).join('');
  return { 'compose.yaml': `x-big: [${Array.from({ length: 1100 }, (_, i) => i).join(', ')}]\nservices:\n${services}`, 'app.env': 'A=1\n' };
}

/** A clock that moves one second each time it is read. */
function steppingClock(): () => number {
  let now = 0;
  return () => (now += 1000);
}

describe('analysis time budget', () => {
  after(removeProjects);

  it('every stage checks it: stopped at each check in turn, the stage is named', () => {
    const files = everyStage();
    budgetCounters.checks = 0;
    check(files);
    const checks = budgetCounters.checks;
    assert.ok(checks > 40, `${checks} checks`);
    const stages = new Set<string>();
    for (let limit = 1; limit <= checks; limit++) {
      try {
        withTimeBudget(limit, () => check(files), steppingClock());
        assert.fail(`not stopped with ${limit} s`);
      } catch (err) {
        assert.ok(err instanceof AnalysisStopped, String(err));
        assert.equal(err.seconds, limit);
        stages.add(err.stage.replace(/^rule .*/, 'rule'));
      }
    }
    assert.deepEqual([...stages].sort(), ['reading compose.yaml', "reading the services' env files, Dockerfiles and mounted files", "reading the services' addresses", 'reading the services of compose.yaml', 'resolving `extends`', 'rule'].sort());
    // With time to spare, the analysis is the one without a budget.
    assert.deepEqual(withTimeBudget(checks + 10, () => check(files), steppingClock()).findings, check(files).findings);
  });

  it('the server gives a stopped project one warning, keeps it until a file changes, and analyses again then', () => {
    const dir = writeProject(everyStage());
    let reads = 0;
    const clock = () => (reads++ < 50 ? 0 : 1_000_000);
    const cache = new ProjectCache(new TextDocuments(TextDocument), undefined, clock);
    const file = path.join(dir, 'compose.yaml');
    const stopped = cache.analysisFor(file, DEFAULT_SETTINGS);
    assert.equal(stopped.findings.length, 1);
    const [warning] = stopped.findings;
    assert.deepEqual([warning.rule, warning.severity, warning.loc], ['analysis-time', 'warning', { file, start: 0, end: 0 }]);
    assert.match(warning.message, /^Analysis stopped after 10 s: .+ took too long, so nothing is reported for this project until it changes \(the setting netlens\.analysisTimeLimitSeconds allows more time\)\.$/);
    assert.equal(cache.analysisFor(file, DEFAULT_SETTINGS), stopped, 'kept');
    cache.invalidate(file);
    const again = cache.analysisFor(file, { ...DEFAULT_SETTINGS, analysisTimeLimitSeconds: 1e9 });
    assert.ok(again.project.services.size === 8 && again.findings.every((f) => f.rule !== 'analysis-time'));
  });

  it('over the wire: the file gets the warning and every request is still answered', async () => {
    const client = await LspClient.start({ configuration: () => ({ analysisTimeLimitSeconds: 0 }), initializationOptions: { diagnosticsDelay: 0 } });
    try {
      const file = path.join(ROOT, 'test-output', 'virtual-budget', 'compose.yaml');
      const text = everyStage()['compose.yaml'];
      client.open(file, text);
      const d = await client.waitForDiagnostics(file, (x) => x.length > 0, 'the time budget warning');
      assert.deepEqual(d.map((x) => [x.code, x.severity, x.range.start.line]), [['analysis-time', 2, 0]]);
      assert.match(String(d[0].message), /^Analysis stopped after 0 s: /);
      const uri = d && `file://${file}`;
      for (const method of ['textDocument/hover', 'textDocument/definition', 'textDocument/completion', 'textDocument/codeLens', 'textDocument/documentSymbol']) {
        await client.request(method, { textDocument: { uri }, position: { line: 3, character: 4 } });
      }
    } finally {
      client.stop();
    }
  });
});
