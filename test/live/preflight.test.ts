// Pre-flight on the real engine: the holders (containers and networks, from the local busybox image)
// are made here with names containing `preflight` and removed by name after, even on failure. Each
// verdict is checked against the engine itself: a port the rule calls taken is one the engine refuses to
// bind, a free one it binds; a subnet it calls overlapping is one the engine refuses, the suggested one it takes.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { loadProject } from '../../server/src/compose/project';
import { liveDrift, liveTopology } from '../../server/src/live/index';
import { readHostRoutes } from '../../server/src/live/hostRoutes';
import { analyse } from '../../server/src/analysis';
import type { Finding } from '../../server/src/rules/types';
import { IMAGE, requireEngine, TEST_LABEL, waitFor } from '../helpers/engine';

const RUN = `netlens-preflight-${process.pid}`;
/** Host ports of this run: a block away from well-known ports, varied by process so two runs do not meet. */
const BASE = 31000 + (process.pid % 400) * 10;
const P = { any: BASE, loopback: BASE + 1, udp: BASE + 2, v4: BASE + 3, own: BASE + 4, range: BASE + 5 };
const HOLDERS = [`${RUN}-any`, `${RUN}-loopback`, `${RUN}-udp`, `${RUN}-v4`, `${RUN}-range`, `${RUN}-own`, `${RUN}-db`, `${RUN}-try`];
const NETWORKS = [`${RUN}-platform`, `${RUN}-pool`, `${RUN}-free`, `${RUN}-overlap`];
const PROJECT = `${RUN}-shop`;
/** A /16 for this run inside 10.0.0.0/8, away from the engine's pools. */
const OCTET = 100 + (process.pid % 100);

async function holder(docker: Dockerode, name: string, bindings: Record<string, Array<{ HostIp?: string; HostPort: string }>>, labels: Record<string, string> = {}, network?: { name: string; aliases: string[] }): Promise<void> {
  const c = await docker.createContainer({
    Image: IMAGE,
    name,
    Cmd: ['sleep', '600'],
    Labels: { ...TEST_LABEL, ...labels },
    ExposedPorts: Object.fromEntries(Object.keys(bindings).map((k) => [k, {}])),
    HostConfig: { PortBindings: bindings, ...(network ? { NetworkMode: network.name } : {}) },
    ...(network ? { NetworkingConfig: { EndpointsConfig: { [network.name]: { Aliases: network.aliases } } } } : {}),
  });
  await c.start();
}

/** Whether the engine binds `spec` (a `docker run -p` value) now: the independent judge of host-port-taken. */
function engineBinds(spec: string): boolean {
  const name = `${RUN}-try`;
  try {
    execFileSync('docker', ['run', '-d', '--name', name, '-p', spec, IMAGE, 'sleep', '30'], { stdio: 'pipe', timeout: 30_000 });
    return true;
  } catch (err) {
    const text = String((err as { stderr?: Buffer }).stderr ?? '');
    if (!/already allocated|address already in use|all ports are allocated/.test(text)) throw new Error(`docker run -p ${spec} failed otherwise: ${text}`);
    return false;
  } finally {
    execFileSync('docker', ['rm', '-f', name], { stdio: 'pipe', timeout: 30_000 });
  }
}

async function cleanUp(docker: Dockerode): Promise<void> {
  for (const name of HOLDERS) await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
  await waitFor('pre-flight test networks removed', 30_000, async () => {
    for (const n of NETWORKS) await docker.getNetwork(n).remove().catch(() => undefined);
    const left = (await docker.listNetworks()).filter((n) => NETWORKS.includes(n.Name));
    return left.length === 0 ? true : undefined;
  }, 500);
}

