// Find references: every place a service or network is named across the project's files,
// hosts inside URLs and values included.
import type { Location, Position } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { locationOf, offsetOf } from '../lsp/locations';
import { nameAt, occurrencesOf, projectIndex } from '../lsp/projectIndex';

export function references(analysis: Analysis, file: string, position: Position, includeDeclaration: boolean): Location[] {
  const offset = offsetOf(analysis, file, position);
  if (offset === undefined) return [];
  const target = nameAt(analysis, file, offset);
  if (!target) return [];
  return occurrencesOf(projectIndex(analysis), target.kind, target.name)
    .filter((o) => includeDeclaration || o.context !== 'declaration')
    .sort((a, b) => (a.loc.file === b.loc.file ? a.loc.start - b.loc.start : a.loc.file < b.loc.file ? -1 : 1))
    .map((o) => locationOf(analysis, o.loc));
}
