import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { check, textAt } from '../../helpers/project';
import { roundTripAll } from '../../helpers/roundTrip';

const RULE = 'unused-network';

describe(`rule ${RULE}`, () => {
  it('hints at declared networks no service joins, external ones too, tagged unnecessary', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['null compose.yaml:12:3-12:9 "legacy"', 'null compose.yaml:15:3-15:9 "shared"']);
    const [legacy, shared] = a.findings.filter((x) => x.rule === RULE);
    assert.equal(legacy.severity, 'hint');
    assert.deepEqual(legacy.tags, ['unnecessary']);
    assert.equal(legacy.message, 'Network `legacy` is declared but no service joins it, so Compose never creates it.');
    assert.match(shared.message, /it is external/);
  });

  it('counts a service behind a disabled profile as a user: removing `tools` would break `--profile debug` (fact 13)', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.equal(a.project.services.get('debug')!.active, false);
    assert.ok(!findingsOf(a, RULE).some((d) => d.includes('"tools"')));
  });

  it('its fix deletes the declaration lines and nothing else', () => {
    const a = analyseFixture(RULE, 'fires');
    const trips = roundTripAll(RULE, 'fires', a);
    assert.equal(trips.length, 2);
    const text = [...trips[0].files.values()][0];
    assert.match(text, /front: \{\}\n {2}# kept from the old setup\n {2}tools: \{\}\n/);
    assert.match([...trips[1].files.values()][0], /tools: \{\}\n$/);
  });

  it('is silent while a service names its network through a variable: another environment may pick any declared one', () => {
    const files = {
      'compose.yaml': 'services:\n  app:\n    image: app\n    networks:\n      - ${NETWORK_TYPE:-ipv4}\nnetworks:\n  ipv4: {}\n  dual:\n    enable_ipv6: true\n',
    };
    const a = check(files);
    assert.deepEqual(a.findings.map((f) => f.rule), []);
    const listed = a.model.services.get('app')!.listedNetworks[0];
    assert.equal(listed.network, 'ipv4');
    assert.equal(listed.fromVariable, true);
    assert.equal(textAt(a, listed.keyLoc), '${NETWORK_TYPE:-ipv4}', 'the entry as written, not its first characters');
    const literal = check({ 'compose.yaml': files['compose.yaml'].replace('${NETWORK_TYPE:-ipv4}', 'ipv4') });
    assert.deepEqual(literal.findings.map((f) => `${f.rule} ${textAt(literal, f.loc)}`), ['unused-network dual']);
  });

  it('is silent when every declaration is used, `default` included', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
