// Live mode without an engine: which engine is chosen, how failures are worded, how a recorded
// engine answer (a 3-node swarm) becomes a topology document, drift against a made-up live document,
// and the parsing of probe tool output. The real-engine tests are in test/live/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadProject } from '../../server/src/compose/project';
import * as net from 'node:net';
import { spawnSync } from 'node:child_process';
import { connectEngine, explainEngineError } from '../../server/src/live/connection';
import { driftFindings } from '../../server/src/live/drift';
import { settleDrift } from '../../server/src/analysis';
import { parseGetent, parseNslookup } from '../../server/src/live/probe';
import type { EngineAnswer } from '../../server/src/live/read';
import { topologyFromEngine } from '../../server/src/live/snapshot';
import { resolveEngineTarget } from '../../server/src/live/target';
import { isRelevantEvent } from '../../server/src/live/watch';
import { buildNetworkModel } from '../../server/src/network/model';
import type { TopologyDocument } from '../../server/src/topology/types';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/live');

describe('live: choosing the engine', () => {
  let home: string;
  beforeEach(() => (home = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-home-'))));
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('the setting wins over DOCKER_HOST, which wins over the context, which wins over the default socket', () => {
    const env = { DOCKER_HOST: 'tcp://10.1.2.3:2375' };
    assert.equal(resolveEngineTarget({ host: 'unix:///tmp/x.sock', env, home }).socketPath, '/tmp/x.sock');
    const t = resolveEngineTarget({ env, home });
    assert.deepEqual([t.source, t.transport, t.host, t.port, t.tls], ['DOCKER_HOST', 'tcp', '10.1.2.3', 2375, undefined]);
    const d = resolveEngineTarget({ env: {}, home, platform: 'linux' });
    assert.deepEqual([d.source, d.socketPath], ['default', '/var/run/docker.sock']);
  });

  it('DOCKER_TLS_VERIFY with DOCKER_CERT_PATH reads ca/cert/key and defaults to port 2376', () => {
    const certs = path.join(home, 'certs');
    fs.mkdirSync(certs);
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) fs.writeFileSync(path.join(certs, f), `-- ${f} --`);
    const t = resolveEngineTarget({ env: { DOCKER_HOST: 'tcp://engine.example:', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }, home });
    assert.equal(t.problem, undefined);
    assert.equal(t.port, 2376);
    assert.equal(t.tls?.verify, true);
    assert.equal(t.tls?.ca, '-- ca.pem --');
    assert.equal(t.tls?.key, '-- key.pem --');
  });

  it('ssh addresses keep user, host and port', () => {
    const t = resolveEngineTarget({ env: { DOCKER_HOST: 'ssh://deploy@build.example:2222' }, home });
    assert.deepEqual([t.transport, t.username, t.host, t.port], ['ssh', 'deploy', 'build.example', 2222]);
  });

  it('the current context is read from config.json and contexts/meta/*/meta.json; DOCKER_CONTEXT overrides it', () => {
    const docker = path.join(home, '.docker');
    fs.mkdirSync(path.join(docker, 'contexts', 'meta', 'abc123'), { recursive: true });
    fs.mkdirSync(path.join(docker, 'contexts', 'meta', 'def456'), { recursive: true });
    fs.writeFileSync(path.join(docker, 'config.json'), JSON.stringify({ currentContext: 'rootless' }));
    fs.writeFileSync(path.join(docker, 'contexts', 'meta', 'abc123', 'meta.json'), JSON.stringify({ Name: 'rootless', Endpoints: { docker: { Host: 'unix:///run/user/1000/docker.sock' } } }));
    fs.writeFileSync(path.join(docker, 'contexts', 'meta', 'def456', 'meta.json'), JSON.stringify({ Name: 'remote', Endpoints: { docker: { Host: 'ssh://me@remote' } } }));
    const t = resolveEngineTarget({ env: {}, home });
    assert.deepEqual([t.source, t.context, t.socketPath], ['context', 'rootless', '/run/user/1000/docker.sock']);
    const r = resolveEngineTarget({ env: { DOCKER_CONTEXT: 'remote' }, home });
    assert.deepEqual([r.transport, r.host, r.username], ['ssh', 'remote', 'me']);
    const missing = resolveEngineTarget({ env: { DOCKER_CONTEXT: 'gone' }, home });
    assert.match(missing.problem ?? '', /context "gone" is not in/);
  });

  it('a context named default means the default socket', () => {
    fs.mkdirSync(path.join(home, '.docker'));
    fs.writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'default' }));
    assert.equal(resolveEngineTarget({ env: {}, home, platform: 'linux' }).source, 'default');
  });
});

