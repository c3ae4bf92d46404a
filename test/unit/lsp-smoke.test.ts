// The built language server over stdio: open the example and receive its diagnostics.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';

const ROOT = path.resolve(__dirname, '../../..');

describe('language server over stdio', () => {
  let child: ChildProcess;
  let connection: MessageConnection;

  before(async () => {
    child = spawn(process.execPath, [path.join(ROOT, 'server/out/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.listen();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: URI.file(ROOT).toString(), capabilities: {} });
    connection.sendNotification('initialized', {});
  });

  after(() => {
    connection.dispose();
    child.kill();
  });

  it('publishes the example’s findings with source, code and doc link', async () => {
    const file = path.join(ROOT, 'examples', 'compose.yaml');
    const uri = URI.file(file).toString();
    const received = new Promise<{ uri: string; diagnostics: Array<{ code: string; source: string; range: unknown; codeDescription?: { href: string } }> }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no publishDiagnostics within 15 s')), 15000);
      connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: [] }) => {
        if (p.uri === uri) {
          clearTimeout(timer);
          resolve(p);
        }
      });
    });
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockercompose', version: 1, text: fs.readFileSync(file, 'utf8') } });
    const published = await received;
    assert.deepEqual(published.diagnostics.map((d) => d.code).sort(), ['default-bridge-dns', 'localhost-peer']);
    for (const d of published.diagnostics) {
      assert.equal(d.source, 'netlens');
      assert.match(d.codeDescription!.href, new RegExp(`${d.code}\\.md$`));
    }
    const peer = published.diagnostics.find((d) => d.code === 'localhost-peer')!;
    assert.deepEqual(peer.range, { start: { line: 22, character: 43 }, end: { line: 22, character: 52 } });
  });
});
