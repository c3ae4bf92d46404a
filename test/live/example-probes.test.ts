// Probes agree with the static rules on the bundled example (issue: "proof instead of prediction").
// The example runs on the real engine as the file says (its networks, its default-bridge worker),
// with the local busybox image standing in for each image and listening where the model says the
// service listens. Then every reference with a port is probed from its caller's container, and the
// verdict must be the static one: no finding ⇒ the name resolves and the port is open; a finding ⇒
// it does not work (fact 6: no DNS on the default bridge; fact 1: localhost is the container itself).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { loadProject } from '../../server/src/compose/project';
import type { EngineConnection } from '../../server/src/live/connection';
import { probe } from '../../server/src/live/probe';
import { DEFAULT_BRIDGE } from '../../server/src/network/types';
import { analyse, type Analysis } from '../../server/src/analysis';
import { topologyFromAnalysis } from '../../server/src/topology/fromModel';
import { IMAGE, removeTestObjects, requireEngine, TEST_LABEL } from '../helpers/engine';

const ROOT = path.resolve(__dirname, '../../..');
const PROJECT = 'netlens-test-example';

describe('live probes agree with the static rules on the bundled example (real engine)', function () {
  this.timeout(180_000);
  let conn: EngineConnection;
  let docker: Dockerode;
  let dir: string;
  let analysis: Analysis;

  before(async () => {
    conn = await requireEngine();
    docker = conn.docker;
    await removeTestObjects(docker);
    // The example as it is, under a test project name (so every object carries the test prefix).
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-example-'));
    const text = fs.readFileSync(path.join(ROOT, 'examples/compose.yaml'), 'utf8');
    assert.match(text, /^name: shop$/m);
    fs.writeFileSync(path.join(dir, 'compose.yaml'), text.replace(/^name: shop$/m, `name: ${PROJECT}`));
    analysis = analyse(loadProject({ dir, env: {} }));
    const model = analysis.model;
    for (const net of model.networks.values()) {
      if (net.key === DEFAULT_BRIDGE || net.members.length === 0) continue;
      await docker.createNetwork({ Name: net.name, Driver: 'bridge', CheckDuplicate: true, Labels: { ...TEST_LABEL, 'com.docker.compose.project': PROJECT, 'com.docker.compose.network': net.key } });
    }
    for (const svc of model.services.values()) {
      assert.ok(svc.networkMode.kind === 'networks' || svc.networkMode.kind === 'bridge', `${svc.name}: the example uses networks or the default bridge only`);
      // busybox's nc serves each port the model says the service listens on, and nothing else.
      const ports = [...svc.listens.keys()];
      const script = ports.length ? `${ports.map((p) => `nc -ll -p ${p} -e cat &`).join(' ')} wait` : 'sleep 600';
      const attachments = svc.attachments.filter((a) => a.network !== DEFAULT_BRIDGE);
      const onBridge = svc.networkMode.kind === 'bridge' || attachments.length === 0;
      const first = attachments[0] ? model.networks.get(attachments[0].network)!.name : 'bridge';
      const c = await docker.createContainer({
        Image: IMAGE,
        name: `${PROJECT}-${svc.name}-1`,
        Labels: { ...TEST_LABEL, 'com.docker.compose.project': PROJECT, 'com.docker.compose.service': svc.name, 'com.docker.compose.container-number': '1', 'com.docker.compose.oneoff': 'False' },
        Cmd: ['sh', '-c', script],
        HostConfig: { NetworkMode: onBridge ? 'bridge' : first },
        NetworkingConfig: onBridge ? undefined : { EndpointsConfig: { [first]: { Aliases: [svc.name] } } },
      });
      for (const a of attachments.slice(1)) await docker.getNetwork(model.networks.get(a.network)!.name).connect({ Container: c.id, EndpointConfig: { Aliases: [svc.name] } });
      await c.start();
    }
  });

  after(async () => {
    if (docker) await removeTestObjects(docker);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('each reference with a port: the probe’s verdict is the static one (facts 1, 6, 7)', async () => {
    const doc = topologyFromAnalysis(analysis);
    const errors = new Set(analysis.findings.filter((f) => f.severity === 'error').map((f) => f.rule));
    // A loopback URL without a finding is meant for the user's browser (NEXT_PUBLIC_...): no claim about containers.
    const claims = doc.references.filter((r) => r.kind !== 'dependency' && r.port !== null && !(r.resolution === 'loopback' && r.findings.length === 0));
    assert.deepEqual(claims.map((r) => `${r.from}→${r.name}:${r.port} ${r.findings.join(',') || 'ok'}`).sort(), ['api→cache:6379 ok', 'api→localhost:5432 localhost-peer', 'worker→cache:6379 default-bridge-dns']);
    const verdicts: string[] = [];
    for (const r of claims) {
      const staticOk = !r.findings.some((id) => errors.has(id));
      const result = await probe(conn, { from: `${PROJECT}-${r.from}-1`, host: r.name, port: r.port!, timeoutMs: 8000 });
      const probeOk = result.resolution.status === 'resolved' && result.tcp?.status === 'open';
      verdicts.push(`${r.from}→${r.name}:${r.port} static ${staticOk ? 'works' : 'fails'}, probe ${probeOk ? 'works' : 'fails'}: ${result.summary}`);
      assert.equal(probeOk, staticOk, verdicts.at(-1));
      if (r.resolution === 'unreachable') assert.equal(result.resolution.status, 'not-found', `the name itself does not resolve: ${result.summary}`);
    }
    // The peer localhost-peer names is where the connection works: its fix points the right way.
    const intended = claims.find((r) => r.findings.includes('localhost-peer'))!.intended!;
    const fixed = await probe(conn, { from: `${PROJECT}-api-1`, host: intended, port: 5432, timeoutMs: 8000 });
    assert.equal(fixed.tcp?.status, 'open', fixed.summary);
  });
});