describe('live: failures in words a user can act on', () => {
  const unix = resolveEngineTarget({ host: 'unix:///var/run/nothing.sock', env: {} });
  it('no socket, permission denied, refused, TLS, timeout', () => {
    const noSocket = explainEngineError(Object.assign(new Error('connect ENOENT /var/run/nothing.sock'), { code: 'ENOENT' }), unix);
    assert.equal(noSocket.code, 'no-socket');
    assert.match(noSocket.message, /\/var\/run\/nothing\.sock does not exist\. Start Docker/);
    const perm = explainEngineError(Object.assign(new Error('connect EACCES'), { code: 'EACCES' }), unix);
    assert.equal(perm.code, 'permission');
    assert.match(perm.message, /usermod -aG docker/);
    assert.equal(explainEngineError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), unix).code, 'refused');
    const tcp = resolveEngineTarget({ host: 'tcp://127.0.0.1:1', env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nonexistent' } });
    assert.equal(explainEngineError(Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), tcp).code, 'tls');
    assert.equal(explainEngineError(Object.assign(new Error('socket hang up'), { code: 'ETIMEDOUT' }), tcp).code, 'timeout');
  });
});

describe('live: real connection failures', () => {
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-sock-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('a socket that does not exist: no-socket, with what to do', async () => {
    const r = await connectEngine({ host: `unix://${tmp}/none.sock`, env: {}, timeoutMs: 3000 });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.error.code, 'no-socket');
      assert.match(r.error.message, /does not exist\. Start Docker/);
    }
  });

  it('an engine that accepts and never answers: a timeout, not a hang', async () => {
    const sock = path.join(tmp, 'silent.sock');
    const held: net.Socket[] = [];
    const server = net.createServer((s) => held.push(s)).listen(sock);
    await new Promise((r) => server.once('listening', r));
    try {
      const r = await connectEngine({ host: `unix://${sock}`, env: {}, timeoutMs: 500 });
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.error.code, 'timeout', r.error.message);
    } finally {
      for (const s of held) s.destroy();
      server.close();
    }
  });

  it('an engine too old for live mode is named as such', async () => {
    const sock = path.join(tmp, 'old.sock');
    const server = net
      .createServer((s) => s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"Version":"1.12.6","ApiVersion":"1.24"}')))
      .listen(sock);
    await new Promise((r) => server.once('listening', r));
    try {
      const r = await connectEngine({ host: `unix://${sock}`, env: {}, timeoutMs: 3000 });
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.error.code, 'too-old');
        assert.match(r.error.message, /API 1\.24.*needs API 1\.30/);
      }
    } finally {
      server.close();
    }
  });

  it('check --live with no engine exits 2 and says why', () => {
    const bin = path.resolve(__dirname, '../../../bin/netlens.js');
    const r = spawnSync(process.execPath, [bin, 'check', '--live', 'examples'], {
      cwd: path.resolve(__dirname, '../../..'),
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: process.env.PATH ?? '', DOCKER_HOST: `unix://${tmp}/none.sock`, HOME: tmp },
    });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /netlens: live mode: No Docker engine: .*none\.sock does not exist/);
  });

  it('topology --live takes --project or a Compose folder, not both; a bad folder is a usage error', () => {
    const bin = path.resolve(__dirname, '../../../bin/netlens.js');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [bin, 'topology', '--live', ...args], {
        cwd: path.resolve(__dirname, '../../..'),
        encoding: 'utf8',
        timeout: 30_000,
        env: { PATH: process.env.PATH ?? '', DOCKER_HOST: `unix://${tmp}/none.sock`, HOME: tmp },
      });
    const both = run('--project', 'shop', 'examples');
    assert.equal(both.status, 2);
    assert.match(both.stderr, /give --project or a Compose folder \(or -f\), not both/);
    const missing = run('no-such-folder');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no-such-folder: no such folder/);
    // The folder loads; then the engine is asked (none here).
    const folder = run('examples');
    assert.equal(folder.status, 2);
    assert.match(folder.stderr, /netlens: live mode: No Docker engine/);
  });
});

