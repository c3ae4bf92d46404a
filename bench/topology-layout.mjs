// Benchmark (not a test): how long the topology page takes to lay out and become interactive
// for a generated project of N services (default 300), in Debian's headless Chromium.
//   node bench/topology-layout.mjs [N] [--expand]
// `npm run bench` calls measureLayout() for 30, 300 and 2,000 services, and measureExpandAll() for 2,000.
// Above 100 services the page opens collapsed (one node per network, server/src/topology/collapse.ts):
// the 300- and 2,000-service figures time that first picture, which is what a user of such a project
// waits for. measureExpandAll() times the Expand all button on that picture: from the click until every
// service is drawn in its place and the page answers, and the longest the page's thread was busy meanwhile
// (the layout runs in a worker, client/src/webview/layout.ts).
// Needs `npm run build` and /usr/bin/chromium (scripts/chromium.sh).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(new URL('..', import.meta.url).pathname);

export function generated(n) {
  const networks = Array.from({ length: Math.max(2, Math.round(n / 25)) }, (_, i) => ({ name: `bench_net${i}`, key: `net${i}`, kind: 'project', driver: 'bridge', internal: i % 5 === 4, external: false, attachable: false, subnets: [] }));
  const services = Array.from({ length: n }, (_, i) => ({
    name: `svc${i}`,
    image: `image${i % 17}:latest`,
    replicas: 1 + (i % 3 === 0 ? 1 : 0),
    active: true,
    network_mode: null,
    namespace_of: null,
    networks: [networks[i % networks.length], ...(i % 4 === 0 ? [networks[(i + 1) % networks.length]] : [])].map((net) => ({ network: net.name, aliases: i % 7 === 0 ? [`alias${i}`] : [], names: [`svc${i}`], ipv4: null, mac: null })),
    ports: i % 10 === 0 ? [{ host_ip: null, published: 8000 + i, target: 80, protocol: 'tcp' }] : [],
  }));
  const references = Array.from({ length: n }, (_, i) => ({ from: `svc${i}`, to: `svc${(i * 7 + 3) % n}`, name: `svc${(i * 7 + 3) % n}`, port: 5432, network: networks[i % networks.length].name, kind: 'url', findings: [], resolution: 'service' }));
  return { version: 1, source: 'file', project: 'bench', networks, services, references, findings: [] };
}

/** In the page: resolves once no layout is running (polled, so a busy thread delays it as it delays a user). */
const PLACED = `window.placed = () => new Promise((resolve) => { const poll = () => (window.netlensView.layingOut ? setTimeout(poll, 5) : resolve()); poll(); });`;

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : null;
};

/**
 * `[{ n, laidOutMs, interactiveMs }]` (interactive: placed and answering; laid out: ELK's layout applied), medians of `runs` after one warm-up, each run in a fresh page
 * (a new document replaces the old one in a real panel too, but a fresh page keeps runs independent).
 */
export async function measureLayout(sizes, runs = 3, { screenshots = false } = {}) {
  const out = join(ROOT, 'test-output');
  mkdirSync(out, { recursive: true });
  const harness = join(out, 'bench.html');
  const browser = await launchBench(harness);
  const results = [];
  try {
    for (const [k, n] of sizes.entries()) {
      const doc = generated(n);
      const laidOut = [];
      const interactive = [];
      // One warm-up for the browser, before the first size (every run has a fresh page anyway):
      // a warm-up of the 2,000-service page would cost as much as a run and teach nothing.
      const first = k === 0 ? 0 : 1;
      for (let i = first; i <= runs; i++) {
        const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
        try {
          page.setDefaultTimeout(60_000);
          await page.goto(pathToFileURL(harness).toString());
          const ms = await page.evaluate(async (d) => {
            const t0 = performance.now();
            window.netlensView.show(d);
            // Interactive: the picture is placed (packed, at once) and the page answers the next task.
            await new Promise((r) => setTimeout(r, 0));
            const interactive = performance.now() - t0;
            // Laid out: ELK's layered layout from the worker is applied (small pictures; large ones stay packed).
            await placed();
            return { laidOut: performance.now() - t0, interactive };
          }, doc);
          if (screenshots && i === runs) await page.screenshot({ path: join(out, `bench-${n}.png`) });
          // The first run is the warm-up.
          if (i > 0) {
            laidOut.push(ms.laidOut);
            interactive.push(ms.interactive);
          }
        } finally {
          await page.close();
        }
      }
      results.push({ n, laidOutMs: median(laidOut), interactiveMs: median(interactive) });
    }
  } finally {
    await browser.close();
  }
  return results;
}

