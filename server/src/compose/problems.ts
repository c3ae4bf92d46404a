// Problems met while loading a project (syntax, missing files, unset variables). They are
// reported like findings, with an id of their own, and never stop the rest of the analysis.
import type { Loc } from './source';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export type LoadProblemCode =
  | 'yaml-syntax'
  | 'yaml-aliases'
  | 'yaml-depth'
  | 'compose-file'
  | 'compose-structure'
  | 'interpolation'
  | 'extends'
  | 'include';

export interface LoadProblem {
  severity: Severity;
  code: LoadProblemCode;
  message: string;
  loc: Loc;
  /** A problem that means the project could not be read as Compose would (missing file, syntax). */
  fatal?: boolean;
}
