// TOML configuration read as the same located tree as YAML (`compose/tomlTree.ts`): Traefik's dynamic
// and static files, Vector's configuration (TOML or YAML), and the listen settings of programs no reader
// knows. Every address lands on its own characters.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { isMap, isSeq } from 'yaml';
import { loadProject } from '../../server/src/compose/project';
import { tomlRoot } from '../../server/src/compose/tomlTree';
import { buildNetworkModel } from '../../server/src/network/model';
import { child, located, text } from '../../server/src/network/mounted/yamlValues';
import { traefikAddresses } from '../../server/src/network/mounted/traefik';
import { vectorAddresses } from '../../server/src/network/mounted/vector';
import type { MountedAddress } from '../../server/src/network/mounted/address';
import { analyse } from '../../server/src/analysis';
import { removeProjects, writeProject } from '../helpers/project';

function described(source: string, found: MountedAddress[]): string[] {
  return found.map((a) => {
    assert.equal(source.slice(a.hostStart, a.hostEnd), a.host);
    if (a.port !== undefined) assert.equal(source.slice(a.portStart, a.portEnd), String(a.port));
    return `${a.setting} ${a.host}${a.port !== undefined ? `:${a.port}` : ''}`;
  });
}

const readFile = (f: string) => {
  try {
    return fs.readFileSync(f, 'utf8');
  } catch {
    return undefined;
  }
};

