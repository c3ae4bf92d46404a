// Document symbols: the services and networks a file declares.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { get, isMap, str } from '../compose/nodes';
import type { Analysis } from '../analysis';
import { rangeOf } from '../lsp/locations';

export function documentSymbols(analysis: Analysis, file: string): DocumentSymbol[] {
  const root = analysis.project.fileTrees.get(file);
  const out: DocumentSymbol[] = [];
  const sections: Array<['services' | 'networks', SymbolKind]> = [
    ['services', SymbolKind.Class],
    ['networks', SymbolKind.Interface],
  ];
  for (const [section, kind] of sections) {
    const node = get(root, section);
    if (!isMap(node)) continue;
    for (const p of node.pairs.values()) {
      const name = p.key;
      const end = Math.max(p.keyLoc.end, p.value.loc.file === file ? p.value.loc.end : 0);
      const detail = section === 'services' ? `service${str(p.value, 'image') ? ` · ${str(p.value, 'image')}` : ''}` : `network · ${str(p.value, 'driver') ?? 'bridge'}`;
      out.push({ name, detail, kind, range: rangeOf(analysis, { file, start: p.keyLoc.start, end }), selectionRange: rangeOf(analysis, p.keyLoc) });
    }
  }
  return out;
}