/** The bench page (the bundle, no CSP) written to `harness`, and Chromium started. */
async function launchBench(harness) {
  writeFileSync(harness, `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="${pathToFileURL(join(ROOT, 'client/out/webview.css'))}"></head><body><script>${PLACED}</script><script src="${pathToFileURL(join(ROOT, 'client/out/webview.js'))}"></script></body></html>`);
  return chromium.launch({ executablePath: '/usr/bin/chromium', timeout: 60_000, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}

/**
 * Expand all on the collapsed picture of `n` services: `{ n, expandMs, longestTaskMs }`, medians of `runs`, each in
 * a fresh page. expandMs: from the click until every service is drawn in its place and the page answers the next
 * task; longestTaskMs: the longest the page's thread was busy in one go meanwhile (what a user's click waits for).
 */
export async function measureExpandAll(n, runs = 3, { screenshots = false } = {}) {
  const out = join(ROOT, 'test-output');
  mkdirSync(out, { recursive: true });
  const harness = join(out, 'bench-expand.html');
  const browser = await launchBench(harness);
  const doc = generated(n);
  const expand = [];
  const longest = [];
  try {
    for (let i = 1; i <= runs; i++) {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      try {
        page.setDefaultTimeout(120_000);
        await page.goto(pathToFileURL(harness).toString());
        const ms = await page.evaluate(async (d) => {
          window.netlensView.show(d);
          await placed();
          const button = document.querySelector('.nl-expand');
          if (!button || button.style.display === 'none') throw new Error('no Expand all button: the project is not collapsed');
          // The page's thread in one go: a 50 ms-or-longer task is a long task; shorter gaps between polls are measured too.
          let last = performance.now();
          let longestGap = 0;
          let ticking = true;
          const tick = () => {
            const now = performance.now();
            longestGap = Math.max(longestGap, now - last);
            last = now;
            if (ticking) setTimeout(tick, 0);
          };
          const t0 = performance.now();
          last = t0;
          setTimeout(tick, 0);
          button.click();
          await placed();
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          const expandMs = performance.now() - t0;
          ticking = false;
          const services = window.netlensView.core.nodes('[kind = "service"]').length;
          const steps = Object.fromEntries(performance.getEntriesByType('measure').filter((m) => m.name.startsWith('netlens:') && m.startTime >= t0).map((m) => [m.name.slice(15), Math.round(m.duration)]));
          return { expandMs, longestTaskMs: Math.max(longestGap, performance.now() - last), services, steps };
        }, doc);
        if (ms.services !== n) throw new Error(`Expand all drew ${ms.services} of ${n} services`);
        if (screenshots && i === runs) await page.screenshot({ path: join(out, `bench-expand-${n}.png`) });
        if (process.env.NETLENS_BENCH_STEPS) console.error(`expand all ${n}: ${Math.round(ms.expandMs)} ms`, ms.steps);
        expand.push(ms.expandMs);
        longest.push(ms.longestTaskMs);
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  return { n, expandMs: median(expand), longestTaskMs: median(longest) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const N = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 300);
  if (process.argv.includes('--expand')) {
    const r = await measureExpandAll(N, 1, { screenshots: true });
    console.log(`${r.n} services: Expand all placed and interactive after ${Math.round(r.expandMs)} ms, longest busy stretch ${Math.round(r.longestTaskMs)} ms`);
  } else {
    for (const r of await measureLayout([N], 1, { screenshots: true })) {
      console.log(`${r.n} services: laid out in ${Math.round(r.laidOutMs)} ms, interactive after ${Math.round(r.interactiveMs)} ms`);
    }
  }
}
