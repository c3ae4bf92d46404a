// A stand-in for the VS Code webview: a page with the panel's CSP that loads the built
// client/out/webview.js and webview.css, and an `acquireVsCodeApi` that records what the page posts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { outputPath, ROOT } from './browser';

export function writeHarness(): string {
  const script = path.join(ROOT, 'client', 'out', 'webview.js');
  const style = path.join(ROOT, 'client', 'out', 'webview.css');
  if (!fs.existsSync(script)) throw new Error(`${script} is not built: run npm run build`);
  const nonce = 'harness0nonce';
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; worker-src blob:;">
<link rel="stylesheet" nonce="${nonce}" href="${pathToFileURL(style)}">
<title>harness</title></head>
<body>
<script nonce="${nonce}">
  window.__posted = [];
  window.__state = undefined;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => window.__state,
    setState: (s) => { window.__state = s; },
  });
</script>
<script nonce="${nonce}" src="${pathToFileURL(script)}"></script>
</body></html>`;
  const file = outputPath('harness.html');
  fs.writeFileSync(file, html);
  return pathToFileURL(file).toString();
}

/** Waits until the page's layout (ELK in a worker) has placed the picture. */
export async function laidOut(page: Page, timeout = 60000): Promise<void> {
  await page.waitForFunction(() => !(window as any).netlensView.layingOut, undefined, { timeout });
}

/**
 * A fresh harness page collecting what must not happen (uncaught errors, console errors, dialogs);
 * with `doc`, the document is posted and the graph awaited, laid out.
 */
export async function openHarness(browser: Browser, doc?: unknown, viewport = { width: 1400, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(writeHarness(), { timeout: 30000 });
  if (doc !== undefined) {
    await page.evaluate((d) => window.postMessage({ type: 'topology', document: d }, '*'), doc);
    await page.waitForFunction(() => (window as any).netlensView?.core?.nodes().length > 0, undefined, { timeout: 30000 });
    await laidOut(page);
  }
  return { page, errors };
}
