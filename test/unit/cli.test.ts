// The CLI as CI runs it: the built bin/netlens.js in a child process.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sarifUri } from '../../server/src/cli/formatSarif';
import { removeProjects, writeProject } from '../helpers/project';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'netlens.js');

function netlens(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('netlens CLI', () => {
  after(removeProjects);

  it('check examples/ prints the example’s findings with file:line:col and exits 1', () => {
    const r = netlens(['check', 'examples/']);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.includes("examples/compose.yaml:23:44 error localhost-peer `api` reaches `localhost:5432`, but `localhost` in `api` is `api` itself; `db` listens on 5432."), r.stdout);
    assert.ok(lines.some((l) => l.startsWith('examples/compose.yaml:37:19 error default-bridge-dns ')), r.stdout);
    assert.equal(lines[lines.length - 1], '2 errors in 1 file.');
    assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colour when not on a terminal');
  });

  it('--format json prints exactly one object following the contract', () => {
    const r = netlens(['check', '--format', 'json', 'examples']);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ['findings']);
    assert.equal(out.findings.length, 2);
    for (const f of out.findings) {
      assert.deepEqual(Object.keys(f), ['rule', 'severity', 'message', 'file', 'range', 'service', 'services', 'related', 'fixes']);
      assert.ok(['error', 'warning', 'info', 'hint'].includes(f.severity));
      for (const r of f.related) assert.deepEqual(Object.keys(r), ['file', 'range', 'message']);
      assert.deepEqual(Object.keys(f.range), ['start', 'end']);
      assert.deepEqual(Object.keys(f.range.start), ['line', 'character']);
      for (const fix of f.fixes) {
        assert.deepEqual(Object.keys(fix), ['title', 'preferred', 'edits']);
        for (const e of fix.edits) assert.deepEqual(Object.keys(e), ['file', 'range', 'newText']);
      }
    }
    const peer = out.findings.find((f: { rule: string }) => f.rule === 'localhost-peer');
    assert.deepEqual(peer.range, { start: { line: 22, character: 43 }, end: { line: 22, character: 52 } });
    assert.equal(peer.service, 'api');
    assert.equal(peer.file, 'examples/compose.yaml');
    assert.deepEqual(peer.related, [{ file: 'examples/compose.yaml', range: { start: { line: 39, character: 2 }, end: { line: 39, character: 4 } }, message: '`db` listens on 5432' }]);
    assert.deepEqual(peer.fixes[0].edits[0], { file: 'examples/compose.yaml', range: peer.range, newText: 'db' });
  });

  it('--format sarif is SARIF 2.1.0 with rules, help URIs and 1-based regions', () => {
    const r = netlens(['check', '--format', 'sarif', 'examples']);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'netlens');
    const ids = run.tool.driver.rules.map((x: { id: string }) => x.id);
    assert.ok(ids.includes('localhost-peer') && ids.includes('default-bridge-dns'));
    for (const rule of run.tool.driver.rules) assert.match(rule.helpUri, /^https:\/\/.+\.md$/);
    const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'localhost-peer');
    assert.equal(result.level, 'error');
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'localhost-peer');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 23, startColumn: 44, endLine: 23, endColumn: 53 });
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'examples/compose.yaml');
  });

  it('reports an unset variable once, at its first use, however often the files use it', () => {
    const dir = writeProject({
      'compose.yaml': 'services:\n  a:\n    image: ${REGISTRY}/a\n  b:\n    image: ${REGISTRY}/b\n    environment:\n      URL: http://${REGISTRY}:${OTHER}\n',
      'compose.override.yaml': 'services:\n  c:\n    image: $REGISTRY/c\n',
    });
    const json = JSON.parse(netlens(['check', '--format', 'json', dir]).stdout);
    const warnings = json.findings.filter((f: { rule: string }) => f.rule === 'interpolation');
    assert.deepEqual(
      warnings.map((f: { file: string; range: { start: { line: number } }; message: string }) => `${path.basename(f.file)}:${f.range.start.line + 1} ${f.message}`),
      [
        'compose.yaml:3 The "REGISTRY" variable is not set. Defaulting to a blank string. It is used 4 times; the first use is here.',
        'compose.yaml:7 The "OTHER" variable is not set. Defaulting to a blank string.',
      ],
    );
    const text = netlens(['check', dir]).stdout;
    assert.equal(text.match(/"REGISTRY" variable is not set/g)?.length, 1, text);
  });

  it('exits 0 on a clean project, with a summary', () => {
    const dir = writeProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    environment:\n      API: http://api:8080\n  api:\n    image: api\n' });
    const r = netlens(['check', dir]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout.trim(), 'No network problems found.');
  });

  it('checks the files against the Compose schema, and --no-schema turns that off', () => {
    const dir = writeProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    netwroks: [default]\n' });
    const r = netlens(['check', dir]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /compose\.yaml:4:5 error compose-schema `netwroks` is not a key Compose knows in `services\.web` \(extension keys start with `x-`\); did you mean `networks`\?/);
    const off = netlens(['check', '--no-schema', dir]);
    assert.equal(off.code, 0, off.stdout);
    assert.doesNotMatch(off.stdout, /compose-schema/);
  });

  it('exits 2 on a load failure, naming file and line', () => {
    const dir = writeProject({ 'compose.yaml': 'services:\n  web:\n    image: [unclosed\n' });
    const r = netlens(['check', dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /compose\.yaml:\d+:\d+: /);
    const empty = writeProject({ 'notes.txt': 'x' });
    const none = netlens(['check', empty]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /No Compose file/);
  });

  it('exits 2 on usage errors and takes -f files, --rule and --profile', () => {
    assert.equal(netlens(['check', '--format', 'xml']).code, 2);
    assert.equal(netlens(['frobnicate']).code, 2);
    assert.equal(netlens(['check', '--rule', 'bogus']).code, 2);
    const off = netlens(['check', '--rule', 'localhost-peer=off', '--rule', 'default-bridge-dns=warning', '--format', 'json', 'examples']);
    assert.equal(off.code, 0);
    assert.deepEqual(JSON.parse(off.stdout).findings.map((f: { rule: string; severity: string }) => `${f.rule}:${f.severity}`), ['default-bridge-dns:warning']);
    const dir = writeProject({ 'a.yml': 'services:\n  dbg:\n    image: d\n    profiles: [debug]\n    environment:\n      DB: postgres://localhost:5432/x\n  db:\n    image: postgres\n' });
    assert.equal(netlens(['check', '-f', path.join(dir, 'a.yml')]).code, 0, 'inactive profile is not analysed');
    assert.equal(netlens(['check', '-f', path.join(dir, 'a.yml'), '--profile', 'debug']).code, 1);
  });

  it('--format text shows control characters in names as escapes and never starts a line with ::', () => {
    const hostile = String.raw`a\e[2K\r\e[1A\n::error::forged\x9b2J\e]8;;https://evil.example\a`;
    const dir = writeProject({
      'compose.yaml': `services:\n  "${hostile}":\n    image: busybox\n    networks: [missing]\ninclude:\n  - "gone\\e[2J.yaml"\n`,
      '::error file=x::pwned.yaml': 'services:\n  other:\n    image: busybox\n    networks: [absent]\n',
    });
    for (const args of [['check', '--no-color'], ['check', '--no-color', '-f', 'compose.yaml', '-f', '::error file=x::pwned.yaml']]) {
      const r = netlens(args, dir);
      for (const [name, out] of [['stdout', r.stdout], ['stderr', r.stderr]]) {
        assert.doesNotMatch(out, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, `${name} holds a raw control character: ${JSON.stringify(out)}`);
        for (const line of out.split('\n')) assert.doesNotMatch(line, /^\s*::/, `${name} line read as a CI command: ${line}`);
      }
      assert.ok(r.stdout.includes(String.raw`a\x1b[2K\r\x1b[1A\n::error::forged\x9b2J\x1b]8;;https://evil.example\x07`), r.stdout);
      assert.match(r.stderr, /gone\\x1b\[2J\.yaml/, r.stderr);
    }
    const both = netlens(['check', '--no-color', '-f', 'compose.yaml', '-f', '::error file=x::pwned.yaml'], dir);
    assert.ok(both.stdout.split('\n').some((l) => l.startsWith('./::error file=x::pwned.yaml:4:16 error undefined-network ')), both.stdout);
  });

  it('--format sarif encodes every path segment: # ? % : and spaces in folder and file names stay part of the path', () => {
    const file = 'services:\n  web:\n    image: nginx\n    networks: [front]\n';
    const dir = writeProject({ 'compose.yaml': file, 'a#b?c%d e:f.yaml': file }, 'p #1?x');
    const r = netlens(['check', '--format', 'sarif', '-f', 'a#b?c%d e:f.yaml'], dir);
    const uri = JSON.parse(r.stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri as string;
    assert.equal(uri, 'a%23b%3Fc%25d%20e%3Af.yaml');
    const fromParent = netlens(['check', '--format', 'sarif', path.basename(dir)], path.dirname(dir));
    const result = JSON.parse(fromParent.stdout).runs[0].results[0];
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'p%20%231%3Fx/compose.yaml');
    // Resolved against the folder the check ran in, the URI names the file itself.
    const base = pathToFileURL(path.dirname(dir) + '/').href;
    assert.equal(fileURLToPath(new URL(result.locations[0].physicalLocation.artifactLocation.uri, base)), path.join(dir, 'compose.yaml'));
    assert.equal(result.fixes[0].artifactChanges[0].artifactLocation.uri, 'p%20%231%3Fx/compose.yaml');
    // Outside the folder the check ran in, a path is absolute: a file: URI.
    assert.equal(sarifUri('/tmp/p #1/c?.yaml'), 'file:///tmp/p%20%231/c%3F.yaml');
    assert.equal(sarifUri('C:/p #1/c.yaml'), 'file:///C:/p%20%231/c.yaml');
  });
});
