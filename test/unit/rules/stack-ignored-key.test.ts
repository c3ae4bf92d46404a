import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { analyseStackFixture } from '../../helpers/stack';

const RULE = 'stack-ignored-key';

describe(`rule ${RULE}`, () => {
  it('reports each key docker stack deploy ignores where it is written: service keys, a fixed address, a port’s host address', () => {
    const a = analyseStackFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), [
      'web compose.yaml:4:5-4:19 "container_name"',
      'web compose.yaml:5:5-5:15 "depends_on"',
      'web compose.yaml:6:5-6:10 "links"',
      'web compose.yaml:8:9-8:28 ""127.0.0.1:8080:80""',
      'db compose.yaml:13:5-13:17 "network_mode"',
      'db compose.yaml:16:9-16:21 "ipv4_address"',
    ]);
    const messages = a.findings.filter((f) => f.rule === RULE).map((f) => f.message);
    assert.match(messages[0], /`docker stack deploy` ignores `container_name` of `web`: a task is named `<stack>_<service>\.<slot>\.<task id>`/);
    assert.match(messages[3], /ignores the host address 127\.0\.0\.1 of `web`'s port 8080: it is published on every address of every node, through the routing mesh/);
    assert.ok(a.findings.filter((f) => f.rule === RULE).every((f) => f.severity === 'warning'));
  });

  it('the ignored keys do not act in the stack model: no container name, no links, no network_mode, no fixed address, no host address', () => {
    const a = analyseStackFixture(RULE, 'fires');
    const web = a.model.services.get('web')!;
    const db = a.model.services.get('db')!;
    assert.equal(web.containerName, undefined);
    assert.deepEqual(web.links, []);
    assert.equal(web.ports[0].hostIp, undefined);
    assert.deepEqual(db.networkMode, { kind: 'networks' });
    assert.deepEqual(db.attachments.map((x) => [x.network, x.ipv4]), [['back', undefined]]);
    // The rules of those keys say nothing in a stack: links-legacy, static-ip, network-mode-conflict.
    assert.deepEqual(a.findings.filter((f) => ['links-legacy', 'network-mode-conflict', 'container-name-scaled', 'default-bridge-dns'].includes(f.rule)), []);
  });

  it('says nothing on a clean stack file, and nothing at all without --stack', () => {
    assert.deepEqual(findingsOf(analyseStackFixture(RULE, 'clean'), RULE), []);
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'fires'), RULE), []);
  });
});
