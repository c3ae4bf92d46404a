// The Compose specification's schema over the wire: a misspelt key gets its diagnostic and the rename as a
// quick fix, a key with nothing to say about the network hovers with the specification's description, and
// `netlens.schema.enable: false` turns the check off.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { LspClient, pos, range, ROOT, uriOf } from '../helpers/lspClient';

const file = path.join(ROOT, 'test', 'fixtures', 'lsp', 'schema', 'compose.yaml');
const uri = uriOf(file);
const doc = { uri };

describe('language server over stdio: the Compose specification schema', () => {
  let client: LspClient | undefined;
  afterEach(() => client?.stop());

  it('reports a misspelt key on its characters, with the rename as the preferred quick fix', async () => {
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
    client.open(file);
    const diagnostics = await client.waitForDiagnostics(file, (d) => d.some((x) => x.code === 'compose-schema'), 'the schema diagnostic');
    const typo = diagnostics.find((d) => d.code === 'compose-schema') as Diagnostic;
    assert.deepEqual(typo.range, range(6, 8, 6, 19));
    assert.equal(typo.severity, 1);
    assert.match(String(typo.message), /did you mean `ipv4_address`\?$/);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: doc, range: range(6, 10, 6, 10), context: { diagnostics: [typo] } });
    const rename = actions.find((a) => a.title === 'Rename `ipv4_adress` to `ipv4_address`');
    assert.ok(rename, `the rename among ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(rename.isPreferred, true);
    assert.deepEqual(rename.edit, { changes: { [uri]: [{ range: range(6, 8, 6, 19), newText: 'ipv4_address' }] } });
  });

  it('hovers a key the network hover says nothing about with the specification’s description', async () => {
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
    client.open(file);
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: doc, position: pos(3, 6) });
    assert.ok(h);
    assert.deepEqual(h.range, range(3, 4, 3, 11));
    assert.match((h.contents as { value: string }).value, /^\*\*`restart`\*\* · .+\n\n\*\(Compose specification\)\*$/);
  });

  it('checks nothing against the schema when `netlens.schema.enable` is false', async () => {
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 }, configuration: () => ({ schema: { enable: false } }) });
    client.open(file);
    const diagnostics = await client.waitForDiagnostics(file, () => true, 'the diagnostics');
    assert.deepEqual(diagnostics.filter((d) => d.code === 'compose-schema'), []);
  });
});
