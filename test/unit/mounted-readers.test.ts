// The readers of mounted configuration files, on their own: each gives the addresses its program
// dials, located on the host's own characters, with the setting that holds it; templates and
// variables are no hosts.
import * as assert from 'node:assert/strict';
import { addressAt } from '../../server/src/network/mounted/address';
import { caddyAddresses, caddyfileAddresses } from '../../server/src/network/mounted/caddy';
import { grafanaDatasourceAddresses } from '../../server/src/network/mounted/grafana';
import { nginxAddresses, nginxDirectives } from '../../server/src/network/mounted/nginx';
import { prometheusAddresses } from '../../server/src/network/mounted/prometheus';
import { traefikAddresses } from '../../server/src/network/mounted/traefik';
import { haproxyAddresses } from '../../server/src/network/mounted/haproxy';
import { springAddresses } from '../../server/src/network/mounted/spring';
import { dotnetAddresses } from '../../server/src/network/mounted/dotnet';
import { otelCollectorAddresses } from '../../server/src/network/mounted/otelCollector';
import { envoyAddresses, envoyListens } from '../../server/src/network/mounted/envoy';
import { logstashAddresses, logstashApiPort, logstashListens, logstashPlugins } from '../../server/src/network/mounted/logstash';
import type { MountedAddress } from '../../server/src/network/mounted/address';

/** `setting host[:port]` per address, the host and port checked against the text's characters. */
function described(text: string, found: MountedAddress[]): string[] {
  return found.map((a) => {
    assert.equal(text.slice(a.hostStart, a.hostEnd), a.host);
    if (a.port !== undefined) assert.equal(text.slice(a.portStart, a.portEnd), String(a.port));
    return `${a.setting} ${a.host}${a.port !== undefined ? `:${a.port}` : ''}`;
  });
}

describe('mounted files: address tokens', () => {
  const at = (token: string, bare = true) => addressAt(token, 0, token.length, bare);

  it('reads URLs, host:port, bare hosts where the setting takes one, and IPv6 in brackets', () => {
    assert.deepEqual(at('http://user:pw@api:8080/v1?x=1'), { host: 'api', hostStart: 15, hostEnd: 18, port: 8080, portStart: 19, portEnd: 23, scheme: 'http', form: 'url', start: 0, end: 30 });
    assert.equal(at('web:3000')?.port, 3000);
    assert.equal(at('web')?.host, 'web');
    assert.equal(at('web', false), undefined);
    assert.equal(at('[::1]:9090')?.host, '::1');
  });

  it('refuses templates, variables, sockets and paths', () => {
    for (const t of ['http://$host', '${UPSTREAM}:80', '{{ .Host }}:80', '{$BACKEND}', '{env.API}', '%(host)s:80', 'unix:/run/php.sock', 'unix:///var/run/x.sock', 'web/path', 'web:http', 'web:99999']) {
      assert.equal(at(t), undefined, t);
    }
  });
});

