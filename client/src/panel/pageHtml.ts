// The panel page's HTML as a pure function (no vscode import, so it is unit-tested): the bundled
// script and style by URI with one nonce, and a CSP that allows nothing else.
import { escapeHtml, pageSkeleton } from '../../../server/src/topology/pageSkeleton';

export interface PageParts {
  /** `webview.cspSource`: the origin of the extension's own resources. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

export function pageCsp(p: PageParts): string {
  // worker-src blob: the layout's worker (ELK), started from a script the page itself holds (webview/layout.ts).
  return [`default-src 'none'`, `img-src ${p.cspSource} data:`, `style-src 'nonce-${p.nonce}'`, `script-src 'nonce-${p.nonce}'`, `worker-src blob:`, `font-src 'none'`, `connect-src 'none'`].join('; ');
}

export function pageHtml(p: PageParts): string {
  const nonce = escapeHtml(p.nonce);
  return pageSkeleton({
    csp: pageCsp(p),
    title: 'Network topology',
    head: `<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(p.styleUri)}">`,
    body: `<script nonce="${nonce}" src="${escapeHtml(p.scriptUri)}"></script>`,
  });
}
