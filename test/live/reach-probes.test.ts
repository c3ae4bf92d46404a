// Probe all on the bundled example running on the real engine: every pair of services probed (those the
// reachability says work and those it says fail by name) and every dialled address agrees with the static
// verdict; `netlens check --live --probe` reports the same with a summary and no disagreement.
// The example runs as the file says (its networks, its default-bridge worker), the local busybox image
// standing in for each image and listening where the model says the service listens; no port is published
// (the engine is shared). Objects are named `netlens-reach-*` and removed by name.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { loadProject } from '../../server/src/compose/project';
import type { EngineConnection } from '../../server/src/live/connection';
import { planProbes, runProbes } from '../../server/src/live/probeAll';
import { readEngine } from '../../server/src/live/read';
import { topologyFromEngine } from '../../server/src/live/snapshot';
import { buildNetworkModel } from '../../server/src/network/model';
import { reachability } from '../../server/src/network/reachability';
import { DEFAULT_BRIDGE, type NetworkModel } from '../../server/src/network/types';
import { IMAGE, LOOPBACK_DNS, requireEngine, waitFor } from '../helpers/engine';

const ROOT = path.resolve(__dirname, '../../..');
const PROJECT = 'netlens-reach';
const LABEL = { 'netlens.test': 'reach' };

async function removeMine(docker: Dockerode, model: NetworkModel | undefined): Promise<void> {
  const names = model ? [...model.services.keys()].map((s) => `${PROJECT}-${s}-1`) : [];
  for (const name of names) await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
  const nets = model ? [...model.networks.values()].filter((n) => n.key !== DEFAULT_BRIDGE).map((n) => n.name) : [];
  await waitFor('the reach networks to be removed', 30_000, async () => {
    let left = 0;
    for (const name of nets) {
      await docker.getNetwork(name).remove().catch(() => undefined);
      if (await docker.getNetwork(name).inspect().then(() => true, () => false)) left++;
    }
    return left === 0 ? true : undefined;
  }, 500);
}

describe('probe all agrees with the reachability on the bundled example (real engine)', function () {
  this.timeout(240_000);
  let conn: EngineConnection;
  let docker: Dockerode;
  let dir: string;
  let model: NetworkModel;

  before(async () => {
    conn = await requireEngine();
    docker = conn.docker;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-reach-'));
    const text = fs.readFileSync(path.join(ROOT, 'examples/compose.yaml'), 'utf8');
    assert.match(text, /^name: shop$/m);
    fs.writeFileSync(path.join(dir, 'compose.yaml'), text.replace(/^name: shop$/m, `name: ${PROJECT}`));
    model = buildNetworkModel(loadProject({ dir, env: {} }));
    await removeMine(docker, model);
    for (const net of model.networks.values()) {
      if (net.key === DEFAULT_BRIDGE || net.members.length === 0) continue;
      await docker.createNetwork({ Name: net.name, Driver: 'bridge', CheckDuplicate: true, Labels: { ...LABEL, 'com.docker.compose.project': PROJECT, 'com.docker.compose.network': net.key } });
    }
    for (const svc of model.services.values()) {
      assert.ok(svc.networkMode.kind === 'networks' || svc.networkMode.kind === 'bridge', `${svc.name}: the example uses networks or the default bridge only`);
      // busybox's nc serves each port the model says the service listens on, and nothing else.
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
        // Names the engine does not know are asked of the container's own loopback: no query leaves the machine.
        HostConfig: { NetworkMode: onBridge ? 'bridge' : first, Dns: LOOPBACK_DNS },
        NetworkingConfig: onBridge ? undefined : { EndpointsConfig: { [first]: { Aliases: [svc.name] } } },
      });
      for (const a of attachments.slice(1)) await docker.getNetwork(model.networks.get(a.network)!.name).connect({ Container: c.id, EndpointConfig: { Aliases: [svc.name] } });
      await c.start();
    }
  });

  after(async () => {
    if (docker) await removeMine(docker, model);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every pair of services and every dialled address: the probe’s verdict is the static one (facts 1, 6, 7, 8)', async () => {
    const plan = planProbes(model, { pairs: 'all' });
    assert.equal(plan.leftOut, 0);
    const reach = reachability(model);
    const pairs = [...model.services.keys()].flatMap((from) => reach.row(from));
    // Every pair between services is probed (a pair whose probe is also a dialled address's counts once).
    const covered = new Set(plan.probes.filter((p) => p.pair).map((p) => `${p.pair!.from}→${p.pair!.to}`));
    assert.deepEqual([...covered].sort(), pairs.map((p) => `${p.from}→${p.to}`).sort());
    assert.equal(pairs.length, 20);
    const doc = topologyFromEngine(await readEngine(conn, 15_000), { project: PROJECT });
    const outcomes = await runProbes(conn, doc, PROJECT, plan, { timeoutMs: 8000 });
    const lines = outcomes.map((o) => `${o.verdict} ${o.probe.from}→${o.probe.host}${o.probe.port ? `:${o.probe.port}` : ''} static ${o.probe.expected}, probe ${o.observed}: ${o.seen}`);
    for (const line of lines) assert.match(line, /^agrees /, lines.join('\n'));
    // The two the issue names, among them.
    assert.ok(lines.some((l) => l.startsWith('agrees api→db:5432 static works, probe works')), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('agrees worker→cache:6379 static fails, probe fails')), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('agrees api→localhost:5432 static fails, probe fails')), lines.join('\n'));
  });

  it('netlens check --live --probe: a line per probe, a summary, no disagreement', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'netlens.js'), 'check', '--live', '--probe', '--format', 'json', dir], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', DOCKER_HOST: process.env.DOCKER_HOST ?? '' }, timeout: 180_000 });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    const findings = JSON.parse(r.stdout).findings as Array<{ rule: string; message: string }>;
    assert.deepEqual(findings.filter((f) => f.rule === 'probe-disagrees').map((f) => f.message), []);
    const summary = /Probes: (\d+) run, (\d+) agree, (\d+) disagree, (\d+) inconclusive/.exec(r.stderr);
    assert.ok(summary, r.stderr);
    const [, run, agree, disagree, inconclusive] = summary.map(Number);
    // The dialled addresses (api → cache, api → localhost, worker → cache) and the 8 pairs that work, 2 of them the same probe.
    assert.deepEqual({ run, agree, disagree, inconclusive }, { run: 10, agree: 10, disagree: 0, inconclusive: 0 }, r.stderr);
    assert.match(r.stderr, /probe agrees +api → db:5432: statically works, probe works/);
    assert.match(r.stderr, /probe agrees +worker → cache:6379: statically fails, probe fails/);
  });
});
