import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';

const RULE = 'published-port-no-listener';

describe(`rule ${RULE}`, () => {
  it('warns on a published port nothing listens on, where the mounted proxy configuration lists every listener', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['proxy compose.yaml:5:9-5:16 ""80:80""', 'proxy compose.yaml:6:9-6:29 ""127.0.0.1:8443:443""']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, '`proxy` publishes container port 80 (host 80), but nothing in it listens there: the configuration it mounts lists its listeners on `8080`. Connections to the host\'s port are refused.');
    assert.equal(f.related[0].message, '`proxy` mounts `/etc/nginx/conf.d/default.conf` here, which says where it listens');
  });

  it('is silent where the port is listened on, where a settings file may not list every listener, and where a sidecar shares the namespace', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
