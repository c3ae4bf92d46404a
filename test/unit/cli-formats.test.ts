// The CI formats of `netlens check` (github, gitlab, junit) and SARIF's fixes, from the built CLI.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { escapeGithubData, escapeGithubProperty } from '../../server/src/cli/formatGithub';
import { escapeXml } from '../../server/src/cli/formatJunit';
import { removeProjects, writeProject } from '../helpers/project';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'netlens.js');

function netlens(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A workflow command line read the way the runner reads it: `::name k=v,k=v::data`, values unescaped. */
function parseCommand(line: string): { name: string; properties: Record<string, string>; data: string } | undefined {
  const m = /^\s*::([A-Za-z-]+)(?: ([^]*?))?::([^]*)$/.exec(line);
  if (!m) return undefined;
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
  }
  return { name: m[1], properties, data: unescape(m[3]) };
}

describe('netlens check: CI formats', () => {
  after(removeProjects);

  it('--format github prints one annotation per finding with its span and rule, then the summary', () => {
    const r = netlens(['check', '--format', 'github', 'examples']);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], '::error file=examples/compose.yaml,line=23,col=44,endLine=23,endColumn=53,title=netlens localhost-peer::`api` reaches `localhost:5432`, but `localhost` in `api` is `api` itself; `db` listens on 5432.');
    assert.match(lines[1], /^::error file=examples\/compose\.yaml,line=37,col=19,endLine=37,endColumn=24,title=netlens default-bridge-dns::`worker` reaches `cache` by name/);
    assert.equal(lines[2], '2 errors in 1 file.');
    const warning = writeProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx\nnetworks:\n  spare:\n' });
    const w = netlens(['check', '--format', 'github', '--rule', 'unused-network=warning', warning]);
    assert.match(w.stdout, /^::warning file=.*compose\.yaml,line=5,.*title=netlens unused-network::/m, w.stdout);
    const hint = netlens(['check', '--format', 'github', warning]);
    assert.match(hint.stdout, /^::notice file=.*compose\.yaml,line=5,.*title=netlens unused-network::/m, hint.stdout);
  });

  it('--format github escapes % CR LF (and : , in properties), so no file name or value starts another command', () => {
    assert.equal(escapeGithubData('50%\r\n::x'), '50%25%0D%0A::x');
    assert.equal(escapeGithubProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
    const hostile = 'x\n::warning file=forged.yaml::forged\r::add-mask::y%0A';
    const dir = writeProject({
      'compose.yaml': `services:\n  "${hostile.replace(/\n/g, '\\n').replace(/\r/g, '\\r')}":\n    image: busybox\n    networks: [missing]\n`,
      'a,b:c%d.yaml': 'services:\n  other:\n    image: busybox\n    networks: [absent]\n',
    });
    const r = netlens(['check', '--format', 'github', '-f', 'compose.yaml', '-f', 'a,b:c%d.yaml'], dir);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    const commands = lines.map(parseCommand);
    // The hostile service name is also no valid name for the Compose schema: a third error.
    assert.deepEqual(commands.map((c) => c?.name), ['error', 'error', 'error', undefined], r.stdout);
    assert.deepEqual(commands.slice(0, 3).map((c) => c?.properties.file).sort(), ['a,b:c%d.yaml', 'compose.yaml', 'compose.yaml']);
    assert.deepEqual(Object.keys(commands[0]!.properties), ['file', 'line', 'col', 'endLine', 'endColumn', 'title']);
    // The name reaches the messages as text, control characters shown as escapes: no second line, no forged command.
    const named = commands.filter((c) => c?.properties.file === 'compose.yaml');
    assert.equal(named.length, 2);
    for (const c of named) assert.ok(c!.data.includes(String.raw`x\n::warning file=forged.yaml::forged\r::add-mask::y%0A`), c!.data);
    assert.doesNotMatch(r.stdout, /[\r\u0000-\u0009\u000b-\u001f]/);
  });

  it('--format gitlab is a Code Quality report whose fingerprints survive lines moving', () => {
    const r = netlens(['check', '--format', 'gitlab', 'examples']);
    assert.equal(r.code, 1, r.stderr);
    const issues = JSON.parse(r.stdout) as Array<{ description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } }>;
    assert.equal(issues.length, 2);
    const peer = issues.find((i) => i.check_name === 'localhost-peer')!;
    assert.equal(peer.description, '`api` reaches `localhost:5432`, but `localhost` in `api` is `api` itself; `db` listens on 5432.');
    assert.equal(peer.severity, 'major');
    assert.deepEqual(peer.location.path, 'examples/compose.yaml');
    assert.equal(peer.location.lines.begin, 23);
    assert.match(peer.fingerprint, /^[0-9a-f]{64}$/);
    assert.notEqual(issues[0].fingerprint, issues[1].fingerprint);
    assert.deepEqual(JSON.parse(netlens(['check', '--format', 'gitlab', 'examples']).stdout), issues, 'the same report on every run');
    // The same project with two more lines on top: the same fingerprints, the lines moved.
    const dir = writeProject({ 'compose.yaml': `# one\n# two\n${fs.readFileSync(path.join(ROOT, 'examples/compose.yaml'), 'utf8')}` }, 'examples');
    const moved = JSON.parse(netlens(['check', '--format', 'gitlab', 'examples'], path.dirname(dir)).stdout) as typeof issues;
    assert.deepEqual(moved.map((i) => i.fingerprint), issues.map((i) => i.fingerprint));
    assert.deepEqual(moved.map((i) => i.location.lines.begin), issues.map((i) => i.location.lines.begin + 2));
    const warn = writeProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx\nnetworks:\n  spare:\n  extra:\n' });
    const w = JSON.parse(netlens(['check', '--format', 'gitlab', '--rule', 'unused-network=warning', warn]).stdout) as typeof issues;
    assert.deepEqual(w.map((i) => i.severity), ['minor', 'minor']);
    const h = JSON.parse(netlens(['check', '--format', 'gitlab', warn]).stdout) as typeof issues;
    assert.deepEqual(h.map((i) => i.severity), ['info', 'info']);
    assert.equal(new Set(w.map((i) => i.fingerprint)).size, 2);
  });

  it('--format junit has a test case per Compose file, failing with its findings, every text XML-escaped', () => {
    const r = netlens(['check', '--format', 'junit', 'examples']);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="netlens" tests="1" failures="1" errors="0">'), r.stdout);
    assert.match(r.stdout, /<testcase classname="netlens" name="examples\/compose\.yaml" file="examples\/compose\.yaml" time="0">\n\s*<failure message="2 errors" type="error">examples\/compose\.yaml:23:44 error localhost-peer `api` reaches `localhost:5432`/);
    const dir = writeProject({
      'compose.yaml': 'services:\n  "a<b>&\\"c\'\\u0007":\n    image: busybox\n    networks: [missing]\n',
      'compose.override.yaml': 'services:\n  other:\n    image: busybox\n',
    });
    const h = netlens(['check', '--format', 'junit', dir]);
    assert.match(h.stdout, /tests="2" failures="1"/);
    assert.match(h.stdout, /<testcase classname="netlens" name="[^"]*compose\.override\.yaml" file="[^"]*" time="0"\/>/, 'a clean file passes');
    assert.ok(h.stdout.includes('a&lt;b&gt;&amp;&quot;c&apos;\\x07'), h.stdout);
    // Well-formed in the ways that matter: no raw markup or control character from the file.
    const text = h.stdout.replace(/<[^<>]*>/g, '');
    assert.doesNotMatch(text, /[<>]|&(?!(amp|lt|gt|quot|apos);)/);
    assert.doesNotMatch(h.stdout, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    assert.equal(escapeXml('\ud800x'), '\ufffdx');
    const clean = writeProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n' });
    const c = netlens(['check', '--format', 'junit', clean]);
    assert.equal(c.code, 0);
    assert.match(c.stdout, /tests="1" failures="0"/);
  });

  it('--format sarif keeps help links and carries each finding’s preferred fix as replacements', () => {
    const log = JSON.parse(netlens(['check', '--format', 'sarif', 'examples']).stdout);
    const run = log.runs[0];
    for (const rule of run.tool.driver.rules) assert.match(rule.helpUri, /^https:\/\/.+\/docs\/rules\/.+\.md$/);
    const json = JSON.parse(netlens(['check', '--format', 'json', 'examples']).stdout);
    for (const result of run.results) {
      const finding = json.findings.find((f: { rule: string }) => f.rule === result.ruleId);
      const preferred = finding.fixes.filter((f: { preferred: boolean }) => f.preferred);
      assert.equal(preferred.length, 1, `${result.ruleId} has one preferred fix`);
      assert.equal(result.fixes.length, 1, 'only the preferred fix');
      assert.equal(result.fixes[0].description.text, preferred[0].title);
    }
    const peer = run.results.find((x: { ruleId: string }) => x.ruleId === 'localhost-peer');
    assert.deepEqual(peer.fixes[0].artifactChanges, [
      {
        artifactLocation: { uri: 'examples/compose.yaml' },
        replacements: [{ deletedRegion: { startLine: 23, startColumn: 44, endLine: 23, endColumn: 53 }, insertedContent: { text: 'db' } }],
      },
    ]);
    // A finding without a preferred fix has no `fixes`.
    const dir = writeProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    environment:\n      URL: http://nowhere-at-all:80\n' });
    const other = JSON.parse(netlens(['check', '--format', 'sarif', dir]).stdout).runs[0].results;
    const plain = JSON.parse(netlens(['check', '--format', 'json', dir]).stdout).findings;
    assert.ok(plain.length > 0);
    assert.equal(other.length, plain.length);
    plain.forEach((f: { fixes: Array<{ preferred: boolean }> }, i: number) => assert.equal('fixes' in other[i], f.fixes.some((x) => x.preferred)));
  });

  it('refuses an unknown format, naming the ones there are', () => {
    const r = netlens(['check', '--format', 'xml', 'examples']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown format "xml" \(text, json, sarif, github, gitlab, junit\)/);
  });
});
