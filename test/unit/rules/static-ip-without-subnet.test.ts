import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';

const RULE = 'static-ip-without-subnet';

describe(`rule ${RULE}`, () => {
  it('fires on a static address without a subnet, outside it, or taken twice (fact 15)', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), [
      'dns compose.yaml:6:23-6:33 "172.40.0.2"',
      'gw compose.yaml:11:23-11:33 "172.29.0.5"',
      'gw compose.yaml:12:24-12:33 "fd00:1::5"',
      'b compose.yaml:22:23-22:34 "172.28.0.10"',
    ]);
    const [none, outside, v6, twice] = a.findings.filter((x) => x.rule === RULE);
    assert.equal(none.severity, 'error');
    assert.match(none.message, /on network `plain`, which has no IPv4 subnet in `ipam.config`/);
    assert.equal(outside.message, '`gw` asks for ipv4_address 172.29.0.5 on network `lan`, outside its subnet 172.28.0.0/16.');
    assert.match(v6.message, /no IPv6 subnet/);
    assert.match(twice.message, /which `a` already has/);
    assert.equal(twice.related[0].message, '`a` takes 172.28.0.10 here');
    assert.ok(a.findings.filter((x) => x.rule === RULE).every((f) => f.fixes.length === 0));
  });

  it('is silent for addresses inside their subnets (IPv4 and IPv6) and on external networks', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
