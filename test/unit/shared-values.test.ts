// One value written once and used by several services (an `x-` anchor, a shared env_file) is one finding at
// that value naming every service, and the picture marks each service's own arrow with it.
import * as assert from 'node:assert/strict';
import { topologyElements } from '../../server/src/topology/elements';
import { topologyFromAnalysis } from '../../server/src/topology/fromModel';
import { check } from '../helpers/project';

const ANCHORED = `x-env: &env
  DATABASE_URL: postgres://app@localhost:5432/app
services:
  api:
    image: api
    environment: *env
  worker:
    image: worker
    environment: *env
  clock:
    image: clock
    environment: *env
  other:
    image: other
    environment:
      TARGET: http://db:5432
  db:
    image: postgres:16
`;

describe('a value shared by several services', () => {
  it('an anchor merged into three services is one finding at the anchor, naming the three', () => {
    const a = check({ 'compose.yaml': ANCHORED });
    const peers = a.findings.filter((f) => f.rule === 'localhost-peer');
    assert.equal(peers.length, 1);
    const [f] = peers;
    assert.deepEqual(f.services, ['api', 'worker', 'clock']);
    assert.equal(f.service, 'api');
    assert.match(f.message, /The same value serves `worker`, `clock` too\.$/);
    assert.deepEqual(f.related.filter((r) => /uses this value too/.test(r.message)).map((r) => r.message), ['`worker` uses this value too', '`clock` uses this value too']);
    assert.equal(a.project.sources.get(f.loc.file)!.slice(f.loc), 'localhost');
  });

  it('a shared env_file line is one finding too', () => {
    const a = check({
      'compose.yaml': 'services:\n  api:\n    image: api\n    env_file: app.env\n  worker:\n    image: worker\n    env_file: app.env\n  db:\n    image: postgres:16\n',
      'app.env': 'DATABASE_URL=postgres://localhost:5432/app\n',
    });
    const peers = a.findings.filter((f) => f.rule === 'localhost-peer');
    assert.deepEqual(peers.map((f) => [f.services, f.loc.file.endsWith('app.env')]), [[['api', 'worker'], true]]);
  });

  it('the picture marks the arrow of each service sharing the value, and no other', () => {
    const a = check({ 'compose.yaml': ANCHORED });
    const doc = topologyFromAnalysis(a);
    const marked = doc.references.filter((r) => r.findings.includes('localhost-peer')).map((r) => r.from);
    assert.deepEqual(marked.sort(), ['api', 'clock', 'worker']);
    const services = topologyElements(doc).filter((e) => e.data.kind === 'service' && e.data.rules?.includes('localhost-peer')).map((e) => e.data.id);
    assert.ok(!services.some((id) => id.endsWith('other')));
  });
});
