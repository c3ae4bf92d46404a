// Project-wide behaviour over the wire: an override file and the base file check each other,
// closed files and `.env` are read from disk and watched, navigation and rename cross files,
// and settings come per folder through workspace/configuration.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient, pos, range, ROOT, uriOf } from '../helpers/lspClient';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'lsp');

/** A fresh copy of a fixture project in a temporary folder (tests edit files on disk). */
function copyFixture(name: string, made: string[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-lsp-'));
  made.push(root);
  const dir = path.join(root, name);
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

const at = (d: { code?: unknown; range: { start: { line: number; character: number }; end: { line: number; character: number } } }) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

describe('language server over stdio: a project with an override file', () => {
  const made: string[] = [];
  let client: LspClient;
  let dir: string;
  let base: string;
  let override: string;

  beforeEach(async () => {
    dir = copyFixture('override', made);
    base = path.join(dir, 'compose.yaml');
    override = path.join(dir, 'compose.override.yaml');
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
  });
  afterEach(() => {
    client.stop();
    for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('publishes findings of the closed override file too, with related information across files', async () => {
    client.open(base);
    const ownDiagnostics = await client.waitForDiagnostics(base, (d) => d.length === 1, 'the base file has its finding');
    assert.deepEqual(ownDiagnostics.map(at), ['localhost-peer@5:42-5:51']);
    const other = await client.waitForDiagnostics(override, (d) => d.length === 1, 'the closed override has its finding');
    assert.deepEqual(other.map(at), ['localhost-peer@11:18-11:27']);
    assert.deepEqual(other[0].relatedInformation, [{ location: { uri: uriOf(base), range: range(12, 2, 12, 7) }, message: '`cache` listens on 6379' }]);
  });

  it('an edit in compose.yaml re-checks compose.override.yaml, and the other way round', async () => {
    const baseText = fs.readFileSync(base, 'utf8');
    const overrideText = fs.readFileSync(override, 'utf8');
    client.open(base, baseText);
    client.open(override, overrideText);
    await client.waitForDiagnostics(override, (d) => d.length === 1, 'the override has its finding');
    // `cache` no longer runs redis: nothing listens on 6379, so worker's localhost is no mistake any more.
    client.change(base, baseText.replace('image: redis:7', 'image: busybox:1.36'));
    await client.waitForDiagnostics(override, (d) => d.length === 0, 'the override is clean after an edit of the base');
    // Without `db` in the override, nothing listens on 5432: api's localhost names no peer any more, but reaches nothing.
    client.change(override, overrideText.replace(/  db:\n(    .*\n|      .*\n)+/, ''));
    const alone = await client.waitForDiagnostics(base, (d) => d.length === 1 && d[0].code === 'localhost-no-listener', 'the base says nothing listens after an edit of the override');
    assert.deepEqual(alone.map(at), ['localhost-no-listener@5:42-5:51']);
    client.change(override, overrideText);
    const back = await client.waitForDiagnostics(base, (d) => d.length === 1 && d[0].code === 'localhost-peer', 'the base finding is back');
    assert.deepEqual(back.map(at), ['localhost-peer@5:42-5:51']);
  });

  it('reads closed files and .env from disk and follows didChangeWatchedFiles', async () => {
    client.open(base);
    await client.waitForDiagnostics(base, (d) => d.length === 1, 'the base has its finding');
    // `db` moves behind a profile on disk: it is not started, so nothing listens on 5432.
    const text = fs.readFileSync(override, 'utf8').replace('    image: postgres:16\n', '    image: postgres:16\n    profiles: [data]\n');
    fs.writeFileSync(override, text);
    client.filesChanged([override]);
    await client.waitForDiagnostics(base, (d) => d.length === 1 && d[0].code === 'localhost-no-listener', 'the base says nothing listens once db is behind a profile');
    // `.env` enables the profile: db is back, and so is the finding.
    fs.writeFileSync(path.join(dir, '.env'), 'COMPOSE_PROFILES=data\n');
    client.filesChanged([path.join(dir, '.env')]);
    const back = await client.waitForDiagnostics(base, (d) => d.length === 1 && d[0].code === 'localhost-peer', 'the finding is back once .env enables the profile');
    assert.deepEqual(back.map(at), ['localhost-peer@5:42-5:51']);
  });

  it('clears the findings of an override file that is deleted', async () => {
    client.open(base);
    await client.waitForDiagnostics(override, (d) => d.length === 1, 'the override has its finding');
    fs.rmSync(override);
    client.filesChanged([override]);
    await client.waitForDiagnostics(override, (d) => d.length === 0, 'the deleted file shows nothing');
    await client.waitForDiagnostics(base, (d) => d.length === 1 && d[0].code === 'localhost-no-listener', 'without the override nothing listens on 5432');
  });

  it('goes to definition across the merged files', async () => {
    client.open(base);
    client.open(override);
    const fromDependsOn = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(override) }, position: pos(3, 10) });
    assert.deepEqual(fromDependsOn, [{ uri: uriOf(base), range: range(12, 2, 12, 7) }]);
    const fromUrl = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(base) }, position: pos(6, 27) });
    assert.deepEqual(fromUrl, [{ uri: uriOf(base), range: range(12, 2, 12, 7) }]);
    const network = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(override) }, position: pos(14, 10) });
    assert.deepEqual(network, [{ uri: uriOf(base), range: range(18, 2, 18, 9) }]);
    // `api` is declared in both files.
    const api = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(override) }, position: pos(1, 3) });
    assert.deepEqual(api, [
      { uri: uriOf(base), range: range(2, 2, 2, 5) },
      { uri: uriOf(override), range: range(1, 2, 1, 5) },
    ]);
  });

  it('finds references of a service, hosts in URLs included, across files', async () => {
    client.open(base);
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: uriOf(base) }, position: pos(12, 3), context: { includeDeclaration: true } });
    assert.deepEqual(refs, [
      { uri: uriOf(override), range: range(3, 8, 3, 13) },
      { uri: uriOf(base), range: range(6, 25, 6, 30) },
      { uri: uriOf(base), range: range(12, 2, 12, 7) },
    ].sort((a, b) => (a.uri === b.uri ? 0 : a.uri < b.uri ? -1 : 1)));
    const withoutDecl = await client.request<Location[]>('textDocument/references', { textDocument: { uri: uriOf(base) }, position: pos(12, 3), context: { includeDeclaration: false } });
    assert.equal(withoutDecl.length, 2);
  });

  it('renames a service everywhere, the URL host included', async () => {
    client.open(base);
    const prepared = await client.request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: uriOf(base) }, position: pos(6, 26) });
    assert.deepEqual(prepared, { range: range(6, 25, 6, 30), placeholder: 'cache' });
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: uriOf(base) }, position: pos(6, 26), newName: 'redis' });
    assert.deepEqual(edit.changes, {
      [uriOf(base)]: [
        { range: range(12, 2, 12, 7), newText: 'redis' },
        { range: range(6, 25, 6, 30), newText: 'redis' },
      ],
      [uriOf(override)]: [{ range: range(3, 8, 3, 13), newText: 'redis' }],
    });
  });

  it('renames a network in every file', async () => {
    client.open(base);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: uriOf(base) }, position: pos(18, 4), newName: 'private' });
    const r = (l: number, a: number, b: number) => ({ range: range(l, a, l, b), newText: 'private' });
    assert.deepEqual(edit.changes, {
      [uriOf(base)]: [r(10, 8, 15), r(15, 8, 15), r(18, 2, 9)],
      [uriOf(override)]: [r(7, 8, 15), r(14, 8, 15)],
    });
  });

  it('rejects a rename to an invalid or taken name', async () => {
    client.open(base);
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri: uriOf(base) }, position: pos(12, 3), newName: 'db' }), /A service named `db` already exists/);
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri: uriOf(base) }, position: pos(12, 3), newName: 'no spaces' }), /not a valid service name/);
  });

  it('hovers a port mapping bound to one host address', async () => {
    client.open(base);
    const h = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: uriOf(base) }, position: pos(8, 12) });
    assert.equal(h.contents.value, 'host 127.0.0.1:8443 → container 443/tcp\nFrom other services use `api:443` (not `8443`: that is the host side).');
  });
});

