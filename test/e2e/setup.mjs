// Installs what the end-to-end test needs into the gitignored `.e2e/` cache, outside the extension's
// own dependencies: Node 24 (code-server requires it) from the npm registry's `node-linux-<arch>`
// package, code-server from the npm registry, and Debian's chromium. A finished install leaves a
// stamp, so a warm cache costs nothing. Usable alone: `node test/e2e/setup.mjs`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';
export const CHROMIUM = '/usr/bin/chromium';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const cacheDir = join(root, '.e2e');
const nodePrefix = join(cacheDir, `node${NODE_MAJOR}`);
const codeServerPrefix = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
// The package holds the plain binary: no install script has to run to get it.
const nodePackage = `node-${process.platform}-${process.arch}`;

/** Where a Node installed into `prefix` from its npm package keeps its binary. */
const nodeBinIn = (prefix) => join(prefix, 'node_modules', nodePackage, 'bin', 'node');

export const paths = {
  node: nodeBinIn(nodePrefix),
  codeServerEntry: join(codeServerPrefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  chromium: CHROMIUM,
};

const log = (m) => console.log(`e2e setup: ${m}`);
const stampOk = (prefix, want) => existsSync(join(prefix, '.installed')) && readFileSync(join(prefix, '.installed'), 'utf8') === want;

const npmEnv = (nodeBinDir) => ({
  ...process.env,
  PATH: `${nodeBinDir}:${process.env.PATH}`,
  // Native modules are built against this Node's own headers (the package ships them), not the system's.
  npm_config_nodedir: dirname(nodeBinDir),
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
});

function run(cmd, args, cwd, env, what) {
  const r = spawnSync(cmd, args, { cwd, env, stdio: 'inherit', timeout: 12 * 60_000 });
  if (r.status !== 0) throw new Error(`${what} failed (${r.error ? r.error.message : `exit ${r.status}`})`);
}

/** `npm install --ignore-scripts` into a fresh prefix of its own, under the given Node. */
function npmInstall(prefix, deps, nodeBinDir) {
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ private: true, description: 'e2e test tools (not part of the extension)', dependencies: deps }, null, 2));
  run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', '--no-package-lock'], prefix, npmEnv(nodeBinDir), `npm install in ${prefix}`);
}

/**
 * Node 24, installed once into the cache: what code-server runs on, as does VS Code's server for remote workspaces, and
 * so the extension's language server. The benchmark runs under it too (`bench/run.mjs`). Returns its path.
 */
export function ensureEditorNode() {
  return ensureNode(`^${NODE_MAJOR}`, nodePrefix, `${nodePackage}@${NODE_MAJOR}`, `v${NODE_MAJOR}.`);
}

/** One Node release, installed once into the cache (the benchmark measures older editors' runtimes with it). Returns its path. */
export function ensureNodeRelease(version) {
  return ensureNode(version, join(cacheDir, `node-${version}`), `${nodePackage}@${version}`, `v${version}`);
}

/** `node-<platform>-<arch>@range` into `prefix` unless its stamp says `want`; its `-v` must start with `version`. Returns its binary. */
function ensureNode(range, prefix, want, version) {
  const bin = nodeBinIn(prefix);
  if (stampOk(prefix, want) && existsSync(bin)) return bin;
  mkdirSync(cacheDir, { recursive: true });
  log(`installing ${nodePackage}@${range} from the npm registry`);
  npmInstall(prefix, { [nodePackage]: range }, dirname(process.execPath));
  const v = execFileSync(bin, ['-v'], { encoding: 'utf8' }).trim();
  if (!v.startsWith(version)) throw new Error(`${bin} is ${v}, not ${version}`);
  writeFileSync(join(prefix, '.installed'), want);
  return bin;
}

// Of VS Code's native modules the server needs only these to serve a workbench and run extensions;
// the rest (terminal, kerberos proxy auth, sqlite, Windows helpers) are loaded on demand and unused here.
const NATIVE_MODULES = ['@vscode/spdlog', '@vscode/native-watchdog'];

// VS Code dependencies this scenario never loads, about 210 MB of the download: the Copilot agent
// runtime (AI features are off in our settings), and Windows-only helpers (imported only on Windows).
const UNUSED_DEPENDENCIES = ['@github/copilot-sdk', '@microsoft/mxc-sdk', '@vscode/windows-process-tree'];

function dropUnusedDependencies(packageJson) {
  const pkg = JSON.parse(readFileSync(packageJson, 'utf8'));
  for (const d of UNUSED_DEPENDENCIES) {
    if (pkg.dependencies) delete pkg.dependencies[d];
    if (pkg.optionalDependencies) delete pkg.optionalDependencies[d];
  }
  writeFileSync(packageJson, JSON.stringify(pkg, null, 2));
}

function ensureCodeServer() {
  const want = `code-server@${CODE_SERVER_VERSION}`;
  if (stampOk(codeServerPrefix, want) && existsSync(paths.codeServerEntry)) return;
  log(`installing ${want} from the npm registry`);
  const started = Date.now();
  const nodeBin = dirname(paths.node);
  const env = npmEnv(nodeBin);
  // code-server's postinstall would `npm install` its VS Code's dependencies and compile every native
  // module (kerberos needs Kerberos headers, sqlite takes minutes). Do its steps ourselves, scripts off,
  // and compile just the modules the server loads.
  npmInstall(codeServerPrefix, { 'code-server': CODE_SERVER_VERSION }, nodeBin);
  const vscode = join(codeServerPrefix, 'node_modules', 'code-server', 'lib', 'vscode');
  dropUnusedDependencies(join(vscode, 'package.json'));
  const npmArgs = ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
  run('npm', npmArgs, vscode, env, "npm install of code-server's VS Code dependencies");
  run('npm', npmArgs, join(vscode, 'extensions'), env, "npm install of code-server's built-in extensions' dependencies");
  // npm's own node-gyp (npm bundles it).
  const npmCli = realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
  const nodeGyp = join(dirname(dirname(npmCli)), 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (!existsSync(nodeGyp)) throw new Error(`npm's node-gyp is not at ${nodeGyp}`);
  for (const m of NATIVE_MODULES) {
    log(`compiling ${m}`);
    run(paths.node, [nodeGyp, 'rebuild', `--nodedir=${dirname(nodeBin)}`, '-j', 'max'], join(vscode, 'node_modules', m), env, `compiling ${m}`);
  }
  if (!existsSync(paths.codeServerEntry)) throw new Error(`code-server installed but ${paths.codeServerEntry} is missing`);
  writeFileSync(join(codeServerPrefix, '.installed'), want);
  log(`code-server ready in ${Math.round((Date.now() - started) / 1000)} s`);
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing and we are not root: apt-get install chromium`);
  log("installing Debian's chromium");
  const apt = (args) => spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=900', ...args], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 12 * 60_000 });
  const policy = spawnSync('apt-cache', ['policy', 'chromium'], { encoding: 'utf8' }).stdout ?? '';
  if (!/Candidate: (?!\(none\))/.test(policy)) apt(['update', '-qq']);
  const r = apt(['install', '-y', '-qq', 'chromium']);
  if (r.status !== 0 || !existsSync(CHROMIUM)) throw new Error('apt-get install chromium failed');
}

export function setup() {
  mkdirSync(cacheDir, { recursive: true });
  ensureChromium();
  ensureEditorNode();
  ensureCodeServer();
  return paths;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  setup();
  log('ready');
}
