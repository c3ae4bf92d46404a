// Probe all's plan, verdicts and report without an engine (test/live/reach-probes.test.ts runs it on one).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { loadProject } from '../../server/src/compose/project';
import { planProbes, probeFindings, probeSummary, type ProbeOutcome } from '../../server/src/live/probeAll';
import { buildNetworkModel } from '../../server/src/network/model';

const ROOT = path.resolve(__dirname, '../../..');

describe('probe all (plan and report)', () => {
  const model = buildNetworkModel(loadProject({ dir: path.join(ROOT, 'examples'), env: {} }));

  it('plans one probe per dialled address with a static verdict and per pair that works, once each', () => {
    const plan = planProbes(model);
    const shown = plan.probes.map((p) => `${p.from}→${p.host}${p.port ? `:${p.port}` : ''} ${p.expected}${p.refs.length ? ' ref' : ''}${p.pair ? ' pair' : ''}`);
    assert.deepEqual(shown, [
      'api→localhost:5432 fails ref',
      'api→cache:6379 works ref pair',
      'worker→cache:6379 fails ref',
      'web→api:3000 works pair',
      'api→web:80 works pair',
      'api→db:5432 works pair',
      'db→api:3000 works pair',
      'db→cache:6379 works pair',
      'cache→api:3000 works pair',
      'cache→db:5432 works pair',
    ]);
    assert.equal(plan.leftOut, 0);
    const all = planProbes(model, { pairs: 'all' });
    assert.equal(all.probes.length, 10 + 12);
    const limited = planProbes(model, { limit: 3 });
    assert.deepEqual({ probes: limited.probes.length, leftOut: limited.leftOut }, { probes: 3, leftOut: 7 });
  });

  it('a disagreement is a finding on the address, with both verdicts; the summary counts each kind', () => {
    const plan = planProbes(model);
    const [localhost, cache] = plan.probes;
    const outcomes: ProbeOutcome[] = [
      { probe: localhost, container: 'shop-api-1', observed: 'works', verdict: 'disagrees', seen: '`shop-api-1` → `localhost`: name resolves to 127.0.0.1; TCP 5432 open' },
      { probe: cache, container: 'shop-api-1', observed: 'works', verdict: 'agrees', seen: '' },
      { probe: plan.probes[2], observed: 'unknown', verdict: 'inconclusive', seen: 'no running container of `worker`' },
    ];
    const findings = probeFindings(model, outcomes);
    assert.equal(findings.length, 1);
    const f = findings[0];
    assert.equal(f.rule, 'probe-disagrees');
    assert.equal(f.service, 'api');
    assert.equal(model.project.sources.get(f.loc.file)?.slice(f.loc), 'localhost');
    assert.equal(f.message, 'The probe disagrees with the analysis: statically `api → localhost:5432` fails (`localhost` is `api` itself, which does not listen on `5432`); the probe from container `shop-api-1` says it works: name resolves to 127.0.0.1; TCP 5432 open.');
    assert.equal(probeSummary(plan, outcomes), 'Probes: 3 run, 1 agree, 1 disagree, 1 inconclusive.');
  });

  it('--probe goes with --live: a usage error otherwise', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'netlens.js'), 'check', '--probe', 'examples'], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^netlens: --probe runs probes in the running containers: it goes with --live\n/);
  });
});
