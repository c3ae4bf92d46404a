import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';

const RULE = 'internal-network-egress';

describe(`rule ${RULE}`, () => {
  it('fires on public names and outside addresses reached from internal networks only (fact 10)', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['worker compose.yaml:5:29-5:43 "api.stripe.com"', 'worker compose.yaml:7:17-7:24 "8.8.8.8"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /`worker` reaches `api\.stripe\.com`, outside the project, but every network of `worker` is internal \(`backend`\)/);
    assert.deepEqual(f.related.map((r) => a.project.sources.get(r.loc.file)!.slice(r.loc)), ['backend']);
  });

  it('is silent for peers, addresses inside the subnet, private names, tasks.<service>, and services with a way out', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