describe('TOML configuration as a located tree', () => {
  after(removeProjects);

  it('places strings and numbers on the literals that write them: tables, dotted keys, arrays of tables, repeats, escapes, comments', () => {
    const source = [
      '# "web:1" in a comment is no value',
      'title = "web:1"',
      'a.b = \'web:1\'',
      '[server]',
      'port = 8_080',
      'hosts = ["db:5432", "db:5432"]',
      '[[backends]]',
      'url = "http://api:3000"',
      '[[backends]]',
      'url = "http://api\\u003a3000/x"',
      'note = """',
      'multi"""',
      'when = 1979-05-27',
    ].join('\n');
    // `note` and `when` belong to the last table of the array.
    const root = tomlRoot(source);
    const at = (node: unknown) => {
      const l = located(source, node as never);
      return l ? `${l.value}@${source.slice(l.start, l.end) === l.value ? 'exact' : 'moved'}:${source.slice(0, l.start).split('\n').length}` : undefined;
    };
    assert.equal(at(child(root, 'title')), 'web:1@exact:2');
    assert.equal(at(child(child(root, 'a'), 'b')), 'web:1@exact:3');
    assert.equal(at(child(child(root, 'server'), 'port')), '8_080@exact:5');
    const hosts = child(child(root, 'server'), 'hosts');
    assert.ok(isSeq(hosts));
    assert.deepEqual(hosts.items.map((h) => at(h)), ['db:5432@exact:6', 'db:5432@exact:6']);
    assert.notEqual((hosts.items[0] as { range: number[] }).range[0], (hosts.items[1] as { range: number[] }).range[0]);
    const backends = child(root, 'backends');
    assert.ok(isSeq(backends) && backends.items.every((b) => isMap(b)));
    assert.equal(at(child(backends.items[0] as never, 'url')), 'http://api:3000@exact:8');
    // An escape: read, and its characters are not the value's, so it is not located on them.
    assert.equal(text(child(backends.items[1] as never, 'url')), 'http://api:3000/x');
    assert.equal(at(child(backends.items[1] as never, 'url')), undefined);
    assert.equal(text(child(backends.items[1] as never, 'note')), 'multi');
    assert.equal(child(backends.items[1] as never, 'when'), null);
  });

  it('no TOML at all gives no tree, never an exception', () => {
    for (const bad of ['[unclosed', 'a = = 1', 'x = "open', '\u0000']) assert.equal(tomlRoot(bad), undefined, bad);
  });

  it('Traefik dynamic files in TOML give their load balancers’ servers', () => {
    const toml = ['[http.services.app.loadBalancer]', '  [[http.services.app.loadBalancer.servers]]', '    url = "http://app:3000"', '[tcp.services.db.loadBalancer]', '  [[tcp.services.db.loadBalancer.servers]]', '    address = "postgres:5432"'].join('\n');
    assert.deepEqual(described(toml, traefikAddresses(toml, 'dynamic.toml')), ['http.services.app app:3000', 'tcp.services.db postgres:5432']);
  });

  it('Vector: sinks and pulling sources are dialled (TOML and YAML); a source’s address is a listener', () => {
    const toml = [
      '[sources.in]',
      'type = "http_server"',
      'address = "0.0.0.0:8080"',
      '[sources.scrape]',
      'type = "prometheus_scrape"',
      'endpoints = ["http://node:9100/metrics"]',
      '[sinks.out]',
      'type = "http"',
      'inputs = ["in"]',
      'uri = "https://store:443/ingest"',
      '[sinks.bus]',
      'type = "kafka"',
      'bootstrap_servers = "kafka-1:9092, kafka-2:9092"',
      '[sinks.tmpl]',
      'type = "loki"',
      'endpoint = "http://${LOKI_HOST}:3100"',
    ].join('\n');
    assert.deepEqual(described(toml, vectorAddresses(toml, 'vector.toml')), ['sinks.out.uri store:443', 'sinks.bus.bootstrap_servers kafka-1:9092', 'sinks.bus.bootstrap_servers kafka-2:9092', 'sources.scrape.endpoints node:9100']);
    const yaml = 'sinks:\n  es:\n    type: elasticsearch\n    endpoints: ["http://es:9200"]\n';
    assert.deepEqual(described(yaml, vectorAddresses(yaml, 'vector.yaml')), ['sinks.es.endpoints es:9200']);
  });

  it('in a project: Vector’s sink to a port its peer does not listen on is found in vector.toml; Vector listens where its sources say', () => {
    const dir = writeProject({
      'compose.yaml': [
        'services:',
        '  vector:',
        '    image: timberio/vector:0.40.0-alpine',
        '    volumes: ["./vector.toml:/etc/vector/vector.toml:ro"]',
        '  store:',
        '    image: example/store:1',
        '    volumes: ["./store.toml:/etc/store/config.toml:ro"]',
        '  app:',
        '    image: example/app:1',
        '    environment:',
        '      LOG_SINK: http://vector:8080',
      ].join('\n'),
      'vector.toml': '[sources.in]\ntype = "http_server"\naddress = "0.0.0.0:8080"\n[sinks.out]\ntype = "http"\ninputs = ["in"]\nuri = "https://store:443/ingest"\n',
      // A program no reader knows, configured in TOML: its listen setting is read.
      'store.toml': '[app]\naddress = "0.0.0.0:9000"\n',
    });
    const project = loadProject({ dir, env: {}, readFile });
    const model = buildNetworkModel(project);
    assert.equal(model.listensOn('vector', 8080), 'yes');
    assert.equal(model.listensOn('store', 9000), 'yes');
    assert.equal(model.listensOn('store', 443), 'no');
    const findings = analyse(project).findings.filter((f) => f.rule === 'unknown-peer-port');
    assert.deepEqual(findings.map((f) => `${f.loc.file.endsWith('vector.toml')} ${f.message.includes('`store`')}`), ['true true']);
  });

  it('Traefik’s static TOML names its file provider and its entry points', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', '  traefik:', '    image: traefik:v3', '    volumes:', '      - ./traefik.toml:/etc/traefik/traefik.toml:ro', '      - ./dynamic:/etc/traefik/dynamic:ro', '  app:', '    image: example/app:1'].join('\n'),
      'traefik.toml': '[entryPoints.web]\naddress = ":8000"\n[providers.file]\ndirectory = "/etc/traefik/dynamic"\n',
      'dynamic/routes.toml': '[[http.services.app.loadBalancer.servers]]\nurl = "http://app:3000"\n',
    });
    const project = loadProject({ dir, env: {}, readFile });
    const traefik = project.services.get('traefik')!;
    assert.deepEqual(traefik.mountedFiles.map((m) => `${m.kind} ${m.target}`).sort(), ['traefik-dynamic /etc/traefik/dynamic/routes.toml', 'traefik-static /etc/traefik/traefik.toml']);
    const model = buildNetworkModel(project);
    assert.equal(model.listensOn('traefik', 8000), 'yes');
    assert.ok(model.references.some((r) => r.from === 'traefik' && r.host === 'app' && r.port === 3000 && r.origin === 'mounted'));
  });
});
