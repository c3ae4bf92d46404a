// `netlens topology --format html`: one self-contained page with the panel's own renderer
// (client/out/webview.js and webview.css) inlined. It loads nothing: the CSP allows only its own
// nonce'd script and style. The document travels as a JSON data block, escaped so that no name
// can close the block or the page's markup; so does the reachability matrix (a second block), which the page's
// matrix view reads in place of the extension it does not have.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pageSkeleton } from '../topology/pageSkeleton';
import type { EmbeddedReach } from '../protocol';
import type { TopologyDocument } from '../topology/types';

export interface PageAssets {
  script: string;
  style: string;
}

/** Finds the built page (client/out/webview.js) above `from`: the bundle and the compiled tests sit at different depths. */
export function findPageAssets(from: string): PageAssets | undefined {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const script = path.join(dir, 'client', 'out', 'webview.js');
    if (fs.existsSync(script)) {
      const css = path.join(dir, 'client', 'out', 'webview.css');
      return { script: fs.readFileSync(script, 'utf8'), style: fs.existsSync(css) ? fs.readFileSync(css, 'utf8') : '' };
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** JSON that is safe inside `<script type="application/json">`: no `<`, `>`, `&` or line separators appear raw. */
export function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Script or style text that cannot end its element early (`</script`, `</style`, `<!--`). */
function inertInElement(text: string): string {
  return text.replace(/<\/(script|style)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

export function topologyHtml(doc: TopologyDocument, assets: PageAssets, reach?: EmbeddedReach): string {
  const nonce = randomBytes(18).toString('base64');
  return pageSkeleton({
    csp: `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data: blob:; worker-src blob:; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'`,
    title: `Network topology of ${doc.project}`,
    head: `<style nonce="${nonce}">\n${inertInElement(assets.style)}\n</style>`,
    body: `<script type="application/json" id="netlens-topology">${jsonForScriptBlock(doc)}</script>\n${reach ? `<script type="application/json" id="netlens-reach">${jsonForScriptBlock(reach)}</script>\n` : ''}<script nonce="${nonce}">\n${inertInElement(assets.script)}\n</script>`,
  });
}
