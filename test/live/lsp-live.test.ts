// Live mode through the language server, against the real engine: the BUILT server spawned over
// stdio, real JSON-RPC. The test makes its own netlens-test-lsp-* network and containers from the
// local busybox image and removes them by name at the end, even on failure.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { LiveStatus, ProbeResult } from '../../server/src/protocol';
import type { TopologyDocument } from '../../server/src/topology/types';
import { IMAGE, LOOPBACK_DNS, requireEngine, TEST_LABEL, waitFor } from '../helpers/engine';
import { LspClient, uriOf } from '../helpers/lspClient';

const PROJECT = 'netlens-test-lsp';
const FRONT = 'netlens-test-lsp-front';
const MISSING = 'netlens-test-lsp-missing';
const OTHER = 'netlens-test-lsp-other';
const CONTAINERS = [`${PROJECT}-web-1`, `${PROJECT}-db-1`, `${PROJECT}-late-1`, `${OTHER}-api-1`];

const COMPOSE = `name: ${PROJECT}
services:
  web:
    image: ${IMAGE}
    networks: [front]
  db:
    image: ${IMAGE}
    networks: [front, outside]
  late:
    image: ${IMAGE}
    networks: [front]
networks:
  front:
    name: ${FRONT}
  outside:
    name: ${MISSING}
    external: true
`;

function composeLabels(service: string): Record<string, string> {
  return { ...TEST_LABEL, 'com.docker.compose.project': PROJECT, 'com.docker.compose.service': service, 'com.docker.compose.container-number': '1', 'com.docker.compose.oneoff': 'False' };
}

async function runContainer(docker: Dockerode, service: string, cmd: string[]): Promise<void> {
  const c = await docker.createContainer({
    Image: IMAGE,
    name: `${PROJECT}-${service}-1`,
    Labels: composeLabels(service),
    Cmd: cmd,
    HostConfig: { NetworkMode: FRONT, Dns: LOOPBACK_DNS },
    NetworkingConfig: { EndpointsConfig: { [FRONT]: { Aliases: [service] } } },
  });
  await c.start();
}

/** Removes this file's containers and network by name (whether or not they exist). */
async function cleanUp(docker: Dockerode): Promise<void> {
  for (const name of CONTAINERS) await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
  await waitFor(`network ${FRONT} removed`, 30_000, async () => {
    await docker.getNetwork(FRONT).remove().catch(() => undefined);
    return (await docker.listNetworks({ filters: { name: [FRONT] } })).some((n) => n.Name === FRONT) ? undefined : true;
  }, 500);
}

function ipOn(doc: TopologyDocument, service: string, network: string): string | null | undefined {
  return doc.services.find((s) => s.name === service)?.networks.find((n) => n.network === network)?.ipv4;
}

