// Files a cloned repository can hold that must never be read to the end or waited on: FIFOs, devices
// behind symbolic links, files far above the size limit. Each case runs where a hang cannot stop the
// suite (the CLI or the language server in a child process, bounded by a timeout) and must end quickly
// with one clear problem naming the file and why it was not read.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TextDocuments } from 'vscode-languageserver';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { loadProject } from '../../server/src/compose/project';
import { readRegularFile } from '../../server/src/compose/safeRead';
import { folderCachedRealPath, realPathOf } from '../../server/src/compose/boundary';
import { analyse } from '../../server/src/analysis';
import { ProjectCache } from '../../server/src/lsp/projects';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { TRUST_NOTIFICATION } from '../../server/src/protocol';
import { LspClient } from '../helpers/lspClient';
import { removeProjects, writeProject } from '../helpers/project';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'netlens.js');
const SERVICE = 'services:\n  web:\n    image: nginx\n';

function netlens(args: string[], cwd = ROOT) {
  const started = Date.now();
  // The HTML export inlines the page (ELK's worker with it): over 2 MB, more than spawnSync's default buffer.
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 20_000, maxBuffer: 32 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started, all: r.stdout + r.stderr };
}

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

/** A file of `bytes` bytes that takes no disk space (a hole): the size limit must be judged before reading. */
function sparse(file: string, bytes: number): void {
  fs.writeFileSync(file, '');
  fs.truncateSync(file, bytes);
}

const noDocuments = { get: () => undefined } as unknown as TextDocuments<TextDocument>;

