// How `check` reports to people and CI: --quiet, --max-warnings, the exit codes and the progress bar
// (on stderr, only when stderr is a terminal).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { removeProjects, writeProject } from '../helpers/project';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'netlens.js');

function netlens(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A project with one warning (unused-network raised to warning) and one hint. */
const WARNING = ['--rule', 'unused-network=warning', '--rule', 'unknown-host=hint'];
const warnings = () => writeProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    environment:\n      URL: http://nowhere-at-all:80\nnetworks:\n  spare:\n' });

describe('netlens check: --quiet, --max-warnings, progress', () => {
  after(removeProjects);

  it('--quiet reports error-severity findings only, in every format, and says what it left out', () => {
    const dir = warnings();
    const all = JSON.parse(netlens(['check', '--format', 'json', ...WARNING, dir]).stdout).findings;
    assert.deepEqual(all.map((f: { severity: string }) => f.severity).sort(), ['hint', 'warning']);
    const quiet = netlens(['check', '--quiet', ...WARNING, dir]);
    assert.equal(quiet.code, 0);
    assert.equal(quiet.stdout, 'No errors found; 2 findings below error severity not shown (--quiet).\n');
    assert.deepEqual(JSON.parse(netlens(['check', '-q', '--format', 'json', ...WARNING, dir]).stdout).findings, []);
    const mixed = netlens(['check', '-q', '--format', 'json', 'examples', dir]);
    assert.deepEqual(JSON.parse(mixed.stdout).findings.map((f: { rule: string }) => f.rule), ['localhost-peer', 'default-bridge-dns']);
    const text = netlens(['check', '-q', ...WARNING, 'examples', dir]);
    assert.equal(text.code, 1);
    assert.equal(text.stdout.trimEnd().split('\n').pop(), '2 errors in 1 file. 2 findings below error severity not shown (--quiet).');
  });

  it('--max-warnings N exits 1 past N warnings (also with --quiet), and refuses what is not a count', () => {
    const dir = warnings();
    const over = netlens(['check', '--max-warnings', '0', ...WARNING, dir]);
    assert.equal(over.code, 1);
    assert.equal(over.stderr, 'netlens: 1 warning, more than --max-warnings 0 allows.\n');
    assert.equal(netlens(['check', '--max-warnings', '1', ...WARNING, dir]).code, 0);
    assert.equal(netlens(['check', ...WARNING, dir]).code, 0, 'warnings alone exit 0');
    const quiet = netlens(['check', '--quiet', '--max-warnings', '0', ...WARNING, dir]);
    assert.equal(quiet.code, 1, 'hidden warnings still count');
    for (const bad of ['-1', 'x', '1.5', '']) {
      const r = netlens(['check', `--max-warnings=${bad}`, dir]);
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /--max-warnings takes a number of warnings/);
    }
    // Errors exit 1 whatever the warnings; a usage error or an unreadable project exits 2.
    assert.equal(netlens(['check', '--max-warnings', '100', 'examples']).code, 1);
    const broken = writeProject({ 'compose.yaml': 'services: [\n' });
    assert.equal(netlens(['check', '--max-warnings', '100', broken]).code, 2);
  });

  it('draws no progress on a pipe', () => {
    const r = netlens(['check', 'examples', warnings(), 'examples']);
    assert.equal(r.stderr, '');
  });

  it('draws a progress bar on a terminal’s stderr, one line redrawn in place and erased at the end', () => {
    // util-linux `script` gives the command a pseudo-terminal: stderr goes to it, stdout to a file.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-tty-'));
    try {
      const out = path.join(tmp, 'out.txt');
      const dir = warnings();
      const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} check examples ${JSON.stringify(dir)} examples > ${JSON.stringify(out)}`;
      const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 });
      assert.equal(r.error, undefined, `script(1) runs: ${r.error}`);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      const tty = r.stdout;
      const frames = tty.split('\r\x1b[K').filter(Boolean);
      assert.ok(frames.length >= 6, JSON.stringify(tty));
      assert.match(frames[0], /^\[-{20}\] 1\/3 {2}examples {2}reading$/);
      assert.ok(frames.some((f) => /^\[#{7}-{13}\] 2\/3 {2}.+ {2}analysing$/.test(f)), JSON.stringify(frames));
      assert.ok(frames.some((f) => /^\[#{13}-{7}\] 3\/3 {2}examples {2}analysing$/.test(f)), JSON.stringify(frames));
      assert.ok(tty.endsWith('\r\x1b[K'), 'the bar is erased at the end');
      // The report itself is untouched by it.
      assert.equal(fs.readFileSync(out, 'utf8'), netlens(['check', 'examples', dir, 'examples']).stdout);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('erases the bar before a message on stderr, so the message stands on its own line', () => {
    const broken = writeProject({ 'compose.yaml': 'services: [\n' });
    let stderr = '';
    let stdout = '';
    const code = runCli(['check', 'examples', broken], { cwd: ROOT, env: {}, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTty: false, stderrIsTty: true, columns: 60 });
    assert.equal(code, 2);
    const message = /\r\x1b\[Knetlens: [^\r]*compose\.yaml:\d+:\d+: [^\r]*\n/.exec(stderr);
    assert.ok(message, JSON.stringify(stderr));
    assert.ok(stderr.endsWith('\r\x1b[K'));
    for (const frame of stderr.split('\r\x1b[K')) if (frame.startsWith('[')) assert.ok(frame.length <= 59, `fits the terminal: ${frame}`);
    assert.match(stdout, /4 errors in 2 files\./);
  });
});