describe('language server over stdio: an unset variable used in several files', () => {
  let client: LspClient;
  const dir = path.join(FIXTURES, 'variables');
  const base = path.join(dir, 'compose.yaml');
  const override = path.join(dir, 'compose.override.yaml');

  before(async () => {
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
  });
  after(() => client.stop());

  it('is one warning at its first use, relating the other uses, as Compose warns once per variable', async () => {
    client.open(override);
    assert.deepEqual(await client.waitForDiagnostics(override, () => true, 'the override is checked'), []);
    const [warning] = await client.waitForDiagnostics(base, (d) => d.length === 1, 'one warning in the base file');
    assert.equal(at(warning), 'interpolation@2:11-2:38');
    assert.match(String(warning.message), /"NETLENS_FIXTURE_REGISTRY" variable is not set.* used 3 times/);
    assert.deepEqual(
      warning.relatedInformation?.map((r) => `${path.basename(r.location.uri)}@${r.location.range.start.line}:${r.location.range.start.character}`),
      ['compose.yaml@4:36', 'compose.override.yaml@2:11'],
    );
  });
});

describe('language server over stdio: where rename is refused', () => {
  let client: LspClient;
  const file = path.join(FIXTURES, 'refuse', 'compose.yaml');
  const doc = { uri: uriOf(file) };

  before(async () => {
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
    client.open(file);
  });
  after(() => client.stop());

  it('refuses an external network: its key is its name on the engine', async () => {
    await assert.rejects(client.request('textDocument/prepareRename', { textDocument: doc, position: pos(13, 4) }), /external network/);
  });

  it('refuses a service whose name reaches a value through a variable (.env)', async () => {
    await assert.rejects(client.request('textDocument/prepareRename', { textDocument: doc, position: pos(7, 3) }), /cannot be edited safely \(a variable or block value\) at .*compose\.yaml:5/);
  });

  it('accepts a service named only in safe places', async () => {
    assert.deepEqual(await client.request('textDocument/prepareRename', { textDocument: doc, position: pos(1, 3) }), { range: range(1, 2, 1, 5), placeholder: 'app' });
  });

  it('refuses where no service or network is named', async () => {
    await assert.rejects(client.request('textDocument/prepareRename', { textDocument: doc, position: pos(2, 5) }), /Only a service or network name/);
  });
});

