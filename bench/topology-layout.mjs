// Benchmark (not a test): how long the topology page takes to lay out and become interactive
// for a generated project of N services (default 300), in Debian's headless Chromium.
//   node bench/topology-layout.mjs [N]
// `npm run bench` calls measureLayout() for 30, 300 and 2,000 services.
// Above 100 services the page opens collapsed (one node per network, server/src/topology/collapse.ts):
// the 300- and 2,000-service figures time that first picture, which is what a user of such a project
// waits for; opening every network (Expand all) lays the whole graph out as before.
// Needs `npm run build` and /usr/bin/chromium (scripts/chromium.sh).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(new URL('..', import.meta.url).pathname);

function generated(n) {
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

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : null;
};

/**
 * `[{ n, laidOutMs, interactiveMs }]`, medians of `runs` after one warm-up, each run in a fresh page
 * (a new document replaces the old one in a real panel too, but a fresh page keeps runs independent).
 */
export async function measureLayout(sizes, runs = 3, { screenshots = false } = {}) {
  const out = join(ROOT, 'test-output');
  mkdirSync(out, { recursive: true });
  const harness = join(out, 'bench.html');
  writeFileSync(harness, `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="${pathToFileURL(join(ROOT, 'client/out/webview.css'))}"></head><body><script src="${pathToFileURL(join(ROOT, 'client/out/webview.js'))}"></script></body></html>`);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', timeout: 60_000, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
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
            const laid = performance.now() - t0;
            // Interactive: the page answers the next task (the layout is synchronous; drawing follows by frames).
            await new Promise((r) => setTimeout(r, 0));
            return { laidOut: laid, interactive: performance.now() - t0 };
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

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const N = Number(process.argv[2] ?? 300);
  for (const r of await measureLayout([N], 1, { screenshots: true })) {
    console.log(`${r.n} services: laid out in ${Math.round(r.laidOutMs)} ms, interactive after ${Math.round(r.interactiveMs)} ms`);
  }
}
