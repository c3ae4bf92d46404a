// Requests at positions and URIs that do not exist: every one is answered (empty or an error
// response), the server stays up and still serves the real document afterwards.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { LspClient, ROOT, uriOf } from '../helpers/lspClient';

const EXAMPLE = path.join(ROOT, 'examples', 'compose.yaml');

describe('language server: requests that point nowhere', () => {
  let client: LspClient;

  before(async () => {
    client = await LspClient.start();
    client.open(EXAMPLE);
    await client.waitForDiagnostics(EXAMPLE, (d) => d.length > 0, 'the example is analysed');
  });

  after(() => client?.stop());

  const nowhere = [
    { line: 9999, character: 0 },
    { line: 0, character: 9999 },
    { line: -1, character: -5 },
  ];
  const uris = [uriOf(EXAMPLE), uriOf(path.join(ROOT, 'no', 'such', 'compose.yaml')), 'untitled:Untitled-1', 'not a uri at all'];
  const methods = ['textDocument/hover', 'textDocument/definition', 'textDocument/completion', 'textDocument/prepareRename', 'textDocument/documentSymbol', 'textDocument/codeLens'];

  it('answers hover, definition, completion, rename, symbols and lenses anywhere without dying', async () => {
    let answered = 0;
    for (const uri of uris) {
      for (const position of nowhere) {
        for (const method of methods) {
          try {
            await client.request(method, { textDocument: { uri }, position, context: { includeDeclaration: true } });
          } catch (err) {
            // An error response is an answer; a timeout or a closed connection is not.
            assert.doesNotMatch(String(err), /no answer|closed|disposed/i, `${method} at ${uri} ${JSON.stringify(position)}`);
          }
          answered++;
        }
      }
    }
    assert.equal(answered, uris.length * nowhere.length * methods.length);
    const ranges = [{ start: nowhere[0], end: nowhere[1] }, { start: { line: 5, character: 0 }, end: { line: 2, character: 0 } }];
    for (const range of ranges) {
      await client.request('textDocument/codeAction', { textDocument: { uri: uris[0] }, range, context: { diagnostics: [] } }).catch((err) => assert.doesNotMatch(String(err), /no answer|closed/i));
      await client.request('textDocument/rename', { textDocument: { uri: uris[1] }, position: nowhere[0], newName: 'x y' }).catch((err) => assert.doesNotMatch(String(err), /no answer|closed/i));
    }
  });

  it('still serves the real document afterwards', async () => {
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: uriOf(EXAMPLE) }, position: { line: 22, character: 46 } });
    assert.ok(hover && /db/.test(JSON.stringify(hover.contents)), JSON.stringify(hover));
  });

  it('a file above the netlens.maxFileSizeMB setting gets one clear diagnostic', async () => {
    const sized = await LspClient.start({ configuration: () => ({ maxFileSizeMB: 1 }) });
    try {
      const file = path.join(ROOT, 'test-output', 'virtual-big', 'compose.yaml');
      const text = 'services:\n' + '  s:\n    image: x\n'.repeat(120_000);
      sized.open(file, text);
      const d = await sized.waitForDiagnostics(file, (x) => x.length > 0, 'the size diagnostic');
      assert.deepEqual(d.map((x) => x.code), ['compose-file']);
      assert.match(String(d[0].message), /compose\.yaml is 2\.\d MB, above the 1\.0 MB limit \(setting netlens\.maxFileSizeMB\)/);
    } finally {
      sized.stop();
    }
  });
});
