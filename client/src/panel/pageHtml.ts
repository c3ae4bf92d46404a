// The panel page's HTML as a pure function (no vscode import, so it is unit-tested): the bundled
// script and style by URI with one nonce, and a CSP that allows nothing else.
export interface PageParts {
  /** `webview.cspSource`: the origin of the extension's own resources. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

const attr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function pageCsp(p: PageParts): string {
  return [`default-src 'none'`, `img-src ${p.cspSource} data:`, `style-src 'nonce-${p.nonce}'`, `script-src 'nonce-${p.nonce}'`, `font-src 'none'`, `connect-src 'none'`].join('; ');
}

export function pageHtml(p: PageParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(pageCsp(p))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" nonce="${attr(p.nonce)}" href="${attr(p.styleUri)}">
<title>Network topology</title>
</head>
<body>
<script nonce="${attr(p.nonce)}" src="${attr(p.scriptUri)}"></script>
</body>
</html>`;
}
