import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { check, textAt } from '../../helpers/project';
import { roundTripAll } from '../../helpers/roundTrip';

const RULE = 'published-on-all-interfaces';

describe(`rule ${RULE}`, () => {
  it('warns about a database and a cache published on every interface while their users reach them by name (facts 17, 18)', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['db compose.yaml:10:9-10:20 ""5432:5432""', 'cache compose.yaml:16:9-16:18 "6379:6379"']);
    const db = a.findings.find((f) => f.rule === RULE && f.service === 'db')!;
    assert.equal(db.severity, 'warning');
    assert.equal(
      db.message,
      '`db` (a database, `postgres`) publishes host port 5432 on every interface of the host (no host address), so whoever reaches this machine can connect to it, while `api` reaches it inside the network as `db:5432`. Bind it to 127.0.0.1, or use `expose` if nothing on the host needs it.',
    );
    assert.deepEqual(db.related.map((r) => textAt(a, r.loc)), ['db']);
    assert.deepEqual(db.fixes.map((f) => [f.title, f.preferred === true]), [
      ['Bind it to 127.0.0.1 (this machine only)', true],
      ['Use `expose: ["5432"]` instead (no port on the host)', false],
    ]);
  });

  it('its fixes bind the mapping to 127.0.0.1 or replace the ports entry with expose, and add no finding', () => {
    const a = analyseFixture(RULE, 'fires');
    const trips = roundTripAll(RULE, 'fires', a);
    assert.equal(trips.length, 4);
    const text = (i: number) => [...trips[i].files.values()][0];
    assert.match(text(0), /\n {6}- "127\.0\.0\.1:5432:5432"\n/);
    assert.match(text(1), /\n {4}expose:\n {6}- "5432"\n {2}cache:/);
    assert.match(text(2), /\n {6}- 127\.0\.0\.1:6379:6379\n/);
    // Another entry stays published: the entry moves to the `expose` list already there.
    assert.match(text(3), /expose:\n {6}- "6380"\n {6}- "6379"\n {4}ports:\n {6}- "127\.0\.0\.1:8001:8001"\n$/);
  });

  it('binds a long-syntax mapping with host_ip', () => {
    const files = { 'compose.yaml': 'services:\n  app:\n    image: app\n    environment:\n      MONGO_URL: mongodb://mongo:27017\n  mongo:\n    image: mongo:7\n    ports:\n      - target: 27017\n        published: 27017\n' };
    const a = check(files);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.deepEqual(f.fixes.map((x) => x.title), ['Bind it to 127.0.0.1 (this machine only)']);
    assert.deepEqual(f.fixes[0].edits.map((e) => e.newText), ['        host_ip: 127.0.0.1\n']);
  });

  it('is silent where the host port is used from outside, bound, not used by a service, or not a data port', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });

  it('is silent for an advertised localhost listener, clients over TLS, and offers no host address in a swarm stack', () => {
    const kafka = check({
      'compose.yaml':
        'services:\n  app:\n    image: app\n    environment:\n      BROKERS: kafka:9092\n  kafka:\n    image: confluentinc/cp-kafka:7.6.0\n    environment:\n      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:29092,PLAINTEXT_HOST://localhost:9092\n    ports:\n      - "9092:9092"\n',
    });
    assert.deepEqual(findingsOf(kafka, RULE), []);
    const tls = check({ 'compose.yaml': 'services:\n  app:\n    image: app\n    environment:\n      ES_URL: https://es:9200\n  es:\n    image: elasticsearch:8.14.0\n    ports:\n      - "9200:9200"\n' });
    assert.deepEqual(findingsOf(tls, RULE), []);
    const swarm = check({ 'compose.yaml': 'services:\n  app:\n    image: app\n    environment:\n      REDIS_URL: redis://cache:6379\n    deploy:\n      placement:\n        constraints: [node.role == worker]\n  cache:\n    image: redis:7\n    ports:\n      - "6379:6379"\n' });
    assert.deepEqual(swarm.findings.filter((f) => f.rule === RULE).map((f) => f.fixes.map((x) => x.title)), [['Use `expose: ["6379"]` instead (no port on the host)']]);
  });
});