describe('live: a recorded 3-node swarm renders with its tasks per node', () => {
  const answer = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'swarm-3-nodes.json'), 'utf8')) as EngineAnswer;
  const doc = topologyFromEngine(answer, { address: 'unix:///var/run/docker.sock' });

  it('has three nodes, and the tasks of each service on the nodes that run them', () => {
    assert.equal(doc.source, 'live');
    assert.deepEqual(doc.swarm?.nodes.map((n) => [n.hostname, n.role]), [['mgr-1', 'manager'], ['worker-1', 'worker'], ['worker-2', 'worker']]);
    const tasksOf = (svc: string) => doc.swarm!.tasks.filter((t) => t.service === svc).map((t) => t.node);
    assert.deepEqual(tasksOf('shop_web'), ['mgr-1', 'worker-1', 'worker-2']);
    assert.deepEqual(tasksOf('shop_db'), ['worker-2']);
    // The replaced task (desired: shutdown) is history, not drawn.
    assert.equal(doc.swarm!.tasks.length, 4);
    assert.deepEqual(doc.swarm!.tasks.find((t) => t.id === 't2web')?.addresses, [{ network: 'ingress', address: '10.0.0.6' }, { network: 'shop_backend', address: '10.0.1.7' }]);
  });

  it('VIP vs DNSRR (fact 21) and ingress vs host publishing (fact 22)', () => {
    const web = doc.swarm!.services.find((s) => s.name === 'shop_web')!;
    const db = doc.swarm!.services.find((s) => s.name === 'shop_db')!;
    assert.equal(web.endpoint_mode, 'vip');
    assert.deepEqual(web.virtual_ips, [{ network: 'ingress', address: '10.0.0.2' }, { network: 'shop_backend', address: '10.0.1.2' }]);
    assert.deepEqual(web.ports, [{ host_ip: null, published: 8080, target: 80, protocol: 'tcp', mode: 'ingress' }]);
    assert.equal(db.endpoint_mode, 'dnsrr');
    assert.deepEqual(db.virtual_ips, []);
    assert.equal(db.ports[0].mode, 'host');
  });

  it('services: the local task as a service with its real addresses, the remote-only service from its spec', () => {
    const web = doc.services.find((s) => s.name === 'shop_web')!;
    assert.equal(web.replicas, 3);
    assert.deepEqual(web.networks.map((n) => [n.network, n.ipv4, n.mac]), [['ingress', '10.0.0.5', '02:42:0a:00:00:05'], ['shop_backend', '10.0.1.6', '02:42:0a:00:01:06']]);
    const db = doc.services.find((s) => s.name === 'shop_db')!;
    assert.equal(db.image, 'postgres:16');
    assert.equal(db.state, 'running');
    assert.deepEqual(doc.containers?.map((c) => [c.project, c.service, c.state]), [['shop', 'shop_web', 'running']]);
  });

  it('networks: ingress drawn as such, overlay scope swarm, default bridge, host and none', () => {
    const kinds = Object.fromEntries(doc.networks.map((n) => [n.name, n.kind]));
    assert.deepEqual(kinds, { bridge: 'default-bridge', docker_gwbridge: 'external', host: 'host', ingress: 'ingress', none: 'none', shop_backend: 'swarm' });
    const ovl = doc.networks.find((n) => n.name === 'shop_backend')!;
    assert.deepEqual([ovl.scope, ovl.driver, ovl.subnets, ovl.gateways], ['swarm', 'overlay', ['10.0.1.0/24'], ['10.0.1.1']]);
  });

  it('a project filter keeps the stack and its networks', () => {
    const shop = topologyFromEngine(answer, { project: 'shop' });
    assert.deepEqual(shop.services.map((s) => s.name), ['shop_db', 'shop_web']);
    assert.deepEqual(shop.networks.map((n) => n.name).sort(), ['ingress', 'shop_backend']);
    assert.equal(topologyFromEngine(answer, { project: 'other' }).services.length, 0);
  });
});

