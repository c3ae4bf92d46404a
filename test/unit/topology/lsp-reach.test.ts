// The panel's new requests on the built language server, over stdio: `netlens/reachMatrix` and
// `netlens/reachPair` answer the example's reachability as `netlens reach` prints it (the open document's text),
// and `netlens/probeAll` refuses an untrusted workspace and bad params before touching any engine.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient, ROOT, uriOf } from '../../helpers/lspClient';
import type { ReachMatrix, ReachPair } from '../../../server/src/protocol';

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))]);
}

describe('netlens/reachMatrix, netlens/reachPair and netlens/probeAll requests', function () {
  this.timeout(60000);
  let client: LspClient;
  const file = path.join(ROOT, 'examples', 'compose.yaml');
  const uri = uriOf(file);

  before(async () => {
    client = await LspClient.start({ initializationOptions: { workspaceTrusted: false } });
    client.open(file, fs.readFileSync(file, 'utf8'));
  });
  after(async () => {
    client?.stop();
  });

  it('the matrix: every pair of the example with its verdict, the host’s row last', async () => {
    const m = await within(client.connection.sendRequest<ReachMatrix>('netlens/reachMatrix', { uri }), 15000, 'reachMatrix');
    assert.equal(m.project, 'shop');
    assert.deepEqual(m.sources, ['web', 'api', 'worker', 'db', 'cache', '(host)']);
    assert.deepEqual(m.targets, ['web', 'api', 'worker', 'db', 'cache']);
    assert.equal(m.leftOut, 0);
    const at = (from: string, to: string) => {
      const k = m.cells[m.sources.indexOf(from)][m.targets.indexOf(to)];
      return k < 0 ? 'self' : `${m.kinds[k].reachable ? '+' : '-'}${m.kinds[k].code}`;
    };
    assert.equal(at('api', 'db'), '+dns');
    assert.equal(at('worker', 'cache'), '-default-bridge');
    assert.equal(at('web', 'db'), '-no-shared-network');
    assert.equal(at('(host)', 'web'), '+published');
    assert.equal(at('(host)', 'db'), '-not-published');
    assert.equal(at('db', 'db'), 'self');
    // Restricted rows and columns.
    const some = await within(client.connection.sendRequest<ReachMatrix>('netlens/reachMatrix', { uri, from: ['api'], to: ['db', 'cache'] }), 15000, 'reachMatrix restricted');
    assert.deepEqual([some.sources, some.targets, some.cells.length, some.cells[0].length], [['api'], ['db', 'cache'], 1, 2]);
  });

  it('a pair in full: names, network, ports, why not', async () => {
    const ok = await within(client.connection.sendRequest<ReachPair>('netlens/reachPair', { uri, from: 'api', to: 'db' }), 15000, 'reachPair');
    assert.deepEqual({ ...ok, detail: undefined }, { from: 'api', to: 'db', reachable: true, via: 'dns', names: ['db'], network: 'backend', ports: [5432], why: null, detail: undefined });
    assert.match(ok.detail, /`api` reaches `db` as `db` over `backend`/);
    const no = await within(client.connection.sendRequest<ReachPair>('netlens/reachPair', { uri, from: 'worker', to: 'cache' }), 15000, 'reachPair');
    assert.equal(no.reachable, false);
    assert.equal(no.why, 'default-bridge');
    const host = await within(client.connection.sendRequest<ReachPair>('netlens/reachPair', { uri, from: '(host)', to: 'web' }), 15000, 'reachPair host');
    assert.deepEqual([host.reachable, host.via, host.ports], [true, 'published', [8080]]);
  });

  it('bad params are refused with words', async () => {
    await assert.rejects(within(client.connection.sendRequest('netlens/reachMatrix', { uri: 42 }), 15000, 'bad'), /reachMatrix takes \{ uri, from\?, to\? \}/);
    await assert.rejects(within(client.connection.sendRequest('netlens/reachMatrix', { uri, from: [1] }), 15000, 'bad'), /reachMatrix takes/);
    await assert.rejects(within(client.connection.sendRequest('netlens/reachPair', { uri, from: 'api' }), 15000, 'bad'), /reachPair takes \{ uri, from, to \}/);
    await assert.rejects(within(client.connection.sendRequest('netlens/reachPair', { uri, from: 'api', to: 'nope' }), 15000, 'bad'), /no pair of services "api" → "nope" in project shop/);
    await assert.rejects(within(client.connection.sendRequest('netlens/probeAll', { uri }), 15000, 'bad'), /probeAll takes \{ uri, token, trusted\? \}/);
  });

  it('probe all refuses an untrusted workspace, before any engine is asked', async () => {
    const progress: unknown[] = [];
    client.connection.onNotification('netlens/probeAll/progress', (p) => {
      progress.push(p);
    });
    await assert.rejects(within(client.connection.sendRequest('netlens/probeAll', { uri, token: 't1', trusted: false }), 15000, 'untrusted'), (err: { code?: number; message?: string }) => {
      assert.equal(err.code, -32002);
      assert.match(err.message ?? '', /only run in a trusted workspace/);
      return true;
    });
    // Trust given at initialize is false too: no `trusted` means untrusted.
    await assert.rejects(within(client.connection.sendRequest('netlens/probeAll', { uri, token: 't2' }), 15000, 'untrusted'), /trusted workspace/);
    assert.deepEqual(progress, []);
  });
});
