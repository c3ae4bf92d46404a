// Live mode's extension contract without VS Code: the manifest (command, limited support in
// untrusted workspaces, the Docker host a workspace may not set), dockerode kept out of the
// extension bundle (only the server loads it, on first use), and the switch's message validated.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseFromPage } from '../../client/src/webview/messages';

const ROOT = path.resolve(__dirname, '../../..');

describe('live mode: extension contract', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

  it('contributes Compose: Check Reachability… and activates on it', () => {
    const cmd = pkg.contributes.commands.find((c: { command: string }) => c.command === 'netlens.checkReachability');
    assert.equal(`${cmd.category}: ${cmd.title}`, 'Compose: Check Reachability…');
    assert.ok(pkg.activationEvents.includes('onCommand:netlens.checkReachability'));
  });

  it('supports untrusted workspaces in a limited way; the Docker host, the size limit and the analysis time limit are restricted settings', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    // A workspace must not point live mode at another engine, nor raise the limit that keeps a huge file unread, nor lift the time limit.
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['netlens.docker.host', 'netlens.maxFileSizeMB', 'netlens.analysisTimeLimitSeconds']);
    assert.ok(pkg.contributes.configuration.properties['netlens.docker.host']);
    assert.ok(pkg.contributes.configuration.properties['netlens.analysisTimeLimitSeconds']);
  });

  it('dockerode is not in the extension bundle; the server and the CLI require its own bundle lazily', () => {
    const ext = fs.readFileSync(path.join(ROOT, 'client/out/extension.js'), 'utf8');
    assert.ok(!/dockerode|ssh2|docker-modem/.test(ext), 'the extension host never loads the Docker client');
    for (const bundle of ['server/out/server.js', 'server/out/cli.js']) {
      const code = fs.readFileSync(path.join(ROOT, bundle), 'utf8');
      // Docker's client is a bundle of its own (`server/out/docker.js`), required from inside connection.ts's loader only.
      assert.ok(!/node_modules\/(dockerode|ssh2|docker-modem)\//.test(code), `${bundle} holds no Docker client`);
      const calls = [...code.matchAll(/require\("\.\/docker\.js"\)/g)].length;
      assert.equal(calls, 1, `${bundle}: one call site, the loader in server/src/live/connection.ts`);
      assert.match(code, /dockerodeCtor \?\?= require\("\.\/docker\.js"\)/);
    }
    const docker = fs.readFileSync(path.join(ROOT, 'server/out/docker.js'), 'utf8');
    assert.match(docker, /node_modules\/dockerode\/lib\/docker\.js/, 'the Docker client bundle holds dockerode');
  });

  it('the page’s source switch message is validated', () => {
    assert.deepEqual(parseFromPage({ type: 'source', source: 'live' }), { type: 'source', source: 'live' });
    assert.deepEqual(parseFromPage({ type: 'source', source: 'file', extra: 1 }), { type: 'source', source: 'file' });
    for (const bad of [{ type: 'source' }, { type: 'source', source: 'LIVE' }, { type: 'source', source: ['live'] }]) assert.equal(parseFromPage(bad), undefined, JSON.stringify(bad));
  });
});