describe('hostile reads: files that never end or block', () => {
  after(removeProjects);

  it('a FIFO as compose.yaml or as the override is reported, never waited on', () => {
    const base = writeProject({});
    mkfifo(path.join(base, 'compose.yaml'));
    const r = netlens(['check', base]);
    assert.notEqual(r.code, null, `the CLI hung on a FIFO (killed after ${r.ms} ms)`);
    assert.equal(r.code, 2, r.all);
    assert.match(r.all, /compose\.yaml is a FIFO \(named pipe\), not a regular file; it is not read\./);

    const override = writeProject({ 'compose.yaml': SERVICE });
    mkfifo(path.join(override, 'compose.override.yaml'));
    const o = netlens(['check', override]);
    assert.notEqual(o.code, null, `the CLI hung on a FIFO override (killed after ${o.ms} ms)`);
    assert.match(o.all, /compose\.override\.yaml is a FIFO \(named pipe\), not a regular file; it is not read\./);
  });

  it('env_file, include, extends and .env linked to /dev/zero, /dev/urandom or a FIFO are skipped with a clear problem', () => {
    const dir = writeProject({
      'compose.yaml': [
        'include:',
        '  - zero.yaml',
        'services:',
        '  web:',
        '    image: nginx',
        '    env_file: [zero.env, random.env, fifo.env, stdin.env]',
        '  child:',
        '    extends:',
        '      file: zero-base.yaml',
        '      service: base',
        '',
      ].join('\n'),
    });
    for (const [name, target] of [['zero.yaml', '/dev/zero'], ['zero.env', '/dev/zero'], ['random.env', '/dev/urandom'], ['zero-base.yaml', '/dev/zero'], ['.env', '/dev/zero'], ['stdin.env', '/dev/stdin']]) {
      fs.symlinkSync(target, path.join(dir, name));
    }
    mkfifo(path.join(dir, 'fifo.env'));
    const r = netlens(['check', '--allow-outside', '--format', 'json', dir]);
    assert.notEqual(r.code, null, `the CLI did not end (killed after ${r.ms} ms)`);
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
    const messages = (JSON.parse(r.stdout) as { findings: Array<{ message: string }> }).findings.map((f) => f.message);
    const expect = [
      /zero\.yaml is a character device \(through a symbolic link\), not a regular file; it is not read\./,
      /env_file zero\.env is a character device \(through a symbolic link\), not a regular file; it is not read\./,
      /env_file random\.env is a character device \(through a symbolic link\), not a regular file; it is not read\./,
      /env_file fifo\.env is a FIFO \(named pipe\), not a regular file; it is not read\./,
      // The CLI's stdin here is a socket pair (a shell pipe is a FIFO, a terminal a character device).
      /env_file stdin\.env is (a socket|a FIFO \(named pipe\)|a character device) \(through a symbolic link\), not a regular file; it is not read\./,
      /zero-base\.yaml is a character device \(through a symbolic link\), not a regular file; it is not read\./,
      /^\.env is a character device \(through a symbolic link\), not a regular file; it is not read\./,
    ];
    for (const e of expect) assert.equal(messages.filter((m) => e.test(m)).length, 1, `${e}\n${messages.join('\n')}`);
  });

  it('a 1 GB Compose file is reported as too large, not as missing, and is never read', () => {
    const dir = writeProject({});
    sparse(path.join(dir, 'compose.yaml'), 1024 ** 3);
    const r = netlens(['check', dir]);
    assert.equal(r.code, 2, r.all);
    assert.match(r.all, /compose\.yaml is 1024\.0 MB, above the 10\.0 MB limit \(setting netlens\.maxFileSizeMB\); it is not analysed\./);
    assert.doesNotMatch(r.all, /No Compose file/);
  });

  it('an .env or env_file above the size limit is reported, not read', () => {
    const dir = writeProject({ 'compose.yaml': SERVICE + '    env_file: huge.env\n' });
    sparse(path.join(dir, '.env'), 64 * 1024 ** 2);
    sparse(path.join(dir, 'huge.env'), 2 * 1024 ** 3);
    const r = netlens(['check', '--format', 'json', dir]);
    const messages = (JSON.parse(r.stdout) as { findings: Array<{ message: string }> }).findings.map((f) => f.message);
    assert.ok(messages.includes('.env is 64.0 MB, above the 10.0 MB limit (setting netlens.maxFileSizeMB); it is not analysed.'), messages.join('\n'));
    assert.ok(messages.includes('env_file huge.env is 2048.0 MB, above the 10.0 MB limit (setting netlens.maxFileSizeMB); it is not analysed.'), messages.join('\n'));
  });

  it('the limit holds while reading: a file that says it is empty but is not (/proc) stops at limit + 1 bytes', function () {
    if (!fs.existsSync('/proc/self/status')) this.skip();
    assert.equal(fs.statSync('/proc/self/status').size, 0);
    assert.deepEqual(readRegularFile('/proc/self/status', 16), { skipped: 'too-large', bytes: 17 });
    assert.match(readRegularFile('/proc/self/status', 1024 * 1024) as string, /^Name:/);
  });

  it('the language server reports a FIFO override instead of blocking', async () => {
    const dir = writeProject({ 'compose.yaml': SERVICE });
    const override = path.join(dir, 'compose.override.yaml');
    mkfifo(override);
    const client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
    try {
      client.open(path.join(dir, 'compose.yaml'));
      const d = await client.waitForDiagnostics(override, (x) => x.length > 0, 'the FIFO is reported', 10_000);
      assert.deepEqual(
        d.map((x) => x.message),
        ['compose.override.yaml is a FIFO (named pipe), not a regular file; it is not read.'],
      );
    } finally {
      client.stop();
    }
  });

  it('the language server never holds a file over the limit in its disk cache', () => {
    const dir = writeProject({ 'compose.yaml': SERVICE + '    env_file: big.env\n', 'big.env': 'A=1\n'.repeat(3 * 1024 * 1024) });
    fs.writeFileSync(path.join(dir, 'compose.override.yaml'), 'services:\n  web:\n    labels:\n' + '      - x=1\n'.repeat(1024 * 1024));
    const cache = new ProjectCache(noDocuments);
    const analysis = cache.analysisFor(path.join(dir, 'compose.yaml'), { ...DEFAULT_SETTINGS, maxFileSizeMB: 1 });
    const messages = analysis.findings.map((f) => f.message);
    assert.ok(messages.some((m) => /^compose\.override\.yaml is 12\.0 MB, above the 1\.0 MB limit/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /^env_file big\.env is 12\.0 MB, above the 1\.0 MB limit/.test(m)), messages.join('\n'));
    assert.ok(cache.diskChars() < 1024, `the cache holds ${cache.diskChars()} characters`);
    for (const source of analysis.project.sources.all()) assert.ok(source.text.length < 1024, `${source.path} is held (${source.text.length} characters)`);
  });
});

