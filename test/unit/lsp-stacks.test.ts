// The `netlens.stacks` setting over the wire: a file it matches is analysed as a stack (diagnostics of the
// stack rules, hovers in swarm terms), the same text elsewhere as the Compose file it is.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isStackFileName, stackFor, stackPatterns } from '../../server/src/lsp/stacks';
import { LspClient, pos, uriOf } from '../helpers/lspClient';

const STACK_FILE = `services:
  web:
    image: nginx
    container_name: web
    ports: ["8080:80"]
    environment:
      API_URL: http://tasks.api:9000
  api:
    image: example/api
    ports: ["9000:9000"]
    deploy:
      endpoint_mode: dnsrr
      replicas: 2
`;

describe('netlens.stacks: file patterns → stack name', () => {
  it('a pattern without / matches the file name, one with / the path from the workspace folder; bad names are dropped', () => {
    const patterns = stackPatterns({ 'docker-stack*.yml': 'shop', 'deploy/**/prod.yaml': 'prod', 'x.yml': 'bad name', '': 'empty' });
    assert.deepEqual(patterns, [{ pattern: 'docker-stack*.yml', stack: 'shop' }, { pattern: 'deploy/**/prod.yaml', stack: 'prod' }]);
    assert.equal(stackFor('/ws/a/docker-stack.prod.yml', patterns, ['/ws']), 'shop');
    assert.equal(stackFor('/ws/deploy/eu/prod.yaml', patterns, ['/ws']), 'prod');
    assert.equal(stackFor('/ws/other/prod.yaml', patterns, ['/ws']), undefined);
    assert.equal(stackFor('/ws/compose.yaml', patterns, ['/ws']), undefined);
    assert.deepEqual(stackPatterns(['not', 'an object']), []);
  });

  it('docker-stack.yml and its variants are stack files (analysed alone); Compose names are not', () => {
    for (const f of ['/ws/docker-stack.yml', '/ws/docker-stack.yaml', '/ws/docker-stack.prod.yml']) assert.ok(isStackFileName(f), f);
    for (const f of ['/ws/compose.yaml', '/ws/docker-compose.yml', '/ws/stack.yml', '/ws/docker-stack.yml.bak']) assert.ok(!isStackFileName(f), f);
  });

  describe('over stdio', () => {
    let client: LspClient;
    let root: string;
    before(async () => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-lsp-stacks-'));
      fs.writeFileSync(path.join(root, 'stack.yml'), STACK_FILE);
      fs.writeFileSync(path.join(root, 'compose.yaml'), STACK_FILE);
      client = await LspClient.start({
        rootPath: root,
        initializationOptions: { diagnosticsDelay: 0 },
        configuration: () => ({ stacks: { 'stack.yml': 'shop' } }),
      });
    });
    after(() => {
      client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    });

    it('the matched file gets the stack rules, the Compose file with the same text does not', async () => {
      const stack = path.join(root, 'stack.yml');
      const compose = path.join(root, 'compose.yaml');
      client.open(stack);
      const d = await client.waitForDiagnostics(stack, (x) => x.some((y) => y.code === 'stack-ignored-key'), 'the stack diagnostics');
      assert.deepEqual(d.map((x) => `${x.code}@${x.range.start.line}`).sort(), ['dnsrr-ingress-ports@9', 'stack-ignored-key@3']);
      assert.match(String(d.find((x) => x.code === 'dnsrr-ingress-ports')!.message), /`docker stack deploy` cannot create `shop_api`/);
      client.open(compose);
      const c = await client.waitForDiagnostics(compose, (x) => x.some((y) => y.code === 'dnsrr-ingress-ports'), 'the compose diagnostics');
      assert.ok(!c.some((x) => x.code === 'stack-ignored-key'));
    });

    it('hovers speak of the swarm: the service, its port, a tasks. name', async () => {
      const stack = path.join(root, 'stack.yml');
      client.open(stack);
      const hover = async (line: number, character: number) => (await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: uriOf(stack) }, position: pos(line, character) })).contents.value;
      assert.match(await hover(7, 3), /swarm service `shop_api` · replicated: 2 tasks · DNSRR: its name returns every task’s address/);
      assert.match(await hover(4, 13), /Published through the routing mesh: every node of the swarm accepts `8080`/);
      assert.match(await hover(6, 23), /In the swarm, `tasks\.api` returns the address of every task of `shop_api` \(no virtual IP\)/);
    });
  });
});
