// Addresses of mounted configuration files are references like the others: every connection rule
// judges them, the finding stands on the host in the mounted file and names that file, fixes edit
// it, the topology draws them, and an edit of the file is read again by the next build.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProject } from '../../server/src/compose/project';
import { buildNetworkModel } from '../../server/src/network/model';
import { modelCounters } from '../../server/src/network/model';
import { ModelReuse } from '../../server/src/network/reuse';
import { analyse, type Analysis } from '../../server/src/analysis';
import type { Finding } from '../../server/src/rules/types';
import { topologyFromAnalysis } from '../../server/src/topology/fromModel';
import { topologyElements } from '../../server/src/topology/elements';
import { runCli } from '../../server/src/cli/main';
import { hover } from '../../server/src/features/hover';
import { applyEdits, removeProjects, writeProject } from '../helpers/project';

/** Analyses a project on disk; `overlay` replaces file texts (as open documents would). */
function analyseDir(dir: string, overlay = new Map<string, string>()): Analysis {
  const readFile = (f: string) => {
    if (overlay.has(f)) return overlay.get(f);
    try {
      return fs.readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
  };
  return analyse(loadProject({ dir, env: {}, readFile }));
}

/** `rule severity service file:line "covered text"` of findings in mounted files. */
function inMounted(a: Analysis, dir: string): string[] {
  return a.findings
    .filter((f) => !f.loc.file.endsWith('compose.yaml'))
    .map((f) => {
      const source = a.project.sources.get(f.loc.file)!;
      return `${f.rule} ${f.severity} ${f.service} ${path.relative(dir, f.loc.file)}:${source.rangeOf(f.loc).start.line + 1} "${source.slice(f.loc)}"`;
    });
}

function only(a: Analysis, rule: string): Finding {
  const list = a.findings.filter((f) => f.rule === rule);
  assert.equal(list.length, 1, a.findings.map((f) => `${f.rule}: ${f.message}`).join('\n'));
  return list[0];
}

/** The analysis after applying a fix to the files it edits. */
function afterFix(a: Analysis, dir: string, finding: Finding): { after: Analysis; texts: Map<string, string> } {
  const fix = finding.fixes.find((f) => f.preferred) ?? finding.fixes[0];
  assert.ok(fix, `a fix for ${finding.rule}`);
  const texts = new Map<string, string>();
  for (const source of a.project.sources.all()) {
    const edited = applyEdits(source.text, source.path, fix.edits);
    if (edited !== source.text) texts.set(source.path, edited);
  }
  return { after: analyseDir(dir, texts), texts };
}

const PROXY = (conf: string, extra: string[] = []) => ['  proxy:', '    image: nginx:1.27', '    volumes: ["./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro"]', ...extra].join('\n');

describe('mounted files: the connection rules', () => {
  after(removeProjects);

  it('localhost-peer: nginx forwarding to localhost, located in the nginx file, fixed there', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', PROXY(''), '  web:', '    image: node:22', '    expose: ["3000"]'].join('\n'),
      'nginx/default.conf': 'server {\n  location / {\n    proxy_pass http://localhost:3000;\n  }\n}\n',
    });
    const a = analyseDir(dir);
    assert.deepEqual(inMounted(a, dir), ['localhost-peer error proxy nginx/default.conf:3 "localhost"']);
    const f = only(a, 'localhost-peer');
    assert.equal(f.message, '`proxy` reaches `localhost:3000` in default.conf (`proxy_pass`), but `localhost` in `proxy` is `proxy` itself; `web` listens on 3000.');
    const { after, texts } = afterFix(a, dir, f);
    assert.match(texts.get(path.join(dir, 'nginx/default.conf'))!, /proxy_pass http:\/\/web:3000;/);
    assert.deepEqual(inMounted(after, dir), []);
  });

  it('unknown-host: a misspelt scrape target, with the near name as fix', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', '  prometheus:', '    image: prom/prometheus', '    volumes: ["./prometheus.yml:/etc/prometheus/prometheus.yml"]', '  node-exporter:', '    image: prom/node-exporter'].join('\n'),
      'prometheus.yml': "scrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['node-exportr:9100']\n",
    });
    const a = analyseDir(dir);
    assert.deepEqual(inMounted(a, dir), ['unknown-host warning prometheus prometheus.yml:4 "node-exportr"']);
    const f = only(a, 'unknown-host');
    assert.match(f.message, /^`prometheus` reaches `node-exportr` in prometheus\.yml \(`static_configs\.targets`\), but .*did you mean `node-exporter`\?$/);
    assert.deepEqual(inMounted(afterFix(a, dir, f).after, dir), []);
  });

  it('no-shared-network: a proxy upstream on a network the proxy is not on', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', PROXY('', ['    networks: [front]']), '  api:', '    image: node:22', '    expose: ["4000"]', '    networks: [back]', 'networks:', '  front: {}', '  back: {}'].join('\n'),
      'nginx/default.conf': 'upstream api_pool {\n  server api:4000;\n}\nserver { location / { proxy_pass http://api_pool; } }\n',
    });
    const a = analyseDir(dir);
    assert.deepEqual(inMounted(a, dir), ['no-shared-network error proxy nginx/default.conf:2 "api"']);
    const f = only(a, 'no-shared-network');
    assert.match(f.message, /^`proxy` reaches `api` \(service `api`\) in default\.conf \(`upstream api_pool`\), but they share no network/);
    const { after, texts } = afterFix(a, dir, f);
    assert.match(texts.get(path.join(dir, 'compose.yaml'))!, /networks: \[front, back\]/);
    assert.deepEqual(inMounted(after, dir), []);
  });

  it('published-port-in-network: a Grafana datasource on the host port, fixed to the container port', () => {
    const dir = writeProject({
      'compose.yaml': [
        'services:',
        '  grafana:',
        '    image: grafana/grafana',
        '    volumes: ["./grafana/datasources:/etc/grafana/provisioning/datasources"]',
        '  prometheus:',
        '    image: prom/prometheus',
        '    ports: ["19090:9090"]',
      ].join('\n'),
      'grafana/datasources/prometheus.yaml': 'datasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://prometheus:19090\n',
    });
    const a = analyseDir(dir);
    assert.deepEqual(inMounted(a, dir), ['published-port-in-network error grafana grafana/datasources/prometheus.yaml:4 "19090"']);
    const { after, texts } = afterFix(a, dir, only(a, 'published-port-in-network'));
    assert.match(texts.get(path.join(dir, 'grafana/datasources/prometheus.yaml'))!, /url: http:\/\/prometheus:9090/);
    assert.deepEqual(inMounted(after, dir), []);
  });

  it('unknown-peer-port: a Caddy upstream on a port the peer does not listen on (info)', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', '  caddy:', '    image: caddy:2', '    volumes: ["./Caddyfile:/etc/caddy/Caddyfile"]', '  app:', '    image: node:22', '    expose: ["3000"]'].join('\n'),
      Caddyfile: 'example.com {\n  reverse_proxy app:8080\n}\n',
    });
    const a = analyseDir(dir);
    assert.deepEqual(inMounted(a, dir), ['unknown-peer-port info caddy Caddyfile:2 "8080"']);
    assert.match(only(a, 'unknown-peer-port').message, /^`caddy` reaches `app` on port 8080 in Caddyfile \(`reverse_proxy`\), but `app` is only known to listen on 3000\.$/);
  });

  it('default-bridge-dns: a proxy on the default bridge naming its upstream', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', PROXY('', ['    network_mode: bridge']), '  web:', '    image: node:22', '    expose: ["3000"]'].join('\n'),
      'nginx/default.conf': 'server { location / { proxy_pass http://web:3000; } }\n',
    });
    const a = analyseDir(dir);
    assert.deepEqual(inMounted(a, dir), ['default-bridge-dns error proxy nginx/default.conf:1 "web"']);
    assert.match(only(a, 'default-bridge-dns').message, /^`proxy` reaches `web` by name in default\.conf \(`proxy_pass`\), but `proxy` is on the default bridge/);
  });

  it('Traefik, HAProxy, Spring and .NET files are judged the same way', () => {
    const dir = writeProject({
      'compose.yaml': [
        'services:',
        '  traefik:',
        '    image: traefik:v3',
        '    command: ["--providers.file.filename=/etc/traefik/dynamic.yml"]',
        '    volumes: ["./dynamic.yml:/etc/traefik/dynamic.yml"]',
        '  haproxy:',
        '    image: haproxy:2.9',
        '    volumes: ["./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg"]',
        '  api:',
        '    image: eclipse-temurin:21',
        '    expose: ["8080", "9000"]',
        '    volumes: ["./application.yml:/app/application.yml"]',
        '  shop:',
        '    image: mcr.microsoft.com/dotnet/aspnet:8.0',
        '    volumes: ["./appsettings.json:/app/appsettings.json"]',
        '  postgres:',
        '    image: postgres:16',
        '    ports: ["15432:5432"]',
      ].join('\n'),
      'dynamic.yml': 'http:\n  services:\n    api:\n      loadBalancer:\n        servers:\n          - url: http://localhost:9000\n',
      'haproxy.cfg': 'backend api\n  server api1 apii:8080 check\n',
      'application.yml': 'spring:\n  datasource:\n    url: jdbc:postgresql://postgres:15432/app\n',
      'appsettings.json': '{ "ConnectionStrings": { "Default": "Host=localhost;Port=5432;Database=shop" } }\n',
    });
    assert.deepEqual(inMounted(analyseDir(dir), dir), [
      'published-port-in-network error api application.yml:3 "15432"',
      'localhost-peer error shop appsettings.json:1 "localhost"',
      'localhost-peer error traefik dynamic.yml:6 "localhost"',
      'unknown-host warning haproxy haproxy.cfg:2 "apii"',
    ]);
  });

  it('Envoy: an upstream across networks, a misspelt one, and a published port no listener answers; a clean one draws its arrow', () => {
    const envoy = (clusters: string[]) =>
      [
        'static_resources:',
        '  listeners:',
        '  - name: ingress',
        '    address: { socket_address: { address: 0.0.0.0, port_value: 10000 } }',
        '  clusters:',
        ...clusters.flatMap((c) => [`  - name: ${c}`, '    type: STRICT_DNS', '    load_assignment:', `      cluster_name: ${c}`, '      endpoints:', '      - lb_endpoints:', '        - endpoint:', `            address: { socket_address: { address: ${c}, port_value: 4000 } }`]),
      ].join('\n');
    const compose = (ports: string) =>
      ['services:', '  edge:', '    image: envoyproxy/envoy:v1.31-latest', `    ports: ["${ports}"]`, '    volumes: ["./envoy.yaml:/etc/envoy/envoy.yaml:ro"]', '    networks: [front]', '  api:', '    image: node:22', '    expose: ["4000"]', '    networks: [back]', '  web:', '    image: node:22', '    expose: ["4000"]', '    networks: [front]', 'networks:', '  front: {}', '  back: {}'].join('\n');
    const broken = writeProject({ 'compose.yaml': compose('8080:8080'), 'envoy.yaml': envoy(['api', 'wbe']) });
    const a = analyseDir(broken);
    assert.deepEqual(inMounted(a, broken), ['no-shared-network error edge envoy.yaml:13 "api"', 'unknown-host warning edge envoy.yaml:21 "wbe"']);
    assert.match(only(a, 'no-shared-network').message, /in envoy\.yaml \(`clusters\.endpoint\.socket_address`\)/);
    assert.match(only(a, 'published-port-no-listener').message, /8080/);
    const clean = writeProject({ 'compose.yaml': compose('8080:10000'), 'envoy.yaml': envoy(['web']) });
    const b = analyseDir(clean);
    assert.deepEqual(b.findings.map((f) => f.rule).filter((r) => r !== 'published-on-all-interfaces' && r !== 'unused-network'), []);
    const arrow = topologyFromAnalysis(b).references.find((r) => r.from === 'edge');
    assert.deepEqual([arrow?.to, arrow?.port, arrow?.file], ['web', 4000, 'envoy.yaml']);
  });

  it('Logstash: a GELF input published over TCP, a UDP port no input opens, its output drawn; a proxy\u2019s UDP port is not judged', () => {
    const dir = writeProject({
      'compose.yaml': [
        'services:',
        '  logstash:',
        '    image: docker.elastic.co/logstash/logstash-oss:8.15.0',
        '    ports: ["5000:5000", "12201:12201/udp", "9600:9600"]',
        '    volumes: ["./pipeline:/usr/share/logstash/pipeline:ro"]',
        '  elasticsearch:',
        '    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.0',
        '  proxy:',
        '    image: caddy:2',
        '    ports: ["443:443", "443:443/udp"]',
        '    volumes: ["./Caddyfile:/etc/caddy/Caddyfile"]',
      ].join('\n'),
      'pipeline/logstash.conf': 'input {\n  gelf { port => 5000 }\n}\noutput {\n  elasticsearch { hosts => "elasticsearch:9200" }\n}\n',
      Caddyfile: 'example.com {\n  reverse_proxy elasticsearch:9200\n}\n',
    });
    const a = analyseDir(dir);
    const found = a.findings.filter((f) => f.rule === 'published-port-no-listener').map((f) => f.message);
    assert.equal(found.length, 2, found.join('\n'));
    assert.match(found[0], /publishes container port 5000\/tcp \(host 5000\), but it listens on 5000 over UDP only/);
    assert.match(found[1], /publishes container port 12201\/udp .* lists its listeners on `5000\/udp`, `9600`/);
    const arrow = topologyFromAnalysis(a).references.find((r) => r.from === 'logstash');
    assert.deepEqual([arrow?.to, arrow?.port, arrow?.file], ['elasticsearch', 9200, 'logstash.conf']);
  });

  it('chproxy: a published HTTPS port without an https server, its ClickHouse nodes drawn and judged', () => {
    const dir = writeProject({
      'compose.yaml': [
        'services:',
        '  ch-proxy:',
        '    image: contentsquareplatform/chproxy:v1.26.4',
        '    command: [-config, /opt/config.yml]',
        '    ports: ["127.0.0.1:443:443", "127.0.0.1:80:80"]',
        '    volumes: ["./config.yml:/opt/config.yml"]',
        '  clickhouse-01:',
        '    image: clickhouse/clickhouse-server:24.8',
        '  clickhouse-02:',
        '    image: clickhouse/clickhouse-server:24.8',
      ].join('\n'),
      'config.yml': "server:\n  http:\n    listen_addr: ':80'\nclusters:\n  - name: main\n    nodes: ['clickhouse-01:8123', 'clickhouse-2:8123']\n",
    });
    const a = analyseDir(dir);
    assert.deepEqual(inMounted(a, dir), ['unknown-host warning ch-proxy config.yml:6 "clickhouse-2"']);
    assert.match(only(a, 'published-port-no-listener').message, /container port 443 .* lists its listeners on `80`/);
    const arrows = topologyFromAnalysis(a).references.filter((r) => r.from === 'ch-proxy' && r.to !== null).map((r) => `${r.to}:${r.port} ${r.file}`);
    assert.deepEqual(arrows, ['clickhouse-01:8123 config.yml']);
  });

  it('coturn: its TURN, TLS and relay ports, a published port nothing answers, the databases it connects to', () => {
    const dir = writeProject({
      'compose.yaml': [
        'services:',
        '  turn:',
        '    image: coturn/coturn:4.6',
        '    command: [-c, /etc/coturn/turn.conf]',
        '    volumes: ["./turn.conf:/etc/coturn/turn.conf:ro"]',
        '    ports:',
        '      - "3478:3478/udp"',
        '      - "5349:5349"',
        '      - "49160-49200:49160-49200/udp"',
        '      - "49152:49152/udp"',
        '      - "443:443"',
        '      - "3480:3480/udp"',
        '  db:',
        '    image: postgres:16',
        '  cache:',
        '    image: redis:7',
      ].join('\n'),
      'turn.conf': [
        '# TURN server',
        'listening-port=3478',
        'fingerprint',
        'psql-userdb="host=db dbname=coturn user=coturn password=x connect_timeout=30"',
        'redis-statsdb="ip=cahce dbname=0 port=6379"',
        'min-port=49152',
      ].join('\n'),
    });
    const a = analyseDir(dir);
    assert.deepEqual(inMounted(a, dir), ['unknown-host warning turn turn.conf:5 "cahce"']);
    const closed = a.findings.filter((f) => f.rule === 'published-port-no-listener').map((f) => a.project.sources.get(f.loc.file)!.slice(f.loc));
    // 443 has no listener; 3480/udp is neither the TURN port, its alternate (3479) nor in the relay range.
    assert.deepEqual(closed, ['"443:443"', '"3480:3480/udp"']);
    assert.match(a.findings.find((f) => f.rule === 'published-port-no-listener')!.message, /`3478\/tcp\+udp`, `3479\/tcp\+udp`, `5349\/tcp\+udp`, `5350\/tcp\+udp`, `49152-65535\/tcp\+udp`/);
    assert.equal(a.model.listensOn('turn', 50000), 'yes');
    const compose = path.join(dir, 'compose.yaml');
    const at = a.project.sources.get(compose)!.positionAt(a.project.sources.get(compose)!.text.indexOf('turn:'));
    const shown = hover(a, compose, at)!.contents as { value: string };
    assert.match(shown.value, /- listens on .*`3478`.*`49152-65535` \(the relay range \(min-port\.\.max-port\) in turn\.conf\)/);
    assert.equal(a.model.listensOn('turn', 8080), 'no');
    const arrows = topologyFromAnalysis(a).references.filter((r) => r.from === 'turn' && r.to !== null).map((r) => `${r.to}:${r.port} ${r.file}`);
    assert.deepEqual(arrows, ['db:5432 turn.conf']);
  });

  it('coturn: `no-udp` closes the UDP side of its ports; the file at its conventional path is read without `-c`', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', '  turn:', '    build: .', '    volumes: ["./turnserver.conf:/etc/turnserver.conf:ro"]', '    ports: ["3478:3478", "3478:3478/udp"]'].join('\n'),
      'turnserver.conf': 'no-udp\n',
    });
    const a = analyseDir(dir);
    assert.deepEqual(a.findings.filter((f) => f.rule === 'published-port-no-listener').map((f) => a.project.sources.get(f.loc.file)!.slice(f.loc)), ['"3478:3478/udp"']);
  });

  it('coturn: options on the command line win over the file, and `-n` leaves the file unread', () => {
    const dir = writeProject({
      'compose.yaml': [
        'services:',
        '  tls:',
        '    image: coturn/coturn:4.6',
        '    command: ["--tls-listening-port=443", "--min-port", "49160", "--max-port", "49200"]',
        '    volumes: ["./turnserver.conf:/etc/coturn/turnserver.conf:ro"]',
        '    ports: ["443:443", "49160-49200:49160-49200/udp", "49300:49300/udp"]',
        '  bare:',
        '    image: coturn/coturn:4.6',
        '    command: ["-n", "--log-file=stdout"]',
        '    volumes: ["./turnserver.conf:/etc/coturn/turnserver.conf:ro"]',
        '    ports: ["3478:3478/udp", "3500:3500"]',
        '  db:',
        '    image: postgres:16',
      ].join('\n'),
      'turnserver.conf': 'listening-port=3500\npsql-userdb="host=missing dbname=coturn"\n',
    });
    const a = analyseDir(dir);
    const closed = a.findings.filter((f) => f.rule === 'published-port-no-listener').map((f) => `${f.service} ${a.project.sources.get(f.loc.file)!.slice(f.loc)}`);
    // `tls`: 443 opened by its command, the relay range narrowed to 49160-49200; `bare` reads no file, so 3478 (the default) and not 3500.
    assert.deepEqual(closed, ['tls "49300:49300/udp"', 'bare "3500:3500"']);
    // The file's database is dialled by `tls` (which reads it), not by `bare`.
    assert.deepEqual(a.findings.filter((f) => f.rule === 'unknown-host').map((f) => f.service), ['tls']);
  });

  it('a file several services mount is one finding naming them all; `# netlens-disable-next-line` works in it', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', '  a:', '    image: nginx', '    volumes: ["./site.conf:/etc/nginx/conf.d/default.conf"]', '  b:', '    image: nginx', '    volumes: ["./site.conf:/etc/nginx/conf.d/default.conf"]'].join('\n'),
      'site.conf': ['server {', '  location / { proxy_pass http://nope:3000; }', '  # netlens-disable-next-line unknown-host', '  location /x { proxy_pass http://nope2:3000; }', '}'].join('\n'),
    });
    const a = analyseDir(dir);
    assert.deepEqual(inMounted(a, dir), ['unknown-host warning a site.conf:2 "nope"']);
    assert.deepEqual(only(a, 'unknown-host').services, ['a', 'b']);
  });

  it('a clean monitoring stack: every scrape and datasource is an arrow, labelled with its file, and nothing is reported', () => {
    const dir = writeProject({
      'compose.yaml': [
        'services:',
        '  prometheus:',
        '    image: prom/prometheus',
        '    volumes: ["./prometheus/:/etc/prometheus/"]',
        '    command: ["--config.file=/etc/prometheus/prometheus.yml"]',
        '  node-exporter:',
        '    image: prom/node-exporter',
        '  alertmanager:',
        '    image: prom/alertmanager',
        '  grafana:',
        '    image: grafana/grafana',
        '    ports: ["3000:3000"]',
        '    volumes: ["./grafana/provisioning:/etc/grafana/provisioning"]',
      ].join('\n'),
      'prometheus/prometheus.yml': [
        'scrape_configs:',
        '  - job_name: prometheus',
        "    static_configs: [{ targets: ['localhost:9090'] }]",
        '  - job_name: node',
        "    static_configs: [{ targets: ['node-exporter:9100'] }]",
        'alerting:',
        '  alertmanagers:',
        '    - static_configs: [{ targets: [alertmanager:9093] }]',
      ].join('\n'),
      'grafana/provisioning/datasources/ds.yml': 'datasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://prometheus:9090\n',
    });
    const a = analyseDir(dir);
    assert.deepEqual(a.findings.map((f) => `${f.rule}: ${f.message}`), []);
    const doc = topologyFromAnalysis(a);
    const arrows = doc.references.filter((r) => r.to !== null && r.to !== r.from).map((r) => `${r.from} → ${r.to}:${r.port} (${r.file})`);
    assert.deepEqual(arrows, ['prometheus → node-exporter:9100 (prometheus.yml)', 'prometheus → alertmanager:9093 (prometheus.yml)', 'grafana → prometheus:9090 (ds.yml)']);
    const labels = topologyElements(doc).filter((e) => e.data.kind === 'reference').map((e) => e.data.label);
    assert.ok(labels.includes('prometheus:9090 (ds.yml)'), labels.join(' | '));
    const located = doc.references.find((r) => r.to === 'node-exporter')!;
    assert.equal(located.loc?.file, path.join(dir, 'prometheus/prometheus.yml'));
    assert.deepEqual(located.loc?.range.start, { line: 4, character: 34 });
  });

  it('the CLI reports findings in mounted files with their paths, and reads no further than its working folder', () => {
    const root = writeProject({ 'shared/default.conf': 'server { location / { proxy_pass http://localhost:3000; } }\n' }, 'repo');
    const dir = path.join(root, 'deploy');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'compose.yaml'), ['services:', '  proxy:', '    image: nginx', '    volumes: ["../shared/default.conf:/etc/nginx/conf.d/default.conf"]', '  web:', '    image: node:22', '    expose: ["3000"]'].join('\n'));
    const run = (cwd: string, args: string[]) => {
      let stdout = '';
      const code = runCli(['check', ...args], { cwd, env: {}, stdout: (t) => (stdout += t), stderr: () => {}, isTty: false });
      return { code, stdout };
    };
    const fromRoot = run(root, ['-f', 'deploy/compose.yaml']);
    assert.equal(fromRoot.code, 1);
    assert.match(fromRoot.stdout, /^shared\/default\.conf:1:41 error localhost-peer `proxy` reaches `localhost:3000` in default\.conf/m);
    // Run from the project folder, `../shared` is outside what was asked: not read, and said.
    const fromProject = run(dir, []);
    assert.equal(fromProject.code, 0);
    assert.match(fromProject.stdout, /info mounted-file default\.conf is outside the project folder; it is not read \(pass --allow-outside to read it\)\. Addresses in it are not checked\./);
  });
});

describe('mounted files: model reuse', () => {
  after(removeProjects);

  it('a build after an edit of a mounted file reads it again; an unchanged one is reused', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', PROXY(''), '  web:', '    image: node:22', '    expose: ["3000"]'].join('\n'),
      'nginx/default.conf': 'server { location / { proxy_pass http://web:3000; } }\n',
    });
    const conf = path.join(dir, 'nginx/default.conf');
    const load = (text?: string) =>
      loadProject({
        dir,
        env: {},
        readFile: (f) => (f === conf && text !== undefined ? text : fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined),
      });
    const reuse = new ModelReuse();
    const hosts = (text?: string) => buildNetworkModel(load(text), reuse).references.filter((r) => r.origin === 'mounted').map((r) => `${r.host}:${r.port}`);
    assert.deepEqual(hosts(), ['web:3000']);
    const before = modelCounters.serviceReuses;
    assert.deepEqual(hosts(), ['web:3000']);
    assert.equal(modelCounters.serviceReuses, before + 2, 'both services reused');
    assert.deepEqual(hosts('server { location / { proxy_pass http://web:3001; } }\n'), ['web:3001']);
  });
});
