// Pre-flight through the language server, against the real engine: the BUILT server spawned over stdio,
// real JSON-RPC. A holder container (busybox, named with `preflight`) takes a host port the file
// publishes; the file's external network does not exist. Live on: both diagnostics appear; the "Create
// network" code action, run with workspace/executeCommand, creates the network on the engine with the
// options the file implies, and the diagnostic goes. Untrusted: not offered, and the command is refused.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { IMAGE, requireEngine, TEST_LABEL, waitFor } from '../helpers/engine';
import { LspClient } from '../helpers/lspClient';

const RUN = `netlens-lsp-preflight-${process.pid}`;
const HOLDER = `${RUN}-holder`;
const MISSING = `${RUN}-platform`;
const PORT = 32500 + (process.pid % 400);

const COMPOSE = `name: ${RUN}
services:
  web:
    image: ${IMAGE}
    ports:
      - "${PORT}:80"
    networks:
      platform:
        ipv4_address: 10.231.7.20
networks:
  platform:
    name: ${MISSING}
    external: true
    labels:
      team: preflight
`;

async function cleanUp(docker: Dockerode): Promise<void> {
  await docker.getContainer(HOLDER).remove({ force: true }).catch(() => undefined);
  await waitFor(`network ${MISSING} removed`, 30_000, async () => {
    await docker.getNetwork(MISSING).remove().catch(() => undefined);
    return (await docker.listNetworks({ filters: { name: [MISSING] } })).some((n) => n.Name === MISSING) ? undefined : true;
  }, 500);
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle));
}

describe('pre-flight through the language server (real engine)', function () {
  this.timeout(120_000);
  let docker: Dockerode;
  let dir: string;
  let file: string;
  const servers: LspClient[] = [];

  before(async () => {
    docker = (await requireEngine()).docker;
    await cleanUp(docker);
    const c = await docker.createContainer({ Image: IMAGE, name: HOLDER, Cmd: ['sleep', '600'], Labels: TEST_LABEL, ExposedPorts: { '80/tcp': {} }, HostConfig: { PortBindings: { '80/tcp': [{ HostPort: String(PORT) }] } } });
    await c.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-lsp-preflight-'));
    file = path.join(dir, 'compose.yaml');
    fs.writeFileSync(file, COMPOSE);
  });

  after(async () => {
    for (const s of servers) s.stop();
    if (docker) await cleanUp(docker);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function liveServer(trusted: boolean): Promise<{ lsp: LspClient; uri: string; diags: Diagnostic[] }> {
    const lsp = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0, workspaceTrusted: trusted } });
    servers.push(lsp);
    const uri = lsp.open(file);
    await lsp.request('netlens/live/start', { uri });
    const diags = await lsp.waitForDiagnostics(file, (d) => d.some((x) => x.code === 'external-network-missing') && d.some((x) => x.code === 'host-port-taken'), 'the pre-flight diagnostics', 30_000);
    return { lsp, uri, diags };
  }

  it('shows host-port-taken naming the holder, and Create network makes the network the file implies; the diagnostic goes', async () => {
    const { lsp, uri, diags } = await liveServer(true);
    const port = diags.find((d) => d.code === 'host-port-taken')!;
    assert.equal(port.range.start.line, lineOf(COMPOSE, `"${PORT}:80"`));
    assert.match(String(port.message), new RegExp(`already held by container \`${HOLDER}\` \\(of no Compose project, publishing 0\\.0\\.0\\.0:${PORT}→80/tcp`));
    assert.equal(port.codeDescription?.href.endsWith('/docs/rules/host-port-taken.md'), true);
    const missing = diags.find((d) => d.code === 'external-network-missing')!;
    assert.equal(COMPOSE.split('\n')[missing.range.start.line], '  platform:');

    const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: missing.range, context: { diagnostics: [missing] } });
    const create = actions.find((a) => a.title === `Create network \`${MISSING}\` on the engine`);
    assert.ok(create?.command, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(create.command.title, `docker network create --subnet 10.231.7.0/24 --label team=preflight ${MISSING}`);
    const shown: Array<{ type: number; message: string }> = [];
    lsp.connection.onNotification('window/showMessage', (m: { type: number; message: string }) => void shown.push(m));
    const result = await lsp.request<{ created: string }>('workspace/executeCommand', { command: create.command.command, arguments: create.command.arguments }, 30_000);
    assert.equal(result.created, MISSING);
    await waitFor('the confirmation', 10_000, () => shown.find((m) => m.message.startsWith(`Created the network ${MISSING}`)));
    const made = await docker.getNetwork(MISSING).inspect();
    assert.equal(made.Driver, 'bridge');
    assert.equal(made.IPAM?.Config?.[0]?.Subnet, '10.231.7.0/24');
    assert.equal(made.Labels?.team, 'preflight');
    const after = await lsp.waitForDiagnostics(file, (d) => !d.some((x) => x.code === 'external-network-missing'), 'external-network-missing gone', 30_000);
    assert.ok(after.some((d) => d.code === 'host-port-taken'), 'the port is still held');
    await lsp.request('netlens/live/stop', { uri });
  });

  it('in an untrusted workspace the action is not offered and the command is refused', async () => {
    await cleanUp(docker);
    const c = await docker.createContainer({ Image: IMAGE, name: HOLDER, Cmd: ['sleep', '600'], Labels: TEST_LABEL, ExposedPorts: { '80/tcp': {} }, HostConfig: { PortBindings: { '80/tcp': [{ HostPort: String(PORT) }] } } });
    await c.start();
    const { lsp, uri, diags } = await liveServer(false);
    const missing = diags.find((d) => d.code === 'external-network-missing')!;
    const actions = await lsp.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: missing.range, context: { diagnostics: [missing] } });
    assert.ok(actions.some((a) => a.title === 'Open the documentation of external-network-missing'), 'the other actions are there');
    assert.ok(!actions.some((a) => a.title.startsWith('Create network')), JSON.stringify(actions.map((a) => a.title)));
    await assert.rejects(lsp.request('workspace/executeCommand', { command: 'netlens.createNetwork', arguments: [{ uri, network: 'platform' }] }, 30_000), /trusted workspace/);
    assert.equal((await docker.listNetworks({ filters: { name: [MISSING] } })).filter((n) => n.Name === MISSING).length, 0, 'nothing was created');
  });
});