describe('language server over stdio: rename reaches every way of naming a service', () => {
  let client: LspClient;
  const file = path.join(FIXTURES, 'rename', 'compose.yaml');
  const doc = { uri: uriOf(file) };

  before(async () => {
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
    client.open(file);
  });
  after(() => client.stop());

  it('edits links, depends_on, network_mode, volumes_from, URLs (of services not started too) and the key', async () => {
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: doc, position: pos(12, 27), newName: 'postgres' });
    const edits = [...edit.changes![doc.uri]].sort((a, b) => a.range.start.line - b.range.start.line);
    const r = (l: number, a: number, b: number) => ({ range: range(l, a, l, b), newText: 'postgres' });
    assert.deepEqual(edits, [r(4, 9, 11), r(6, 6, 8), r(9, 25, 27), r(12, 26, 28), r(14, 8, 10), r(18, 34, 36), r(19, 2, 4)]);
    assert.deepEqual(Object.keys(edit.changes!), [doc.uri]);
  });

  it('lists the same places as references', async () => {
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: doc, position: pos(19, 3), context: { includeDeclaration: false } });
    assert.deepEqual(refs.map((l) => [l.range.start.line, l.range.start.character]), [[4, 9], [6, 6], [9, 25], [12, 26], [14, 8], [18, 34]]);
  });
});

describe('language server over stdio: settings per folder (workspace/configuration)', () => {
  let client: LspClient;
  const example = path.join(ROOT, 'examples', 'compose.yaml');

  before(async () => {
    client = await LspClient.start({ configuration: () => ({ rules: { 'localhost-peer': 'off', 'default-bridge-dns': 'warning' }, diagnosticsDelay: 0 }) });
  });
  after(() => client.stop());

  it('turns a rule off and changes another one’s severity', async () => {
    client.open(example);
    const d = await client.waitForDiagnostics(example, (x) => x.length > 0, 'the example is checked');
    assert.deepEqual(d.map((x) => [x.code, x.severity]), [['default-bridge-dns', 2]]);
  });
});

