// The panel page's Simulated | Live switch in real Chromium: it is a switch named "Live", clicking
// it posts a message the extension's validator accepts, and a live document turns it on and draws
// the engine's addresses.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import * as fs from 'node:fs';
import { parseFromPage } from '../../../client/src/webview/messages';
import type { EngineAnswer } from '../../../server/src/live/read';
import { topologyFromEngine } from '../../../server/src/live/snapshot';
import { loadProject } from '../../../server/src/compose/project';
import { analyse } from '../../../server/src/analysis';
import { topologyFromAnalysis } from '../../../server/src/topology/fromModel';
import type { TopologyDocument } from '../../../server/src/topology/types';
import { launchChromium, outputPath, ROOT } from '../../helpers/browser';
import { openHarness } from '../../helpers/harness';
import { pathToFileURL } from 'node:url';
import { embeddedReach } from '../../../server/src/topology/reach';
import { renderTopology } from '../../../server/src/cli/topology';
import { LIVE_MATRIX_NOTE } from '../../../client/src/webview/panelControls';

function liveDoc(): TopologyDocument {
  const attach = (network: string, ipv4: string, mac: string, name: string) => ({ network, aliases: [name], names: [name], ipv4, mac });
  return {
    version: 1,
    source: 'live',
    project: 'shop',
    networks: [{ name: 'shop_backend', key: 'backend', kind: 'project', driver: 'bridge', internal: false, external: false, attachable: false, subnets: ['172.28.0.0/16'], gateways: ['172.28.0.1'] }],
    services: [
      { name: 'api', image: 'shop/api', replicas: 1, active: true, network_mode: null, namespace_of: null, state: 'running', networks: [attach('shop_backend', '172.28.0.2', '02:42:ac:1c:00:02', 'api')], ports: [] },
      { name: 'db', image: 'postgres:16', replicas: 1, active: true, network_mode: null, namespace_of: null, state: 'running', networks: [attach('shop_backend', '172.28.0.3', '02:42:ac:1c:00:03', 'db')], ports: [] },
    ],
    references: [],
    findings: [],
    containers: [],
    engine: { address: 'unix:///var/run/docker.sock', version: '20.10.24', api_version: '1.41' },
  };
}

