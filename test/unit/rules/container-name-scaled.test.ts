import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { assertEveryFixRoundTrips } from '../../helpers/fixRoundTrip';

const RULE = 'container-name-scaled';

describe(`rule ${RULE}`, () => {
  it('fires on container_name with deploy.replicas or scale above 1', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['worker compose.yaml:4:21-4:27 "worker"', 'api compose.yaml:9:21-9:29 "api-main"']);
    const [worker, api] = a.findings.filter((x) => x.rule === RULE);
    assert.equal(worker.severity, 'error');
    assert.match(worker.message, /`worker` sets `container_name: worker` and asks for 3 replicas/);
    assert.deepEqual(worker.related.map((r) => a.project.sources.get(r.loc.file)!.slice(r.loc)), ['3']);
    assert.deepEqual(api.related.map((r) => r.message), ['2 replicas are asked for here', '`web` uses the container name here']);
  });

  it('its fix removes container_name, and moves the references that used it to the service name (fact 9)', () => {
    const [[worker], [api]] = assertEveryFixRoundTrips(RULE, 'fires');
    assert.match(worker, /  worker:\n    image: worker\n    deploy:\n      replicas: 3\n/);
    assert.match(api, /  api:\n    image: api\n    scale: 2\n/);
    assert.match(api, /API_URL: http:\/\/api:8080/);
  });

  it('offers no fix when the container name is used where no reference locates it (`pg_dump -h pg-main`)', () => {
    const a = analyseFixture(RULE, 'inexact');
    assert.deepEqual(findingsOf(a, RULE), ['db compose.yaml:4:21-4:28 "pg-main"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.match(f.message, /The project uses the name `pg-main` 1 time; use `db` there\./);
    assert.deepEqual(f.fixes, []);
  });

  it('is silent for one replica, and for scaled services without a fixed name', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
