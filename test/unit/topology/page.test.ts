// The topology page (client/out/webview.js) in real Chromium: the bundled example drawn whole,
// a finding on the picture, a click posting the reveal message, the cursor highlighting, and
// hostile names staying text.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadProject } from '../../../server/src/compose/project';
import { analyse } from '../../../server/src/analysis';
import { shortImage } from '../../../server/src/topology/elements';
import { topologyFromAnalysis } from '../../../server/src/topology/fromModel';
import type { TopologyDocument } from '../../../server/src/topology/types';
import { launchChromium, outputPath, ROOT } from '../../helpers/browser';
import { laidOut, openHarness } from '../../helpers/harness';
import { check } from '../../helpers/project';

const EVIL = `</script><img src=x onerror="window.__pwned=1">"'&amp;`;

function exampleDoc(): TopologyDocument {
  return topologyFromAnalysis(analyse(loadProject({ dir: path.join(ROOT, 'examples'), env: {} })));
}

interface Drawn {
  id: string;
  kind: string;
  label: string;
  classes: string[];
  tooltip: string;
  lineColor?: string;
  lineStyle?: string;
}

async function drawn(page: Page): Promise<Drawn[]> {
  return page.evaluate(() => {
    const view = (window as any).netlensView;
    return view.core.elements().map((e: any) => ({
      id: e.id(),
      kind: e.data('kind'),
      label: e.data('label'),
      classes: e.classes(),
      tooltip: e.data('tooltip'),
      lineColor: e.isEdge() ? e.style('line-color') : undefined,
      lineStyle: e.isEdge() ? e.style('line-style') : undefined,
    }));
  });
}

/** What an exported SVG holds, parsed by the browser's XML parser. */
async function svgContents(page: Page, svg: string) {
  return page.evaluate((text) => {
    const xml = new DOMParser().parseFromString(text, 'image/svg+xml');
    const all = Array.from(xml.querySelectorAll('*'));
    return {
      parseError: xml.querySelector('parsererror') !== null,
      elements: [...new Set(all.map((e) => e.localName))],
      images: xml.querySelectorAll('image, foreignObject, script').length,
      texts: Array.from(xml.querySelectorAll('tspan')).map((t) => t.textContent ?? ''),
      title: xml.querySelector('title')?.textContent,
      shapes: xml.querySelectorAll('rect, ellipse').length,
      paths: xml.querySelectorAll('path').length,
      arrowheads: xml.querySelectorAll('polygon').length,
      strokes: [...new Set(all.map((e) => e.getAttribute('stroke')).filter((x): x is string => !!x))],
    };
  }, svg);
}