describe('topology page: the Simulated | Live switch (Chromium)', function () {
  // About 15 s on a quiet machine; each document swap lays the picture out again, which a machine busy with other
  // jobs (two cores, a full test run beside it) was seen to stretch past two minutes.
  this.timeout(240000);
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('clicking Live posts a validated source message; a live document checks the switch and draws the IPs; the Probe button posts the selected arrow', async () => {
    const fileDoc = topologyFromAnalysis(analyse(loadProject({ dir: path.join(ROOT, 'examples'), env: {} })));
    const { page, errors } = await openHarness(browser, fileDoc, { width: 1200, height: 800 });

    const toggle = page.getByRole('switch', { name: 'Live' });
    assert.equal(await toggle.count(), 1, 'one switch named Live');
    assert.equal(await toggle.getAttribute('aria-checked'), 'false', 'a file document: Simulated');
    assert.match((await toggle.textContent()) ?? '', /Simulated\s*\|\s*Live/);
    await toggle.click();
    const posted = (await page.evaluate(() => (window as any).__posted)) as unknown[];
    const last = posted[posted.length - 1];
    assert.deepEqual(parseFromPage(last), { type: 'source', source: 'live' }, JSON.stringify(posted));
    assert.equal(await toggle.getAttribute('aria-checked'), 'true');

    // The extension answers with the live document: the switch stays on and the engine's addresses are drawn.
    await page.evaluate((d) => window.postMessage({ type: 'topology', document: d }, '*'), liveDoc());
    // Waited for until the engine's addresses are on the attachments (bounded): on a loaded machine the element can be
    // there before the live document's labels are.
    await page
      .waitForFunction(() => (window as any).netlensView.core.edges('[kind = "attachment"]').some((e: any) => String(e.data('label') ?? '').includes('172.28.0.3')), undefined, { timeout: 30000 })
      .catch(() => undefined);
    const labels = (await page.evaluate(() => (window as any).netlensView.core.edges('[kind = "attachment"]').map((e: any) => e.data('label')))) as string[];
    assert.ok(labels.some((l) => l.includes('172.28.0.2')) && labels.some((l) => l.includes('172.28.0.3')), labels.join(' | '));
    assert.equal(await toggle.getAttribute('aria-checked'), 'true');
    assert.match((await page.textContent('.nl-title')) ?? '', /shop · live/);
    // Live: the All projects switch shows; on, it asks for the whole engine; a document without a project checks it.
    const scope = page.getByRole('switch', { name: 'All projects' });
    assert.equal(await scope.isVisible(), true);
    assert.equal(await scope.getAttribute('aria-checked'), 'false');
    await scope.click();
    const scoped = (await page.evaluate(() => (window as any).__posted)) as unknown[];
    assert.deepEqual(parseFromPage(scoped[scoped.length - 1]), { type: 'scope', scope: 'all' });
    await page.evaluate((d) => window.postMessage({ type: 'topology', document: { ...d, project: '' } }, '*'), liveDoc());
    await page.waitForFunction(() => /^all projects · live/.test(document.querySelector('.nl-title')?.textContent ?? ''), undefined, { timeout: 10000 });
    assert.equal(await scope.getAttribute('aria-checked'), 'true');
    assert.equal(parseFromPage({ type: 'scope', scope: 'engine' }), undefined);
    await page.screenshot({ path: outputPath('topology-live.png') });

    // Clicking again asks for the file's picture; a file document turns the switch off.
    await toggle.click();
    const again = (await page.evaluate(() => (window as any).__posted)) as unknown[];
    assert.deepEqual(parseFromPage(again[again.length - 1]), { type: 'source', source: 'file' });
    await page.evaluate((d) => window.postMessage({ type: 'topology', document: d }, '*'), fileDoc);
    await page.waitForFunction(() => document.querySelector('[role=switch]')?.getAttribute('aria-checked') === 'false', undefined, { timeout: 10000 });
    // The toggle turned off at the click; the file's picture, drawn when its message is handled, hides the All projects
    // switch: waited for (bounded), as on a loaded machine the check above can pass before the picture is drawn.
    const allProjects = page.getByRole('switch', { name: 'All projects' });
    await allProjects.waitFor({ state: 'hidden', timeout: 10000 }).catch(() => undefined);
    assert.equal(await allProjects.isVisible(), false, 'the file’s picture has no projects to choose');
    // The probe button: disabled until an arrow is selected; then it posts the arrow's ends and port.
    const probe = page.getByRole('button', { name: 'Probe', exact: true });
    assert.equal(await probe.isDisabled(), true);
    await page.evaluate(() => (window as any).netlensView.core.edges('[kind = "reference"][source = "svc:api"][target = "svc:cache"]').first().select());
    await page.waitForFunction(() => !(document.querySelector('.nl-probe') as HTMLButtonElement).disabled, undefined, { timeout: 5000 });
    await probe.click();
    const probed = (await page.evaluate(() => (window as any).__posted)) as unknown[];
    assert.deepEqual(parseFromPage(probed[probed.length - 1]), { type: 'probe', from: 'api', to: 'cache', port: 6379 });
    await page.evaluate(() => window.postMessage({ type: 'probe-result', from: 'api', to: 'cache', summary: 'shop-api-1 → cache: name resolves to 172.28.0.4; TCP 6379 open', ok: true }, '*'));
    await page.waitForFunction(() => /TCP 6379 open/.test(document.querySelector('[role=status].nl-verdict')?.textContent ?? ''), undefined, { timeout: 5000 });
    const tip = await page.evaluate(() => (window as any).netlensView.core.edges('[kind = "reference"][source = "svc:api"][target = "svc:cache"]').first().data('tooltip'));
    assert.match(tip, /\nprobe: shop-api-1 → cache: name resolves to 172\.28\.0\.4; TCP 6379 open$/);
    for (const bad of [{ type: 'probe', from: 'api', to: 'cache', port: 0 }, { type: 'probe', from: '', to: 'cache' }, { type: 'probe', from: 'api', to: 7 }]) assert.equal(parseFromPage(bad), undefined, JSON.stringify(bad));
    // A forged message is refused by the same validator.
    assert.equal(parseFromPage({ type: 'source', source: 'engine' }), undefined);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a live export\u2019s matrix view says its verdicts are the file\u2019s; a file export\u2019s does not', async () => {
    const model = analyse(loadProject({ dir: path.join(ROOT, 'examples'), env: {} })).model;
    const reach = embeddedReach(model);
    const note = async (doc: TopologyDocument, name: string): Promise<string> => {
      const out = outputPath(name);
      fs.writeFileSync(out, renderTopology(doc, 'html', reach));
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await page.goto(pathToFileURL(out).toString(), { timeout: 30000 });
        await page.waitForFunction(() => (window as any).netlensView?.core?.nodes().length > 0, undefined, { timeout: 60000 });
        await page.click('button.nl-mode');
        await page.waitForSelector('.nl-cell[data-from="api"][data-to="db"]', { timeout: 30000 });
        assert.deepEqual(errors, []);
        return (await page.textContent('.nl-matrix-note')) ?? '';
      } finally {
        await page.close();
      }
    };
    assert.equal(await note(liveDoc(), 'topology-live-matrix.html'), LIVE_MATRIX_NOTE);
    assert.equal(await note(topologyFromAnalysis(analyse(loadProject({ dir: path.join(ROOT, 'examples'), env: {} }))), 'topology-file-matrix.html'), '');
  });

  it('a recorded 3-node swarm renders its tasks inside the node that runs them', async () => {
    const answer = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/live/swarm-3-nodes.json'), 'utf8')) as EngineAnswer;
    const doc = topologyFromEngine(answer, { address: 'unix:///var/run/docker.sock' });
    const { page, errors } = await openHarness(browser, undefined, { width: 1200, height: 800 });
    await page.evaluate((d) => window.postMessage({ type: 'topology', document: d }, '*'), doc);
    await page.waitForFunction(() => (window as any).netlensView?.core?.nodes('[kind = "task"]').length > 0, undefined, { timeout: 30000 });
    const drawn = (await page.evaluate(() =>
      (window as any).netlensView.core.nodes('[kind = "task"]').map((t: any) => `${t.data('label').split('\n')[0]} @ ${t.parent().data('label').split('\n')[0]}`),
    )) as string[];
    assert.deepEqual(drawn.sort(), ['shop_db task @ node worker-2', 'shop_web task @ node mgr-1', 'shop_web task @ node worker-1', 'shop_web task @ node worker-2']);
    const visible = (await page.evaluate(() => (window as any).netlensView.core.nodes('[kind = "swarm-node"]').filter((n: any) => n.visible() && n.width() > 0).length)) as number;
    assert.equal(visible, 3);
    await page.screenshot({ path: outputPath('topology-swarm.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a tooltip shown over the file picture goes away when the live document replaces it', async () => {
    const fileDoc = topologyFromAnalysis(analyse(loadProject({ dir: path.join(ROOT, 'examples'), env: {} })));
    const { page, errors } = await openHarness(browser, fileDoc, { width: 1200, height: 800 });
    const at = await page.evaluate(() => {
      const n = (window as any).netlensView.core.getElementById('svc:db');
      const box = document.querySelector('[data-testid=graph]')!.getBoundingClientRect();
      const p = n.renderedPosition();
      return { x: box.left + p.x, y: box.top + p.y };
    });
    await page.mouse.move(at.x, at.y);
    await page.waitForFunction(() => (document.querySelector('.nl-tooltip') as HTMLElement).style.display === 'block', undefined, { timeout: 5000 });
    assert.match((await page.textContent('.nl-tooltip')) ?? '', /^service db\n/);
    // The pointer does not move: no mouseout comes, yet the text it shows belongs to the old picture.
    await page.evaluate((d) => window.postMessage({ type: 'topology', document: d }, '*'), liveDoc());
    await page.waitForFunction(() => /shop · live/.test(document.querySelector('.nl-title')?.textContent ?? ''), undefined, { timeout: 10000 });
    assert.equal(await page.evaluate(() => (document.querySelector('.nl-tooltip') as HTMLElement).style.display), 'none', 'the old tooltip is hidden');
    assert.equal(await page.isVisible('.nl-tooltip'), false);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
