// The file-side topology document: the bundled example and rule fixtures, against the contract
// of server/src/topology/types.ts and the facts of shared/docs/docker-networking.md.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadProject } from '../../../server/src/compose/project';
import { analyse } from '../../../server/src/analysis';
import { topologyFromAnalysis } from '../../../server/src/topology/fromModel';
import type { TopologyDocument } from '../../../server/src/topology/types';
import { analyseFixture } from '../../helpers/fixtures';
import { check } from '../../helpers/project';

const EXAMPLE = path.resolve(__dirname, '../../../../examples');

function example(): TopologyDocument {
  return topologyFromAnalysis(analyse(loadProject({ dir: EXAMPLE, env: {} })));
}

describe('topology from the file', () => {
  it('the example: networks with engine names, kinds and drivers (facts 12, 5)', () => {
    const doc = example();
    assert.equal(doc.version, 1);
    assert.equal(doc.source, 'file');
    assert.equal(doc.project, 'shop');
    const nets = Object.fromEntries(doc.networks.map((n) => [n.name, n]));
    assert.deepEqual(Object.keys(nets).sort(), ['bridge', 'shop_backend', 'shop_frontend']);
    assert.equal(nets.shop_frontend.kind, 'project');
    assert.equal(nets.shop_frontend.key, 'frontend');
    assert.equal(nets.shop_frontend.driver, 'bridge');
    assert.equal(nets.bridge.kind, 'default-bridge');
    assert.equal(nets.bridge.key, undefined);
    assert.ok(nets.shop_backend.loc, 'a declared network links back to its key');
    assert.equal(path.basename(nets.shop_backend.loc!.file), 'compose.yaml');
    assert.equal(nets.shop_backend.loc!.range.start.line, 54, "`backend:` is on line 55 (0-based 54)");
  });

  it('the example: services with images, names per network, ports and the default bridge', () => {
    const doc = example();
    const svc = Object.fromEntries(doc.services.map((s) => [s.name, s]));
    assert.deepEqual(Object.keys(svc), ['web', 'api', 'worker', 'db', 'cache']);
    assert.equal(svc.web.image, 'nginx:1.27-alpine');
    assert.equal(svc.api.image, null, 'a build-only service has no image');
    assert.equal(svc.api.replicas, 1);
    assert.deepEqual(svc.web.ports, [{ host_ip: null, published: 8080, target: 80, protocol: 'tcp', mode: 'ingress' }]);
    assert.deepEqual(svc.api.networks.map((a) => a.network), ['shop_frontend', 'shop_backend']);
    const back = svc.api.networks.find((a) => a.network === 'shop_backend')!;
    assert.ok(back.names!.includes('api'), 'the service name resolves on its networks (fact 5)');
    assert.equal(back.ipv4, null);
    assert.equal(back.mac, null);
    assert.equal(svc.worker.network_mode, 'bridge');
    assert.deepEqual(svc.worker.networks.map((a) => [a.network, a.names]), [['bridge', []]], 'no names on the default bridge (fact 6)');
    assert.equal(svc.db.loc!.range.start.line, 39);
  });

  it('the example: references with resolution, network and the findings on them', () => {
    const doc = example();
    const byName = (from: string, name: string) => doc.references.find((r) => r.from === from && r.name === name);
    const redis = byName('api', 'cache')!;
    assert.equal(redis.to, 'cache');
    assert.equal(redis.network, 'shop_backend');
    assert.equal(redis.port, 6379);
    assert.deepEqual(redis.findings, []);
    const local = doc.references.find((r) => r.from === 'api' && r.name === 'localhost' && r.port === 5432)!;
    assert.equal(local.to, null, 'localhost is the caller itself (fact 1)');
    assert.equal(local.resolution, 'loopback');
    assert.deepEqual(local.findings, ['localhost-peer']);
    assert.equal(local.intended, 'db');
    assert.equal(local.loc!.range.start.line, 22);
    const queue = byName('worker', 'cache')!;
    assert.equal(queue.to, 'cache');
    assert.equal(queue.network, null);
    assert.equal(queue.resolution, 'unreachable');
    assert.deepEqual(queue.findings, ['default-bridge-dns']);
    assert.ok(doc.references.every((r) => r.findings.every((id) => doc.findings.some((f) => f.rule === id))));
    assert.deepEqual(doc.findings.map((f) => f.rule).sort(), ['default-bridge-dns', 'localhost-peer']);
    assert.ok(doc.findings.every((f) => f.loc && f.message.length > 0));
  });

  it('a document is plain JSON (round-trips unchanged)', () => {
    const doc = example();
    assert.deepEqual(JSON.parse(JSON.stringify(doc)), doc);
  });

  it('host and none are drawn as their own kinds; service: sharing names its owner (facts 2, 3, 4)', () => {
    const doc = topologyFromAnalysis(
      check({
        'compose.yaml': `name: demo
services:
  app:
    image: app
    networks:
      back:
        aliases: [backend-app]
        ipv4_address: 10.5.0.10
  sidecar:
    image: envoy
    network_mode: service:app
  agent:
    image: agent
    network_mode: host
  jail:
    image: busybox
    network_mode: none
networks:
  back:
    internal: true
    ipam:
      config:
        - subnet: 10.5.0.0/24
  shared:
    external: true
    name: corp-net
`,
      }),
    );
    const nets = Object.fromEntries(doc.networks.map((n) => [n.name, n]));
    assert.equal(nets.host.kind, 'host');
    assert.equal(nets.none.kind, 'none');
    assert.equal(nets['corp-net'].kind, 'external');
    assert.equal(nets['corp-net'].external, true);
    assert.equal(nets.demo_back.internal, true);
    assert.deepEqual(nets.demo_back.subnets, ['10.5.0.0/24']);
    const svc = Object.fromEntries(doc.services.map((s) => [s.name, s]));
    assert.equal(svc.sidecar.namespace_of, 'app');
    assert.equal(svc.sidecar.network_mode, 'service:app');
    assert.deepEqual(svc.sidecar.networks, []);
    assert.deepEqual(svc.agent.networks.map((a) => a.network), ['host']);
    assert.deepEqual(svc.jail.networks.map((a) => a.network), ['none']);
    const att = svc.app.networks[0];
    assert.deepEqual(att.aliases, ['backend-app']);
    assert.equal(att.ipv4, '10.5.0.10');
    assert.ok(att.names!.includes('backend-app') && att.names!.includes('app'));
  });

  it('fixtures: every finding on a reference is listed on it, by rule id', () => {
    for (const [rule, name] of [
      ['localhost-peer', 'fires'],
      ['default-bridge-dns', 'fires'],
      ['localhost-peer', 'clean'],
    ]) {
      const analysis = analyseFixture(rule, name);
      const doc = topologyFromAnalysis(analysis);
      const onRefs = doc.references.filter((r) => r.findings.includes(rule)).length;
      const found = analysis.findings.filter((f) => f.rule === rule).length;
      if (name === 'clean') assert.equal(onRefs, 0, `${rule}/${name}`);
      else assert.ok(onRefs >= 1 && onRefs <= found + 1, `${rule}/${name}: ${onRefs} references carry the finding, ${found} findings`);
    }
  });
});
