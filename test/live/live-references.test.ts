// The file's connections in live mode's picture, against the real engine, through the BUILT server over
// stdio: an nginx.conf the proxy mounts sends to `api`; while both containers (busybox, named with
// `preflight`) are on the project network the arrow runs over it, labelled with the file; once `api` is
// disconnected the arrow is drawn broken. The containers and network are removed by name after.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import type { TopologyDocument } from '../../server/src/topology/types';
import { IMAGE, requireEngine, TEST_LABEL, waitFor } from '../helpers/engine';
import { LspClient } from '../helpers/lspClient';
import { LIVE_START, LIVE_STOP, type EmbeddedReach } from '../../server/src/protocol';
import { pathToUri } from '../../server/src/lsp/locations';

const PROJECT = `netlens-preflight-refs-${process.pid}`;
const FRONT = `${PROJECT}_front`;
const CONTAINERS = [`${PROJECT}-proxy-1`, `${PROJECT}-api-1`];

const COMPOSE = `name: ${PROJECT}
services:
  proxy:
    image: nginx:1.27
    volumes:
      - ./nginx.conf:/etc/nginx/nginx.conf:ro
    networks: [front]
  api:
    image: ${IMAGE}
    networks: [front]
networks:
  front: {}
`;
const NGINX = 'events {}\nhttp {\n  server {\n    listen 80;\n    location / { proxy_pass http://api:8080; }\n  }\n}\n';

async function cleanUp(docker: Dockerode): Promise<void> {
  for (const name of CONTAINERS) await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
  await waitFor(`network ${FRONT} removed`, 30_000, async () => {
    await docker.getNetwork(FRONT).remove().catch(() => undefined);
    return (await docker.listNetworks({ filters: { name: [FRONT] } })).some((n) => n.Name === FRONT) ? undefined : true;
  }, 500);
}

