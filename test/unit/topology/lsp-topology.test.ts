// The `netlens/topology` request on the built language server, over stdio: an open document's
// unsaved text is what the document shows.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import type { TopologyDocument } from '../../../server/src/topology/types';

const ROOT = path.resolve(__dirname, '../../../..');

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))]);
}

describe('netlens/topology request', () => {
  let child: ChildProcess;
  let connection: MessageConnection;

  before(async () => {
    child = spawn(process.execPath, [path.join(ROOT, 'server/out/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.listen();
    await within(connection.sendRequest('initialize', { processId: process.pid, rootUri: URI.file(ROOT).toString(), capabilities: {} }), 15000, 'initialize');
    connection.sendNotification('initialized', {});
  });

  after(() => {
    connection.dispose();
    child.kill();
  });

  it('answers with the topology document of the open example, edits included', async () => {
    const file = path.join(ROOT, 'examples', 'compose.yaml');
    const uri = URI.file(file).toString();
    const text = fs.readFileSync(file, 'utf8').replace('  cache:\n    image: redis:7', '  cache:\n    image: valkey:8');
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockercompose', version: 1, text } });
    const doc = await within(connection.sendRequest<TopologyDocument>('netlens/topology', { uri }), 15000, 'netlens/topology');
    assert.equal(doc.source, 'file');
    assert.equal(doc.project, 'shop');
    assert.deepEqual(doc.services.map((s) => s.name), ['web', 'api', 'worker', 'db', 'cache']);
    assert.equal(doc.services.find((s) => s.name === 'cache')!.image, 'valkey:8', 'the open document’s text, not the disk');
    assert.ok(doc.references.some((r) => r.findings.includes('localhost-peer')));
  });

  it('rejects params without a file uri', async () => {
    await assert.rejects(within(connection.sendRequest('netlens/topology', { uri: 42 }), 15000, 'bad params'), /takes \{ uri \}/);
  });
});