describe('mounted files: nginx', () => {
  const conf = [
    '# main site',
    'upstream backend {',
    '  least_conn;',
    '  server web:3000 weight=2;',
    '  server web2;',
    '  server unix:/tmp/app.sock;',
    '}',
    'server {',
    '  listen 80;',
    "  location / { proxy_pass http://backend; }",
    '  location /api/ { proxy_pass "http://api:4000/"; }',
    '  location ~ \\.php$ { fastcgi_pass php:9000; }',
    '  location /grpc { grpc_pass grpc://grpc-svc:50051; }',
    '  location /py { uwsgi_pass py:3031; }',
    '  location /v { set $up api; proxy_pass http://$up:4000; }',
    '  location /t { proxy_pass http://${API_HOST}:4000; } # templates/*.conf.template',
    '}',
    'stream { upstream db { server postgres:5432; } server { listen 5432; proxy_pass db; } }',
  ].join('\n');

  it('scans directives with their blocks, comments and quotes', () => {
    const names = nginxDirectives(conf).map((d) => `${d.blocks.map((b) => b.name).join('/')}>${d.name}`);
    assert.ok(names.includes('upstream>server'));
    assert.ok(names.includes('server/location>proxy_pass'));
    assert.ok(names.includes('stream/upstream>server'));
  });

  it('gives upstream servers and *_pass targets, not upstream names, variables or sockets', () => {
    const found = nginxAddresses([{ file: '/p/default.conf', text: conf }]).map((f) => f.found);
    assert.deepEqual(described(conf, found), [
      'upstream backend web:3000',
      'upstream backend web2',
      'proxy_pass api:4000',
      'fastcgi_pass php:9000',
      'grpc_pass grpc-svc:50051',
      'uwsgi_pass py:3031',
      'upstream db postgres:5432',
    ]);
    assert.ok(found.every((a) => a.role.role === 'dial' && a.role.certainty === 'certain'));
  });

  it('knows an upstream named in another file of the same service', () => {
    const upstreams = 'upstream app { server app:8000; }';
    const site = 'server { location / { proxy_pass http://app; } }';
    const found = nginxAddresses([
      { file: '/p/upstreams.conf', text: upstreams },
      { file: '/p/site.conf', text: site },
    ]);
    assert.deepEqual(found.map((f) => `${f.file} ${f.found.host}`), ['/p/upstreams.conf app']);
  });

  it('skips any white space between words (a vertical tab or a no-break space once stalled the scan)', () => {
    const text = 'server {\n\tlisten\t80;\vproxy_pass\u00a0http://web:8080;\f}\r\n\u00a0\v';
    assert.deepEqual(
      nginxDirectives(text).map((d) => [d.name, ...d.args.map((a) => text.slice(a.start, a.end))]),
      [['server'], ['listen', '80'], ['proxy_pass', 'http://web:8080']],
    );
  });

  it('survives unbalanced braces and unterminated strings', () => {
    assert.doesNotThrow(() => nginxAddresses([{ file: 'x', text: 'server { location / { proxy_pass http://a:1; }}}} "open' }]));
    assert.equal(nginxAddresses([{ file: 'x', text: 'http { server { proxy_pass http://a:1;' }]).length, 1);
  });
});

describe('mounted files: Caddyfile', () => {
  const caddyfile = [
    '{$DOMAIN:localhost} {',
    '  # comment: reverse_proxy nothing:1',
    '  reverse_proxy /api/* api:4000',
    '  handle_path /admin/* {',
    '    reverse_proxy http://admin:8080 admin2:8080 {',
    '      health_uri /health',
    '    }',
    '  }',
    '  reverse_proxy @ws {',
    '    to ws:9000',
    '    lb_policy first',
    '  }',
    '  reverse_proxy {$BACKEND} {env.OTHER}',
    '  php_fastcgi php:9000',
    '  reverse_proxy web:3000',
    '}',
  ].join('\n');

  it('gives reverse_proxy upstreams (after a matcher, in `to` lines) and php_fastcgi, not placeholders', () => {
    assert.deepEqual(described(caddyfile, caddyAddresses(caddyfile)), [
      'reverse_proxy api:4000',
      'reverse_proxy admin:8080',
      'reverse_proxy admin2:8080',
      'reverse_proxy ws:9000',
      'php_fastcgi php:9000',
      'reverse_proxy web:3000',
    ]);
  });

  it('skips any white space between words (a vertical tab or a no-break space once stalled the scan)', () => {
    const text = 'site {\n\treverse_proxy\u00a0app:80\v\f\n}\n';
    assert.deepEqual(caddyAddresses(text).map((a) => `${a.host}:${a.port}`), ['app:80']);
  });

  it('follows imports from the entry file, relative to its folder, globs included; other files are not read', () => {
    const files = [
      { file: '/h/Caddyfile', target: '/etc/caddy/Caddyfile', entry: true, text: 'import snippets/*\nexample.com {\n  import common\n}\n(common) {\n  encode gzip\n}' },
      { file: '/h/snippets/A', target: '/etc/caddy/snippets/A', entry: false, text: 'reverse_proxy a:1000\nimport ../more/B' },
      { file: '/h/more/B', target: '/etc/caddy/more/B', entry: false, text: 'reverse_proxy b:2000' },
      { file: '/h/unused', target: '/etc/caddy/unused', entry: false, text: 'reverse_proxy nope:3000' },
    ];
    assert.deepEqual(caddyfileAddresses(files).map((f) => `${f.file} ${f.found.host}`), ['/h/snippets/A a', '/h/more/B b']);
  });
});

