import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EngineAnswer } from '../../../server/src/live/read';
import { topologyFromEngine } from '../../../server/src/live/snapshot';
import { topologyElements } from '../../../server/src/topology/elements';
import type { TopologyDocument } from '../../../server/src/topology/types';

describe('topology elements', () => {
  it('a live service’s description carries its real IPv4 and MAC per network', () => {
    const doc: TopologyDocument = {
      version: 1,
      source: 'live',
      project: 'shop',
      networks: [{ name: 'shop_backend', key: 'backend', kind: 'project', driver: 'bridge', internal: false, external: false, attachable: false, subnets: ['172.20.0.0/16'] }],
      services: [
        {
          name: 'db',
          image: 'postgres:16',
          replicas: 1,
          active: true,
          network_mode: null,
          namespace_of: null,
          networks: [{ network: 'shop_backend', aliases: ['db'], names: ['db'], ipv4: '172.20.0.3', mac: '02:42:ac:14:00:03' }],
          ports: [],
        },
      ],
      references: [],
      findings: [],
    };
    const service = topologyElements(doc).find((e) => e.data.kind === 'service')!;
    assert.match(service.data.tooltip, /^on shop_backend: db · 172\.20\.0\.3 · MAC 02:42:ac:14:00:03$/m);
  });

  it('a 3-node swarm: a box per node holding its tasks, each task joined to its service; VIPs and the routing mesh said (facts 21, 22)', () => {
    const answer = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../test/fixtures/live/swarm-3-nodes.json'), 'utf8')) as EngineAnswer;
    const elements = topologyElements(topologyFromEngine(answer, { address: 'unix:///var/run/docker.sock' }));
    const byId = new Map(elements.map((e) => [e.data.id, e]));
    assert.deepEqual(elements.filter((e) => e.data.kind === 'swarm-node').map((e) => e.data.label.split('\n')[0]), ['node mgr-1', 'node worker-1', 'node worker-2']);
    const tasks = elements.filter((e) => e.data.kind === 'task');
    const placement = tasks.map((t) => `${t.data.label.split('\n')[0]} @ ${t.data.parent}`).sort();
    assert.deepEqual(placement, ['shop_db task @ swarm-node:worker-2', 'shop_web task @ swarm-node:mgr-1', 'shop_web task @ swarm-node:worker-1', 'shop_web task @ swarm-node:worker-2']);
    for (const t of tasks) {
      const runs = elements.find((e) => e.data.kind === 'runs' && e.data.source === t.data.id)!;
      assert.equal(byId.get(runs.data.target!)?.data.kind, 'service', `${t.data.id} is joined to a drawn service`);
    }
    assert.match(byId.get('task:t2web')!.data.tooltip, /^ingress: 10\.0\.0\.6$/m);
    const web = byId.get('svc:shop_web')!;
    assert.match(web.data.tooltip, /endpoint mode: vip/);
    assert.match(web.data.tooltip, /^VIP on shop_backend: 10\.0\.1\.2$/m);
    assert.match(byId.get('svc:shop_db')!.data.tooltip, /endpoint mode: dnsrr/);
    assert.match(byId.get('net:ingress')!.data.label, /routing mesh/);
    const ports = elements.filter((e) => e.data.kind === 'port').map((e) => e.data.label);
    assert.ok(ports.some((l) => /8080\/tcp · routing mesh, every node/.test(l)), ports.join(' | '));
    assert.ok(ports.some((l) => /host mode, nodes with a task/.test(l)), ports.join(' | '));
    // A project view leaves out nodes that run none of its tasks.
    const shop = topologyElements(topologyFromEngine(answer, { project: 'shop' }));
    assert.equal(shop.filter((e) => e.data.kind === 'task').length, 4);
  });

  it('the whole engine (live, no project): one box per Compose project holding its services', () => {
    const svc = (name: string, project?: string) => ({ name, image: 'x', replicas: 1, active: true, network_mode: null, namespace_of: null, networks: [], ports: [], ...(project ? { project } : {}) });
    const doc: TopologyDocument = { version: 1, source: 'live', project: '', networks: [], services: [svc('shop/web', 'shop'), svc('shop/db', 'shop'), svc('blog/web', 'blog'), svc('loose')], references: [], findings: [] };
    const elements = topologyElements(doc);
    const parentOf = (id: string) => elements.find((e) => e.data.id === id)!.data.parent;
    assert.deepEqual(elements.filter((e) => e.data.kind === 'project').map((e) => e.data.label), ['project shop', 'project blog']);
    assert.deepEqual(['svc:shop/web', 'svc:shop/db', 'svc:blog/web', 'svc:loose'].map(parentOf), ['project:shop', 'project:shop', 'project:blog', undefined]);
    assert.ok(elements.findIndex((e) => e.data.kind === 'project') < elements.findIndex((e) => e.data.kind === 'service'), 'parents come first');
    // One project's view has no boxes: the whole picture is that project.
    assert.equal(topologyElements({ ...doc, project: 'shop' }).filter((e) => e.data.kind === 'project').length, 0);
  });
});
