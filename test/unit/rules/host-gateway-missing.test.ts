import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { assertEveryFixRoundTrips } from '../../helpers/fixRoundTrip';

const RULE = 'host-gateway-missing';

describe(`rule ${RULE}`, () => {
  it('fires on host.docker.internal and gateway.docker.internal without a host-gateway entry (fact 11)', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), [
      'api compose.yaml:6:32-6:52 "host.docker.internal"',
      'agent compose.yaml:11:37-11:60 "gateway.docker.internal"',
      'tool compose.yaml:16:15-16:35 "host.docker.internal"',
    ]);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /on a Linux engine it needs `extra_hosts: \["host\.docker\.internal:host-gateway"\]` on `api`/);
  });

  it('its fix creates extra_hosts, or appends to the list or map in its own style', () => {
    const [[created], [listed], [mapped]] = assertEveryFixRoundTrips(RULE, 'fires');
    assert.match(created, /DATABASE_URL: postgres:\/\/host\.docker\.internal:5432\/app\n    extra_hosts:\n      - "host\.docker\.internal:host-gateway"\n  agent:/);
    assert.match(created, /# the database runs on the developer's machine/);
    assert.match(listed, /      - 'metrics\.local:10\.0\.0\.5'\n      - 'gateway\.docker\.internal:host-gateway'\n    command:/);
    assert.match(mapped, /extra_hosts: \{ "db\.local": "10\.0\.0\.6", host\.docker\.internal: host-gateway \}/);
  });

  it('lands in the override that wrote the reference, and adds the entry to the file that defines the service', () => {
    const a = analyseFixture(RULE, 'override');
    assert.deepEqual(findingsOf(a, RULE), ['api compose.override.yaml:4:44-4:64 "host.docker.internal"']);
    const [[fixed]] = assertEveryFixRoundTrips(RULE, 'override');
    // The service's own keys are indented by 4; a merge key's pairs (written in the anchor) do not count.
    assert.match(fixed, /      - "8080:8080"\n    extra_hosts:\n      - "host\.docker\.internal:host-gateway"\n$/);
    assert.match(fixed, /^x-common: &common\n  restart: unless-stopped\n/);
  });

  it('is silent with the entry (list or map), and for a service sharing the namespace of one that has it (fact 2)', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
