import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { roundTripAll } from '../../helpers/roundTrip';

const RULE = 'loopback-listener';

describe(`rule ${RULE}`, () => {
  it('fires on servers bound to loopback that publish ports or are addressed (facts 1 and 5): flags, HOST=, listen_addresses, flask -h', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), [
      'api compose.yaml:4:38-4:47 "127.0.0.1"',
      'web compose.yaml:10:13-10:22 "localhost"',
      'db compose.yaml:19:51-19:60 "localhost"',
      'admin compose.yaml:22:38-22:47 "127.0.0.1"',
      'dotnet compose.yaml:27:32-27:41 "localhost"',
    ]);
    const by = (svc: string) => a.findings.find((x) => x.rule === RULE && x.service === svc)!;
    assert.equal(by('api').severity, 'error');
    assert.equal(by('api').message, '`api` listens on 127.0.0.1, which only its own container can reach, yet it publishes 8000 on the host; bind `0.0.0.0` so the network can reach it.');
    assert.match(by('web').message, /listens on HOST=localhost, .* yet it is addressed by `proxy`/);
    assert.equal(by('web').related[0].message, '`proxy` connects to `web` here');
    assert.match(by('db').message, /yet it is addressed by `proxy`/);
    assert.match(by('dotnet').message, /listens on ASPNETCORE_URLS=http:\/\/localhost:5000, .* publishes 5001 on the host/);
  });

  it('each fix binds 0.0.0.0 and the finding goes', () => {
    const a = analyseFixture(RULE, 'fires');
    const trips = roundTripAll(RULE, 'fires', a);
    assert.equal(trips.length, 5);
    assert.match([...trips[0].files.values()][0], /--host 0\.0\.0\.0 --port 8000/);
    assert.match([...trips[2].files.values()][0], /"listen_addresses=0\.0\.0\.0"/);
    assert.match([...trips[4].files.values()][0], /- ASPNETCORE_URLS=http:\/\/0\.0\.0\.0:5000\n/);
    for (const t of trips) assert.equal(findingsOf(t.after, RULE).length, 4);
  });

  it('is silent for 0.0.0.0, private loopback ports nobody uses, client -h flags, healthchecks and host mode', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
