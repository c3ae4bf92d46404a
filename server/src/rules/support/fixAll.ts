// Which fixes "fix all" applies at once: the editor's `source.fixAll.netlens` and `netlens check --fix` share
// this choice. Each finding offers at most one preferred fix (the safest); a fix is taken whole or not at
// all, and never when one of its edits overlaps an edit already taken, or inserts at the same point as one
// (two insertions at one offset would land in an order nobody chose). What is left waits for the next
// pass, on the text the taken fixes produced.
import type { Finding, Fix, TextEdit } from '../types';

export interface ChosenFix {
  finding: Finding;
  fix: Fix;
}

/**
 * The preferred fixes of `findings` that can be applied together, in the findings' order.
 * `accept` can refuse a fix (e.g. one that edits a file the caller may not write).
 */
export function chooseFixes(findings: Iterable<Finding>, accept: (fix: Fix) => boolean = () => true): ChosenFix[] {
  const taken = new Map<string, TextEdit[]>();
  const clashes = (e: TextEdit) => {
    for (const t of taken.get(e.loc.file) ?? []) {
      if (e.loc.start < t.loc.end && t.loc.start < e.loc.end) return true;
      const insertion = e.loc.start === e.loc.end || t.loc.start === t.loc.end;
      if (insertion && (e.loc.start === t.loc.start || e.loc.end === t.loc.end)) return true;
    }
    return false;
  };
  const chosen: ChosenFix[] = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((x) => x.preferred);
    if (!fix || fix.edits.length === 0 || fix.edits.some(clashes) || !accept(fix)) continue;
    // Edits of one fix may not overlap each other either.
    const own = new Map<string, TextEdit[]>();
    let selfClash = false;
    for (const e of fix.edits) {
      const list = own.get(e.loc.file) ?? [];
      if (list.some((t) => e.loc.start < t.loc.end && t.loc.start < e.loc.end)) selfClash = true;
      list.push(e);
      own.set(e.loc.file, list);
    }
    if (selfClash) continue;
    for (const e of fix.edits) {
      const list = taken.get(e.loc.file);
      if (list) list.push(e);
      else taken.set(e.loc.file, [e]);
    }
    chosen.push({ finding, fix });
  }
  return chosen;
}

/** Every edit of the chosen fixes. */
export function editsOf(chosen: ChosenFix[]): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const c of chosen) for (const e of c.fix.edits) edits.push(e);
  return edits;
}

/** `text` with `edits` (of this file, none overlapping) applied, from the last to the first. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.loc.start - a.loc.start || b.loc.end - a.loc.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.loc.end > limit) throw new Error(`overlapping edits at offset ${e.loc.start} of ${e.loc.file}`);
    out = out.slice(0, e.loc.start) + e.newText + out.slice(e.loc.end);
    limit = e.loc.start;
  }
  return out;
}
