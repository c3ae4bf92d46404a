import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';

const RULE = 'internal-network-ports';

describe(`rule ${RULE}`, () => {
  it('fires on ports of a service whose only network is internal (fact 16: nothing is published)', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['admin compose.yaml:4:5-4:10 "ports"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /`admin` publishes ports, but its only network is internal \(`backend`\)/);
    assert.deepEqual(f.related.map((r) => a.project.sources.get(r.loc.file)!.slice(r.loc)), ['backend']);
    assert.deepEqual(f.fixes, []);
  });

  it('is silent when one network of the service is not internal, and for services on the default network', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
