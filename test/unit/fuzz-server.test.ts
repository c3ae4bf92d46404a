// Fuzzing the running server: random edits (insertions, deletions, line moves, indentation
// changes, truncations) to real Compose files, sent as didChange. Each version must get its
// diagnostics within a bound, the server must never exit nor report an unhandled error.
// `npm run fuzz` runs many more edits (FUZZ_EDITS).
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';

const ROOT = path.resolve(__dirname, '../../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus/awesome-compose');
const EDITS = Number(process.env.FUZZ_EDITS ?? 1500);
const ANSWER_BOUND_MS = 10000;

/** Seeded PRNG so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JUNK = ['\n', ' ', '  ', '\t', ':', '- ', '"', "'", '{', '}', '[', ']', '&a ', '*a', '<<: *a', '${X', '$$', '#', 'localhost:5432', 'network_mode: bridge', '\u0000', '\ufeff', '\r\n', '---\n', 'é'];

function mutate(text: string, rnd: () => number): string {
  const pick = Math.floor(rnd() * 5);
  const at = Math.floor(rnd() * (text.length + 1));
  const lines = text.split('\n');
  switch (pick) {
    case 0:
      return text.slice(0, at) + JUNK[Math.floor(rnd() * JUNK.length)] + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rnd() * 20)));
    case 2: {
      const i = Math.floor(rnd() * lines.length);
      const j = Math.floor(rnd() * lines.length);
      const [line] = lines.splice(i, 1);
      lines.splice(j, 0, line);
      return lines.join('\n');
    }
    case 3: {
      const i = Math.floor(rnd() * lines.length);
      lines[i] = rnd() < 0.5 ? '  ' + lines[i] : lines[i].replace(/^ {1,2}/, '');
      return lines.join('\n');
    }
    default:
      return text.slice(0, at);
  }
}

describe('fuzzing the language server with random edits', function () {
  let child: ChildProcess;
  let connection: MessageConnection;
  let stderr = '';
  let exited: number | null | undefined;

  before(async () => {
    assert.ok(fs.existsSync(CORPUS), `the corpus is missing at ${CORPUS} (shared/ must sit beside the repository)`);
    child = spawn(process.execPath, [path.join(ROOT, 'server/out/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr!.on('data', (d) => (stderr += d.toString()));
    child.on('exit', (code) => (exited = code));
    connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ diagnosticsDelay: 0 })));
    connection.onRequest('client/registerCapability', () => null);
    // Errors the server logs to the client count as much as what it prints.
    connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      if (p.type === 1) stderr += p.message + '\n';
    });
    connection.listen();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { diagnosticsDelay: 0 } });
    connection.sendNotification('initialized', {});
  });

  after(() => {
    connection?.dispose();
    child?.kill();
  });

  it(`${EDITS} edits over the corpus each get diagnostics; the server stays up`, async function () {
    this.timeout(Math.max(120000, EDITS * 200));
    const files = fs
      .readdirSync(CORPUS)
      .map((d) => ['compose.yaml', 'compose.yml'].map((n) => path.join(CORPUS, d, n)).find((f) => fs.existsSync(f)))
      .filter((f): f is string => !!f);
    assert.ok(files.length > 10, 'corpus files');
    const rnd = prng(1234);
    let answered = 0;
    const perFile = Math.ceil(EDITS / files.length);
    for (const file of files) {
      // A virtual path beside the real one, so nothing on disk is read as an override.
      const uri = URI.file(path.join(path.dirname(file), 'fuzz', path.basename(file))).toString();
      let text = fs.readFileSync(file, 'utf8');
      let waiting: (() => void) | undefined;
      const handler = connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => {
        if (p.uri === uri && waiting) {
          const w = waiting;
          waiting = undefined;
          w();
        }
      });
      const next = (send: () => void, what: string) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${what}: no diagnostics within ${ANSWER_BOUND_MS} ms; server stderr:\n${stderr}`)), ANSWER_BOUND_MS);
          waiting = () => {
            clearTimeout(timer);
            resolve();
          };
          send();
        });
      await next(() => connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockercompose', version: 1, text } }), `open ${file}`);
      for (let v = 2; v < perFile + 2; v++) {
        text = mutate(text, rnd);
        const content = text;
        await next(() => connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: content }] }), `edit ${v} of ${file}`);
        answered++;
      }
      connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      handler.dispose();
      assert.equal(exited, undefined, `server exited with ${exited}; stderr:\n${stderr}`);
    }
    assert.ok(answered >= EDITS, `${answered} edits answered`);
    assert.equal(stderr, '', 'the server logged errors');
  });
});