describe('language server over stdio: profiles and extra Compose files from the settings', () => {
  const made: string[] = [];
  let client: LspClient | undefined;
  afterEach(() => {
    client?.stop();
    for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('merges `netlens.composeFiles` and enables `netlens.profiles`', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-lsp-'));
    made.push(root);
    const base = path.join(root, 'compose.yaml');
    fs.writeFileSync(base, 'services:\n  api:\n    image: node:20\n    environment:\n      DATABASE_URL: postgres://localhost:5432/app\n');
    // Not a name Compose discovers: only the setting brings it in; and `db` runs only with the `data` profile.
    fs.writeFileSync(path.join(root, 'db.yaml'), 'services:\n  db:\n    image: postgres:16\n    profiles: [data]\n');
    let settings: unknown = { composeFiles: ['db.yaml'], profiles: [] };
    client = await LspClient.start({ configuration: () => settings });
    client.open(base);
    await client.waitForDiagnostics(base, (d) => d.length === 0, 'db is not started without its profile');
    settings = { composeFiles: ['db.yaml'], profiles: ['data'], diagnosticsDelay: 0 };
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const d = await client.waitForDiagnostics(base, (x) => x.length === 1, 'db runs with the profile enabled');
    assert.deepEqual(d.map(at), ['localhost-peer@4:31-4:40']);
    settings = { composeFiles: [], profiles: ['data'], diagnosticsDelay: 0 };
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(base, (x) => x.length === 0, 'without the extra file there is no db');
  });
});

describe('language server over stdio: code lenses follow other files', () => {
  let client: LspClient | undefined;
  after(() => client?.stop());

  it('asks a client that supports it to refresh code lenses after a re-check', async () => {
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 }, workspace: { codeLens: { refreshSupport: true } } });
    const c = client;
    const asked = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no workspace/codeLens/refresh within 15 s')), 15000);
      c.connection.onRequest('workspace/codeLens/refresh', () => {
        clearTimeout(timer);
        resolve();
        return null;
      });
    });
    c.open(path.join(FIXTURES, 'override', 'compose.yaml'));
    await asked;
  });
});

