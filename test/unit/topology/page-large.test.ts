// The topology page with a large project (level of detail): every service and network is still
// drawn and placed, and only the drawing detail changes (labels wait for a readable zoom).
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { TopologyDocument } from '../../../server/src/topology/types';
import { launchChromium } from '../../helpers/browser';
import { writeHarness } from '../../helpers/harness';

/** `n` services over `n / 25` networks, each reaching another by URL; a tenth publish a port. */
function largeDoc(n: number): TopologyDocument {
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
  }));
  const references = services.map((_, i) => {
    const to = (i + networks.length) % n;
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

  it('draws and places all 400 services and their networks, labels shown from a readable zoom', async () => {
    const doc = largeDoc(400);
    const { page, errors } = await open(browser, doc);
    const seen = await page.evaluate(() => {
      const cy = (window as any).netlensView.core;
      const services = cy.nodes('[kind = "service"]');
      const networks = cy.nodes('[kind = "network"]');
      const spots = new Set(services.map((n: any) => `${Math.round(n.position('x'))},${Math.round(n.position('y'))}`));
      return {
        services: services.map((n: any) => String(n.data('label')).split('\n')[0]),
        networks: networks.length,
        distinctSpots: spots.size,
        finite: services.every((n: any) => Number.isFinite(n.position('x')) && Number.isFinite(n.position('y'))),
        minZoomedFont: services[0].style('min-zoomed-font-size'),
        edges: cy.edges('[kind = "reference"]').length,
      };
    });
    for (const s of doc.services) assert.ok(seen.services.includes(s.name), `service ${s.name} drawn`);
    assert.equal(seen.networks, doc.networks.length);
    assert.equal(seen.edges, doc.references.length, 'every reference is an edge');
    assert.ok(seen.finite, 'every service has a position');
    // Laid out, not piled up: nearly every service has a place of its own.
    assert.ok(seen.distinctSpots > doc.services.length * 0.9, `${seen.distinctSpots} distinct positions for ${doc.services.length} services`);
    // Level of detail: labels of a large graph appear once they are readable (9 px), not at 4 px.
    assert.equal(seen.minZoomedFont, '9px');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('keeps the full detail for a small project', async () => {
    const { page, errors } = await open(browser, largeDoc(20));
    const font = await page.evaluate(() => (window as any).netlensView.core.nodes('[kind = "service"]')[0].style('min-zoomed-font-size'));
    assert.equal(font, '4px');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
