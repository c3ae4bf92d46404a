// Live mode against the real engine (started by scripts/docker-engine.sh in `npm test`). The tests
// make their own labelled netlens-test-* networks and containers from the local busybox image and
// remove them by name at the end, even on failure. Traffic stays on the test networks; containers use
// loopback as their outside resolver (fact-doc note: names the engine does not know never leave).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { loadProject } from '../../server/src/compose/project';
import type { EngineConnection } from '../../server/src/live/connection';
import { driftFindings } from '../../server/src/live/drift';
import { liveTopology } from '../../server/src/live/index';
import { containerOfService, probe } from '../../server/src/live/probe';
import { LiveWatcher, type WatchState } from '../../server/src/live/watch';
import { buildNetworkModel } from '../../server/src/network/model';
import type { TopologyDocument } from '../../server/src/topology/types';
import { dockerCli, dockerInspect, IMAGE, LOOPBACK_DNS, removeTestObjects, requireEngine, TEST_LABEL, waitFor } from '../helpers/engine';

const ROOT = path.resolve(__dirname, '../../..');
const PROJECT = 'netlens-test-proj';
const FRONT = 'netlens-test-front';
const INTERNAL = 'netlens-test-internal';

function composeLabels(service: string, number = 1): Record<string, string> {
  return {
    ...TEST_LABEL,
    'com.docker.compose.project': PROJECT,
    'com.docker.compose.service': service,
    'com.docker.compose.container-number': String(number),
    'com.docker.compose.oneoff': 'False',
    'com.docker.compose.project.config_files': '/srv/netlens-test/compose.yaml',
    'com.docker.compose.project.working_dir': '/srv/netlens-test',
  };
}

async function run(docker: Dockerode, opts: Dockerode.ContainerCreateOptions): Promise<Dockerode.Container> {
  const c = await docker.createContainer({ Image: IMAGE, ...opts, HostConfig: { Dns: LOOPBACK_DNS, ...opts.HostConfig } });
  await c.start();
  return c;
}

/** The Compose file that says what the test project should be (and one thing the engine lacks). */
const COMPOSE = `name: ${PROJECT}
services:
  web:
    image: ${IMAGE}
    ports: ["127.0.0.1::8080"]
    networks: [front]
  db:
    image: ${IMAGE}
    networks: [front, internal]
  sidecar:
    image: ${IMAGE}
    network_mode: "service:web"
  legacy:
    image: ${IMAGE}
    network_mode: bridge
    environment:
      WEB_URL: http://web:8080/
networks:
  front:
    name: ${FRONT}
  internal:
    name: ${INTERNAL}
    internal: true
  ghost:
    name: netlens-test-ghost
    external: true
`;

