// Installs what the end-to-end test needs into the gitignored `.e2e/` cache, outside the extension's
// own dependencies: Node 24 (code-server requires it) from the npm registry's `node-linux-<arch>`
// package, code-server from the npm registry, and Debian's chromium. A finished install leaves a
// stamp, so a warm cache costs nothing. Usable alone: `node test/e2e/setup.mjs`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
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

export const paths = {
  node: join(nodePrefix, 'node_modules', nodePackage, 'bin', 'node'),
  codeServerEntry: join(codeServerPrefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  chromium: CHROMIUM,
};

const log = (m) => console.log(`e2e setup: ${m}`);
const stampOk = (prefix, want) => existsSync(join(prefix, '.installed')) && readFileSync(join(prefix, '.installed'), 'utf8') === want;

/** npm install into its own prefix, with the given node first on PATH (install scripts run under it). */
function npmInstall(prefix, deps, allowScripts, nodeBinDir) {
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ private: true, description: 'e2e test tools (not part of the extension)', dependencies: deps, allowScripts }, null, 2));
  const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  if (nodeBinDir) {
    env.PATH = `${nodeBinDir}:${env.PATH}`;
    // Native modules are built against this Node's own headers (the package ships them), not the system's.
    env.npm_config_nodedir = dirname(nodeBinDir);
  }
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--no-package-lock'], { cwd: prefix, env, stdio: 'inherit', timeout: 12 * 60_000 });
  if (r.status !== 0) throw new Error(`npm install in ${prefix} failed (${r.error ? r.error.message : `exit ${r.status}`})`);
}

function ensureNode() {
  const want = `${nodePackage}@${NODE_MAJOR}`;
  if (stampOk(nodePrefix, want) && existsSync(paths.node)) return;
  log(`installing ${want} from the npm registry`);
  npmInstall(nodePrefix, { [nodePackage]: `^${NODE_MAJOR}` }, {}, undefined);
  const v = execFileSync(paths.node, ['-v'], { encoding: 'utf8' }).trim();
  if (!v.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`${paths.node} is ${v}, not Node ${NODE_MAJOR}`);
  writeFileSync(join(nodePrefix, '.installed'), want);
}

function ensureCodeServer() {
  const want = `code-server@${CODE_SERVER_VERSION}`;
  if (stampOk(codeServerPrefix, want) && existsSync(paths.codeServerEntry)) return;
  log(`installing ${want} from the npm registry (about 2 minutes, 600 MB)`);
  const started = Date.now();
  // code-server's own postinstall fetches its VS Code's dependencies; npm blocks install scripts unless allowed.
  npmInstall(codeServerPrefix, { 'code-server': CODE_SERVER_VERSION }, { 'code-server': true }, dirname(paths.node));
  if (!existsSync(paths.codeServerEntry)) throw new Error(`code-server installed but ${paths.codeServerEntry} is missing`);
  writeFileSync(join(codeServerPrefix, '.installed'), want);
  log(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s`);
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
  ensureNode();
  ensureCodeServer();
  return paths;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  setup();
  log('ready');
}
