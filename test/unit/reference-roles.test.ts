// The role of every address a service writes (network/roles.ts) and the scanner's reading of values
// that only look like addresses: each case is a class seen in real projects, not one project.
import * as assert from 'node:assert/strict';
import { findAddresses } from '../../server/src/network/addresses';
import { buildNetworkModel } from '../../server/src/network/model';
import { settingRole } from '../../server/src/network/roles';
import type { NetworkModel, Reference } from '../../server/src/network/types';
import { check, load } from '../helpers/project';

function model(yaml: string, extra: Record<string, string> = {}): NetworkModel {
  return buildNetworkModel(load({ 'compose.yaml': yaml, ...extra }));
}

/** `host role certainty` of each reference `from` writes. */
function roles(m: NetworkModel, from: string): string[] {
  return m.referencesFrom(from).map((r: Reference) => `${r.envKey ?? r.origin} ${r.host} ${r.role} ${r.certainty}`);
}

function service(name: string, image: string, env: Record<string, string>, more = ''): string {
  return `  ${name}:\n    image: ${image}\n    environment:\n${Object.entries(env).map(([k, v]) => `      ${k}: "${v}"`).join('\n')}\n${more}`;
}

describe('reference roles', () => {
  it('names that say an address is handed out: public, external, advertised, browser, redirect, CORS, base URLs, framework prefixes', () => {
    for (const key of ['PUBLIC_URL', 'EXTERNAL_ENDPOINT', 'KAFKA_ADVERTISED_LISTENERS', 'KRATOS_BROWSER_URL', 'OAUTH_REDIRECT_URI', 'CORS_ALLOWED_ORIGINS', 'OIDC_ISSUER', 'NEXT_PUBLIC_API_URL', 'VITE_BACKEND', 'NEXTAUTH_URL', 'APP_DOMAIN']) {
      assert.equal(settingRole({ name: key }).role, 'advertise', key);
    }
    for (const key of ['BASE_URL', 'APP_URL', 'WEB_URL', 'ROOT_URL', 'FRONTEND_URL']) {
      const r = settingRole({ name: key });
      assert.deepEqual([r.role, r.certainty], ['advertise', 'likely'], key);
    }
  });

  it('names and schemes that say the service connects: stores, brokers, telemetry, host+port pairs, client protocols', () => {
    for (const key of ['DATABASE_URL', 'REDIS_HOST', 'PGHOST', 'KAFKA_BOOTSTRAP_SERVERS', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'SMTP_HOST', 'ELASTICSEARCH_HOSTS', 'spring.datasource.url']) {
      assert.deepEqual([settingRole({ name: key }).role, settingRole({ name: key }).certainty], ['dial', 'certain'], key);
    }
    assert.deepEqual(settingRole({ name: 'WHATEVER', scheme: 'postgres' }).certainty, 'certain');
    for (const key of ['API_URL', 'PAYMENTS_ENDPOINT', 'SOMETHING_HOST']) assert.deepEqual([settingRole({ name: key }).role, settingRole({ name: key }).certainty], ['dial', 'likely'], key);
    assert.equal(settingRole({ name: 'JAVA_OPTS' }).role, 'unknown');
    assert.equal(settingRole({ name: 'KAFKA_LISTENERS' }).role, 'listen');
  });

  it('X_URL beside X_PUBLIC_URL is the internal address, dialled for sure', () => {
    const r = settingRole({ name: 'KRATOS_URL', siblings: ['KRATOS_URL', 'KRATOS_PUBLIC_URL'] });
    assert.deepEqual([r.role, r.certainty], ['dial', 'certain']);
    assert.match(r.why, /KRATOS_PUBLIC_URL/);
  });

  it('a setting inside a longer value decides for its address (-Dname=url)', () => {
    const m = model(`services:\n${service('app', 'app', { JAVA_OPTS: '-Dspring.datasource.url=jdbc:postgresql://db:5432/x -Dapp.public-url=http://localhost:8080' })}  db:\n    image: postgres:16\n`);
    assert.deepEqual(roles(m, 'app'), ['JAVA_OPTS db dial certain', 'JAVA_OPTS localhost advertise certain']);
  });

  it('a database image given an application env_file, or its own family settings, dials none of them', () => {
    const m = model(
      `services:\n  app:\n    image: app\n    env_file: app.env\n  db:\n    image: mariadb:11\n    env_file: app.env\n    environment:\n      MARIADB_HOST: paperless\n`,
      { 'app.env': 'API_URL=http://localhost:8000\n' },
    );
    assert.deepEqual(roles(m, 'db'), ['API_URL localhost unknown likely', 'MARIADB_HOST paperless unknown likely']);
    assert.deepEqual(roles(m, 'app'), ['API_URL localhost dial likely']);
  });

  it('an API viewer that only serves a page (swagger-ui, redoc) hands every address of its settings to the browser', () => {
    const m = model(`services:\n${service('api', 'example/api', { PORT: '81' })}${service('docs', 'swaggerapi/swagger-ui:latest', { URL: 'http://api:81/api/schema' })}${service('app', 'example/app', { URL: 'http://api:81/api/schema' })}`);
    assert.deepEqual(roles(m, 'docs'), ['URL api advertise certain']);
    // The same setting on an application is still where it connects.
    assert.deepEqual(roles(m, 'app'), ['URL api dial certain']);
  });

  it('an address naming a project service is for containers: an address setting naming one is dialled for sure', () => {
    const m = model(`services:\n${service('web', 'web', { WEB_URL: 'http://api:80', NOTE: 'api:8080' })}  api:\n    image: api\n`);
    assert.deepEqual(roles(m, 'web'), ['WEB_URL api dial certain', 'NOTE api dial likely']);
  });

  it('in commands: a flag decides (advertise, listen, dial words); client programs dial; healthchecks dial the container itself', () => {
    const m = model(
      'services:\n  broker:\n    image: redpanda\n    command: ["--kafka-addr", "internal://0.0.0.0:9092", "--advertise-kafka-addr", "internal://broker:9092", "--seeds", "broker2:33145", "--docker.endpoint=http://sock:2375"]\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost:9644/v1/status/ready"]\n  broker2:\n    image: redpanda\n  sock:\n    image: sock\n',
    );
    assert.deepEqual(roles(m, 'broker'), [
      'command 0.0.0.0 listen certain',
      'command broker advertise certain',
      'command broker2 dial certain',
      'command sock dial likely',
      'healthcheck localhost dial certain',
    ]);
  });

  it('marks addresses inside shell scripts, where no fix may edit', () => {
    const m = model('services:\n  app:\n    image: app\n    command: ["sh", "-c", "psql -h localhost -p 5432 && curl http://localhost:5432"]\n  db:\n    image: postgres:16\n');
    assert.ok(m.referencesFrom('app').every((r) => r.inShell === true));
    const a = check({ 'compose.yaml': 'services:\n  app:\n    image: app\n    command: ["sh", "-c", "curl http://localhost:5432/"]\n  db:\n    image: postgres:16\n' });
    const f = a.findings.find((x) => x.rule === 'localhost-peer');
    assert.ok(f, 'a finding');
    assert.deepEqual(f.fixes, []);
  });
});

