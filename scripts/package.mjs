// Builds the .vsix with @vscode/vsce from the esbuild bundles (no node_modules inside) and prints its size.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const out = `${pkg.name}-${pkg.version}.vsix`;
execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
execFileSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out], { stdio: 'inherit' });
const size = statSync(out).size;
console.log(`${out}: ${(size / 1024).toFixed(1)} KiB`);
