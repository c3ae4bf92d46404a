import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { roundTrip } from '../../helpers/roundTrip';

const RULE = 'host-mode-ports';

describe(`rule ${RULE}`, () => {
  it('warns on `ports` in host network mode (fact 3: the engine discards them)', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['exporter compose.yaml:6:5-6:10 "ports"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /`exporter` runs with `network_mode: host`, so its `ports` are discarded/);
    assert.equal(f.related[0].message, '`exporter` uses the host\'s network here');
  });

  it('its fix removes the `ports` lines and keeps the rest, comment included', () => {
    const a = analyseFixture(RULE, 'fires');
    const f = a.findings.find((x) => x.rule === RULE)!;
    const { files, after } = roundTrip(RULE, 'fires', a, f, f.fixes[0]);
    assert.equal(
      [...files.values()][0],
      'services:\n  exporter:\n    image: node-exporter\n    network_mode: host\n    # scraped by prometheus on the host\n    restart: unless-stopped\n',
    );
    assert.deepEqual(findingsOf(after, RULE), []);
  });

  it('is silent for host mode without ports and for ports on a bridge network', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
