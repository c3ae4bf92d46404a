import * as assert from 'node:assert/strict';
import { parseSubnet, subnetsOverlap } from '../../../server/src/network/cidr';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { check, textAt } from '../../helpers/project';

const RULE = 'subnet-overlap';

describe(`rule ${RULE}`, () => {
  it('reports each subnet of an overlapping pair, naming both networks, with the other subnet related', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), [
      'null compose.yaml:12:19-12:32 "172.28.0.0/16"',
      'null compose.yaml:16:19-16:31 "10.10.0.0/24"',
      'null compose.yaml:17:19-17:32 "172.28.5.0/24"',
      'null compose.yaml:21:19-21:31 "10.10.0.0/24"',
    ]);
    const first = a.findings.find((f) => f.rule === RULE)!;
    assert.equal(first.severity, 'error');
    assert.match(first.message, /^Subnet 172\.28\.0\.0\/16 of network `front` overlaps 172\.28\.5\.0\/24 of network `back`: the engine refuses/);
    assert.deepEqual(first.related.map((r) => textAt(a, r.loc)), ['172.28.5.0/24']);
  });

  it('is silent on disjoint subnets, external networks and networks no service joins', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });

  it('treats two keys that name one engine network as one network', () => {
    const a = check({
      'compose.yaml': 'services:\n  a:\n    image: a\n    networks: [one, two]\nnetworks:\n  one:\n    name: shared\n    ipam:\n      config:\n        - subnet: 10.1.0.0/24\n  two:\n    name: shared\n    ipam:\n      config:\n        - subnet: 10.1.0.0/24\n',
    });
    assert.deepEqual(findingsOf(a, RULE), []);
  });

  it('compares subnets of one family by their prefixes', () => {
    const s = (t: string) => parseSubnet(t)!;
    assert.equal(subnetsOverlap(s('10.0.0.0/8'), s('10.200.3.0/24')), true);
    assert.equal(subnetsOverlap(s('10.200.3.0/24'), s('10.0.0.0/8')), true);
    assert.equal(subnetsOverlap(s('10.0.0.0/24'), s('10.0.1.0/24')), false);
    assert.equal(subnetsOverlap(s('fd00::/48'), s('fd00:0:0:1::/64')), true);
    assert.equal(subnetsOverlap(s('10.0.0.0/8'), s('fd00::/8')), false);
  });

  it('finds every overlapping pair among many networks without comparing each with all', () => {
    const nets = Array.from({ length: 300 }, (_, i) => `  n${i}:\n    ipam:\n      config:\n        - subnet: 10.${i}.0.0/16\n`).join('');
    const files = { 'compose.yaml': `services:\n  a:\n    image: a\n    networks: [${Array.from({ length: 300 }, (_, i) => `n${i}`).join(', ')}, wide]\nnetworks:\n${nets}  wide:\n    ipam:\n      config:\n        - subnet: 10.7.0.0/16\n` };
    const found = check(files).findings.filter((f) => f.rule === RULE);
    assert.equal(found.length, 2);
    assert.ok(found.every((f) => /`n7`/.test(f.message) && /`wide`/.test(f.message)));
  });
});
