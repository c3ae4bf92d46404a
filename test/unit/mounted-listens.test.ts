// Where a service listens, as the configuration files it mounts say (`network/mounted/listens.ts`): the
// ports they open join its listening set (source `mounted`, confident), and configuration that no
// reader understands, mounted where its program reads it, leaves the set open (`listensOn` → unknown).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { loadProject } from '../../server/src/compose/project';
import { buildNetworkModel } from '../../server/src/network/model';
import type { NetworkModel } from '../../server/src/network/types';
import { hover } from '../../server/src/features/hover';
import { analyse } from '../../server/src/analysis';
import { removeProjects, writeProject } from '../helpers/project';

const readFile = (f: string) => {
  try {
    return fs.readFileSync(f, 'utf8');
  } catch {
    return undefined;
  }
};

function modelOf(files: Record<string, string>): NetworkModel {
  return buildNetworkModel(loadProject({ dir: writeProject(files), env: {}, readFile }));
}

/** Ports the service listens on from its mounted files, sorted. */
function mountedPorts(model: NetworkModel, service: string): number[] {
  const info = model.services.get(service)!;
  return [...info.listens].filter(([, source]) => source === 'mounted').map(([port]) => port).sort((a, b) => a - b);
}

function peerPortFindings(files: Record<string, string>): string[] {
  const a = analyse(loadProject({ dir: writeProject(files), env: {}, readFile }));
  return a.findings.filter((f) => f.rule === 'unknown-peer-port').map((f) => f.message);
}

