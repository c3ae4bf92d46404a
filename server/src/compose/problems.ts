// Problems met while loading a project (syntax, missing files, unset variables). They are
// reported like findings, with an id of their own, and never stop the rest of the analysis.
// A variable is reported once, as Compose warns once per variable, relating its other uses.
import type { Loc } from './source';
import { count } from '../display/numbers';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export type LoadProblemCode =
  | 'yaml-syntax'
  | 'yaml-aliases'
  | 'yaml-depth'
  | 'compose-file'
  | 'compose-structure'
  | 'interpolation'
  | 'extends'
  | 'include'
  | 'mounted-file'
  | 'analysis-time';

export interface LoadProblem {
  severity: Severity;
  code: LoadProblemCode;
  message: string;
  loc: Loc;
  /** A problem that means the project could not be read as Compose would (missing file, syntax). */
  fatal?: boolean;
  /** The variable an `interpolation` problem is about (unset or required; none for a malformed `${`). */
  variable?: string;
  /** Other places the same problem stands (every further use of the variable). */
  related?: Array<{ loc: Loc; message: string }>;
}

/**
 * Each unset (or required and missing) variable as one problem at its first use, in the order Compose
 * reads the files, with its other uses related; the same place met twice (an alias, a file read again
 * for `extends`) counts once. Other problems are kept as they are.
 */
export function oncePerVariable(problems: readonly LoadProblem[]): LoadProblem[] {
  const out: LoadProblem[] = [];
  const groups = new Map<string, { slot: number; uses: LoadProblem[]; seen: Set<string> }>();
  for (const p of problems) {
    if (p.code !== 'interpolation' || p.variable === undefined) {
      out.push(p);
      continue;
    }
    const key = `${p.severity}\0${p.variable}`;
    const place = `${p.loc.file}\0${p.loc.start}\0${p.loc.end}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { slot: out.length, uses: [p], seen: new Set([place]) });
      out.push(p);
    } else if (!group.seen.has(place)) {
      group.seen.add(place);
      group.uses.push(p);
    }
  }
  for (const { slot, uses } of groups.values()) {
    if (uses.length === 1) continue;
    // The first file read that uses it, at its first place there (`<<` merges are read after the keys beside them).
    const first = uses.filter((u) => u.loc.file === uses[0].loc.file).reduce((a, b) => (b.loc.start < a.loc.start ? b : a));
    out[slot] = {
      ...first,
      message: `${first.message}${/[.!?]$/.test(first.message) ? '' : '.'} It is used ${count(uses.length)} times; the first use is here.`,
      related: uses.filter((u) => u !== first).map((u) => ({ loc: u.loc, message: `"${u.variable}" is used here too` })),
    };
  }
  return out;
}
