import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';

const RULE = 'macvlan-no-parent';

describe(`rule ${RULE}`, () => {
  it('fires on a macvlan network without driver_opts.parent (fact 20)', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['null compose.yaml:7:13-7:20 "macvlan"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.severity, 'info');
    assert.match(f.message, /Network `lan` uses the `macvlan` driver without `driver_opts\.parent`/);
    assert.deepEqual(f.related.map((r) => r.message), ['`app` joins `lan` here']);
  });

  it('is silent for macvlan and ipvlan networks with a parent', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
