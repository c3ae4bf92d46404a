// Problems located in a file outside the project folder say where, never what: such a file may be a system
// or personal file a repository pointed at (a `.env` linked to /etc/passwd), and a message quoting its lines
// would carry them into diagnostics, CI logs, SARIF, JSON and the HTML export.
import * as path from 'node:path';
import type { LoadProblem, LoadProblemCode } from './problems';
import type { SourceSet } from './source';

/** What a file holds: Compose YAML, `KEY=VALUE` lines (`.env`, `env_file`), or a program's configuration (a mounted file). */
export type FileHolds = 'yaml' | 'dotenv' | 'config';

const WHAT: Record<LoadProblemCode, string> = {
  'yaml-syntax': 'A YAML syntax error',
  'yaml-aliases': 'Too many YAML aliases',
  'yaml-depth': 'YAML nested too deeply',
  'compose-file': 'A file it names cannot be read',
  'compose-structure': 'A value of the wrong type',
  interpolation: 'A variable problem',
  extends: 'An `extends` problem',
  include: 'An `include` problem',
  'mounted-file': 'A mounted configuration file not read',
  'analysis-time': 'The analysis ran out of time',
};

export function withoutOutsideText(problems: LoadProblem[], outside: ReadonlyMap<string, FileHolds>, sources: SourceSet): LoadProblem[] {
  if (outside.size === 0) return problems;
  const where = (loc: LoadProblem['loc']) => `line ${(sources.get(loc.file)?.positionAt(loc.start).line ?? 0) + 1} of ${path.basename(loc.file)}`;
  const out: LoadProblem[] = [];
  for (const p of problems) {
    const related = p.related?.map((r) => (outside.has(r.loc.file) ? { loc: r.loc, message: `also at ${where(r.loc)}` } : r));
    if (!outside.has(p.loc.file)) {
      out.push(related ? { ...p, related } : p);
      continue;
    }
    // In a `KEY=VALUE` file, the one problem is a line that is not one.
    const what = outside.get(p.loc.file) === 'dotenv' ? 'A line that is not KEY=VALUE (ignored)' : WHAT[p.code];
    const message = `${what} at ${where(p.loc)}, a file outside the project folder: its text is not shown.`;
    const { variable: _, ...rest } = p;
    out.push({ ...rest, message, ...(related ? { related } : {}) });
  }
  return out;
}
