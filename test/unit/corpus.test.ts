// The analysis over real Compose projects that people run (awesome-compose): every project loads,
// no error-severity finding appears, and the warnings are exactly the ones written down below,
// each with the Docker fact that makes it right. A new warning fails this test until it is either
// justified here or the rule that made it is made more precise.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProject } from '../../server/src/compose/project';
import { analyse, type Analysis } from '../../server/src/analysis';
import type { Finding } from '../../server/src/rules/types';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const CORPUS = path.resolve(REPO_ROOT, '../shared/corpus/awesome-compose');

/**
 * Warnings the corpus is expected to produce, as `project: rule service "covered text"`, each with
 * why it is right. The projects run as they are; these warnings are about what they expose.
 */
const EXPECTED_WARNINGS: ReadonlyArray<{ finding: string; why: string }> = [
  {
    finding: 'react-rust-postgres: published-on-all-interfaces db "5432:5432"',
    why: 'Postgres with the password `mysecretpassword` is published on every interface of the host (fact 17), while `backend` reaches it as `db` (PG_HOST) inside `server-side`, where publishing changes nothing (fact 18).',
  },
];

function projectFolders(): string[] {
  return fs
    .readdirSync(CORPUS, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

function describe1(project: string, a: Analysis, f: Finding): string {
  const source = a.project.sources.get(f.loc.file);
  const r = source?.rangeOf(f.loc);
  const where = r ? `${path.basename(f.loc.file)}:${r.start.line + 1}:${r.start.character + 1}` : f.loc.file;
  return `${project}: ${f.rule} ${f.service} "${source?.slice(f.loc) ?? ''}" (${where}: ${f.message})`;
}

/** The part of a description the expectations name: without place and message, which may be reworded. */
function key(described: string): string {
  return described.replace(/ \([^]*\)$/, '');
}

describe('corpus: awesome-compose', function () {
  this.timeout(120000);
  let results: Array<{ project: string; analysis: Analysis }> = [];

  before(() => {
    assert.ok(
      fs.existsSync(CORPUS) && fs.statSync(CORPUS).isDirectory(),
      `The corpus is missing: expected a clone of awesome-compose at ${CORPUS} (shared/ beside the repository). This test never skips.`,
    );
    results = projectFolders().map((project) => ({ project, analysis: analyse(loadProject({ dir: path.join(CORPUS, project), env: {} })) }));
  });

  it('holds the projects (at least 30 folders)', () => {
    assert.ok(results.length >= 30, `only ${results.length} project folders in ${CORPUS}`);
  });

  it('loads every project without a fatal problem, with services', () => {
    const broken = results.flatMap(({ project, analysis }) => {
      const fatal = analysis.project.problems.filter((p) => p.fatal);
      if (fatal.length > 0) return [`${project}: ${fatal.map((p) => p.message).join('; ')}`];
      return analysis.project.services.size === 0 ? [`${project}: no service`] : [];
    });
    assert.deepEqual(broken, [], `projects that do not load:\n${broken.join('\n')}`);
  });

  it('yields no error-severity finding', () => {
    const errors = results.flatMap(({ project, analysis }) => analysis.findings.filter((f) => f.severity === 'error').map((f) => describe1(project, analysis, f)));
    assert.deepEqual(errors, [], `errors on real projects (a false error is a rule bug):\n${errors.join('\n')}`);
  });

  it('yields exactly the warnings written down, each justified', () => {
    const warnings = results.flatMap(({ project, analysis }) => analysis.findings.filter((f) => f.severity === 'warning').map((f) => describe1(project, analysis, f)));
    const unexpected = warnings.filter((w) => !EXPECTED_WARNINGS.some((e) => e.finding === key(w)));
    const missing = EXPECTED_WARNINGS.filter((e) => !warnings.some((w) => key(w) === e.finding)).map((e) => e.finding);
    assert.deepEqual(unexpected, [], `warnings not justified in EXPECTED_WARNINGS:\n${unexpected.join('\n')}`);
    assert.deepEqual(missing, [], `expected warnings that no longer appear:\n${missing.join('\n')}`);
    for (const e of EXPECTED_WARNINGS) assert.match(e.why, /fact \d+/, `${e.finding}: the justification names its Docker fact`);
  });

  it('would see errors: the same pipeline on a corpus project broken on purpose reports them', () => {
    // Control for the silence above: react-express-mysql with its backend switched to
    // DNS round robin while it publishes three ports in ingress mode (fact 22).
    const dir = path.join(CORPUS, 'react-express-mysql');
    const file = path.join(dir, 'compose.yaml');
    const original = fs.readFileSync(file, 'utf8');
    const broken = original.replace('  backend:\n', '  backend:\n    deploy: { endpoint_mode: dnsrr }\n');
    assert.notEqual(broken, original, 'the control edit applies');
    const a = analyse(loadProject({ dir, env: {}, readFile: (f) => (f === file ? broken : fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined) }));
    const errors = a.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.service}`);
    assert.deepEqual(errors, ['dnsrr-ingress-ports backend', 'dnsrr-ingress-ports backend', 'dnsrr-ingress-ports backend']);
  });

  it('reads the network of the projects (references and ports are found, so silence is not blindness)', () => {
    const refs = results.reduce((n, r) => n + r.analysis.model.references.length, 0);
    const published = results.reduce((n, r) => n + [...r.analysis.model.services.values()].reduce((m, s) => m + s.ports.length, 0), 0);
    assert.ok(refs >= 40, `only ${refs} references found across the corpus`);
    assert.ok(published >= 30, `only ${published} published ports found across the corpus`);
  });
});
