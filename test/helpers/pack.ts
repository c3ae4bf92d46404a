// The npm package as `npm pack` makes it (its `prepack` builds the bundles), packed once per test run and
// installed where a test needs it: in a folder, or globally under a prefix (as pre-commit installs hooks).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..', '..');
const made: string[] = [];
process.once('exit', () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempFolder(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

let packed: { tarball: string; files: string[] } | undefined;

/** `npm pack` of the repository (prepack included): the tarball and the files it holds. */
export function packCli(): { tarball: string; files: string[] } {
  if (packed) return packed;
  const dir = tempFolder('netlens-pack-');
  const r = spawnSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', timeout: 300000 });
  assert.equal(r.status, 0, r.stderr);
  const json = r.stdout.slice(r.stdout.search(/^\[/m));
  const info = (JSON.parse(json) as Array<{ filename: string; files: Array<{ path: string }> }>)[0];
  packed = { tarball: path.join(dir, info.filename), files: info.files.map((f) => f.path).sort() };
  return packed;
}

/**
 * Installs the packed tarball with the registry out of reach: `--offline` and an empty cache, so every
 * dependency must be inside the package. `global`: `npm install -g --prefix FOLDER` (bins in FOLDER/bin).
 */
export function installCli(folder: string, global = false): void {
  const { tarball } = packCli();
  const cache = tempFolder('netlens-npm-cache-');
  const args = ['install', ...(global ? ['-g', '--prefix', folder] : []), '--offline', '--cache', cache, '--no-audit', '--no-fund', '--loglevel=error', tarball];
  const r = spawnSync('npm', args, { cwd: folder, encoding: 'utf8', timeout: 300000 });
  assert.equal(r.status, 0, r.stderr);
}
