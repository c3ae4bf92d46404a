import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { check } from '../../helpers/project';
import { hover } from '../../../server/src/features/hover';

const RULE = 'unknown-peer-port';

describe(`rule ${RULE}`, () => {
  it('fires on B:P where B is known to listen on other ports only (facts 17, 18), at the port’s characters', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['web compose.yaml:5:27-5:31 "8000"', 'web compose.yaml:6:29-6:33 "5433"']);
    const [api, db] = a.findings.filter((x) => x.rule === RULE);
    assert.equal(api.severity, 'info');
    assert.equal(api.message, '`web` reaches `api` on port 8000, but `api` is only known to listen on 3000.');
    assert.equal(db.message, '`web` reaches `db` on port 5433, but `db` is only known to listen on 5432.');
    assert.deepEqual(api.related.map((r) => a.project.sources.get(r.loc.file)!.slice(r.loc)), ['api']);
  });

  it('counts the port a scheme implies (http → 80) where the program uses the URL as written (a proxy’s upstream), and says so; not in an application’s setting, which may take its port elsewhere', () => {
    const a = analyseFixture(RULE, 'scheme');
    assert.deepEqual(findingsOf(a, RULE), ['proxy site.conf:3:34-3:37 "api"']);
    assert.equal(a.findings.find((x) => x.rule === RULE)!.message, '`proxy` reaches `api` on port 80 (the default port of `http`) in site.conf (`proxy_pass`), but `api` is only known to listen on 3000.');
  });

  it('is silent on known ports, on peers with nothing known or known only by what they publish, and on published host ports (published-port-in-network’s case)', () => {
    const a = analyseFixture(RULE, 'clean');
    assert.deepEqual(findingsOf(a, RULE), []);
    // The hover on `kafka:9092` says why nothing is said: a published port need not be every listener.
    const source = [...a.project.sources.all()].find((f) => f.path.endsWith('compose.yaml'))!;
    const h = hover(a, source.path, source.positionAt(source.text.indexOf('kafka:9092') + 1));
    const value = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    assert.match(value, /Nothing tells whether `kafka` listens on `9092`: it is known to listen on `19092` \(published\), which need not be all of its ports\./);
  });

  it('knows the ports peers’ own settings declare: listener lists, own port settings, bind addresses, `--*-addr` flags, healthcheck probes', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'learned'), RULE), []);
  });

  it('knows the ports a build’s Dockerfile exposes and its CMD serves, and nothing of a build context that is not there', () => {
    const a = analyseFixture(RULE, 'dockerfile');
    assert.deepEqual(findingsOf(a, RULE), ['web compose.yaml:8:31-8:35 "8000"']);
    assert.equal(a.findings.find((f) => f.rule === RULE)!.message, '`web` reaches `api` on port 8000, but `api` is only known to listen on 3000, 9100.');
    assert.deepEqual(a.project.problems, []);
  });

  it('takes the default ports of an exact server image as known, and only guesses them for other images of its family', () => {
    const a = analyseFixture(RULE, 'image-guess');
    assert.deepEqual(findingsOf(a, RULE), ['web compose.yaml:8:35-8:39 "3370"', 'web compose.yaml:9:29-9:33 "5433"']);
    assert.deepEqual(
      a.findings.filter((x) => x.rule === RULE).map((f) => f.message),
      ['`web` reaches `metrics` on port 3370, but `metrics` is only known to listen on 3000.', '`web` reaches `db` on port 5433, but `db` is only known to listen on 5432.'],
    );
  });

  it('knows a mail catcher’s SMTP port beside the web one it exposes', () => {
    const files = (port: number, image = 'maildev/maildev', listing = 'expose: ["1080"]') => ({
      'compose.yaml': `services:\n  app:\n    image: example/app\n    environment:\n      SMTP_HOST: mail\n      SMTP_PORT: "${port}"\n  mail:\n    image: ${image}\n    ${listing}\n`,
    });
    assert.deepEqual(check(files(1025)).findings.filter((f) => f.rule === RULE), []);
    assert.deepEqual(check(files(1025, 'example/mailcatcher:1')).findings.filter((f) => f.rule === RULE), []);
    assert.deepEqual(
      check(files(2525)).findings.filter((f) => f.rule === RULE).map((f) => f.message),
      ['`app` reaches `mail` on port 2525, but `mail` is only known to listen on 1025, 1080.'],
    );
    // Published only, its listeners are not known whole: silent.
    assert.deepEqual(check(files(2525, 'maildev/maildev', 'ports: ["9503:1080"]')).findings.filter((f) => f.rule === RULE), []);
  });

  it('fires on ports the peers’ own settings leave out', () => {
    const a = analyseFixture(RULE, 'learned-fires');
    assert.deepEqual(findingsOf(a, RULE), ['client compose.yaml:6:24-6:29 "29093"', 'client compose.yaml:7:21-7:25 "2172"', 'client compose.yaml:8:23-8:27 "9093"']);
    assert.deepEqual(
      a.findings.filter((x) => x.rule === RULE).map((f) => f.message),
      [
        '`client` reaches `kafka` on port 29093, but `kafka` is only known to listen on 9092, 29092.',
        '`client` reaches `zookeeper` on port 2172, but `zookeeper` is only known to listen on 2171, 2181.',
        '`client` reaches `redpanda` on port 9093, but `redpanda` is only known to listen on 9092, 19092.',
      ],
    );
  });

  it('a URL beside a setting that holds its port takes that port; a service naming itself is not judged', () => {
    const files = {
      'compose.yaml': [
        'services:',
        '  dashboard:',
        '    image: example/dashboard:1',
        '    environment:',
        '      MANAGER_API_URL: https://manager',
        '      API_PORT: "5500"',
        '      SELF_METRICS: http://dashboard:6060/metrics',
        '    expose: ["5601"]',
        '  manager:',
        '    image: example/manager:1',
        '    expose: ["55000"]',
        '',
      ].join('\n'),
    };
    const a = check(files);
    const ref = a.model.references.find((r) => r.host === 'manager')!;
    assert.deepEqual([ref.port, ref.portSource], [5500, 'variable']);
    assert.deepEqual(findingsOf(a, RULE), ['dashboard compose.yaml:6:18-6:22 "5500"']);
  });
});