describe('mounted files: Prometheus', () => {
  const yml = [
    'global: { scrape_interval: 15s }',
    'scrape_configs:',
    '  - job_name: nodes',
    '    static_configs:',
    "      - targets: ['node-exporter:9100', \"cadvisor:8080\"]",
    '  - job_name: secure',
    '    scheme: https',
    '    static_configs:',
    '      - targets:',
    '          - api',
    '          - ${TARGET}',
    '  - job_name: files',
    '    file_sd_configs: [{ files: [targets.json] }]',
    'alerting:',
    '  alertmanagers:',
    '    - static_configs:',
    '        - targets: [alertmanager:9093]',
    'remote_write:',
    '  - url: http://mimir:9009/api/v1/push',
  ].join('\n');

  it('gives scrape targets with their job, Alertmanagers and remote storage', () => {
    const found = prometheusAddresses(yml);
    assert.deepEqual(described(yml, found), [
      'static_configs.targets node-exporter:9100',
      'static_configs.targets cadvisor:8080',
      'static_configs.targets api',
      'alertmanagers.static_configs.targets alertmanager:9093',
      'remote_write.url mimir:9009',
    ]);
    assert.equal(found[2].scheme, 'https');
    assert.match(found[0].role.why, /job `nodes`/);
  });

  it('gives nothing for a file that is no YAML mapping', () => {
    assert.deepEqual(prometheusAddresses(': : :\n\t- ['), []);
    assert.deepEqual(prometheusAddresses('just text'), []);
  });
});

describe('mounted files: Grafana datasources', () => {
  it('gives each url, dialled by Grafana unless the browser queries it (access: direct)', () => {
    const yml = [
      'apiVersion: 1',
      'datasources:',
      '  - name: Prometheus',
      '    type: prometheus',
      '    url: http://prometheus:9090',
      '  - name: Old',
      '    access: direct',
      '    url: http://localhost:9090',
      '  - name: DB',
      '    type: postgres',
      '    url: db:5432',
      '  - name: Env',
      '    url: $LOKI_URL',
    ].join('\n');
    const found = grafanaDatasourceAddresses(yml);
    assert.deepEqual(described(yml, found), ['datasources.url prometheus:9090', 'datasources.url localhost:9090', 'datasources.url db:5432']);
    assert.deepEqual(found.map((a) => a.role.role), ['dial', 'advertise', 'dial']);
  });
});

describe('mounted files: Traefik dynamic files', () => {
  it('gives the servers of each load balancer, HTTP urls and TCP/UDP addresses, keys in any case', () => {
    const yml = [
      'http:',
      '  routers:',
      '    app: { rule: "Host(`example.com`)", service: app }',
      '  services:',
      '    app:',
      '      loadBalancer:',
      '        servers:',
      '          - url: "http://app:3000"',
      '          - url: "http://{{ env \"BACKUP\" }}:3000"',
      '    legacy:',
      '      loadbalancer:',
      '        servers: [{ url: "http://legacy" }]',
      'tcp:',
      '  services:',
      '    db:',
      '      loadBalancer:',
      '        servers:',
      '          - address: "postgres:5432"',
    ].join('\n');
    const found = traefikAddresses(yml, 'dynamic.yml');
    assert.deepEqual(described(yml, found), ['http.services.app app:3000', 'http.services.legacy legacy', 'tcp.services.db postgres:5432']);
    assert.equal(found[1].scheme, 'http');
  });
});

describe('mounted files: Envoy', () => {
  const v3 = [
    'admin:',
    '  address:',
    '    socket_address: { address: 0.0.0.0, port_value: 9901 }',
    'static_resources:',
    '  listeners:',
    '  - name: ingress',
    '    address:',
    '      socket_address:',
    '        address: 0.0.0.0',
    '        port_value: 10000',
    '  - name: local',
    '    address:',
    '      socket_address: { address: 127.0.0.1, port_value: 10001 }',
    '  clusters:',
    '  - name: api',
    '    type: STRICT_DNS',
    '    load_assignment:',
    '      cluster_name: api',
    '      endpoints:',
    '      - lb_endpoints:',
    '        - endpoint:',
    '            address:',
    '              socket_address:',
    '                port_value: 8080',
    '                address: api',
    '        - endpoint:',
    '            address:',
    '              socket_address: { address: "${API2}", port_value: 8080 }',
    '  - name: legacy',
    '    hosts: [{ socket_address: { address: db, port_value: 5432 } }]',
  ].join('\n');

  it('gives each static cluster endpoint, host and port located on their own values (v3 and v2), not variables', () => {
    assert.deepEqual(described(v3, envoyAddresses(v3, 'envoy.yaml')), ['clusters.endpoint.socket_address api:8080', 'clusters.endpoint.socket_address db:5432']);
    assert.deepEqual(envoyAddresses(v3, 'envoy.yaml').map((a) => a.role.why), ['Envoy sends to it (cluster `api`)', 'Envoy sends to it (cluster `legacy`)']);
  });

  it('listens on its static listeners and admin address, not on loopback; a control plane leaves the set open', () => {
    assert.deepEqual(envoyListens(v3, 'envoy.yaml'), { ports: [{ port: 10000, via: 'listener ingress' }, { port: 9901, via: 'admin' }] });
    const json = JSON.stringify({ dynamic_resources: { lds_config: { path: '/etc/envoy/lds.yaml' } }, static_resources: { listeners: [{ name: 'l', address: { socket_address: { address: '0.0.0.0', port_value: 8443 } } }] } });
    const dynamic = envoyListens(json, 'envoy.json');
    assert.deepEqual(dynamic.ports, [{ port: 8443, via: 'listener l' }]);
    assert.match(dynamic.open ?? '', /control plane/);
    assert.deepEqual(envoyAddresses('not: [valid', 'envoy.yaml'), []);
  });
});