describe('live: drift between the file and a live document', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-drift-'));
    fs.writeFileSync(
      path.join(dir, 'compose.yaml'),
      `name: shop
services:
  web:
    image: nginx
    ports: ["8080:80"]
    networks: [front]
  api:
    image: api
    networks:
      back:
        ipv4_address: 172.30.0.10
  db:
    image: postgres
    networks: [back, shared]
networks:
  front:
  back:
    ipam:
      config: [{ subnet: 172.30.0.0/24 }]
  shared:
    external: true
`,
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const container = (name: string, service: string, project: string, networks: Array<[string, string]>, ports: Array<[number, number]> = []) => ({
    id: name,
    name,
    service,
    project,
    state: 'running',
    image: 'x',
    networks: networks.map(([network, ipv4]) => ({ network, ipv4, ipv6: null, mac: null, aliases: [] })),
    ports: ports.map(([published, target]) => ({ host_ip: '0.0.0.0', published, target, protocol: 'tcp' as const })),
  });
  const net = (name: string, project?: string) => ({ name, kind: 'project' as const, driver: 'bridge', internal: false, external: false, attachable: false, subnets: [], labels: (project ? { 'com.docker.compose.project': project } : {}) as Record<string, string> });

  it('reports each kind with its own rule id, on the place in the file', () => {
    const live: TopologyDocument = {
      version: 1,
      source: 'live',
      project: '',
      networks: [net('shop_front', 'shop'), net('shop_back', 'shop'), net('shop_old', 'shop'), net('elsewhere')],
      services: [],
      references: [],
      findings: [],
      containers: [
        container('shop-web-1', 'web', 'shop', [['shop_front', '172.31.0.2'], ['elsewhere', '172.29.0.5']], [[8081, 80]]),
        container('other-x-1', 'x', 'other', [['shop_back', '172.30.0.10']]),
      ],
    };
    const model = buildNetworkModel(loadProject({ dir, env: {} }));
    const found = driftFindings(model, live).map((f) => `${f.rule} ${f.service ?? '-'}`).sort();
    assert.deepEqual(found, [
      'attachment-extra web',
      'external-network-missing -',
      'network-unexpected -',
      'ports-differ web',
      'ports-differ web',
      'service-not-running api',
      'service-not-running db',
      'static-ip-taken api',
    ]);
    const ext = driftFindings(model, live).find((f) => f.rule === 'external-network-missing')!;
    const text = fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8').slice(ext.loc.start, ext.loc.end);
    assert.equal(text, 'shared');
  });

  it('`# netlens-disable` comments silence drift as they silence the static rules', () => {
    const live: TopologyDocument = { version: 1, source: 'live', project: '', networks: [net('shop_front', 'shop'), net('shop_back', 'shop')], services: [], references: [], findings: [], containers: [] };
    const silenced = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-drift-off-'));
    try {
      const text = fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8')
        .replace('  api:\n', '  # netlens-disable-next-line service-not-running\n  api:\n')
        .replace('  shared:\n    external', '  # netlens-disable-next-line\n  shared:\n    external');
      fs.writeFileSync(path.join(silenced, 'compose.yaml'), text);
      const found = (d: string) => {
        const model = buildNetworkModel(loadProject({ dir: d, env: {} }));
        return settleDrift(model, driftFindings(model, live)).map((f) => `${f.rule} ${f.service ?? '-'}`).sort();
      };
      assert.deepEqual(found(dir), ['external-network-missing -', 'service-not-running api', 'service-not-running db', 'service-not-running web']);
      assert.deepEqual(found(silenced), ['service-not-running db', 'service-not-running web']);
      fs.writeFileSync(path.join(silenced, 'compose.yaml'), `# netlens-disable service-not-running\n${text}`);
      assert.deepEqual(found(silenced), []);
    } finally {
      fs.rmSync(silenced, { recursive: true, force: true });
    }
  });

  it('is silent when what runs is what the file says', () => {
    const live: TopologyDocument = {
      version: 1,
      source: 'live',
      project: '',
      networks: [net('shop_front', 'shop'), net('shop_back', 'shop'), net('shared')],
      services: [],
      references: [],
      findings: [],
      containers: [
        container('shop-web-1', 'web', 'shop', [['shop_front', '172.31.0.2']], [[8080, 80]]),
        container('shop-api-1', 'api', 'shop', [['shop_back', '172.30.0.10']]),
        container('shop-db-1', 'db', 'shop', [['shop_back', '172.30.0.3'], ['shared', '172.28.0.2']]),
      ],
    };
    assert.deepEqual(driftFindings(buildNetworkModel(loadProject({ dir, env: {} })), live), []);
  });
});