/** A folder beside the project holding what a repository could point at: a personal or system file. */
function outsideFiles(): string {
  return writeProject(
    {
      passwd: 'root:x:0:0:root:/root:/bin/bash\nSECRET_KEY=hunter2\nsecret line without a pair\n',
      'shared.yaml': 'services:\n  side:\n    image: nginx:${SECRET_VARIABLE_NAME}\n    command: "${SECRET_UNCLOSED"\n',
      'broken.yaml': 'services:\n  other:\n    networks: [bad: [\n',
    },
    'outside',
  );
}

/** Strings of the outside files that no output may carry. */
const SECRETS = ['root:x', '/bin/bash', 'hunter2', 'secret line', 'SECRET_VARIABLE_NAME', 'SECRET_UNCLOSED', 'bad: ['];

function assertNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `"${secret}" is quoted in ${where}:\n${text.slice(0, 3000)}`);
}

/** A project whose `.env` is a link to an outside file, which names an outside env_file and includes an outside file. */
function projectReachingOut(outside: string, extra = ''): string {
  const dir = writeProject({ 'compose.yaml': `include:\n  - ${path.join(outside, 'shared.yaml')}\n${extra}${SERVICE}    env_file: ${path.join(outside, 'passwd')}\n` });
  fs.symlinkSync(path.join(outside, 'passwd'), path.join(dir, '.env'));
  return dir;
}

describe('hostile reads: real paths with folders resolved once', () => {
  afterEach(removeProjects);

  it('equal the per-file answer for plain files, linked files, linked folders and missing paths, asked in any order', () => {
    const dir = writeProject({ 'conf/a.yml': 'a: 1\n', 'conf/b.yml': 'b: 1\n' });
    const outside = writeProject({ 'secret.yml': 'x: 1\n', 'deep/inner.yml': 'y: 1\n' });
    fs.symlinkSync(path.join(outside, 'secret.yml'), path.join(dir, 'conf', 'linked.yml'));
    fs.symlinkSync(path.join(outside, 'deep'), path.join(dir, 'conf', 'linkedFolder'));
    fs.symlinkSync(path.join(outside, 'gone.yml'), path.join(dir, 'conf', 'dangling.yml'));
    const asked = ['conf/a.yml', 'conf/linked.yml', 'conf/b.yml', 'conf/linkedFolder', 'conf/linkedFolder/inner.yml', 'conf/dangling.yml', 'conf/missing.yml', 'nowhere/missing.yml', 'conf/../conf/a.yml', 'conf'].map((p) => path.join(dir, p));
    const cached = folderCachedRealPath();
    for (const file of [...asked, ...[...asked].reverse()]) assert.equal(cached(file), realPathOf(file), file);
    // The link's answer leads outside: what the boundary must see.
    assert.ok(cached(path.join(dir, 'conf', 'linked.yml')).startsWith(fs.realpathSync(outside)));
    assert.ok(cached(path.join(dir, 'conf', 'linkedFolder', 'inner.yml')).startsWith(fs.realpathSync(outside)));
  });
});

