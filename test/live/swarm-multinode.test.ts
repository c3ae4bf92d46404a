// A real three-node swarm (scripts/swarm-nodes.sh: three dockerd, each in a network namespace of its
// own, joined by veth pairs to a test bridge in a fourth namespace, 192.168.250.0/24), a stack of the
// local busybox image deployed on it, and live mode reading those engines. Everything is made by the
// script and removed by it, by name, in the after hook, also after a failure. Traffic stays inside
// those namespaces; the shared engine is only read for the image.
//
// What this kernel cannot do is not tested here: it has no IPVS (CONFIG_IP_VS unset, no module
// loading), and without IPVS the engine programs neither service VIPs nor the ingress routing mesh
// (its log: "Could not get ipvs family information from the kernel"). See docs/swarm-tests.md.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadProject } from '../../server/src/compose/project';
import { connectEngine, type EngineConnection } from '../../server/src/live/connection';
import { liveTopology } from '../../server/src/live/index';
import { probe } from '../../server/src/live/probe';
import { analyse } from '../../server/src/analysis';
import { topologyFromAnalysis } from '../../server/src/topology/fromModel';
import type { TopologyDocument } from '../../server/src/topology/types';
import { IMAGE, waitFor } from '../helpers/engine';

const ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(ROOT, 'scripts/swarm-nodes.sh');
const STACK = 'netlens-test-swarm';
const NODES = ['n1', 'n2', 'n3'] as const;
type Node = (typeof NODES)[number];

/** The stack: `web` (VIP, port 8080 through the mesh, two replicas kept off node 3), `agent`
 * (global: a task on every node) and `edge` (port 8081 published in host mode, one task on node 2). */
export const SWARM_STACK_FILE = `services:
  web:
    image: ${IMAGE}
    command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec busybox httpd -f -p 8080 -h /www"]
    ports:
      - "8080:8080"
    deploy:
      replicas: 2
      placement:
        max_replicas_per_node: 1
        constraints: ["node.hostname != nlswarm-n3"]
  agent:
    image: ${IMAGE}
    command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec busybox httpd -f -p 9000 -h /www"]
    deploy:
      mode: global
  edge:
    image: ${IMAGE}
    command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec busybox httpd -f -p 8081 -h /www"]
    ports:
      - target: 8081
        published: 8081
        mode: host
    deploy:
      replicas: 1
      placement:
        constraints: ["node.hostname == nlswarm-n2"]
`;

function script(cmd: 'start' | 'stop' | 'env', timeoutMs: number): string {
  const r = spawnSync('bash', [SCRIPT, cmd], { encoding: 'utf8', timeout: timeoutMs });
  if (r.status !== 0) throw new Error(`scripts/swarm-nodes.sh ${cmd} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr}`);
  return r.stdout;
}

