// Between model locations (file + offsets) and LSP positions, ranges and locations.
import type { Location, Position, Range } from 'vscode-languageserver';
import type { Loc } from '../compose/source';
import type { Analysis } from '../analysis';
import { pathToUri } from './projects';

export function rangeOf(analysis: Analysis, loc: Loc): Range {
  return analysis.project.sources.rangeOf(loc);
}

export function locationOf(analysis: Analysis, loc: Loc): Location {
  return { uri: pathToUri(loc.file), range: rangeOf(analysis, loc) };
}

/** The offset of an LSP position in a project file, or undefined when the file is not part of the project. */
export function offsetOf(analysis: Analysis, file: string, position: Position): number | undefined {
  return analysis.project.sources.get(file)?.offsetAt(position);
}
