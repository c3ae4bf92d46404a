import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { check, textAt } from '../../helpers/project';

const RULE = 'duplicate-host-port';

describe(`rule ${RULE}`, () => {
  it('fires on both mappings of a host port claimed twice (fact 19), ranges and 0.0.0.0 against a specific IP included', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), [
      'web compose.yaml:5:10-5:14 "8080"',
      'admin compose.yaml:9:9-9:13 "8080"',
      'dev compose.yaml:13:20-13:24 "9000"',
      'tools compose.yaml:18:21-18:30 "8999-9001"',
    ]);
    const web = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(web.severity, 'error');
    assert.equal(
      web.message,
      '`web` publishes 0.0.0.0:8080 → container 80/tcp, but `admin` (0.0.0.0:8080 → container 8000/tcp) also claims host port 8080/tcp; the second container to start fails with "port is already allocated".',
    );
    assert.equal(web.related[0].message, '`admin` publishes 0.0.0.0:8080 → container 8000/tcp here');
    assert.equal(a.project.sources.get(web.related[0].loc.file)!.slice(web.related[0].loc), '8080');
    assert.deepEqual(web.fixes, []);
  });

  it('fires on one service publishing a host port twice', () => {
    const a = check({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports:\n      - "8080:80"\n      - "8080:443"\n' });
    const found = a.findings.filter((f) => f.rule === RULE);
    assert.deepEqual(found.map((f) => [f.service, textAt(a, f.loc)]), [
      ['web', '8080'],
      ['web', '8080'],
    ]);
    assert.match(found[0].message, /host port 8080\/tcp twice; the container fails to start/);
  });

  it('is silent for distinct IPs, other protocols, random host ports, host mode (discarded, fact 3) and inactive profiles', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