describe('topology page in Chromium', function () {
  this.timeout(120000);
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('draws every service, network, published port and finding of the example; a click posts reveal', async () => {
    const doc = exampleDoc();
    const { page, errors } = await openHarness(browser, doc);
    const els = await drawn(page);
    const labels = els.map((e) => e.label);
    for (const s of doc.services) assert.ok(els.some((e) => e.kind === 'service' && e.label.split('\n')[0] === s.name), `service ${s.name} drawn`);
    for (const n of doc.networks) assert.ok(els.some((e) => e.kind === 'network' && e.label.split('\n')[0] === n.name), `network ${n.name} drawn`);
    assert.ok(labels.includes('0.0.0.0:8080/tcp') && labels.includes('0.0.0.0:3000/tcp'), labels.join(' | '));
    assert.ok(els.some((e) => e.kind === 'published' && e.label === '→ 80'));
    // localhost-peer: a red arrow from api to db, labelled with what api wrote.
    const peer = els.find((e) => e.kind === 'reference' && e.classes.includes('rule-localhost-peer'))!;
    assert.ok(peer, 'the localhost-peer finding is drawn');
    assert.equal(peer.id, 'ref:api>db>reference.loopback.finding');
    assert.equal(peer.label, 'localhost:5432');
    assert.match(peer.tooltip, /localhost-peer: `api` reaches `localhost:5432`/);
    const red = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--nl-error').trim());
    assert.equal(peer.lineColor, red === '#cf222e' ? 'rgb(207,34,46)' : peer.lineColor);
    // default-bridge-dns: a broken (dashed) arrow from worker to cache.
    const bridge = els.find((e) => e.kind === 'reference' && e.classes.includes('rule-default-bridge-dns'))!;
    assert.ok(bridge.classes.includes('broken'));
    assert.equal(bridge.lineStyle, 'dashed');

    // Hover shows the element's text in the tooltip; a click posts the reveal message.
    const at = await page.evaluate(() => {
      const n = (window as any).netlensView.core.getElementById('svc:db');
      const box = document.querySelector('[data-testid=graph]')!.getBoundingClientRect();
      const p = n.renderedPosition();
      return { x: box.left + p.x, y: box.top + p.y };
    });
    await page.mouse.move(at.x, at.y);
    await page.waitForFunction(() => (document.querySelector('.nl-tooltip') as HTMLElement).style.display === 'block', undefined, { timeout: 5000 });
    assert.match(await page.textContent('.nl-tooltip') ?? '', /^service db\nimage: postgres:16/);
    await page.mouse.click(at.x, at.y);
    const posted = await page.evaluate(() => (window as any).__posted);
    assert.deepEqual(posted[0], { type: 'ready' });
    const reveal = posted.find((m: { type: string }) => m.type === 'reveal');
    assert.ok(reveal, JSON.stringify(posted));
    assert.equal(reveal.loc.file, path.join(ROOT, 'examples', 'compose.yaml'));
    assert.equal(reveal.loc.range.start.line, 39);

    // The editor's cursor on line 23 (api's DATABASE_URL) highlights the red arrow; on line 44 the db box.
    const file = path.join(ROOT, 'examples', 'compose.yaml');
    await page.evaluate((f) => window.postMessage({ type: 'highlight', file: f, line: 22 }, '*'), file);
    await page.waitForFunction(() => (window as any).netlensView.core.$('.highlighted').length === 1, undefined, { timeout: 5000 });
    assert.equal(await page.evaluate(() => (window as any).netlensView.core.$('.highlighted').id()), peer.id);
    await page.evaluate((f) => window.postMessage({ type: 'highlight', file: f, line: 43 }, '*'), file);
    await page.waitForFunction(() => (window as any).netlensView.core.$('.highlighted').id() === 'svc:db', undefined, { timeout: 5000 });

    await page.screenshot({ path: outputPath('topology-example.png') });
    // The PNG export is a real image of the whole picture.
    const png = await page.evaluate(() => (window as any).netlensView.imageData('png'));
    assert.match(png, /^data:image\/png;base64,iVBORw0KGgo/);
    // The SVG export is drawn in vectors: a box and a text per element, no embedded picture.
    const svg = await page.evaluate(() => (window as any).netlensView.imageData('svg'));
    assert.match(svg, /^<\?xml[^]*<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^]*<title>Network topology of shop<\/title>/);
    const vector = await svgContents(page, svg);
    assert.equal(vector.parseError, false);
    assert.equal(vector.images, 0, 'no <image>: not a bitmap in an SVG');
    for (const s of doc.services) assert.ok(vector.texts.includes(s.name), `service ${s.name} written as text`);
    for (const n of doc.networks) assert.ok(vector.texts.includes(n.name), `network ${n.name} written as text`);
    assert.ok(vector.texts.includes('0.0.0.0:8080/tcp'));
    assert.ok(vector.shapes >= doc.services.length + doc.networks.length, `${vector.shapes} boxes`);
    assert.ok(vector.paths > 0 && vector.arrowheads > 0, 'arrows drawn as paths with heads');
    // The finding's red arrow keeps its colour.
    const redLine = await page.evaluate(() => (window as any).netlensView.core.edges('.sev-error').first().style('line-color'));
    assert.ok(vector.strokes.includes(redLine), `${redLine} in ${vector.strokes.join(' ')}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('follows an edit without losing zoom, pan or selection', async () => {
    const doc = exampleDoc();
    const { page } = await openHarness(browser, doc);
    await page.evaluate(() => {
      const cy = (window as any).netlensView.core;
      cy.zoom(1.7);
      cy.pan({ x: 33, y: -12 });
      cy.getElementById('svc:cache').select();
    });
    const edited = JSON.parse(JSON.stringify(doc)) as TopologyDocument;
    edited.services.push({ name: 'mailer', image: 'mailhog', replicas: 2, active: true, network_mode: null, namespace_of: null, networks: [{ network: 'shop_backend', aliases: [], ipv4: null, mac: null }], ports: [] });
    await page.evaluate((d) => window.postMessage({ type: 'topology', document: d }, '*'), edited);
    await page.waitForFunction(() => (window as any).netlensView.core.getElementById('svc:mailer').nonempty(), undefined, { timeout: 10000 });
    const view = await page.evaluate(() => {
      const cy = (window as any).netlensView.core;
      return { zoom: cy.zoom(), pan: cy.pan(), selected: cy.$(':selected').map((e: any) => e.id()), label: cy.getElementById('svc:mailer').data('label') };
    });
    assert.equal(view.zoom, 1.7);
    assert.deepEqual(view.pan, { x: 33, y: -12 });
    assert.deepEqual(view.selected, ['svc:cache']);
    assert.equal(view.label, 'mailer\nmailhog ×2');
    await page.close();
  });

  it('follows an edit that puts services already drawn into a new box: inside it, placed within it', async () => {
    const compose = (mode: string) => `name: boxed
services:
  app:
    image: app:1
  sidecar:
    image: envoy
${mode}  db:
    image: postgres:16
`;
    const { page, errors } = await openHarness(browser, topologyFromAnalysis(check({ 'compose.yaml': compose('') })));
    assert.equal(await page.evaluate(() => (window as any).netlensView.core.getElementById('ns:app').empty()), true, 'no shared namespace yet');
    // The sidecar joins the app's namespace: the box is new, both services were drawn before.
    await page.evaluate((d) => window.postMessage({ type: 'topology', document: d }, '*'), topologyFromAnalysis(check({ 'compose.yaml': compose('    network_mode: service:app\n') })));
    await page.waitForFunction(() => (window as any).netlensView.core.getElementById('ns:app').nonempty(), undefined, { timeout: 10000 });
    await laidOut(page);
    const seen = await page.evaluate(() => {
      const cy = (window as any).netlensView.core;
      const box = cy.getElementById('ns:app').boundingBox({ includeLabels: false });
      const inside = (id: string) => {
        const p = cy.getElementById(id).position();
        return p.x > box.x1 && p.x < box.x2 && p.y > box.y1 && p.y < box.y2;
      };
      return { parents: ['svc:app', 'svc:sidecar', 'svc:db'].map((id) => cy.getElementById(id).parent().id() ?? null), inside: [inside('svc:app'), inside('svc:sidecar'), inside('svc:db')] };
    });
    assert.deepEqual(seen.parents, ['ns:app', 'ns:app', null]);
    assert.deepEqual(seen.inside, [true, true, false]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('names full of HTML and script stay text and nothing executes', async () => {
    const doc: TopologyDocument = {
      version: 1,
      source: 'file',
      project: EVIL,
      networks: [{ name: `net${EVIL}`, kind: 'project', driver: `<b>drv</b>`, internal: false, external: false, attachable: false, subnets: [] }],
      services: [
        { name: `svc${EVIL}`, image: `<script>window.__pwned=2</script>`, replicas: 1, active: true, network_mode: null, namespace_of: null, networks: [{ network: `net${EVIL}`, aliases: [`alias${EVIL}`], ipv4: null, mac: null }], ports: [] },
        { name: 'peer', image: 'x', replicas: 1, active: true, network_mode: null, namespace_of: null, networks: [{ network: `net${EVIL}`, aliases: [], ipv4: null, mac: null }], ports: [] },
      ],
      references: [{ from: 'peer', to: `svc${EVIL}`, name: `ref${EVIL}`, port: 1, network: `net${EVIL}`, kind: 'url', findings: ['x-rule'] }],
      findings: [
        { rule: 'x-rule', severity: 'error', message: `msg <img src=x onerror="window.__pwned=3">`, service: 'peer' },
        { rule: 'load', severity: 'error', message: `unplaced <img src=x onerror="window.__pwned=4">`, service: null },
      ],
    };
    const { page, errors } = await openHarness(browser, doc);
    const els = await drawn(page);
    // The image name is long: the box shows its end, the tooltip (below) the whole of it; both as text.
    assert.ok(els.some((e) => e.label.startsWith(`svc${EVIL}\n${shortImage('<script>window.__pwned=2</script>')}`)));
    assert.ok(els.some((e) => e.label.startsWith(`net${EVIL}\n<b>drv</b>`)));
    assert.ok(els.some((e) => e.kind === 'attachment' && e.label === `alias${EVIL}`));
    assert.ok(els.some((e) => e.kind === 'reference' && e.label === `ref${EVIL}:1`));
    // Hover the reference's target: the tooltip shows the raw text.
    const at = await page.evaluate((id) => {
      const n = (window as any).netlensView.core.getElementById(id);
      const box = document.querySelector('[data-testid=graph]')!.getBoundingClientRect();
      const p = n.renderedPosition();
      return { x: box.left + p.x, y: box.top + p.y };
    }, `svc:svc${EVIL}`);
    await page.mouse.move(at.x, at.y);
    await page.waitForFunction(() => (document.querySelector('.nl-tooltip') as HTMLElement).style.display === 'block', undefined, { timeout: 5000 });
    const result = await page.evaluate(() => ({
      pwned: (window as any).__pwned,
      imgs: document.querySelectorAll('img, svg, b').length,
      scripts: document.querySelectorAll('script').length,
      title: document.querySelector('.nl-title')!.textContent,
      unplaced: document.querySelector('.nl-unplaced')!.textContent,
      tooltip: document.querySelector('.nl-tooltip')!.textContent,
    }));
    assert.equal(result.tooltip, `service svc${EVIL}\nimage: <script>window.__pwned=2</script>\nreplicas: 1`);
    assert.equal(result.pwned, undefined);
    assert.equal(result.imgs, 0);
    assert.equal(result.scripts, 2, 'only the harness’s two scripts');
    assert.ok(result.title!.startsWith(EVIL));
    assert.equal(result.unplaced, `error load: unplaced <img src=x onerror="window.__pwned=4">`);
    // The SVG export writes the same names as text: parsed back, nothing but text nodes hold them.
    const svg = await page.evaluate(() => (window as any).netlensView.imageData('svg'));
    const vector = await svgContents(page, svg);
    assert.equal(vector.parseError, false);
    assert.deepEqual(vector.elements.filter((n: string) => !['svg', 'title', 'rect', 'ellipse', 'path', 'polygon', 'text', 'tspan'].includes(n)), [], 'only drawing elements');
    assert.ok(vector.texts.includes(`svc${EVIL}`) && vector.texts.includes(`net${EVIL}`) && vector.texts.includes(`ref${EVIL}:1`), vector.texts.join(' | '));
    assert.equal(vector.title, `Network topology of ${EVIL}`);
    // Opened as a document of its own, it runs nothing.
    const shown = await browser.newPage();
    await shown.goto(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    assert.equal(await shown.evaluate(() => (window as any).__pwned), undefined);
    assert.equal(await shown.evaluate(() => document.querySelectorAll('script, img, image, foreignObject').length), 0);
    await shown.close();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the export buttons post the PNG and the SVG to the extension', async () => {
    const { page, errors } = await openHarness(browser, exampleDoc());
    await page.click('button:text("Export PNG")', { timeout: 5000 });
    await page.click('button:text("Export SVG")', { timeout: 5000 });
    const exported = await page.evaluate(() => (window as any).__posted.filter((m: { type: string }) => m.type === 'exported'));
    assert.deepEqual(exported.map((m: { format: string }) => m.format), ['png', 'svg']);
    assert.match(exported[0].data, /^data:image\/png;base64,iVBORw0KGgo/);
    assert.ok(exported[0].data.length > 10000, 'a real picture');
    assert.match(exported[1].data, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('ignores malformed messages', async () => {
    const { page, errors } = await openHarness(browser, exampleDoc());
    const before = (await drawn(page)).length;
    await page.evaluate(() => {
      window.postMessage({ type: 'topology', document: { version: 2 } }, '*');
      window.postMessage({ type: 'highlight', file: 3 }, '*');
      window.postMessage('<img src=x onerror=alert(1)>', '*');
      window.postMessage({ type: 'nope' }, '*');
    });
    await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
    assert.equal((await drawn(page)).length, before);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('topology page in Chromium: every kind of network', function () {
  this.timeout(120000);
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('draws host, none, external, internal networks and a shared namespace as one box (facts 2, 3, 4)', async () => {
    const doc = topologyFromAnalysis(
      check({
        'compose.yaml': `name: kinds
services:
  app:
    image: app:1
    networks:
      back:
        aliases: [backend-app]
        ipv4_address: 10.5.0.10
      corp: {}
    ports: ["127.0.0.1:8443:443", "9000-9001:9000-9001/udp"]
  sidecar:
    image: envoy
    network_mode: service:app
  agent:
    image: agent
    network_mode: host
  jail:
    image: busybox
    network_mode: none
  db:
    image: postgres:16
    deploy: { replicas: 2 }
    networks: [back]
  client:
    image: curl
    environment:
      TARGET: http://db:5432
      OTHER: http://agent:80
    networks: [back]
networks:
  back:
    internal: true
    ipam:
      config:
        - subnet: 10.5.0.0/24
  corp:
    external: true
    name: corp-net
`,
      }),
    );
    const { page, errors } = await openHarness(browser, doc);
    const els = await drawn(page);
    const byId = new Map(els.map((e) => [e.id, e]));
    assert.ok(byId.get('net:host')!.classes.includes('host'));
    assert.ok(byId.get('net:none')!.classes.includes('none'));
    assert.ok(byId.get('net:corp-net')!.classes.includes('external'));
    assert.ok(byId.get('net:kinds_back')!.classes.includes('internal'));
    assert.equal(byId.get('net:kinds_back')!.label, 'kinds_back\nbridge · internal · 10.5.0.0/24');
    const parents = await page.evaluate(() => {
      const cy = (window as any).netlensView.core;
      return { app: cy.getElementById('svc:app').parent().id(), sidecar: cy.getElementById('svc:sidecar').parent().id() };
    });
    assert.deepEqual(parents, { app: 'ns:app', sidecar: 'ns:app' });
    assert.ok(els.some((e) => e.label === '127.0.0.1:8443/tcp'));
    assert.ok(els.some((e) => e.label === '0.0.0.0:9000-9001/udp'));
    assert.equal(byId.get('att:app:kinds_back')!.label, 'backend-app, 10.5.0.10');
    assert.equal(byId.get('svc:db')!.label, 'db\npostgres:16 ×2');
    assert.ok(els.some((e) => e.kind === 'reference' && e.label === 'db:5432'));
    await page.screenshot({ path: outputPath('topology-kinds.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
