// The bundles carry the schema's validator as Ajv generated it at build time (`scripts/build.mjs`); the tests
// compile the schema with Ajv at run time. Both must find the same problems, worded and placed alike.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { runCheck } from '../../server/src/cli/check';
import { removeProjects, writeProject } from '../helpers/project';

const ROOT = path.resolve(__dirname, '../../..');

/** A file breaking the schema in every way the messages tell apart: unknown keys, types, enums, forms, patterns, bounds. */
const BROKEN = [
  'version: "3.8"',
  'services:',
  '  web:',
  '    image: nginx',
  '    restart: sometimes',
  '    ports: [80, {target: "x", published: 8080}, {targe: 81}]',
  '    networks: {front: {aliasses: [w]}, back: {ipv4_address: 10}}',
  '    depends_on: {db: {condition: service_sleeping}}',
  '    healthcheck: {test: 5, retries: -1}',
  '    deploy: {replicas: "two", resources: {limits: {cpus: []}}}',
  '    cpu_count: 1.5',
  '    environment: [A=1, 7]',
  '    extra_hosts: {h: [1]}',
  '    build: {context: ., args: 3}',
  '    volumes: [{type: cloud, source: x}]',
  '    labels: "x"',
  '    ulimits: {nofile: {soft: 1}}',
  '    x-ok: anything',
  '  "bad name!":',
  '    image: x',
  '  db:',
  '    image: postgres',
  '    imagee: postgres',
  'networks:',
  '  front: {driver: 3, ipam: {config: [{subnet: 10}]}}',
  '  back: {external: {name: 5}}',
  'volumes:',
  '  data: {driver_opts: {o: {}}}',
  'secrets: {s: {}}',
  'unknown_top: 1',
  '',
].join('\n');

function check(dir: string): unknown[] {
  let out = '';
  runCheck(['--format', 'json', dir], { cwd: ROOT, env: {}, stdout: (t) => (out += t), stderr: () => undefined, isTty: false }, 'test');
  return (JSON.parse(out) as { findings: Array<{ rule: string }> }).findings.filter((f) => f.rule === 'compose-schema');
}

describe('the schema validator in the bundles', () => {
  after(removeProjects);

  it('finds what Ajv compiling the schema at run time finds, worded and placed alike', () => {
    const dir = writeProject({ 'compose.yaml': BROKEN });
    const expected = check(dir);
    assert.ok(expected.length >= 15, `problems found in process: ${expected.length}`);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'netlens.js'), 'check', '--format', 'json', dir], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30000 });
    assert.ok(r.stdout, r.stderr);
    const bundled = (JSON.parse(r.stdout) as { findings: Array<{ rule: string }> }).findings.filter((f) => f.rule === 'compose-schema');
    assert.deepEqual(bundled, expected);
  });
});
