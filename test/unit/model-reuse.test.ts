// An edit re-analyses only what it touched: a build of the network model given the last build's
// `ModelReuse` scans again only the services whose entries changed (their addresses and declared
// ports), keeps the name index when no naming changed, and always equals a build from scratch
// (every location included).
import * as assert from 'node:assert/strict';
import type { ParseCache } from '../../server/src/compose/parseFile';
import { buildNetworkModel } from '../../server/src/network/model';
import { modelCounters } from '../../server/src/network/model';
import { ModelReuse } from '../../server/src/network/reuse';
import type { NetworkModel } from '../../server/src/network/types';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProject } from '../../server/src/compose/project';
import { analyse, type Analysis } from '../../server/src/analysis';
import { FindingReuse, findingCounters } from '../../server/src/findingReuse';
import type { Finding } from '../../server/src/rules/types';
import { hover } from '../../server/src/features/hover';
import { completion } from '../../server/src/features/completion';
import { load, removeProjects, writeProject } from '../helpers/project';
import { AnalysisStopped, withTimeBudget } from '../../server/src/budget';

const BASE = [
  'services:',
  '  web:',
  '    image: nginx',
  '    environment:',
  '      API_URL: http://api:8080',
  '      LOG_LEVEL: info',
  '    ports:',
  '      - "8080:80"',
  '    networks: [front]',
  '  api:',
  '    image: node:20',
  '    container_name: the-api',
  '    command: ["node", "server.js", "--port", "8080"]',
  '    environment:',
  '      DATABASE_URL: postgres://db:5432/app',
  '      CACHE: redis://localhost:6379',
  '    networks:',
  '      front:',
  '        aliases: [backend]',
  '      back:',
  '        ipv4_address: 10.5.0.9',
  '        ipv6_address: fd00::9',
  '    extra_hosts: ["gw:host-gateway"]',
  '    ports:',
  '      - target: 443',
  '        published: "9443"',
  '    deploy:',
  '      replicas: 1',
  '      endpoint_mode: vip',
  '  db:',
  '    image: postgres:16',
  '    expose: ["5432"]',
  '    ports: ["127.0.0.1:5432:5432"]',
  '    networks: [back]',
  '  worker:',
  '    image: busybox',
  '    network_mode: bridge',
  '    links: [db:database]',
  '    external_links: [legacy:old]',
  '    environment:',
  '      TARGET: http://web:80',
  'networks:',
  '  front: {}',
  '  back:',
  '    ipam:',
  '      config:',
  '        - subnet: 10.5.0.0/24',
  '',
].join('\n');
const OVERRIDE = 'services:\n  api:\n    environment:\n      LOG_LEVEL: debug\n    ports:\n      - "9000:8080"\n';

/** A project with findings of many rules, on services before and after the values edited. */
const FINDINGS_BASE = [
  'services:',
  '  web:',
  '    image: nginx',
  '    environment:',
  '      LOG_LEVEL: info',
  '      API_URL: http://api:8080',
  '      CACHE_URL: redis://localhost:6379',
  '      MODE: "quiet"',
  '    networks: [front]',
  '  api:',
  '    image: node:20',
  '    container_name: the-api',
  '    deploy: { replicas: 2 }',
  '    environment:',
  '      DB_URL: postgres://db:5432/app',
  '      TOKEN: abc',
  '    networks: [front]',
  '  db:',
  '    image: postgres:16',
  '    environment:',
  '      POSTGRES_PASSWORD: secret',
  '    ports: ["5432:5432"]',
  '    networks: [back]',
  '  cache:',
  '    image: redis:7',
  '    network_mode: bridge',
  '    environment:',
  '      - SETTING=value',
  '      - OTHER=value',
  '  worker:',
  '    image: busybox',
  '    restartt: always',
  '    environment:',
  '      TARGET: http://web:80',
  '      PEER: http://cache:6379',
  '      NOTE: plain',
  '    networks: [front, back]',
  'networks:',
  '  front: {}',
  '  back: {}',
  '  spare: {}',
  '',
].join('\n');

