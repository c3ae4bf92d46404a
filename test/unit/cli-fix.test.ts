// `netlens check --fix` and `--fix-dry-run`, from the built CLI on copies of the example and on files that
// must be kept as they are (line breaks, byte order mark, encoding, files outside the folder checked);
// the passes of a fix session on a synthetic analysis.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FixSession, MAX_PASSES } from '../../server/src/cli/fix';
import type { ComposeProject } from '../../server/src/compose/project';
import { SourceFile, SourceSet } from '../../server/src/compose/source';
import type { Analysis } from '../../server/src/analysis';
import { applyEdits, chooseFixes } from '../../server/src/rules/support/fixAll';
import type { Finding } from '../../server/src/rules/types';
import { removeProjects, writeProject } from '../helpers/project';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'netlens.js');
const EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples/compose.yaml'), 'utf8');

function netlens(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of the example in a fresh folder `<tmp>/shop`; returns the folder holding it. */
function exampleCopy(text = EXAMPLE): string {
  return path.dirname(writeProject({ 'compose.yaml': text }, 'shop'));
}

const FIXED_EXAMPLE = EXAMPLE.replace('@localhost:5432/', '@db:5432/').replace('    network_mode: bridge\n', '    networks:\n      - backend\n');

describe('netlens check --fix', () => {
  after(removeProjects);

  it('--fix-dry-run prints the fixes as a unified diff that git applies, and changes nothing', () => {
    const parent = exampleCopy();
    const file = path.join(parent, 'shop/compose.yaml');
    const r = netlens(['check', '--fix-dry-run', 'shop'], parent);
    assert.equal(r.code, 0, 'nothing would remain');
    assert.equal(fs.readFileSync(file, 'utf8'), EXAMPLE, 'the file is not touched');
    assert.ok(r.stdout.startsWith('--- a/shop/compose.yaml\n+++ b/shop/compose.yaml\n@@ -20,7 +20,7 @@\n'), r.stdout);
    assert.ok(r.stdout.includes('\n-      DATABASE_URL: postgres://shop:secret@localhost:5432/shop\n+      DATABASE_URL: postgres://shop:secret@db:5432/shop\n'), r.stdout);
    assert.ok(r.stdout.includes('\n-    network_mode: bridge\n+    networks:\n+      - backend\n'), r.stdout);
    assert.equal(
      r.stderr,
      'shop/compose.yaml:23:44 would fix localhost-peer Use `db` instead of `localhost`\n' +
        'shop/compose.yaml:37:19 would fix default-bridge-dns Remove `network_mode: bridge` from `worker` (`worker` joins `backend`)\n' +
        'Would fix 2 findings in 1 file. Then: No network problems found.\n',
    );
    const patch = path.join(parent, 'fix.patch');
    fs.writeFileSync(patch, r.stdout);
    const git = spawnSync('git', ['apply', patch], { cwd: parent, encoding: 'utf8' });
    assert.equal(git.status, 0, git.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), FIXED_EXAMPLE);
  });

  it('--fix writes the fixed file in place, says what it changed and what remains, and exits by what remains', () => {
    const parent = exampleCopy();
    const dir = path.join(parent, 'shop');
    const file = path.join(dir, 'compose.yaml');
    fs.chmodSync(file, 0o640);
    const r = netlens(['check', '--fix', 'shop'], parent);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      'shop/compose.yaml:23:44 fixed localhost-peer Use `db` instead of `localhost`\n' +
        'shop/compose.yaml:37:19 fixed default-bridge-dns Remove `network_mode: bridge` from `worker` (`worker` joins `backend`)\n' +
        'Fixed 2 findings in 1 file.\nNo network problems found.\n',
    );
    assert.equal(fs.readFileSync(file, 'utf8'), FIXED_EXAMPLE);
    assert.equal(fs.statSync(file).mode & 0o777, 0o640, 'the mode is kept');
    assert.deepEqual(fs.readdirSync(dir), ['compose.yaml'], 'no temporary file left');
    // Nothing left: a second run changes nothing and does not rewrite the file.
    const before = fs.statSync(file).mtimeMs;
    const again = netlens(['check', '--fix', 'shop'], parent);
    assert.equal(again.stdout, 'Nothing to fix.\nNo network problems found.\n');
    assert.equal(fs.statSync(file).mtimeMs, before);
  });

  it('a finding without a preferred fix remains, and the exit code says so; other formats keep stdout to themselves', () => {
    const dir = writeProject({ 'compose.yaml': `${EXAMPLE.replace('REDIS_URL: redis://cache:6379/0', 'REDIS_URL: redis://nowhere-at-all:6379/0')}` });
    const r = netlens(['check', '--fix', '--format', 'json', '--rule', 'unknown-host=error', '.'], dir);
    assert.equal(r.code, 1);
    const remaining = JSON.parse(r.stdout).findings;
    assert.deepEqual(remaining.map((f: { rule: string; fixes: unknown[] }) => [f.rule, f.fixes.length]), [['unknown-host', 0]]);
    assert.match(r.stderr, /^compose\.yaml:23:44 fixed localhost-peer .*\ncompose\.yaml:37:19 fixed default-bridge-dns .*\nFixed 2 findings in 1 file\.\n$/);
  });

  it('keeps CRLF line breaks and the byte order mark, new lines included', () => {
    const text = `\ufeff${FIXED_EXAMPLE.replace('    networks:\n      - backend\n', '    network_mode: bridge\n')}`.replace(/\n/g, '\r\n');
    const dir = writeProject({ 'compose.yaml': text });
    const r = netlens(['check', '--fix', '.'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const after = fs.readFileSync(path.join(dir, 'compose.yaml'));
    assert.deepEqual([...after.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the byte order mark stays');
    assert.equal(after.toString('utf8'), `\ufeff${FIXED_EXAMPLE}`.replace(/\n/g, '\r\n'));
    assert.doesNotMatch(after.toString('utf8'), /[^\r]\n/, 'every line ends in CRLF');
  });

  it('never writes a file that is not UTF-8 as read, nor one outside the folder checked', () => {
    const latin1 = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\n${EXAMPLE}`)]);
    const dir = writeProject({});
    fs.writeFileSync(path.join(dir, 'compose.yaml'), latin1);
    const r = netlens(['check', '--fix', '.'], dir);
    assert.equal(r.code, 1, 'the findings remain');
    assert.ok(r.stdout.startsWith('Nothing to fix.\n'), r.stdout);
    assert.ok(fs.readFileSync(path.join(dir, 'compose.yaml')).equals(latin1), 'not a byte changed');

    const outside = writeProject({ 'compose.yaml': EXAMPLE }, 'other');
    const project = writeProject({ 'compose.yaml': `include:\n  - ${path.join(outside, 'compose.yaml')}\n` });
    for (const args of [['check', '--fix', '--allow-outside', '.'], ['check', '--fix', '.'], ['check', '--fix-dry-run', '--allow-outside', '.']]) {
      const o = netlens(args, project);
      assert.equal(fs.readFileSync(path.join(outside, 'compose.yaml'), 'utf8'), EXAMPLE, args.join(' '));
      assert.ok(o.stdout.startsWith(args.includes('--fix') ? 'Nothing to fix.' : ''), o.stdout);
      if (args.includes('--allow-outside')) assert.equal(o.code, 1, 'the findings in the outside file remain');
    }
  });

  it('fixes a mounted configuration file inside the folder checked, never one outside it (with --allow-outside too)', () => {
    const conf = 'server {\n  location / { proxy_pass http://localhost:3000; }\n}\n';
    const compose = (source: string) => ['services:', '  proxy:', '    image: nginx', `    volumes: ["${source}:/etc/nginx/conf.d/default.conf"]`, '  web:', '    image: node:22', '    expose: ["3000"]', ''].join('\n');
    const dir = writeProject({ 'compose.yaml': compose('./default.conf'), 'default.conf': conf });
    const r = netlens(['check', '--fix', '.'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'default.conf'), 'utf8'), conf.replace('localhost:3000', 'web:3000'));
    assert.equal(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), compose('./default.conf'));

    const shared = path.dirname(writeProject({ 'default.conf': conf }, 'shared'));
    const project = writeProject({ 'compose.yaml': compose(path.join(shared, 'shared', 'default.conf')) });
    for (const args of [['check', '--fix', '--allow-outside', '.'], ['check', '--fix', '.']]) {
      const o = netlens(args, project);
      assert.equal(fs.readFileSync(path.join(shared, 'shared', 'default.conf'), 'utf8'), conf, args.join(' '));
      assert.ok(o.stdout.startsWith('Nothing to fix.'), o.stdout);
      // Read with --allow-outside, the finding there remains (an error); refused, the mount says so.
      assert.equal(o.code, args.includes('--allow-outside') ? 1 : 0, o.stdout);
    }
  });

  it('checks two names of one folder once: the second sees the first one’s fixes', () => {
    const parent = exampleCopy();
    const r = netlens(['check', '--fix', 'shop', 'shop/'], parent);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(path.join(parent, 'shop/compose.yaml'), 'utf8'), FIXED_EXAMPLE);
    assert.match(r.stdout, /Fixed 2 findings in 1 file\./);
  });

  it('frames the diff so a GitHub runner reads no command in it, and refuses --fix with --fix-dry-run', () => {
    const parent = exampleCopy(`${EXAMPLE}x-note: |\n  ::error::forged\n`);
    const r = netlens(['check', '--fix-dry-run', 'shop'], parent, { GITHUB_ACTIONS: 'true' });
    const lines = r.stdout.trimEnd().split('\n');
    const token = /^::stop-commands::(netlens-[0-9a-f]{32})$/.exec(lines[0])?.[1];
    assert.ok(token, lines[0]);
    assert.equal(lines[lines.length - 1], `::${token}::`);
    const both = netlens(['check', '--fix', '--fix-dry-run', 'shop'], parent);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--fix and --fix-dry-run: choose one/);
  });
});

describe('fix passes (rules/support/fixAll.ts, cli/fix.ts)', () => {
  const FILE = '/virtual/p/compose.yaml';

  /** An analysis whose findings are every `from` in the text, each with a preferred fix replacing it by `to`. */
  function replacing(from: string, to: string, readText: (file: string) => string): Analysis {
    const text = readText(FILE);
    const sources = new SourceSet();
    sources.add(new SourceFile(FILE, text));
    const findings: Finding[] = [];
    for (let i = text.indexOf(from); i >= 0; i = text.indexOf(from, i + 1)) {
      const loc = { file: FILE, start: i, end: i + from.length };
      findings.push({ rule: 'test', severity: 'error', message: from, loc, service: null, related: [], fixes: [{ title: `${from} → ${to}`, edits: [{ loc, newText: to }], preferred: true }] });
    }
    return { project: { sources, files: [FILE], problems: [] } as unknown as ComposeProject, model: undefined as never, findings };
  }

  function session(start: string, from: string, to: string) {
    const s = new FixSession('/virtual/p');
    const passes: number[] = [];
    // The synthetic file is not on disk: the first pass's check of it is answered as a writable UTF-8 file.
    (s as unknown as { refusals: Map<string, null> }).refusals.set(FILE, null);
    const final = s.fixProject({ dir: '/virtual/p', boundary: { folders: ['/virtual/p'] } }, (t) => replacing(from, to, (f) => (t.readFile?.(f, 1e6) as string | undefined) ?? start), (p) => passes.push(p));
    return { s, final, passes };
  }

  it('never applies overlapping edits in one pass: they wait for the next, on the new text', () => {
    const { s, final } = session('aaaaa', 'aa', 'b');
    // Pass 1 takes [0,2) and [2,4) (the ones between overlap): "bba"; nothing is left to fix.
    assert.deepEqual(s.applied.map((a) => `${a.pass}:${a.range.start.character}`), ['1:0', '1:2']);
    assert.equal(final.project.sources.get(FILE)?.text, 'bba');
    const two = session('xaax', 'xa', 'ax');
    // "xaax" → pass 1: "axax" → pass 2: "aaxx"; each pass re-checks the text the last one made.
    assert.deepEqual(two.s.applied.map((a) => `${a.pass}:${a.range.start.character}`), ['1:0', '2:1']);
    assert.equal(two.final.project.sources.get(FILE)?.text, 'aaxx');
  });

  it('stops after MAX_PASSES when fixes keep coming, and reports what remains', () => {
    const { s, final, passes } = session('a', 'a', 'aa');
    assert.equal(passes.length, MAX_PASSES);
    assert.equal(s.applied.length, (1 << MAX_PASSES) - 1, 'every a of every pass');
    assert.ok(final.findings.length > 0, 'what the last pass left is still reported');
  });

  it('chooseFixes skips a fix overlapping, or inserting at the same point as, one already taken', () => {
    const finding = (start: number, end: number, newText = 'x'): Finding => {
      const loc = { file: FILE, start, end };
      return { rule: 't', severity: 'error', message: '', loc, service: null, related: [], fixes: [{ title: `${start}-${end}`, edits: [{ loc, newText }], preferred: true }] };
    };
    const chosen = chooseFixes([finding(0, 4), finding(2, 6), finding(4, 4), finding(6, 6), finding(6, 6), finding(7, 9)]);
    assert.deepEqual(chosen.map((c) => c.fix.title), ['0-4', '6-6', '7-9']);
    assert.equal(applyEdits('0123456789', chosen.flatMap((c) => c.fix.edits)), 'x45x6x9');
    const notPreferred = finding(0, 1);
    notPreferred.fixes[0].preferred = false;
    assert.deepEqual(chooseFixes([notPreferred]), []);
    assert.throws(() => applyEdits('abc', [finding(0, 2).fixes[0].edits[0], finding(1, 3).fixes[0].edits[0]]), /overlapping edits/);
  });
});
