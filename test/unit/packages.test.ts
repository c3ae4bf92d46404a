// What users install: the npm package (`npm pack`: the CLI and the language server, bundled, no dependency
// to fetch) and the .vsix (scripts/package.mjs), which must fit Open VSX as well as the VS Code Marketplace.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { LspClient } from '../helpers/lspClient';
import { inflateRawSync } from 'node:zlib';
import { installCli, packCli, ROOT, tempFolder } from '../helpers/pack';

const EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples/compose.yaml'), 'utf8');

describe('the npm package', () => {
  it('holds only the bundles, their bins, the topology page and the docs', () => {
    const { files } = packCli();
    assert.deepEqual(files, [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'bin/netlens-language-server.js',
      'bin/netlens.js',
      'client/out/webview.css',
      'client/out/webview.js',
      'package.json',
      'server/out/THIRD_PARTY_NOTICES.md',
      'server/out/cli.js',
      'server/out/docker.js',
      'server/out/server.js',
    ]);
  });

  it('names every library its bundles hold, with its licence text (elkjs and the inlined Compose schema among them)', () => {
    const notices = fs.readFileSync(path.join(ROOT, 'server/out/THIRD_PARTY_NOTICES.md'), 'utf8');
    for (const [name, licence] of [['elkjs', 'EPL-2.0'], ['cytoscape', 'MIT'], ['yaml', 'ISC'], ['dockerode', 'Apache-2.0'], ['dclint', 'MIT'], ['vscode-languageserver', 'MIT']]) {
      assert.match(notices, new RegExp(`## ${name} [0-9][^\\n]*\\n\\nLicence: [^\\n]*${licence.replace(/[.+-]/g, (c) => `\\${c}`)}`), name);
    }
    assert.match(notices, /Eclipse Public License/, 'elkjs’s licence text is there');
  });

  it('depends on nothing: the bundles require only Node’s own modules (and optional native speed-ups they can do without)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.dependencies ?? {}, {});
    const builtins = new Set(builtinModules);
    for (const bundle of ['server/out/cli.js', 'server/out/server.js', 'server/out/docker.js']) {
      // A `require(…)` opening a string or template literal is code text, not a call: Ajv keeps
      // `'require("ajv/dist/runtime/equal")'` for standalone validators, which the analysis never generates.
      const required = new Set([...fs.readFileSync(path.join(ROOT, bundle), 'utf8').matchAll(/(?<!['`])\brequire\("([^"./][^"]*)"\)/g)].map((m) => m[1]));
      const outside = [...required].filter((m) => !builtins.has(m.replace(/^node:/, '')) && m !== 'cpu-features');
      assert.deepEqual(outside, [], bundle);
    }
  });

  it('writes the Node bundles ASCII-only, so that V8 holds their source one byte per character', () => {
    for (const bundle of ['client/out/extension.js', 'server/out/cli.js', 'server/out/server.js', 'server/out/docker.js']) {
      const text = fs.readFileSync(path.join(ROOT, bundle), 'utf8');
      const at = text.search(/[^\x00-\x7f]/);
      assert.equal(at, -1, `${bundle}: ${JSON.stringify(text.slice(Math.max(0, at - 60), at + 20))}`);
    }
    // Escaped, a comment's character still reads as itself (a key's look-up explained in compose/nodes.ts).
    assert.match(fs.readFileSync(path.join(ROOT, 'server/out/server.js'), 'utf8'), /Key \\u2192 place in the list/);
  });

  it('installs offline into an empty folder and checks the example, draws it, and serves it over LSP', async () => {
    const dir = tempFolder('netlens-install-');
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
    installCli(dir);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'node_modules')).filter((n) => !n.startsWith('.')), ['compose-network-lens'], 'nothing else was installed');
    fs.mkdirSync(path.join(dir, 'shop'));
    fs.writeFileSync(path.join(dir, 'shop/compose.yaml'), EXAMPLE);
    const bin = (name: string) => path.join(dir, 'node_modules/.bin', name);
    const check = spawnSync(bin('netlens'), ['check', 'shop'], { cwd: dir, encoding: 'utf8', env: { PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` } });
    assert.equal(check.status, 1, check.stderr);
    assert.equal(
      check.stdout,
      'shop/compose.yaml:23:44 error localhost-peer `api` reaches `localhost:5432`, but `localhost` in `api` is `api` itself; `db` listens on 5432.\n' +
        'shop/compose.yaml:37:19 error default-bridge-dns `worker` reaches `cache` by name, but `worker` is on the default bridge (`network_mode: bridge`), where Docker resolves no container names; only `links` or IP addresses work there.\n' +
        '2 errors in 1 file.\n',
    );
    const html = spawnSync(bin('netlens'), ['topology', '--format', 'html', '--out', 'shop.html', 'shop'], { cwd: dir, encoding: 'utf8' });
    assert.equal(html.status, 0, html.stderr);
    assert.match(fs.readFileSync(path.join(dir, 'shop.html'), 'utf8'), /<script nonce="[^"]+">/, 'the page is inlined');
    const version = spawnSync(bin('netlens'), ['--version'], { encoding: 'utf8' });
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    const client = await LspClient.start({ command: { file: bin('netlens-language-server'), args: ['--stdio'] }, rootPath: path.join(dir, 'shop') });
    try {
      client.open(path.join(dir, 'shop/compose.yaml'), EXAMPLE, 'yaml');
      const diagnostics = await client.waitForDiagnostics(path.join(dir, 'shop/compose.yaml'), (d) => d.length === 2, 'both findings');
      assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['default-bridge-dns', 'localhost-peer']);
    } finally {
      client.stop();
    }
  });
});

describe('the .vsix', () => {
  let entries: string[] = [];
  let zip = new Map<string, Buffer>();
  const read = (entry: string) => {
    const data = zip.get(entry);
    assert.ok(data, `${entry} is in the .vsix`);
    return data;
  };

  before(function () {
    this.timeout(300000);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const r = spawnSync(process.execPath, ['scripts/package.mjs', '--no-build'], { cwd: ROOT, encoding: 'utf8', timeout: 300000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const made = path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
    zip = readZip(fs.readFileSync(made));
    fs.rmSync(made);
    fs.rmSync(path.join(ROOT, 'out/vsix'), { recursive: true, force: true });
    entries = [...zip.keys()];
  });

  it('has what Open VSX shows: icon, repository, licence, categories, gallery banner', () => {
    const manifest = JSON.parse(read('extension/package.json').toString('utf8'));
    assert.equal(manifest.files, undefined, 'the npm file list stays out of the extension manifest');
    assert.ok(entries.includes(`extension/${manifest.icon}`), manifest.icon);
    const icon = read(`extension/${manifest.icon}`);
    assert.deepEqual([...icon.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
    assert.match(manifest.repository.url, /^https:\/\/github\.com\//);
    assert.equal(manifest.license, 'MIT');
    assert.ok(entries.includes('extension/LICENSE.txt'));
    assert.ok(manifest.categories.length > 0);
    assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
    assert.ok(manifest.publisher && manifest.displayName && manifest.description);
    const vsixManifest = read('extension.vsixmanifest').toString('utf8');
    assert.match(vsixManifest, /Microsoft\.VisualStudio\.Services\.Icons\.Default/);
  });

  it('holds every image its README shows, at the README’s relative paths', () => {
    const readme = read('extension/readme.md').toString('utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g), ...readme.matchAll(/<img[^>]+src="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(images.length >= 2, 'the README shows its pictures');
    for (const image of images) {
      assert.doesNotMatch(image, /^[a-z]+:/i, `${image} is relative, so it resolves inside the package`);
      assert.ok(entries.includes(`extension/${image.replace(/^\.\//, '')}`), `${image} is in the .vsix`);
    }
  });

  it('holds the bundles, not the sources, maps or node_modules', () => {
    for (const needed of ['extension/client/out/extension.js', 'extension/server/out/server.js', 'extension/server/out/docker.js', 'extension/server/out/THIRD_PARTY_NOTICES.md', 'extension/client/out/webview.js', 'extension/syntaxes/dockercompose.tmLanguage.json']) assert.ok(entries.includes(needed), needed);
    assert.deepEqual(entries.filter((e) => /\.ts$|\.map$|node_modules\/|\/src\//.test(e)), []);
  });
});

/** The entries of a zip archive (a .vsix) by name: its central directory read, each entry stored or deflated. */
function readZip(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'a zip archive');
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(archive.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const method = archive.readUInt16LE(at + 10);
    const size = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const local = archive.readUInt32LE(at + 42);
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const raw = archive.subarray(dataStart, dataStart + size);
    out.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}