describe('language server over stdio: hovers on network modes, drivers, aliases and hosts', () => {
  let client: LspClient;
  const file = path.join(FIXTURES, 'hover', 'compose.yaml');
  const doc = { uri: uriOf(file) };
  const hoverAt = async (line: number, character: number) => {
    const h = await client.request<{ contents: { value: string }; range: unknown } | null>('textDocument/hover', { textDocument: doc, position: pos(line, character) });
    assert.ok(h, `a hover at ${line}:${character}`);
    return h;
  };

  before(async () => {
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
    client.open(file);
  });
  after(() => client.stop());

  it('network_mode: host — ports ignored, other services not reachable by name (fact 3)', async () => {
    const h = await hoverAt(4, 20);
    assert.deepEqual(h.range, range(4, 18, 4, 22));
    assert.equal(h.contents.value, "**network_mode: host** — `proxy` uses the host's network stack: it listens directly on the host. Its `ports` (`80`) are ignored.\nService names do not resolve here (`app`, `metrics`, `cli`, `offline` are not reachable by name); use ports they publish on `localhost`.");
    assert.equal((await hoverAt(6, 10)).contents.value, 'host 0.0.0.0:80 → container 80/tcp\nIgnored: `proxy` uses `network_mode: host` and listens on the host directly.');
    assert.equal((await hoverAt(8, 26)).contents.value, '`app` names service `app`, but it does not resolve from `proxy`: `proxy` runs on the host network, where service names do not resolve.\nRole: **dial** — the service connects here: `BACKEND_URL` names something the service connects to ("backend").');
  });

  it('network_mode: service:X — the shared namespace, and X itself when the cursor is on its name (fact 2)', async () => {
    assert.equal((await hoverAt(21, 20)).contents.value, "**network_mode: service:app** — `metrics` runs in `app`'s network namespace: same IP, same ports, and `localhost` here is `app`.\nIt is reached by `app`'s names, on `lan`, `private`; its own `networks` and `ports` must not be set.");
    const app = ['**service `app`** · `python:3.12`', '', '- on `lan` as `app`, `api`', '- on `private` as `app`', '- shares its network namespace with `metrics` (`localhost` is the same there)', '- listens on `8000`', '- reached by no other service'].join('\n');
    assert.equal((await hoverAt(21, 28)).contents.value, app);
    assert.equal((await hoverAt(25, 9)).contents.value, app);
    assert.equal((await hoverAt(9, 3)).contents.value, app);
  });

  it('an alias on a network the caller is not on does not resolve (fact 8); outside names go to the host resolvers (fact 10)', async () => {
    assert.equal((await hoverAt(27, 21)).contents.value, '`api` names service `app`, but it does not resolve from `cli`: `cli` and `app` share no network.\nRole: **dial** — the service connects here: `TARGET` holds an address and `api` names service `app`, a name only containers resolve.');
    assert.equal((await hoverAt(13, 28)).contents.value, "`search.internal` is not a name of this project; the engine's DNS forwards it to the host's resolvers.\nRole: **dial** (likely) — the service connects here: `SEARCH_URL` holds an address, probably one the service connects to.");
  });

  it('a service only on internal networks: no route out, and its ports are not published (facts 10 and 16)', async () => {
    assert.equal((await hoverAt(35, 24)).contents.value, '`news.example.com` is not a name of this project, and every network of `offline` is `internal`: there is no route out.\nRole: **dial** (likely) — the service connects here: `NEWS_URL` holds an address, probably one the service connects to.');
    assert.equal((await hoverAt(33, 10)).contents.value, 'host 0.0.0.0:9000 → container 9000/tcp\nNot published: `offline` is only on `internal` networks. From other services use `offline:9000`.');
  });

  it('an alias: on which network it answers, and for whom (facts 7 and 8)', async () => {
    const h = await hoverAt(17, 13);
    assert.deepEqual(h.range, range(17, 12, 17, 15));
    assert.equal(h.contents.value, '**alias `api`** — `app` answers to it on `lan` only; from other networks the name does not resolve.');
  });

  it('drivers and network flags (facts 16 and 20)', async () => {
    assert.equal((await hoverAt(41, 13)).contents.value, "**driver: macvlan** — each container gets its own MAC and an address on the parent interface's LAN (`driver_opts.parent`); the host itself cannot reach them through that interface.\nOn `lan`: `app`.");
    assert.equal((await hoverAt(40, 3)).contents.value, '**network `lan`** (`lab_lan`) · driver `macvlan`\n\n- subnet `192.168.50.0/24`\n- services: `app`\n- DNS names: `app`, `api`');
    assert.equal((await hoverAt(45, 3)).contents.value, '**network `private`** (`lab_private`) · driver `bridge` · internal (no way out)\n\n- services: `app`, `cli`, `offline`\n- DNS names: `app`, `cli`, `offline`');
  });

  it('code lenses name the network of a shared namespace and the host network', async () => {
    const lenses = await client.request<Array<{ range: { start: { line: number } }; command: { title: string } }>>('textDocument/codeLens', { textDocument: doc });
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command.title]), [
      [2, 'on: host network · reached by: nobody'],
      [9, 'on: lan, private · reached by: nobody'],
      [19, 'on: network of app · reached by: nobody'],
      [22, 'on: private · reached by: nobody'],
      [30, 'on: private · reached by: nobody'],
    ]);
  });
});

describe('language server over stdio: the Dockerfile of a build', () => {
  let client: LspClient;
  let root: string;

  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-lsp-'));
    client = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0 } });
  });
  afterEach(() => {
    client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('is read from disk and followed through didChangeWatchedFiles, new or changed', async () => {
    const compose = path.join(root, 'compose.yaml');
    const dockerfile = path.join(root, 'api', 'Dockerfile');
    fs.writeFileSync(compose, 'services:\n  web:\n    image: web\n    environment:\n      API_URL: http://api:8000\n  api:\n    build: ./api\n');
    client.open(compose);
    await client.waitForDiagnostics(compose, (d) => d.length === 0, 'nothing is known of api without its Dockerfile');
    // A new Dockerfile: the analyses that looked for it and found nothing are dropped.
    fs.mkdirSync(path.dirname(dockerfile));
    fs.writeFileSync(dockerfile, 'FROM node:20\nEXPOSE 3000\n');
    client.filesChanged([dockerfile]);
    const found = await client.waitForDiagnostics(compose, (d) => d.length === 1, 'api exposes 3000 only');
    assert.deepEqual(found.map(at), ['unknown-peer-port@4:26-4:30']);
    fs.writeFileSync(dockerfile, 'FROM node:20\nEXPOSE 8000\n');
    client.filesChanged([dockerfile]);
    await client.waitForDiagnostics(compose, (d) => d.length === 0, 'api exposes 8000 once its Dockerfile says so');
  });
});
