// `npm run bench`: figures and ratios side by side, printed as a table and, last, one JSON line.
// Each figure is the median of several runs after a warm-up. Targets get a verdict; nothing here
// is a test (machines are noisy), it is a measurement to read.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate.mjs';
import { measureServer, positionOf } from './wire.mjs';
import { measureExpandAll, measureLayout } from './topology-layout.mjs';
import { measureLive } from './live.mjs';
import { hostileRows, measureHostile } from './hostile.mjs';
import { ensureEditorNode, ensureNodeRelease, NODE_MAJOR } from '../test/e2e/setup.mjs';
import { measureSchemaCost } from './schema.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/**
 * The benchmark runs under the Node an up-to-date editor runs language servers with (Node 24: code-server and VS Code's
 * server for remote workspaces; the e2e test's own install), both servers and the analysis timed in-process alike:
 * whichever Node started it (the system's) need not be one, and both servers' figures move with the runtime (README,
 * "Performance"). `--runtime=current`: the Node that started it, e.g. Debian's Node 20, a stand-alone build like those
 * VS Code's remote servers ran on before Node 24.
 */
if (!process.argv.includes('--runtime=current') && process.versions.node.split('.')[0] !== NODE_MAJOR) {
  const editorNode = ensureEditorNode();
  const rerun = spawnSync(editorNode, process.argv.slice(1), { stdio: 'inherit', env: { ...process.env, NETLENS_BENCH_STARTED_BY: process.execPath } });
  if (rerun.error) throw new Error(`the benchmark could not run under ${editorNode}: ${rerun.error.message}`);
  process.exit(rerun.status ?? 1);
}
const { parseDocument } = require('yaml');
const { loadProject } = require(join(ROOT, 'out/server/src/compose/project.js'));
const { analyse } = require(join(ROOT, 'out/server/src/analysis.js'));
const { serverExecArgv } = require(join(ROOT, 'out/server/src/protocol.js'));
const { buildNetworkModel, modelCounters } = require(join(ROOT, 'out/server/src/network/model.js'));
const { ModelReuse } = require(join(ROOT, 'out/server/src/network/reuse.js'));
const { collectGarbage } = require(join(ROOT, 'out/server/src/lsp/memory.js'));
const { parseYaml } = require(join(ROOT, 'out/server/src/compose/parseFile.js'));

const quick = process.argv.includes('--quick');
/** `--hostile`: the hostile-inputs section alone (7.), e.g. while working on one of its cases. */
const hostileOnly = process.argv.includes('--hostile');
const SIZES = quick ? [10, 100] : [10, 100, 1000, 5000];
const load = () => (typeof globalThis.process !== 'undefined' ? require('node:os').loadavg().map((x) => x.toFixed(2)).join(' ') : '');
const WIRE_SIZES = quick ? [10] : [10, 1000, 5000];
const RUNS = quick ? 3 : 5;
/**
 * How long the analysis and its floor run, alternately, before their runs are timed. The analysis is much more code
 * than the parser: after half a second of rounds at 10 services its process still spends more CPU time than wall
 * time (the optimising compilers at work beside it) and its median is twice the settled one; by three seconds both
 * sides have settled.
 */
const WARM_UP_MS = quick ? 200 : 3000;
const PANEL_SIZES = quick ? [30, 300] : [30, 300, 2000];

const median = (xs) => {
  const v = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : null;
};
const fmt = (ms) => (ms === null || ms === undefined ? 'n/a' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const ratio = (a, b) => (a === null || b === null || !b ? null : a / b);
const fmtRatio = (r) => (r === null ? 'n/a' : `${r.toFixed(2)}×`);

function writeFiles(files) {
  const dir = mkdtempSync(join(tmpdir(), 'netlens-bench-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const results = { analysis: [], incremental: [], wire: [], panel: [], panelExpand: null, live: null, package: {}, hostile: [], runtime: process.version, loadAverageAtStart: require('node:os').loadavg().map((x) => x.toFixed(2)).join(' ') };
const rows = [];
const verdicts = [];

/**
 * 7. hostile inputs: each case of `hostile.mjs` at N and 2N, in children of their own with a time
 * limit; doubling the input must not much more than double the time.
 */
function hostileSection() {
  const timeoutMs = 60_000;
  results.hostile = measureHostile({ root: ROOT, runs: quick ? 1 : 3, timeoutMs });
  const section = hostileRows(results.hostile, timeoutMs);
  rows.push(...section.rows);
  verdicts.push(...section.verdicts);
}

if (hostileOnly) {
  hostileSection();
  report();
  process.exit(0);
}

// 1. analysis vs the parse floor.
for (const n of SIZES) {
  const files = generateProject(n);
  // On disk, so that the folders services mount can be listed; the texts are read from memory.
  const dir = writeFiles(files);
  const byPath = new Map(Object.entries(files).map(([name, text]) => [join(dir, name), text]));
  const readFile = (f) => byPath.get(f);
  // The floor: parsing every YAML file of the project, the Compose files and the YAML configuration services mount.
  const yamlFiles = Object.entries(files).filter(([name]) => /\.ya?ml$/.test(name)).map(([, text]) => text);
  const parse = () => {
    for (const text of yamlFiles) parseDocument(text);
  };
  // Beside the floor, the analysis's own way in (`parseFile.ts`: the quick reader where it reads exactly, else `yaml`):
  // how much of the floor the analysis still spends parsing.
  const ownParse = () => {
    for (const text of yamlFiles) parseYaml('/bench.yaml', text);
  };
  const full = () => analyse(loadProject({ dir, env: {}, readFile }));
  const mountedReferences = full().model.references.filter((r) => r.origin === 'mounted').length;
  // Warm-up by time, both sides alike: at 10 services one round takes a few milliseconds, and a single round
  // leaves the runs measured to the compilers' first tiers (the medians then time the JIT, not the analysis).
  const warmUntil = performance.now() + WARM_UP_MS;
  do {
    parse();
    full();
  } while (performance.now() < warmUntil);
  const parseMs = [];
  const fullMs = [];
  const ownParseMs = [];
  // A few milliseconds at small sizes: more runs, or one timer tick or collection decides the median.
  const runs = n <= 100 ? RUNS * 6 : RUNS;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    parse();
    parseMs.push(performance.now() - t);
    t = performance.now();
    full();
    fullMs.push(performance.now() - t);
    t = performance.now();
    ownParse();
    ownParseMs.push(performance.now() - t);
  }
  const entry = { n, lines: files['compose.yaml'].split('\n').length, mountedReferences, parseMs: median(parseMs), analysisMs: median(fullMs), ownParseMs: median(ownParseMs) };
  entry.ratio = ratio(entry.analysisMs, entry.parseMs);
  results.analysis.push(entry);
  rows.push([`analysis N=${n}`, `parse ${fmt(entry.parseMs)}`, `load+model+rules ${fmt(entry.analysisMs)} (${mountedReferences} references in mounted files; its own parse ${fmt(entry.ownParseMs)})`, fmtRatio(entry.ratio)]);
  verdicts.push([`analysis ≤ 2× parse floor at N=${n}`, entry.ratio !== null && entry.ratio <= 2]);
  if (n >= 100) results.incremental.push(measureIncremental(n, files, dir));
  rmSync(dir, { recursive: true, force: true });
}

/**
 * 1b. incremental work: one environment value edited near the top of the file (so every later
 * service moves), the model built as the server builds it (parse cache, reuse) and from scratch.
 */
function measureIncremental(n, files, dir) {
  const main = join(dir, 'compose.yaml');
  let text = files['compose.yaml'];
  const readFile = (f) => (f === main ? text : files[f.slice(dir.length + 1)]);
  const parseCache = new Map();
  const reuse = new ModelReuse();
  const at = text.indexOf('LOG_LEVEL: info') + 'LOG_LEVEL: info'.length;
  const reusedMs = [];
  const scratchMs = [];
  let reads = 0;
  let indexBuilds = 0;
  buildNetworkModel(loadProject({ dir, env: {}, readFile, parseCache }), reuse);
  for (let i = 0; i < RUNS + 1; i++) {
    text = text.slice(0, at) + 'o' + text.slice(at);
    const project = loadProject({ dir, env: {}, readFile, parseCache });
    const before = { ...modelCounters };
    // Each build starts from a collected heap: the load's garbage is not charged to the first one timed.
    collectGarbage();
    let t = performance.now();
    buildNetworkModel(project, reuse);
    if (i > 0) reusedMs.push(performance.now() - t);
    reads = modelCounters.serviceScans - before.serviceScans;
    indexBuilds = modelCounters.nameIndexBuilds - before.nameIndexBuilds;
    collectGarbage();
    t = performance.now();
    buildNetworkModel(project);
    if (i > 0) scratchMs.push(performance.now() - t);
  }
  const entry = { n, reusedMs: median(reusedMs), scratchMs: median(scratchMs), servicesReadAgain: reads, nameIndexBuilds: indexBuilds };
  rows.push([`model after an env edit N=${n}`, `from scratch ${fmt(entry.scratchMs)}`, `reusing ${fmt(entry.reusedMs)} (${reads} of ${n} services scanned)`, fmtRatio(ratio(entry.reusedMs, entry.scratchMs))]);
  verdicts.push([`an environment edit at N=${n} re-scans its service only and indexes no network again`, reads === 1 && indexBuilds === 0]);
  return entry;
}

// 1c. the Compose schema check at 1,000 services: the same project analysed with and without `compose-schema` (schema.mjs).
{
  const n = quick ? 100 : 1000;
  const r = measureSchemaCost(n, quick ? 4 : 10);
  results.schema = r;
  rows.push([`schema validation N=${n}`, `without ${fmt(r.withoutMs)}`, `with ${fmt(r.withMs)} (min of ${r.runs} alternating runs)`, `+${(r.added * 100).toFixed(1)} %`]);
  if (n === 1000) verdicts.push(['schema validation adds ≤ 20 % to the analysis at 1,000 services', r.added <= 0.2]);
}

// 2 and 3. over the wire, ours and the alternative.
const altBin = join(ROOT, 'bench/node_modules/@microsoft/compose-language-service/bin/docker-compose-langserver');
if (!existsSync(altBin)) {
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', join(ROOT, 'bench')], { stdio: 'inherit' });
}
/**
 * Both servers on one project under `node`, in turns: a warm-up run of each, then their timed runs one after the
 * other, as many of each (the machine's speed drifts by a third within minutes here, and what it does while one side
 * runs it does while the other runs too). Each side's figures are the medians of its runs; the open's ratio is kept
 * per turn, to show how far the machine moved it. A run that fails is printed and left out of its side and turn.
 */
async function inTurns(node, project, label) {
  const servers = {
    // Ours as the extension starts it (its V8 flags included); theirs as its package's bin starts it.
    ours: { command: [node, ...serverExecArgv(availableParallelism()), join(ROOT, 'server/out/server.js'), '--stdio'], initializationOptions: { diagnosticsDelay: 0 } },
    theirs: { command: [node, altBin, '--stdio'] },
  };
  for (const spec of Object.values(servers)) await measureServer({ ...spec, ...project }).catch(() => null);
  /** Each turn's two runs (one may be missing: its error is printed). */
  const turns = [];
  for (let i = 0; i < RUNS; i++) {
    const turn = {};
    turns.push(turn);
    for (const [who, spec] of Object.entries(servers)) {
      try {
        turn[who] = await measureServer({ ...spec, ...project });
      } catch (err) {
        console.error(`${who} ${label}: ${err.message}`);
      }
    }
  }
  const sides = {};
  for (const who of Object.keys(servers)) {
    const pick = (k) => median(turns.filter((t) => t[who]).map((t) => t[who][k]));
    sides[who] = { initializeMs: pick('initializeMs'), openMs: pick('openMs'), editMs: pick('editMs'), typingMs: pick('typingMs'), hoverMs: pick('hoverMs'), completionMs: pick('completionMs'), rssMb: pick('rssMb'), diagnostics: pick('diagnostics') };
  }
  return { ...sides, openRatioPerTurn: turns.map((t) => ratio(t.ours?.openMs ?? null, t.theirs?.openMs ?? null)) };
}

/** The table's rows of one `inTurns` measurement: the figures `keys` names, peak RSS, diagnostics, the open's ratio per turn. */
function wireRows(label, figures, keys) {
  for (const k of keys) {
    rows.push([`${label} ${k === 'typingMs' ? 'typing (median of the 4 edits after the first)' : k.replace('Ms', '')}`, `ours ${fmt(figures.ours[k])}`, `theirs ${fmt(figures.theirs[k])}`, fmtRatio(ratio(figures.ours[k], figures.theirs[k]))]);
  }
  rows.push([`${label} peak RSS`, `ours ${figures.ours.rssMb?.toFixed(0)} MB`, `theirs ${figures.theirs.rssMb?.toFixed(0)} MB`, fmtRatio(ratio(figures.ours.rssMb, figures.theirs.rssMb))]);
  rows.push([`${label} diagnostics`, `ours ${figures.ours.diagnostics}`, `theirs ${figures.theirs.diagnostics}`, '']);
  // The open's ratio in each turn (ours, then theirs, one after the other): how far the machine moved it.
  rows.push([`${label} open, ratio in each turn`, figures.openRatioPerTurn.map(fmtRatio).join(' '), '', '']);
}

/**
 * Older editors' runtimes, measured at the largest size too:
 * - the Node that started the benchmark, when another times it (`--runtime=current` not given): Debian's Node 20 here,
 *   a stand-alone build like those VS Code's server for remote workspaces ran on before Node 24;
 * - Node 22.8, the last stand-alone release with V8's Maglev compiler on (V8 12.4; Node 22.9 turned it off), for
 *   desktop VS Code: it runs our server on its Electron, whose V8 is Chromium's, Maglev on — the oldest we support
 *   (1.90, Electron 29) V8 12.2. No stand-alone Node is nearer to that.
 * Installed before anything is measured, so that a failed install stops the benchmark at once.
 */
const DESKTOP_V8_NODE = '22.8.0';
const runtimeOf = (path, why) => ({ path, why, version: execFileSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim() });
const startedByPath = process.env.NETLENS_BENCH_STARTED_BY;
const olderRuntimes = [
  ...(startedByPath && startedByPath !== process.execPath ? [runtimeOf(startedByPath, 'started the benchmark')] : []),
  ...(process.version !== `v${DESKTOP_V8_NODE}` ? [runtimeOf(ensureNodeRelease(DESKTOP_V8_NODE), "Maglev on, as desktop editors' V8")] : []),
];

for (const n of WIRE_SIZES) {
  const files = generateProject(n);
  const dir = writeFiles(files);
  const text = files['compose.yaml'];
  const project = { file: join(dir, 'compose.yaml'), text, hoverAt: positionOf(text, '@localhost', 1), completionAt: positionOf(text, 'depends_on:\n      - ', 'depends_on:\n      - '.length) };
  const entry = { n, ...(await inTurns(process.execPath, project, `N=${n}`)), olderRuntimes: [] };
  // At the largest size, the open, the edit and the memory under older editors' runtimes too.
  if (n === WIRE_SIZES[WIRE_SIZES.length - 1]) {
    for (const runtime of olderRuntimes) entry.olderRuntimes.push({ node: runtime.version, why: runtime.why, ...(await inTurns(runtime.path, project, `N=${n} under Node ${runtime.version}`)) });
  }
  rmSync(dir, { recursive: true, force: true });
  results.wire.push(entry);
  wireRows(`wire N=${n}`, entry, ['initializeMs', 'openMs', 'editMs', 'typingMs', 'hoverMs', 'completionMs']);
  for (const other of entry.olderRuntimes) wireRows(`wire N=${n} under Node ${other.node} (${other.why})`, other, ['openMs', 'editMs']);
  if (n === 1000 || n === 5000) {
    const size = n.toLocaleString('en-US');
    // Hover and completion: at most 1.5× the alternative's time, or within 5 ms (where both are a few milliseconds).
    const quick = (k) => entry.ours[k] !== null && entry.theirs[k] !== null && (entry.ours[k] <= 1.5 * entry.theirs[k] || entry.ours[k] <= 5);
    verdicts.push([`hover at ${size} ≤ 1.5× the alternative’s or ≤ 5 ms`, quick('hoverMs')]);
    verdicts.push([`completion at ${size} ≤ 1.5× the alternative’s or ≤ 5 ms`, quick('completionMs')]);
  }
  if (n === 1000) {
    verdicts.push(['peak RSS at 1,000 ≤ the alternative’s', entry.ours.rssMb !== null && entry.theirs.rssMb !== null && entry.ours.rssMb <= entry.theirs.rssMb]);
    const floor = results.analysis.find((a) => a.n === 1000)?.parseMs ?? null;
    verdicts.push(['edit → diagnostics at 1,000 ≤ 2× parse floor', entry.ours.editMs !== null && floor !== null && entry.ours.editMs <= 2 * floor]);
    verdicts.push(['edit → diagnostics at 1,000 ≥ 4× sooner than the alternative', entry.ours.editMs !== null && entry.theirs.editMs !== null && entry.theirs.editMs / entry.ours.editMs >= 4]);
  }
  if (n === 5000) {
    const floor = results.analysis.find((a) => a.n === 5000)?.parseMs ?? null;
    verdicts.push(['edit → diagnostics at 5,000 ≤ 0.6× parse floor', entry.ours.editMs !== null && floor !== null && entry.ours.editMs <= 0.6 * floor]);
    verdicts.push(['edit → diagnostics at 5,000 ≥ 4× sooner than the alternative', entry.ours.editMs !== null && entry.theirs.editMs !== null && entry.theirs.editMs / entry.ours.editMs >= 4]);
    verdicts.push(['open → diagnostics at 5,000 ≤ 0.6× the alternative', entry.ours.openMs !== null && entry.theirs.openMs !== null && entry.ours.openMs <= 0.6 * entry.theirs.openMs]);
    verdicts.push(['peak RSS at 5,000 ≤ the alternative’s', entry.ours.rssMb !== null && entry.theirs.rssMb !== null && entry.ours.rssMb <= entry.theirs.rssMb]);
    // Editors older than the runtime timed above run our server too (README, "Performance"): the open there as well.
    for (const other of entry.olderRuntimes) verdicts.push([`open → diagnostics at 5,000 ≤ 0.6× the alternative under Node ${other.node} (${other.why}) too`, other.ours.openMs !== null && other.theirs.openMs !== null && other.ours.openMs <= 0.6 * other.theirs.openMs]);
  }
}

// 4. the panel: topology document → laid-out, interactive graph in headless Chromium.
try {
  for (const entry of await measureLayout(PANEL_SIZES, 3)) {
    results.panel.push(entry);
    rows.push([`panel N=${entry.n}`, `interactive ${fmt(entry.interactiveMs)}`, `laid out (ELK) ${fmt(entry.laidOutMs)}`, '']);
    if (entry.n === 300) verdicts.push(['panel: 300 services interactive < 1 s', entry.interactiveMs !== null && entry.interactiveMs < 1000]);
    if (entry.n === 2000) verdicts.push(['panel: 2,000 services interactive < 5 s', entry.interactiveMs !== null && entry.interactiveMs < 5000]);
  }
  // Expand all on the collapsed picture of 2,000 services: every service drawn in its place, the page answering.
  const expand = await measureExpandAll(quick ? 300 : 2000, quick ? 1 : 3);
  results.panelExpand = expand;
  rows.push([`panel Expand all N=${expand.n}`, `interactive ${fmt(expand.expandMs)}`, `longest busy ${fmt(expand.longestTaskMs)}`, '']);
  if (expand.n === 2000) verdicts.push(['panel: Expand all at 2,000 services interactive < 3 s', expand.expandMs !== null && expand.expandMs < 3000]);
} catch (err) {
  console.error(`panel: ${err.message}`);
  rows.push(['panel', 'n/a', err.message.split('\n')[0], '']);
}

// 5. live: snapshot with 50 containers on 10 networks, and event → updated document.
try {
  results.live = await measureLive({ root: ROOT, runs: quick ? 3 : 5 });
  rows.push([`live snapshot (${results.live.containers} containers, ${results.live.networks} networks)`, fmt(results.live.snapshotMs), '', '']);
  rows.push(['live event → update (debounce 0)', fmt(results.live.eventMs), '', '']);
} catch (err) {
  console.error(`live: ${err.message}`);
  rows.push(['live', 'n/a', err.message.split('\n')[0], '']);
}

// 6. package: .vsix size, and the time to load the bundles in Node.
try {
  execFileSync(process.execPath, [join(ROOT, 'scripts/package.mjs')], { cwd: ROOT, stdio: 'ignore' });
  const pkg = JSON.parse(execFileSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify(require("./package.json")))'], { cwd: ROOT }).toString());
  const vsix = join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
  results.package.vsixBytes = statSync(vsix).size;
  rows.push(['package .vsix', `${(results.package.vsixBytes / 1024).toFixed(0)} KiB`, '', '']);
  verdicts.push(['.vsix under 3 MB', results.package.vsixBytes < 3 * 1024 * 1024]);
} catch (err) {
  console.error(`package: ${err.message}`);
}
const loadScript = `
const Module = require('module');
const original = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : original.call(this, request, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: new Proxy({}, { get: () => new Proxy(function () {}, { get: () => () => ({}) }) }) };
const t = performance.now();
require(process.argv[1]);
const loaded = Object.keys(require.cache);
process.stdout.write(JSON.stringify({ ms: performance.now() - t, dockerode: loaded.some((k) => k.includes('dockerode')), webview: loaded.some((k) => k.includes('webview')) }));
`;
const loads = [];
for (let i = 0; i < RUNS; i++) loads.push(JSON.parse(execFileSync(process.execPath, ['-e', loadScript, join(ROOT, 'client/out/extension.js')]).toString()));
results.package.extensionLoadMs = median(loads.map((l) => l.ms));
results.package.activationLoadsDockerode = loads[0].dockerode;
results.package.activationLoadsWebview = loads[0].webview;
rows.push(['load client/out/extension.js', fmt(results.package.extensionLoadMs), `dockerode loaded: ${loads[0].dockerode}`, `webview loaded: ${loads[0].webview}`]);
verdicts.push(['activation loads neither dockerode nor the webview', !loads[0].dockerode && !loads[0].webview]);

hostileSection();
report();

/** The table, the targets, then one JSON line. */
function report() {
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => String(r[c]).length)));
  results.date = new Date().toISOString();
  results.loadAverage = load();
  console.log('\nCompose Network Lens benchmark' + (quick ? ' (quick)' : '') + (hostileOnly ? ', hostile inputs only' : '') + `, ${results.date}, Node ${process.versions.node}, load average ${results.loadAverage}`);
  for (const r of rows) console.log(r.map((cell, c) => String(cell).padEnd(widths[c])).join('  '));
  console.log('\nTargets');
  for (const [what, ok] of verdicts) console.log(`${ok ? 'PASS' : 'MISS'}  ${what}`);
  results.targets = Object.fromEntries(verdicts.map(([what, ok]) => [what, ok]));
  console.log(JSON.stringify(results));
}