describe('hostile reads: files outside the project folder', () => {
  after(removeProjects);

  it('lines of an outside file are never quoted: a problem says which line, not what it holds', () => {
    const outside = outsideFiles();
    const dir = projectReachingOut(outside, `  - ${path.join(outside, 'broken.yaml')}\n`);
    const analysis = analyse(loadProject({ dir, env: {} }));
    assertNoSecret(JSON.stringify(analysis.findings), 'the findings');
    const messages = analysis.findings.map((f) => f.message);
    assert.ok(messages.includes('A line that is not KEY=VALUE (ignored) at line 1 of .env, a file outside the project folder: its text is not shown.'), messages.join('\n'));
    assert.ok(messages.includes('A line that is not KEY=VALUE (ignored) at line 3 of .env, a file outside the project folder: its text is not shown.'), messages.join('\n'));
    assert.ok(messages.some((m) => /^A variable problem at line 3 of shared\.yaml, a file outside the project folder/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /^A YAML syntax error at line \d of broken\.yaml, a file outside the project folder/.test(m)), messages.join('\n'));
  });

  it('the CLI reads no file outside the folder it checks unless --allow-outside says so', () => {
    const outside = outsideFiles();
    const dir = projectReachingOut(outside);
    const r = netlens(['check', '--format', 'json', dir]);
    assertNoSecret(r.all, 'check --format json');
    const messages = (JSON.parse(r.stdout) as { findings: Array<{ message: string }> }).findings.map((f) => f.message);
    const refused = (what: string) => `${what} is outside the project folder; it is not read (pass --allow-outside to read it).`;
    assert.ok(messages.includes(refused('.env')), messages.join('\n'));
    assert.ok(messages.includes(refused(`env_file ${path.join(outside, 'passwd')}`)), messages.join('\n'));
    assert.ok(messages.includes(refused(path.join(outside, 'shared.yaml'))), messages.join('\n'));
    assert.equal(r.code, 2, 'an included file not read: the project could not be read as Compose would');

    const allowed = netlens(['check', '--allow-outside', '--format', 'json', dir]);
    assert.equal(allowed.code, 1, `read: only its findings (an invalid interpolation) fail the check\n${allowed.all}`);
    assert.ok(!allowed.stdout.includes('is outside the project folder; it is not read'), allowed.stdout);
    assert.match(allowed.stdout, /A line that is not KEY=VALUE \(ignored\) at line 1 of \.env, a file outside the project folder: its text is not shown\./);
  });

  it('with --allow-outside, no output format quotes an outside file: text, JSON, SARIF, the HTML export', () => {
    const dir = projectReachingOut(outsideFiles());
    for (const format of ['text', 'json', 'sarif']) {
      const r = netlens(['check', '--allow-outside', '--format', format, dir]);
      assert.equal(r.code, 1, r.all);
      assertNoSecret(r.all, `--format ${format}`);
    }
    for (const format of ['json', 'html']) {
      const r = netlens(['topology', '--allow-outside', '--format', format, dir]);
      assert.equal(r.code, 0, r.all);
      assertNoSecret(r.all, `topology --format ${format}`);
      assert.match(r.stdout, /side/, 'the included service is drawn');
    }
  });
});

describe('hostile reads: the language server and workspace trust', () => {
  after(removeProjects);

  it('an untrusted workspace reads nothing outside its folders; once trusted, outside files are read and still not quoted', async () => {
    const outside = outsideFiles();
    const dir = projectReachingOut(outside);
    const compose = path.join(dir, 'compose.yaml');
    const dotenv = path.join(dir, '.env');
    const client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0, workspaceTrusted: false } });
    try {
      client.open(compose);
      const refusal = 'is outside the project folder; it is not read (the workspace is not trusted: trust it to read files outside its folders).';
      const text = (d: Diagnostic[]) => d.map((x) => String(x.message));
      const untrusted = await client.waitForDiagnostics(compose, (d) => text(d).some((m) => m.includes(refusal)), 'outside reads refused');
      const messages = text(untrusted);
      assert.ok(messages.includes(`env_file ${path.join(outside, 'passwd')} ${refusal}`), messages.join('\n'));
      assert.ok(messages.includes(`${path.join(outside, 'shared.yaml')} ${refusal}`), messages.join('\n'));
      const dotenvDiagnostics = await client.waitForDiagnostics(dotenv, (d) => d.length > 0, 'the .env refused');
      assert.deepEqual(text(dotenvDiagnostics), [`.env ${refusal}`]);

      client.connection.sendNotification(TRUST_NOTIFICATION, { trusted: true });
      const trusted = await client.waitForDiagnostics(dotenv, (d) => text(d).some((m) => /^A line that is not KEY=VALUE/.test(m)), 'the .env read once trusted');
      assert.deepEqual(text(trusted), [1, 3].map((n) => `A line that is not KEY=VALUE (ignored) at line ${n} of .env, a file outside the project folder: its text is not shown.`));
      await client.waitForDiagnostics(compose, (d) => !text(d).some((m) => m.includes(refusal)), 'no refusal once trusted');
      assertNoSecret(JSON.stringify([...client.diagnostics.values()]), 'the diagnostics');
    } finally {
      client.stop();
    }
  });

  it('the extension tells the server when the workspace becomes trusted', () => {
    const extension = fs.readFileSync(path.join(ROOT, 'client/out/extension.js'), 'utf8');
    assert.match(extension, /onDidGrantWorkspaceTrust/);
    assert.ok(extension.includes(`"${TRUST_NOTIFICATION}"`), `the client sends ${TRUST_NOTIFICATION}`);
  });
});
