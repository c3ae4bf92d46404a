// `# netlens-disable [ids]` (whole file) and `# netlens-disable-next-line [ids]` comments.
// One filter for every source of findings: the static rules and live drift alike.
import type { SourceFile } from '../../compose/source';
import type { Finding } from '../types';

interface Suppressions {
  fileWide: Set<string>;
  /** 0-based line → rule ids silenced on it ('*' for all). */
  nextLine: Map<number, Set<string>>;
}

const DIRECTIVE = /^\s*#\s*netlens-disable(-next-line)?\b(.*)$/;
const NONE: Suppressions = { fileWide: new Set(), nextLine: new Map() };

/** A predicate telling whether a finding is silenced by a comment in its own file. Reads each file once. */
export function suppressionFilter(sourceOf: (file: string) => SourceFile | undefined): (finding: Finding) => boolean {
  const byFile = new Map<string, Suppressions>();
  return (f) => {
    const source = sourceOf(f.loc.file);
    if (!source) return false;
    let s = byFile.get(f.loc.file);
    if (!s) {
      s = readSuppressions(source);
      byFile.set(f.loc.file, s);
    }
    if (s === NONE) return false;
    return isSuppressed(s, source.positionAt(f.loc.start).line, f.rule);
  };
}

function readSuppressions(file: SourceFile): Suppressions {
  if (!file.text.includes('netlens-disable')) return NONE;
  const out: Suppressions = { fileWide: new Set(), nextLine: new Map() };
  // Lines as the editor counts them (`\r\n`, `\r` or `\n`), like the finding's line from `positionAt`.
  file.text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const m = DIRECTIVE.exec(line);
    if (!m) return;
    const ids = m[2].split(/[\s,]+/).filter(Boolean);
    const set = ids.length ? ids : ['*'];
    if (m[1]) out.nextLine.set(i + 1, new Set(set));
    else for (const id of set) out.fileWide.add(id);
  });
  return out;
}

function isSuppressed(s: Suppressions, line: number, rule: string): boolean {
  if (s.fileWide.has('*') || s.fileWide.has(rule)) return true;
  const ids = s.nextLine.get(line);
  return ids !== undefined && (ids.has('*') || ids.has(rule));
}
