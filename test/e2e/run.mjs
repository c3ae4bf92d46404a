// `npm run test:e2e`: installs the tools (test/e2e/setup.mjs, cached in .e2e/), builds and packages
// the .vsix, then runs the compiled scenario (out/test/e2e/*.e2e.js) with mocha and ends with the
// plain line "N passed, N failed". A run that executes no test fails.
import Mocha from 'mocha';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from './setup.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
process.chdir(root);
const t0 = Date.now();
const secs = () => `${Math.round((Date.now() - t0) / 1000)} s`;

let failedEarly;
try {
  const tools = setup();
  console.log(`e2e: tools ready after ${secs()}`);
  execFileSync(process.execPath, ['scripts/package.mjs'], { stdio: 'inherit', timeout: 5 * 60_000 });
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const vsix = join(root, `${pkg.name}-${pkg.version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`${vsix} was not made`);
  process.env.NETLENS_E2E_VSIX = vsix;
  process.env.NETLENS_E2E_NODE = tools.node;
  process.env.NETLENS_E2E_CODE_SERVER = tools.codeServerEntry;
  console.log(`e2e: packaged after ${secs()}`);
} catch (e) {
  failedEarly = e;
}

if (failedEarly) {
  console.error(`e2e: could not prepare the run: ${failedEarly.message ?? failedEarly}`);
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}

const dir = 'out/test/e2e';
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.e2e.js')).sort().map((f) => join(dir, f)) : [];
const mocha = new Mocha({ timeout: 180_000, reporter: 'spec', grep: process.env.MOCHA_GREP || undefined });
for (const f of files) mocha.addFile(f);
const runner = mocha.run(() => {
  const { passes, failures, pending } = runner.stats;
  console.log(`e2e: finished after ${secs()}`);
  console.log(`\n${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
  if (passes + failures === 0) {
    console.error('No test ran.');
    process.exitCode = 1;
  } else process.exitCode = failures > 0 ? 1 : 0;
});
