// The panel's controls for real projects in real Chromium: the matrix (rendered, a cell click showing the
// path and the names, a few hundred services with only the visible cells in the DOM, moving through it by keyboard), focus, each filter,
// search with the keyboard, the state restored after a reload, probe all's colours from a recorded result, and
// the theme colours readable in light and dark themes. The page's requests are answered as the extension
// does, from the server's own functions (features/reach.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { analyse, type Analysis } from '../../../server/src/analysis';
import { loadProject } from '../../../server/src/compose/project';
import { reachMatrix, reachPair } from '../../../server/src/topology/reach';
import type { ProbeAllOutcome } from '../../../server/src/protocol';
import { topologyFromAnalysis } from '../../../server/src/topology/fromModel';
import type { TopologyDocument } from '../../../server/src/topology/types';
import { launchChromium, outputPath, ROOT } from '../../helpers/browser';
import { openHarness, writeHarness } from '../../helpers/harness';
import { check } from '../../helpers/project';

const RECORDED = path.join(ROOT, 'test', 'fixtures', 'probe-all', 'example.json');

function example(): Analysis {
  return analyse(loadProject({ dir: path.join(ROOT, 'examples'), env: {} }));
}

/** A project on the default network plus two of its own, one finding (a name that does not resolve). */
function layered(): Analysis {
  return check({
    'compose.yaml': `name: layered
services:
  proxy:
    image: nginx
    ports: ["80:80"]
    networks: [edge, default]
  app:
    image: app
    environment:
      DB_URL: postgres://store:5432/app
      CACHE: redis://kv:6379
    networks: [edge, data, default]
  store:
    image: postgres
    networks: [data]
  kv:
    image: redis
    networks: [data]
  cron:
    image: busybox
    environment:
      TARGET: http://nowhere-svc:80
  metrics:
    image: prom/prometheus
networks:
  edge:
  data:
`,
  });
}

/** Posts a message to the page as the extension does. */
async function send(page: Page, message: unknown): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

async function posted(page: Page, type: string): Promise<any[]> {
  return page.evaluate((t) => (window as any).__posted.filter((m: { type: string }) => m.type === t), type);
}

async function waitPosted(page: Page, type: string, count = 1): Promise<any[]> {
  await page.waitForFunction(({ t, n }) => (window as any).__posted.filter((m: { type: string }) => m.type === t).length >= n, { t: type, n: count }, { timeout: 10000 });
  return posted(page, type);
}

/** Answers the page's matrix and pair requests from the analysis, as topologyPanel.ts does through the server. */
function answerRequests(page: Page, analysis: Analysis): () => void {
  let answered = 0;
  let stopped = false;
  const loop = async () => {
    while (!stopped && !page.isClosed()) {
      const all = await page.evaluate(() => (window as any).__posted as Array<{ type: string; from?: string; to?: string }>).catch(() => []);
      for (const m of all.slice(answered)) {
        if (m.type === 'reach-matrix') await send(page, { type: 'reach-matrix', matrix: reachMatrix(analysis.model) });
        if (m.type === 'reach-pair') await send(page, { type: 'reach-pair', from: m.from, to: m.to, pair: reachPair(analysis.model, m.from!, m.to!) });
      }
      answered = all.length;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  void loop();
  return () => {
    stopped = true;
  };
}

/** Which service nodes are drawn (not hidden by a filter), sorted. */
async function visibleServices(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window as any).netlensView.core
      .nodes('[kind = "service"]')
      .filter((n: any) => !n.hasClass('nl-hidden'))
      .map((n: any) => n.id().slice(4))
      .sort(),
  );
}

async function visibleNetworks(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window as any).netlensView.core
      .nodes('[kind = "network"]')
      .filter((n: any) => !n.hasClass('nl-hidden') && n.visible())
      .map((n: any) => n.id().slice(4))
      .sort(),
  );
}

async function cellText(page: Page, from: string, to: string): Promise<string | null> {
  return page.evaluate(({ f, t }) => document.querySelector(`.nl-cell[data-from="${CSS.escape(f)}"][data-to="${CSS.escape(t)}"]`)?.textContent ?? null, { f: from, t: to });
}

