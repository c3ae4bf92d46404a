// Where rule pages live. One place, so diagnostics, SARIF and the CLI link alike.
export const DOCS_BASE = 'https://github.com/compose-network-lens/compose-network-lens/blob/main/docs/rules/';

export function ruleDocs(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}
