// The panel's Probe all through the spawned language server on the real engine: the bundled example runs as the
// file says (busybox standing in for each image, listening where the model says), `netlens/probeAll` sends a
// progress notification per probe and answers every outcome agreeing with the static verdict; cancelling the
// request starts no further probe. Objects are named `netlens-panel7-*` and removed by name; the run's result is
// written to test-output/ (test/fixtures/probe-all/example.json is one such run, for the page test).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import { loadProject } from '../../server/src/compose/project';
import { buildNetworkModel } from '../../server/src/network/model';
import { DEFAULT_BRIDGE, type NetworkModel } from '../../server/src/network/types';
import type { ProbeAllProgress, ProbeAllResult } from '../../server/src/protocol';
import { outputPath } from '../helpers/browser';
import { IMAGE, LOOPBACK_DNS, requireEngine, waitFor } from '../helpers/engine';
import { LspClient, uriOf } from '../helpers/lspClient';

const ROOT = path.resolve(__dirname, '../../..');
const PROJECT = 'netlens-panel7';
const LABEL = { 'netlens.test': 'panel7' };

async function removeMine(docker: Dockerode, model: NetworkModel): Promise<void> {
  for (const s of model.services.keys()) await docker.getContainer(`${PROJECT}-${s}-1`).remove({ force: true }).catch(() => undefined);
  const nets = [...model.networks.values()].filter((n) => n.key !== DEFAULT_BRIDGE).map((n) => n.name);
  await waitFor('the panel7 networks to be removed', 30_000, async () => {
    let left = 0;
    for (const name of nets) {
      await docker.getNetwork(name).remove().catch(() => undefined);
      if (await docker.getNetwork(name).inspect().then(() => true, () => false)) left++;
    }
    return left === 0 ? true : undefined;
  }, 500);
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))]);
}

describe('panel: probe all through the language server (real engine)', function () {
  this.timeout(240_000);
  let docker: Dockerode;
  let dir: string;
  let file: string;
  let model: NetworkModel;
  let client: LspClient;
  const progress: ProbeAllProgress[] = [];

  before(async () => {
    const conn = await requireEngine();
    docker = conn.docker;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-panel7-'));
    const text = fs.readFileSync(path.join(ROOT, 'examples/compose.yaml'), 'utf8');
    assert.match(text, /^name: shop$/m);
    file = path.join(dir, 'compose.yaml');
    fs.writeFileSync(file, text.replace(/^name: shop$/m, `name: ${PROJECT}`));
    model = buildNetworkModel(loadProject({ dir, env: {} }));
    await removeMine(docker, model);
    for (const net of model.networks.values()) {
      if (net.key === DEFAULT_BRIDGE || net.members.length === 0) continue;
      await docker.createNetwork({ Name: net.name, Driver: 'bridge', CheckDuplicate: true, Labels: { ...LABEL, 'com.docker.compose.project': PROJECT, 'com.docker.compose.network': net.key } });
    }
    for (const svc of model.services.values()) {
      const ports = [...svc.listens.keys()];
      const script = ports.length ? `${ports.map((p) => `nc -ll -p ${p} -e cat &`).join(' ')} wait` : 'sleep 600';
      const attachments = svc.attachments.filter((a) => a.network !== DEFAULT_BRIDGE);
      const onBridge = attachments.length === 0;
      const first = attachments[0] ? model.networks.get(attachments[0].network)!.name : 'bridge';
      const c = await docker.createContainer({
        Image: IMAGE,
        name: `${PROJECT}-${svc.name}-1`,
        Labels: { ...LABEL, 'com.docker.compose.project': PROJECT, 'com.docker.compose.service': svc.name, 'com.docker.compose.container-number': '1', 'com.docker.compose.oneoff': 'False' },
        Cmd: ['sh', '-c', script],
        HostConfig: { NetworkMode: onBridge ? 'bridge' : first, Dns: LOOPBACK_DNS },
        NetworkingConfig: onBridge ? undefined : { EndpointsConfig: { [first]: { Aliases: [svc.name] } } },
      });
      for (const a of attachments.slice(1)) await docker.getNetwork(model.networks.get(a.network)!.name).connect({ Container: c.id, EndpointConfig: { Aliases: [svc.name] } });
      await c.start();
    }
    client = await LspClient.start({ rootPath: dir, initializationOptions: { workspaceTrusted: true } });
    client.connection.onNotification('netlens/probeAll/progress', (p: ProbeAllProgress) => {
      progress.push(p);
    });
    client.open(file);
  });

  after(async () => {
    client?.stop();
    if (docker && model) await removeMine(docker, model);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every probe agrees with the analysis; a progress notification per probe carries its outcome', async () => {
    progress.length = 0;
    const result = await within(client.connection.sendRequest<ProbeAllResult>('netlens/probeAll', { uri: uriOf(file), token: 'run-1', trusted: true }), 180_000, 'probeAll');
    assert.equal(result.cancelled, false);
    const lines = result.outcomes.map((o) => `${o.verdict} ${o.from}→${o.host}${o.port === null ? '' : `:${o.port}`} (${o.to ?? '-'}) static ${o.expected}, probe ${o.observed}: ${o.seen}`);
    assert.equal(result.outcomes.length, 10, lines.join('\n'));
    for (const line of lines) assert.match(line, /^agrees /, lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('agrees api→db:5432 (db) static works, probe works')), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('agrees worker→cache:6379 (cache) static fails, probe fails')), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('agrees api→localhost:5432 (db) static fails') || l.startsWith('agrees api→localhost:5432 (api) static fails')), lines.join('\n'));
    assert.match(result.summary, /^Probes: 10 run, 10 agree, 0 disagree, 0 inconclusive/);
    const mine = progress.filter((p) => p.token === 'run-1');
    assert.deepEqual(mine.map((p) => p.done), [0, ...result.outcomes.map((_, i) => i + 1)]);
    assert.ok(mine.every((p) => p.total === 10));
    assert.deepEqual(mine.filter((p) => p.outcome).map((p) => `${p.outcome!.from}→${p.outcome!.host}:${p.outcome!.port}`).sort(), result.outcomes.map((o) => `${o.from}→${o.host}:${o.port}`).sort());
    fs.writeFileSync(outputPath('probe-all-example.json'), JSON.stringify({ outcomes: result.outcomes, summary: result.summary }, null, 2) + '\n');
  });

  it('cancelled as it starts: only the probes already running finish', async () => {
    progress.length = 0;
    const source = new CancellationTokenSource();
    const first = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (progress.some((p) => p.token === 'run-2')) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    const request = client.connection.sendRequest<ProbeAllResult>('netlens/probeAll', { uri: uriOf(file), token: 'run-2', trusted: true }, source.token);
    await within(first, 60_000, 'the first progress');
    source.cancel();
    const answer = await within(request.then((r) => r, (err: Error) => err), 60_000, 'the cancelled run');
    // Let any probe already running finish and report.
    await new Promise((r) => setTimeout(r, 3000));
    const outcomes = progress.filter((p) => p.token === 'run-2' && p.outcome);
    // Four run at once: those started before the cancel arrived finish, no more.
    assert.ok(outcomes.length < 10, `${outcomes.length} probes ran after a cancel`);
    if (!(answer instanceof Error)) assert.equal(answer.cancelled, true);
  });
});
