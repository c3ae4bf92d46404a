import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { assertEveryFixRoundTrips } from '../../helpers/fixRoundTrip';
import { applyFix, check } from '../../helpers/project';

const RULE = 'links-legacy';

describe(`rule ${RULE}`, () => {
  it('fires on links to peers on a shared user-defined network, where the name resolves anyway (fact 7)', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['web compose.yaml:5:9-5:11 "db"', 'web compose.yaml:6:9-6:20 "cache:redis"', 'worker compose.yaml:12:13-12:17 ""db""']);
    const [plain, aliased] = a.findings.filter((x) => x.rule === RULE);
    assert.equal(plain.severity, 'hint');
    assert.deepEqual(plain.tags, ['unnecessary']);
    assert.match(plain.message, /`web` links to `db`, but both are on `default`, where Docker's DNS already resolves `db`/);
    assert.match(aliased.message, /The alias `redis` is used 1 time; use `cache` there instead/);
    assert.deepEqual(aliased.related.map((r) => a.project.sources.get(r.loc.file)!.slice(r.loc)), ['cache', 'redis']);
  });

  it('removes the entry (the whole key when it was the only one), and renames the references that used a link alias', () => {
    const [[db], [cache], [worker]] = assertEveryFixRoundTrips(RULE, 'fires');
    assert.match(db, /    links:\n      - cache:redis\n    environment:/);
    // The alias `redis` exists only through the link: the reference switches to the service name.
    assert.match(cache, /    links:\n      - db\n    environment:\n      DB_URL: postgres:\/\/db:5432\/app\n      CACHE_URL: redis:\/\/cache:6379\n/);
    assert.match(worker, /  worker:\n    image: worker\n  db:/);
  });

  it('offers no fix when the alias is used where no reference locates it (a rename would miss `-h redis`)', () => {
    const a = analyseFixture(RULE, 'inexact');
    assert.deepEqual(findingsOf(a, RULE), ['web compose.yaml:5:9-5:20 "cache:redis"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.match(f.message, /The alias `redis` is used 2 times; use `cache` there instead/);
    assert.deepEqual(f.fixes, []);
  });

  it('is silent on the default bridge, where links are the only names (fact 6), and without links', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});

describe(`rule ${RULE}: a service whose every link is redundant`, () => {
  it('offers to remove the whole links key, from each finding', () => {
    const files = { 'compose.yaml': 'services:\n  web:\n    image: web\n    links:\n      - db\n      - cache\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n' };
    const a = check(files);
    const found = a.findings.filter((f) => f.rule === RULE);
    assert.equal(found.length, 2);
    for (const f of found) {
      assert.equal(f.fixes[0].title, 'Remove `links` from `web` (every entry is redundant)');
      const fixed = applyFix(files, f.fixes[0]);
      assert.equal(fixed['compose.yaml'], 'services:\n  web:\n    image: web\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n');
      assert.deepEqual(check(fixed).findings.filter((x) => x.rule === RULE), []);
    }
  });
});
