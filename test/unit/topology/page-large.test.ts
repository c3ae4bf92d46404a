// The topology page with a large project (level of detail): it opens collapsed, one node per network
// with its service count; a double-click opens one network, Expand all draws every service and
// network placed (labels wait for a readable zoom and are made for what is in sight), Collapse folds them again.
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { TopologyDocument } from '../../../server/src/topology/types';
import { launchChromium, outputPath } from '../../helpers/browser';
import { laidOut, writeHarness } from '../../helpers/harness';

/** `n` services over `n / 25` networks, each reaching the service `step` further by URL (by default on its own network); a tenth publish a port. */
function largeDoc(n: number, step?: number): TopologyDocument {
  const networks = Array.from({ length: Math.max(2, Math.round(n / 25)) }, (_, i) => ({ name: `big_net${i}`, key: `net${i}`, kind: 'project', driver: 'bridge', internal: false, external: false, attachable: false, subnets: [] }));
  const services = Array.from({ length: n }, (_, i) => ({
    name: `svc${i}`,
    image: `image${i % 17}:latest`,
    replicas: 1,
    active: true,
    network_mode: null,
    namespace_of: null,
    networks: [{ network: networks[i % networks.length].name, aliases: [], names: [`svc${i}`], ipv4: null, mac: null }],
    ports: i % 10 === 0 ? [{ host_ip: null, published: 8000 + i, target: 80, protocol: 'tcp' }] : [],
    // Service i is written on lines 3i to 3i + 2 of one file.
    loc: { file: '/big/compose.yaml', range: { start: { line: 3 * i, character: 2 }, end: { line: 3 * i, character: 8 } } },
  }));
  const references = services.map((_, i) => {
    const to = (i + (step ?? networks.length)) % n;
    return { from: `svc${i}`, to: `svc${to}`, name: `svc${to}`, port: 80, network: networks[i % networks.length].name, kind: 'url', findings: [], resolution: 'service' };
  });
  return { version: 1, source: 'file', project: 'big', networks, services, references, findings: [] } as unknown as TopologyDocument;
}

async function open(browser: Browser, doc: unknown): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(writeHarness(), { timeout: 30000 });
  await page.evaluate((d) => window.postMessage({ type: 'topology', document: d }, '*'), doc);
  await page.waitForFunction(() => (window as any).netlensView?.core?.nodes().length > 0, undefined, { timeout: 60000 });
  await laidOut(page);
  return { page, errors };
}

