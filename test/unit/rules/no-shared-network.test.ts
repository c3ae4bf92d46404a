import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { roundTrip, roundTripAll } from '../../helpers/roundTrip';

const RULE = 'no-shared-network';

describe(`rule ${RULE}`, () => {
  it('fires when the two services have no network in common (facts 7 and 8), at the name', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['web compose.yaml:7:23-7:26 "api"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.severity, 'error');
    assert.equal(f.message, '`web` reaches `api` (service `api`), but they share no network: `web` is on `front`, `api` on `back`; names resolve only on a common network.');
    assert.deepEqual(f.related.map((r) => r.message), ['`api` is defined here', '`api` joins `back` here']);
  });

  it('its fix adds the network to the block list, keeping the comment', () => {
    const a = analyseFixture(RULE, 'fires');
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.fixes.length, 1);
    const { files } = roundTrip(RULE, 'fires', a, f, f.fixes[0]);
    assert.match([...files.values()][0], /networks:\n {6}- front # public side\n {6}- back\n {4}environment:/);
  });

  it('prefers the network the caller’s other peers use, and edits the map form', () => {
    const a = analyseFixture(RULE, 'map-form');
    assert.deepEqual(findingsOf(a, RULE), ['worker compose.yaml:9:29-9:34 "store"', 'worker compose.yaml:10:26-10:34 "reporter"']);
    const store = a.findings.find((x) => x.rule === RULE)!;
    assert.deepEqual(
      store.fixes.map((x) => [x.title, x.preferred]),
      [
        ['Add network `jobs-data` to `worker`', true],
        ['Add network `data` to `worker`', false],
      ],
    );
    const trips = roundTripAll(RULE, 'map-form', a);
    assert.equal(trips.length, 3);
    assert.match([...trips[0].files.values()][0], /jobs:\n {8}aliases: \[runner\]\n {6}jobs-data: \{\}\n {4}environment:/);
    // Joining jobs-data reaches both peers at once.
    assert.deepEqual(findingsOf(trips[0].after, RULE), []);
  });

  it('on a service without `networks:`, writes the key with `default` kept (facts 12 and 13)', () => {
    const a = analyseFixture(RULE, 'implicit-default');
    assert.deepEqual(findingsOf(a, RULE), ['app compose.yaml:5:26-5:31 "cache"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    const { files, after } = roundTrip(RULE, 'implicit-default', a, f, f.fixes[0]);
    assert.match([...files.values()][0], /DB_HOST: db\n {4}networks:\n {6}- default\n {6}- cache-net\n {2}db:/);
    assert.deepEqual(findingsOf(after, RULE), []);
  });

  it('edits the `networks:` of the override file that writes it, in flow style', () => {
    const a = analyseFixture(RULE, 'override');
    assert.deepEqual(findingsOf(a, RULE), ['web compose.yaml:5:23-5:26 "api"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    const { files } = roundTrip(RULE, 'override', a, f, f.fixes[0]);
    assert.deepEqual([...files.keys()].map((p) => path.basename(p)), ['compose.override.yaml']);
    assert.match([...files.values()][0], /networks: \['front', back\] # set per environment\n/);
  });

  it('says a host-mode peer has no name on any network (fact 3) and offers no network to join', () => {
    const a = analyseFixture(RULE, 'host-peer');
    assert.deepEqual(findingsOf(a, RULE), ['app compose.yaml:5:23-5:31 "exporter"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.match(f.message, /`exporter` runs with `network_mode: host` and has no name on any network/);
    assert.deepEqual(f.fixes, []);
  });

  it('is silent through aliases on a shared network and for a member of a namespace that has one (fact 2)', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
