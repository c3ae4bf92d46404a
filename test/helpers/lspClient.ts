// A JSON-RPC client for protocol tests: starts the BUILT language server as a child process over
// stdio and speaks LSP to it with vscode-languageserver-protocol's client side. Every wait is bounded.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-languageserver-protocol/node';
import type { Diagnostic, Position, Range } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';

export const ROOT = path.resolve(__dirname, '../../..');
export const SERVER = path.join(ROOT, 'server/out/server.js');

export interface StartOptions {
  initializationOptions?: unknown;
  /** Answers `workspace/configuration` (the `netlens` section per folder); absent: the client does not offer it. */
  configuration?: (scopeUri: string | undefined) => unknown;
  /** Extra workspace client capabilities (e.g. `{ codeLens: { refreshSupport: true } }`). */
  workspace?: Record<string, unknown>;
  /** How to start the server (default: node on the built bundle with `--stdio`), e.g. a bin by name on PATH. */
  command?: { file: string; args: string[]; env?: NodeJS.ProcessEnv };
  /** The workspace folder the client opens (default: the repository), as `rootUri`. */
  rootPath?: string;
  /** The workspace folders the client opens, besides `rootUri`. */
  workspaceFolders?: string[];
}

export function uriOf(file: string): string {
  return URI.file(file).toString();
}

export class LspClient {
  readonly connection: MessageConnection;
  /** The latest diagnostics published per URI. */
  readonly diagnostics = new Map<string, Diagnostic[]>();
  private readonly listeners = new Set<() => void>();
  private versions = new Map<string, number>();
  /** The server process's exit code, once it has exited. */
  readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    if (!child.stdout || !child.stdin) throw new Error('the server process has no stdio');
    this.connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      for (const l of [...this.listeners]) l();
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first`);
    const command = options.command ?? { file: process.execPath, args: [SERVER, '--stdio'] };
    const child = spawn(command.file, command.args, { stdio: ['pipe', 'pipe', 'inherit'], env: command.env ?? process.env });
    const client = new LspClient(child);
    if (options.configuration) {
      const answer = options.configuration;
      client.connection.onRequest('workspace/configuration', (p: { items: Array<{ scopeUri?: string }> }) => p.items.map((i) => answer(i.scopeUri)));
    }
    client.connection.listen();
    await withTimeout(
      client.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: uriOf(options.rootPath ?? ROOT),
        ...(options.workspaceFolders ? { workspaceFolders: options.workspaceFolders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })) } : {}),
        initializationOptions: options.initializationOptions,
        capabilities: { workspace: { configuration: options.configuration !== undefined, didChangeWatchedFiles: { dynamicRegistration: true }, ...options.workspace } },
      }),
      15000,
      'initialize',
    );
    client.connection.sendNotification('initialized', {});
    return client;
  }

  open(file: string, text = fs.readFileSync(file, 'utf8'), languageId = 'dockercompose'): string {
    const uri = uriOf(file);
    this.versions.set(uri, 1);
    this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Replaces the whole text of an open document. */
  change(file: string, text: string): void {
    const uri = uriOf(file);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  filesChanged(files: string[]): void {
    this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: files.map((f) => ({ uri: uriOf(f), type: 2 })) });
  }

  /** Resolves with the diagnostics of `file` once the latest published ones satisfy `accept`. */
  waitForDiagnostics(file: string, accept: (d: Diagnostic[]) => boolean, what: string, timeoutMs = 15000): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    return new Promise((resolve, reject) => {
      const check = () => {
        const current = this.diagnostics.get(uri);
        if (current && accept(current)) {
          done();
          resolve(current);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no diagnostics for ${path.basename(file)} where ${what} within ${timeoutMs} ms; last: ${JSON.stringify(this.diagnostics.get(uri)?.map((d) => d.code))}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  request<T>(method: string, params: unknown, timeoutMs = 15000): Promise<T> {
    return withTimeout(this.connection.sendRequest(method, params) as Promise<T>, timeoutMs, method);
  }

  /** The server process's id (to read its threads or memory from /proc). */
  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the server process did not start');
    return this.child.pid;
  }

  stop(): void {
    this.connection.dispose();
    this.child.kill();
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} got no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function pos(line: number, character: number): Position {
  return { line, character };
}

export function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

/** The text a range covers in a file (for readable assertions). */
export function textAt(text: string, r: Range): string {
  const lines = text.split('\n');
  const offset = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(offset(r.start), offset(r.end));
}