describe('addresses that are not hosts', () => {
  const hosts = (text: string) => findAddresses(text).map((a) => `${a.host}:${a.port ?? ''}`);

  it("Go's MySQL DSN: the host inside tcp(...), at its own characters", () => {
    const text = 'mysql://root:secret@tcp(mysqld:3306)/kratos';
    const [m] = findAddresses(text);
    assert.deepEqual([m.host, m.port, text.slice(m.hostStart, m.hostEnd), text.slice(m.portStart, m.portEnd)], ['mysqld', 3306, 'mysqld', '3306']);
    assert.deepEqual(hosts('mysql://u@unix(/var/run/mysqld.sock)/db'), []);
  });

  it('name=url lists end each URL before the next name', () => {
    assert.deepEqual(hosts('etcd1=http://etcd1:2380,etcd2=http://etcd2:2380'), ['etcd1:2380', 'etcd2:2380']);
  });

  it('buckets, files and sockets are no hosts; templates and placeholders neither', () => {
    assert.deepEqual(hosts('s3://my-bucket/path gs://b file:///x unix:///var/run/docker.sock'), []);
    assert.deepEqual(hosts('INSIDE://_{HOSTNAME_COMMAND}:9092 http://{{ .Host }}:80 http://%s:80'), []);
  });

  it('$NAME:port is a shell variable at run time ($$ in the file), never a host called NAME', () => {
    assert.deepEqual(hosts('exec app --peer $PEER_HOST:8080 --x ${OTHER}:90'), []);
    const m = model('services:\n  app:\n    image: app\n    command: ["sh", "-c", "wait-for $$DB_HOST:5432 && app"]\n');
    assert.deepEqual(m.referencesFrom('app').map((r) => r.host), []);
  });

  it('a shell variable the service sets in its own environment stands for its value, never edited by a fix', () => {
    const m = model('services:\n  app:\n    image: app\n    environment:\n      DB_HOST: db\n    command: ["sh", "-c", "wait-for $$DB_HOST:5432 && psql -h $${DB_HOST}"]\n  db:\n    image: postgres:16\n');
    const viaShell = m.referencesFrom('app').filter((r) => r.origin === 'command');
    assert.deepEqual(viaShell.map((r) => `${r.host}:${r.port ?? ''} ${r.exact} ${r.role}`), ['db:5432 false dial', 'db: false dial']);
    assert.match(viaShell[0].roleWhy, /`\$DB_HOST`, set to `db`/);
  });

  it("a URL's port ends at its first non-digit", () => {
    const text = 'http://api:8080abc/x redis://cache:6379\\n';
    assert.deepEqual(findAddresses(text).map((a) => [a.host, a.port, text.slice(a.portStart, a.portEnd)]), [['api', 8080, '8080'], ['cache', 6379, '6379']]);
  });

  it('key:count pairs with a one-digit number are no ports', () => {
    assert.deepEqual(hosts('random_int(min:2, max:4) ratio:3'), []);
    assert.deepEqual(hosts('db:5432'), ['db:5432']);
  });

  it('virtual hosts and on/off flags in *_HOST settings are no hosts', () => {
    const m = model(`services:\n${service('app', 'app', { RABBITMQ_DEFAULT_VHOST: 'plane', AMQP_VHOST: 'jobs', USE_PROXY_HOST: 'y', REDIS_HOST: 'cache' })}  cache:\n    image: redis:7\n`);
    assert.deepEqual(m.referencesFrom('app').map((r) => r.host), ['cache']);
  });
});
