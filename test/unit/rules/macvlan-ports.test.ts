import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { roundTrip } from '../../helpers/roundTrip';

const RULE = 'macvlan-ports';

describe(`rule ${RULE}`, () => {
  it('warns on `ports` of a service only on macvlan/ipvlan networks (they map no ports), naming where it is reached', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['dns compose.yaml:6:9-6:20 ""53:53/udp""']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, '`dns` is only on macvlan networks, which map no ports: its `ports` do nothing. It is reached directly at `192.168.1.5`, on the ports it listens on (53, 80).');
    assert.equal(f.related[0].message, '`dns` joins the macvlan network `lan` here');
  });

  it('its fix removes the `ports` lines and keeps the rest, comment included', () => {
    const a = analyseFixture(RULE, 'fires');
    const f = a.findings.find((x) => x.rule === RULE)!;
    const { files, after } = roundTrip(RULE, 'fires', a, f, f.fixes[0]);
    assert.match([...files.values()][0], /^services:\n  dns:\n    image: pihole\/pihole\n    # answers the LAN at its own address\n    networks:\n/);
    assert.deepEqual(findingsOf(after, RULE), []);
  });

  it('is silent without ports, and for a service also on a bridge network (its ports are published there)', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
