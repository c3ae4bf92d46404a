// A container's static address (`ipv4_address`, `ipv6_address`) names it on its network as its name does:
// an address written in another service's settings resolves to that service, reachable only from a
// network they share (user-defined networks are isolated from each other), however the address is written.
import * as assert from 'node:assert/strict';
import { buildNetworkModel } from '../../server/src/network/model';
import { ModelReuse } from '../../server/src/network/reuse';
import type { ParseCache } from '../../server/src/compose/parseFile';
import { analyse } from '../../server/src/analysis';
import { load } from '../helpers/project';

const COMPOSE = [
  'services:',
  '  dns:',
  '    image: example/dns:1',
  '    networks:',
  '      private:',
  '        ipv4_address: 10.2.0.100',
  '        ipv6_address: fd00:0:0::64',
  '  client:',
  '    image: example/client:1',
  '    networks: [private]',
  '    environment:',
  '      DNS_ADDRESS: 10.2.0.100',
  '      DNS6: "[fd00::64]:53"',
  '  vpn:',
  '    image: example/vpn:1',
  '    environment:',
  '      PIHOLE_ADDRESS: 10.2.0.100',
  '      ELSEWHERE_ADDRESS: 10.2.0.7',
  'networks:',
  '  private:',
  '    enable_ipv6: true',
  '    ipam:',
  '      config:',
  '        - subnet: 10.2.0.0/24',
  '        - subnet: fd00::/64',
  '',
].join('\n');

describe('static addresses name their container on its network', () => {
  it('resolves an address to the service holding it: over the shared network, or unreachable from another', () => {
    const model = buildNetworkModel(load({ 'compose.yaml': COMPOSE }));
    assert.deepEqual(model.resolve('client', '10.2.0.100'), { kind: 'service', target: 'dns', network: 'private', via: 'ipv4_address' });
    assert.deepEqual(model.resolve('client', 'fd00::64'), { kind: 'service', target: 'dns', network: 'private', via: 'ipv6_address' });
    assert.deepEqual(model.resolve('vpn', '10.2.0.100'), { kind: 'unreachable', target: 'dns', reason: 'no-shared-network' });
    // An address no container holds is what it was: outside the project's containers.
    assert.deepEqual(model.resolve('vpn', '10.2.0.7'), { kind: 'external' });
  });

  it('no-shared-network says so, at most a warning (an address setting may be meant for the host), in words for an address', () => {
    const a = analyse(load({ 'compose.yaml': COMPOSE }));
    const found = a.findings.filter((f) => f.rule === 'no-shared-network');
    assert.deepEqual(found.map((f) => `${f.service} ${f.severity}`), ['vpn warning']);
    assert.match(found[0].message, /`vpn` probably reaches `10\.2\.0\.100` \(service `dns`\), but they share no network: `vpn` is on `default`, `dns` holds that address on `private`; networks are isolated from each other, so an address is reached only from its own network\./);
    assert.equal(a.findings.filter((f) => f.service === 'client' && f.rule === 'no-shared-network').length, 0);
  });

  it('an edited static address is seen by a build that reuses the last one', () => {
    const parseCache: ParseCache = new Map();
    const reuse = new ModelReuse();
    buildNetworkModel(load({ 'compose.yaml': COMPOSE }, { parseCache }), reuse);
    const moved = COMPOSE.replace('ipv4_address: 10.2.0.100', 'ipv4_address: 10.2.0.101');
    const model = buildNetworkModel(load({ 'compose.yaml': moved }, { parseCache }), reuse);
    assert.deepEqual(model.resolve('vpn', '10.2.0.100'), { kind: 'external' });
    assert.deepEqual(model.resolve('vpn', '10.2.0.101'), { kind: 'unreachable', target: 'dns', reason: 'no-shared-network' });
  });
});
