// Benchmark (not a test): how long the topology page takes to lay out and become interactive
// for a generated project of N services (default 300), in Debian's headless Chromium.
//   node bench/topology-layout.mjs [N]
// Needs `npm run build` and /usr/bin/chromium (scripts/chromium.sh).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const N = Number(process.argv[2] ?? 300);

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

const out = join(ROOT, 'test-output');
mkdirSync(out, { recursive: true });
const harness = join(out, 'bench.html');
writeFileSync(harness, `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="${pathToFileURL(join(ROOT, 'client/out/webview.css'))}"></head><body><script src="${pathToFileURL(join(ROOT, 'client/out/webview.js'))}"></script></body></html>`);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(pathToFileURL(harness).toString());
  const ms = await page.evaluate(async (doc) => {
    const t0 = performance.now();
    window.netlensView.show(doc);
    const laidOut = performance.now() - t0;
    // Interactive: the page answers the next task (the layout is synchronous; drawing follows by frames).
    await new Promise((r) => setTimeout(r, 0));
    return { laidOut, interactive: performance.now() - t0 };
  }, generated(N));
  await page.screenshot({ path: join(out, `bench-${N}.png`) });
  console.log(`${N} services: laid out in ${Math.round(ms.laidOut)} ms, interactive after ${Math.round(ms.interactive)} ms`);
} finally {
  await browser.close();
}
