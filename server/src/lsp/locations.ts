// Between model locations (file + offsets) and LSP positions, ranges and locations; file paths and URIs.
import type { Location, Position, Range } from 'vscode-languageserver';
import type { Loc } from '../compose/source';
import type { Analysis } from '../analysis';
import { URI } from 'vscode-uri';

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

export function uriToPath(uri: string): string {
  return URI.parse(uri).fsPath;
}

/** URIs by path: asked once per finding and per related location, the same few files each time. */
const uris = new Map<string, string>();

export function pathToUri(file: string): string {
  let uri = uris.get(file);
  if (uri === undefined) {
    if (uris.size > 10_000) uris.clear();
    uris.set(file, (uri = URI.file(file).toString()));
  }
  return uri;
}
