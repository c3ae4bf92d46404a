import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { assertEveryFixRoundTrips } from '../../helpers/fixRoundTrip';
import { check } from '../../helpers/project';

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

  it('one missing entry is one finding, at its surest use, the other uses listed as related places', () => {
    const yaml = [
      'services:',
      '  app:',
      '    image: example/app',
      '    environment:',
      '      API_URL: http://host.docker.internal:3000',
      '      DATABASE_URL: postgres://host.docker.internal:5432/app',
      '      CACHE_URL: redis://host.docker.internal:6379',
      '  sidecar:',
      '    image: example/sidecar',
      '    network_mode: service:app',
      '    environment:',
      '      TARGET_URL: http://host.docker.internal:9000',
      '',
    ].join('\n');
    const found = check({ 'compose.yaml': yaml }).findings.filter((f) => f.rule === RULE);
    assert.equal(found.length, 1);
    const [f] = found;
    // The sure connection (`DATABASE_URL`), not the likely one written first; the fix once.
    assert.equal(f.severity, 'warning');
    assert.equal(yaml.slice(f.loc.start, f.loc.end), 'host.docker.internal');
    assert.equal(yaml.lastIndexOf('\n', f.loc.start), yaml.indexOf('      DATABASE_URL') - 1);
    assert.match(f.message, /^`app` reaches `host\.docker\.internal` \(and 3 more places\), which resolves on Docker Desktop only/);
    assert.deepEqual(f.related.map((r) => r.message), [
      '`app` reaches `host.docker.internal` here too',
      '`app` reaches `host.docker.internal` here too',
      '`sidecar` reaches `host.docker.internal` here too',
    ]);
    assert.equal(f.fixes.length, 1);
  });

  it('is silent with the entry (list or map), and for a service sharing the namespace of one that has it (fact 2)', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
