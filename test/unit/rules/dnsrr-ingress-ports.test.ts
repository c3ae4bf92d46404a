import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProject } from '../../../server/src/compose/project';
import { analyse } from '../../../server/src/analysis';
import { analyseFixture, findingsOf, fixtureDir } from '../../helpers/fixtures';
import { applyEdits } from '../../helpers/project';
import { assertEveryFixRoundTrips } from '../../helpers/fixRoundTrip';

const RULE = 'dnsrr-ingress-ports';

describe(`rule ${RULE}`, () => {
  it('fires on every ingress-mode port of a dnsrr service (fact 22), short and long, block and flow', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), [
      'dns compose.yaml:7:9-7:20 ""53:53/udp""',
      'dns compose.yaml:8:9-9:24 "target: 9153\n        published: 9153"',
      'dns compose.yaml:10:9-10:13 "8080"',
      'flow compose.yaml:14:13-14:32 ""127.0.0.1:8081:80""',
      'flow compose.yaml:14:34-14:81 "{ target: 443, published: 8443, mode: ingress }"',
    ]);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.severity, 'error');
    assert.match(f.message, /`dns` uses `endpoint_mode: dnsrr` and publishes 53:53 in ingress mode/);
    const rel = f.related[0];
    assert.equal(a.project.sources.get(rel.loc.file)!.slice(rel.loc), 'dnsrr');
  });

  it('its fix sets mode: host, turning a short entry into long syntax and leaving the other entries as they are', () => {
    const texts = assertEveryFixRoundTrips(RULE, 'fires').map((t) => t[0]);
    assert.match(texts[0], /    ports:\n      - target: 53\n        published: 53\n        protocol: udp\n        mode: host # resolver\n      - target: 9153\n        published: 9153\n      - 8080\n/);
    assert.match(texts[1], /      - target: 9153\n        published: 9153\n        mode: host\n      - 8080\n/);
    assert.match(texts[2], /      - target: 8080\n        mode: host\n  flow:/);
    assert.match(texts[3], /ports: \[\{ target: 80, published: 8081, host_ip: 127\.0\.0\.1, mode: host \}, \{ target: 443, published: 8443, mode: ingress \}\]/);
    assert.match(texts[4], /ports: \["127\.0\.0\.1:8081:80", \{ target: 443, published: 8443, mode: host \}\]/);
  });

  it('sees endpoint_mode set in another file (-f compose.yaml -f compose.prod.yaml) and fixes the port where it is written', () => {
    const dir = fixtureDir(RULE, 'override');
    const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined);
    const a = analyse(loadProject({ dir, env: {}, files: ['compose.yaml', 'compose.prod.yaml'], readFile: read }));
    assert.deepEqual(findingsOf(a, RULE), ['search compose.yaml:5:9-5:20 ""9200:9200""']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(path.basename(f.related[0].loc.file), 'compose.prod.yaml');
    const edited = applyEdits(read(path.join(dir, 'compose.yaml'))!, path.join(dir, 'compose.yaml'), f.fixes[0].edits);
    assert.equal(edited, 'services:\n  search:\n    image: search\n    ports:\n      - target: 9200\n        published: 9200\n        mode: host\n');
    const after = analyse(loadProject({ dir, env: {}, files: ['compose.yaml', 'compose.prod.yaml'], readFile: (file) => (file === path.join(dir, 'compose.yaml') ? edited : read(file)) }));
    assert.deepEqual(findingsOf(after, RULE), []);
    // Compose alone (no prod file) sees no dnsrr: the rule is silent.
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'override'), RULE), []);
  });

  it('is silent with mode: host ports, on vip services, and on dnsrr services that publish nothing', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
