// The one HTML skeleton of the topology page, shared by the VS Code panel (linked bundle, webview
// CSP) and `netlens topology --format html` (inlined bundle, stricter CSP). Callers hand in markup
// they built and escaped themselves; the title and the CSP are escaped here.
export interface PageSkeleton {
  csp: string;
  title: string;
  /** Trusted markup for <head> after the title (style link or inlined style). */
  head: string;
  /** Trusted markup for <body> (the document block and the script). */
  body: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function pageSkeleton(p: PageSkeleton): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(p.csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
${p.head}
</head>
<body>
${p.body}
</body>
</html>
`;
}
