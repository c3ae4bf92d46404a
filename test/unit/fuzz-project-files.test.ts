// Fuzzing every file a project reads, not only its Compose files: the configuration files services mount (nginx,
// Caddyfiles, Prometheus, ...), `.env` files and Dockerfiles of both corpora, the fixtures and the examples, each kind as often, each changed by a few
// pieces (white space of every kind, quotes, braces, variables, anchors, addresses) and analysed. Every analysis must
// return; it runs in a worker, so one that never returns fails in bounded time, naming the file and the change.
// (A no-break space between two words of an nginx file once stalled its scanner until memory ran out.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const ROOTS = [path.resolve(REPO_ROOT, '../shared/corpus/realworld'), path.resolve(REPO_ROOT, '../shared/corpus/awesome-compose'), path.join(REPO_ROOT, 'test/fixtures'), path.join(REPO_ROOT, 'examples')];
const BUILT = path.resolve(__dirname, '../../server/src');
const CHANGES = Number(process.env.FUZZ_PROJECT_CHANGES ?? 1500);
const ANSWER_BOUND_MS = 20_000;

const PIECES = [' ', '\t', '\n', '\r', '\r\n', '\v', '\f', '\u00a0', '\u2028', '\u3000', '\ufeff', '\0', '{', '}', '[', ']', '(', ')', ';', ',', ':', '=', '"', "'", '`', '#', '//', '/*', '*/', '\\', '$', '${', '${X:-', '$$', '{$', '%(', '<<', '&a ', '*a', '- ', 'localhost:5432', 'http://', 'é', '\ud800', 'server ', 'proxy_pass ', 'upstream ', 'listen ', ':80', '0.0.0.0', '[::1]:80', 'host.docker.internal'];

type Kind = 'compose' | 'env' | 'dockerfile' | 'other';

function kindOf(file: string): Kind {
  const name = path.basename(file);
  if (/compose[^/]*\.ya?ml$/i.test(name)) return 'compose';
  if (/^\.env|\.env$/.test(name)) return 'env';
  return /dockerfile/i.test(name) ? 'dockerfile' : 'other';
}

/** Every file of a folder that holds a Compose file, by kind, with its project's folder (the nearest such folder above it). */
function projectFiles(dir: string, project: string | undefined, out: Map<Kind, Array<{ dir: string; file: string }>>): void {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  const here = entries.some((e) => e.isFile() && kindOf(e.name) === 'compose') ? dir : project;
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.git') && entry.name !== 'node_modules') projectFiles(full, here, out);
    else if (here && entry.isFile() && entry.name !== 'labels.json' && fs.statSync(full).size < 300_000) {
      const kind = kindOf(full);
      if (!out.has(kind)) out.set(kind, []);
      out.get(kind)?.push({ dir: here, file: full });
    }
  }
}

// The worker analyses the project with one file's text replaced, and answers with the findings' count or the error.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { loadProject } = require(workerData.built + '/compose/project.js');
const { analyse } = require(workerData.built + '/analysis.js');
parentPort.on('message', ({ dir, file, text }) => {
  try {
    const readFile = (f) => {
      if (f === file) return text;
      try { return fs.statSync(f).isFile() ? fs.readFileSync(f, 'utf8') : undefined; } catch { return undefined; }
    };
    parentPort.postMessage({ findings: analyse(loadProject({ dir, env: {}, readFile })).findings.length });
  } catch (err) {
    parentPort.postMessage({ error: String((err && err.stack) || err) });
  }
});`;

describe('fuzzing the files a project reads', () => {
  it(`${CHANGES} changed mounted files, .env files, Dockerfiles and Compose files of the corpora, fixtures and examples are each analysed`, async function () {
    this.timeout(CHANGES * 1000);
    for (const root of ROOTS) assert.ok(fs.existsSync(root), `missing: ${root}`);
    const byKind = new Map<Kind, Array<{ dir: string; file: string }>>();
    for (const root of ROOTS) projectFiles(root, undefined, byKind);
    const kinds: Kind[] = ['compose', 'env', 'dockerfile', 'other'];
    for (const kind of kinds) assert.ok((byKind.get(kind)?.length ?? 0) > 0, `no ${kind} file found to change`);
    let seed = 20261128;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const newWorker = () => new Worker(WORKER, { eval: true, workerData: { built: BUILT }, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    let worker = newWorker();
    const analysed = (message: { dir: string; file: string; text: string }) =>
      new Promise<{ findings?: number; error?: string }>((resolve) => {
        const done = (answer: { findings?: number; error?: string }) => {
          clearTimeout(limit);
          worker.off('message', done);
          worker.off('error', failed);
          resolve(answer);
        };
        const failed = (err: Error) => done({ error: `the worker died: ${err.message}` });
        const limit = setTimeout(() => done({ error: `no answer within ${ANSWER_BOUND_MS / 1000} s` }), ANSWER_BOUND_MS);
        worker.on('message', done);
        worker.on('error', failed);
        worker.postMessage(message);
      });
    try {
      for (let i = 0; i < CHANGES; i++) {
        // Each kind of file as often as the others: Dockerfiles are few, configuration files many.
        const candidates = byKind.get(kinds[i % kinds.length]) ?? [];
        const { dir, file } = candidates[next(candidates.length)];
        let text = fs.readFileSync(file, 'utf8');
        const changes: Array<[number, string]> = [];
        for (let k = 1 + next(4); k > 0; k--) {
          const at = next(text.length + 1);
          const piece = PIECES[next(PIECES.length)];
          text = text.slice(0, at) + piece + text.slice(at);
          changes.push([at, piece]);
        }
        const answer = await analysed({ dir, file, text });
        if (answer.error !== undefined) {
          await worker.terminate();
          worker = newWorker();
        }
        assert.equal(answer.error, undefined, `${file} changed by ${JSON.stringify(changes)}: ${answer.error}`);
      }
    } finally {
      await worker.terminate();
    }
  });
});