describe('live mode against the real engine', function () {
  this.timeout(120_000);
  let conn: EngineConnection;
  let docker: Dockerode;
  let dir: string;

  before(async () => {
    conn = await requireEngine();
    docker = conn.docker;
    await removeTestObjects(docker);
    const net = (name: string, key: string, internal: boolean) =>
      docker.createNetwork({ Name: name, Driver: 'bridge', Internal: internal, CheckDuplicate: true, Labels: { ...TEST_LABEL, 'com.docker.compose.project': PROJECT, 'com.docker.compose.network': key } });
    await net(FRONT, 'front', false);
    await net(INTERNAL, 'internal', true);
    await run(docker, {
      name: `${PROJECT}-web-1`,
      Labels: composeLabels('web'),
      Cmd: ['nc', '-ll', '-p', '8080', '-e', 'cat'],
      ExposedPorts: { '8080/tcp': {} },
      HostConfig: { NetworkMode: FRONT, PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
      NetworkingConfig: { EndpointsConfig: { [FRONT]: { Aliases: ['web'] } } },
    });
    const db = await run(docker, {
      name: `${PROJECT}-db-1`,
      Labels: composeLabels('db'),
      Cmd: ['nc', '-ll', '-p', '5432', '-e', 'cat'],
      HostConfig: { NetworkMode: FRONT },
      NetworkingConfig: { EndpointsConfig: { [FRONT]: { Aliases: ['db'] } } },
    });
    await docker.getNetwork(INTERNAL).connect({ Container: db.id, EndpointConfig: { Aliases: ['db'] } });
    await run(docker, { name: `${PROJECT}-sidecar-1`, Labels: composeLabels('sidecar'), Cmd: ['sleep', '600'], HostConfig: { NetworkMode: `container:${PROJECT}-web-1`, Dns: [] } });
    await run(docker, { name: `${PROJECT}-legacy-1`, Labels: composeLabels('legacy'), Cmd: ['sleep', '600'], HostConfig: { NetworkMode: 'bridge' } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-live-'));
    fs.writeFileSync(path.join(dir, 'compose.yaml'), COMPOSE);
  });

  after(async () => {
    if (docker) await removeTestObjects(docker);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function read(project?: string): Promise<TopologyDocument> {
    const r = await liveTopology({ env: process.env, project });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  }

  it('the snapshot matches docker inspect: networks, endpoints (IP, MAC, aliases), state, published ports, labels (fact 23)', async () => {
    const doc = await read();
    for (const name of [`${PROJECT}-web-1`, `${PROJECT}-db-1`, `${PROJECT}-legacy-1`]) {
      const inspected = dockerInspect<{ State: { Status: string }; Config: { Image: string }; NetworkSettings: { Networks: Record<string, { IPAddress: string; MacAddress: string; Aliases: string[] | null }>; Ports: Record<string, Array<{ HostIp: string; HostPort: string }> | null> } }>('container', name);
      const live = doc.containers!.find((c) => c.name === name);
      assert.ok(live, `${name} is in the live document`);
      assert.equal(live.state, inspected.State.Status);
      assert.equal(live.image, inspected.Config.Image);
      assert.deepEqual(live.networks.map((n) => n.network), Object.keys(inspected.NetworkSettings.Networks).sort());
      for (const n of live.networks) {
        const ep = inspected.NetworkSettings.Networks[n.network];
        assert.equal(n.ipv4, ep.IPAddress, `${name} IPv4 on ${n.network}`);
        assert.equal(n.mac, ep.MacAddress, `${name} MAC on ${n.network}`);
        for (const a of ep.Aliases ?? []) assert.ok(n.aliases.includes(a), `${name} alias ${a}`);
      }
      const published = Object.entries(inspected.NetworkSettings.Ports ?? {}).flatMap(([k, b]) => (b ?? []).map((x) => `${x.HostIp}:${x.HostPort}->${k}`));
      assert.deepEqual(live.ports.map((p) => `${p.host_ip}:${p.published}->${p.target}/${p.protocol}`), published);
      assert.equal(live.project, PROJECT);
    }
    const web = doc.containers!.find((c) => c.name === `${PROJECT}-web-1`)!;
    assert.equal(web.ports.length, 1, 'the random host port is reported');
    assert.ok((web.ports[0].published ?? 0) > 0);
    assert.equal(web.container_number, 1);
    assert.deepEqual(web.config_files, ['/srv/netlens-test/compose.yaml']);
    assert.equal(web.working_dir, '/srv/netlens-test');
    assert.equal(web.oneoff, false);

    for (const name of [FRONT, INTERNAL, 'bridge']) {
      const inspected = dockerInspect<{ Driver: string; Scope: string; Internal: boolean; Attachable: boolean; IPAM: { Config: Array<{ Subnet: string; Gateway?: string }> }; Labels: Record<string, string> }>('network', name);
      const live = doc.networks.find((n) => n.name === name)!;
      assert.equal(live.driver, inspected.Driver);
      assert.equal(live.scope, inspected.Scope);
      assert.equal(live.internal, inspected.Internal);
      assert.equal(live.attachable, inspected.Attachable);
      assert.deepEqual(live.subnets, inspected.IPAM.Config.map((c) => c.Subnet));
      assert.deepEqual(live.labels, inspected.Labels ?? {});
    }
    assert.equal(doc.networks.find((n) => n.name === 'bridge')!.kind, 'default-bridge');
    assert.equal(doc.networks.find((n) => n.name === INTERNAL)!.internal, true);
    assert.equal(doc.networks.find((n) => n.name === FRONT)!.kind, 'project');
  });

  it('groups by Compose project: the project view has its services, with real addresses and the shared namespace', async () => {
    const doc = await read(PROJECT);
    assert.equal(doc.project, PROJECT);
    assert.deepEqual(doc.services.map((s) => s.name), ['db', 'legacy', 'sidecar', 'web']);
    assert.ok(doc.projects?.includes(PROJECT));
    const db = doc.services.find((s) => s.name === 'db')!;
    assert.deepEqual(db.networks.map((n) => n.network), [FRONT, INTERNAL]);
    // The container keeps every alias the engine lists (its short id too); the service names what a file can name.
    const dbContainer = doc.containers!.find((c) => c.name === `${PROJECT}-db-1`)!;
    assert.ok(dbContainer.networks[0].aliases.some((a) => dbContainer.id.startsWith(a)), JSON.stringify(dbContainer.networks[0].aliases));
    assert.deepEqual(db.networks.map((n) => n.names), [['db'], ['db']]);
    const inspected = dockerInspect<{ NetworkSettings: { Networks: Record<string, { IPAddress: string; MacAddress: string }> } }>('container', `${PROJECT}-db-1`);
    assert.equal(db.networks[1].ipv4, inspected.NetworkSettings.Networks[INTERNAL].IPAddress);
    assert.equal(db.networks[1].mac, inspected.NetworkSettings.Networks[INTERNAL].MacAddress);
    const sidecar = doc.services.find((s) => s.name === 'sidecar')!;
    assert.equal(sidecar.namespace_of, 'web', 'container:web-1 is drawn as sharing web’s namespace (fact 2)');
    assert.deepEqual(sidecar.networks, []);
    assert.equal(doc.services.find((s) => s.name === 'legacy')!.networks[0].network, 'bridge');
    assert.ok(doc.networks.every((n) => n.name !== 'host'), 'a project view leaves out networks the project does not use');
    // The CLI prints the same document.
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'netlens.js'), 'topology', '--live', '--project', PROJECT, '--format', 'json'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const printed = JSON.parse(r.stdout) as TopologyDocument;
    assert.deepEqual([printed.source, printed.project, printed.services.map((s) => s.name)], ['live', PROJECT, ['db', 'legacy', 'sidecar', 'web']]);
    assert.deepEqual(printed.services.find((s) => s.name === 'db')!.networks, db.networks);
    // The other formats draw the same live document with the file topology's renderers.
    const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin', 'netlens.js'), 'topology', '--live', '--project', PROJECT, ...args], { encoding: 'utf8', timeout: 60_000 });
    const mermaid = cli('--format', 'mermaid');
    assert.equal(mermaid.status, 0, mermaid.stderr);
    assert.match(mermaid.stdout, /^flowchart LR\n/);
    assert.ok(mermaid.stdout.includes(db.networks[1].ipv4!), 'the mermaid drawing carries the real address');
    const dot = cli('--format', 'dot');
    assert.equal(dot.status, 0, dot.stderr);
    assert.match(dot.stdout, /^(strict )?(di)?graph /);
    assert.ok(dot.stdout.includes(INTERNAL));
    const html = path.join(dir, 'live.html');
    const page = cli('--format', 'html', '--out', html);
    assert.equal(page.status, 0, page.stderr);
    assert.ok(fs.readFileSync(html, 'utf8').includes(db.networks[1].ipv4!), 'the page embeds the live document');
    const wrong = cli('--format', 'png');
    assert.deepEqual([wrong.status, /unknown format "png"/.test(wrong.stderr)], [2, true], wrong.stderr);
  });

  it('drift: the file and the engine agree but for the missing external network', async () => {
    const model = buildNetworkModel(loadProject({ dir, env: {} }));
    const drift = driftFindings(model, await read());
    assert.deepEqual(drift.map((f) => f.rule), ['external-network-missing'], drift.map((f) => f.message).join('\n'));
    // And the CLI adds it to the static findings (exit 1: the static default-bridge-dns error; `ghost` is declared for this test only, so unused-network hints at it).
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'netlens.js'), 'check', '--live', '--format', 'json', dir], { encoding: 'utf8', timeout: 60_000 });
    const rules = (JSON.parse(r.stdout) as { findings: Array<{ rule: string }> }).findings.map((f) => f.rule).sort();
    assert.deepEqual(rules, ['default-bridge-dns', 'external-network-missing', 'unused-network'], r.stderr);
    assert.equal(r.status, 1);
  });

  it('probes agree with the static verdicts: default bridge does not resolve, a user-defined network does (facts 6, 7)', async () => {
    const model = buildNetworkModel(loadProject({ dir, env: {} }));
    const fromLegacy = model.resolve('legacy', 'web');
    const fromDb = model.resolve('db', 'web');
    assert.deepEqual([fromLegacy.kind, fromLegacy.kind === 'unreachable' && fromLegacy.reason], ['unreachable', 'default-bridge']);
    assert.deepEqual([fromDb.kind, fromDb.kind === 'service' && fromDb.target], ['service', 'web']);

    const doc = await read(PROJECT);
    const legacy = containerOfService(doc, 'legacy', PROJECT)!;
    const db = containerOfService(doc, 'db', PROJECT)!;
    const bad = await probe(conn, { from: legacy, host: 'web', port: 8080, timeoutMs: 8000 });
    assert.equal(bad.resolution.status, 'not-found', bad.summary);
    const good = await probe(conn, { from: db, host: 'web', port: 8080, timeoutMs: 8000 });
    assert.equal(good.resolution.status, 'resolved', good.summary);
    const webIp = doc.services.find((s) => s.name === 'web')!.networks[0].ipv4!;
    assert.deepEqual(good.resolution.addresses, [webIp]);
    assert.equal(good.tcp?.status, 'open', good.summary);
    assert.match(good.summary, new RegExp(`name resolves to ${webIp.replace(/\./g, '\\.')}; TCP 8080 open`));
    const closed = await probe(conn, { from: db, host: 'web', port: 8081, timeoutMs: 8000 });
    assert.equal(closed.tcp?.status, 'closed', closed.summary);
  });

  it('an event updates the live document (a container joins, then leaves a network)', async () => {
    const snapshots: TopologyDocument[] = [];
    const watcher = new LiveWatcher({ env: process.env, project: PROJECT, debounceMs: 100, onSnapshot: (d) => snapshots.push(d) });
    watcher.start();
    try {
      await waitFor('a first snapshot', 20_000, () => snapshots.length > 0 || undefined);
      await run(docker, { name: `${PROJECT}-late-1`, Labels: composeLabels('late'), Cmd: ['sleep', '600'], HostConfig: { NetworkMode: FRONT } });
      const withLate = await waitFor('the new container in a snapshot', 20_000, () => snapshots.find((d) => d.services.some((s) => s.name === 'late' && s.state === 'running')));
      assert.equal(withLate.services.find((s) => s.name === 'late')!.networks[0].network, FRONT);
      await docker.getNetwork(FRONT).disconnect({ Container: `${PROJECT}-late-1`, Force: true });
      await waitFor('the disconnect in a snapshot', 20_000, () => snapshots.at(-1)!.services.find((s) => s.name === 'late' && s.networks.length === 0));
    } finally {
      watcher.stop();
    }
  });
});

describe('live mode against a single-node swarm (facts 21, 22)', function () {
  this.timeout(180_000);
  let conn: EngineConnection;
  let docker: Dockerode;
  let weStartedSwarm = false;
  const OVERLAY = 'netlens-test-overlay';

  before(async () => {
    conn = await requireEngine();
    docker = conn.docker;
    await removeTestObjects(docker);
    const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string } };
    if (info.Swarm?.LocalNodeState !== 'active') {
      // Loopback only: the swarm listens and advertises on 127.0.0.1.
      await docker.swarmInit({ ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' });
      weStartedSwarm = true;
    }
    await docker.createNetwork({ Name: OVERLAY, Driver: 'overlay', Attachable: true, Labels: { ...TEST_LABEL } });
    const service = (name: string, mode: 'vip' | 'dnsrr') =>
      docker.createService({
        Name: name,
        Labels: { ...TEST_LABEL, 'com.docker.stack.namespace': 'netlens-test-stack' },
        TaskTemplate: { ContainerSpec: { Image: IMAGE, Command: ['sleep', '600'], DNSConfig: { Nameservers: LOOPBACK_DNS } }, Networks: [{ Target: OVERLAY }] },
        Mode: { Replicated: { Replicas: 2 } },
        // VIP publishes through the routing mesh (ingress); dnsrr may only publish in host mode (fact 22).
        EndpointSpec: { Mode: mode, Ports: [{ Protocol: 'tcp', TargetPort: 8080, PublishMode: mode === 'vip' ? 'ingress' : 'host' }] },
      });
    await service('netlens-test-vip', 'vip');
    await service('netlens-test-dnsrr', 'dnsrr');
    await waitFor('4 running tasks', 90_000, async () => {
      const tasks = await docker.listTasks({ filters: { 'desired-state': ['running'] } });
      const running = tasks.filter((t: { Status?: { State?: string } }) => t.Status?.State === 'running');
      return running.length >= 4 ? true : undefined;
    }, 1000);
  });

  after(async () => {
    if (!docker) return;
    await removeTestObjects(docker);
    if (weStartedSwarm) {
      await docker.swarmLeave({ force: true }).catch(() => undefined);
      // swarm init made this bridge for the node's overlay traffic; it goes with the swarm.
      await docker.getNetwork('docker_gwbridge').remove().catch(() => undefined);
    }
  });

  it('reads nodes, services with endpoint mode and VIPs, and tasks with node and addresses, as docker inspect says', async () => {
    const r = await liveTopology({ env: process.env });
    if (!r.ok) throw new Error(r.error.message);
    const swarm = r.value.swarm;
    assert.ok(swarm, 'a manager engine has a swarm section');
    assert.equal(swarm.nodes.length, 1);
    assert.equal(swarm.nodes[0].role, 'manager');
    const vip = swarm.services.find((s) => s.name === 'netlens-test-vip')!;
    const dnsrr = swarm.services.find((s) => s.name === 'netlens-test-dnsrr')!;
    assert.equal(vip.endpoint_mode, 'vip');
    assert.equal(dnsrr.endpoint_mode, 'dnsrr');
    assert.equal(vip.replicas, 2);
    const inspected = dockerInspect<{ Endpoint: { VirtualIPs?: Array<{ NetworkID: string; Addr: string }> } }>('service', 'netlens-test-vip');
    const nameOf = (id: string) => dockerCli(['network', 'inspect', '--format', '{{.Name}}', id]).trim();
    const expected = inspected.Endpoint.VirtualIPs!.map((v) => ({ network: nameOf(v.NetworkID), address: v.Addr.replace(/\/\d+$/, '') }));
    assert.deepEqual(vip.virtual_ips, expected);
    // One VIP on the overlay, and one on `ingress` for the routing mesh of its published port.
    assert.deepEqual(vip.virtual_ips.map((v) => v.network).sort(), ['ingress', OVERLAY]);
    assert.deepEqual(dnsrr.virtual_ips, [], 'dnsrr has no virtual IP');
    const ingressPort = (inspected as unknown as { Endpoint: { Ports: Array<{ PublishedPort: number }> } }).Endpoint.Ports[0].PublishedPort;
    assert.ok(ingressPort > 0, 'the engine assigned a published port');
    assert.deepEqual(vip.ports, [{ host_ip: null, published: ingressPort, target: 8080, protocol: 'tcp', mode: 'ingress' }]);
    assert.deepEqual(dnsrr.ports.map((p) => [p.target, p.mode]), [[8080, 'host']]);
    const tasks = swarm.tasks.filter((t) => t.service === 'netlens-test-vip' && t.state === 'running');
    assert.equal(tasks.length, 2);
    for (const t of tasks) {
      assert.equal(t.node, swarm.nodes[0].hostname);
      assert.equal(t.addresses.find((a) => a.network === OVERLAY)?.address.split('.').length, 4);
    }
    const overlay = r.value.networks.find((n) => n.name === OVERLAY)!;
    assert.deepEqual([overlay.driver, overlay.scope, overlay.attachable], ['overlay', 'swarm', true]);
    assert.equal(r.value.networks.find((n) => n.name === 'ingress')?.kind, 'ingress');
    // The local task containers appear as the swarm service, with their real overlay addresses.
    const svc = r.value.services.find((s) => s.name === 'netlens-test-vip')!;
    assert.equal(svc.replicas, 2);
    assert.ok(tasks.some((t) => t.addresses.some((a) => a.address === svc.networks.find((n) => n.network === OVERLAY)?.ipv4)));
  });
});

describe('live mode when the engine dies mid-stream', function () {
  this.timeout(180_000);
  const pidFile = path.join(ROOT, '.docker-engine', 'dockerd.pid');

  it('the watcher reconnects with back-off once the engine is back, and never crashes', async () => {
    await requireEngine();
    if (!fs.existsSync(pidFile)) {
      throw new Error(`This test kills and restarts the engine, so it must be the one scripts/docker-engine.sh started (${pidFile} is missing). Stop your own engine and run \`bash scripts/docker-engine.sh start\`.`);
    }
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    const states: WatchState[] = [];
    const snapshots: TopologyDocument[] = [];
    const watcher = new LiveWatcher({ env: process.env, minBackoffMs: 200, maxBackoffMs: 2000, onSnapshot: (d) => snapshots.push(d), onState: (s) => states.push(s) });
    watcher.start();
    let restarted = false;
    try {
      await waitFor('the watcher to connect', 20_000, () => (watcher.connections >= 1 && snapshots.length > 0) || undefined);
      process.kill(pid, 'SIGKILL');
      await waitFor('the watcher to notice the engine is gone', 20_000, () => states.some((s) => s.state === 'reconnecting') || undefined);
      const start = spawnSync('bash', [path.join(ROOT, 'scripts', 'docker-engine.sh'), 'start'], { encoding: 'utf8', timeout: 150_000 });
      assert.equal(start.status, 0, `restarting the engine failed: ${start.stderr}`);
      restarted = true;
      const before = snapshots.length;
      await waitFor('a reconnect and a fresh snapshot', 60_000, () => (watcher.connections >= 2 && snapshots.length > before) || undefined);
      const last = states.at(-1)!;
      assert.equal(last.state, 'connected');
      const reconnecting = states.filter((s): s is Extract<WatchState, { state: 'reconnecting' }> => s.state === 'reconnecting');
      assert.match(reconnecting[0].reason, /event stream/);
      // Back-off grows between failed attempts while the engine is down.
      if (reconnecting.length >= 3) assert.ok(reconnecting[2].inMs > reconnecting[0].inMs);
    } finally {
      watcher.stop();
      // Whatever happened, leave an engine for whatever runs next.
      if (!restarted) spawnSync('bash', [path.join(ROOT, 'scripts', 'docker-engine.sh'), 'start'], { encoding: 'utf8', timeout: 150_000 });
    }
  });
});
