// The server's writer over stdio: every message, a large publish written piece by piece included, is the bytes the
// protocol library's own writer sends (`Content-Length` header, then `JSON.stringify` of the message), and the text
// of a large publish is never one string.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { StreamMessageReader, StreamMessageWriter, type Message } from 'vscode-languageserver/node';
import { PiecewiseWriter } from '../../server/src/lsp/piecewiseWriter';
import { LspClient, ROOT, withTimeout } from '../helpers/lspClient';

function collect(stream: PassThrough): () => Buffer {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks);
}

async function ours(messages: Message[]): Promise<Buffer> {
  const out = new PassThrough();
  const bytes = collect(out);
  const writer = new PiecewiseWriter(out);
  for (const m of messages) await writer.write(m);
  return bytes();
}

async function library(messages: Message[]): Promise<Buffer> {
  const out = new PassThrough();
  const bytes = collect(out);
  const writer = new StreamMessageWriter(out);
  for (const m of messages) await writer.write(m);
  await new Promise((r) => setImmediate(r));
  return bytes();
}

function diagnostic(i: number): object {
  return {
    range: { start: { line: i, character: 2 }, end: { line: i, character: 9 } },
    severity: 1 + (i % 4),
    source: 'netlens',
    code: 'no-shared-network',
    codeDescription: { href: 'https://example.invalid/docs/rules/no-shared-network.md' },
    // Text from the files: quotes, backslashes, control characters, non-ASCII, astral and lone surrogates.
    message: `\`app${i}\` reaches "db\\${i}" — ünïcödé ✓ 🐳 \u0001\u2028 ${i % 7 === 0 ? '\ud800' : ''}`,
    relatedInformation: i % 3 === 0 ? [] : [{ location: { uri: 'file:///p/compose.yaml', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } } }, message: `\`db${i}\` is defined here` }],
    ...(i % 5 === 0 ? { tags: [1] } : {}),
  };
}

const publish = (count: number, extra: object = {}): Message =>
  ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///p/compose.yaml', ...extra, diagnostics: Array.from({ length: count }, (_, i) => diagnostic(i)) } }) as unknown as Message;

describe('the server writer over stdio', () => {
  it('writes the bytes of the library writer: requests, answers, small and large publishes, an empty one, one with a version', async () => {
    const messages: Message[] = [
      { jsonrpc: '2.0', id: 1, method: 'workspace/configuration', params: { items: [{ section: 'netlens' }] } } as unknown as Message,
      { jsonrpc: '2.0', id: 7, result: { contents: { kind: 'markdown', value: '`api` — **reached** by 3 services' } } } as unknown as Message,
      publish(0),
      publish(3),
      publish(255),
      publish(256),
      publish(3000),
      publish(2000, { version: 12 }),
      { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { diagnostics: Array.from({ length: 400 }, (_, i) => diagnostic(i)), uri: 'file:///p/"diagnostics":[]/x.yaml' } } as unknown as Message,
    ];
    const mine = await ours(messages);
    const theirs = await library(messages);
    assert.equal(mine.length, theirs.length, 'the same number of bytes');
    assert.ok(mine.equals(theirs), 'the same bytes');
  });

  it('a reader of the protocol reads back every message, the large publish whole', async () => {
    const out = new PassThrough();
    const writer = new PiecewiseWriter(out);
    const reader = new StreamMessageReader(out);
    const got: Message[] = [];
    reader.listen((m) => got.push(m));
    const sent = [publish(5000), publish(2)];
    for (const m of sent) await writer.write(m);
    // Read as it arrives: waited for until both are in (bounded), not for a set time.
    for (let waited = 0; got.length < sent.length && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(got, JSON.parse(JSON.stringify(sent)));
  });

  it('a large publish is written in pieces, none near the size of the whole', async () => {
    const out = new PassThrough();
    const sizes: number[] = [];
    out.on('data', (c: Buffer) => sizes.push(c.length));
    await new PiecewiseWriter(out).write(publish(5000));
    const total = sizes.reduce((a, b) => a + b, 0);
    assert.ok(total > 1_000_000, `the publish is large (${total} bytes)`);
    assert.ok(Math.max(...sizes) < total / 8, `largest write ${Math.max(...sizes)} of ${total} bytes`);
  });

  it('diagnostics published again are written from the text they had: the same bytes, each one’s JSON made once', async () => {
    const first = publish(600) as unknown as { params: { diagnostics: object[] } };
    // The next publish keeps most of the last one's objects (as an edit's does) and makes a few new ones.
    const kept = first.params.diagnostics.slice(0, 590);
    const again = { ...first, params: { ...first.params, diagnostics: [...kept, ...Array.from({ length: 10 }, (_, i) => diagnostic(1000 + i))] } } as unknown as Message;
    const made: object[] = [];
    const stringify = JSON.stringify;
    const counting = (value: unknown, ...rest: unknown[]) => {
      if (typeof value === 'object' && value !== null && 'range' in value) made.push(value);
      return (stringify as (...a: unknown[]) => string)(value, ...rest);
    };
    const out = new PassThrough();
    const bytes = collect(out);
    const writer = new PiecewiseWriter(out);
    JSON.stringify = counting as typeof JSON.stringify;
    try {
      await writer.write(first as unknown as Message);
      assert.equal(made.length, 600, 'each diagnostic of the first publish made into JSON once');
      made.length = 0;
      await writer.write(again);
    } finally {
      JSON.stringify = stringify;
    }
    assert.equal(made.length, 10, 'of the second, only the 10 new ones');
    assert.ok(bytes().equals(await library([first as unknown as Message, again])), 'the bytes of the library writer');
  });

  it('the server over stdio: the example’s diagnostics arrive, and it ends when the editor closes the pipe without a shutdown', async () => {
    const example = path.join(ROOT, 'examples', 'compose.yaml');
    const client = await LspClient.start({ rootPath: path.dirname(example) });
    try {
      client.open(example);
      const diagnostics = await client.waitForDiagnostics(example, (d) => d.length >= 2, 'both findings');
      assert.ok(diagnostics.some((d) => d.code === 'localhost-peer'));
    } finally {
      client.stop();
    }
    const child = spawn(process.execPath, [path.join(ROOT, 'server', 'out', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdout.resume();
    child.stdin.end();
    // As the library's own stdio connection does: the input's end ends the process (code 1: no shutdown was asked).
    assert.equal(await withTimeout(exited, 10000, 'exit after stdin closed'), 1);
  });
});
