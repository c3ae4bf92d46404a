// The model of a stack (`--stack NAME`): what `docker stack deploy` makes of a Compose file (facts 20–22),
// and a Compose file without the flag left exactly as it was.
import * as assert from 'node:assert/strict';
import { topologyElements } from '../../server/src/topology/elements';
import { topologyFromAnalysis } from '../../server/src/topology/fromModel';
import { check } from '../helpers/project';

const FILE = `name: ignored-by-stacks
services:
  web:
    image: nginx
    ports: ["8080:80", { target: 443, published: 8443, mode: host }]
    networks: [default, back]
    environment:
      API: http://api:9000
      TASKS: tasks.api:9000
      FULL: http://shop_api:9000
      DB: postgres://db:5432/app
  api:
    image: example/api
    networks:
      back:
        aliases: [backend]
    deploy:
      replicas: 3
  db:
    image: postgres
    networks: [back]
    deploy:
      endpoint_mode: dnsrr
      mode: global
networks:
  back: {}
  shared:
    external: true
    name: shared-overlay
`;

describe('the network model of a stack (docker stack deploy semantics)', () => {
  it('networks default to the overlay driver with swarm scope, named <stack>_<key>; the default network is <stack>_default', () => {
    const a = check({ 'compose.yaml': FILE }, { stack: 'shop' });
    assert.equal(a.model.projectName, 'shop', 'the stack name, not `name:`');
    const nets = [...a.model.networks.values()].map((n) => [n.key, n.name, n.driver, n.scope]);
    assert.deepEqual(nets.sort(), [
      ['back', 'shop_back', 'overlay', 'swarm'],
      ['default', 'shop_default', 'overlay', 'swarm'],
      ['shared', 'shared-overlay', 'overlay', 'swarm'],
    ]);
    assert.deepEqual(a.findings.filter((f) => f.rule === 'overlay-without-swarm'), [], 'stack services join any overlay');
  });

  it('names: the service, <stack>_<service> and tasks.<service> resolve on shared networks; aliases too', () => {
    const a = check({ 'compose.yaml': FILE }, { stack: 'shop' });
    for (const host of ['api', 'shop_api', 'tasks.api', 'tasks.shop_api', 'backend']) {
      assert.deepEqual(a.model.resolve('web', host), { kind: 'service', target: 'api', network: 'back', via: host === 'api' ? 'service' : 'alias' }, host);
    }
    assert.deepEqual(a.model.namesOn('api', 'back').sort(), ['api', 'backend', 'shop_api', 'tasks.api', 'tasks.shop_api']);
    assert.deepEqual(a.findings.filter((f) => f.rule === 'unknown-host' || f.rule === 'no-shared-network'), []);
  });

  it('the swarm side: endpoint mode, replicated or global, ports through the mesh unless mode: host', () => {
    const a = check({ 'compose.yaml': FILE }, { stack: 'shop' });
    const api = a.model.services.get('api')!;
    const db = a.model.services.get('db')!;
    const web = a.model.services.get('web')!;
    assert.deepEqual([api.stack?.name, api.stack?.mode, api.replicas, api.endpointMode], ['shop_api', 'replicated', 3, 'vip']);
    assert.deepEqual([db.stack?.mode, db.endpointMode], ['global', 'dnsrr']);
    assert.deepEqual(web.ports.map((p) => [p.published, p.mode]), [[8080, 'ingress'], [8443, 'host']]);
  });

  it('the topology draws overlays, the ingress for meshed ports and docker_gwbridge, and a swarm section', () => {
    const doc = topologyFromAnalysis(check({ 'compose.yaml': FILE }, { stack: 'shop' }));
    assert.equal(doc.project, 'shop');
    assert.deepEqual(doc.networks.map((n) => [n.name, n.kind, n.driver, n.scope]), [
      ['shop_back', 'swarm', 'overlay', 'swarm'],
      ['shared-overlay', 'external', 'overlay', 'swarm'],
      ['shop_default', 'swarm', 'overlay', 'swarm'],
      ['ingress', 'ingress', 'overlay', 'swarm'],
      ['docker_gwbridge', 'external', 'bridge', 'local'],
    ]);
    const web = doc.services.find((s) => s.name === 'web')!;
    assert.deepEqual(web.networks.map((n) => n.network), ['shop_default', 'shop_back', 'ingress', 'docker_gwbridge']);
    assert.deepEqual(doc.services.find((s) => s.name === 'api')!.networks.map((n) => n.network), ['shop_back', 'docker_gwbridge'], 'no published port: no ingress');
    assert.deepEqual(doc.swarm!.services.map((s) => [s.id, s.name, s.endpoint_mode, s.replicas]), [
      ['shop_web', 'web', 'vip', 1],
      ['shop_api', 'api', 'vip', 3],
      ['shop_db', 'db', 'dnsrr', null],
    ]);
    assert.deepEqual(doc.swarm!.services[0].ports.map((p) => [p.published, p.mode]), [[8080, 'ingress'], [8443, 'host']]);
  });

  it('without --stack, the same file is the Compose project it was: bridges, project name from the file, no swarm section', () => {
    const a = check({ 'compose.yaml': FILE });
    assert.equal(a.model.projectName, 'ignored-by-stacks');
    assert.deepEqual([...a.model.networks.values()].map((n) => [n.name, n.driver, n.scope]).sort(), [
      ['ignored-by-stacks_back', 'bridge', undefined],
      ['ignored-by-stacks_default', 'bridge', undefined],
      ['shared-overlay', 'bridge', undefined],
    ]);
    assert.equal(a.model.resolve('web', 'tasks.api').kind, 'external');
    const doc = topologyFromAnalysis(a);
    assert.equal(doc.swarm, undefined);
    assert.ok(!doc.networks.some((n) => n.name === 'ingress' || n.name === 'docker_gwbridge'));
  });

  it('a stack reads no .env: only its own environment (docker stack deploy)', () => {
    const files = { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: ["${PORT:-80}:80"]\n', '.env': 'PORT=9000\n' };
    assert.deepEqual(check(files, { stack: 'shop' }).model.services.get('web')!.ports.map((p) => p.published), [80]);
    assert.deepEqual(check(files).model.services.get('web')!.ports.map((p) => p.published), [9000]);
    assert.deepEqual(check(files, { stack: 'shop', env: { PORT: '7000' } }).model.services.get('web')!.ports.map((p) => p.published), [7000]);
  });

  it('the panel draws the stack: overlays, the routing mesh network, and each service says VIP or dnsrr', () => {
    const elements = topologyElements(topologyFromAnalysis(check({ 'compose.yaml': FILE }, { stack: 'shop' })));
    const label = (id: string) => elements.find((e) => e.data.id === id)?.data.label ?? '';
    assert.match(label('net:ingress'), /routing mesh/);
    assert.ok(elements.some((e) => e.data.id === 'net:docker_gwbridge'));
    const tooltip = (name: string) => elements.find((e) => e.data.kind === 'service' && e.data.id.endsWith(`:${name}`))?.data.tooltip ?? '';
    assert.match(tooltip('db'), /endpoint mode: dnsrr/);
    assert.match(tooltip('api'), /endpoint mode: vip/);
  });
});
