import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { roundTripAll } from '../../helpers/roundTrip';

const RULE = 'undefined-network';

describe(`rule ${RULE}`, () => {
  it('fires on a network a service lists but the file never declares (fact 13), and names a close declared one', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['web compose.yaml:6:9-6:15 "backnd"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.severity, 'error');
    assert.equal(f.message, '`web` joins network `backnd`, which is not declared under top-level `networks:`; Compose refuses the file. A network `backend` is declared; is that the one?');
    assert.equal(f.related[0].message, 'network `backend` is declared here');
  });

  it('offers the declared name first and the declaration second; both round-trip', () => {
    const a = analyseFixture(RULE, 'fires');
    const trips = roundTripAll(RULE, 'fires', a);
    assert.deepEqual(
      trips.map((t) => [t.fix.title, t.fix.preferred]),
      [
        ['Use the declared network `backend`', true],
        ['Declare network `backnd` under top-level `networks:`', false],
      ],
    );
    assert.match([...trips[0].files.values()][0], /- frontend\n {6}- backend\n/);
    assert.match([...trips[1].files.values()][0], /backend:\n {4}internal: true\n {2}backnd: \{\}\n$/);
  });

  it('creates the top-level `networks:` key when the file has none', () => {
    const a = analyseFixture(RULE, 'no-section');
    assert.deepEqual(findingsOf(a, RULE), ['web compose.yaml:5:7-5:12 "proxy"']);
    const [trip] = roundTripAll(RULE, 'no-section', a);
    assert.equal([...trip.files.values()][0], 'services:\n  web:\n    image: nginx\n    networks:\n      proxy:\n        aliases: [www]\nnetworks:\n  proxy: {}\n');
  });

  it('is silent for declared networks and for `default`', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
