// Over-the-wire measurements of a language server spoken to over stdio with real JSON-RPC:
// spawn → initialize, didOpen → first diagnostics, one-character edit → next diagnostics,
// hover, completion, and peak RSS (VmHWM) read from /proc; then four characters more typed, each waited for.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');

const TIMEOUT_MS = 30000;
/** Characters typed after the first edit, each waited for: their median is the `typing` figure. */
const TYPED_AFTER_FIRST = 4;

function withTimeout(promise, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)))]).finally(() => clearTimeout(timer));
}

function peakRssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Measures one server on one project folder (already written to disk).
 * `command`: [executable, ...args]; `position`: where to hover; `completionAt`: where to complete.
 */
export async function measureServer({ command, file, text, hoverAt, completionAt, initializationOptions }) {
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const uri = pathToFileURL(file).toString();
  let waiting;
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    if (p.uri === uri && waiting) {
      const w = waiting;
      waiting = undefined;
      w(p);
    }
  });
  // Servers may ask for configuration, show messages or register capabilities: answer politely.
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => (initializationOptions ? { diagnosticsDelay: 0 } : null)));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();
  const nextDiagnostics = () => new Promise((resolve) => (waiting = resolve));
  try {
    await withTimeout(
      connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(file.replace(/\/[^/]+$/, '')).toString(),
        capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: true }, synchronization: { dynamicRegistration: false }, hover: { contentFormat: ['markdown', 'plaintext'] }, completion: { completionItem: { snippetSupport: true } } } },
        initializationOptions,
      }),
      'initialize',
    );
    const initializeMs = performance.now() - started;
    connection.sendNotification('initialized', {});
    let diag = nextDiagnostics();
    const openAt = performance.now();
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockercompose', version: 1, text } });
    const first = await withTimeout(diag, 'didOpen → publishDiagnostics');
    const openMs = performance.now() - openAt;
    // One character added at the end of a comment-free value: `LOG_LEVEL: info` → `infoo`.
    const at = text.indexOf('LOG_LEVEL: info') + 'LOG_LEVEL: info'.length;
    const before = text.slice(0, at);
    const line = before.split('\n').length - 1;
    const character = at - before.lastIndexOf('\n') - 1;
    diag = nextDiagnostics();
    const editAt = performance.now();
    connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: 'o' }] });
    await withTimeout(diag, 'didChange → publishDiagnostics');
    const editMs = performance.now() - editAt;
    const timed = async (method, params) => {
      const t = performance.now();
      try {
        const result = await withTimeout(connection.sendRequest(method, params), method);
        return { ms: performance.now() - t, answered: result !== null && result !== undefined };
      } catch {
        return { ms: null, answered: false };
      }
    };
    const hover = await timed('textDocument/hover', { textDocument: { uri }, position: hoverAt });
    const completion = await timed('textDocument/completion', { textDocument: { uri }, position: completionAt });
    const rssMb = peakRssMb(child.pid);
    // Typing: the first edit after the open is also the first run of the server's edit path; a user typing on
    // makes the next ones. Four more characters at the same place, each waited for (after the peak memory is read,
    // so the figures above are those of one edit).
    const typing = [];
    for (let k = 1; k <= TYPED_AFTER_FIRST; k++) {
      diag = nextDiagnostics();
      const typedAt = performance.now();
      const position = { line, character: character + k };
      connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 + k }, contentChanges: [{ range: { start: position, end: position }, text: 'o' }] });
      await withTimeout(diag, 'didChange → publishDiagnostics');
      typing.push(performance.now() - typedAt);
    }
    typing.sort((a, b) => a - b);
    const typingMs = typing.length ? typing[Math.floor(typing.length / 2)] : null;
    return { initializeMs, openMs, editMs, typingMs, hoverMs: hover.ms, hoverAnswered: hover.answered, completionMs: completion.ms, completionAnswered: completion.answered, rssMb, diagnostics: first.diagnostics.length };
  } finally {
    connection.dispose();
    child.kill();
  }
}

/** LSP position of the first occurrence of `needle` in `text`, plus `shift` characters. */
export function positionOf(text, needle, shift = 0) {
  const at = text.indexOf(needle) + shift;
  const before = text.slice(0, at);
  return { line: before.split('\n').length - 1, character: at - before.lastIndexOf('\n') - 1 };
}
