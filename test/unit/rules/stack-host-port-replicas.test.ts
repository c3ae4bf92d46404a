import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { analyseStackFixture } from '../../helpers/stack';

const RULE = 'stack-host-port-replicas';

describe(`rule ${RULE}`, () => {
  it('fires on a host-mode port of a service whose replicas are all pinned to one node, with the pin and the count related', () => {
    const a = analyseStackFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['edge compose.yaml:5:9-7:19 "target: 80\n        published: 80\n        mode: host"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /`edge` publishes 80 in host mode, which one task per node can bind, and its placement puts every task on node `edge1`: 2 of its 3 replicas stay pending/);
    const text = (loc: { file: string; start: number; end: number }) => a.project.sources.get(loc.file)!.slice(loc);
    assert.deepEqual(f.related.map((r) => text(r.loc)), ['"node.hostname == edge1"', '3']);
  });

  it('not for global services, unpinned replicas, mesh ports, one replica, nor without --stack', () => {
    assert.deepEqual(findingsOf(analyseStackFixture(RULE, 'clean'), RULE), []);
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'fires'), RULE), []);
  });
});
