// Language features over the wire: the BUILT server as a child process, real JSON-RPC, the
// bundled example (localhost-peer, default-bridge-dns) and projects under test/fixtures/lsp/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, CodeLens, CompletionItem, DocumentSymbol, Hover, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient, pos, range, ROOT, textAt, uriOf } from '../helpers/lspClient';

const EXAMPLE = path.join(ROOT, 'examples', 'compose.yaml');
const EXAMPLE_TEXT = fs.readFileSync(EXAMPLE, 'utf8');

/** Applies LSP text edits to a text (edits do not overlap; applied from the end). */
function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

function hoverText(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  return (h.contents as { value: string }).value;
}

describe('language features over stdio: the bundled example', () => {
  let client: LspClient;
  const uri = uriOf(EXAMPLE);
  const doc = { uri };

  before(async () => {
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
    client.open(EXAMPLE, EXAMPLE_TEXT);
    await client.waitForDiagnostics(EXAMPLE, (d) => d.length === 2, 'both findings are shown');
  });
  after(() => client.stop());

  it('publishes diagnostics with source, code, doc link, exact ranges and related information', () => {
    const d = client.diagnostics.get(uri)!;
    const simple = d.map((x) => ({ code: x.code, source: x.source, href: x.codeDescription?.href, text: textAt(EXAMPLE_TEXT, x.range), line: x.range.start.line, related: x.relatedInformation?.map((r) => [r.location.uri === uri, r.location.range.start.line, r.message]) }));
    assert.deepEqual(simple, [
      { code: 'localhost-peer', source: 'netlens', href: 'https://github.com/compose-network-lens/compose-network-lens/blob/main/docs/rules/localhost-peer.md', text: 'localhost', line: 22, related: [[true, 39, '`db` listens on 5432']] },
      { code: 'default-bridge-dns', source: 'netlens', href: 'https://github.com/compose-network-lens/compose-network-lens/blob/main/docs/rules/default-bridge-dns.md', text: 'cache', line: 36, related: [[true, 34, '`worker` is put on the default bridge here']] },
    ]);
  });

  it('hovers a service key with its networks, names, ports and who reaches it', async () => {
    const h = await client.request<Hover>('textDocument/hover', { textDocument: doc, position: pos(39, 3) });
    assert.deepEqual(h.range, range(39, 2, 39, 4));
    // `api` lists `db` in depends_on, but its URL says `localhost` (the localhost-peer finding): nobody dials `db`.
    assert.equal(hoverText(h), ['**service `db`** · `postgres:16`', '', '- on `backend` as `db`', '- listens on `5432`', '- reached by no other service'].join('\n'));
    const cache = await client.request<Hover>('textDocument/hover', { textDocument: doc, position: pos(47, 3) });
    assert.equal(hoverText(cache), ['**service `cache`** · `redis:7`', '', '- on `backend` as `cache`', '- listens on `6379`', '- reached by `api` as `cache:6379` over `backend`'].join('\n'));
  });

  it('hovers a port mapping: host side, container side, and what peers use', async () => {
    const h = await client.request<Hover>('textDocument/hover', { textDocument: doc, position: pos(8, 10) });
    assert.deepEqual(h.range, range(8, 8, 8, 17));
    assert.equal(hoverText(h), 'host 0.0.0.0:8080 → container 80/tcp\nFrom other services use `web:80` (not `8080`: that is the host side).\nPublished on every host interface; `127.0.0.1:` keeps it local.');
  });

  it('hovers `localhost` in a URL: what it is from this service and the peer probably meant', async () => {
    const h = await client.request<Hover>('textDocument/hover', { textDocument: doc, position: pos(22, 45) });
    assert.deepEqual(h.range, range(22, 43, 22, 52));
    assert.equal(hoverText(h), '`localhost` in `api` is `api` itself (each container has its own loopback).\nRole: **dial** — the service connects here: `postgres://` is a protocol a client speaks to a server.\nNothing in `api` listens on `5432`; you probably meant `db:5432`.');
  });

  it('hovers a peer host: the service it resolves to, the network, and whether it listens there', async () => {
    const h = await client.request<Hover>('textDocument/hover', { textDocument: doc, position: pos(23, 26) });
    assert.equal(hoverText(h), '`cache` → service `cache` over `backend`.\nRole: **dial** — the service connects here: `redis://` is a protocol a client speaks to a server.\n`cache` listens on `6379`.');
    const fromBridge = await client.request<Hover>('textDocument/hover', { textDocument: doc, position: pos(36, 19) });
    assert.equal(hoverText(fromBridge), '`cache` names service `cache`, but it does not resolve from `worker`: the default bridge has no DNS between containers.\nRole: **dial** — the service connects here: `QUEUE_HOST` with `QUEUE_PORT` configure a connection.');
  });

  it('hovers a network_mode value with what changes for this service (fact 6)', async () => {
    const h = await client.request<Hover>('textDocument/hover', { textDocument: doc, position: pos(34, 20) });
    assert.deepEqual(h.range, range(34, 18, 34, 24));
    assert.equal(hoverText(h), "**network_mode: bridge** — `worker` joins the engine's default bridge (`docker0`) instead of the project's networks.\nThere is no DNS between containers there; only `links` or IP addresses work (`cache` will not resolve).");
  });

  it('hovers a top-level network and a network named in a service alike', async () => {
    const expected = '**network `backend`** (`shop_backend`) · driver `bridge`\n\n- services: `api`, `db`, `cache`\n- DNS names: `api`, `db`, `cache`';
    assert.equal(hoverText(await client.request<Hover>('textDocument/hover', { textDocument: doc, position: pos(54, 4) })), expected);
    assert.equal(hoverText(await client.request<Hover>('textDocument/hover', { textDocument: doc, position: pos(29, 10) })), expected);
  });

  it('offers each fix as a quick fix (preferred marked), a disable comment and the rule’s documentation', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: doc, range: range(22, 45, 22, 45), context: { diagnostics: [] } });
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred === true]),
      [
        ['Use `db` instead of `localhost`', 'quickfix', true],
        ['Disable localhost-peer for this line', 'quickfix', false],
        ['Open the documentation of localhost-peer', 'quickfix', false],
      ],
    );
    assert.deepEqual(actions[0].edit, { changes: { [uri]: [{ range: range(22, 43, 22, 52), newText: 'db' }] } });
    assert.deepEqual(actions[1].edit, { changes: { [uri]: [{ range: range(22, 0, 22, 0), newText: '      # netlens-disable-next-line localhost-peer\n' }] } });
    assert.deepEqual(actions[2].command, { title: 'Open the documentation of localhost-peer', command: 'netlens.openRuleDocs', arguments: ['https://github.com/compose-network-lens/compose-network-lens/blob/main/docs/rules/localhost-peer.md'] });
    assert.equal(actions[0].diagnostics?.[0].code, 'localhost-peer');
  });

  it('source.fixAll.netlens applies every preferred fix, and the result re-checks clean', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: doc, range: range(0, 0, 0, 0), context: { diagnostics: [], only: ['source.fixAll.netlens'] } });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.netlens');
    const edits = (actions[0].edit as WorkspaceEdit).changes![uri];
    assert.deepEqual(edits, [
      { range: range(22, 43, 22, 52), newText: 'db' },
      { range: range(34, 0, 35, 0), newText: '    networks:\n      - backend\n' },
    ]);
    client.change(EXAMPLE, apply(EXAMPLE_TEXT, edits));
    await client.waitForDiagnostics(EXAMPLE, (d) => d.length === 0, 'the fixed file is clean');
    client.change(EXAMPLE, EXAMPLE_TEXT);
    await client.waitForDiagnostics(EXAMPLE, (d) => d.length === 2, 'the findings are back');
  });

  it('the disable comment silences that finding only', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: doc, range: range(36, 19, 36, 19), context: { diagnostics: [] } });
    const disable = actions.find((a) => a.title === 'Disable default-bridge-dns for this line')!;
    client.change(EXAMPLE, apply(EXAMPLE_TEXT, disable.edit!.changes![uri]));
    const left = await client.waitForDiagnostics(EXAMPLE, (d) => d.length === 1, 'one finding is left');
    assert.equal(left[0].code, 'localhost-peer');
    client.change(EXAMPLE, EXAMPLE_TEXT);
    await client.waitForDiagnostics(EXAMPLE, (d) => d.length === 2, 'the findings are back');
  });

  it('shows a YAML syntax error as a diagnostic and still analyses the rest', async () => {
    client.change(EXAMPLE, `${EXAMPLE_TEXT}broken: [\n  x: y\n`);
    const d = await client.waitForDiagnostics(EXAMPLE, (x) => x.some((y) => y.code === 'yaml-syntax'), 'a syntax error is shown');
    assert.deepEqual(d.map((x) => x.code), ['localhost-peer', 'default-bridge-dns', 'yaml-syntax']);
    const syntax = d[2];
    assert.equal(syntax.range.start.line, 57);
    assert.match(String(syntax.message), /Flow sequence/);
    assert.match(syntax.codeDescription!.href, /load-problems\.md$/);
    client.change(EXAMPLE, EXAMPLE_TEXT);
    await client.waitForDiagnostics(EXAMPLE, (x) => x.length === 2 && !x.some((y) => y.code === 'yaml-syntax'), 'the syntax error is gone');
  });

  it('answers every request on text that is not Compose at all, without an error', async () => {
    // A document that exists only in the editor, in a folder of its own.
    const broken = path.join(ROOT, 'test', 'fixtures', 'lsp', 'unsaved', 'compose.yaml');
    const brokenDoc = { uri: uriOf(broken) };
    client.open(broken, 'services: [\n  : : "\n\tweb:\n');
    await client.waitForDiagnostics(broken, (d) => d.some((x) => x.code === 'yaml-syntax'), 'the syntax error is shown');
    const p = { textDocument: brokenDoc, position: pos(1, 3) };
    assert.equal(await client.request('textDocument/hover', p), null);
    assert.deepEqual(await client.request('textDocument/definition', p), []);
    assert.deepEqual(await client.request('textDocument/references', { ...p, context: { includeDeclaration: true } }), []);
    assert.deepEqual(await client.request('textDocument/completion', p), []);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: brokenDoc }), []);
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: brokenDoc }), []);
    await assert.rejects(client.request('textDocument/prepareRename', p), /Only a service or network name/);
    client.connection.sendNotification('textDocument/didClose', { textDocument: brokenDoc });
  });

  it('goes to definition, finds references and renames on the example', async () => {
    const def = await client.request<Array<{ uri: string; range: unknown }>>('textDocument/definition', { textDocument: doc, position: pos(25, 9) });
    assert.deepEqual(def, [{ uri, range: range(39, 2, 39, 4) }]);
    const refs = await client.request<Array<{ uri: string; range: ReturnType<typeof range> }>>('textDocument/references', { textDocument: doc, position: pos(54, 4), context: { includeDeclaration: true } });
    assert.deepEqual(refs.map((r) => textAt(EXAMPLE_TEXT, r.range) + '@' + r.range.start.line), ['backend@29', 'backend@45', 'backend@50', 'backend@54']);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: doc, position: pos(47, 3), newName: 'redis' });
    const edits = [...edit.changes![uri]].sort((a, b) => a.range.start.line - b.range.start.line);
    assert.deepEqual(edits, [
      { range: range(23, 25, 23, 30), newText: 'redis' },
      { range: range(26, 8, 26, 13), newText: 'redis' },
      { range: range(36, 18, 36, 23), newText: 'redis' },
      { range: range(47, 2, 47, 7), newText: 'redis' },
    ]);
  });

  it('lists services and networks as document symbols', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: doc });
    assert.deepEqual(
      symbols.map((s) => [s.name, s.kind, s.detail, s.selectionRange.start.line]),
      [
        ['web', 5, 'service · nginx:1.27-alpine', 5],
        ['api', 5, 'service', 15],
        ['worker', 5, 'service', 31],
        ['db', 5, 'service · postgres:16', 39],
        ['cache', 5, 'service · redis:7', 47],
        ['frontend', 11, 'network · bridge', 53],
        ['backend', 11, 'network · bridge', 54],
      ],
    );
  });

  it('puts a code lens over each service: its networks and who reaches it', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: doc });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title]),
      [
        [5, 'on: frontend · reached by: nobody'],
        [15, 'on: frontend, backend · reached by: nobody'],
        [31, 'on: the default bridge · reached by: nobody'],
        [39, 'on: backend · reached by: nobody'],
        [47, 'on: backend · reached by: api'],
      ],
    );
  });

  it('completes network names, service names, network_mode values and peers inside URLs', async () => {
    const lines = EXAMPLE_TEXT.split('\n');
    const at = async (edited: string[], line: number, character: number) => {
      client.change(EXAMPLE, edited.join('\n'));
      return client.request<CompletionItem[]>('textDocument/completion', { textDocument: doc, position: pos(line, character) });
    };
    // web's networks: the ones it is not on yet.
    const nets = await at([...lines.slice(0, 14), '      - ', ...lines.slice(14)], 14, 8);
    assert.deepEqual(nets.map((i) => i.label), ['backend', 'default']);
    assert.deepEqual(nets[0].textEdit, { range: range(14, 8, 14, 8), newText: 'backend' });
    // api's depends_on: the other services not listed yet.
    const deps = await at([...lines.slice(0, 27), '      - w', ...lines.slice(27)], 27, 9);
    assert.deepEqual(deps.map((i) => i.label), ['web', 'worker']);
    assert.deepEqual(deps[0].textEdit, { range: range(27, 8, 27, 9), newText: 'web' });
    // A URL in api: the peers reachable from api with their container ports; the scheme's port first.
    const peers = await at([...lines.slice(0, 24), '      OTHER_URL: redis://', ...lines.slice(24)], 24, 31);
    assert.deepEqual(peers.map((i) => [i.label, i.detail, i.sortText]), [
      ['web:80', 'container port 80 over frontend', '1web'],
      ['db:5432', 'container port 5432 over backend', '1db'],
      ['cache:6379', 'container port 6379 over backend', '0cache'],
    ]);
    // A `*_HOST` variable: the same peers, by name only.
    const hosts = await at([...lines.slice(0, 24), '      SEARCH_HOST: ', ...lines.slice(24)], 24, 19);
    assert.deepEqual(hosts.map((i) => [i.label, i.textEdit]), [
      ['web', { range: range(24, 19, 24, 19), newText: 'web' }],
      ['db', { range: range(24, 19, 24, 19), newText: 'db' }],
      ['cache', { range: range(24, 19, 24, 19), newText: 'cache' }],
    ]);
    // network_mode: service:
    const modes = await at([...lines.slice(0, 34), '    network_mode: service:', ...lines.slice(35)], 34, 26);
    assert.deepEqual(modes.map((i) => i.label), ['web', 'api', 'db', 'cache']);
    client.change(EXAMPLE, EXAMPLE_TEXT);
    await client.waitForDiagnostics(EXAMPLE, (d) => d.length === 2, 'the findings are back');
  });
});
