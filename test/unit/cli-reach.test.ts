// `netlens reach` as people and scripts run it: the built bin/netlens.js in a child process.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeProjects, writeProject } from '../helpers/project';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'netlens.js');

function netlens(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The example's matrix as the model says (test/unit/reachability.test.ts pins each pair). */
const EXAMPLE_MATRIX = ['          12345', '1 web     .+b--', '2 api     +.b++', '3 worker  bb.bb', '4 db      -+b.+', '5 cache   -+b+.', '  (host)  ++uuu'];

const KEYS = ['from', 'to', 'reachable', 'names', 'network', 'ports', 'why'];

describe('netlens reach', () => {
  after(removeProjects);

  it('examples/: a matrix where api reaches db and worker fails to reach cache for the default bridge, every other pair as the model says, with its legend', () => {
    const r = netlens(['reach', 'examples/']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    const start = lines.indexOf(EXAMPLE_MATRIX[0]);
    assert.ok(start > 0, r.stdout);
    assert.deepEqual(lines.slice(start, start + EXAMPLE_MATRIX.length), EXAMPLE_MATRIX);
    // Row api (2), column db (4): reachable; row worker (3), column cache (5): the default bridge.
    assert.equal(EXAMPLE_MATRIX[2].slice(10)[3], '+');
    assert.equal(EXAMPLE_MATRIX[3].slice(10)[4], 'b');
    const legend = lines.slice(lines.indexOf('Legend:') + 1, lines.indexOf('', lines.indexOf('Legend:')));
    assert.deepEqual(
      legend.map((l) => l.trim()[0]),
      ['.', '+', '-', 'b', 'u'],
      'the legend explains exactly the characters the matrix uses',
    );
    assert.equal(lines.at(-2), '8 of 20 pairs of services reachable; the host reaches 2 of 5 services.');
  });

  it('--from and --to: a line per pair with names, network and ports, or why not', () => {
    const r = netlens(['reach', '--from', 'api', '--from', 'worker', '--to', 'db', '--to', 'cache', 'examples']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      'api → db: reachable as db over backend, port 5432',
      'api → cache: reachable as cache over backend, port 6379',
      'worker → db: not reachable (default-bridge): `worker` is on the default bridge, which has no DNS between containers and shares no network with `db`',
      'worker → cache: not reachable (default-bridge): `worker` is on the default bridge, which has no DNS between containers and shares no network with `cache`',
      '2 of 4 pairs of services reachable.',
    ]);
    const host = netlens(['reach', '--from', 'host', 'examples']);
    assert.deepEqual(host.stdout.trim().split('\n').slice(0, 3), ['(host) → web: reachable as localhost, port 8080', '(host) → api: reachable as localhost, port 3000', '(host) → worker: not reachable (not-published): `worker` publishes no port']);
  });

  it('--format json: exactly {"pairs": [...]} with the documented keys, every pair once', () => {
    const r = netlens(['reach', '--format', 'json', 'examples']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ['pairs']);
    assert.equal(out.pairs.length, 5 * 4 + 5);
    for (const p of out.pairs) {
      assert.deepEqual(Object.keys(p), KEYS);
      assert.equal(typeof p.reachable, 'boolean');
      assert.ok(Array.isArray(p.names) && Array.isArray(p.ports));
      assert.equal(p.why === null, p.reachable, `${p.from} → ${p.to}`);
    }
    const find = (from: string, to: string) => out.pairs.find((p: { from: string; to: string }) => p.from === from && p.to === to);
    assert.deepEqual(find('api', 'db'), { from: 'api', to: 'db', reachable: true, names: ['db'], network: 'backend', ports: [5432], why: null });
    assert.deepEqual(find('worker', 'cache'), { from: 'worker', to: 'cache', reachable: false, names: [], network: null, ports: [], why: 'default-bridge' });
    assert.deepEqual(find('(host)', 'web'), { from: '(host)', to: 'web', reachable: true, names: ['localhost'], network: null, ports: [8080], why: null });
    assert.equal(r.stdout, JSON.stringify(out, null, 2) + '\n', 'written pair by pair, the output reads as one JSON.stringify would write it');
    const none = netlens(['reach', '--format', 'json', '--from', 'host', '--to', 'db', 'examples']);
    assert.equal(none.stdout, JSON.stringify(JSON.parse(none.stdout), null, 2) + '\n');
    const filtered = JSON.parse(netlens(['reach', '--format', 'json', '--to', 'db', 'examples']).stdout);
    assert.deepEqual(
      filtered.pairs.map((p: { from: string; reachable: boolean }) => `${p.from} ${p.reachable}`),
      ['web false', 'api true', 'worker false', 'cache true', '(host) false'],
    );
  });

  it('--format csv: a header, then a row per pair', () => {
    const r = netlens(['reach', '--format', 'csv', '--from', 'api', 'examples']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\r\n'), ['from,to,reachable,names,network,ports,why', 'api,web,true,web,frontend,80,', 'api,worker,false,,,,default-bridge', 'api,db,true,db,backend,5432,', 'api,cache,true,cache,backend,6379,', '']);
    const all = netlens(['reach', '--format', 'csv', 'examples']);
    assert.equal(all.stdout.split('\r\n').length, 1 + 25 + 1);
  });

  it('a name with several aliases and static addresses: quoted where CSV needs it, no cell a spreadsheet runs', () => {
    const dir = writeProject({
      'compose.yaml': `services:
  a:
    image: a
    networks: [n]
  b:
    image: b
    networks:
      n:
        aliases: ["=cmd", "x,y"]
networks:
  n: {}
`,
    });
    const r = netlens(['reach', '--format', 'csv', '--from', 'a', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split('\r\n')[1], 'a,b,true,"b =cmd x,y",n,,');
  });

  it('unknown services, formats and folders are usage errors: exit 2 and a message naming what is wrong', () => {
    const from = netlens(['reach', '--from', 'nope', 'examples']);
    assert.equal(from.code, 2);
    assert.match(from.stderr, /^netlens: --from: no service "nope" in project shop \(its services: web, api, worker, db, cache; `host` is the host\)\n\nUsage:/);
    assert.equal(from.stdout, '');
    const to = netlens(['reach', '--to', 'host', 'examples']);
    assert.equal(to.code, 2);
    assert.match(to.stderr, /--to: no service "host"/);
    const format = netlens(['reach', '--format', 'xml', 'examples']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /unknown format "xml" \(text, json, csv\)/);
    const two = netlens(['reach', 'examples', 'test']);
    assert.equal(two.code, 2);
    assert.match(two.stderr, /at most one folder/);
    const missing = netlens(['reach', 'no-such-folder']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no-such-folder: no such file or folder/);
    const option = netlens(['reach', '--frm', 'api', 'examples']);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /--frm/);
  });

  it('a project that cannot be read: exit 2 with the file and line', () => {
    const dir = writeProject({ 'compose.yaml': 'services:\n  a: [\n' });
    const r = netlens(['reach', dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /compose\.yaml:\d+:\d+: /);
  });

  it('30 services: a matrix numbered in two digit rows; 200 services: a line per service instead', () => {
    const project = (n: number) => `services:\n${Array.from({ length: n }, (_, i) => `  service-${i + 1}:\n    image: redis:7\n    networks: [${i % 2 ? 'odd' : 'even'}]\n`).join('')}networks:\n  odd: {}\n  even: {}\n`;
    const dir30 = writeProject({ 'compose.yaml': project(30) });
    const r30 = netlens(['reach', dir30]);
    assert.equal(r30.code, 0, r30.stderr);
    const lines = r30.stdout.split('\n');
    const tens = lines.findIndex((l) => l.trim() === '1 1111111112 2222222223');
    assert.ok(tens > 0, r30.stdout);
    assert.equal(lines[tens + 1].trim(), '1234567890 1234567890 1234567890');
    // service-1 (even) reaches every other even service, by name, and no odd one.
    const row1 = lines.find((l) => l.startsWith(' 1 service-1 '))!;
    assert.equal(row1.slice(lines[tens + 1].indexOf('1')), '.-+-+-+-+- +-+-+-+-+- +-+-+-+-+-');
    for (const l of lines.slice(tens + 2, tens + 32)) assert.ok(l.length <= 160, l);
    const dir200 = writeProject({ 'compose.yaml': project(200) });
    const r200 = netlens(['reach', dir200]);
    assert.equal(r200.code, 0, r200.stderr);
    const rows = r200.stdout.split('\n').filter((l) => /^service-\d+: reaches /.test(l) || l.startsWith('(host): '));
    assert.equal(rows.length, 201);
    assert.match(rows[0], /^service-1: reaches service-3, service-5, .*; not service-2, service-4, .* \(no-shared-network\)$/);
    assert.equal(rows[200], '(host): reaches nothing; not ' + Array.from({ length: 200 }, (_, i) => `service-${i + 1}`).join(', ') + ' (not-published)');
    assert.ok(fs.existsSync(dir200));
  });
});
