// Where a service listens, learned from its own settings (`network/listeners.ts`): listener and
// bind settings, its own `*_PORT`, server flags in its command, and the address its healthcheck probes.
import * as assert from 'node:assert/strict';
import { declaredListenPorts, listedPorts } from '../../server/src/network/listeners';
import { buildNetworkModel } from '../../server/src/network/model';
import { imageRepository, isExactServerImage } from '../../server/src/network/wellKnown';
import { load } from '../helpers/project';

/** The ports one service's settings say it listens on, with what says so, as `port via`. */
function ports(service: string, yaml: string): string[] {
  const project = load({ 'compose.yaml': yaml });
  const def = project.services.get(service)!;
  return [...new Set(declaredListenPorts(def, project.fileTrees).map((e) => `${e.port} ${e.via}`))].sort();
}

function only(service: string, yaml: string): number[] {
  return [...new Set(declaredListenPorts(load({ 'compose.yaml': yaml }).services.get(service)!).map((e) => e.port))].sort((a, b) => a - b);
}

describe('listen ports a service’s own settings declare', () => {
  describe('environment', () => {
    it('reads every listener of a `*_LISTENERS` list, whatever its host', () => {
      const yaml = 'services:\n  kafka:\n    image: apache/kafka\n    environment:\n      KAFKA_LISTENERS: PLAINTEXT://0.0.0.0:29092,CONTROLLER://:9093,PLAINTEXT_HOST://kafka:9092\n      SCHEMA_REGISTRY_LISTENERS: http://schema-registry-0:8085\n';
      assert.deepEqual(ports('kafka', yaml), ['29092 KAFKA_LISTENERS', '8085 SCHEMA_REGISTRY_LISTENERS', '9092 KAFKA_LISTENERS', '9093 KAFKA_LISTENERS']);
    });

    it('derives the listeners from the advertised ones only when no listeners are set (as Confluent’s images do)', () => {
      const derived = 'services:\n  kafka1:\n    image: confluentinc/cp-kafka\n    environment:\n      KAFKA_ADVERTISED_LISTENERS: INTERNAL://kafka1:19092,EXTERNAL://${DOCKER_HOST_IP:-127.0.0.1}:9092\n';
      assert.deepEqual(only('kafka1', derived), [9092, 19092]);
      const both = 'services:\n  kafka:\n    image: confluentinc/cp-kafka\n    environment:\n      KAFKA_LISTENERS: INTERNAL://0.0.0.0:29092\n      KAFKA_ADVERTISED_LISTENERS: INTERNAL://kafka:29092,OUTSIDE://localhost:39092\n';
      assert.deepEqual(only('kafka', both), [29092]);
    });

    it('reads listen and bind addresses and ports (`LISTEN_ADDR`, `HTTP_BIND`, `ASPNETCORE_URLS`), not other bind settings', () => {
      const yaml = [
        'services:',
        '  app:',
        '    image: app',
        '    environment:',
        '      LISTEN_ADDR: 0.0.0.0:7000',
        '      METRICS_BIND_ADDRESS: ":9102"',
        '      GRPC_LISTEN_PORT: "50051"',
        '      ASPNETCORE_URLS: http://+:5000;https://+:5001',
        '      LDAP_BIND_DN: cn=admin:389,dc=example',
        '      LISTEN_BACKLOG: "1024"',
        '',
      ].join('\n');
      assert.deepEqual(ports('app', yaml), ['5000 ASPNETCORE_URLS', '5001 ASPNETCORE_URLS', '50051 GRPC_LISTEN_PORT', '7000 LISTEN_ADDR', '9102 METRICS_BIND_ADDRESS']);
    });

    it('leaves the listening set open for a listen address without its port, unless a sibling setting names the port', () => {
      const project = (environment: string) =>
        buildNetworkModel(load({ 'compose.yaml': `services:\n  n8n:\n    image: n8nio/n8n\n    expose: ["5678"]\n    environment:\n${environment}  runner:\n    image: n8nio/runners\n    environment:\n      N8N_RUNNERS_TASK_BROKER_URI: http://n8n:5679\n` }));
      const open = project('      N8N_RUNNERS_MODE: external\n      N8N_RUNNERS_BROKER_LISTEN_ADDRESS: 0.0.0.0\n');
      assert.match(open.services.get('n8n')!.listensOpen!, /N8N_RUNNERS_BROKER_LISTEN_ADDRESS=0\.0\.0\.0/);
      assert.equal(open.listensOn('n8n', 5679), 'unknown');
      // The port named beside it, a loopback-only address, or no such setting: the set stays as known.
      for (const environment of [
        '      N8N_RUNNERS_BROKER_LISTEN_ADDRESS: 0.0.0.0\n      N8N_RUNNERS_BROKER_PORT: "5680"\n',
        '      N8N_RUNNERS_BROKER_LISTEN_ADDRESS: 127.0.0.1\n',
        '      N8N_RUNNERS_MODE: external\n',
      ]) {
        const model = project(environment);
        assert.equal(model.services.get('n8n')!.listensOpen, undefined, environment);
        assert.equal(model.listensOn('n8n', 5679), 'no', environment);
      }
    });

    it('reads an `*_ADDR` setting as its own only when the host is every interface, loopback or itself', () => {
      const yaml = 'services:\n  api:\n    image: api\n    environment:\n      SERVER_ADDR: ":8080"\n      ADMIN_ADDRESS: api:9901\n      REDIS_ADDR: redis:6379\n';
      assert.deepEqual(ports('api', yaml), ['8080 SERVER_ADDR', '9901 ADMIN_ADDRESS']);
    });

    it('reads no listener from an `*_ADDR` naming a kind of peer, even on loopback: it is where the service sends', () => {
      const yaml = 'services:\n  edge:\n    image: example/edge\n    environment:\n      EDGE_STATSD_ADDR: 127.0.0.1:8125\n      SYSLOG_ADDRESS: localhost:514\n      EDGE_HTTP_ADDR: 0.0.0.0:3000\n';
      assert.deepEqual(ports('edge', yaml), ['3000 EDGE_HTTP_ADDR']);
    });

    it('reads `*_PORT` settings named after the service itself: its name, container name or image, numbering dropped', () => {
      const zookeeper = 'services:\n  zookeeper1:\n    image: confluentinc/cp-zookeeper\n    environment:\n      ZOOKEEPER_CLIENT_PORT: "1181"\n      ZOOKEEPER_ADMIN_SERVER_PORT: "8085"\n';
      assert.deepEqual(ports('zookeeper1', zookeeper), ['1181 ZOOKEEPER_CLIENT_PORT', '8085 ZOOKEEPER_ADMIN_SERVER_PORT']);
      const connect = 'services:\n  connect-0:\n    image: confluentinc/cp-kafka-connect\n    environment:\n      CONNECT_REST_PORT: "8083"\n      KAFKA_JMX_PORT: "9999"\n';
      assert.deepEqual(ports('connect-0', connect), ['8083 CONNECT_REST_PORT']);
      assert.deepEqual(ports('pg', 'services:\n  pg:\n    image: postgres:16\n    environment:\n      PGPORT: "5433"\n'), ['5433 PGPORT']);
    });

    it('reads generic port names and `*_HTTP_PORT` under a prefix naming no peer', () => {
      const yaml = 'services:\n  grafana:\n    image: grafana/grafana\n    environment:\n      GF_SERVER_HTTP_PORT: "3370"\n      PORT: "3000"\n      VIRTUAL_PORT: "3000"\n';
      assert.deepEqual(ports('grafana', yaml), ['3000 PORT', '3370 GF_SERVER_HTTP_PORT']);
      assert.deepEqual(ports('app', 'services:\n  app:\n    image: app\n    environment:\n      VIRTUAL_PORT: "8080"\n'), ['8080 VIRTUAL_PORT']);
    });

    it('leaves a peer’s port alone: `DB_PORT` on an app, a prefix that comes with a host, one of a kind of peer, one advertised or published', () => {
      const yaml = [
        'services:',
        '  app:',
        '    image: app',
        '    environment:',
        '      DB_PORT: "5432"',
        '      APP_DB_PORT: "5433"',
        '      ELASTICSEARCH_HTTP_PORT: "9200"',
        '      SEARCH_HOST: search',
        '      SEARCH_HTTP_PORT: "7700"',
        '      APP_ADVERTISED_PORT: "80"',
        '      HOST_PORT: "8080"',
        '      REDIS_PORT: "6379"',
        '',
      ].join('\n');
      assert.deepEqual(ports('app', yaml), []);
    });

    it('reads a block shared with other services (`<<: *anchor`) only for settings named after the service', () => {
      const yaml = [
        'x-proxy-env: &proxy-env',
        '  LISTEN_HTTP_PORT: "80"',
        '  API_PORT: "8000"',
        'services:',
        '  api:',
        '    image: backend',
        '    environment:',
        '      <<: *proxy-env',
        '  proxy:',
        '    image: proxy',
        '    environment:',
        '      <<: *proxy-env',
        '      LISTEN_HTTPS_PORT: "443"',
        '',
      ].join('\n');
      assert.deepEqual(ports('api', yaml), ['8000 API_PORT']);
      assert.deepEqual(ports('proxy', yaml), ['443 LISTEN_HTTPS_PORT']);
    });
  });

  describe('command and entrypoint', () => {
    it('reads `--port N`, `--port=N`, `--http-port` and single-dash long flags', () => {
      assert.deepEqual(only('a', 'services:\n  a:\n    image: a\n    command: ["serve", "--port", "8001"]\n'), [8001]);
      assert.deepEqual(only('a', 'services:\n  a:\n    image: a\n    command: serve --port=8002 --http-port 8003 -metrics-port 9100\n'), [8002, 8003, 9100]);
    });

    it('reads `-p N` only for server programs, and no client’s `--port`', () => {
      assert.deepEqual(only('pg', 'services:\n  pg:\n    image: postgres\n    command: postgres -p 5433 -c max_connections=200\n'), [5433]);
      assert.deepEqual(only('a', 'services:\n  a:\n    image: a\n    command: sh -c "redis-cli -h cache -p 6380 ping && psql --port 5432"\n'), []);
      assert.deepEqual(only('a', 'services:\n  a:\n    image: a\n    command: [npx, next, start, -p, "3001"]\n'), [3001]);
    });

    it('reads every address of `--*-addr` lists on itself (Redpanda), never an advertised one or a peer’s', () => {
      const yaml = [
        'services:',
        '  redpanda-0:',
        '    image: redpandadata/redpanda',
        '    command:',
        '      - redpanda',
        '      - start',
        '      - --kafka-addr internal://0.0.0.0:9092,external://0.0.0.0:19092',
        '      - --advertise-kafka-addr internal://redpanda-0:9092,external://localhost:29092',
        '      - --pandaproxy-addr internal://0.0.0.0:8082',
        '      - --rpc-addr redpanda-0:33145',
        '      - --advertise-rpc-addr redpanda-0:33146',
        '      - --otlp-addr collector:4317',
        '',
      ].join('\n');
      assert.deepEqual(ports('redpanda-0', yaml), ['19092 --kafka-addr', '33145 --rpc-addr', '8082 --pandaproxy-addr', '9092 --kafka-addr']);
    });

    it('reads `--bind`, `--listen`, `--web.listen-address=:9090`, `-http-addr` and an address on every interface', () => {
      assert.deepEqual(ports('p', 'services:\n  p:\n    image: prom/prometheus\n    command: ["--web.listen-address=:9091"]\n'), ['9091 --web.listen-address']);
      assert.deepEqual(only('a', 'services:\n  a:\n    image: a\n    command: alloy run --server.http.listen-addr=0.0.0.0:12345 --listen 7000 -http-addr :8500\n'), [7000, 8500, 12345]);
      assert.deepEqual(only('php', 'services:\n  php:\n    image: php\n    command: php -S 0.0.0.0:8000 -t public\n'), [8000]);
      assert.deepEqual(only('g', 'services:\n  g:\n    image: python\n    entrypoint: gunicorn -b 127.0.0.1:8001 app:app\n'), [8001]);
    });
  });

  describe('healthcheck', () => {
    it('reads the address it probes on itself: curl, wget, nc, /dev/tcp and clients’ port flags', () => {
      const yaml = [
        'services:',
        '  a:',
        '    image: a',
        '    healthcheck:',
        '      test: ["CMD-SHELL", "curl -f http://localhost:8080/health && wget -q -O- 127.0.0.1:8081 && nc -z -w 2 localhost 8082 && echo > /dev/tcp/127.0.0.1/8083"]',
        '  cache:',
        '    image: redis',
        '    healthcheck:',
        '      test: ["CMD", "redis-cli", "-p", "6380", "ping"]',
        '  web:',
        '    image: web',
        '    healthcheck:',
        '      test: wget -q --spider http://localhost/ || exit 1',
        '',
      ].join('\n');
      assert.deepEqual(ports('a', yaml), ['8080 healthcheck', '8081 healthcheck', '8082 healthcheck', '8083 healthcheck']);
      assert.deepEqual(ports('cache', yaml), ['6380 healthcheck']);
      assert.deepEqual(ports('web', yaml), ['80 healthcheck']);
    });

    it('ignores a probe of another host, and a disabled healthcheck', () => {
      const yaml = 'services:\n  a:\n    image: a\n    healthcheck:\n      test: curl -f http://db:5432 && pg_isready -h db -p 5433\n  b:\n    image: b\n    healthcheck:\n      test: curl http://localhost:8080\n      disable: true\n';
      assert.deepEqual(ports('a', yaml), []);
      assert.deepEqual(ports('b', yaml), []);
    });

    it('proves a port without making the others known: a healthcheck alone leaves other ports unknown', () => {
      const m = buildNetworkModel(load({ 'compose.yaml': 'services:\n  front:\n    image: sourcegraph/frontend\n    healthcheck:\n      test: wget -q http://127.0.0.1:3080/healthz\n' }));
      assert.equal(m.listensOn('front', 3080), 'yes');
      assert.equal(m.listensOn('front', 6060), 'unknown');
    });
  });

  describe('confidence: which ports make the others unknown', () => {
    const m = buildNetworkModel(
      load({
        'compose.yaml': [
          'services:',
          '  pg:',
          '    image: postgres:16-alpine',
          '  bitnami:',
          '    image: bitnami/postgresql:16',
          '  sg-grafana:',
          '    image: index.docker.io/sourcegraph/grafana:6.3.3@sha256:2f68b9b1542e7d75459d983b606d2fdd1c11a75610464e3d7a6ced4f3ac474bf',
          '  grafana:',
          '    image: grafana/grafana:11.0.0',
          '  tagged:',
          '    image: postgres',
          '    build: ./db',
          '  based:',
          '    build: ./db',
          '  configured:',
          '    image: bitnami/postgresql:16',
          '    environment:',
          '      POSTGRESQL_PORT_NUMBER: "5433"',
          '      PORT: "5433"',
          '',
        ].join('\n'),
        'db/Dockerfile': 'FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\n',
      }),
    );

    it('an exact server image’s defaults are known: another port is "no"', () => {
      assert.equal(m.listensOn('pg', 5432), 'yes');
      assert.equal(m.listensOn('pg', 5433), 'no');
      assert.equal(m.listensOn('grafana', 3370), 'no');
    });

    it('a family’s defaults guessed from another image, a build tagged with a known name, or a build’s base image, prove their port only', () => {
      for (const [service, port] of [['bitnami', 5432], ['sg-grafana', 3000], ['tagged', 5432], ['based', 5432]] as const) {
        assert.equal(m.listensOn(service, port), 'yes', service);
        assert.equal(m.listensOn(service, 3370), 'unknown', service);
      }
      assert.equal(m.services.get('based')!.listens.get(5432), 'image-family');
    });

    it('the service’s own settings make its ports known whatever its image', () => {
      assert.equal(m.listensOn('configured', 5433), 'yes');
      assert.equal(m.listensOn('configured', 6000), 'no');
    });

    it('names an image’s repository without registry, `library/`, tag or digest', () => {
      assert.equal(imageRepository('docker.io/library/postgres:16@sha256:abc'), 'postgres');
      assert.equal(imageRepository('docker.elastic.co/kibana/kibana:8.15.0'), 'kibana/kibana');
      assert.equal(imageRepository('localhost:5000/team/api'), 'localhost:5000/team/api');
      assert.ok(isExactServerImage('redis:7-alpine') && isExactServerImage('mcr.microsoft.com/mssql/server:2022-latest'));
      assert.ok(!isExactServerImage('bitnami/redis:7') && !isExactServerImage('nginx:1.27') && !isExactServerImage(undefined));
    });
  });

  it('splits listener lists of any separator and scheme', () => {
    assert.deepEqual(listedPorts('PLAINTEXT://:9092, SSL://[::]:9093;http://+:80/path'), [9092, 9093, 80]);
    assert.deepEqual(listedPorts('redis:6379,0.0.0.0:7000', (h) => h === '0.0.0.0'), [7000]);
  });
});
