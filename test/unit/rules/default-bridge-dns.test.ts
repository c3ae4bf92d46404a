import * as assert from 'node:assert/strict';
import { analyseFixture, applyAndRecheck, findingsOf, otherFindings } from '../../helpers/fixtures';

const RULE = 'default-bridge-dns';

describe(`rule ${RULE}`, () => {
  it('fires when a service on the default bridge uses a name (fact 6)', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['app compose.yaml:6:26-6:31 "cache"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.severity, 'error');
    assert.match(f.message, /`app` is on the default bridge/);
  });

  it('its fix removes the network_mode line and the name then resolves on the project network', () => {
    const a = analyseFixture(RULE, 'fires');
    const fix = a.findings.find((x) => x.rule === RULE)!.fixes[0];
    assert.equal(fix.preferred, true);
    const { files, after } = applyAndRecheck(RULE, 'fires', a, fix);
    const text = [...files.values()][0];
    assert.equal(text, 'services:\n  app:\n    image: app\n    environment:\n      CACHE_URL: redis://cache:6379\n  cache:\n    image: redis:7\n');
    assert.deepEqual(findingsOf(after, RULE), []);
    assert.deepEqual(otherFindings(after, RULE), otherFindings(a, RULE));
  });

  it('is silent with a link that provides the name, and on user-defined networks', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });

  it('fires when the addressed service is the one on the default bridge', () => {
    const a = analyseFixture(RULE, 'target-on-bridge');
    assert.deepEqual(findingsOf(a, RULE), ['app compose.yaml:5:22-5:24 "db"']);
    const { after } = applyAndRecheck(RULE, 'target-on-bridge', a, a.findings[0].fixes[0]);
    assert.deepEqual(findingsOf(after, RULE), []);
  });

  it('when the peer is not on the default network, the fix joins one of its networks, so no other rule fires', () => {
    const a = analyseFixture(RULE, 'joins-network');
    assert.deepEqual(findingsOf(a, RULE), ['worker compose.yaml:6:19-6:24 "cache"']);
    const fix = a.findings.find((x) => x.rule === RULE)!.fixes[0];
    assert.equal(fix.title, 'Remove `network_mode: bridge` from `worker` (`worker` joins `backend`)');
    const { files, after } = applyAndRecheck(RULE, 'joins-network', a, fix);
    assert.match([...files.values()][0], /  worker:\n    image: worker\n    networks:\n      - backend\n    environment:/);
    assert.deepEqual(after.findings.map((f) => f.rule), []);
  });
});