describe('live: connection-broken — the file\u2019s connections the running containers cannot make', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-broken-'));
    fs.writeFileSync(
      path.join(dir, 'compose.yaml'),
      `name: shop
services:
  proxy:
    image: nginx
    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]
    networks: [front]
  api:
    image: api
    environment:
      DATABASE_URL: postgres://db:5432/shop
    networks: [front, back]
  sidecar:
    image: tool
    network_mode: service:api
    environment:
      DB_HOST_URL: postgres://db:5432/shop
  db:
    image: postgres
    networks: [back]
networks:
  front:
  back:
`,
    );
    fs.writeFileSync(path.join(dir, 'nginx.conf'), 'events {}\nhttp {\n  server {\n    listen 80;\n    location / { proxy_pass http://api:8080; }\n  }\n}\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const container = (service: string, networks: string[], state = 'running') => ({
    id: `shop-${service}-1`,
    name: `shop-${service}-1`,
    service,
    project: 'shop',
    state,
    image: 'x',
    container_number: 1,
    networks: networks.map((network) => ({ network, ipv4: '172.30.0.9', ipv6: null, mac: null, aliases: [] })),
    ports: [],
  });
  const live = (containers: ReturnType<typeof container>[]): TopologyDocument => ({
    version: 1,
    source: 'live',
    project: '',
    networks: ['shop_front', 'shop_back'].map((name) => ({ name, kind: 'project' as const, driver: 'bridge', internal: false, external: false, attachable: false, subnets: [], labels: { 'com.docker.compose.project': 'shop' } })),
    services: [],
    references: [],
    findings: [],
    containers,
  });
  const broken = (containers: ReturnType<typeof container>[]) => {
    const model = buildNetworkModel(loadProject({ dir, env: {} }));
    return driftFindings(model, live(containers)).filter((f) => f.rule === 'connection-broken');
  };

  it('is silent while the containers share the file\u2019s networks, or while one end does not run', () => {
    assert.deepEqual(broken([container('proxy', ['shop_front']), container('api', ['shop_front', 'shop_back']), container('sidecar', []), container('db', ['shop_back'])]), []);
    assert.deepEqual(broken([container('proxy', ['shop_front']), container('api', ['shop_back'], 'exited'), container('db', ['shop_back'])]), []);
  });

  it('finds the mounted nginx upstream broken where it is written, naming the container off the network', () => {
    const found = broken([container('proxy', ['shop_front']), container('api', ['shop_back']), container('db', ['shop_back'])]);
    assert.equal(found.length, 1);
    const [f] = found;
    assert.equal(path.basename(f.loc.file), 'nginx.conf');
    assert.equal(fs.readFileSync(f.loc.file, 'utf8').slice(f.loc.start, f.loc.end), 'api');
    assert.equal(f.service, 'proxy');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /`proxy` connects to `api`:8080 \(`proxy_pass`\) over `shop_front`/);
    assert.match(f.message, /`shop-api-1` is not attached to `shop_front`/);
    assert.match(f.message, /docker compose up -d proxy api/);
    assert.equal(fs.readFileSync(f.related[0].loc.file, 'utf8').slice(f.related[0].loc.start, f.related[0].loc.end), 'api');
  });

  it('judges a namespace member by its owner\u2019s container, and Compose values as mounted ones', () => {
    const found = broken([container('proxy', ['shop_front']), container('api', ['shop_front']), container('sidecar', []), container('db', ['shop_back'])]);
    assert.deepEqual(found.map((f) => `${f.service} ${path.basename(f.loc.file)} ${fs.readFileSync(f.loc.file, 'utf8').slice(f.loc.start, f.loc.end)}`).sort(), ['api compose.yaml db', 'sidecar compose.yaml db']);
  });
});

describe('live: reading probe tools and events', () => {
  it('nslookup (busybox) answer addresses, not the server’s', () => {
    const out = 'Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tdb\nAddress: 172.18.0.3\n\n';
    assert.deepEqual(parseNslookup(out), ['172.18.0.3']);
    assert.deepEqual(parseNslookup(';; connection timed out; no servers could be reached\n'), []);
    assert.deepEqual(parseGetent('172.18.0.3      db\n'), ['172.18.0.3']);
  });
  it('only network-relevant events cause a re-read', () => {
    assert.equal(isRelevantEvent({ Type: 'container', Action: 'start' }), true);
    assert.equal(isRelevantEvent({ Type: 'network', Action: 'disconnect' }), true);
    assert.equal(isRelevantEvent({ Type: 'container', Action: 'exec_start: sh' }), false);
    assert.equal(isRelevantEvent({ Type: 'image', Action: 'pull' }), false);
  });
});
