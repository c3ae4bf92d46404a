// The panel's page: the bundled script and style from the extension's own client/out folder, a
// fresh nonce per page, and a CSP that allows nothing else (no inline code, no network).
import { randomBytes } from 'node:crypto';
import { Uri, type Webview } from 'vscode';
import { pageHtml } from './pageHtml';

export function bundleRoot(extensionUri: Uri): Uri {
  return Uri.joinPath(extensionUri, 'client', 'out');
}

export function panelHtml(webview: Webview, extensionUri: Uri): string {
  const root = bundleRoot(extensionUri);
  return pageHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(Uri.joinPath(root, 'webview.js')).toString(),
    styleUri: webview.asWebviewUri(Uri.joinPath(root, 'webview.css')).toString(),
    nonce: randomBytes(18).toString('base64'),
  });
}