/** Everything a model says, locations included, without object identities: what rules and features read. */
function snapshot(model: NetworkModel): unknown {
  const services = [...model.services.values()].map((s) => {
    const { def, containerNamePair, networkModePair, listens, programListens, ...rest } = s;
    return { ...rest, def: def.name, containerNamePair: containerNamePair?.keyLoc, networkModePair: networkModePair?.keyLoc, listens: [...listens], programListens: [...programListens] };
  });
  const networks = [...model.networks.values()].map((n) => ({ ...n, def: n.def?.keyLoc }));
  const answers = model.references.map((r) => [r.from, r.host, model.resolve(r.from, r.host), r.port === undefined ? null : model.listensOn(r.from, r.port)]);
  const names = [...model.services.keys()].flatMap((s) => [...model.networks.keys()].map((n) => [s, n, model.namesOn(s, n)]));
  const byService = [...model.services.keys()].map((s) => [s, model.referencesFrom(s), model.namespaceMembers(s)]);
  // Who answers on every port anything names (kept across builds while nobody changes how they listen or publish).
  const ports = new Set<number>([UNNAMED_PORT]);
  for (const r of model.references) if (r.port !== undefined) ports.add(r.port);
  for (const svc of model.services.values()) {
    for (const port of svc.listens.keys()) ports.add(port);
    for (const p of svc.ports) if (p.published !== undefined) ports.add(p.published);
  }
  const answering = [...ports].sort((a, b) => a - b).map((port) => [port, model.answersOn(port).map((a) => ({ ...a, service: a.service.name }))]);
  const named = [...model.references.map((r) => r.host), ...model.services.keys(), 'WEB', 'nobody'].map((h) => [h, model.serviceNamed(h) ?? null]);
  return JSON.parse(JSON.stringify({ services, networks, references: model.references, answers, names, byService, answering, named }));
}

/** A port nothing in the projects here names: nobody answers there. */
const UNNAMED_PORT = 4711;

/**
 * Whether the builds below leave a first build's bookkeeping to `settle` (as the language server does, settling
 * before each load); every test runs both ways.
 */
let settleLater = false;

/** The project as the server sees it: one parse cache and one reuse across builds. */
function session(files: Record<string, string>) {
  const parseCache: ParseCache = new Map();
  const reuse = new ModelReuse(settleLater);
  const current = { ...files };
  return {
    files: current,
    build(): NetworkModel {
      reuse.settle();
      return buildNetworkModel(load(current, { parseCache }), reuse);
    },
    fresh(): NetworkModel {
      return buildNetworkModel(load(current));
    },
  };
}

function counting<T>(run: () => T): { result: T; scans: number; reuses: number; indexBuilds: number; indexReuses: number } {
  const before = { ...modelCounters };
  const result = run();
  return {
    result,
    scans: modelCounters.serviceScans - before.serviceScans,
    reuses: modelCounters.serviceReuses - before.serviceReuses,
    indexBuilds: modelCounters.nameIndexBuilds - before.nameIndexBuilds,
    indexReuses: modelCounters.nameIndexReuses - before.nameIndexReuses,
  };
}

/** `files` built once, then `file` edited (`from` → `to`) and built again: the session and that second build, counted. */
function afterEdit(files: Record<string, string>, file: string, from: string, to: string) {
  const s = session(files);
  s.build();
  s.files[file] = files[file].replace(from, to);
  return { s, after: counting(() => s.build()) };
}