describe('live mode through the language server (real engine)', function () {
  this.timeout(120_000);
  let docker: Dockerode;
  let dir: string;
  let file: string;
  let uri: string;
  let lsp: LspClient;
  const changed: Array<{ folder: string }> = [];
  const statuses: LiveStatus[] = [];

  before(async () => {
    docker = (await requireEngine()).docker;
    await cleanUp(docker);
    await docker.createNetwork({ Name: FRONT, Driver: 'bridge', CheckDuplicate: true, Labels: { ...TEST_LABEL, 'com.docker.compose.project': PROJECT, 'com.docker.compose.network': 'front' } });
    await runContainer(docker, 'web', ['nc', '-ll', '-p', '8080', '-e', 'cat']);
    await runContainer(docker, 'db', ['sleep', '600']);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-lsp-live-'));
    file = path.join(dir, 'compose.yaml');
    fs.writeFileSync(file, COMPOSE);
    lsp = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0, workspaceTrusted: true } });
    lsp.connection.onNotification('netlens/live/changed', (p: { folder: string }) => void changed.push(p));
    lsp.connection.onNotification('netlens/live/status', (p: LiveStatus) => void statuses.push(p));
    uri = lsp.open(file);
  });

  after(async () => {
    lsp?.stop();
    if (docker) await cleanUp(docker);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('netlens/topology with source live answers with the real container IPs of the file’s project', async () => {
    const doc = await lsp.request<TopologyDocument>('netlens/topology', { uri, source: 'live' }, 30_000);
    assert.equal(doc.source, 'live');
    assert.equal(doc.project, PROJECT);
    const inspected = (await docker.getContainer(`${PROJECT}-web-1`).inspect()).NetworkSettings.Networks[FRONT].IPAddress;
    assert.match(inspected, /^\d+\.\d+\.\d+\.\d+$/);
    assert.equal(ipOn(doc, 'web', FRONT), inspected);
    assert.equal(ipOn(doc, 'db', FRONT), (await docker.getContainer(`${PROJECT}-db-1`).inspect()).NetworkSettings.Networks[FRONT].IPAddress);
    assert.ok(doc.containers?.every((c) => c.project === PROJECT), 'only this project');
    const fileDoc = await lsp.request<TopologyDocument>('netlens/topology', { uri, source: 'file' });
    assert.equal(fileDoc.source, 'file');
  });

  it('scope all answers with every project on the engine; the default stays with the file’s project', async () => {
    const c = await docker.createContainer({ Image: IMAGE, name: `${OTHER}-api-1`, Labels: { ...TEST_LABEL, 'com.docker.compose.project': OTHER, 'com.docker.compose.service': 'api' }, Cmd: ['sleep', '600'], HostConfig: { NetworkMode: FRONT } });
    await c.start();
    const all = await lsp.request<TopologyDocument>('netlens/topology', { uri, source: 'live', scope: 'all' }, 30_000);
    assert.equal(all.project, '', 'the whole engine has no one project');
    assert.ok(all.projects?.includes(PROJECT) && all.projects.includes(OTHER), JSON.stringify(all.projects));
    assert.ok(all.containers?.some((x) => x.name === `${OTHER}-api-1`) && all.containers.some((x) => x.name === `${PROJECT}-web-1`));
    const mine = await lsp.request<TopologyDocument>('netlens/topology', { uri, source: 'live', scope: 'project' }, 30_000);
    assert.ok(mine.containers?.every((x) => x.project === PROJECT) && !mine.containers.some((x) => x.name === `${OTHER}-api-1`));
    await assert.rejects(lsp.request('netlens/topology', { uri, source: 'live', scope: 'engine' }), /scope is "project" or "all"/);
    await docker.getContainer(`${OTHER}-api-1`).remove({ force: true });
  });

  it('live on: status says connected with the engine version, drift diagnostics appear (own ids, source netlens)', async () => {
    const before = await lsp.waitForDiagnostics(file, () => true, 'the static check ran');
    assert.ok(!before.some((d) => d.code === 'external-network-missing'), 'no drift before live mode');
    await lsp.request('netlens/live/start', { uri });
    const connected = await waitFor('a connected status', 30_000, () => statuses.find((s) => s.state === 'connected'));
    assert.equal(connected.folder, dir);
    assert.ok(connected.version && connected.engine, JSON.stringify(connected));
    const diags = await lsp.waitForDiagnostics(file, (d) => d.some((x) => x.code === 'external-network-missing'), 'external-network-missing is shown', 30_000);
    const drift = diags.find((d) => d.code === 'external-network-missing') as Diagnostic;
    assert.equal(drift.source, 'netlens');
    assert.match(String(drift.message), new RegExp(MISSING));
    // `late` is in the file and not running: its own drift id.
    assert.ok(diags.some((d) => d.code === 'service-not-running' && /late/.test(String(d.message))), JSON.stringify(diags.map((d) => d.code)));
  });

  it('starting a container sends netlens/live/changed, and the live document then has it', async () => {
    changed.length = 0;
    await runContainer(docker, 'late', ['sleep', '600']);
    await waitFor('netlens/live/changed', 30_000, () => changed.find((c) => c.folder === dir));
    const ip = (await docker.getContainer(`${PROJECT}-late-1`).inspect()).NetworkSettings.Networks[FRONT].IPAddress;
    const doc = await waitFor('the live document with late', 30_000, async () => {
      const d = await lsp.request<TopologyDocument>('netlens/topology', { uri, source: 'live' }, 30_000);
      return ipOn(d, 'late', FRONT) ? d : undefined;
    });
    assert.equal(ipOn(doc, 'late', FRONT), ip);
    // The drift follows: late runs now.
    await lsp.waitForDiagnostics(file, (d) => !d.some((x) => x.code === 'service-not-running'), 'service-not-running is gone', 30_000);
  });

  it('a probe from a user-defined network resolves the peer and connects (fact 7)', async () => {
    const r = await lsp.request<ProbeResult>('netlens/probe', { uri, from: 'db', to: 'web', port: 8080 }, 60_000);
    const webIp = (await docker.getContainer(`${PROJECT}-web-1`).inspect()).NetworkSettings.Networks[FRONT].IPAddress;
    assert.equal(r.resolution.status, 'resolved', r.summary);
    assert.ok(r.resolution.addresses.includes(webIp), r.summary);
    assert.equal(r.tcp?.status, 'open', r.summary);
    const closed = await lsp.request<ProbeResult>('netlens/probe', { uri, from: 'db', to: 'web', port: 8081 }, 60_000);
    assert.equal(closed.tcp?.status, 'closed', closed.summary);
  });

  it('a probe is refused when the client says the workspace is not trusted', async () => {
    await assert.rejects(lsp.request('netlens/probe', { uri, from: 'db', to: 'web', port: 8080, trusted: false }, 15_000), /trusted workspace/);
  });

  it('live off: the drift diagnostics go, the status says stopped', async () => {
    await lsp.request('netlens/live/start', { uri }); // again: still one watch
    await lsp.waitForDiagnostics(file, (d) => d.some((x) => x.code === 'external-network-missing'), 'drift shown', 30_000);
    await lsp.request('netlens/live/stop', { uri });
    const after = await lsp.waitForDiagnostics(file, (d) => !d.some((x) => x.code === 'external-network-missing'), 'drift cleared', 30_000);
    assert.ok(after.every((d) => d.source === 'netlens'));
    assert.ok(statuses.some((s) => s.state === 'stopped' && s.folder === dir));
  });
});

