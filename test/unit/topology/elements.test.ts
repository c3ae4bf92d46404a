import * as assert from 'node:assert/strict';
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
});
