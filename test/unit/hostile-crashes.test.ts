// Inputs that crashed the analysis: more items than one call takes as arguments (about 125,000 pushed at
// once throw RangeError), `include` diamonds that double the work per level, nesting deeper than the
// parser's stack. Each must give findings or one clear problem, never a throw or a stack trace.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProject } from '../../server/src/compose/project';
import { runCli } from '../../server/src/cli/main';
import { analyse } from '../../server/src/analysis';
import { fileNodeAt } from '../../server/src/rules/support/yamlCollectionEdits';
import { load, removeProjects, writeProject } from '../helpers/project';

/** Above the number of arguments V8 takes in one call (about 125,000 on a default stack). */
const MANY = 130_000;
const SERVICE = 'services:\n  web:\n    image: nginx\n';

/** The CLI in this process: exit code and what it printed, without holding a huge output. */
function cli(args: string[]) {
  let stdout = 0;
  let findings = 0;
  let stderr = '';
  const code = runCli(args, {
    cwd: process.cwd(),
    env: {},
    stdout: (t) => {
      stdout += t.length;
      findings += t.split('"rule":').length - 1;
    },
    stderr: (t) => (stderr += t),
    isTty: false,
  });
  return { code, stdout, findings, stderr };
}

describe('hostile inputs: crashes', () => {
  after(removeProjects);

  it('a `<<` merge of a map of 130,000 keys is read', () => {
    const keys = Array.from({ length: MANY }, (_, i) => `  k${i}: v\n`).join('');
    const project = load({ 'compose.yaml': `x-labels: &labels\n${keys}${SERVICE}    labels:\n      <<: *labels\n` });
    const labels = project.services.get('web')?.node.pairs.get('labels')?.value;
    assert.equal(labels?.kind === 'map' ? labels.pairs.size : 0, MANY);
  });

  it('a default holding 130,000 unset variables is one warning per variable, not a throw', () => {
    const variables = Array.from({ length: MANY }, (_, i) => `\${V${i}}`).join('');
    const a = analyse(load({ 'compose.yaml': `${SERVICE}    command: "\${SET:-${variables}}"\n` }, { env: { SET: '' } }));
    assert.equal(a.findings.filter((f) => f.rule === 'interpolation').length, MANY);
  });

  it('a .env of 130,000 odd lines is read as far as it goes', () => {
    const a = analyse(load({ 'compose.yaml': SERVICE, '.env': 'A=1\n' + '-\n'.repeat(MANY) }));
    assert.equal(a.project.environment.A, '1');
    assert.equal(a.findings.filter((f) => f.rule === 'compose-file').length, MANY);
  });

  it('the CLI prints 130,000 findings of one project (exit 1, no stack trace)', () => {
    const dir = writeProject({ 'compose.yaml': `${SERVICE}    command: "${'${} '.repeat(MANY)}"\n` });
    const r = cli(['check', '--format', 'json', dir]);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1);
    assert.equal(r.findings, MANY);
  });

  it('the node of a fix is found inside a sequence of 130,000 items', () => {
    const items = Array.from({ length: MANY }, (_, i) => `i${i}`).join(', ');
    const project = load({ 'compose.yaml': `${SERVICE}    command: [${items}]\n` });
    const command = project.fileTrees.get('/virtual/proj/compose.yaml');
    const seq = command?.kind === 'map' ? command.pairs.get('services') : undefined;
    const web = seq?.value.kind === 'map' ? seq.value.pairs.get('web')?.value : undefined;
    const list = web?.kind === 'map' ? web.pairs.get('command')?.value : undefined;
    assert.ok(list?.kind === 'seq');
    const last = list.items[list.items.length - 1];
    assert.equal(fileNodeAt(project, last.loc), last);
  });

  it('an `include` diamond 20 levels deep is loaded once per file (a million paths, linear work)', () => {
    // Level k includes a_k and b_k; both include level k+1: 2^20 paths reach the last level.
    const files: Record<string, string> = {};
    const depth = 20;
    for (let k = 0; k < depth; k++) {
      files[`l${k}.yaml`] = `include:\n  - a${k}.yaml\n  - b${k}.yaml\nservices:\n  l${k}:\n    image: x\n`;
      files[`a${k}.yaml`] = `include:\n  - l${k + 1}.yaml\nservices:\n  a${k}:\n    image: x\n`;
      files[`b${k}.yaml`] = `include:\n  - l${k + 1}.yaml\nservices:\n  b${k}:\n    image: x\n`;
    }
    files[`l${depth}.yaml`] = 'services:\n  last:\n    image: x\n';
    files['compose.yaml'] = `include:\n  - l0.yaml\n${SERVICE}`;
    let reads = 0;
    const abs = new Map(Object.entries(files).map(([n, t]) => [path.join('/virtual/proj', n), t]));
    const project = loadProject({ dir: '/virtual/proj', env: {}, readFile: (f) => (reads++, abs.get(f)) });
    assert.equal(project.services.size, 3 * depth + 2);
    assert.deepEqual(project.problems, [], 'a file included twice with the same .env is the same resources: no conflict');
    assert.ok(reads < 4 * depth + 10, `${reads} reads`);
  });

  it('nesting deeper than the parser can go is a depth problem, never "Maximum call stack size exceeded"', () => {
    const shapes = {
      flow: `x: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n${SERVICE}`,
      block: `${SERVICE}x:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')} 1\n`,
      compact: `${SERVICE}x:\n  ${'- '.repeat(20_000)}1\n`,
    };
    for (const [shape, text] of Object.entries(shapes)) {
      const dir = writeProject({ 'compose.yaml': text }, shape);
      for (const format of ['text', 'json', 'sarif']) {
        let out = '';
        const code = runCli(['check', '--format', format, dir], { cwd: dir, env: {}, stdout: (t) => (out += t), stderr: (t) => (out += t), isTty: false });
        assert.doesNotMatch(out, /call stack|RangeError/i, `${shape}, ${format}`);
        assert.match(out, /YAML nested more than 200 levels deep; the deeper part is not read\./, `${shape}, ${format}: ${out.slice(0, 500)}`);
        assert.equal(code, 1, `${shape}, ${format}: an error finding, and the rest of the file is read`);
      }
    }
  });

  it('server/src passes no spread list as call arguments (push(...list), Math.max(...list)), which throws past 125,000 items', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, e.name);
        if (e.isDirectory()) walk(file);
        else if (file.endsWith('.ts')) {
          fs.readFileSync(file, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              // A call whose argument list holds `...x`; array literals (`[...x]`) and object spreads are fine.
              if (/[\w)\]]\((?:[^()[\]{}]*,\s*)?\.\.\.[\w.]/.test(line)) offenders.push(`${path.relative(process.cwd(), file)}:${i + 1}: ${line.trim()}`);
            });
        }
      }
    };
    walk(path.resolve(__dirname, '../../../server/src'));
    assert.deepEqual(offenders, []);
  });
});
