// Hostile inputs: files a cloned repository can hold that once made the analysis grow faster than
// their size. Each case is generated at size N and 2N and analysed (load, model, rules) in a child
// process of its own, with a time limit; doubling the size must not much more than double the time.
//
//   node bench/hostile.mjs [--root DIR] [--case ID] [--quick]   this section alone (DIR: another build)
//   imported by bench/run.mjs (`npm run bench`, or `npm run bench -- --hostile` for it alone)
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(HERE), '..');
const KB = 1024;

/** Lines of `line(i)` until the text reaches `size` characters. */
function linesUpTo(size, line) {
  const out = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const l = line(i);
    out.push(l);
    length += l.length + 1;
  }
  return out.join('\n') + '\n';
}

/** Each case: the input's size (what doubles) in `unit`, and the files of a project of that size. */
export const HOSTILE_CASES = [
  {
    id: 'url-value',
    what: 'URL/host scanner: one environment value of one long word',
    unit: 'KB',
    sizes: [80, 160],
    files: (kb) => ({ 'compose.yaml': `services:\n  app:\n    image: x\n    environment:\n      VALUE: "${'a'.repeat(kb * KB)}"\n` }),
  },
  {
    id: 'url-dotted',
    what: 'URL/host scanner: one value of dotted labels and scheme characters',
    unit: 'KB',
    sizes: [80, 160],
    files: (kb) => ({ 'compose.yaml': `services:\n  app:\n    image: x\n    command: "${'a.b+'.repeat((kb * KB) / 4)}"\n` }),
  },
  {
    id: 'alias-padding',
    what: 'alias bomb behind padding: a padded value aliased by every service',
    unit: 'KB',
    sizes: [10, 20],
    files: (kb) => {
      const pad = 'http://a:80 '.repeat(170);
      const head = `x-pad: &pad "${pad}"\nx-env: &env {${Array.from({ length: 10 }, (_, i) => `V${i}: *pad`).join(', ')}}\nservices:\n`;
      return { 'compose.yaml': head + linesUpTo(kb * KB - head.length, (i) => `  s${i}:\n    image: x\n    environment: *env`) };
    },
  },
  {
    id: 'dotenv',
    what: '.env parsing: one large .env',
    unit: 'KB',
    sizes: [80, 160],
    files: (kb) => ({ 'compose.yaml': 'services:\n  app:\n    image: x:${TAG}\n', '.env': linesUpTo(kb * KB, (i) => `KEY_${i}=value_${i} # note`) }),
  },
  {
    id: 'env-file-shared',
    what: 'one env_file shared by 100 services',
    unit: 'KB',
    sizes: [14, 28],
    files: (kb) => ({
      'compose.yaml': 'services:\n' + Array.from({ length: 100 }, (_, i) => `  s${i}:\n    image: x\n    env_file: shared.env\n`).join(''),
      'shared.env': linesUpTo(kb * KB, (i) => `KEY_${i}=value_${i}`),
    }),
  },
  {
    id: 'dockerfile-shared',
    what: 'one Dockerfile built by many services, services and ENV lines growing together',
    unit: 'KB',
    sizes: [200, 400],
    files: (kb) => ({
      'compose.yaml': 'services:\n' + Array.from({ length: Math.floor(kb / 2) }, (_, i) => `  s${i}:\n    build: .\n`).join(''),
      Dockerfile: `FROM busybox\n${linesUpTo(kb * KB, (i) => `ENV SETTING_${i}=value-${i}`)}EXPOSE 8080\n`,
    }),
  },
  {
    id: 'extends-chain',
    what: 'extends chain in one file, each level setting one variable',
    unit: 'KB',
    sizes: [55, 110],
    files: (kb) => ({ 'compose.yaml': 'services:\n  s0:\n    image: x\n' + linesUpTo(kb * KB, (i) => `  s${i + 1}:\n    extends: s${i}\n    environment:\n      E${i}: v`) }),
  },
  {
    id: 'extends-files',
    what: 'extends across files, two services per file extending the previous file',
    unit: 'files',
    sizes: [12, 24],
    files: (levels) => {
      const files = {};
      for (let l = 0; l < levels; l++) {
        const base = (s) => (l === 0 ? '    image: x' : `    extends: { file: f${l - 1}.yaml, service: ${s} }`);
        files[`f${l}.yaml`] = `services:\n  a:\n${base('b')}\n  b:\n${base('a')}\n`;
      }
      files['compose.yaml'] = `services:\n  top:\n    extends: { file: f${levels - 1}.yaml, service: a }\n`;
      return files;
    },
  },
  {
    id: 'names-many',
    what: 'name suggestions: a misspelt host in every service',
    unit: 'KB',
    sizes: [181, 362],
    files: (kb) => ({ 'compose.yaml': 'services:\n' + linesUpTo(kb * KB, (i) => `  svc${i}:\n    image: x\n    environment:\n      DB_URL: postgres://svx${i}:5432/db`) }),
  },
  {
    id: 'names-long',
    what: 'name suggestions: one long service name, misspelt',
    unit: 'KB',
    sizes: [181, 362],
    files: (kb) => {
      const n = Math.floor((kb * KB) / 2) - 60;
      return { 'compose.yaml': `services:\n  ${'s'.repeat(n)}:\n    image: x\n  app:\n    image: x\n    environment:\n      DB_URL: postgres://${'s'.repeat(n - 1)}t:5432/db\n` };
    },
  },
];

