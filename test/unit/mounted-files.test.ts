// Mounted files in the project model: which host files a service receives at paths its program reads
// (bind mounts short and long, folder mounts, `configs:`, files its command names), read once,
// bounded, judged by the project's boundary like every other file, and added to the project's sources.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProject, type ComposeProject, type LoadOptions } from '../../server/src/compose/project';
import { removeProjects, writeProject } from '../helpers/project';

function loadDir(dir: string, options: Partial<LoadOptions> = {}): ComposeProject {
  return loadProject({ dir, env: {}, ...options });
}

/** `service kind target ← host path relative to dir` for every mounted file. */
function mounted(project: ComposeProject, dir: string): string[] {
  const out: string[] = [];
  for (const def of project.services.values()) {
    for (const m of def.mountedFiles) out.push(`${def.name} ${m.kind}${m.entry ? '' : ' (imported)'} ${m.target} ← ${path.relative(dir, m.file)}`);
  }
  return out;
}

const NGINX = 'server { location / { proxy_pass http://web:3000; } }\n';

describe('mounted files: what a service receives', () => {
  after(removeProjects);

  it('reads file mounts (short and long syntax) and `configs:` files at the paths the program reads', () => {
    const dir = writeProject({
      'compose.yaml': [
        'services:',
        '  proxy:',
        '    image: nginx',
        '    volumes:',
        '      - ./nginx.conf:/etc/nginx/nginx.conf:ro',
        '      - type: bind',
        '        source: ./site.conf',
        '        target: /etc/nginx/conf.d/default.conf',
        '      - ./html:/usr/share/nginx/html',
        '      - /etc/localtime:/etc/localtime:ro',
        '      - cache:/var/cache/nginx',
        '  caddy:',
        '    image: caddy:2',
        '    configs:',
        '      - source: caddyfile',
        '        target: /etc/caddy/Caddyfile',
        'configs:',
        '  caddyfile:',
        '    file: ./Caddyfile',
        'volumes:',
        '  cache: {}',
      ].join('\n'),
      'nginx.conf': 'http { include /etc/nginx/conf.d/*.conf; }\n',
      'site.conf': NGINX,
      'html/index.html': '<p>http://web:3000</p>',
      Caddyfile: ':80 {\n  reverse_proxy web:3000\n}\n',
    });
    const project = loadDir(dir);
    assert.deepEqual(mounted(project, dir), [
      'proxy nginx /etc/nginx/nginx.conf ← nginx.conf',
      'proxy nginx /etc/nginx/conf.d/default.conf ← site.conf',
      'caddy caddyfile /etc/caddy/Caddyfile ← Caddyfile',
    ]);
    // Read files are sources with ranges; the page and the system file are not read.
    assert.ok(project.sources.get(path.join(dir, 'site.conf')));
    assert.equal(project.sources.get(path.join(dir, 'html/index.html')), undefined);
    assert.deepEqual(project.problems, []);
  });

  it('lists a folder mount where configuration lives, and the file a command names in it', () => {
    const dir = writeProject({
      'compose.yaml': [
        'services:',
        '  proxy:',
        '    image: nginx',
        '    volumes: ["./nginx:/etc/nginx"]',
        '  prometheus:',
        '    image: prom/prometheus:v2.53.0',
        '    volumes: ["./prom/:/etc/prom-config/"]',
        '    command: ["--config.file=/etc/prom-config/main.yml", "--storage.tsdb.path=/prometheus"]',
        '  grafana:',
        '    image: grafana/grafana',
        '    volumes: ["./grafana/provisioning:/etc/grafana/provisioning"]',
        '  custom-grafana:',
        '    image: example/grafana',
        '    volumes: ["./grafana/provisioning/datasources:/srv/conf/provisioning/datasources"]',
        '  caddy:',
        '    image: caddy',
        '    volumes: ["./caddy:/etc/caddy"]',
      ].join('\n'),
      'nginx/nginx.conf': 'events {}\n',
      'nginx/conf.d/default.conf': NGINX,
      'nginx/mime.types': 'types { text/html html; }\n',
      'prom/main.yml': 'scrape_configs: []\n',
      'prom/rules.yml': 'groups: []\n',
      'grafana/provisioning/datasources/ds.yaml': 'datasources: []\n',
      'grafana/provisioning/dashboards/d.yaml': 'providers: []\n',
      'caddy/Caddyfile': 'import snippets/*\n',
      'caddy/Caddyfile.example': 'reverse_proxy example:1\n',
      'caddy/snippets/api': 'reverse_proxy api:4000\n',
      'caddy/certs/site.pem': '-----BEGIN CERTIFICATE-----\n',
    });
    assert.deepEqual(mounted(loadDir(dir), dir), [
      'proxy nginx /etc/nginx/conf.d/default.conf ← nginx/conf.d/default.conf',
      'proxy nginx /etc/nginx/nginx.conf ← nginx/nginx.conf',
      'prometheus prometheus /etc/prom-config/main.yml ← prom/main.yml',
      'grafana grafana-datasources /etc/grafana/provisioning/datasources/ds.yaml ← grafana/provisioning/datasources/ds.yaml',
      'custom-grafana grafana-datasources /srv/conf/provisioning/datasources/ds.yaml ← grafana/provisioning/datasources/ds.yaml',
      'caddy caddyfile /etc/caddy/Caddyfile ← caddy/Caddyfile',
      'caddy caddyfile (imported) /etc/caddy/snippets/api ← caddy/snippets/api',
    ]);
  });

  it('finds Traefik’s dynamic files through its command, its environment or its static configuration; HAProxy and application settings at theirs', () => {
    const dir = writeProject({
      'compose.yaml': [
        'services:',
        '  by-command:',
        '    image: traefik:v3',
        '    command: ["--providers.file.directory=/dynamic", "--providers.docker=true"]',
        '    volumes: ["./dynamic:/dynamic:ro"]',
        '  by-static:',
        '    image: traefik:v3',
        '    volumes: ["./traefik:/etc/traefik"]',
        '  haproxy:',
        '    image: haproxy:2.9',
        '    volumes: ["./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro"]',
        '  java:',
        '    image: eclipse-temurin:21',
        '    environment:',
        '      SPRING_CONFIG_ADDITIONAL_LOCATION: optional:file:/config/app.yml',
        '    volumes: ["./config:/config", "./application-docker.yml:/app/application-docker.yml"]',
        '  dotnet:',
        '    image: mcr.microsoft.com/dotnet/aspnet:8.0',
        '    volumes: ["./dotnet:/app"]',
        '  otel:',
        '    image: otel/opentelemetry-collector-contrib:0.123.0',
        '    command: ["--config=/etc/otel-collector-config.yml"]',
        '    volumes: ["./otel.yml:/etc/otel-collector-config.yml"]',
        '  otel-default:',
        '    image: otel/opentelemetry-collector-contrib',
        '    volumes: ["./otel.yml:/etc/otelcol-contrib/config.yaml"]',
      ].join('\n'),
      'dynamic/routes.yml': 'http: {}\n',
      'dynamic/notes.txt': 'not read\n',
      'traefik/traefik.yml': 'providers:\n  file:\n    directory: /etc/traefik/dynamic\n',
      'traefik/dynamic/app.yaml': 'http: {}\n',
      'haproxy.cfg': 'backend app\n  server a app:80\n',
      'config/app.yml': 'spring: {}\n',
      'config/other.yml': 'x: 1\n',
      'application-docker.yml': 'spring: {}\n',
      'dotnet/appsettings.json': '{}',
      'dotnet/appsettings.Production.json': '{}',
      'dotnet/lib/appsettings.json': '{}',
      'otel.yml': 'exporters: {}\n',
    });
    assert.deepEqual(mounted(loadDir(dir), dir), [
      'by-command traefik-dynamic /dynamic/routes.yml ← dynamic/routes.yml',
      'by-static traefik-dynamic /etc/traefik/dynamic/app.yaml ← traefik/dynamic/app.yaml',
      'by-static traefik-static /etc/traefik/traefik.yml ← traefik/traefik.yml',
      'haproxy haproxy /usr/local/etc/haproxy/haproxy.cfg ← haproxy.cfg',
      'java spring /config/app.yml ← config/app.yml',
      'java spring /app/application-docker.yml ← application-docker.yml',
      'dotnet dotnet /app/appsettings.Production.json ← dotnet/appsettings.Production.json',
      'dotnet dotnet /app/appsettings.json ← dotnet/appsettings.json',
      'otel otel-collector /etc/otel-collector-config.yml ← otel.yml',
      'otel-default otel-collector /etc/otelcol-contrib/config.yaml ← otel.yml',
    ]);
  });

  it('Envoy and Logstash at their images\u2019 paths, or where their command points', () => {
    const dir = writeProject({
      'compose.yaml': [
        'services:',
        '  edge:',
        '    image: envoyproxy/envoy:v1.31-latest',
        '    volumes: ["./envoy.yaml:/etc/envoy/envoy.yaml:ro"]',
        '  edge2:',
        '    image: envoyproxy/envoy:v1.31-latest',
        '    command: ["--config-path", "/config/front.yaml"]',
        '    volumes: ["./front.yaml:/config/front.yaml:ro"]',
        '  logstash:',
        '    image: docker.elastic.co/logstash/logstash:8.15.0',
        '    volumes: ["./pipeline:/usr/share/logstash/pipeline:ro", "./logstash.yml:/usr/share/logstash/config/logstash.yml:ro"]',
        '  logstash2:',
        '    image: logstash:7.16.1',
        '    command: logstash -f /usr/share/logstash/pipeline/nginx.config',
        '    volumes: ["./nginx.config:/usr/share/logstash/pipeline/nginx.config"]',
      ].join('\n'),
      'envoy.yaml': 'static_resources: {}\n',
      'front.yaml': 'static_resources: {}\n',
      'pipeline/main.conf': 'input { beats { port => 5044 } }\n',
      'pipeline/README.md': 'notes\n',
      'logstash.yml': 'api.http.port: 9600\n',
      'nginx.config': 'input { file { path => "/home/nginx.log" } }\n',
    });
    assert.deepEqual(mounted(loadDir(dir), dir), [
      'edge envoy /etc/envoy/envoy.yaml ← envoy.yaml',
      'edge2 envoy /config/front.yaml ← front.yaml',
      'logstash logstash /usr/share/logstash/pipeline/main.conf ← pipeline/main.conf',
      'logstash logstash /usr/share/logstash/config/logstash.yml ← logstash.yml',
      'logstash2 logstash /usr/share/logstash/pipeline/nginx.config ← nginx.config',
    ]);
  });

  it('a deeper mount shadows what a folder mount puts at the same path', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', '  proxy:', '    image: nginx', '    volumes:', '      - ./override.conf:/etc/nginx/conf.d/default.conf', '      - ./nginx:/etc/nginx'].join('\n'),
      'nginx/conf.d/default.conf': 'server { location / { proxy_pass http://old:1; } }\n',
      'override.conf': NGINX,
    });
    assert.deepEqual(mounted(loadDir(dir), dir), ['proxy nginx /etc/nginx/conf.d/default.conf ← override.conf']);
  });

  it('reads nothing outside the project folder where outside reads are refused, through a path or a link; says so once at the mount', () => {
    const root = writeProject({ 'outside/nginx.conf': NGINX, 'outside/other.conf': NGINX }, 'ws');
    const dir = path.join(root, 'app');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'compose.yaml'),
      ['services:', '  proxy:', '    image: nginx', '    volumes:', '      - ../outside/nginx.conf:/etc/nginx/nginx.conf', '      - ./linked.conf:/etc/nginx/conf.d/default.conf', '      - ../outside:/etc/nginx/extra'].join('\n'),
    );
    fs.symlinkSync(path.join(root, 'outside', 'other.conf'), path.join(dir, 'linked.conf'));
    const refuse = 'pass --allow-outside to read it';
    const project = loadDir(dir, { boundary: { folders: [dir], refuseOutside: refuse } });
    assert.deepEqual(mounted(project, dir), []);
    const messages = project.problems.map((p) => `${p.severity} ${p.code} ${p.message}`);
    assert.deepEqual(messages, [
      `info mounted-file nginx.conf is outside the project folder; it is not read (${refuse}). Addresses in it are not checked.`,
      `info mounted-file linked.conf is outside the project folder (through a symbolic link); it is not read (${refuse}). Addresses in it are not checked.`,
    ]);
    for (const p of project.problems) assert.equal(p.loc.file, path.join(dir, 'compose.yaml'));
    assert.equal(project.sources.get(path.join(root, 'outside', 'nginx.conf')), undefined);
    assert.equal(project.sources.get(path.join(root, 'outside', 'other.conf')), undefined);
    // A wider folder of the project's own (the workspace folder, the CLI's working folder) holding them lets them in.
    assert.equal(mounted(loadDir(dir, { boundary: { folders: [root], refuseOutside: refuse } }), dir).length, 4);
    // Where outside reads are allowed (a trusted workspace, --allow-outside), they are read as other files are.
    assert.equal(mounted(loadDir(dir, { boundary: { folders: [dir] } }), dir).length, 4);
  });

  it('bounds the size read, and tells', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', '  proxy:', '    image: nginx', '    volumes: ["./big.conf:/etc/nginx/conf.d/big.conf"]'].join('\n'),
      'big.conf': '#'.repeat(1024 * 1024 + 1),
    });
    const project = loadDir(dir);
    assert.deepEqual(mounted(project, dir), []);
    assert.deepEqual(
      project.problems.map((p) => `${p.severity} ${p.code} ${p.message}`),
      ['info mounted-file big.conf is 1.0 MB, above the 1.0 MB read for a mounted configuration file. Addresses in it are not checked.'],
    );
    // Known to the project (empty, as any file not read), so a change to it re-checks the project; its text is never held.
    assert.equal(project.sources.get(path.join(dir, 'big.conf'))?.text ?? '', '');
    // The project's own limit, when lower, is the one said.
    assert.match(loadDir(dir, { maxFileSize: 512 * 1024 }).problems[0].message, /^big\.conf is 1\.0 MB, above the 0\.5 MB limit \(setting netlens\.maxFileSizeMB\)/);
  });

  it('never waits on a FIFO or reads a device a mount or a link names: one info each, in the project or not', () => {
    const dir = writeProject({
      'compose.yaml': [
        'services:',
        '  proxy:',
        '    image: nginx',
        '    volumes:',
        '      - ./fifo.conf:/etc/nginx/nginx.conf',
        '      - ./zero.conf:/etc/nginx/conf.d/default.conf',
        '      - /dev/zero:/etc/nginx/conf.d/other.conf',
      ].join('\n'),
    });
    execFileSync('mkfifo', [path.join(dir, 'fifo.conf')]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.conf'));
    for (const boundary of [undefined, { folders: [dir], refuseOutside: 'pass --allow-outside to read it' }]) {
      const project = loadDir(dir, boundary ? { boundary } : {});
      assert.deepEqual(mounted(project, dir), []);
      assert.deepEqual(
        project.problems.map((p) => `${p.severity} ${p.code} ${p.message}`),
        [
          'info mounted-file fifo.conf is a FIFO (named pipe), not a regular file; it is not read. Addresses in it are not checked.',
          boundary
            ? 'info mounted-file zero.conf is outside the project folder (through a symbolic link); it is not read (pass --allow-outside to read it). Addresses in it are not checked.'
            : 'info mounted-file zero.conf is a character device (through a symbolic link), not a regular file; it is not read. Addresses in it are not checked.',
          boundary
            ? 'info mounted-file zero is outside the project folder; it is not read (pass --allow-outside to read it). Addresses in it are not checked.'
            : 'info mounted-file zero is a character device, not a regular file; it is not read. Addresses in it are not checked.',
        ],
      );
    }
  });

  it('reads a file once per load however many services mount it, through the loader’s readFile (open documents win)', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', '  a:', '    image: nginx', '    volumes: ["./site.conf:/etc/nginx/conf.d/default.conf"]', '  b:', '    image: nginx', '    volumes: ["./site.conf:/etc/nginx/conf.d/default.conf"]'].join('\n'),
      'site.conf': NGINX,
    });
    const reads: string[] = [];
    const site = path.join(dir, 'site.conf');
    const project = loadDir(dir, {
      readFile: (f: string) => {
        reads.push(f);
        if (f === site) return 'server { location / { proxy_pass http://edited:1; } }\n';
        try {
          return fs.readFileSync(f, 'utf8');
        } catch {
          return undefined;
        }
      },
    });
    assert.equal(reads.filter((f) => f === site).length, 1);
    assert.match(project.sources.get(site)!.text, /edited/);
    assert.equal(mounted(project, dir).length, 2);
  });

  it('reads nothing for services that do not start (profiles) and nothing a missing source would hold', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', '  proxy:', '    image: nginx', '    profiles: [edge]', '    volumes: ["./site.conf:/etc/nginx/conf.d/default.conf"]', '  other:', '    image: nginx', '    volumes: ["./missing.conf:/etc/nginx/conf.d/default.conf"]'].join('\n'),
      'site.conf': NGINX,
    });
    const project = loadDir(dir);
    assert.deepEqual(mounted(project, dir), []);
    assert.deepEqual(project.problems, []);
    assert.deepEqual(mounted(loadDir(dir, { profiles: ['edge'] }), dir), ['proxy nginx /etc/nginx/conf.d/default.conf ← site.conf']);
  });
});