describe('mounted files: Logstash pipelines', () => {
  const pipeline = [
    '# the pipeline',
    'input {',
    '  beats { port => 5044 }',
    '  gelf { port => "12201" use_tcp => true }',
    '  udp { port => 5000 codec => json }',
    '  tcp { mode => "client" host => "forwarder" port => 6000 }',
    '  kafka { bootstrap_servers => "kafka1:9092, kafka2:9092" topics => ["logs"] }',
    '}',
    'filter {',
    '  if [type] == "nginx" { grok { match => { "message" => "%{COMBINEDAPACHELOG}" } } }',
    '}',
    'output {',
    '  if "_grokparsefailure" in [tags] {',
    '    file { path => "/tmp/failed.log" }',
    '  } else {',
    '    elasticsearch { hosts => ["http://es1:9200", "es2:9200"] index => "logs-%{+YYYY.MM.dd}" }',
    '  }',
    '  redis { host => ["cache"] port => 6380 data_type => "list" key => "logs" }',
    '  elasticsearch { hosts => "${ES_HOSTS}" }',
    '}',
  ].join('\n');

  it('scans sections, plugins and settings; conditionals are transparent and hashes are values', () => {
    assert.deepEqual(logstashPlugins(pipeline).map((p) => `${p.section}/${p.name}`), ['input/beats', 'input/gelf', 'input/udp', 'input/tcp', 'input/kafka', 'filter/grok', 'output/file', 'output/elasticsearch', 'output/redis', 'output/elasticsearch']);
  });

  it('gives what it dials: outputs\u2019 hosts, brokers, a host with its port, a client-mode tcp input; not variables', () => {
    assert.deepEqual(described(pipeline, logstashAddresses(pipeline)), [
      'tcp.host forwarder:6000',
      'kafka.bootstrap_servers kafka1:9092',
      'kafka.bootstrap_servers kafka2:9092',
      'elasticsearch.hosts es1:9200',
      'elasticsearch.hosts es2:9200',
      'redis.host cache:6380',
    ]);
  });

  it('listens where its server inputs say, with their protocol; an input it does not know leaves the set open', () => {
    assert.deepEqual(logstashListens(pipeline), {
      ports: [
        { port: 5044, via: 'input beats', protocol: 'tcp' },
        { port: 12201, via: 'input gelf', protocol: 'both' },
        { port: 5000, via: 'input udp', protocol: 'udp' },
      ],
    });
    assert.deepEqual(logstashListens('input { gelf {} syslog { port => 1514 } }').ports.map((p) => `${p.port}/${p.protocol}`), ['12201/udp', '1514/both']);
    assert.match(logstashListens('input { somethingnew { port => 9999 } }').open ?? '', /somethingnew/);
    assert.match(logstashListens('input { tcp { port => "${PORT}" } }').open ?? '', /tcp/);
  });

  it('the monitoring API listens on 9600 unless logstash.yml moves or disables it', () => {
    assert.equal(logstashApiPort(undefined), 9600);
    assert.equal(logstashApiPort('api.http.port: 9700-9800\n'), 9700);
    assert.equal(logstashApiPort('http:\n  port: 9601\n'), 9601);
    assert.equal(logstashApiPort('api.enabled: false\n'), undefined);
    assert.equal(logstashApiPort('pipeline.workers: 2\n'), 9600);
  });
});

