import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyseFixture, applyAndRecheck, fixtureDir, findingsOf, otherFindings } from '../../helpers/fixtures';
import { check } from '../../helpers/project';

const RULE = 'localhost-peer';

describe(`rule ${RULE}`, () => {
  it('fires on localhost and 127.0.0.1 used for peers (fact 1), at the host’s characters', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['api compose.yaml:6:44-6:53 "localhost"', 'api compose.yaml:7:22-7:31 "127.0.0.1"']);
    const first = a.findings.find((f) => f.rule === RULE)!;
    assert.equal(first.severity, 'error');
    assert.equal(first.message, '`api` reaches `localhost:5432`, but `localhost` in `api` is `api` itself; `db` listens on 5432.');
    assert.equal(first.related[0].message, '`db` listens on 5432');
  });

  it('each fix names the peer and leaves no finding behind (comments and quotes kept)', () => {
    const a = analyseFixture(RULE, 'fires');
    for (const finding of a.findings.filter((f) => f.rule === RULE)) {
      const fix = finding.fixes.find((f) => f.preferred)!;
      assert.ok(fix, 'a preferred fix');
      const { files, after } = applyAndRecheck(RULE, 'fires', a, fix);
      const text = [...files.values()][0];
      assert.match(text, /# the database is another container/);
      const remaining = findingsOf(after, RULE);
      assert.equal(remaining.length, 1, remaining.join('\n'));
      assert.deepEqual(otherFindings(after, RULE), otherFindings(a, RULE));
    }
    const dbFix = a.findings[0].fixes[0];
    const { files } = applyAndRecheck(RULE, 'fires', a, dbFix);
    assert.match([...files.values()][0], /DATABASE_URL: "postgres:\/\/app:secret@db:5432\/app"/);
  });

  it('is silent for browser-facing variables, own ports, healthchecks, shared namespaces and host mode with a published port', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });

  it('uses the container port when the reference used the published one (fact 17), fixing host and port', () => {
    const a = analyseFixture(RULE, 'published');
    assert.deepEqual(findingsOf(a, RULE), ['app compose.yaml:5:16-5:25 "localhost"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.match(f.message, /`db` publishes 8001 on the host, mapped to its container port 5432/);
    const { files, after } = applyAndRecheck(RULE, 'published', a, f.fixes[0]);
    const text = [...files.values()][0];
    assert.match(text, /DB_HOST: db\n/);
    assert.match(text, /DB_PORT: "5432"/);
    assert.deepEqual(findingsOf(after, RULE), []);
  });

  it('warns on a port-less *_HOST=localhost when a peer matches its prefix', () => {
    const a = analyseFixture(RULE, 'host-var');
    assert.deepEqual(findingsOf(a, RULE), ['worker compose.yaml:5:19-5:28 "localhost"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /probably `queue`/);
    assert.deepEqual(findingsOf(applyAndRecheck(RULE, 'host-var', a, f.fixes[0]).after, RULE), []);
  });

  it('in host mode says localhost is the host, and offers no name fix (host mode resolves no names, fact 3)', () => {
    const a = analyseFixture(RULE, 'host-mode');
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.match(f.message, /is the host \(`network_mode: host`\), where `db` does not publish 5432/);
    assert.deepEqual(f.fixes, []);
  });

  it('counts a port a host-network service listens on as open on the host: an address handed out there works (fact 3)', () => {
    const files = (mode: string) => ({
      'compose.yaml': `services:\n  edge:\n    image: nginx\n${mode}  app:\n    image: example/app\n    environment:\n      APP_BASE_URL: "http://localhost:80/"\n`,
    });
    const bridged = check(files(''));
    assert.deepEqual(
      bridged.findings.filter((f) => f.rule === RULE).map((f) => f.severity),
      ['info'],
      'on a bridge network nothing answers on the host’s port 80',
    );
    const onHost = check(files('    network_mode: host\n'));
    assert.deepEqual(onHost.findings.filter((f) => f.rule === RULE).map((f) => f.message), []);
  });

  it('lands in the override file that wrote the reference', () => {
    const a = analyseFixture(RULE, 'override');
    assert.deepEqual(findingsOf(a, RULE), ['api compose.override.yaml:4:25-4:34 "localhost"']);
    const { files, after } = applyAndRecheck(RULE, 'override', a, a.findings[0].fixes[0]);
    assert.deepEqual([...files.keys()], [path.join(fixtureDir(RULE, 'override'), 'compose.override.yaml')]);
    assert.deepEqual(findingsOf(after, RULE), []);
  });
});

describe(`rule ${RULE}: severity from the address's role`, () => {
  /** `app` writes `KEY=VALUE`; `api` listens on 3000 and `minio` on 9000, published on the host when `published`. */
  const severities = (key: string, value: string, published: boolean) => {
    const ports = published ? '    ports: ["3000:3000"]\n' : '';
    const minioPorts = published ? '    ports: ["9000:9000"]\n' : '';
    const a = check({
      'compose.yaml': `services:\n  app:\n    image: app\n    environment:\n      ${key}: "${value}"\n  api:\n    image: api\n    expose: ["3000"]\n${ports}  minio:\n    image: minio/minio\n    expose: ["9000"]\n${minioPorts}  db:\n    image: postgres:16\n`,
    });
    return a.findings.filter((f) => f.rule === RULE).map((f) => f.severity);
  };

  it('a sure connection is an error; an http one to a port published on the host is info', () => {
    assert.deepEqual(severities('DATABASE_URL', 'postgres://localhost:5432/x', false), ['error']);
    assert.deepEqual(severities('MINIO_ENDPOINT', 'http://localhost:9000', false), ['error']);
    assert.deepEqual(severities('MINIO_ENDPOINT', 'http://localhost:9000', true), ['info']);
  });

  it('a likely connection is a warning, and nothing when the port is published on the host (it works from there)', () => {
    assert.deepEqual(severities('API_URL', 'http://localhost:3000', false), ['warning']);
    assert.deepEqual(severities('API_URL', 'http://localhost:3000', true), []);
  });

  it('an address handed out is info when nothing publishes its port, nothing when something does', () => {
    assert.deepEqual(severities('PUBLIC_API_URL', 'http://localhost:3000', false), ['info']);
    assert.deepEqual(severities('PUBLIC_API_URL', 'http://localhost:3000', true), []);
  });
});
