// `netlens topology` as people run it: the built bin/netlens.js in a child process, and its HTML
// page opened in Chromium from disk, with names full of markup that must stay text.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { loadProject } from '../../../server/src/compose/project';
import { analyse } from '../../../server/src/analysis';
import { REACH_EXPORT_PAIRS } from '../../../server/src/protocol';
import { shortImage } from '../../../server/src/topology/elements';
import { topologyFromAnalysis } from '../../../server/src/topology/fromModel';
import { embeddedReach, reachMatrix } from '../../../server/src/topology/reach';
import { launchChromium, outputPath, ROOT } from '../../helpers/browser';
import { removeProjects, writeProject } from '../../helpers/project';

const BIN = path.join(ROOT, 'bin', 'netlens.js');

function netlens(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const EVIL = `</script><img src=x onerror="window.__pwned=1">`;
const EVIL_COMPOSE = `name: evil
services:
  app:
    image: '${EVIL}'
    networks:
      back:
        aliases: ['a${EVIL}', "q'uo\\"te"]
    ports: ['8080:80']
  peer:
    image: "<script>window.__pwned=2</script>"
    environment:
      URL: http://app:80
    networks: [back]
networks:
  back:
    name: 'n${EVIL}'
`;

describe('netlens topology (CLI)', function () {
  this.timeout(120000);
  after(removeProjects);

  it('--format json prints the document the panel draws (default format)', () => {
    const r = netlens(['topology', 'examples']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    const expected = JSON.parse(JSON.stringify(topologyFromAnalysis(analyse(loadProject({ dir: path.join(ROOT, 'examples'), env: {} })))));
    assert.deepEqual(doc, expected);
    assert.deepEqual(Object.keys(doc), ['version', 'source', 'project', 'networks', 'services', 'references', 'findings']);
    assert.equal(netlens(['topology', '--format', 'json', 'examples']).stdout, r.stdout);
  });

  it('--format mermaid and dot draw every service, network, port and finding', () => {
    const m = netlens(['topology', '--format', 'mermaid', 'examples']);
    assert.equal(m.code, 0, m.stderr);
    assert.match(m.stdout, /^flowchart LR\n/);
    for (const text of ['"web · nginx:1.27-alpine"', '"shop_backend · bridge"', '"0.0.0.0:8080/tcp"', '"localhost:5432"', 'linkStyle']) assert.ok(m.stdout.includes(text), text);
    const d = netlens(['topology', '--format', 'dot', 'examples']);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /^digraph "shop" \{/);
    assert.match(d.stdout, /"svc:api" -> "svc:db" \[label="localhost:5432"[^\]]*color="#cf222e"/);
    assert.match(d.stdout, /"svc:worker" -> "svc:cache" \[[^\]]*style=dashed, arrowhead=tee/);
  });

  it('quotes hostile names in mermaid and dot', () => {
    const dir = writeProject({ 'compose.yaml': EVIL_COMPOSE });
    const m = netlens(['topology', '--format', 'mermaid', dir]).stdout;
    assert.ok(!m.includes('<img') && !m.includes('"window'), m);
    const d = netlens(['topology', '--format', 'dot', dir]);
    assert.equal(d.code, 0, d.stderr);
    assert.ok(d.stdout.includes('label="n</script><img src=x onerror=\\"window.__pwned=1\\">\\nbridge"'), d.stdout);
  });

  it('usage errors exit 2 with a message', () => {
    const r = netlens(['topology', '--format', 'png', 'examples']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown format "png"/);
    assert.equal(netlens(['topology', 'no-such-dir']).code, 2);
    const bad = writeProject({ 'compose.yaml': 'services: {a: [\n' });
    const b = netlens(['topology', bad]);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /compose\.yaml:\d+:\d+: /);
    assert.equal(b.stdout, '');
  });

  describe('--format html', () => {
    let browser: Browser;
    before(async () => {
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
    });

    it('writes one self-contained page that draws the example with no request', async () => {
      const out = outputPath('topology-example.html');
      const r = netlens(['topology', '--format', 'html', '--out', out, 'examples']);
      assert.equal(r.code, 0, r.stderr);
      const html = fs.readFileSync(out, 'utf8');
      assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
      assert.doesNotMatch(html, /<script[^>]+src=|<link /);
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (q) => {
        if (!q.url().startsWith('file:') && !q.url().startsWith('data:') && !q.url().startsWith('blob:')) requests.push(q.url());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      await page.goto(pathToFileURL(out).toString(), { timeout: 30000 });
      await page.waitForFunction(() => (window as any).netlensView?.core?.nodes().length > 0, undefined, { timeout: 30000 });
      const labels: string[] = await page.evaluate(() => (window as any).netlensView.core.elements().map((e: any) => e.data('label')));
      for (const name of ['web', 'api', 'worker', 'db', 'cache', 'shop_frontend', 'shop_backend', 'bridge']) assert.ok(labels.some((l) => l.split('\n')[0] === name), name);
      assert.ok(labels.includes('localhost:5432'));
      await page.screenshot({ path: outputPath('topology-example-html.png') });
      assert.deepEqual(requests, []);
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('has the matrix view from data it carries: cells as `netlens reach` says, a cell (clicked or by keyboard) in full; Probe all off, saying why', async () => {
      const out = outputPath('topology-example-matrix.html');
      const r = netlens(['topology', '--format', 'html', '--out', out, 'examples']);
      assert.equal(r.code, 0, r.stderr);
      const html = fs.readFileSync(out, 'utf8');
      assert.match(html, /<script type="application\/json" id="netlens-reach">/);
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (q) => {
        if (!q.url().startsWith('file:') && !q.url().startsWith('data:') && !q.url().startsWith('blob:')) requests.push(q.url());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      await page.goto(pathToFileURL(out).toString(), { timeout: 30000 });
      await page.waitForFunction(() => (window as any).netlensView?.core?.nodes().length > 0, undefined, { timeout: 30000 });
      // Probe all needs the engine: shown, off, and its tooltip says where it works.
      const probe = await page.$eval('button.nl-probe-all', (b) => ({ disabled: (b as HTMLButtonElement).disabled, title: (b as HTMLButtonElement).title }));
      assert.equal(probe.disabled, true);
      assert.match(probe.title, /running project.*VS Code.*netlens check --live --probe/);
      await page.click('button.nl-mode');
      await page.waitForSelector('.nl-cell[data-from="api"][data-to="db"]', { timeout: 10000 });
      const cell = (f: string, t: string) => page.textContent(`.nl-cell[data-from="${f}"][data-to="${t}"]`);
      // As `netlens reach examples/` says, from the model the page was made from.
      const matrix = reachMatrix(analyse(loadProject({ dir: path.join(ROOT, 'examples'), env: {} })).model);
      assert.deepEqual(await page.$$eval('.nl-row-head', (els) => els.map((e) => e.textContent)), matrix.sources);
      assert.equal(await cell('api', 'db'), '✓');
      assert.equal(await cell('worker', 'cache'), 'B');
      assert.equal(await cell('(host)', 'web'), 'P');
      await page.click('.nl-cell[data-from="api"][data-to="db"]');
      await page.waitForFunction(() => document.querySelector('[data-testid=matrix-detail] dl') !== null, undefined, { timeout: 10000 });
      const detail = (await page.textContent('[data-testid=matrix-detail]'))!;
      assert.match(detail, /^api → db: reachable ✓/);
      assert.match(detail, /namesdb/);
      assert.match(detail, /ports5432/);
      // By keyboard: three rows down (api → db becomes cache → db), Enter.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => /^cache → db: /.test(document.querySelector('[data-testid=matrix-detail]')?.textContent ?? ''), undefined, { timeout: 10000 });
      await page.screenshot({ path: outputPath('topology-example-html-matrix.png') });
      assert.deepEqual(requests, []);
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('a project past the export’s pair limit carries the verdicts only; a cell says how to ask `netlens reach`', async () => {
      const lines = ['name: big', 'services:'];
      const n = Math.ceil(Math.sqrt(REACH_EXPORT_PAIRS)) + 1;
      for (let i = 0; i < n; i++) lines.push(`  s${i}:`, '    image: busybox');
      const dir = writeProject({ 'compose.yaml': lines.join('\n') + '\n' });
      const model = analyse(loadProject({ dir, env: {} })).model;
      assert.equal(embeddedReach(model).pairs, null, `${n + 1} × ${n} pairs`);
      assert.equal(embeddedReach(model, Infinity).pairs?.length, (n + 1) * n - n, 'every pair but a service with itself, under a higher limit');
      const out = outputPath('topology-big.html');
      assert.equal(netlens(['topology', '--format', 'html', '--out', out, dir]).code, 0);
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(out).toString(), { timeout: 30000 });
      await page.waitForFunction(() => (window as any).netlensView?.core?.nodes().length > 0, undefined, { timeout: 30000 });
      await page.click('button.nl-mode');
      await page.waitForSelector('.nl-cell[data-from="s0"][data-to="s1"]', { timeout: 10000 });
      assert.equal(await page.textContent('.nl-cell[data-from="s0"][data-to="s1"]'), '✓', 'both on the default network');
      await page.click('.nl-cell[data-from="s0"][data-to="s1"]');
      await page.waitForFunction(() => /netlens reach --from s0 --to s1/.test(document.querySelector('[data-testid=matrix-detail]')?.textContent ?? ''), undefined, { timeout: 10000 });
      assert.equal(await page.$eval('[data-testid=matrix-detail] code', (c) => c.textContent), 'netlens reach --from s0 --to s1');
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('takes messages from itself only: a page of another origin framing it, or an opaque frame, changes nothing', async () => {
      const out = outputPath('topology-framed.html');
      assert.equal(netlens(['topology', '--format', 'html', '--out', out, 'examples']).code, 0);
      const forged = JSON.parse(JSON.stringify(topologyFromAnalysis(analyse(loadProject({ dir: writeProject({ 'compose.yaml': 'services:\n  forged:\n    image: x\n' }), env: {} })))));
      const page = await browser.newPage();
      // Both origins served from memory: nothing leaves the machine.
      await page.route('https://netlens.test/**', (route) => route.fulfill({ contentType: 'text/html', body: fs.readFileSync(out, 'utf8') }));
      await page.route('https://evil.test/**', (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: '<iframe id="open" src="https://netlens.test/topology.html"></iframe><iframe id="boxed" sandbox="allow-scripts" src="https://netlens.test/topology.html"></iframe><iframe id="opaque" sandbox="allow-scripts" srcdoc="<p>x</p>"></iframe>',
        }),
      );
      await page.goto('https://evil.test/', { timeout: 30000 });
      const exports = page.frames().filter((f) => f.url().startsWith('https://netlens.test/'));
      assert.equal(exports.length, 2);
      const labels = async () => Promise.all(exports.map((f) => f.evaluate(() => (window as any).netlensView.core.elements().map((e: any) => String(e.data('label')).split('\n')[0]))));
      for (const f of exports) await f.waitForFunction(() => (window as any).netlensView?.core?.nodes().length > 0, undefined, { timeout: 30000 });
      // From the framing page (another origin) into both, and from an opaque frame (origin "null", like the boxed export's) into the boxed one.
      await page.evaluate((doc) => {
        for (const id of ['open', 'boxed']) {
          const target = (document.getElementById(id) as HTMLIFrameElement).contentWindow!;
          target.postMessage({ type: 'topology', document: doc }, '*');
          target.postMessage({ type: 'error', message: 'FORGED' }, '*');
        }
      }, forged);
      const opaque = page.frames().find((f) => f.name() === '' && f.url() === 'about:srcdoc');
      assert.ok(opaque, page.frames().map((f) => f.url()).join(' '));
      await opaque.evaluate((doc) => {
        parent.frames[1].postMessage({ type: 'topology', document: doc }, '*');
        parent.frames[1].postMessage({ type: 'error', message: 'FORGED' }, '*');
      }, forged);
      await page.waitForTimeout(500);
      for (const shown of await labels()) {
        assert.ok(shown.includes('web') && !shown.includes('forged'), shown.join(' | '));
      }
      for (const f of exports) assert.ok(!(await f.evaluate(() => document.body.innerText)).includes('FORGED'));
      // The page itself still may (its console, a test): the check is not a deaf page.
      await exports[0].evaluate((doc) => window.postMessage({ type: 'topology', document: doc }, '*'), forged);
      await exports[0].waitForFunction(() => (window as any).netlensView.core.elements().some((e: any) => String(e.data('label')).startsWith('forged')), undefined, { timeout: 10000 });
      await page.close();
    });

    it('keeps hostile names as text: nothing executes', async () => {
      const dir = writeProject({ 'compose.yaml': EVIL_COMPOSE });
      const out = outputPath('topology-evil.html');
      const r = netlens(['topology', '--format', 'html', '--out', out, dir]);
      assert.equal(r.code, 0, r.stderr);
      const html = fs.readFileSync(out, 'utf8');
      assert.equal(html.split('</script>').length - 1, 3, 'only the page’s own three script elements close (the document, the matrix, the page)');
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(pathToFileURL(out).toString(), { timeout: 30000 });
      await page.waitForFunction(() => (window as any).netlensView?.core?.nodes().length > 0, undefined, { timeout: 30000 });
      const seen = await page.evaluate(() => ({
        pwned: (window as any).__pwned,
        imgs: document.querySelectorAll('img').length,
        scripts: document.querySelectorAll('script').length,
        labels: (window as any).netlensView.core.elements().map((e: any) => e.data('label')),
      }));
      assert.equal(seen.pwned, undefined);
      assert.equal(seen.imgs, 0);
      assert.equal(seen.scripts, 3);
      // The matrix's data is as inert as the document's: names in it stay text too.
      const matrixRows = await page.evaluate(() => JSON.parse(document.getElementById('netlens-reach')!.textContent!).matrix.sources);
      assert.deepEqual(matrixRows, ['app', 'peer', '(host)']);
      assert.ok(seen.labels.includes(`n${EVIL}\nbridge`), seen.labels.join(' | '));
      // The image name is long: its box shows the end of it, as text.
      assert.ok(seen.labels.includes(`app\n${shortImage(EVIL)}`), seen.labels.join(' | '));
      assert.ok(seen.labels.some((l: string) => l.includes(`a${EVIL}`) && l.includes(`q'uo"te`)), seen.labels.join(' | '));
      assert.deepEqual(dialogs, []);
      await page.close();
    });
  });
});