describe('mounted files: where a service listens', () => {
  after(removeProjects);

  it('nginx `listen` directives, a server block without one on 80, a variable leaves the set open', () => {
    const model = modelOf({
      'compose.yaml': 'services:\n  proxy:\n    image: nginx:1.27\n    volumes: ["./default.conf:/etc/nginx/conf.d/default.conf:ro", "./stream.conf:/etc/nginx/conf.d/stream.conf:ro"]\n',
      'default.conf': 'server {\n  listen 8080 default_server;\n  listen [::]:8443 ssl;\n}\n',
      'stream.conf': 'server { listen unix:/run/x.sock; }\n',
    });
    assert.deepEqual(mountedPorts(model, 'proxy'), [8080, 8443]);
    assert.equal(model.listensOn('proxy', 8080), 'yes');
    assert.equal(model.listensOn('proxy', 9000), 'no');
    const open = modelOf({
      'compose.yaml': 'services:\n  proxy:\n    image: nginx:1.27\n    volumes: ["./default.conf:/etc/nginx/conf.d/default.conf:ro"]\n',
      'default.conf': 'server {\n  listen ${NGINX_PORT};\n}\n',
    });
    assert.equal(open.listensOn('proxy', 9000), 'unknown');
    // A server block of a conf.d file without `listen` listens on 80, as nginx includes it inside `http`.
    const bare = modelOf({
      'compose.yaml': 'services:\n  proxy:\n    image: example/proxy:1\n    volumes: ["./default.conf:/etc/nginx/conf.d/default.conf:ro"]\n',
      'default.conf': 'upstream app {\n  server web:3000;\n}\nserver {\n  location / { proxy_pass http://app; }\n}\n',
    });
    assert.deepEqual(mountedPorts(bare, 'proxy'), [80]);
    const nginxConf = modelOf({
      'compose.yaml': 'services:\n  proxy:\n    image: example/proxy:1\n    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]\n',
      'nginx.conf': 'events {}\nhttp {\n  server {\n    location / { return 200; }\n  }\n}\n',
    });
    assert.deepEqual(mountedPorts(nginxConf, 'proxy'), [80]);
    assert.equal(nginxConf.listensOn('proxy', 8080), 'no');
  });

  it('Caddy site addresses and global ports, HAProxy `bind`, Traefik entry points', () => {
    const caddy = modelOf({
      'compose.yaml': 'services:\n  caddy:\n    image: caddy:2\n    volumes: ["./Caddyfile:/etc/caddy/Caddyfile"]\n',
      'Caddyfile': '{\n  http_port 8081\n}\n:9000 {\n  respond "hi"\n}\nhttp://a.example, b.example:7443 {\n  reverse_proxy web:80\n}\n',
    });
    assert.deepEqual(mountedPorts(caddy, 'caddy'), [7443, 8081, 9000]);
    const haproxy = modelOf({
      'compose.yaml': 'services:\n  lb:\n    image: haproxy:2.9\n    volumes: ["./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro"]\n',
      'haproxy.cfg': 'frontend www\n  bind *:8000-8002\n  bind ipv4@0.0.0.0:8404 # stats\n  bind unix@/run/h.sock\nbackend app\n  server a web:80\n',
    });
    assert.deepEqual(mountedPorts(haproxy, 'lb'), [8000, 8001, 8002, 8404]);
    const traefik = modelOf({
      'compose.yaml': 'services:\n  traefik:\n    image: traefik:v3\n    volumes: ["./traefik.yml:/etc/traefik/traefik.yml:ro"]\n',
      'traefik.yml': 'entryPoints:\n  web:\n    address: ":8088"\n  dns:\n    address: ":53/udp"\n',
    });
    assert.deepEqual(mountedPorts(traefik, 'traefik'), [53, 8088]);
  });

  it('the OpenTelemetry Collector: used receivers, their defaults, extensions, its own metrics', () => {
    const model = modelOf({
      'compose.yaml': 'services:\n  otel:\n    image: otel/opentelemetry-collector-contrib\n    volumes: ["./config.yaml:/etc/otelcol-contrib/config.yaml"]\n',
      'config.yaml': [
        'receivers:',
        '  otlp:',
        '    protocols:',
        '      grpc:',
        '        endpoint: 0.0.0.0:14317',
        '      http:',
        '  zipkin:',
        '  jaeger:',
        '    protocols:',
        '      thrift_http:',
        'extensions:',
        '  health_check:',
        'exporters:',
        '  prometheus:',
        '    endpoint: 0.0.0.0:8889',
        'service:',
        '  extensions: [health_check]',
        '  pipelines:',
        '    traces:',
        '      receivers: [otlp, zipkin]',
        '      exporters: [prometheus]',
      ].join('\n'),
    });
    // The jaeger receiver is in no pipeline: it does not run.
    assert.deepEqual(mountedPorts(model, 'otel'), [4318, 8888, 8889, 9411, 13133, 14317]);
    assert.equal(model.listensOn('otel', 14268), 'no');
  });

  it('Spring `server.port`, .NET `Urls` and Kestrel endpoints, Grafana `http_port`', () => {
    const model = modelOf({
      'compose.yaml': [
        'services:',
        '  api:',
        '    image: eclipse-temurin:21',
        '    volumes: ["./application.yml:/app/application.yml"]',
        '  shop:',
        '    image: mcr.microsoft.com/dotnet/aspnet:8.0',
        '    volumes: ["./appsettings.json:/app/appsettings.json"]',
        '  grafana:',
        '    image: grafana/grafana:11.0.0',
        '    volumes: ["./grafana.ini:/etc/grafana/grafana.ini"]',
      ].join('\n'),
      'application.yml': 'server:\n  port: 8085\nmanagement:\n  server:\n    port: 9091\n',
      'appsettings.json': '{ "Kestrel": { "Endpoints": { "Http": { "Url": "http://0.0.0.0:5005" } } }, "Urls": "http://+:5006" }',
      'grafana.ini': '[paths]\nhttp_port = 1\n[server]\nhttp_port = 3001\n',
    });
    assert.deepEqual(mountedPorts(model, 'api'), [8085, 9091]);
    assert.deepEqual(mountedPorts(model, 'shop'), [5005, 5006]);
    assert.deepEqual(mountedPorts(model, 'grafana'), [3001]);
  });

  it('configuration no reader understands, where the program reads it, leaves the listening set open', () => {
    const compose = (volumes: string, command = '') =>
      [
        'services:',
        '  broker:',
        '    image: eclipse-mosquitto:2',
        '    expose: ["8686"]',
        `    volumes: [${volumes}]`,
        ...(command ? [`    command: ${command}`] : []),
        '  app:',
        '    image: node:22',
        '    environment:',
        '      BROKER_URL: mqtt://broker:9000',
      ].join('\n');
    const conf = 'listener 9000\nallow_anonymous true\n';
    // Named by the command (as a flag's value or alone), through a file mount or a folder mount.
    assert.deepEqual(peerPortFindings({ 'compose.yaml': compose('"./mosquitto/mosquitto.conf:/conf/mosquitto.conf"', '["mosquitto", "-c", "/conf/mosquitto.conf"]'), 'mosquitto/mosquitto.conf': conf }), []);
    assert.deepEqual(peerPortFindings({ 'compose.yaml': compose('"./mosquitto:/conf"', '["mosquitto", "-c", "/conf/mosquitto.conf"]'), 'mosquitto/mosquitto.conf': conf }), []);
    // In a program's folder under /etc.
    assert.deepEqual(peerPortFindings({ 'compose.yaml': compose('"./mosquitto/mosquitto.conf:/etc/mosquitto/mosquitto.conf"'), 'mosquitto/mosquitto.conf': conf }), []);
    const model = modelOf({ 'compose.yaml': compose('"./mosquitto/mosquitto.conf:/etc/mosquitto/mosquitto.conf"'), 'mosquitto/mosquitto.conf': conf });
    assert.equal(model.listensOn('broker', 9000), 'unknown');
    assert.equal(model.listensOn('broker', 8686), 'yes');
    assert.match(model.services.get('broker')!.listensOpen!, /\/etc\/mosquitto\/mosquitto\.conf/);
    // The hover on the peer's host says why the port is unknown.
    const a = analyse(loadProject({ dir: writeProject({ 'compose.yaml': compose('"./mosquitto/mosquitto.conf:/etc/mosquitto/mosquitto.conf"'), 'mosquitto/mosquitto.conf': conf }), env: {}, readFile }));
    const source = [...a.project.sources.all()].find((f) => f.path.endsWith('compose.yaml'))!;
    const h = hover(a, source.path, source.positionAt(source.text.indexOf('broker:9000') + 1));
    const value = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    assert.match(value, /Nothing tells whether `broker` listens on `9000`: it mounts `\/etc\/mosquitto\/mosquitto\.conf`, configuration no reader understands, which may open more ports; it is known to listen on `8686`, `1883`\./);
    // Data, a certificate, or a file at no configuration path: the set stays what `expose` says.
    for (const volumes of ['"./mosquitto/mosquitto.conf:/data/mosquitto.conf"', '"./mosquitto/server.pem:/etc/mosquitto/server.pem"', '"./mosquitto/mosquitto.conf:/etc/mosquitto/sub/dir/mosquitto.conf"']) {
      const found = peerPortFindings({ 'compose.yaml': compose(volumes), 'mosquitto/mosquitto.conf': conf, 'mosquitto/server.pem': 'x' });
      assert.equal(found.length, 1, volumes);
      assert.match(found[0], /reaches `broker` on port 9000/);
    }
    // A mount of a file that does not exist opens nothing.
    assert.equal(peerPortFindings({ 'compose.yaml': compose('"./missing.toml:/etc/mosquitto/mosquitto.conf"') }).length, 1);
  });

  it('YAML or JSON configuration no reader knows: its listen settings are its listeners', () => {
    const files = (config: string) => ({
      'compose.yaml': ['services:', '  uptrace:', '    image: uptrace/uptrace:2', '    volumes: ["./uptrace.yml:/etc/uptrace/config.yml"]', '  app:', '    image: node:22', '    environment:', '      OTLP: http://uptrace:8080'].join('\n'),
      'uptrace.yml': config,
    });
    const listed = files('listen:\n  http:\n    addr: :80\n  grpc:\n    addr: 0.0.0.0:4317\npg:\n  addr: postgres:5432\n  advertise_addr: :9999\n');
    assert.deepEqual(mountedPorts(modelOf(listed), 'uptrace'), [80, 4317]);
    const found = peerPortFindings(listed);
    assert.equal(found.length, 1);
    assert.match(found[0], /only known to listen on 80, 4317/);
    // Nothing readable of its listeners: open.
    assert.deepEqual(peerPortFindings(files('ch:\n  addr: clickhouse:9000\n')), []);
  });
});
