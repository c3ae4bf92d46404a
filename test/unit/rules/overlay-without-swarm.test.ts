import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { assertEveryFixRoundTrips } from '../../helpers/fixRoundTrip';
import { check } from '../../helpers/project';

const RULE = 'overlay-without-swarm';

describe(`rule ${RULE}`, () => {
  it('fires on overlay networks that are neither external nor attachable (fact 20)', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['null compose.yaml:9:13-9:20 "overlay"', 'null compose.yaml:10:19-10:26 "overlay"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /Network `mesh` uses the `overlay` driver but is neither `external` nor `attachable: true`/);
    assert.deepEqual(f.related.map((r) => r.message), ['`app` joins `mesh` here']);
  });

  it('its fix adds attachable: true (block), or turns attachable: false into true (flow)', () => {
    const [[block], [flow]] = assertEveryFixRoundTrips(RULE, 'fires');
    assert.match(block, /  mesh:\n    driver: overlay # spans the swarm\n    attachable: true\n  side:/);
    assert.match(flow, /  side: \{ driver: overlay, attachable: true \}/);
  });

  it('is silent in a stack file (a service sets a deploy key only docker stack deploy acts on)', () => {
    const files = {
      'compose.yaml': 'services:\n  app:\n    image: x\n    networks: [mesh]\n  agent:\n    image: y\n    deploy:\n      mode: global\n    networks: [mesh]\nnetworks:\n  mesh:\n    driver: overlay\n',
    };
    assert.deepEqual(check(files).findings.filter((f) => f.rule === RULE), []);
    // Without the deploy key, the same overlay is the warning.
    const compose = files['compose.yaml'].replace('    deploy:\n      mode: global\n', '');
    assert.deepEqual(check({ 'compose.yaml': compose }).findings.filter((f) => f.rule === RULE).map((f) => f.severity), ['warning']);
  });

  it('is silent for attachable and external overlays', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
