// Live mode's picture of a project draws the file's connections as they stand on the engine — those read
// from the configuration files services mount as well as the Compose values — through the `netlens/topology`
// request's live path, on a recorded engine answer (test/fixtures/live/mounted-references/engine.json): the api
// container was left off `back`, so its connection to db is drawn broken, while the proxy's nginx.conf
// upstream runs over `shop_front`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyse } from '../../server/src/analysis';
import { loadProject } from '../../server/src/compose/project';
import { topologyRequest } from '../../server/src/features/topology';
import type { EngineAnswer } from '../../server/src/live/read';
import { topologyFromEngine } from '../../server/src/live/snapshot';
import { uriOf } from '../helpers/lspClient';
import type { TopologyDocument } from '../../server/src/topology/types';

const DIR = path.resolve(__dirname, '../../../test/fixtures/live/mounted-references');

describe('live: the file’s connections on the engine, mounted files’ included', () => {
  const answer = JSON.parse(fs.readFileSync(path.join(DIR, 'engine.json'), 'utf8')) as EngineAnswer;
  const analysis = analyse(loadProject({ dir: DIR, env: {} }));
  const request = (scope?: 'all') =>
    topologyRequest({ uri: uriOf(path.join(DIR, 'compose.yaml')), source: 'live', scope }, async () => analysis, async (_file, project) => ({ ok: true, document: topologyFromEngine(answer, { project }) })) as Promise<TopologyDocument>;

  it('draws the nginx.conf upstream and the Compose value, each judged by the networks the containers share', async () => {
    const doc = await request();
    assert.equal(doc.source, 'live');
    const arrows = doc.references.map((r) => `${r.from} → ${r.to} ${r.resolution}${r.network ? ` over ${r.network}` : ''}${r.reason ? ` (${r.reason})` : ''}${r.file ? ` from ${r.file}` : ''}`).sort();
    assert.deepEqual(arrows, ['api → db unreachable (no-shared-network)', 'proxy → api service over shop_front from nginx.conf']);
    const upstream = doc.references.find((r) => r.file === 'nginx.conf')!;
    assert.equal(upstream.loc?.file, path.join(DIR, 'nginx.conf'), 'the arrow links to the line in the mounted file');
    assert.equal(upstream.port, 8080);
    // The file alone says both connections work.
    const fromFile = (await topologyRequest({ uri: uriOf(path.join(DIR, 'compose.yaml')) }, async () => analysis)) as TopologyDocument;
    assert.ok(fromFile.references.filter((r) => r.kind !== 'dependency').every((r) => r.resolution === 'service'));
  });

  it('the whole engine’s picture (every project) draws no file’s arrows', async () => {
    assert.deepEqual((await request('all')).references, []);
  });
});
