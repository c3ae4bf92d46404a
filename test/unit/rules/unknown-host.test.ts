import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { roundTripAll } from '../../helpers/roundTrip';

const RULE = 'unknown-host';

describe(`rule ${RULE}`, () => {
  it('warns on single-label names nothing answers to (facts 7 and 10), suggesting a close one', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['app compose.yaml:5:23-5:27 "apii"', 'app compose.yaml:6:19-6:25 "rediss"', 'app compose.yaml:7:26-7:33 "elastic"']);
    const [apii, , elastic] = a.findings.filter((x) => x.rule === RULE);
    assert.equal(apii.severity, 'warning');
    assert.equal(apii.message, '`app` reaches `apii`, but no service, alias, container name, hostname, link or extra host of the project is called that; did you mean `api`?');
    assert.equal(apii.related[0].message, '`api` is defined here');
    assert.deepEqual(elastic.fixes, [], 'nothing close enough: no fix');
  });

  it('its fix writes the suggestion and the name then resolves', () => {
    const a = analyseFixture(RULE, 'fires');
    const trips = roundTripAll(RULE, 'fires', a);
    assert.equal(trips.length, 2);
    assert.match([...trips[0].files.values()][0], /API_URL: http:\/\/api:8080\/v1/);
    assert.match([...trips[1].files.values()][0], /REDIS_HOST: redis\n/);
  });

  it('is silent for aliases, links, extra_hosts, container names, hostnames, dotted names, external-network peers and host mode', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