describe('pre-flight against the real engine', function () {
  this.timeout(180_000);
  let docker: Dockerode;
  let dir: string;

  before(async () => {
    docker = (await requireEngine()).docker;
    await cleanUp(docker);
    await holder(docker, `${RUN}-any`, { '80/tcp': [{ HostPort: String(P.any) }] }, { 'com.docker.compose.project': `${RUN}-other`, 'com.docker.compose.service': 'proxy' });
    await holder(docker, `${RUN}-loopback`, { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(P.loopback) }] });
    await holder(docker, `${RUN}-udp`, { '80/udp': [{ HostPort: String(P.udp) }] });
    await holder(docker, `${RUN}-v4`, { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: String(P.v4) }] });
    await holder(docker, `${RUN}-range`, { '80/tcp': [{ HostPort: String(P.range) }], '81/tcp': [{ HostPort: String(P.range + 1) }] });
    await holder(docker, `${RUN}-own`, { '80/tcp': [{ HostPort: String(P.own) }] }, { 'com.docker.compose.project': PROJECT, 'com.docker.compose.service': 'own', 'com.docker.compose.oneoff': 'False' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-preflight-'));
  });

  after(async () => {
    if (docker) await cleanUp(docker);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function liveFindings(compose: string, rule: string): Promise<Finding[]> {
    fs.writeFileSync(path.join(dir, 'compose.yaml'), compose);
    const analysis = analyse(loadProject({ dir, env: {} }));
    const r = await liveDrift(analysis.model, { env: process.env });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.filter((f) => f.rule === rule);
  }

  it('host-port-taken: every mapping the rule calls taken the engine refuses, every other one it binds (address, protocol, range)', async () => {
    const mappings: Array<[string, string]> = [
      ['anyAll', `${P.any}:80`],
      ['anyLoopback', `127.0.0.1:${P.any}:80`],
      ['anyV6', `[::1]:${P.any}:80`],
      ['loopbackSame', `127.0.0.1:${P.loopback}:80`],
      ['loopbackOther', `127.0.0.2:${P.loopback}:80`],
      ['loopbackAll', `${P.loopback}:80`],
      ['udpTcp', `${P.udp}:80`],
      ['udpUdp', `${P.udp}:80/udp`],
      ['v4V6', `[::]:${P.v4}:80`],
      ['v4All', `${P.v4}:80`],
      ['rangeEach', `${P.range}-${P.range + 1}:80-81`],
      ['rangeChoice', `${P.range}-${P.range + 2}:80`],
      ['rangeFull', `${P.range}-${P.range + 1}:80`],
    ];
    const compose = `name: ${PROJECT}\nservices:\n${mappings.map(([svc, m]) => `  ${svc.toLowerCase()}:\n    image: ${IMAGE}\n    ports: ["${m}"]\n`).join('')}  own:\n    image: ${IMAGE}\n    ports: ["${P.own}:80"]\n`;
    const found = await liveFindings(compose, 'host-port-taken');
    const taken = new Set(found.map((f) => f.service));
    assert.ok(!taken.has('own'), 'the project’s own running service holding its own port is not a finding');
    const verdicts = mappings.map(([svc, m]) => `${svc} ${m}: ${taken.has(svc.toLowerCase()) ? 'taken' : 'free'}`);
    const engine = mappings.map(([svc, m]) => `${svc} ${m}: ${engineBinds(m) ? 'free' : 'taken'}`);
    assert.deepEqual(verdicts, engine);
    // Both kinds are present, so the comparison says something.
    assert.ok(taken.size >= 4 && mappings.length - taken.size >= 4, verdicts.join('\n'));
    const any = found.find((f) => f.service === 'anyall')!;
    assert.match(any.message, new RegExp(`container \`${RUN}-any\` \\(of project \`${RUN}-other\`, publishing 0\\.0\\.0\\.0:${P.any}→80/tcp`));
  });

  it('netlens check --live reports them with the static findings, and exits 1 on the errors', () => {
    // The compose file of the test above is still in the folder.
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../../bin/netlens.js'), 'check', '--live', '--format', 'json', dir], { encoding: 'utf8', timeout: 60_000 });
    const found = (JSON.parse(r.stdout) as { findings: Array<{ rule: string; message: string }> }).findings.filter((f) => f.rule === 'host-port-taken');
    assert.ok(found.some((f) => f.message.includes(`\`${RUN}-any\``)), r.stdout);
    assert.equal(r.status, 1, r.stderr);
  });

  it('name-shadowed: another project’s container answering the project’s `db` on the shared external network, until it stops', async () => {
    const platform = `${RUN}-platform`;
    await docker.createNetwork({ Name: platform, Driver: 'bridge', CheckDuplicate: true, Labels: TEST_LABEL });
    await holder(docker, `${RUN}-db`, {}, { 'com.docker.compose.project': `${RUN}-billing`, 'com.docker.compose.service': 'db' }, { name: platform, aliases: ['db'] });
    const compose = `name: ${PROJECT}\nservices:\n  api:\n    image: ${IMAGE}\n    environment:\n      DATABASE_URL: postgres://db:5432/shop\n      OTHER_URL: http://billing:80\n    networks: [back, platform]\n  db:\n    image: ${IMAGE}\n    networks: [back]\nnetworks:\n  back: {}\n  platform:\n    name: ${platform}\n    external: true\n`;
    const found = await liveFindings(compose, 'name-shadowed');
    assert.deepEqual(found.map((f) => f.service), ['api']);
    assert.match(found[0].message, new RegExp(`on the external network \`${platform}\` \`${RUN}-db\` \\(project \`${RUN}-billing\`\\) also answers to \`db\``));
    await docker.getContainer(`${RUN}-db`).stop({ t: 0 });
    assert.deepEqual(await liveFindings(compose, 'name-shadowed'), [], 'a stopped container answers nothing');
  });

  it('subnet-overlap: the live document of a local engine carries this machine’s routes, the engine’s own bridges among them', async () => {
    const doc = await liveTopology({ env: process.env });
    if (!doc.ok) throw new Error(doc.error.message);
    const routes = doc.value.engine?.host_routes;
    assert.ok(Array.isArray(routes), 'a local socket: the routes are read');
    assert.deepEqual(routes, readHostRoutes());
    // The default bridge's own route is there (and left out of the rule by its interface).
    const bridge = doc.value.networks.find((n) => n.name === 'bridge');
    for (const subnet of bridge?.subnets ?? []) if (subnet.includes('.')) assert.ok(routes!.some((r) => r.subnet === subnet && r.interface === 'docker0'), `${subnet} on docker0 in ${JSON.stringify(routes)}`);
  });

  it('subnet-overlap: a subnet inside a network on the engine is refused by the engine; the suggested range is taken by it', async () => {
    await docker.createNetwork({ Name: `${RUN}-pool`, Driver: 'bridge', CheckDuplicate: true, Labels: TEST_LABEL, IPAM: { Driver: 'default', Config: [{ Subnet: `10.${OCTET}.0.0/16` }] } });
    const compose = `name: ${PROJECT}\nservices:\n  web:\n    image: ${IMAGE}\n    networks: [back]\nnetworks:\n  back:\n    ipam:\n      config:\n        - subnet: 10.${OCTET}.5.0/24\n`;
    const found = await liveFindings(compose, 'subnet-overlap');
    assert.equal(found.length, 1);
    assert.match(found[0].message, new RegExp(`overlaps 10\\.${OCTET}\\.0\\.0/16 of the network \`${RUN}-pool\` already on the engine`));
    const free = /(\d+\.\d+\.\d+\.\d+\/24) is free in/.exec(found[0].message)?.[1];
    assert.ok(free, found[0].message);
    await assert.rejects(docker.createNetwork({ Name: `${RUN}-overlap`, CheckDuplicate: true, Labels: TEST_LABEL, IPAM: { Driver: 'default', Config: [{ Subnet: `10.${OCTET}.5.0/24` }] } }), /overlaps/);
    const made = await docker.createNetwork({ Name: `${RUN}-free`, CheckDuplicate: true, Labels: TEST_LABEL, IPAM: { Driver: 'default', Config: [{ Subnet: free }] } });
    assert.equal((await made.inspect()).IPAM?.Config?.[0]?.Subnet, free);
  });
});
