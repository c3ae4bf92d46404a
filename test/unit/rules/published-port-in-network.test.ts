import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { roundTripAll } from '../../helpers/roundTrip';

const RULE = 'published-port-in-network';

describe(`rule ${RULE}`, () => {
  it('fires on a host port used between containers (fact 17), at the port, or at the host for a scheme’s default port', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['app compose.yaml:5:47-5:51 "8001"', 'app compose.yaml:6:23-6:26 "web"']);
    const [db, web] = a.findings.filter((x) => x.rule === RULE);
    assert.equal(db.severity, 'error');
    assert.equal(db.message, '`app` reaches `db` on 8001, a port `db` publishes on the host (0.0.0.0:8001 → container 5432/tcp); other containers use the container port: `db:5432`.');
    assert.equal(db.related[0].message, '`db` publishes 8001 → 5432 here');
    assert.match(web.message, /on 80 \(the default port of http:\/\/\)/);
  });

  it('its fixes write the container port and leave nothing behind', () => {
    const a = analyseFixture(RULE, 'fires');
    const trips = roundTripAll(RULE, 'fires', a);
    assert.equal(trips.length, 2);
    assert.match([...trips[0].files.values()][0], /DATABASE_URL: "postgres:\/\/app:secret@db:5432\/app"/);
    assert.match([...trips[1].files.values()][0], /WEB_URL: http:\/\/web:8080\/status/);
  });

  it('is silent on container ports, on same-number mappings, and where the service does listen on the host port number', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
