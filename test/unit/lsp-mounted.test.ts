// The language server reads a project's mounted configuration files as it reads every file of the project
// (`lsp/readScope.ts`): inside the workspace's folders always, beyond them only once the workspace is
// trusted. A finding there is published for that file; a mount it may not read says so.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Hover, Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient, pos, uriOf } from '../helpers/lspClient';

describe('language server over stdio: mounted configuration files', () => {
  let root: string;
  let compose: string;
  let conf: string;
  let client: LspClient | undefined;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-lsp-mounted-'));
    fs.mkdirSync(path.join(root, 'deploy'));
    fs.mkdirSync(path.join(root, 'shared'));
    compose = path.join(root, 'deploy', 'compose.yaml');
    conf = path.join(root, 'shared', 'default.conf');
    fs.writeFileSync(compose, ['services:', '  proxy:', '    image: nginx', '    volumes: ["../shared/default.conf:/etc/nginx/conf.d/default.conf"]', '  web:', '    image: node:22', '    expose: ["3000"]', ''].join('\n'));
    fs.writeFileSync(conf, 'server {\n  location / { proxy_pass http://localhost:3000; }\n}\n');
  });
  afterEach(() => {
    client?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('publishes the finding in the mounted file when the workspace folder holds it', async () => {
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 }, workspaceFolders: [root] });
    client.open(compose);
    const found = await client.waitForDiagnostics(conf, (d) => d.length === 1, 'the mounted file has its finding');
    assert.equal(found[0].code, 'localhost-peer');
    assert.deepEqual(found[0].range.start, { line: 1, character: 33 });
  });

  it('`${PWD}` in a mount is the project\u2019s folder, where Compose is run from, not the server\u2019s working folder', async () => {
    fs.writeFileSync(compose, ['services:', '  proxy:', '    image: nginx', '    volumes: ["${PWD}/../shared/default.conf:/etc/nginx/conf.d/default.conf"]', '  web:', '    image: node:22', '    expose: ["3000"]', ''].join('\n'));
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 }, workspaceFolders: [root] });
    client.open(compose);
    const found = await client.waitForDiagnostics(conf, (d) => d.length === 1, 'the file mounted through ${PWD} has its finding');
    assert.equal(found[0].code, 'localhost-peer');
    const own = client.diagnostics.get(uriOf(compose)) ?? [];
    assert.deepEqual(own.map((d) => d.code), []);
  });

  it('a change of the mounted file on disk, or a file added to a mounted folder, re-checks the project', async () => {
    fs.writeFileSync(compose, ['services:', '  proxy:', '    image: nginx', '    volumes: ["../shared:/etc/nginx/conf.d"]', '  web:', '    image: node:22', '    expose: ["3000"]', ''].join('\n'));
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 }, workspaceFolders: [root] });
    client.open(compose);
    await client.waitForDiagnostics(conf, (d) => d.length === 1, 'the mounted file has its finding');
    fs.writeFileSync(conf, 'server {\n  location / { proxy_pass http://web:3000; }\n}\n');
    client.filesChanged([conf]);
    await client.waitForDiagnostics(conf, (d) => d.length === 0, 'the fixed file is clean');
    const added = path.join(root, 'shared', 'extra.conf');
    fs.writeFileSync(added, 'server { location / { proxy_pass http://wbe:3000; } }\n');
    client.filesChanged([added]);
    const found = await client.waitForDiagnostics(added, (d) => d.length === 1, 'the added file is read');
    assert.equal(found[0].code, 'unknown-host');
  });

  it('renaming a service reaches its name in the mounted file', async () => {
    fs.writeFileSync(conf, 'server {\n  location / { proxy_pass http://web:3000; }\n}\n');
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 }, workspaceFolders: [root] });
    client.open(compose);
    await client.waitForDiagnostics(compose, (d) => d.length === 0, 'the project is clean');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: uriOf(compose) }, position: pos(4, 3), newName: 'frontend' });
    const inConf = edit.changes?.[uriOf(conf)] ?? [];
    assert.deepEqual(inConf.map((e) => `${e.range.start.line}:${e.range.start.character} ${e.newText}`), ['1:33 frontend']);
  });

  it('rename and find references started on the name inside the mounted file reach the Compose file too', async () => {
    fs.writeFileSync(conf, 'server {\n  location / { proxy_pass http://web:3000; }\n}\n');
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 }, workspaceFolders: [root] });
    client.open(conf, undefined, 'nginx');
    const where = (uri: string, line: number, character: number) => `${uri === uriOf(compose) ? 'compose' : uri === uriOf(conf) ? 'conf' : uri}:${line}:${character}`;
    const prepared = await client.request<{ placeholder: string } | null>('textDocument/prepareRename', { textDocument: { uri: uriOf(conf) }, position: pos(1, 34) });
    assert.equal(prepared?.placeholder, 'web');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: uriOf(conf) }, position: pos(1, 34), newName: 'frontend' });
    const edits = Object.entries(edit.changes ?? {}).flatMap(([uri, list]) => list.map((e) => `${where(uri, e.range.start.line, e.range.start.character)} ${e.newText}`));
    assert.deepEqual(edits.sort(), ['compose:4:2 frontend', 'conf:1:33 frontend']);
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: uriOf(conf) }, position: pos(1, 34), context: { includeDeclaration: true } });
    assert.deepEqual(refs.map((r) => where(r.uri, r.range.start.line, r.range.start.character)).sort(), ['compose:4:2', 'conf:1:33']);
  });

  it('reads nothing beyond the workspace folder, and says so at the mount', async () => {
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 }, workspaceFolders: [path.join(root, 'deploy')] });
    client.open(compose);
    const own = await client.waitForDiagnostics(compose, (d) => d.length === 1, 'the mount is reported');
    assert.equal(own[0].code, 'mounted-file');
    assert.match(String(own[0].message), /default\.conf is outside the project folder; it is not read \(the workspace is not trusted: trust it to read files outside its folders\)\. Addresses in it are not checked\./);
  });

  it('a trusted workspace reads beyond its folder, as it does every outside file', async () => {
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0, workspaceTrusted: true }, workspaceFolders: [path.join(root, 'deploy')] });
    client.open(compose);
    const found = await client.waitForDiagnostics(conf, (d) => d.length === 1, 'the mounted file is read and has its finding');
    assert.equal(found[0].code, 'localhost-peer');
    await client.waitForDiagnostics(compose, (d) => d.length === 0, 'no problem at the mount');
  });

  it('hover and go to definition inside an opened mounted file answer as on a Compose host', async () => {
    fs.writeFileSync(compose, ['services:', '  proxy:', '    image: nginx', '    volumes: ["../shared/default.conf:/etc/nginx/conf.d/default.conf"]', '    environment: { API: "http://web:3000" }', '  web:', '    image: node:22', '    expose: ["3000"]', ''].join('\n'));
    fs.writeFileSync(conf, 'server {\n  location / { proxy_pass http://web:3000; }\n}\n');
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 }, workspaceFolders: [root] });
    // Opened alone, as an nginx document: the server finds the project that mounts it.
    client.open(conf, undefined, 'nginx');
    const value = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');
    const inConf = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(conf) }, position: pos(1, 34) });
    client.open(compose);
    const inCompose = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(compose) }, position: pos(4, 33) });
    const lines = (h: Hover | null) => value(h).split('\n').filter((l) => !l.startsWith('Role:') && l.trim() !== '');
    assert.ok(value(inConf).includes('`web` listens on `3000`'), value(inConf));
    assert.deepEqual(lines(inConf), lines(inCompose));
    const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(conf) }, position: pos(1, 34) });
    assert.deepEqual(defs.map((d) => `${d.uri === uriOf(compose) ? 'compose' : d.uri}:${d.range.start.line}:${d.range.start.character}`), ['compose:5:2']);
  });

  it('a configuration file no project mounts is no project: no hover, no definition, no diagnostics', async () => {
    const stray = path.join(root, 'shared', 'nginx.conf');
    fs.writeFileSync(stray, 'server {\n  location / { proxy_pass http://localhost:3000; }\n}\n');
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 }, workspaceFolders: [root] });
    client.open(stray, undefined, 'nginx');
    assert.equal(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(stray) }, position: pos(1, 34) }), null);
    assert.deepEqual(await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(stray) }, position: pos(1, 34) }), []);
    client.open(compose);
    await client.waitForDiagnostics(conf, (d) => d.length === 1, 'the mounted file has its finding');
    assert.equal(client.diagnostics.get(uriOf(stray)), undefined);
  });
});