describe('topology panel controls in Chromium', function () {
  this.timeout(180000);
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('matrix: Matrix shows who reaches whom with a legend; a cell click shows the path and the names', async () => {
    const analysis = example();
    const { page, errors } = await openHarness(browser, topologyFromAnalysis(analysis));
    const stop = answerRequests(page, analysis);
    assert.equal(await page.isVisible('[data-testid=matrix]'), false, 'the graph shows first');
    // A tooltip shown over the graph does not stay over the matrix.
    const at = await page.evaluate(() => {
      const p = (window as any).netlensView.core.getElementById('svc:db').renderedPosition();
      const box = document.querySelector('[data-testid=graph]')!.getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    });
    await page.mouse.move(at.x, at.y);
    await page.waitForFunction(() => (document.querySelector('.nl-tooltip') as HTMLElement).style.display === 'block', undefined, { timeout: 5000 });
    await page.click('button.nl-mode');
    assert.equal(await page.isVisible('.nl-tooltip'), false, 'the graph’s tooltip went with the graph');
    await waitPosted(page, 'reach-matrix');
    await page.waitForSelector('.nl-cell[data-from="api"][data-to="db"]', { timeout: 10000 });
    assert.equal(await page.isVisible('[data-testid=graph]'), false, 'the graph is hidden while the matrix shows');
    assert.equal(await page.textContent('button.nl-mode'), 'Graph');
    // As `netlens reach examples/` says: api reaches db, worker cannot reach cache (the default bridge), web and db share no network.
    assert.equal(await cellText(page, 'api', 'db'), '✓');
    assert.equal(await cellText(page, 'worker', 'cache'), 'B');
    assert.equal(await cellText(page, 'web', 'db'), '·');
    assert.equal(await cellText(page, '(host)', 'web'), 'P');
    assert.equal(await cellText(page, '(host)', 'db'), '∅');
    const rows = await page.$$eval('.nl-row-head', (els) => els.map((e) => e.textContent));
    assert.deepEqual(rows, ['web', 'api', 'worker', 'db', 'cache', '(host)']);
    const cols = await page.$$eval('.nl-col-head', (els) => els.map((e) => e.textContent));
    assert.deepEqual(cols, ['web', 'api', 'worker', 'db', 'cache']);
    const legend = await page.textContent('.nl-matrix-legend');
    for (const words of ['reaches by name (DNS)', 'default bridge: no DNS', 'no shared network', 'publishes no port', 'through published host ports']) assert.ok(legend!.includes(words), legend!);
    // A click: the pair in full.
    await page.click('.nl-cell[data-from="api"][data-to="db"]');
    assert.deepEqual((await waitPosted(page, 'reach-pair')).at(-1), { type: 'reach-pair', from: 'api', to: 'db' });
    await page.waitForFunction(() => document.querySelector('[data-testid=matrix-detail] dl') !== null, undefined, { timeout: 10000 });
    const detail = await page.textContent('[data-testid=matrix-detail]');
    assert.match(detail!, /^api → db: reachable ✓/);
    assert.match(detail!, /pathdns over network backend/);
    assert.match(detail!, /namesdb/);
    assert.match(detail!, /ports5432/);
    assert.match(detail!, /api reaches db as db over backend/);
    // And one that does not work, with why.
    await page.click('.nl-cell[data-from="worker"][data-to="cache"]');
    await page.waitForFunction(() => /why notdefault-bridge/.test(document.querySelector('[data-testid=matrix-detail]')!.textContent ?? ''), undefined, { timeout: 10000 });
    assert.match((await page.textContent('[data-testid=matrix-detail]'))!, /^worker → cache: not reachable.*default bridge/);
    await page.screenshot({ path: outputPath('topology-matrix.png') });
    // Back to the graph: drawn again at its size.
    await page.click('button.nl-mode');
    assert.equal(await page.isVisible('[data-testid=graph]'), true);
    assert.equal(await page.isVisible('[data-testid=matrix]'), false);
    stop();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('matrix at 300 services: only the cells in sight are in the page; scrolling reaches the last pair', async () => {
    const lines = ['name: wide', 'services:'];
    for (let i = 0; i < 300; i++) lines.push(`  s${i}:`, '    image: busybox', `    networks: [n${i % 6}]`, ...(i % 50 === 0 ? ['    ports: ["' + (9000 + i) + ':80"]'] : []));
    lines.push('networks:', ...Array.from({ length: 6 }, (_, i) => `  n${i}:`));
    const analysis = check({ 'compose.yaml': lines.join('\n') + '\n' });
    const matrix = reachMatrix(analysis.model);
    assert.equal(matrix.sources.length, 301);
    assert.equal(matrix.targets.length, 300);
    const { page, errors } = await openHarness(browser, topologyFromAnalysis(analysis));
    await page.click('button.nl-mode');
    await waitPosted(page, 'reach-matrix');
    await send(page, { type: 'reach-matrix', matrix });
    await page.waitForSelector('.nl-cell[data-from="s0"][data-to="s6"]', { timeout: 10000 });
    assert.equal(await cellText(page, 's0', 's6'), '✓', 's0 and s6 share n0');
    assert.equal(await cellText(page, 's0', 's1'), '·');
    const inDom = await page.$$eval('.nl-cell', (els) => els.length);
    assert.ok(inDom > 100 && inDom < 5000, `${inDom} cells in the DOM of ${301 * 300}`);
    await page.evaluate(() => {
      const s = document.querySelector('.nl-matrix-scroll')!;
      s.scrollTop = s.scrollHeight;
      s.scrollLeft = s.scrollWidth;
    });
    await page.waitForSelector('.nl-cell[data-from="(host)"][data-to="s299"]', { timeout: 10000 });
    assert.equal(await cellText(page, '(host)', 's250'), 'P');
    assert.equal(await cellText(page, 's0', 's6'), null, 'scrolled out of sight: out of the DOM');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('matrix by keyboard: one cell in the tab order, arrows/Home/End/PageDown move it into sight, Enter and Space open the pair', async () => {
    const analysis = example();
    const { page, errors } = await openHarness(browser, topologyFromAnalysis(analysis));
    const stop = answerRequests(page, analysis);
    await page.click('button.nl-mode');
    await page.waitForSelector('.nl-cell[data-from="api"][data-to="db"]', { timeout: 10000 });
    /** The focused cell as "from>to" (or what has focus instead). */
    const focused = () => page.evaluate(() => {
      const e = document.activeElement as HTMLElement | null;
      if (!e || !e.classList.contains('nl-cell')) return `not a cell: ${e?.tagName ?? 'none'}.${e?.className ?? ''}`;
      const row = e.closest('[role=row]');
      return `${e.dataset.from ?? row?.getAttribute('aria-rowindex')}>${e.dataset.to ?? e.getAttribute('aria-colindex')}`;
    });
    const tabbable = () => page.$$eval('.nl-cell', (els) => els.filter((e) => (e as HTMLElement).tabIndex === 0).length);
    // Roving tabindex: exactly one cell is in the tab order; Tab from the Matrix button's bar reaches it.
    assert.equal(await tabbable(), 1);
    await page.focus('.nl-controls .nl-search');
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await focused()) === '1>1';
    }
    assert.ok(reached, `Tab reaches the grid's first cell: ${await focused()}`);
    // Rows web, api, worker, db, cache, (host); columns web, api, worker, db, cache.
    await page.keyboard.press('ArrowDown');
    assert.equal(await focused(), 'api>web');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'api>db');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'api>cache', 'stops at the last column');
    await page.keyboard.press('Home');
    assert.equal(await focused(), 'api>web');
    await page.keyboard.press('End');
    assert.equal(await focused(), 'api>cache');
    await page.keyboard.press('Control+End');
    assert.equal(await focused(), '(host)>cache');
    await page.keyboard.press('Control+Home');
    assert.equal(await focused(), '1>1', 'web → web: the diagonal');
    assert.equal(await tabbable(), 1, 'still one cell in the tab order');
    // Enter opens the pair as a click does; Space too.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await focused(), 'api>db');
    await page.keyboard.press('Enter');
    assert.deepEqual((await waitPosted(page, 'reach-pair')).at(-1), { type: 'reach-pair', from: 'api', to: 'db' });
    await page.waitForFunction(() => /^api → db: reachable/.test(document.querySelector('[data-testid=matrix-detail]')?.textContent ?? ''), undefined, { timeout: 10000 });
    assert.equal(await focused(), 'api>db', 'focus stays on the cell');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await focused(), 'worker>api');
    await page.keyboard.press(' ');
    assert.deepEqual((await waitPosted(page, 'reach-pair', 2)).at(-1), { type: 'reach-pair', from: 'worker', to: 'api' });
    // The focused cell has a visible ring.
    const ring = await page.evaluate(() => {
      const st = getComputedStyle(document.activeElement!);
      return { style: st.outlineStyle, width: parseFloat(st.outlineWidth) };
    });
    assert.equal(ring.style, 'solid');
    assert.ok(ring.width >= 2, JSON.stringify(ring));
    await page.screenshot({ path: outputPath('topology-matrix-keyboard.png') });
    stop();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('matrix by keyboard at 300 services: PageDown and Ctrl+End scroll the focused cell into sight', async () => {
    const lines = ['name: wide', 'services:'];
    for (let i = 0; i < 300; i++) lines.push(`  s${i}:`, '    image: busybox', `    networks: [n${i % 6}]`);
    lines.push('networks:', ...Array.from({ length: 6 }, (_, i) => `  n${i}:`));
    const analysis = check({ 'compose.yaml': lines.join('\n') + '\n' });
    const { page, errors } = await openHarness(browser, topologyFromAnalysis(analysis));
    await page.click('button.nl-mode');
    await waitPosted(page, 'reach-matrix');
    await send(page, { type: 'reach-matrix', matrix: reachMatrix(analysis.model) });
    await page.waitForSelector('.nl-cell[data-from="s0"][data-to="s6"]', { timeout: 10000 });
    await page.focus('.nl-cell[tabindex="0"]');
    /** The focused cell's names and whether it lies inside the scrolled area's visible rectangle. */
    const where = () => page.evaluate(() => {
      const e = document.activeElement as HTMLElement;
      const box = e.getBoundingClientRect();
      const view = document.querySelector('.nl-matrix-scroll')!.getBoundingClientRect();
      const inside = box.top >= view.top - 1 && box.bottom <= view.bottom + 1 && box.left >= view.left - 1 && box.right <= view.right + 1;
      return { cell: `${e.dataset.from ?? '?'}>${e.dataset.to ?? '?'}`, inside };
    });
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await where(), { cell: 's0>s1', inside: true });
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    const paged = await where();
    assert.ok(paged.inside, JSON.stringify(paged));
    const row = Number(/^s(\d+)>/.exec(paged.cell)?.[1]);
    assert.ok(row > 20, `two pages down: ${paged.cell}`);
    assert.ok(await page.evaluate(() => document.querySelector('.nl-matrix-scroll')!.scrollTop > 0), 'scrolled');
    await page.keyboard.press('Control+End');
    assert.deepEqual(await where(), { cell: '(host)>s299', inside: true });
    // Scrolled away with the mouse, the keyboard's cell stays in the tab order and keeps focus.
    await page.evaluate(() => {
      const s = document.querySelector('.nl-matrix-scroll')!;
      s.scrollTop = 0;
      s.scrollLeft = 0;
      s.dispatchEvent(new Event('scroll'));
    });
    await page.waitForSelector('.nl-cell[data-from="s0"][data-to="s1"]', { timeout: 10000 });
    assert.equal((await where()).cell, '(host)>s299');
    await page.keyboard.press('ArrowUp');
    assert.equal((await where()).cell, '?>?', 's299 → s299 is the diagonal');
    assert.equal((await where()).inside, true);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('focus: only the selected service and its neighbours; Unfocus brings everything back', async () => {
    const analysis = layered();
    const { page, errors } = await openHarness(browser, topologyFromAnalysis(analysis));
    const all = await visibleServices(page);
    assert.deepEqual(all, ['app', 'cron', 'kv', 'metrics', 'proxy', 'store']);
    await page.click('button.nl-focus-button');
    assert.equal(await page.textContent('.nl-focus'), 'select a service to focus on');
    await page.evaluate(() => {
      (window as any).netlensView.core.getElementById('svc:app').select();
    });
    await page.click('button.nl-focus-button');
    // app dials store and kv; nothing dials app: its neighbours are store and kv.
    assert.deepEqual(await visibleServices(page), ['app', 'kv', 'store']);
    assert.equal(await page.textContent('.nl-focus'), 'focus: app');
    assert.equal(await page.textContent('button.nl-focus-button'), 'Unfocus');
    // Its networks stay, the one none of them is on goes; the host's box goes with proxy's port.
    assert.deepEqual(await visibleNetworks(page), ['layered_data', 'layered_default', 'layered_edge']);
    assert.equal(await page.evaluate(() => (window as any).netlensView.core.getElementById('host').hasClass('nl-hidden')), true);
    // The arrows between them stay.
    const arrows = await page.evaluate(() => (window as any).netlensView.core.edges('[kind = "reference"]').filter((e: any) => e.visible()).map((e: any) => `${e.source().id()}>${e.target().id()}`).sort());
    assert.deepEqual(arrows, ['svc:app>svc:kv', 'svc:app>svc:store']);
    await page.screenshot({ path: outputPath('topology-focus.png') });
    await page.click('button.nl-focus-button');
    assert.deepEqual(await visibleServices(page), all);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('filters: hide the default network, only services with findings, one network; each alone and together', async () => {
    const analysis = layered();
    const doc = topologyFromAnalysis(analysis);
    const marked = new Set(doc.findings.flatMap((f) => [f.service, ...(f.services ?? [])]).filter((s): s is string => !!s));
    assert.ok(marked.has('cron'), [...marked].join(' '));
    const { page, errors } = await openHarness(browser, doc);
    const networksBefore = await visibleNetworks(page);
    assert.ok(networksBefore.includes('layered_default'), networksBefore.join(' '));
    await page.check('label:has-text("Hide default network") input');
    assert.deepEqual(await visibleNetworks(page), networksBefore.filter((n) => n !== 'layered_default'));
    // On a loaded machine the check once saw the lines still drawn right after the network went: waited for, within 5 s.
    const linesToHidden = () => (window as any).netlensView.core.edges('[kind = "attachment"]').filter((e: any) => e.visible() && e.target().id() === 'net:layered_default').length;
    await page.waitForFunction(`(${linesToHidden.toString()})() === 0`, undefined, { timeout: 5000 }).catch(() => undefined);
    assert.equal(await page.evaluate(linesToHidden), 0, 'no line to the hidden network (within 5 s)');
    assert.deepEqual(await visibleServices(page), ['app', 'cron', 'kv', 'metrics', 'proxy', 'store'], 'services stay');
    await page.uncheck('label:has-text("Hide default network") input');
    assert.deepEqual(await visibleNetworks(page), networksBefore);

    await page.check('label:has-text("Only with findings") input');
    assert.deepEqual(await visibleServices(page), [...marked].sort());
    await page.uncheck('label:has-text("Only with findings") input');

    const options = await page.$$eval('select.nl-network option', (els) => els.map((e) => (e as HTMLOptionElement).value));
    assert.deepEqual(options, ['', ...doc.networks.map((n) => n.name)]);
    await page.selectOption('select.nl-network', 'layered_data');
    assert.deepEqual(await visibleServices(page), ['app', 'kv', 'store']);
    assert.deepEqual(await visibleNetworks(page), ['layered_data']);
    // Together: the edge network and hiding the default one.
    await page.selectOption('select.nl-network', 'layered_edge');
    await page.check('label:has-text("Hide default network") input');
    assert.deepEqual(await visibleServices(page), ['app', 'proxy']);
    assert.deepEqual(await visibleNetworks(page), ['layered_edge']);
    await page.selectOption('select.nl-network', '');
    await page.uncheck('label:has-text("Hide default network") input');
    assert.deepEqual(await visibleServices(page), ['app', 'cron', 'kv', 'metrics', 'proxy', 'store']);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('filters narrow the matrix too', async () => {
    const analysis = layered();
    const { page, errors } = await openHarness(browser, topologyFromAnalysis(analysis));
    const stop = answerRequests(page, analysis);
    await page.selectOption('select.nl-network', 'layered_data');
    await page.click('button.nl-mode');
    await page.waitForSelector('.nl-cell[data-from="app"][data-to="store"]', { timeout: 10000 });
    assert.deepEqual(await page.$$eval('.nl-row-head', (els) => els.map((e) => e.textContent)), ['app', 'store', 'kv', '(host)']);
    assert.deepEqual(await page.$$eval('.nl-col-head', (els) => els.map((e) => e.textContent)), ['app', 'store', 'kv']);
    stop();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('search: / and Ctrl+F focus the box, typing marks the matches, Enter jumps to each in turn, Esc clears', async () => {
    const analysis = layered();
    const { page, errors } = await openHarness(browser, topologyFromAnalysis(analysis));
    const stop = answerRequests(page, analysis);
    await page.click('[data-testid=graph]', { position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'nl-search');
    await page.keyboard.type('r');
    // proxy, cron, metrics contain an r; none starts with it.
    const marked = async () => page.evaluate(() => (window as any).netlensView.core.nodes('.nl-match').map((n: any) => n.id().slice(4)).sort());
    assert.deepEqual(await marked(), ['cron', 'metrics', 'proxy', 'store']);
    assert.equal(await page.textContent('.nl-search-info'), '4 matches');
    await page.keyboard.type('o');
    assert.deepEqual(await marked(), ['cron', 'proxy']);
    await page.keyboard.press('Enter');
    const selected = async () => page.evaluate(() => (window as any).netlensView.core.nodes(':selected').map((n: any) => n.id()));
    assert.deepEqual(await selected(), ['svc:proxy']);
    assert.equal(await page.textContent('.nl-search-info'), '1 of 2: proxy');
    await page.keyboard.press('Enter');
    assert.deepEqual(await selected(), ['svc:cron']);
    // The jumped-to service is centred.
    const centre = await page.evaluate(() => {
      const cy = (window as any).netlensView.core;
      const p = cy.getElementById('svc:cron').renderedPosition();
      return { dx: Math.abs(p.x - cy.width() / 2), dy: Math.abs(p.y - cy.height() / 2) };
    });
    assert.ok(centre.dx < 2 && centre.dy < 2, JSON.stringify(centre));
    await page.keyboard.press('Escape');
    assert.equal(await page.inputValue('.nl-search'), '');
    assert.deepEqual(await marked(), []);
    assert.notEqual(await page.evaluate(() => document.activeElement?.className), 'nl-search');
    // Ctrl+F from anywhere; in the matrix, Enter scrolls to the row.
    await page.keyboard.press('Control+f');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'nl-search');
    await page.keyboard.type('kv');
    await page.click('button.nl-mode');
    await page.waitForSelector('.nl-row-head.match', { timeout: 10000 });
    assert.deepEqual(await page.$$eval('.nl-row-head.match, .nl-col-head.match', (els) => els.map((e) => e.textContent)), ['kv', 'kv']);
    await page.focus('.nl-search');
    await page.keyboard.press('Enter');
    assert.equal(await page.textContent('.nl-search-info'), '1 of 1: kv');
    // Typing `/` into the box is text, not a shortcut.
    await page.keyboard.type('/');
    assert.equal(await page.inputValue('.nl-search'), 'kv/');
    stop();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('state: the view, focus, filters and search survive a reload (setState, restored by a new page)', async () => {
    const analysis = layered();
    const doc = topologyFromAnalysis(analysis);
    const { page, errors } = await openHarness(browser, doc);
    await page.evaluate(() => {
      (window as any).netlensView.core.getElementById('svc:app').select();
    });
    await page.click('button.nl-focus-button');
    await page.check('label:has-text("Hide default network") input');
    await page.fill('.nl-search', 'st');
    await page.click('button.nl-mode');
    await page.waitForFunction(() => (window as any).__state?.panel?.mode === 'matrix' && (window as any).__state?.panel?.search === 'st', undefined, { timeout: 5000 });
    const state = await page.evaluate(() => (window as any).__state);
    assert.deepEqual(state.panel, { mode: 'matrix', focus: 'app', hideDefault: true, search: 'st' });
    await page.close();

    // A reloaded webview: the same page with getState() answering the saved state.
    const html = fs.readFileSync(new URL(writeHarness()), 'utf8').replace('window.__state = undefined;', `window.__state = ${JSON.stringify(state)};`);
    const file = outputPath('harness-restored.html');
    fs.writeFileSync(file, html);
    const again = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors2: string[] = [];
    again.on('pageerror', (e) => errors2.push(e.message));
    await again.goto(`file://${file}`);
    const stop = answerRequests(again, analysis);
    await send(again, { type: 'topology', document: doc });
    await again.waitForFunction(() => (window as any).netlensView?.core?.nodes().length > 0, undefined, { timeout: 30000 });
    await again.waitForSelector('.nl-cell[data-from="app"][data-to="store"]', { timeout: 10000 });
    assert.equal(await again.isVisible('[data-testid=matrix]'), true, 'the matrix shows again');
    assert.equal(await again.textContent('.nl-focus'), 'focus: app');
    assert.equal(await again.isChecked('label:has-text("Hide default network") input'), true);
    assert.equal(await again.inputValue('.nl-search'), 'st');
    assert.deepEqual(await visibleServices(again), ['app', 'kv', 'store']);
    assert.deepEqual(await again.$$eval('.nl-row-head', (els) => els.map((e) => e.textContent)), ['app', 'store', 'kv', '(host)'], 'the matrix focused too');
    assert.deepEqual(await again.$$eval('.nl-row-head.match', (els) => els.map((e) => e.textContent)), ['store'], 'the search marks again');
    stop();
    assert.deepEqual([...errors, ...errors2], []);
    await again.close();
  });

  it('probe all: the button asks the extension, the progress bar follows, every arrow is coloured by its recorded result', async () => {
    const analysis = example();
    const recorded = JSON.parse(fs.readFileSync(RECORDED, 'utf8')) as { outcomes: ProbeAllOutcome[]; summary: string };
    assert.ok(recorded.outcomes.length >= 5, 'a recorded run');
    const doc = topologyFromAnalysis(analysis);
    const { page, errors } = await openHarness(browser, doc);
    const stop = answerRequests(page, analysis);
    assert.equal(await page.isVisible('progress.nl-progress'), false);
    await page.click('button.nl-probe-all');
    await waitPosted(page, 'probe-all');
    assert.equal(await page.isDisabled('button.nl-probe-all'), true, 'one run at a time');
    assert.equal(await page.isVisible('progress.nl-progress'), true);
    const total = recorded.outcomes.length;
    await send(page, { type: 'probe-all-progress', done: 0, total });
    // Half of them: the bar is half full, the arrows so far coloured.
    const half = Math.floor(total / 2);
    for (let i = 0; i < half; i++) await send(page, { type: 'probe-all-progress', done: i + 1, total, outcome: recorded.outcomes[i] });
    await page.waitForFunction((n) => (document.querySelector('progress.nl-progress') as HTMLProgressElement).value === n, half, { timeout: 5000 });
    assert.equal(await page.evaluate(() => (document.querySelector('progress.nl-progress') as HTMLProgressElement).max), total);
    assert.equal(await page.textContent('.nl-probe-text'), `Probing ${half} of ${total}…`);
    // Cancel asks the extension to stop.
    await page.click('button.nl-probe-cancel');
    await waitPosted(page, 'probe-all-cancel');
    for (let i = half; i < total; i++) await send(page, { type: 'probe-all-progress', done: i + 1, total, outcome: recorded.outcomes[i] });
    await send(page, { type: 'probe-all-done', ok: true, summary: recorded.summary, cancelled: false });
    await page.waitForFunction(() => (document.querySelector('progress.nl-progress') as HTMLElement).hidden, undefined, { timeout: 5000 });
    assert.equal(await page.textContent('.nl-probe-text'), recorded.summary);
    assert.equal(await page.isDisabled('button.nl-probe-all'), false);
    const arrows = await page.evaluate(() =>
      (window as any).netlensView.core.edges('[kind = "reference"]').map((e: any) => ({ pair: `${e.source().id().slice(4)}>${e.target().id().slice(4)}`, classes: e.classes().filter((c: string) => c.startsWith('probe-')), colour: e.style('line-color'), tooltip: e.data('tooltip') })),
    );
    const palette = await page.evaluate(() => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      const css = getComputedStyle(document.documentElement);
      const rgb = (name: string) => {
        ctx.fillStyle = css.getPropertyValue(name).trim();
        const hex = String(ctx.fillStyle);
        return `rgb(${parseInt(hex.slice(1, 3), 16)},${parseInt(hex.slice(3, 5), 16)},${parseInt(hex.slice(5, 7), 16)})`;
      };
      return { link: rgb('--nl-link'), error: rgb('--nl-error'), muted: rgb('--nl-muted') };
    });
    // Every arrow between services that a probe checked carries its verdict's colour and what the probe saw.
    const byPair = new Map<string, ProbeAllOutcome[]>();
    for (const o of recorded.outcomes) {
      // On the arrow of the address probed (api's localhost:5432 is drawn to db, the peer it is meant for), else the pair's.
      const ref = doc.references.find((r) => r.from === o.from && r.name === o.host && r.port === o.port && (r.to ?? r.intended));
      const to = ref ? (ref.to ?? ref.intended) : o.to;
      if (to && to !== o.from) byPair.set(`${o.from}>${to}`, [...(byPair.get(`${o.from}>${to}`) ?? []), o]);
    }
    assert.ok(byPair.get('api>db')?.some((o) => o.host === 'localhost'), 'the loopback probe lands on api → db');
    let checked = 0;
    for (const a of arrows) {
      const list = byPair.get(a.pair);
      if (!list) {
        assert.deepEqual(a.classes, [], `${a.pair}: not probed, not coloured`);
        continue;
      }
      checked++;
      const worst = list.some((o) => o.verdict === 'disagrees') ? 'disagrees' : list.some((o) => o.verdict === 'inconclusive') ? 'inconclusive' : 'agrees';
      const cls = { agrees: 'probe-agrees', disagrees: 'probe-disagrees', inconclusive: 'probe-failed' }[worst];
      assert.deepEqual(a.classes, [cls], a.pair);
      assert.equal(a.colour, { agrees: palette.link, disagrees: palette.error, inconclusive: palette.muted }[worst], a.pair);
      assert.match(a.tooltip, /\nprobe all: /, a.pair);
    }
    assert.ok(checked >= 3, `${checked} arrows checked`);
    // api → db (what api writes, localhost:5432) and worker → cache are among them.
    assert.ok(arrows.some((a: { pair: string; classes: string[] }) => a.pair === 'worker>cache' && a.classes.length === 1));
    // A recorded disagreement turns its arrow red; a failed probe grey (the same run, edited).
    const edited = recorded.outcomes.map((o) => (o.from === 'worker' && o.to === 'cache' ? { ...o, observed: 'works', verdict: 'disagrees' } : o.from === 'api' && o.host === 'cache' ? { ...o, observed: 'unknown', verdict: 'inconclusive' } : o));
    await send(page, { type: 'probe-all-progress', done: 0, total });
    for (let i = 0; i < total; i++) await send(page, { type: 'probe-all-progress', done: i + 1, total, outcome: edited[i] });
    await send(page, { type: 'probe-all-done', ok: true, summary: 'Probes: edited.', cancelled: false });
    await page.waitForFunction(() => (window as any).netlensView.core.edges('.probe-disagrees').length > 0, undefined, { timeout: 5000 });
    const after = await page.evaluate(() => ({
      red: (window as any).netlensView.core.edges('.probe-disagrees').map((e: any) => `${e.source().id()}>${e.target().id()}`),
      grey: (window as any).netlensView.core.edges('.probe-failed').map((e: any) => `${e.source().id()}>${e.target().id()}`),
      verdictClass: document.querySelector('.nl-probe-text')!.className,
      legend: (document.querySelector('.nl-probe-legend') as HTMLElement).hidden,
    }));
    assert.deepEqual(after.red, ['svc:worker>svc:cache']);
    assert.deepEqual(after.grey, ['svc:api>svc:cache']);
    assert.equal(after.verdictClass, 'nl-probe-text bad');
    assert.equal(after.legend, false, 'the legend names the colours');
    await page.screenshot({ path: outputPath('topology-probe-all.png') });
    // The matrix marks the probed pairs too.
    await page.click('button.nl-mode');
    await page.waitForSelector('.nl-cell[data-from="worker"][data-to="cache"]', { timeout: 10000 });
    assert.match((await page.getAttribute('.nl-cell[data-from="worker"][data-to="cache"]', 'class'))!, /probe-disagrees/);
    assert.match((await page.getAttribute('.nl-cell[data-from="api"][data-to="db"]', 'class'))!, /probe-agrees/);
    stop();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a refused or failed run says why and leaves the button usable', async () => {
    const { page, errors } = await openHarness(browser, topologyFromAnalysis(example()));
    await page.click('button.nl-probe-all');
    await waitPosted(page, 'probe-all');
    await send(page, { type: 'probe-all-done', ok: false, summary: 'Not run: probes only run in a trusted workspace.', cancelled: false });
    await page.waitForFunction(() => !(document.querySelector('button.nl-probe-all') as HTMLButtonElement).disabled, undefined, { timeout: 5000 });
    assert.equal(await page.textContent('.nl-probe-text'), 'Not run: probes only run in a trusted workspace.');
    assert.equal(await page.evaluate(() => (window as any).netlensView.core.edges('.probe-agrees, .probe-disagrees, .probe-failed').length), 0);
    // Malformed messages are ignored.
    await send(page, { type: 'probe-all-progress', done: -1, total: 3 });
    await send(page, { type: 'reach-matrix', matrix: { project: 'x', sources: ['a'], targets: ['b'], kinds: [], cells: [[5]], leftOut: 0 } });
    await send(page, { type: 'probe-all-progress', done: 1, total: 3, outcome: { from: 'api', to: 'db', host: '<b>', port: 'x' } });
    await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
    assert.equal(await page.isVisible('progress.nl-progress'), false);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a page without the extension or a matrix (the live HTML export) offers no matrix, Probe all off, and the filters still work', async () => {
    const doc = topologyFromAnalysis(layered());
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The harness without acquireVsCodeApi, as the export runs.
    const html = fs.readFileSync(new URL(writeHarness()), 'utf8').replace(/window\.acquireVsCodeApi = [^]*?\}\);/, '');
    const file = outputPath('harness-export.html');
    fs.writeFileSync(file, html);
    await page.goto(`file://${file}`);
    await send(page, { type: 'topology', document: doc });
    await page.waitForFunction(() => (window as any).netlensView?.core?.nodes().length > 0, undefined, { timeout: 30000 });
    assert.equal(await page.isVisible('button.nl-mode'), false);
    assert.equal(await page.$eval('button.nl-probe-all', (b) => (b as HTMLButtonElement).disabled), true, 'no engine to probe');
    await page.selectOption('select.nl-network', 'layered_data');
    assert.deepEqual(await visibleServices(page), ['app', 'kv', 'store']);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

/** VS Code's own colours for the variables the page reads, as its Light+ and Dark+ themes set them. */
const THEMES: Record<'light' | 'dark', Record<string, string>> = {
  light: {
    '--vscode-editor-background': '#ffffff',
    '--vscode-editor-foreground': '#000000',
    '--vscode-descriptionForeground': '#717171',
    '--vscode-editorWidget-border': '#c8c8c8',
    '--vscode-editorWidget-background': '#f3f3f3',
    '--vscode-focusBorder': '#0090f1',
    '--vscode-editorError-foreground': '#e51400',
    '--vscode-editorWarning-foreground': '#bf8803',
    '--vscode-editorInfo-foreground': '#1a85ff',
    '--vscode-charts-blue': '#1a85ff',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-purple': '#652d90',
    '--vscode-charts-green': '#388a34',
    '--vscode-input-background': '#ffffff',
    '--vscode-input-foreground': '#616161',
    '--vscode-editor-findMatchHighlightBackground': 'rgba(234, 92, 0, 0.33)',
    '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-button-secondaryBackground': '#5f6a79',
    '--vscode-testing-iconPassed': '#388a34',
    '--vscode-errorForeground': '#a1260d',
  },
  dark: {
    '--vscode-editor-background': '#1e1e1e',
    '--vscode-editor-foreground': '#d4d4d4',
    '--vscode-descriptionForeground': 'rgba(204, 204, 204, 0.7)',
    '--vscode-editorWidget-border': '#454545',
    '--vscode-editorWidget-background': '#252526',
    '--vscode-focusBorder': '#007fd4',
    '--vscode-editorError-foreground': '#f14c4c',
    '--vscode-editorWarning-foreground': '#cca700',
    '--vscode-editorInfo-foreground': '#3794ff',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-purple': '#b180d7',
    '--vscode-charts-green': '#89d185',
    '--vscode-input-background': '#3c3c3c',
    '--vscode-input-foreground': '#cccccc',
    '--vscode-editor-findMatchHighlightBackground': 'rgba(234, 92, 0, 0.33)',
    '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-button-secondaryBackground': '#3a3d41',
    '--vscode-testing-iconPassed': '#73c991',
    '--vscode-errorForeground': '#f48771',
  },
};

describe('topology panel controls: theme colours readable in light and dark', function () {
  this.timeout(180000);
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`${theme}: matrix cells, headers, search marks, the keyboard's focus ring, the controls and probe colours stand out from the background`, async () => {
      const analysis = example();
      const { page, errors } = await openHarness(browser, topologyFromAnalysis(analysis));
      // As VS Code does: the variables on <html>, the theme's class on <body>.
      await page.evaluate(
        ({ vars, kind }) => {
          for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
          document.body.className = `vscode-${kind}`;
        },
        { vars: THEMES[theme], kind: theme },
      );
      const stop = answerRequests(page, analysis);
      await page.fill('.nl-search', 'cache');
      await page.click('button.nl-mode');
      await page.waitForSelector('.nl-cell[data-from="api"][data-to="db"]', { timeout: 10000 });
      await page.click('.nl-cell[data-from="api"][data-to="db"]');
      await page.waitForFunction(() => document.querySelector('[data-testid=matrix-detail] dl') !== null, undefined, { timeout: 10000 });
      // The keyboard's cell (moved from the clicked one): its ring is drawn.
      await page.keyboard.press('ArrowRight');
      await send(page, { type: 'probe-all-progress', done: 1, total: 1, outcome: { from: 'api', to: 'db', host: 'localhost', port: 5432, expected: 'fails', observed: 'works', verdict: 'disagrees', because: 'x', seen: 'y' } });
      await page.waitForFunction(() => document.activeElement?.matches('.nl-cell:focus-visible') === true, undefined, { timeout: 5000 });
      await page.screenshot({ path: outputPath(`topology-matrix-${theme}.png`) });
      // Every colour pair drawn, resolved by the browser (color-mix, alpha over the background).
      const pairs = await page.evaluate(() => {
        const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
        /** A CSS colour as RGBA bytes, painted by the browser itself (any syntax it accepts). */
        const rgba = (c: string): number[] => {
          ctx.clearRect(0, 0, 1, 1);
          ctx.fillStyle = c;
          ctx.fillRect(0, 0, 1, 1);
          return Array.from(ctx.getImageData(0, 0, 1, 1).data);
        };
        const over = (top: number[], under: number[]) => top.slice(0, 3).map((v, i) => (v * top[3] + under[i] * (255 - top[3])) / 255);
        const page = rgba(getComputedStyle(document.body).backgroundColor);
        /** The colour behind an element: its own, else its parents', over the page. */
        const background = (e: Element): number[] => {
          const chain: number[][] = [];
          for (let n: Element | null = e; n; n = n.parentElement) chain.push(rgba(getComputedStyle(n).backgroundColor));
          return chain.reverse().reduce((acc, c) => over(c, acc), page.slice(0, 3));
        };
        const pick = (sel: string) => document.querySelector(sel)!;
        const text = (sel: string) => {
          const e = pick(sel);
          return { what: sel, fg: over(rgba(getComputedStyle(e).color), background(e)), bg: background(e), min: 4.5 };
        };
        const shadow = (sel: string) => {
          const e = pick(sel);
          const m = /(rgba?\([^)]*\)|color\([^)]*\)|#[0-9a-f]+)/i.exec(getComputedStyle(e).boxShadow);
          return { what: `${sel} mark`, fg: over(rgba(m ? m[1] : 'transparent'), background(e)), bg: page.slice(0, 3), min: 3 };
        };
        const cy = (window as any).netlensView.core;
        const edgeColour = (cls: string) => ({ what: `arrow ${cls}`, fg: rgba(cy.edges(`.${cls}`).first().style('line-color')).slice(0, 3), bg: page.slice(0, 3), min: 3 });
        return [
          text('.nl-cell.ok'),
          text('.nl-cell.warn'),
          text('.nl-cell.no'),
          text('.nl-row-head.match'),
          text('.nl-col-head'),
          text('.nl-matrix-legend .nl-matrix-key'),
          text('.nl-pair-head'),
          text('.nl-pair dd'),
          text('.nl-controls .nl-check'),
          text('.nl-controls select'),
          text('.nl-controls .nl-search'),
          text('.nl-controls button.nl-mode'),
          shadow('.nl-cell.probe-disagrees'),
          // The focus ring against the page and against the focused cell's own colour.
          { what: 'focus ring on the page', fg: rgba(getComputedStyle(document.activeElement!).outlineColor).slice(0, 3), bg: page.slice(0, 3), min: 3 },
          { what: 'focus ring on its cell', fg: rgba(getComputedStyle(document.activeElement!).outlineColor).slice(0, 3), bg: background(document.activeElement!), min: 3 },
          edgeColour('probe-disagrees'),
        ];
      });
      const luminance = (c: number[]) => {
        const [r, g, b] = c.map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const contrast = (a: number[], b: number[]) => {
        const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
        return (x + 0.05) / (y + 0.05);
      };
      const low = pairs.map((p) => ({ what: p.what, ratio: Math.round(contrast(p.fg, p.bg) * 100) / 100, min: p.min })).filter((p) => p.ratio < p.min);
      assert.deepEqual(low, [], `${theme}: ${JSON.stringify(low)}`);
      stop();
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});
