// The panel's page: the bundled script and style from the extension's own client/out folder, a
// fresh nonce per page, and a CSP that allows nothing else (no inline code, no network).
import { randomBytes } from 'node:crypto';
import { Uri, type Webview } from 'vscode';

export function bundleRoot(extensionUri: Uri): Uri {
  return Uri.joinPath(extensionUri, 'client', 'out');
}

export function panelHtml(webview: Webview, extensionUri: Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const root = bundleRoot(extensionUri);
  const script = webview.asWebviewUri(Uri.joinPath(root, 'webview.js'));
  const style = webview.asWebviewUri(Uri.joinPath(root, 'webview.css'));
  const csp = [`default-src 'none'`, `img-src ${webview.cspSource} data:`, `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, `font-src 'none'`, `connect-src 'none'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" nonce="${nonce}" href="${style}">
<title>Network topology</title>
</head>
<body>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
