// The language server as editors other than VS Code start it: the `netlens-language-server` bin found on PATH
// (where npm links it), `netlens-language-server --stdio`, JSON-RPC over stdio, no `initializationOptions`,
// the document opened with the editor's own language id (Neovim and Helix say `yaml` or `docker-compose`),
// settings answered through `workspace/configuration` (section `netlens`) or not at all.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, ROOT, withTimeout } from '../helpers/lspClient';

const BIN = path.join(ROOT, 'bin', 'netlens-language-server.js');
const EXAMPLE = path.join(ROOT, 'examples', 'compose.yaml');

describe('netlens-language-server in any LSP editor', () => {
  let binDir: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    // As `npm install -g` leaves it: a link named after the bin, on PATH.
    binDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-bin-'));
    fs.symlinkSync(BIN, path.join(binDir, 'netlens-language-server'));
    env = { PATH: `${binDir}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };
  });
  after(() => fs.rmSync(binDir, { recursive: true, force: true }));

  const codes = (d: Diagnostic[]) => d.map((x) => `${x.code}@${x.range.start.line + 1}:${x.range.start.character + 1}`).sort();

  it('package.json names the bin, and the file is executable', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.bin['netlens-language-server'], './bin/netlens-language-server.js');
    assert.ok((fs.statSync(BIN).mode & 0o111) !== 0, 'executable');
    assert.ok(fs.readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n'));
  });

  it('`netlens-language-server --stdio` without initializationOptions publishes the example’s diagnostics', async () => {
    const client = await LspClient.start({ command: { file: 'netlens-language-server', args: ['--stdio'], env }, rootPath: path.dirname(EXAMPLE) });
    try {
      client.open(EXAMPLE, undefined, 'yaml');
      const diagnostics = await client.waitForDiagnostics(EXAMPLE, (d) => d.length >= 2, 'both findings');
      assert.deepEqual(codes(diagnostics), ['default-bridge-dns@37:19', 'localhost-peer@23:44']);
      const peer = diagnostics.find((d) => d.code === 'localhost-peer')!;
      assert.equal(peer.severity, 1);
      assert.equal(peer.source, 'netlens');
      // Editors shut it down with shutdown + exit: it ends with code 0.
      await client.request('shutdown', null);
      client.connection.sendNotification('exit');
      assert.equal(await withTimeout(client.exited, 10000, 'exit'), 0);
    } finally {
      client.stop();
    }
  });

  it('reads the `netlens` section through workspace/configuration, as editors send their settings', async () => {
    const asked: Array<string | undefined> = [];
    const client = await LspClient.start({
      command: { file: 'netlens-language-server', args: ['--stdio'], env },
      rootPath: path.dirname(EXAMPLE),
      configuration: (scope) => {
        asked.push(scope);
        return { rules: { 'localhost-peer': 'off', 'default-bridge-dns': 'warning' } };
      },
    });
    try {
      client.open(EXAMPLE, undefined, 'docker-compose');
      const diagnostics = await client.waitForDiagnostics(EXAMPLE, (d) => d.length === 1 && d[0].severity === 2, 'only default-bridge-dns, as a warning');
      assert.deepEqual(codes(diagnostics), ['default-bridge-dns@37:19']);
      assert.ok(asked.length > 0, 'the server asked for its settings');
    } finally {
      client.stop();
    }
  });

  it('starts on stdio when no transport is named, and answers --version', async () => {
    const client = await LspClient.start({ command: { file: 'netlens-language-server', args: [], env }, rootPath: path.dirname(EXAMPLE) });
    try {
      client.open(EXAMPLE);
      const diagnostics = await client.waitForDiagnostics(EXAMPLE, (d) => d.length >= 2, 'both findings');
      assert.equal(diagnostics.length, 2);
    } finally {
      client.stop();
    }
    const version = spawnSync('netlens-language-server', ['--version'], { env, encoding: 'utf8' });
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });
});
