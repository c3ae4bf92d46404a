// Inline suppression comments and severity settings, as the rule engine applies them
// (server/src/analysis.ts): what they silence, and what they must leave alone.
import * as assert from 'node:assert/strict';
import type { Analysis, RuleOptions } from '../../server/src/analysis';
import { check } from '../helpers/project';

/** Findings as `rule line severity`, 1-based lines, in file order. */
function summary(a: Analysis, file = 'compose.yaml'): string[] {
  return a.findings
    .filter((f) => f.loc.file.endsWith(`/${file}`))
    .map((f) => `${f.rule} ${a.project.sources.get(f.loc.file)!.positionAt(f.loc.start).line + 1} ${f.severity}`);
}

const services = `  api:
    image: api
    expose: ["3000"]
  db:
    image: postgres:16
`;

function run(environment: string, rules: RuleOptions = {}, extra: Record<string, string> = {}): Analysis {
  return check({ 'compose.yaml': `services:\n  web:\n    image: web\n    environment:\n${environment}${services}`, ...extra }, {}, rules);
}

const THREE = `      A: postgres://localhost:5432/app
      B: postgres://localhost:5432/app
      C: http://api:8000/x
`;

describe('inline suppression and severity settings', () => {
  it('without any comment, each reference is reported (the baseline the other cases silence)', () => {
    assert.deepEqual(summary(run(THREE)), ['localhost-peer 5 error', 'localhost-peer 6 error', 'unknown-peer-port 7 info']);
  });

  it('# netlens-disable-next-line <id> silences that rule on the next line only', () => {
    const a = run(`      # netlens-disable-next-line localhost-peer\n${THREE}`);
    assert.deepEqual(summary(a), ['localhost-peer 7 error', 'unknown-peer-port 8 info']);
  });

  it('it names rules: another rule on that line is still reported', () => {
    const a = run(`      # netlens-disable-next-line unknown-peer-port\n${THREE}`);
    assert.deepEqual(summary(a), ['localhost-peer 6 error', 'localhost-peer 7 error', 'unknown-peer-port 8 info']);
  });

  it('it takes several ids separated by commas', () => {
    const a = run(`      A: postgres://localhost:5432/app\n      # netlens-disable-next-line unknown-peer-port, localhost-peer\n      B: postgres://localhost:5432/app http://api:8000/x\n`);
    assert.deepEqual(summary(a), ['localhost-peer 5 error']);
  });

  it('without ids it silences every rule on the next line', () => {
    const a = run(`      # netlens-disable-next-line\n      B: postgres://localhost:5432/app http://api:8000/x\n      C: http://api:8000/x\n`);
    assert.deepEqual(summary(a), ['unknown-peer-port 7 info']);
  });

  it('a blank line between the comment and the finding breaks the link', () => {
    const a = run(`      # netlens-disable-next-line localhost-peer\n\n      A: postgres://localhost:5432/app\n`);
    assert.deepEqual(summary(a), ['localhost-peer 7 error']);
  });

  it('# netlens-disable <id> anywhere in a file silences that rule in the whole file', () => {
    const a = check({ 'compose.yaml': `services:\n  web:\n    image: web\n    environment:\n${THREE}${services}# netlens-disable localhost-peer\n` });
    assert.deepEqual(summary(a), ['unknown-peer-port 7 info']);
  });

  it('a directive only counts as a whole-line comment, not after a value', () => {
    const a = run(`      A: postgres://localhost:5432/app # netlens-disable localhost-peer\n      B: postgres://localhost:5432/app # netlens-disable-next-line localhost-peer\n      C: postgres://localhost:5432/app\n`);
    assert.deepEqual(summary(a), ['localhost-peer 5 error', 'localhost-peer 6 error', 'localhost-peer 7 error']);
  });

  it('a file-wide directive silences its own file only, not an override file', () => {
    const a = check({
      'compose.yaml': `# netlens-disable localhost-peer\nservices:\n  web:\n    image: web\n    environment:\n      A: postgres://localhost:5432/app\n${services}`,
      'compose.override.yaml': 'services:\n  web:\n    environment:\n      B: postgres://localhost:5432/app\n',
    });
    assert.deepEqual(summary(a), []);
    assert.deepEqual(summary(a, 'compose.override.yaml'), ['localhost-peer 4 error']);
  });

  it('a severity setting changes the severity of one rule and leaves the others as they are', () => {
    const a = run(THREE, { severities: { 'localhost-peer': 'warning', 'unknown-peer-port': 'hint' } });
    assert.deepEqual(summary(a), ['localhost-peer 5 warning', 'localhost-peer 6 warning', 'unknown-peer-port 7 hint']);
  });

  it('off turns a rule off entirely; unknown ids in the settings are ignored', () => {
    const a = run(THREE, { severities: { 'localhost-peer': 'off', 'no-such-rule': 'off' } });
    assert.deepEqual(summary(a), ['unknown-peer-port 7 info']);
  });

  it('suppression comments and settings combine', () => {
    const a = run(`      # netlens-disable-next-line localhost-peer\n${THREE}`, { severities: { 'localhost-peer': 'info', 'unknown-peer-port': 'off' } });
    assert.deepEqual(summary(a), ['localhost-peer 7 info']);
  });
});