describe('live requests that cannot reach an engine or are not allowed (no engine needed)', () => {
  it('netlens.docker.host picks the engine: a missing socket is explained in words, in the answer and in the status', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-lsp-nohost-'));
    const file = path.join(dir, 'compose.yaml');
    fs.writeFileSync(file, COMPOSE);
    const socket = path.join(dir, 'no-engine.sock');
    const lsp = await LspClient.start({ configuration: () => ({ docker: { host: `unix://${socket}` } }) });
    const statuses: LiveStatus[] = [];
    lsp.connection.onNotification('netlens/live/status', (p: LiveStatus) => void statuses.push(p));
    try {
      const uri = lsp.open(file);
      await assert.rejects(lsp.request('netlens/topology', { uri, source: 'live' }), (err: Error) => err.message.includes(socket) && /does not exist/.test(err.message));
      await lsp.request('netlens/live/start', { uri });
      const down = await waitFor('a reconnecting status', 15_000, () => statuses.find((s) => s.state === 'reconnecting'));
      assert.match(down.message, /does not exist/);
      assert.ok(down.message.includes(socket), down.message);
      await lsp.request('netlens/live/stop', { uri });
      await waitFor('a stopped status', 15_000, () => statuses.find((s) => s.state === 'stopped'));
    } finally {
      lsp.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });


  it('refuses when initialize did not say trusted and the request says nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-lsp-untrusted-'));
    const file = path.join(dir, 'compose.yaml');
    fs.writeFileSync(file, COMPOSE);
    const lsp = await LspClient.start();
    try {
      await assert.rejects(lsp.request('netlens/probe', { uri: uriOf(file), from: 'db', to: 'web', port: 8080 }), /only run in a trusted workspace/);
      await assert.rejects(lsp.request('netlens/probe', { uri: uriOf(file), from: 'db', to: 'web', port: 70000, trusted: true }), /takes \{ uri, from, to/);
    } finally {
      lsp.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