for (const settled of [false, true]) describe(`network model: an edit re-analyses what it touched${settled ? ' (a first build settled after it)' : ''}`, () => {
  before(() => (settleLater = settled));
  after(removeProjects);

  it('a service taken over keeps what its mounted files say: an open listening set stays open, a listed one listed', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', '  broker:', '    image: example/proxy:1', '    volumes: ["./templated.conf:/etc/nginx/conf.d/default.conf"]', '  proxy:', '    image: example/proxy:1', '    volumes: ["./site.conf:/etc/nginx/conf.d/default.conf"]', '  app:', '    image: example/app:1', '    environment: { LOG_LEVEL: info }', ''].join('\n'),
      // A listener through a variable: the set is open (the reader says so, not the loader).
      'templated.conf': 'server { listen ${PORT}; }\n',
      'site.conf': 'server { listen 8080; }\n',
    });
    const parseCache: ParseCache = new Map();
    const reuse = new ModelReuse(settleLater);
    const first = buildNetworkModel(loadProject({ dir, env: {}, parseCache }), reuse);
    fs.writeFileSync(path.join(dir, 'compose.yaml'), fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8').replace('LOG_LEVEL: info', 'LOG_LEVEL: debug'));
    reuse.settle();
    const second = counting(() => buildNetworkModel(loadProject({ dir, env: {}, parseCache }), reuse));
    assert.equal(second.reuses, 2, 'broker and proxy are taken over');
    for (const model of [first, second.result]) {
      assert.equal(model.listensOn('broker', 9000), 'unknown');
      assert.ok(model.services.get('broker')!.listensOpen);
      assert.equal(model.services.get('proxy')!.listenersListed, true);
      assert.equal(model.listensOn('proxy', 8080), 'yes');
    }
  });

  it('a changed environment value re-scans its service alone and rebuilds no network names', () => {
    const s = session({ 'compose.yaml': BASE, 'compose.override.yaml': OVERRIDE });
    const first = counting(() => s.build());
    assert.equal(first.scans, 4, 'the first build scans every service');
    assert.equal(first.indexBuilds, 1);

    s.files['compose.yaml'] = BASE.replace('LOG_LEVEL: info', 'LOG_LEVEL: information');
    const second = counting(() => s.build());
    assert.equal(second.scans, 1, 'only web is scanned again');
    assert.equal(second.reuses, 3, 'api, db and worker are taken over (api and later ones moved by the edit)');
    assert.equal(second.indexBuilds, 0, 'no network names are indexed again');
    assert.equal(second.indexReuses, 1);
    assert.deepEqual(snapshot(second.result), snapshot(s.fresh()), 'the same model as a build from scratch');
  });

  it('a changed address is seen, and every location after it moves with the edit', () => {
    const { s, after } = afterEdit({ 'compose.yaml': BASE }, 'compose.yaml', 'http://api:8080', 'http://the-api:18080');
    assert.equal(after.scans, 1);
    const ref = after.result.references.find((r) => r.from === 'web' && r.envKey === 'API_URL');
    assert.equal(ref?.host, 'the-api');
    assert.equal(ref?.port, 18080);
    const db = after.result.references.find((r) => r.from === 'api' && r.host === 'db');
    assert.ok(db);
    assert.equal(s.files['compose.yaml'].slice(db.hostLoc.start, db.hostLoc.end), 'db', 'a moved location still points at its characters');
    assert.deepEqual(snapshot(after.result), snapshot(s.fresh()));
  });

  it('a change of naming (an alias) indexes the names again', () => {
    const { s, after } = afterEdit({ 'compose.yaml': BASE }, 'compose.yaml', 'aliases: [backend]', 'aliases: [backend, api-internal]');
    assert.equal(after.scans, 1, 'only api is scanned again');
    assert.equal(after.indexBuilds, 1, 'the names are indexed again');
    assert.equal(after.result.resolve('web', 'api-internal').kind, 'service');
    assert.deepEqual(snapshot(after.result), snapshot(s.fresh()));
  });

  it('an edit of the override re-scans the services it writes only', () => {
    const { s, after } = afterEdit({ 'compose.yaml': BASE, 'compose.override.yaml': OVERRIDE }, 'compose.override.yaml', '9000:8080', '9001:8080');
    assert.equal(after.scans, 1, 'api, written by the override, is scanned again');
    assert.equal(after.result.services.get('api')?.ports.find((p) => p.published === 9001)?.target, 8080);
    assert.deepEqual(snapshot(after.result), snapshot(s.fresh()));
  });

  it('a changed `.env` value re-scans every service (interpolation may change any of them)', () => {
    const text = BASE.replace('http://api:8080', 'http://${API_HOST}:8080');
    const { s, after } = afterEdit({ 'compose.yaml': text, '.env': 'API_HOST=api\n' }, '.env', 'API_HOST=api', 'API_HOST=db');
    assert.equal(after.scans, 4);
    assert.equal(after.result.references.find((r) => r.envKey === 'API_URL')?.host, 'db');
    assert.deepEqual(snapshot(after.result), snapshot(s.fresh()));
  });

  it('services whose values may come from elsewhere (anchors, `extends`) are always scanned again', () => {
    const anchored = 'x-env: &env\n  API_URL: http://api:8080\nservices:\n  web:\n    image: nginx\n    environment: *env\n  api:\n    image: node:20\n';
    const { after } = afterEdit({ 'compose.yaml': anchored }, 'compose.yaml', 'http://api:8080', 'http://api:9090');
    assert.equal(after.scans, 2, 'a file with anchors is scanned whole');
    assert.equal(after.result.references.find((r) => r.from === 'web')?.port, 9090);

    const extended = 'services:\n  base:\n    image: nginx\n    environment:\n      API_URL: http://api:8080\n  web:\n    extends: base\n  api:\n    image: node:20\n';
    const { s: t, after: again } = afterEdit({ 'compose.yaml': extended }, 'compose.yaml', 'http://api:8080', 'http://api:9090');
    assert.equal(again.scans, 2, 'base (edited) and web (extends it) are scanned; api is taken over');
    assert.equal(again.result.references.find((r) => r.from === 'web')?.port, 9090);
    assert.deepEqual(snapshot(again.result), snapshot(t.fresh()));
  });

  it('what is kept across edits (who answers on a port, service names, indexes) follows renames, new ports and new listeners: hover, completion and findings equal a fresh analysis', () => {
    const compose = '/virtual/proj/compose.yaml';
    const parseCache: ParseCache = new Map();
    const reuse = new ModelReuse(settleLater);
    let text = BASE.replace('      CACHE: redis://localhost:6379', '      CACHE: redis://localhost:6379\n      STORE: postgres://localhost:5432/app');
    const position = (offset: number) => ({ line: text.slice(0, offset).split('\n').length - 1, character: offset - (text.lastIndexOf('\n', offset - 1) + 1) });
    /** Every hover (every other character), the completion at every line's end and the findings, without object identities. */
    const answers = (a: Analysis) => {
      const hovers: unknown[] = [];
      for (let offset = 0; offset < text.length; offset += 2) hovers.push(hover(a, compose, position(offset)));
      const completions: unknown[] = [];
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', end + 1)) completions.push(completion(a, text, end, position(end)));
      const findings = a.findings.map((f) => ({ ...f, fixes: f.fixes.map((x) => x.title) }));
      return JSON.parse(JSON.stringify({ hovers, completions, findings, model: snapshot(a.model) }));
    };
    const step = (from: string, to: string) => {
      assert.ok(text.includes(from), from);
      text = text.split(from).join(to);
      reuse.settle();
      const kept = analyse(load({ 'compose.yaml': text }, { parseCache }), { reuse });
      assert.deepEqual(answers(kept), answers(analyse(load({ 'compose.yaml': text }))), `after ${from} → ${to}`);
    };
    answers(analyse(load({ 'compose.yaml': text }, { parseCache }), { reuse }));
    step('LOG_LEVEL: info', 'LOG_LEVEL: infoo');
    step('ports: ["127.0.0.1:5432:5432"]', 'ports: ["127.0.0.1:5432:5432", "6379:5432"]'); // db now publishes the port api dials on localhost
    step('LOG_LEVEL: infoo', 'LOG_LEVEL: info');
    step('expose: ["5432"]', 'expose: ["5432", "6379"]'); // db now listens on it too
    step('image: busybox', 'image: redis:7'); // worker listens on redis's port through its image
    step('  db:\n', '  database:\n'); // a rename: names, namespaces and answers by name
    step('database:', 'db:');
    step('    networks: [back]\n', '    networks: [back]\n    network_mode: "service:api"\n');
  });

  it('findings kept across edits the model does not see follow every edit that it does: each step equals a fresh analysis, fixes included', () => {
    const parseCache: ParseCache = new Map();
    const reuse = new ModelReuse(settleLater);
    const findingReuse = new FindingReuse(settleLater);
    let files: Record<string, string> = { 'compose.yaml': FINDINGS_BASE, 'compose.override.yaml': 'services:\n  worker:\n    environment:\n      EXTRA: one\n' };
    /** Findings with their fixes read whole (titles, edits, preferred), and the diagnostics' order. */
    const seen = (findings: Finding[]) => JSON.parse(JSON.stringify(findings.map((f) => ({ ...f, fixes: f.fixes.map((x) => ({ ...x })) }))));
    const kept = () => findingCounters.kept;
    const step = (file: string, from: string, to: string, expectKept: boolean) => {
      assert.ok(files[file].includes(from), from);
      files = { ...files, [file]: files[file].split(from).join(to) };
      const before = kept();
      reuse.settle();
      findingReuse.settle();
      const incremental = analyse(load(files, { parseCache }), { reuse, findingReuse });
      assert.equal(kept() - before, expectKept ? 1 : 0, `${from} → ${to}: findings ${expectKept ? 'kept' : 'found again'}`);
      const fresh = analyse(load(files));
      assert.deepEqual(seen(incremental.findings), seen(fresh.findings), `after ${from} → ${to}`);
      return incremental;
    };
    const first = analyse(load(files, { parseCache }), { reuse, findingReuse });
    const rules = new Set(first.findings.map((f) => f.rule));
    for (const id of ['no-shared-network', 'default-bridge-dns', 'unused-network', 'container-name-scaled', 'localhost-peer', 'compose-schema']) assert.ok(rules.has(id), `the project has a ${id} finding`);
    // Typing in values the model does not read: every finding kept, moved, its fixes made again.
    step('compose.yaml', 'LOG_LEVEL: info', 'LOG_LEVEL: infoo', true);
    step('compose.yaml', 'TOKEN: abc', 'TOKEN: abcd', true);
    step('compose.yaml', 'POSTGRES_PASSWORD: secret', 'POSTGRES_PASSWORD: secret2', true); // before db's own findings
    step('compose.yaml', 'MODE: "quiet"', 'MODE: "quieter"', true);
    step('compose.override.yaml', 'EXTRA: one', 'EXTRA: ones', true);
    // A list entry made the same as another: the schema's judgement changes (entries are unique), the rest is kept.
    step('compose.yaml', '- OTHER=value', '- SETTING=value', true);
    step('compose.yaml', '- SETTING=value\n      - SETTING=value', '- SETTING=value\n      - OTHER=value', true);
    // A value naming a container name counts as a use of it (`container-name-scaled` counts them; it runs again).
    step('compose.yaml', 'LOG_LEVEL: infoo', 'LOG_LEVEL: the-api', true);
    // Addresses and ports typed into the environment: what the service dials changed.
    step('compose.yaml', 'TOKEN: abcd', 'TOKEN: localhost', true); // no address setting: nothing dialled
    step('compose.yaml', 'http://api:8080', 'http://db:8080', false);
    step('compose.yaml', 'postgres://db:5432/app', 'postgres://db:5433/app', false);
    step('compose.yaml', 'postgres://db:5433/app', 'postgres://db:5432/app', false);
    // An edit in db changes what api's finding says: db joins api's network.
    step('compose.yaml', '    networks: [back]\n', '    networks: [back, front]\n', false);
    step('compose.yaml', 'LOG_LEVEL: the-api', 'LOG_LEVEL: debug', true);
    // A network renamed: everyone on it, and the unused one.
    step('compose.yaml', 'spare', 'extra', false);
    step('compose.yaml', 'back', 'internal', false);
    // The port a peer dials: cache is no longer redis.
    step('compose.yaml', 'image: redis:7', 'image: memcached:1', false);
    step('compose.yaml', 'LOG_LEVEL: debug', 'LOG_LEVEL: debugging', true);
    // An edit outside any environment value, then a key: found again.
    step('compose.yaml', 'image: nginx', 'image: nginx2', false);
    step('compose.yaml', 'LOG_LEVEL: debugging', 'LOG_LEVELS: debugging', false);
  });

  it('random plain edits in environment values and elsewhere: findings equal a fresh analysis (fixed seed)', () => {
    const parseCache: ParseCache = new Map();
    const reuse = new ModelReuse(settleLater);
    const findingReuse = new FindingReuse(settleLater);
    let text = FINDINGS_BASE;
    let seed = 4242;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pieces = ['o', '1', 'localhost', 'db', 'the-api', '-', '.', '9', '/', 'cache'];
    const keptBefore = findingCounters.kept;
    reuse.settle();
    findingReuse.settle();
    analyse(load({ 'compose.yaml': text }, { parseCache }), { reuse, findingReuse });
    const values = () => [...text.matchAll(/^      [A-Z_]+: (.*)$/gm)].map((m) => (m.index as number) + m[0].length - m[1].length);
    for (let i = 0; i < 120; i++) {
      // Mostly inside environment values (the kept path), now and then anywhere.
      const starts = values();
      const at = next() < 0.8 ? starts[Math.floor(next() * starts.length)] + Math.floor(next() * 6) : Math.floor(next() * text.length);
      const remove = Math.floor(next() * 2);
      const edited = text.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + text.slice(at + remove);
      reuse.settle();
      findingReuse.settle();
      const incremental = analyse(load({ 'compose.yaml': edited }, { parseCache }), { reuse, findingReuse });
      const fresh = analyse(load({ 'compose.yaml': edited }));
      const seen = (a: Analysis) => JSON.parse(JSON.stringify(a.findings.map((f) => ({ ...f, fixes: f.fixes.map((x) => ({ ...x })) }))));
      assert.deepEqual(seen(incremental), seen(fresh), `edit ${i} at ${at}`);
      if (!fresh.project.problems.some((p) => p.severity === 'error')) text = edited;
    }
    assert.ok(findingCounters.kept - keptBefore > 20, `findings were kept (${findingCounters.kept - keptBefore})`);
  });

  it('a build stopped part-way (its time spent) leaves nothing moved twice: the builds after it equal builds from scratch', () => {
    // Twelve services; edits near the top move every later one, in place, as a build goes.
    const services = Array.from({ length: 12 }, (_, i) => [`  s${i}:`, '    image: app', '    environment:', `      PEER_URL: http://s${(i + 1) % 12}:8080`, '      LOG_LEVEL: info', '    ports:', `      - "${9000 + i}:8080"`, '    networks: [front]'].join('\n'));
    const s = session({ 'compose.yaml': `services:\n${services.join('\n')}\nnetworks:\n  front: {}\n` });
    // How many times a build reads the clock: the stops below fall all along it.
    let reads = 0;
    withTimeBudget(1, () => s.build(), () => (reads++, 0));
    let stopped = 0;
    for (let i = 0; i < 8; i++) {
      s.files['compose.yaml'] = s.files['compose.yaml'].replace('LOG_LEVEL: info', 'LOG_LEVEL: infoo');
      // A clock that runs out after some reads: the build stops part-way, after some services were moved.
      let checks = 0;
      try {
        withTimeBudget(1, () => s.build(), () => (checks++ > Math.floor((reads * (i + 1)) / 9) ? 10_000 : 0));
      } catch (err) {
        if (!(err instanceof AnalysisStopped)) throw err;
        stopped++;
      }
      s.files['compose.yaml'] = s.files['compose.yaml'].replace('LOG_LEVEL: infoo', 'LOG_LEVEL: info');
      assert.deepEqual(snapshot(s.build()), snapshot(s.fresh()), `after stopped build ${i}`);
    }
    assert.ok(stopped >= 4, `builds were stopped part-way (${stopped})`);
  });

  it('random edits: every build equals a build from scratch (fixed seed)', () => {
    const s = session({ 'compose.yaml': BASE, 'compose.override.yaml': OVERRIDE });
    s.build();
    let seed = 777;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pieces = ['o', '1', 'localhost', 'db', 'backend', ':8080', ' ', '\n', '-', '#', '"', 'the-api', '9', ',', ':'];
    let reused = 0;
    let clean = BASE;
    for (let i = 0; i < 300; i++) {
      const text = s.files['compose.yaml'];
      const at = Math.floor(next() * (text.length + 1));
      const remove = Math.floor(next() * 3);
      s.files['compose.yaml'] = text.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + text.slice(at + remove);
      const built = counting(() => s.build());
      reused += built.reuses;
      assert.deepEqual(snapshot(built.result), snapshot(s.fresh()), `edit ${i} at ${at}`);
      // A broken file goes back to the last one that loaded cleanly (as undo would), so that edits keep landing in a real project.
      if (built.result.project.problems.some((p) => p.severity === 'error')) s.files['compose.yaml'] = clean;
      else clean = s.files['compose.yaml'];
    }
    assert.ok(reused > 300, `services were taken over (${reused})`);
  });
});

