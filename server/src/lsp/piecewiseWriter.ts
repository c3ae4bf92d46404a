// The language server's messages over a stream (`--stdio`) in LSP's base protocol, a file's diagnostics written
// diagnostic by diagnostic. The library's writer makes each message one string and then one buffer of it: at 5,000
// services a file's diagnostics are 4.9 MB of JSON, and the string and its copy are the server's peak memory, on
// top of everything the analysis keeps. Here the text of a large list is never whole: each diagnostic's JSON is made
// once and kept with it (most of an edit's diagnostics are the last publish's objects, `features/diagnostics.ts`, and
// are written from the text they had), the lengths are summed for the header, then the texts are written a piece at
// a time. The bytes are those `JSON.stringify` gives for the whole message.
import { inspect } from 'node:util';
import { AbstractMessageWriter, type Message, type MessageWriter, type RemoteConsole } from 'vscode-languageserver/node';

/** Lists shorter than this are written as part of the one string of their message. */
const PIECEWISE_FROM = 256;
/** About this many characters of pieces are joined into one write. */
const WRITE_CHARS = 64 * 1024;

/** An item's JSON and its length in bytes. */
interface ItemText {
  json: string;
  bytes: number;
}

/**
 * The JSON of diagnostics already written, by object: most of an edit's were in the last publish. A diagnostic is
 * never changed once made (`features/diagnostics.ts` makes each whole, and keeps it only while it reads the same),
 * so its text is kept for as long as it is: about as many bytes as the diagnostic's own objects, against making
 * 4.9 MB of JSON again per edit at 5,000 services.
 */
const texts = new WeakMap<object, ItemText>();

function textOf(item: unknown): ItemText {
  const kept = typeof item === 'object' && item !== null ? texts.get(item) : undefined;
  if (kept) return kept;
  const json = JSON.stringify(item) ?? 'null';
  const text = { json, bytes: Buffer.byteLength(json, 'utf8') };
  if (typeof item === 'object' && item !== null) texts.set(item, text);
  return text;
}

/** The list written piece by piece: a publish's `diagnostics` when it is long; else undefined. */
function largeList(msg: Message): unknown[] | undefined {
  const params = (msg as { params?: unknown }).params;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  const list = (params as { diagnostics?: unknown }).diagnostics;
  return Array.isArray(list) && list.length >= PIECEWISE_FROM ? list : undefined;
}

/** The message's JSON around its large list: what comes before the list's `[` (included) and from its `]` on. */
function around(msg: Message, list: unknown[]): { head: string; tail: string } | undefined {
  const params = (msg as unknown as { params: Record<string, unknown> }).params;
  const text = JSON.stringify({ ...msg, params: { ...params, diagnostics: [] } });
  const marker = '"diagnostics":[]';
  const at = text.lastIndexOf(marker);
  // Only a key reads so (a string escapes its quotes); found twice (a nested list of that name), the message goes whole.
  if (at < 0 || text.indexOf(marker) !== at || list.length === 0) return undefined;
  return { head: text.slice(0, at + marker.length - 1), tail: text.slice(at + marker.length - 1) };
}

export class PiecewiseWriter extends AbstractMessageWriter implements MessageWriter {
  private errors = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
    stream.on('error', (error: Error) => this.fireError(error));
    stream.on('close', () => this.fireClose());
  }

  async write(msg: Message): Promise<void> {
    // Every write below is made before this returns: messages never interleave.
    try {
      const list = largeList(msg);
      const parts = list ? around(msg, list) : undefined;
      if (!list || !parts) {
        const text = JSON.stringify(msg);
        this.stream.write(`Content-Length: ${Buffer.byteLength(text, 'utf8')}\r\n\r\n`, 'ascii');
        this.stream.write(text, 'utf8');
        return;
      }
      let length = Buffer.byteLength(parts.head, 'utf8') + Buffer.byteLength(parts.tail, 'utf8') + list.length - 1;
      for (const item of list) length += textOf(item).bytes;
      this.stream.write(`Content-Length: ${length}\r\n\r\n`, 'ascii');
      let chunk = parts.head;
      for (let i = 0; i < list.length; i++) {
        chunk += (i > 0 ? ',' : '') + textOf(list[i]).json;
        if (chunk.length >= WRITE_CHARS) {
          this.stream.write(chunk, 'utf8');
          chunk = '';
        }
      }
      this.stream.write(chunk + parts.tail, 'utf8');
    } catch (error) {
      this.errors++;
      this.fireError(error, msg, this.errors);
      throw error;
    }
  }

  end(): void {}
}

/**
 * The process's console sent to the client as log messages: over stdio, text written to stdout would break the
 * stream of messages (the library does the same when it makes the stdio connection itself).
 */
export function routeConsole(remote: RemoteConsole): void {
  // Each argument as `console` shows it, one space between (no spread of the arguments: they may be many).
  const send =
    (level: 'log' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      remote[level](args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
  console.log = send('log');
  console.info = send('info');
  console.debug = send('log');
  console.trace = send('log');
  console.dir = send('log');
  console.table = send('log');
  console.warn = send('warn');
  console.error = send('error');
}
