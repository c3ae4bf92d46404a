// `netlens check --stack NAME` and `netlens topology --stack NAME`: the built CLI in a child process.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { removeProjects, writeProject } from '../helpers/project';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'netlens.js');

function netlens(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const STACK_FILE = `services:
  web:
    image: nginx
    container_name: web
    ports: ["8080:80"]
    environment:
      API_URL: http://tasks.api:9000
  api:
    image: example/api
    deploy:
      replicas: 2
`;

describe('netlens --stack', () => {
  after(removeProjects);

  it('check --stack reads the file as docker stack deploy does; without it, the same file is a Compose project', () => {
    const dir = writeProject({ 'stack.yml': STACK_FILE, '.env': 'UNUSED=1\n' });
    const stack = netlens(['check', '--stack', 'shop', '-f', 'stack.yml'], dir);
    assert.equal(stack.code, 0, stack.stderr);
    assert.match(stack.stdout, /^stack\.yml:4:5 warning stack-ignored-key `docker stack deploy` ignores `container_name` of `web`/m);
    assert.doesNotMatch(stack.stdout, /unknown-host/, 'tasks.api resolves in a stack');
    const compose = netlens(['check', '-f', 'stack.yml'], dir);
    assert.doesNotMatch(compose.stdout, /stack-ignored-key/);
    assert.equal(compose.code, 0, compose.stderr);
    assert.equal(compose.stdout, 'No network problems found.\n');
  });

  it('topology --stack draws the stack: overlay networks named <stack>_<key>, the ingress, docker_gwbridge, the swarm section', () => {
    const dir = writeProject({ 'stack.yml': STACK_FILE });
    const r = netlens(['topology', '--stack', 'shop', '-f', 'stack.yml'], dir);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.project, 'shop');
    assert.deepEqual(doc.networks.map((n: { name: string; driver: string }) => `${n.name}:${n.driver}`), ['shop_default:overlay', 'ingress:overlay', 'docker_gwbridge:bridge']);
    assert.deepEqual(doc.swarm.services.map((s: { id: string; replicas: number }) => `${s.id}×${s.replicas}`), ['shop_web×1', 'shop_api×2']);
    const mermaid = netlens(['topology', '--stack', 'shop', '--format', 'mermaid', '-f', 'stack.yml'], dir);
    assert.equal(mermaid.code, 0, mermaid.stderr);
    assert.match(mermaid.stdout, /shop_default/);
  });

  it('a name that cannot be a stack is a usage error (exit 2)', () => {
    const dir = writeProject({ 'stack.yml': STACK_FILE });
    for (const cmd of ['check', 'topology']) {
      const r = netlens([cmd, '--stack', 'bad name', '-f', 'stack.yml'], dir);
      assert.equal(r.code, 2, `${cmd}: ${r.stdout}`);
      assert.match(r.stderr, /--stack takes a stack name/);
    }
  });
});
