import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { analyseStackFixture } from '../../helpers/stack';

const RULE = 'stack-external-network-scope';

describe(`rule ${RULE}`, () => {
  it('fires on external networks of one engine a stack service joins: a local driver written, docker_gwbridge', () => {
    const a = analyseStackFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['null compose.yaml:9:13-9:19 "bridge"', 'null compose.yaml:12:13-12:20 "macvlan"', 'null compose.yaml:13:3-13:5 "gw"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.severity, 'error');
    assert.match(f.message, /`frontnet` is external with the `bridge` driver, a network of one engine \(scope local\).*"declared as external, but it is not in the right scope/);
    assert.match(f.message, /docker network create -d overlay --attachable frontnet/);
    assert.equal(f.related.length, 1);
  });

  it('not for overlays, externals whose driver is not written, the engine’s host network, unused ones, nor without --stack', () => {
    assert.deepEqual(findingsOf(analyseStackFixture(RULE, 'clean'), RULE), []);
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'fires'), RULE), []);
  });
});