/** Runs a command inside one of the test's network namespaces (only the network namespace is entered). */
function inNetns(netns: string, cmd: string[], timeoutMs = 15_000): { status: number | null; out: string } {
  const r = spawnSync('nsenter', [`--net=/run/netns/${netns}`, '--', ...cmd], { encoding: 'utf8', timeout: timeoutMs });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** An HTTP GET with busybox nc (this busybox's wget crashes on the host); the body is the task's hostname. */
function httpGetFrom(netns: string, address: string, port: number): { status: number | null; out: string } {
  const r = spawnSync('nsenter', [`--net=/run/netns/${netns}`, '--', 'busybox', 'nc', '-w', '3', address, String(port)], {
    input: 'GET / HTTP/1.0\r\n\r\n',
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

describe('live mode against a real three-node swarm (network namespaces on this machine)', function () {
  this.timeout(300_000);
  const env: Record<string, string> = {};
  const conns = new Map<Node, EngineConnection>();
  let dir: string;
  let manager: TopologyDocument;
  const sock = (n: Node) => env[`NETLENS_SWARM_${n.toUpperCase()}_SOCKET`];
  const addr = (n: Node) => env[`NETLENS_SWARM_${n.toUpperCase()}_ADDRESS`];
  const netns = (n: Node) => env[`NETLENS_SWARM_${n.toUpperCase()}_NETNS`];
  const docker = (n: Node, args: string[]) => execFileSync('docker', ['-H', `unix://${sock(n)}`, ...args], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });

  before(async function () {
    for (const line of script('env', 10_000).split('\n')) {
      const m = /^(\w+)=(.*)$/.exec(line);
      if (m) env[m[1]] = m[2];
    }
    script('start', 240_000);
    for (const n of NODES) {
      const r = await connectEngine({ host: `unix://${sock(n)}`, timeoutMs: 10_000 });
      if (!r.ok) throw new Error(`node ${n}: ${r.error.message}`);
      conns.set(n, r.connection);
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-swarm-stack-'));
    fs.writeFileSync(path.join(dir, 'stack.yaml'), SWARM_STACK_FILE);
    docker('n1', ['stack', 'deploy', '--resolve-image', 'never', '-c', path.join(dir, 'stack.yaml'), STACK]);
    // Six tasks running: web ×2, agent ×3, edge ×1, as live mode reads them from the manager.
    manager = await waitFor('six running tasks of the stack', 120_000, async () => {
      const r = await liveTopology({ host: `unix://${sock('n1')}`, timeoutMs: 10_000 });
      if (!r.ok) return undefined;
      const running = r.value.swarm?.tasks.filter((t) => t.service.startsWith(`${STACK}_`) && t.state === 'running') ?? [];
      return running.length === 6 ? r.value : undefined;
    }, 1000);
  });

  after(function () {
    this.timeout(120_000);
    // By name, whatever happened above: the stack goes with the swarm, the script removes the rest.
    try {
      script('stop', 110_000);
    } finally {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('live mode reads three nodes with their addresses, and tasks of the stack on every node', async () => {
    const swarm = manager.swarm!;
    assert.deepEqual(swarm.nodes.map((n) => [n.hostname, n.role, n.state, n.address]).sort(), [
      ['nlswarm-n1', 'manager', 'ready', addr('n1')],
      ['nlswarm-n2', 'worker', 'ready', addr('n2')],
      ['nlswarm-n3', 'worker', 'ready', addr('n3')],
    ]);
    const tasks = swarm.tasks.filter((t) => t.state === 'running');
    const where = (service: string) => tasks.filter((t) => t.service === `${STACK}_${service}`).map((t) => t.node).sort();
    assert.deepEqual(where('agent'), ['nlswarm-n1', 'nlswarm-n2', 'nlswarm-n3'], 'global: one task per node');
    assert.deepEqual(where('web'), ['nlswarm-n1', 'nlswarm-n2'], 'two replicas, one per node, none on node 3');
    assert.deepEqual(where('edge'), ['nlswarm-n2']);
    const web = swarm.services.find((s) => s.name === `${STACK}_web`)!;
    assert.equal(web.endpoint_mode, 'vip');
    assert.equal(web.replicas, 2);
    assert.deepEqual(web.ports.map((p) => [p.published, p.target, p.mode]), [[8080, 8080, 'ingress']]);
    const edge = swarm.services.find((s) => s.name === `${STACK}_edge`)!;
    assert.deepEqual(edge.ports.map((p) => [p.published, p.target, p.mode]), [[8081, 8081, 'host']]);
    assert.equal(swarm.services.find((s) => s.name === `${STACK}_agent`)!.replicas, null, 'global has no replica count');

    // Each node's own engine, read by live mode, runs its task containers, labelled with the stack.
    for (const n of NODES) {
      const r = await liveTopology({ host: `unix://${sock(n)}`, timeoutMs: 10_000 });
      assert.ok(r.ok, `node ${n} answers live mode`);
      const mine = r.value.containers!.filter((c) => c.project === STACK && c.state === 'running').map((c) => c.service).sort();
      const expected = { n1: ['agent', 'web'], n2: ['agent', 'edge', 'web'], n3: ['agent'] }[n].map((s) => `${STACK}_${s}`);
      assert.deepEqual(mine, expected, `task containers on ${n}`);
    }
  });

  it('the stack overlay spans the nodes: tasks on every node hold addresses in its subnet, and the ingress is drawn', () => {
    const overlay = manager.networks.find((n) => n.name === `${STACK}_default`)!;
    assert.ok(overlay, 'the stack default network');
    assert.deepEqual([overlay.driver, overlay.scope], ['overlay', 'swarm']);
    const ingress = manager.networks.find((n) => n.kind === 'ingress')!;
    assert.deepEqual([ingress.name, ingress.driver, ingress.scope], ['ingress', 'overlay', 'swarm']);
    const subnet = overlay.subnets[0];
    assert.match(subnet, /^\d+\.\d+\.\d+\.0\/24$/);
    const prefix = subnet.split('.').slice(0, 3).join('.') + '.';
    const nodesOnOverlay = new Set<string>();
    for (const t of manager.swarm!.tasks.filter((x) => x.state === 'running')) {
      const a = t.addresses.find((x) => x.network === overlay.name);
      assert.ok(a && a.address.startsWith(prefix), `task ${t.service} on ${t.node} has an address in ${subnet}`);
      nodesOnOverlay.add(t.node);
    }
    assert.equal(nodesOnOverlay.size, 3);
  });

  it('VXLAN carries the overlay between nodes: node 3 reaches both web tasks on nodes 1 and 2 through the test bridge', async () => {
    const overlayName = `${STACK}_default`;
    const webTasks = manager.swarm!.tasks.filter((t) => t.service === `${STACK}_web` && t.state === 'running');
    const n3 = await liveTopology({ host: `unix://${sock('n3')}`, timeoutMs: 10_000 });
    assert.ok(n3.ok);
    const agentOnN3 = n3.value.containers!.find((c) => c.service === `${STACK}_agent` && c.state === 'running')!;

    // Count VXLAN (UDP 4789) frames crossing the test bridge: a table of our own in the hub namespace.
    const hub = env.NETLENS_SWARM_HUB_NETNS;
    const nft = (args: string[]) => inNetns(hub, ['nft', ...args]);
    nft(['delete', 'table', 'bridge', 'netlens_vxlan']);
    assert.equal(nft(['add', 'table', 'bridge', 'netlens_vxlan']).status, 0);
    assert.equal(nft(['add', 'chain', 'bridge', 'netlens_vxlan', 'wire', '{ type filter hook forward priority 0; }']).status, 0);
    assert.equal(nft(['add', 'rule', 'bridge', 'netlens_vxlan', 'wire', 'udp', 'dport', '4789', 'counter']).status, 0);
    const counted = () => Number(/packets (\d+)/.exec(nft(['list', 'table', 'bridge', 'netlens_vxlan']).out)?.[1] ?? NaN);
    assert.equal(counted(), 0);

    // live mode's probe, from the agent task on node 3, to each web task's overlay address.
    const bodies: string[] = [];
    for (const t of webTasks) {
      const address = t.addresses.find((a) => a.network === overlayName)!.address;
      const r = await probe(conns.get('n3')!, { from: agentOnN3.id, host: address, port: 8080, timeoutMs: 8000 });
      assert.equal(r.tcp?.status, 'open', `${r.summary} (task on ${t.node})`);
      const page = docker('n3', ['exec', agentOnN3.id, 'sh', '-c', `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${address} 8080`]);
      bodies.push(page.trim().split('\n').pop()!);
    }
    assert.equal(new Set(bodies).size, 2, 'two different web tasks answered');
    const frames = counted();
    assert.ok(frames > 0, `VXLAN frames crossed the test bridge (${frames})`);
    nft(['delete', 'table', 'bridge', 'netlens_vxlan']);

    // In the overlay's namespace on node 3, the VXLAN device forwards to the other nodes' addresses.
    const networkId = docker('n3', ['network', 'inspect', '-f', '{{.Id}}', overlayName]).trim();
    const vni = docker('n3', ['network', 'inspect', '-f', '{{index .Options "com.docker.network.driver.overlay.vxlanid_list"}}', overlayName]).trim();
    const dockerdPid = fs.readFileSync(path.join(env.NETLENS_SWARM_DIR, 'n3', 'dockerd.pid'), 'utf8').trim();
    const overlayNs = path.join(env.NETLENS_SWARM_DIR, 'n3', 'exec', 'netns', `1-${networkId.slice(0, 10)}`);
    const inOverlay = (cmd: string[]) => execFileSync('nsenter', ['-t', dockerdPid, '-m', '--', 'nsenter', `--net=${overlayNs}`, '--', ...cmd], { encoding: 'utf8', timeout: 15_000 });
    assert.match(inOverlay(['ip', '-d', 'link', 'show', 'type', 'vxlan']), new RegExp(`vxlan id ${vni} .*dstport 4789`));
    const destinations = new Set([...inOverlay(['bridge', 'fdb', 'show']).matchAll(/dev vxlan\S* dst (\S+)/g)].map((m) => m[1]));
    assert.deepEqual([...destinations].sort(), [addr('n1'), addr('n2')]);
  });

  it('a host-mode port answers on the node of its task only', () => {
    const onTaskNode = httpGetFrom(netns('n2'), addr('n2'), 8081);
    assert.match(onTaskNode.out, /^HTTP\/1\.[01] 200/m, onTaskNode.out);
    const elsewhere = httpGetFrom(netns('n3'), addr('n3'), 8081);
    assert.match(elsewhere.out, /refused/, elsewhere.out);
  });

  it('the static --stack topology of the stack file agrees with the live picture of the swarm', async () => {
    const analysis = analyse(loadProject({ files: [path.join(dir, 'stack.yaml')], env: {}, stack: STACK }));
    const fromFile = topologyFromAnalysis(analysis);
    const live = manager;
    // Networks: the stack's overlay and the ingress, each with the driver and scope the engine reports.
    for (const name of [`${STACK}_default`, 'ingress']) {
      const f = fromFile.networks.find((n) => n.name === name)!;
      const l = live.networks.find((n) => n.name === name)!;
      assert.ok(f && l, name);
      assert.deepEqual([f.kind, f.driver, f.scope], [l.kind, l.driver, l.scope], name);
    }
    assert.ok(live.networks.some((n) => n.name === 'docker_gwbridge'), 'the engine has docker_gwbridge');
    assert.ok(fromFile.networks.some((n) => n.name === 'docker_gwbridge'), 'the file picture draws it');
    // Services: swarm names, endpoint mode, replicas or global, ports and their publish mode, networks.
    const liveServices = live.swarm!.services.filter((s) => s.name.startsWith(`${STACK}_`));
    assert.deepEqual(fromFile.swarm!.services.map((s) => s.id).sort(), liveServices.map((s) => s.name).sort());
    for (const f of fromFile.swarm!.services) {
      const l = liveServices.find((s) => s.name === f.id)!;
      assert.deepEqual([f.endpoint_mode, f.replicas], [l.endpoint_mode, l.replicas], f.id);
      const ports = (list: typeof f.ports) => list.map((p) => [p.published, p.target, p.protocol, p.mode]);
      assert.deepEqual(ports(f.ports), ports(l.ports), `${f.id} ports`);
      const drawn = fromFile.services.find((s) => s.name === f.name)!.networks.map((n) => n.network).filter((n) => n !== 'docker_gwbridge').sort();
      assert.deepEqual(drawn, l.virtual_ips.map((v) => v.network).sort(), `${f.id} networks`);
    }
    // Names, asked of the swarm's DNS from a task: the service name (and <stack>_<service>) answer with the
    // one VIP on the overlay, tasks.<service> with every task's address, as the file model resolves them.
    const overlay = `${STACK}_default`;
    const agent = manager.containers!.find((c) => c.service === `${STACK}_agent` && c.state === 'running');
    assert.ok(agent, 'the agent task on the manager');
    const web = liveServices.find((s) => s.name === `${STACK}_web`)!;
    const vip = web.virtual_ips.find((v) => v.network === overlay)!.address;
    const taskAddresses = manager.swarm!.tasks.filter((t) => t.service === web.name && t.state === 'running').map((t) => t.addresses.find((a) => a.network === overlay)!.address).sort();
    for (const name of ['web', `${STACK}_web`, 'tasks.web', `tasks.${STACK}_web`]) {
      assert.deepEqual(analysis.model.resolve('agent', name), { kind: 'service', target: 'web', network: 'default', via: name === 'web' ? 'service' : 'alias' }, `the file model resolves ${name}`);
      const r = await probe(conns.get('n1')!, { from: agent.id, host: name, timeoutMs: 8000 });
      assert.equal(r.resolution.status, 'resolved', r.summary);
      assert.deepEqual(r.resolution.addresses.sort(), name.startsWith('tasks.') ? taskAddresses : [vip], r.summary);
    }
  });
});