/** In a child: load and analyse one case at one size with the build under `root`; prints the milliseconds. */
function child(root, id, size) {
  const require = createRequire(import.meta.url);
  const { loadProject } = require(join(root, 'out/server/src/compose/project.js'));
  const { analyse } = require(join(root, 'out/server/src/analysis.js'));
  const c = HOSTILE_CASES.find((x) => x.id === id);
  const dir = '/bench/hostile';
  const filesOf = (n) => new Map(Object.entries(c.files(n)).map(([name, text]) => [join(dir, name), text]));
  const run = (byPath) => analyse(loadProject({ dir, env: {}, readFile: (f) => byPath.get(f) }));
  // A warm-up on an eighth of the size: compiling the code is not charged to the case.
  run(filesOf(Math.max(1, Math.floor(size / 8))));
  const byPath = filesOf(size);
  const started = performance.now();
  const analysis = run(byPath);
  const ms = performance.now() - started;
  const chars = [...byPath.values()].reduce((n, t) => n + t.length, 0);
  process.stdout.write(JSON.stringify({ ms, chars, findings: analysis.findings.length }));
}

function runChild(root, id, size, timeoutMs) {
  try {
    const out = execFileSync(process.execPath, [HERE, '--child', root, id, String(size)], { timeout: timeoutMs, maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
    return JSON.parse(out.toString());
  } catch {
    return { ms: null, timedOut: true };
  }
}

const median = (xs) => {
  const v = xs.filter((x) => x !== null).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : null;
};

/** Doubling the size may cost this much more time and still count as linear (constant parts, noise). */
export const LINEAR_FACTOR = 2.5;

/**
 * Every case at N and 2N: the median of `runs` children each. A child over `timeoutMs` stops the
 * case's further runs (its figure is "> limit").
 */
export function measureHostile({ root = ROOT, runs = 3, timeoutMs = 60_000, only } = {}) {
  const results = [];
  for (const c of HOSTILE_CASES) {
    if (only && c.id !== only) continue;
    const entry = { id: c.id, what: c.what, unit: c.unit, sizes: c.sizes, ms: [], chars: [], timedOut: false };
    for (const size of c.sizes) {
      const times = [];
      // Fast cases are noisy (a collection decides): more runs for them.
      for (let i = 0; i < (times.length && times[0] < 1000 ? Math.max(runs, 5) : runs) && !entry.timedOut; i++) {
        const r = runChild(root, c.id, size, timeoutMs);
        if (r.timedOut) entry.timedOut = true;
        else {
          times.push(r.ms);
          entry.chars[entry.ms.length] = r.chars;
        }
      }
      entry.ms.push(entry.timedOut ? null : median(times));
    }
    const [small, large] = entry.ms;
    entry.ratio = small !== null && large !== null ? large / Math.max(small, 1) : null;
    // Below a few milliseconds the ratio is noise: fast at 2N is linear enough.
    entry.linear = large !== null && (entry.ratio <= LINEAR_FACTOR || large < 50);
    results.push(entry);
  }
  return results;
}

const fmt = (ms, limit) => (ms === null ? `> ${(limit / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

/** Table rows and verdicts in the shape bench/run.mjs prints. */
export function hostileRows(results, timeoutMs) {
  const rows = [];
  const verdicts = [];
  for (const r of results) {
    const [n, n2] = r.sizes;
    rows.push([`hostile ${r.id}`, `N=${n} ${r.unit}: ${fmt(r.ms[0], timeoutMs)}`, `2N=${n2} ${r.unit}: ${fmt(r.ms[1], timeoutMs)}`, r.ratio === null ? 'n/a' : `${r.ratio.toFixed(2)}×`]);
    verdicts.push([`hostile ${r.id}: doubling the input at most ~doubles the time (${r.what})`, r.linear]);
  }
  return { rows, verdicts };
}

if (process.argv[1] === HERE) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') child(args[1], args[2], Number(args[3]));
  else {
    const value = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
    const timeoutMs = Number(value('--timeout') ?? 60) * 1000;
    const results = measureHostile({ root: resolve(value('--root') ?? ROOT), runs: args.includes('--quick') ? 1 : 3, timeoutMs, only: value('--case') });
    const { rows, verdicts } = hostileRows(results, timeoutMs);
    const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => String(r[c]).length)));
    for (const r of rows) console.log(r.map((cell, c) => String(cell).padEnd(widths[c])).join('  '));
    for (const [what, ok] of verdicts) console.log(`${ok ? 'PASS' : 'MISS'}  ${what}`);
  }
}