describe('live picture: the file’s connections on the engine, mounted files’ included (real engine)', function () {
  this.timeout(120_000);
  let docker: Dockerode;
  let dir: string;
  let lsp: LspClient | undefined;

  before(async () => {
    docker = (await requireEngine()).docker;
    await cleanUp(docker);
    await docker.createNetwork({ Name: FRONT, Driver: 'bridge', CheckDuplicate: true, Labels: { ...TEST_LABEL, 'com.docker.compose.project': PROJECT, 'com.docker.compose.network': 'front' } });
    for (const service of ['proxy', 'api']) {
      const c = await docker.createContainer({
        Image: IMAGE,
        name: `${PROJECT}-${service}-1`,
        Cmd: ['sleep', '600'],
        Labels: { ...TEST_LABEL, 'com.docker.compose.project': PROJECT, 'com.docker.compose.service': service, 'com.docker.compose.container-number': '1', 'com.docker.compose.oneoff': 'False' },
        HostConfig: { NetworkMode: FRONT },
        NetworkingConfig: { EndpointsConfig: { [FRONT]: { Aliases: [service] } } },
      });
      await c.start();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-live-refs-'));
    fs.writeFileSync(path.join(dir, 'compose.yaml'), COMPOSE);
    fs.writeFileSync(path.join(dir, 'nginx.conf'), NGINX);
  });

  after(async () => {
    lsp?.stop();
    if (docker) await cleanUp(docker);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('draws the nginx.conf upstream over the network the containers share, then broken once they share none', async () => {
    lsp = await LspClient.start({ initializationOptions: { diagnosticsDelay: 0, workspaceTrusted: true } });
    const uri = lsp.open(path.join(dir, 'compose.yaml'));
    const arrow = async () => {
      const doc = await lsp!.request<TopologyDocument>('netlens/topology', { uri, source: 'live' }, 30_000);
      assert.equal(doc.source, 'live');
      return doc.references.find((r) => r.from === 'proxy' && r.to === 'api');
    };
    const up = await arrow();
    assert.ok(up, 'the upstream is drawn');
    assert.deepEqual([up.file, up.resolution, up.network, up.port], ['nginx.conf', 'service', FRONT, 8080]);
    await docker.getNetwork(FRONT).disconnect({ Container: `${PROJECT}-api-1`, Force: true });
    const down = await arrow();
    assert.deepEqual([down?.file, down?.resolution, down?.network, down?.reason], ['nginx.conf', 'unreachable', null, 'no-shared-network']);
  });

  it('while live, the broken upstream is a `connection-broken` diagnostic in the nginx.conf that holds it', async () => {
    // The previous test left `api` disconnected from the project network.
    lsp ??= await LspClient.start({ initializationOptions: { diagnosticsDelay: 0, workspaceTrusted: true } });
    lsp.open(path.join(dir, 'compose.yaml'));
    await lsp.request(LIVE_START, { uri: pathToUri(path.join(dir, 'compose.yaml')) }, 30_000);
    const conf = path.join(dir, 'nginx.conf');
    const diagnostics = await lsp.waitForDiagnostics(conf, (d) => d.some((x) => x.code === 'connection-broken'), 'connection-broken in nginx.conf', 60_000);
    const broken = diagnostics.find((x) => x.code === 'connection-broken')!;
    assert.equal(broken.range.start.line, 4);
    const text = typeof broken.message === 'string' ? broken.message : broken.message.value;
    assert.ok(text.includes(`\`${PROJECT}-api-1\` is not attached to \`${FRONT}\``), text);
    await lsp.request(LIVE_STOP, { uri: pathToUri(path.join(dir, 'compose.yaml')) }, 30_000);
  });

  it('`netlens topology --live DIR` draws the file\u2019s connections on the engine too, the mounted upstream broken', () => {
    const bin = path.resolve(__dirname, '../../../bin/netlens.js');
    const r = spawnSync(process.execPath, [bin, 'topology', '--live', dir], { encoding: 'utf8', timeout: 60_000, env: process.env });
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as TopologyDocument;
    assert.equal(doc.source, 'live');
    assert.deepEqual(doc.services.map((s) => s.name).sort(), ['api', 'proxy']);
    const up = doc.references.find((x) => x.from === 'proxy' && x.to === 'api');
    assert.deepEqual([up?.file, up?.resolution, up?.reason], ['nginx.conf', 'unreachable', 'no-shared-network']);
  });

  it('`netlens topology --live --format html DIR` carries the reachability matrix as the static export does: the file\u2019s verdicts, as `netlens reach` prints them', () => {
    const bin = path.resolve(__dirname, '../../../bin/netlens.js');
    const out = path.join(dir, 'live.html');
    const r = spawnSync(process.execPath, [bin, 'topology', '--live', '--format', 'html', '--out', out, dir], { encoding: 'utf8', timeout: 60_000, env: process.env });
    assert.equal(r.status, 0, r.stderr);
    const html = fs.readFileSync(out, 'utf8');
    const block = /<script type="application\/json" id="netlens-reach">([\s\S]*?)<\/script>/.exec(html);
    assert.ok(block, 'the page carries the matrix');
    const carried = JSON.parse(block[1]) as EmbeddedReach;
    const printed = spawnSync(process.execPath, [bin, 'reach', '--format', 'json', dir], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(printed.status, 0, printed.stderr);
    const pairs = (JSON.parse(printed.stdout) as { pairs: Array<{ from: string; to: string; reachable: boolean }> }).pairs;
    const { matrix } = carried;
    assert.ok(matrix.sources.includes('proxy') && matrix.targets.includes('api'), JSON.stringify(matrix));
    let compared = 0;
    for (const p of pairs) {
      const row = matrix.sources.indexOf(p.from);
      const col = matrix.targets.indexOf(p.to);
      if (row < 0 || col < 0) continue;
      assert.equal(matrix.kinds[matrix.cells[row][col]].reachable, p.reachable, `${p.from} → ${p.to}`);
      compared++;
    }
    assert.ok(compared >= 2, `${compared} pairs compared`);
    assert.ok(carried.pairs?.some((p) => p.from === 'proxy' && p.to === 'api' && p.reachable), 'proxy → api in full');
    // Without the project's files there is nothing to judge pairs by: the command says so.
    const named = spawnSync(process.execPath, [bin, 'topology', '--live', '--project', PROJECT, '--format', 'html', '--out', path.join(dir, 'named.html')], { encoding: 'utf8', timeout: 60_000, env: process.env });
    assert.equal(named.status, 0, named.stderr);
    assert.match(named.stderr, /no reachability matrix: name the project's folder/);
    assert.doesNotMatch(fs.readFileSync(path.join(dir, 'named.html'), 'utf8'), /id="netlens-reach"/);
  });
});
