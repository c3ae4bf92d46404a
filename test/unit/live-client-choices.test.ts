// The "Check Reachability…" quick picks, from the bundled example's topology document: from whom,
// to whom (referenced peers first), which ports (what the file uses, then the target's ports).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { fromChoices, parsePort, portChoices, toChoices } from '../../client/src/live/probeChoices';
import { loadProject } from '../../server/src/compose/project';
import { analyse } from '../../server/src/analysis';
import { topologyFromAnalysis } from '../../server/src/topology/fromModel';

const ROOT = path.resolve(__dirname, '../../..');

describe('reachability quick picks', () => {
  const doc = topologyFromAnalysis(analyse(loadProject({ dir: path.join(ROOT, 'examples'), env: {} })));

  it('offers every active service to probe from, and the peers it refers to first', () => {
    assert.deepEqual(fromChoices(doc), ['web', 'api', 'worker', 'db', 'cache']);
    const to = toChoices(doc, 'api');
    assert.ok(!to.includes('api'));
    const referred = doc.references.filter((r) => r.from === 'api' && r.to).map((r) => r.to as string);
    assert.ok(referred.length > 0);
    assert.ok(referred.includes(to[0]), `${to.join(',')} starts with one of ${referred.join(',')}`);
  });

  it('offers the ports the file uses to reach the target', () => {
    assert.deepEqual(portChoices(doc, 'api', 'cache')[0], { port: 6379, why: 'api uses cache:6379' });
    // api writes localhost:5432 for db (localhost-peer): that port is offered for db.
    const ports = portChoices(doc, 'api', 'db');
    assert.ok(ports.some((p) => p.port === 5432 && /meant for db/.test(p.why)), JSON.stringify(ports));
  });

  it('accepts only ports 1–65535 typed by the user', () => {
    assert.equal(parsePort('5432'), 5432);
    assert.equal(parsePort(' 80 '), 80);
    for (const bad of ['0', '65536', '80;rm', '', '-1', '8e3']) assert.equal(parsePort(bad), undefined, bad);
  });
});