describe('mounted files: HAProxy', () => {
  it('gives the server lines of backends and listen sections, family prefixes read, sockets and variables not', () => {
    const cfg = [
      'global',
      '  log stdout format raw local0',
      'frontend web',
      '  bind *:80',
      '  default_backend app',
      'backend app # the application',
      '  balance roundrobin',
      '  server app1 app:8080 check',
      '  server app2 ipv4@app2:8080 check',
      '  server app3 unix@/run/app.sock',
      '  server app4 ${APP4}:8080',
      '  # server old old:8080',
      'listen stats',
      '  bind :8404',
      '  server api api check',
    ].join('\n');
    assert.deepEqual(described(cfg, haproxyAddresses(cfg)), ['server app1 app:8080', 'server app2 app2:8080', 'server api api']);
  });
});

describe('mounted files: application settings', () => {
  it('Spring YAML: URLs by their key, a host with its sibling port, placeholders and the own server left out', () => {
    const yml = [
      'server:',
      '  address: 0.0.0.0',
      '  port: 8080',
      'spring:',
      '  datasource:',
      '    url: jdbc:postgresql://db:5432/app',
      '  data:',
      '    redis:',
      '      host: redis',
      '      port: 6379',
      '  kafka:',
      '    bootstrap-servers: kafka:9092',
      '  rabbitmq:',
      '    host: ${RABBIT_HOST:localhost}',
      'app:',
      '  public-url: http://localhost:8080',
      '  greeting: hello',
    ].join('\n');
    const found = springAddresses('/p/application.yml', yml);
    assert.deepEqual(described(yml, found), ['spring.datasource.url db:5432', 'spring.data.redis.host redis:6379', 'spring.kafka.bootstrap-servers kafka:9092']);
    assert.deepEqual(found.map((a) => a.role.certainty), ['certain', 'certain', 'certain']);
  });

  it('Spring properties: the same, line by line', () => {
    const props = ['# database', 'spring.datasource.url=jdbc:mysql://mysql:3306/app', 'spring.redis.host = cache', 'spring.redis.port=6379', 'logging.level.root: INFO'].join('\n');
    assert.deepEqual(described(props, springAddresses('/p/application.properties', props)), ['spring.datasource.url mysql:3306', 'spring.redis.host cache:6379']);
  });

  it('.NET appsettings.json: connection strings of every provider, URLs of settings, Kestrel left out', () => {
    const json = JSON.stringify(
      {
        ConnectionStrings: { Default: 'Host=postgres;Port=5432;Database=app;Username=app', Sql: 'Server=tcp:mssql,1433;Database=app', Redis: 'redis:6379,abortConnect=false' },
        Services: { CatalogUrl: 'http://catalog:5000' },
        Kestrel: { Endpoints: { Http: { Url: 'http://0.0.0.0:8080' } } },
        AllowedHosts: '*',
      },
      null,
      2,
    );
    assert.deepEqual(described(json, dotnetAddresses(json)), ['ConnectionStrings:Default postgres:5432', 'ConnectionStrings:Sql mssql:1433', 'Services:CatalogUrl catalog:5000']);
  });
});

describe('mounted files: OpenTelemetry Collector', () => {
  it('gives the endpoints of the exporters and scraping receivers the pipelines use, not where it listens', () => {
    const yml = [
      'receivers:',
      '  otlp:',
      '    protocols:',
      '      grpc: { endpoint: 0.0.0.0:4317 }',
      '  postgresql:',
      '    endpoint: postgres:5432',
      '  httpcheck:',
      '    targets:',
      '      - endpoint: http://api:8080/health',
      '  prometheus/self:',
      '    config:',
      '      scrape_configs:',
      "        - job_name: app",
      "          static_configs: [{ targets: ['app:9464'] }]",
      'exporters:',
      '  otlp/tempo:',
      '    endpoint: tempo:4317',
      '  prometheusremotewrite:',
      '    endpoint: http://mimir:9009/api/v1/push',
      '  otlphttp/unused:',
      '    endpoint: http://nowhere:4318',
      'extensions:',
      '  health_check: { endpoint: 0.0.0.0:13133 }',
      'service:',
      '  extensions: [health_check]',
      '  pipelines:',
      '    traces: { receivers: [otlp], exporters: [otlp/tempo] }',
      '    metrics: { receivers: [postgresql, httpcheck, prometheus/self], exporters: [prometheusremotewrite] }',
    ].join('\n');
    assert.deepEqual(described(yml, otelCollectorAddresses(yml)), [
      'exporters.otlp/tempo tempo:4317',
      'exporters.prometheusremotewrite mimir:9009',
      'receivers.postgresql postgres:5432',
      'receivers.httpcheck api:8080',
      'static_configs.targets app:9464',
    ]);
  });
});
