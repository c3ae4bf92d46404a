// The picture of a real-size project (60 services on one network, three hubs most of them dial, long
// image names) as the page lays it out: read back from cytoscape, no two boxes overlap, no label covers
// another box or label, the hubs stand in the last column with every arrow into them running one way,
// and long image names are shortened in the box with the whole name in the tooltip.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { analyse } from '../../../server/src/analysis';
import { loadProject } from '../../../server/src/compose/project';
import { topologyFromAnalysis } from '../../../server/src/topology/fromModel';
import { launchChromium, outputPath } from '../../helpers/browser';
import { REALWORLD } from '../../helpers/realworld';
import { openHarness } from '../../helpers/harness';
import { HUBS, hubProjectDoc } from '../../helpers/hubProject';

interface Box {
  id: string;
  what: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Waits until the layout has placed the picture (it runs in a worker). */
async function laidOut(page: Page): Promise<void> {
  await page.waitForFunction(() => !(window as any).netlensView.layingOut, undefined, { timeout: 60000 });
}

/** Boxes of every leaf node, of every label (nodes' and edges'), read from the laid-out page. */
async function laidOutBoxes(page: Page): Promise<{ nodes: Box[]; labels: Box[]; parents: Box[] }> {
  return page.evaluate(() => {
    const cy = (window as any).netlensView.core;
    const box = (id: string, what: string, b: { x1: number; y1: number; x2: number; y2: number }) => ({ id, what, x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 });
    const nodes: Box[] = [];
    const labels: Box[] = [];
    const parents: Box[] = [];
    cy.nodes().forEach((n: any) => {
      const body = n.boundingBox({ includeLabels: false, includeOverlays: false });
      if (n.isParent()) parents.push(box(n.id(), 'box', body));
      else nodes.push(box(n.id(), 'node', body));
      if (n.style('label')) labels.push(box(n.id(), 'node label', n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false })));
    });
    cy.edges().forEach((e: any) => {
      if (e.style('label')) labels.push(box(e.id(), 'edge label', e.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false })));
    });
    return { nodes, labels, parents };
  });
}

/** Pairs of boxes overlapping by more than `slack` pixels both ways. */
function overlaps(a: Box[], b: Box[], skip: (p: Box, q: Box) => boolean, slack = 1): string[] {
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = a === b ? i + 1 : 0; j < b.length; j++) {
      const p = a[i];
      const q = b[j];
      if (skip(p, q)) continue;
      const w = Math.min(p.x2, q.x2) - Math.max(p.x1, q.x1);
      const h = Math.min(p.y2, q.y2) - Math.max(p.y1, q.y1);
      if (w > slack && h > slack) out.push(`${p.what} ${p.id} × ${q.what} ${q.id} (${w.toFixed(0)}×${h.toFixed(0)} px)`);
    }
  }
  return out;
}

/** No two boxes overlap, a box (the host's) overlaps only its own children, no label covers another label or a box. */
async function assertNoOverlaps(page: Page): Promise<void> {
  const { nodes, labels, parents } = await laidOutBoxes(page);
  const children = await page.evaluate(() => Object.fromEntries((window as any).netlensView.core.nodes().map((n: any) => [n.id(), n.parent().id() ?? null])));
  const report = [
    ...overlaps(nodes, nodes, () => false),
    ...overlaps(parents, nodes, (p, q) => children[q.id] === p.id),
    // A node's label lies in its own box, an edge's on its own line.
    ...overlaps(labels, labels, (p, q) => p.id === q.id),
    ...overlaps(labels, nodes, (p, q) => p.id === q.id),
  ];
  assert.deepEqual(report, [], `${report.length} overlaps:\n${report.slice(0, 30).join('\n')}`);
}

describe('topology page in Chromium: the picture of a real-size project', function () {
  this.timeout(180000);
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('60 services and three hubs: no two boxes overlap, no label covers another box or label', async () => {
    const doc = hubProjectDoc(60);
    const { page, errors } = await openHarness(browser, doc, { width: 1600, height: 1000 });
    await laidOut(page);
    const { nodes } = await laidOutBoxes(page);
    assert.equal(nodes.filter((n) => n.id.startsWith('svc:')).length, 60, 'every service is drawn');
    await page.screenshot({ path: outputPath('topology-60-services.png') });
    await assertNoOverlaps(page);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a real project from the corpus (OpenCTI, 21 services): no overlaps; its picture is the README\'s', async function () {
    const dir = path.join(REALWORLD, 'OpenCTI-Platform__docker');
    if (!fs.existsSync(dir)) throw new Error(`the corpus is missing at ${dir}: it comes with shared/`);
    const doc = topologyFromAnalysis(analyse(loadProject({ dir, env: {} })));
    assert.ok(doc.services.length >= 20 && doc.services.length <= 80, `${doc.services.length} services`);
    const { page, errors } = await openHarness(browser, doc, { width: 1600, height: 1000 });
    await laidOut(page);
    // docs/images/topology-real-project.png is this picture.
    await page.screenshot({ path: outputPath('topology-real-project.png') });
    assert.equal(await page.evaluate(() => (window as any).netlensView.core.edges('.routed').length > 0), true, 'ELK placed the picture');
    await assertNoOverlaps(page);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the hubs stand in the last column: every arrow into them runs left to right', async () => {
    const doc = hubProjectDoc(60);
    const { page, errors } = await openHarness(browser, doc, { width: 1600, height: 1000 });
    await laidOut(page);
    const seen = await page.evaluate((hubs) => {
      const cy = (window as any).netlensView.core;
      const x = (id: string) => cy.getElementById(id).position('x');
      const services = cy.nodes('[kind = "service"]');
      const right = Math.max(...services.map((n: any) => n.position('x')));
      return {
        hubX: hubs.map((h: string) => x(`svc:${h}`)),
        right,
        backwards: cy.edges('[kind = "reference"]').filter((e: any) => hubs.includes(e.target().id().slice(4)) && e.source().position('x') >= e.target().position('x')).map((e: any) => e.id()),
        routed: cy.edges('[kind = "reference"]').filter((e: any) => e.hasClass('routed')).length,
        references: cy.edges('[kind = "reference"]').length,
      };
    }, [...HUBS]);
    for (const [i, x] of seen.hubX.entries()) assert.ok(Math.abs(x - seen.right) < 200, `hub ${HUBS[i]} at x=${x}, the rightmost service at ${seen.right}`);
    assert.deepEqual(seen.backwards, [], 'no arrow into a hub runs right to left');
    assert.equal(seen.routed, seen.references, 'every arrow follows its route between the boxes');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('long image names are shortened in the box, whole in the tooltip', async () => {
    const doc = hubProjectDoc(60);
    const { page, errors } = await openHarness(browser, doc);
    const long = doc.services.find((s) => (s.image ?? '').startsWith('ghcr.io/'))!;
    const seen = await page.evaluate((id) => {
      const n = (window as any).netlensView.core.getElementById(id);
      return { label: String(n.data('label')), tooltip: String(n.data('tooltip')) };
    }, `svc:${long.name}`);
    const imageLine = seen.label.split('\n')[1];
    assert.ok(imageLine.length <= 32, `the box shows a short image name: ${JSON.stringify(imageLine)}`);
    assert.ok(imageLine.includes(long.image!.split('/').pop()!.split(':')[0]), `it keeps the image's own name: ${imageLine}`);
    assert.ok(seen.tooltip.includes(`image: ${long.image}`), 'the tooltip has the whole name');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
