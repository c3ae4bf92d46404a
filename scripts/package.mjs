// Builds the .vsix with @vscode/vsce from the esbuild bundles (no node_modules inside) and prints its size.
// vsce packages a staging folder (out/vsix/) holding what .vscodeignore lets in: the manifest without `files`
// (that list is the npm package's, see package.json; vsce refuses `files` beside a .vscodeignore), the
// bundles, grammars, rule pages, the icon and the README's images. README links stay relative, so its
// images resolve inside the package, where Open VSX and VS Code's extension page read them.
// `--no-build`: package the bundles already built.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, `${pkg.name}-${pkg.version}.vsix`);
if (!process.argv.includes('--no-build')) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });

const stage = join(root, 'out', 'vsix');
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
const manifest = { ...pkg, scripts: { ...pkg.scripts } };
delete manifest.files;
delete manifest.scripts.prepack;
writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
for (const entry of ['.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'client/out', 'server/out/server.js', 'server/out/docker.js', 'server/out/THIRD_PARTY_NOTICES.md', 'syntaxes', 'docs/rules', 'docs/images', 'images/icon.png']) {
  cpSync(join(root, entry), join(stage, entry), { recursive: true });
}
execFileSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], { cwd: stage, stdio: 'inherit' });
const size = statSync(out).size;
console.log(`${out.slice(root.length + 1)}: ${(size / 1024).toFixed(1)} KiB`);
