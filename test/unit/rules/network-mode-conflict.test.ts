import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { check, textAt } from '../../helpers/project';
import { roundTripAll } from '../../helpers/roundTrip';

const RULE = 'network-mode-conflict';

describe(`rule ${RULE}`, () => {
  it('fires on ports in a borrowed namespace, networks next to network_mode, unknown and own targets (fact 2)', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), [
      'app compose.yaml:8:5-8:10 "ports"',
      'mon compose.yaml:13:5-13:13 "networks"',
      'ghost compose.yaml:17:19-17:30 "service:vpm"',
      'loop compose.yaml:20:19-20:31 "service:loop"',
      'attached compose.yaml:23:19-23:36 "container:outside"',
    ]);
    const by = (svc: string) => a.findings.find((x) => x.rule === RULE && x.service === svc)!;
    assert.deepEqual(
      ['app', 'mon', 'ghost', 'loop', 'attached'].map((s) => by(s).severity),
      ['error', 'error', 'error', 'error', 'warning'],
      'an external container may exist: warning only',
    );
    assert.match(by('app').message, /runs in `vpn`'s network namespace \(`network_mode: service:vpn`\), which has no `ports` of its own/);
    assert.match(by('mon').message, /sets both `network_mode: host` and `networks`/);
    assert.match(by('ghost').message, /no service `vpm` \(did you mean `vpn`\?\)/);
    assert.match(by('loop').message, /cannot join its own namespace/);
    assert.deepEqual(by('attached').fixes, []);
  });

  it('every fix removes the conflict and adds nothing (removing `networks` also drops the declaration it leaves unused)', () => {
    const a = analyseFixture(RULE, 'fires');
    const trips = roundTripAll(RULE, 'fires', a);
    assert.deepEqual(
      trips.map((t) => t.fix.title),
      [
        'Remove `ports` from `app`',
        'Remove `networks` from `mon` and the declaration of `metrics`, which no other service uses',
        'Remove `network_mode` from `mon`',
        'Use `network_mode: service:vpn`',
        'Remove `network_mode` from `loop`',
      ],
    );
    const monFix = [...trips[1].files.values()][0];
    assert.doesNotMatch(monFix, /metrics/);
    assert.match(monFix, /  mon:\n    image: mon\n    network_mode: host\n  ghost:/);
    assert.match([...trips[3].files.values()][0], /network_mode: service:vpn\n  loop:/);
  });

  it('fires on a cycle of service: namespaces, at each member', () => {
    const a = check({ 'compose.yaml': 'services:\n  a:\n    image: a\n    network_mode: service:b\n  b:\n    image: b\n    network_mode: service:a\n' });
    const found = a.findings.filter((f) => f.rule === RULE);
    assert.deepEqual(found.map((f) => [f.service, textAt(a, f.loc)]), [
      ['a', 'service:b'],
      ['b', 'service:a'],
    ]);
    assert.match(found[0].message, /cycle of `network_mode: service:` \(`a` → `b` → `a`\)/);
  });

  it('is silent for a plain service: namespace, a container: naming a project container, and host mode alone', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
