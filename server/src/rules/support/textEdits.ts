// Minimal YAML edits for quick fixes. They touch only the characters they name, so comments,
// quoting and layout around them stay as the user wrote them.
import type { CPair } from '../../compose/nodes';
import type { Loc, SourceSet } from '../../compose/source';
import type { TextEdit } from '../types';

export function replaceText(loc: Loc, newText: string): TextEdit {
  return { loc, newText };
}

/**
 * Deletes a `key: value` pair of a block mapping with its whole line(s), or undefined when
 * the pair shares its lines with something else (flow style), where a line edit is unsafe.
 */
export function deletePair(sources: SourceSet, pair: CPair): TextEdit | undefined {
  const file = sources.get(pair.keyLoc.file);
  if (!file || pair.value.loc.file !== pair.keyLoc.file) return undefined;
  const text = file.text;
  const lineStart = file.lineStartOf(pair.keyLoc.start);
  if (text.slice(lineStart, pair.keyLoc.start).trim() !== '') return undefined;
  const valueEnd = Math.max(pair.value.loc.end, pair.keyLoc.end);
  const end = file.nextLineStartOf(valueEnd === 0 ? pair.keyLoc.end : valueEnd - 1);
  const tail = text.slice(valueEnd, end).replace(/#.*$/m, '').trim();
  if (tail !== '') return undefined;
  return { loc: { file: file.path, start: lineStart, end }, newText: '' };
}
