// The GitHub Action (action.yml) and the pre-commit hook (.pre-commit-hooks.yaml), run locally the way their
// runners run them.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { installCli } from '../helpers/pack';

const ROOT = path.resolve(__dirname, '../../..');
const EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples/compose.yaml'), 'utf8');
const made: string[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
}

interface ActionStep {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
};

/**
 * Runs the composite action's steps as the GitHub runner does: `${{ }}` expressions substituted (the inputs
 * with their defaults, `github.action_path` = this repository, `github.workspace` = `workspace`), each
 * `shell: bash` step as `bash --noprofile --norc -eo pipefail SCRIPT` in its working directory, stopping at the
 * first failing step; `$GITHUB_OUTPUT` collected as the step outputs.
 */
function runAction(workspace: string, given: Record<string, string>) {
  for (const key of Object.keys(given)) assert.ok(key in action.inputs, `input "${key}" is declared in action.yml`);
  const inputs: Record<string, string> = {};
  for (const [key, spec] of Object.entries(action.inputs)) inputs[key] = given[key] ?? spec.default ?? '';
  const substitute = (text: string) =>
    text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expr: string) => {
      if (expr === 'github.action_path') return ROOT;
      if (expr === 'github.workspace') return workspace;
      const input = /^inputs\.([\w-]+)$/.exec(expr);
      if (input && input[1] in inputs) return inputs[input[1]];
      throw new Error(`action.yml uses an expression this test does not know: ${expr}`);
    });
  const scratch = tempDir('netlens-action-');
  const outputFile = path.join(scratch, 'github_output');
  fs.writeFileSync(outputFile, '');
  const steps: Array<{ name: string; status: number | null; stdout: string; stderr: string }> = [];
  for (const [i, step] of action.runs.steps.entries()) {
    assert.equal(step.uses, undefined, 'every step runs on the runner itself');
    assert.equal(step.shell, 'bash');
    const script = path.join(scratch, `step${i}.sh`);
    fs.writeFileSync(script, substitute(step.run ?? ''));
    const env: NodeJS.ProcessEnv = { PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`, GITHUB_OUTPUT: outputFile, GITHUB_WORKSPACE: workspace, GITHUB_ACTIONS: 'true', CI: 'true' };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = substitute(String(v));
    const cwd = step['working-directory'] ? substitute(step['working-directory']) : workspace;
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, encoding: 'utf8', timeout: 120000 });
    steps.push({ name: step.name ?? step.id ?? `step ${i}`, status: r.status, stdout: r.stdout, stderr: r.stderr });
    if (r.status !== 0) break;
  }
  const outputs: Record<string, string> = {};
  for (const line of fs.readFileSync(outputFile, 'utf8').split('\n').filter(Boolean)) outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  const last = steps[steps.length - 1];
  return { steps, outputs, status: last.status, stdout: last.stdout, stderr: last.stderr };
}

describe('the GitHub Action (action.yml)', () => {
  after(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  const workspace = () => {
    const dir = tempDir('netlens-workspace-');
    writeFiles(dir, { 'examples/compose.yaml': EXAMPLE });
    return dir;
  };

  it('is a composite action with the documented inputs and outputs', () => {
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(Object.keys(action.inputs), ['paths', 'profiles', 'format', 'output', 'fail-level', 'args']);
    for (const spec of Object.values(action.inputs)) assert.ok(spec.description.length > 0);
    assert.deepEqual(Object.keys(action.outputs), ['exit-code', 'report']);
    // The inputs reach the scripts through the environment only, never pasted into shell code.
    for (const step of action.runs.steps) assert.doesNotMatch(step.run ?? '', /\$\{\{/, step.name);
  });

  it('runs the README’s code-scanning example: SARIF written for upload-sarif, the step green with fail-level none', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = [...readme.matchAll(/```yaml\n([^]*?)```/g)].map((m) => m[1]).find((y) => y.includes('github/codeql-action/upload-sarif'));
    assert.ok(block, 'the README has a workflow that uploads SARIF');
    const workflow = parse(block) as { jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }> };
    const steps = Object.values(workflow.jobs)[0].steps;
    const ours = steps.find((s) => s.uses?.startsWith('compose-network-lens/compose-network-lens@'));
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(ours && upload && steps.indexOf(ours) < steps.indexOf(upload));
    const dir = workspace();
    const run = runAction(dir, ours.with ?? {});
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.outputs, { report: ours.with?.output, 'exit-code': '1' });
    assert.equal(upload.with?.sarif_file, ours.with?.output, 'upload-sarif reads the file the action wrote');
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, ours.with!.output), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId), ['localhost-peer', 'default-bridge-dns']);
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'examples/compose.yaml');
  });

  it('annotates by default and fails the step on errors', () => {
    const run = runAction(workspace(), { paths: 'examples' });
    assert.deepEqual(run.steps.map((s) => s.status), [0, 1]);
    assert.match(run.stdout, /^::error file=examples\/compose\.yaml,line=23,col=44,endLine=23,endColumn=53,title=netlens localhost-peer::/m);
    assert.equal(run.outputs['exit-code'], '1');
  });

  it('takes profiles, a fail level and more arguments', () => {
    const dir = workspace();
    writeFiles(dir, {
      'warn/compose.yaml': 'services:\n  web:\n    image: nginx\nnetworks:\n  spare:\n',
      'debug/compose.yaml': 'services:\n  dbg:\n    image: d\n    profiles: [debug]\n    environment:\n      DB: postgres://localhost:5432/x\n  db:\n    image: postgres\n',
    });
    assert.equal(runAction(dir, { paths: 'warn', args: '--rule unused-network=warning' }).status, 0);
    const strict = runAction(dir, { paths: 'warn', args: '--rule unused-network=warning', 'fail-level': 'warning' });
    assert.equal(strict.status, 1);
    assert.match(strict.stderr, /more than --max-warnings 0/);
    assert.equal(runAction(dir, { paths: 'debug' }).status, 0, 'the profile is off');
    assert.equal(runAction(dir, { paths: 'debug', profiles: 'other\ndebug' }).status, 1);
    assert.equal(runAction(dir, { paths: 'examples\nwarn', args: '--rule localhost-peer=off --rule default-bridge-dns=off', format: 'text' }).status, 0);
    const bad = runAction(dir, { 'fail-level': 'sometimes' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /fail-level must be error, warning or none/);
  });

  it('never runs an input as shell code', () => {
    const dir = workspace();
    const run = runAction(dir, { paths: 'examples $(touch pwned1) `touch pwned2` ;touch pwned3', args: '$(touch pwned4)', profiles: '*' });
    assert.equal(run.status, 2, 'the odd names are folders that do not exist');
    assert.match(run.stderr, /\$\(touch: no such file or folder/);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('pwned')), []);
  });
});

describe('the pre-commit hook (.pre-commit-hooks.yaml)', () => {
  after(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  const hooks = parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string; entry: string; language: string; files: string; exclude?: string; args?: string[]; pass_filenames?: boolean }>;
  const hook = hooks.find((h) => h.id === 'netlens')!;

  function git(repo: string, ...args: string[]): string {
    const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  }

  /**
   * What `pre-commit run` does for this hook at `git commit` (pre-commit itself cannot be installed here: it
   * comes from PyPI): the staged files, filtered with the hook's `files` and `exclude` (Python `re.search`; these
   * patterns mean the same in JavaScript), and when any is left, `entry` split into words (shlex; it has no
   * quotes) + `args` + those file names, run from the repository's root with the hook's `netlens` on PATH: the
   * package as pre-commit installs a node hook (`npm pack`, its `prepack` building the bundles, then
   * `npm install -g` of the tarball, here under a temporary prefix).
   */
  function runHook(repo: string, binDir: string) {
    const staged = git(repo, 'diff', '--cached', '--name-only', '--diff-filter=d', '-z').split('\0').filter(Boolean);
    const files = staged.filter((f) => new RegExp(hook.files).test(f) && !new RegExp(hook.exclude ?? '^$').test(f));
    if (files.length === 0) return { skipped: true, files, status: 0, stdout: '', stderr: '' };
    const [command, ...entryArgs] = hook.entry.split(/\s+/);
    const argv = [...entryArgs, ...(hook.args ?? []), ...(hook.pass_filenames === false ? [] : files)];
    const r = spawnSync(command, argv, { cwd: repo, encoding: 'utf8', env: { PATH: `${binDir}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` }, timeout: 60000 });
    assert.equal(r.error, undefined, String(r.error));
    return { skipped: false, files, status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('declares a node hook that runs netlens check on Compose files', () => {
    assert.equal(hook.language, 'node');
    assert.equal(hook.entry, 'netlens check --by-folder');
    const matches = (f: string) => new RegExp(hook.files).test(f);
    for (const f of ['compose.yaml', 'compose.yml', 'a/docker-compose.yml', 'a/b/docker-compose.override.yaml', 'compose.override.yml']) assert.ok(matches(f), f);
    for (const f of ['README.md', 'a/values.yaml', 'mycompose.yaml', 'compose.yaml.bak', 'docs/compose.md']) assert.ok(!matches(f), f);
  });

  it('fails a commit that stages a network mistake, checking each folder’s project once; passes once fixed', () => {
    const repo = tempDir('netlens-precommit-');
    const prefix = tempDir('netlens-hook-env-');
    installCli(prefix, true);
    const binDir = path.join(prefix, 'bin');
    git(repo, 'init', '-q');
    writeFiles(repo, {
      'compose.yaml': 'services:\n  web:\n    image: nginx\n',
      'shop/compose.yaml': EXAMPLE,
      'shop/compose.override.yaml': 'services:\n  web:\n    environment:\n      DEBUG: "1"\n',
      'README.md': '# repo\n',
      'charts/values.yaml': 'services: 1\n',
    });
    git(repo, 'add', '-A');
    const run = runHook(repo, binDir);
    assert.deepEqual(run.files, ['compose.yaml', 'shop/compose.override.yaml', 'shop/compose.yaml']);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.equal(
      run.stdout,
      'shop/compose.yaml:23:44 error localhost-peer `api` reaches `localhost:5432`, but `localhost` in `api` is `api` itself; `db` listens on 5432.\n' +
        'shop/compose.yaml:37:19 error default-bridge-dns `worker` reaches `cache` by name, but `worker` is on the default bridge (`network_mode: bridge`), where Docker resolves no container names; only `links` or IP addresses work there.\n' +
        '2 errors in 1 file.\n',
    );
    git(repo, 'commit', '-q', '--no-verify', '-m', 'start');
    // Only the override staged: its folder's project (base file included) is what is checked.
    fs.appendFileSync(path.join(repo, 'shop/compose.override.yaml'), '      LEVEL: "2"\n');
    git(repo, 'add', 'shop/compose.override.yaml');
    const override = runHook(repo, binDir);
    assert.deepEqual(override.files, ['shop/compose.override.yaml']);
    assert.equal(override.status, 1);
    assert.match(override.stdout, /^shop\/compose\.yaml:23:44 error localhost-peer /m);
    // Fixed and staged: the hook passes.
    const fixed = spawnSync(path.join(binDir, 'netlens'), ['check', '--fix', 'shop'], { cwd: repo, encoding: 'utf8' });
    assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
    git(repo, 'add', '-A');
    const clean = runHook(repo, binDir);
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.equal(clean.stdout, 'No network problems found.\n');
    // A commit with no Compose file runs no hook.
    git(repo, 'commit', '-q', '--no-verify', '-m', 'fixed');
    fs.appendFileSync(path.join(repo, 'README.md'), 'more\n');
    git(repo, 'add', 'README.md');
    assert.equal(runHook(repo, binDir).skipped, true);
  });
});