describe('network model: a first build settled after it (the language server)', () => {
  it('settled before the next load, an edit re-scans its service alone; not settled, no service is kept and the build equals one from scratch', () => {
    for (const settleFirst of [true, false]) {
      const parseCache: ParseCache = new Map();
      const reuse = new ModelReuse(true);
      const files = { 'compose.yaml': BASE, 'compose.override.yaml': OVERRIDE };
      const first = counting(() => buildNetworkModel(load(files, { parseCache }), reuse));
      assert.equal(first.scans, 4);
      if (settleFirst) reuse.settle();
      // The edit moves every service after web: their locations move in place as the file is parsed again.
      const edited = { ...files, 'compose.yaml': BASE.replace('LOG_LEVEL: info', 'LOG_LEVEL: information') };
      const second = counting(() => buildNetworkModel(load(edited, { parseCache }), reuse));
      assert.equal(second.scans, settleFirst ? 1 : 4, settleFirst ? 'web alone is scanned again' : 'every service is scanned again');
      assert.equal(second.reuses, settleFirst ? 3 : 0);
      assert.equal(second.indexBuilds, 0, 'the naming (settled late, but from the first build) is the same');
      assert.deepEqual(snapshot(second.result), snapshot(buildNetworkModel(load(edited))));
    }
  });

  it('findings settled before the next load are kept by an edit the model does not see; not settled, every rule runs again, and the findings equal a fresh analysis', () => {
    const seen = (a: Analysis) => JSON.parse(JSON.stringify(a.findings.map((f) => ({ ...f, fixes: f.fixes.map((x) => ({ ...x })) }))));
    for (const settleFirst of [true, false]) {
      const parseCache: ParseCache = new Map();
      const reuse = new ModelReuse(true);
      const findingReuse = new FindingReuse(true);
      const files = { 'compose.yaml': FINDINGS_BASE };
      const first = analyse(load(files, { parseCache }), { reuse, findingReuse });
      assert.ok(first.findings.length > 0);
      if (settleFirst) {
        reuse.settle();
        findingReuse.settle();
      }
      // An edit above findings: the parse moves their locations in place.
      const edited = { 'compose.yaml': FINDINGS_BASE.replace('LOG_LEVEL: info', 'LOG_LEVEL: information') };
      const kept = findingCounters.kept;
      const second = analyse(load(edited, { parseCache }), { reuse, findingReuse });
      assert.equal(findingCounters.kept - kept, settleFirst ? 1 : 0, settleFirst ? 'the findings are kept' : 'every rule runs again');
      assert.deepEqual(seen(second), seen(analyse(load(edited))));
    }
  });
});