describe('topology page in Chromium: a large project', function () {
  this.timeout(180000);
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('opens collapsed: one node per network with its service count, arrows merged between networks', async () => {
    const doc = largeDoc(400, 1);
    const { page, errors } = await open(browser, doc);
    const seen = await page.evaluate(() => {
      const cy = (window as any).netlensView.core;
      return {
        services: cy.nodes('[kind = "service"]').length,
        groups: cy.nodes('.group').map((n: any) => ({ id: n.id(), members: n.data('members'), label: n.data('label') })),
        refs: cy.edges('[kind = "reference"]').map((e: any) => ({ s: e.source().id(), t: e.target().id(), label: e.data('label') })),
        toggle: (document.querySelector('.nl-expand') as HTMLElement).style.display,
        toggleText: document.querySelector('.nl-expand')!.textContent,
      };
    });
    assert.equal(seen.services, 0, 'no service drawn on its own');
    assert.equal(seen.groups.length, doc.networks.length);
    assert.equal(seen.groups.reduce((n: number, g: { members: number }) => n + g.members, 0), doc.services.length, 'the counts add up to every service');
    for (const g of seen.groups) assert.match(g.label, /\n25 services$/);
    assert.ok(seen.refs.length > 0 && seen.refs.every((r: { s: string; t: string }) => r.s.startsWith('net:') && r.t.startsWith('net:')), JSON.stringify(seen.refs.slice(0, 3)));
    assert.equal(seen.refs.reduce((n: number, r: { label: string }) => n + Number(/^(\d+) references$/.exec(r.label)?.[1] ?? 1), 0), doc.references.length, 'every reference is counted on a merged arrow');
    assert.equal(seen.toggle, '', 'the Expand all button is shown');
    assert.equal(seen.toggleText, 'Expand all');
    // The editor's cursor in a collapsed service marks its network's group.
    await page.evaluate(() => window.postMessage({ type: 'highlight', file: '/big/compose.yaml', line: 3 * 21 + 1 }, '*'));
    await page.waitForFunction(() => (window as any).netlensView.core.$('.highlighted').length === 1, undefined, { timeout: 5000 });
    assert.equal(await page.evaluate(() => (window as any).netlensView.core.$('.highlighted').id()), `net:big_net${21 % doc.networks.length}`);
    await page.screenshot({ path: outputPath('topology-large-collapsed.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a double-click opens one network: its services are laid out, the rest stays collapsed, and the choice is saved', async () => {
    const doc = largeDoc(400);
    const { page, errors } = await open(browser, doc);
    const at = await page.evaluate(() => {
      const n = (window as any).netlensView.core.getElementById('net:big_net3');
      const box = document.querySelector('[data-testid=graph]')!.getBoundingClientRect();
      const p = n.renderedPosition();
      return { x: box.left + p.x, y: box.top + p.y };
    });
    await page.mouse.dblclick(at.x, at.y);
    await page.waitForFunction(() => (window as any).netlensView.core.nodes('[kind = "service"]').length > 0, undefined, { timeout: 30000 });
    await laidOut(page);
    const seen = await page.evaluate(() => {
      const cy = (window as any).netlensView.core;
      const services = cy.nodes('[kind = "service"]');
      return {
        services: services.map((n: any) => n.id()).sort(),
        spots: new Set(services.map((n: any) => `${Math.round(n.position('x'))},${Math.round(n.position('y'))}`)).size,
        stillGroups: cy.nodes('.group').length,
        opened: cy.getElementById('net:big_net3').hasClass('group'),
      };
    });
    const mine = doc.services.filter((_, i) => i % doc.networks.length === 3).map((s) => `svc:${s.name}`).sort();
    assert.deepEqual(seen.services, mine);
    assert.equal(seen.spots, mine.length, 'each opened service has a place of its own');
    assert.equal(seen.stillGroups, doc.networks.length - 1);
    assert.equal(seen.opened, false);
    await page.waitForFunction(() => JSON.stringify((window as any).__state?.expanded) === '["net:big_net3"]', undefined, { timeout: 5000 });
    const saved = await page.evaluate(() => (window as any).__state);
    assert.deepEqual(errors, []);
    await page.close();

    // A restored panel (hidden, or the window reloaded) opens with the same network open.
    const again = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await again.goto(writeHarness(), { timeout: 30000 });
    await again.evaluate((s) => ((window as any).__state = s), saved);
    await again.evaluate((d) => window.postMessage({ type: 'topology', document: d }, '*'), doc);
    await again.waitForFunction(() => (window as any).netlensView?.core?.nodes().length > 0, undefined, { timeout: 60000 });
    const restored = await again.evaluate(() => (window as any).netlensView.core.nodes('[kind = "service"]').map((n: any) => n.id()).sort());
    assert.deepEqual(restored, mine);
    await again.close();
  });

  it('Expand all draws and places all 400 services and their networks, labels made in sight from a readable zoom; Collapse folds them again', async () => {
    const doc = largeDoc(400);
    const { page, errors } = await open(browser, doc);
    await page.getByRole('button', { name: 'Expand all' }).click();
    await page.waitForFunction(() => (window as any).netlensView.core.nodes('[kind = "service"]').length > 0, undefined, { timeout: 60000 });
    await laidOut(page);
    const seen = await page.evaluate(() => {
      const cy = (window as any).netlensView.core;
      const services = cy.nodes('[kind = "service"]');
      const networks = cy.nodes('[kind = "network"]');
      const spots = new Set(services.map((n: any) => `${Math.round(n.position('x'))},${Math.round(n.position('y'))}`));
      return {
        services: services.map((n: any) => String(n.data('label')).split('\n')[0]),
        networks: networks.length,
        groups: cy.nodes('.group').length,
        distinctSpots: spots.size,
        finite: services.every((n: any) => Number.isFinite(n.position('x')) && Number.isFinite(n.position('y'))),
        labelled: cy.$('.nl-label').length,
        edges: cy.edges('[kind = "reference"]').length,
        // Ports come into the host's box once placed (layout.ts, adoptChildren): each inside it, none left outside.
        ports: cy.nodes('[kind = "port"]').map((n: any) => {
          const box = n.parent().boundingBox();
          const at = n.position();
          return { parent: n.parent().id(), inside: at.x > box.x1 && at.x < box.x2 && at.y > box.y1 && at.y < box.y2 };
        }),
      };
    });
    for (const s of doc.services) assert.ok(seen.services.includes(s.name), `service ${s.name} drawn`);
    assert.equal(seen.networks, doc.networks.length);
    assert.equal(seen.groups, 0);
    assert.equal(seen.edges, doc.references.length, 'every reference is an edge');
    assert.ok(seen.finite, 'every service has a position');
    assert.equal(seen.ports.length, doc.services.filter((s) => s.ports.length).length, 'every published port drawn');
    for (const p of seen.ports) assert.deepEqual(p, { parent: 'host', inside: true });
    // Laid out, not piled up: nearly every service has a place of its own.
    assert.ok(seen.distinctSpots > doc.services.length * 0.9, `${seen.distinctSpots} distinct positions for ${doc.services.length} services`);
    // Level of detail: a large graph's labels are made once they can be read, for what is in sight (style.ts, view.ts).
    assert.equal(seen.labelled, 0, 'no label made at a zoom where none can be read');
    await page.evaluate(() => {
      const cy = (window as any).netlensView.core;
      cy.zoom(1);
      cy.center(cy.getElementById('svc:svc7'));
    });
    await page.waitForFunction(() => (window as any).netlensView.core.$('.nl-label').length > 0, undefined, { timeout: 10000 });
    const near = await page.evaluate(() => {
      const cy = (window as any).netlensView.core;
      const view = cy.extent();
      const inSight = (p: { x: number; y: number }) => p.x > view.x1 && p.x < view.x2 && p.y > view.y1 && p.y < view.y2;
      const nodes = cy.nodes(':childless').filter((n: any) => inSight(n.position()));
      const edges = cy.edges('[label]').filter((e: any) => inSight(e.midpoint()));
      return {
        nodes: nodes.length,
        edges: edges.length,
        // Drawn as in a small graph: the label, from 9 px on the screen.
        unlabelled: [...nodes.filter((n: any) => n.style('label') !== n.data('label')).map((n: any) => n.id()), ...edges.filter((e: any) => !e.hasClass('nl-quiet') && e.style('label') !== e.data('label')).map((e: any) => e.id())],
        minZoomedFont: cy.getElementById('svc:svc7').style('min-zoomed-font-size'),
        labelled: cy.$('.nl-label').length,
        all: cy.elements().length,
      };
    });
    assert.ok(near.nodes > 5 && near.edges > 5, JSON.stringify(near));
    assert.deepEqual(near.unlabelled, [], 'every label in sight is drawn');
    assert.equal(near.minZoomedFont, '9px', 'from a readable size on (9 px), not 4 px');
    assert.ok(near.labelled < near.all / 2, `only what is near the view is labelled (${near.labelled} of ${near.all})`);
    // An export shows every label, and leaves the picture's as they were.
    await page.getByRole('button', { name: 'Export SVG' }).click();
    const svg: string = await page.evaluate(() => (window as any).__posted.find((m: { type: string }) => m.type === 'exported').data);
    for (const s of doc.services) assert.ok(svg.includes(`>${s.name}</tspan>`), `${s.name} named in the SVG`);
    assert.equal(await page.evaluate(() => (window as any).netlensView.core.$('.nl-label').length), near.labelled);
    await page.getByRole('button', { name: 'Collapse' }).click();
    await page.waitForFunction(() => (window as any).netlensView.core.nodes('[kind = "service"]').length === 0, undefined, { timeout: 30000 });
    assert.equal(await page.evaluate(() => (window as any).netlensView.core.nodes('.group').length), doc.networks.length);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a hub keeps what the document says: an opened network its own label, an edited hub its new one, with its note', async () => {
    const doc = largeDoc(400) as unknown as { services: Array<{ name: string; image: string }>; networks: Array<{ name: string }>; references: Array<Record<string, unknown>> };
    // A third of the services dial svc0: svc0 is a hub, and so is its network's group while collapsed.
    for (let i = 1; i < 400; i += 3) doc.references.push({ from: `svc${i}`, to: 'svc0', name: 'svc0', port: 5432, network: doc.networks[i % doc.networks.length].name, kind: 'url', findings: [], resolution: 'service' });
    const { page, errors } = await open(browser, doc);
    const before = await page.evaluate(() => (window as any).netlensView.core.getElementById('net:big_net0').data());
    assert.ok(before.hubNote && /25 services/.test(before.label), `the collapsed group is a hub: ${JSON.stringify(before)}`);
    await page.getByRole('button', { name: 'Expand all' }).click();
    await page.waitForFunction(() => (window as any).netlensView.core.nodes('[kind = "service"]').length > 0, undefined, { timeout: 60000 });
    await laidOut(page);
    const hub = () => page.evaluate(() => {
      const cy = (window as any).netlensView.core;
      return { networks: cy.nodes('[kind = "network"]').map((n: any) => n.data('label')), svc0: cy.getElementById('svc:svc0').data('label'), quiet: cy.edges('.nl-quiet').length };
    });
    const opened = await hub();
    assert.deepEqual(opened.networks.filter((l: string) => /services/.test(l)), [], 'no opened network keeps its group\'s count');
    assert.match(opened.svc0, /^svc0\nimage0:latest\n← 133 × svc0:5432$/);
    assert.equal(opened.quiet, 133, 'the arrows the note speaks for are quiet');
    // An edit of the hub's image: its label says the new one, the note and the quiet arrows stay.
    doc.services[0].image = 'edited:2';
    await page.evaluate((d) => window.postMessage({ type: 'topology', document: d }, '*'), doc);
    await page.waitForFunction(() => /edited/.test((window as any).netlensView.core.getElementById('svc:svc0').data('label')), undefined, { timeout: 30000 });
    await laidOut(page);
    const edited = await hub();
    assert.match(edited.svc0, /^svc0\nedited:2\n← 133 × svc0:5432$/);
    assert.equal(edited.quiet, 133);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('keeps the full detail for a small project', async () => {
    const { page, errors } = await open(browser, largeDoc(20));
    const font = await page.evaluate(() => (window as any).netlensView.core.nodes('[kind = "service"]')[0].style('min-zoomed-font-size'));
    assert.equal(font, '4px');
    assert.equal(await page.evaluate(() => (window as any).netlensView.core.nodes('.group').length), 0, 'a small project is never collapsed');
    assert.equal(await page.isVisible('.nl-expand'), false, 'and offers no Expand all');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
