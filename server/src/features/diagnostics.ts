// Diagnostics: the findings of a project, grouped per file, in LSP form. After an edit most findings read as
// before at the same lines and columns (an edit moves offsets, rarely lines): their diagnostics are the last
// conversion's objects (`DiagnosticReuse`), each compared field by field with what the finding would give.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { DRIFT_RULE_IDS } from '../live/drift';
import { ruleDocs } from '../rules/support/ruleDocs';
import { ruleById } from '../rules/registry';
import type { Finding } from '../rules/types';
import type { Loc, Position, SourceSet } from '../compose/source';
import { pathToUri } from '../lsp/locations';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

/** The doc page of a finding: its rule's page, or the page on load problems (syntax, files, variables). */
export function docsFor(finding: Finding): string {
  return ruleById(finding.rule)?.docs ?? (DRIFT_RULE_IDS.includes(finding.rule) ? ruleDocs(finding.rule) : ruleDocs('load-problems'));
}

export function toDiagnostic(analysis: Analysis, f: Finding): Diagnostic {
  const sources = analysis.project.sources;
  const diagnostic: Diagnostic = {
    range: sources.rangeOf(f.loc),
    severity: SEVERITY[f.severity],
    source: 'netlens',
    code: f.rule,
    codeDescription: { href: docsFor(f) },
    message: f.message,
    relatedInformation: f.related.map((r) => ({ location: { uri: pathToUri(r.loc.file), range: sources.rangeOf(r.loc) }, message: r.message })),
  };
  const tags = (f.tags ?? []).map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  if (tags.length) diagnostic.tags = tags;
  return diagnostic;
}

/** Per analysis: every open document of a project is checked after an edit, and they share one analysis. */
const computed = new WeakMap<Analysis, Map<string, Diagnostic[]>>();

/** The project's last conversion, lent to an analysis of the same project (`lendDiagnostics`). */
const lenders = new WeakMap<Analysis, DiagnosticReuse>();

/** How many diagnostics were taken over from the last conversion, and how many made (the tests read it). */
export const diagnosticCounters = { kept: 0, made: 0 };

const ORIGIN: Position = { line: 0, character: 0 };

/**
 * What one conversion of a project's findings lends the next: its diagnostics by file and start line. A
 * diagnostic is taken over when everything it says is what the finding gives: rule, severity, message, tags,
 * range, and each related location's file, range and message (the documentation link and source follow from
 * the rule).
 */
export class DiagnosticReuse {
  private last = new Map<string, Map<number, Diagnostic[]>>();

  convert(analysis: Analysis): Map<string, Diagnostic[]> {
    const sources = analysis.project.sources;
    const out = new Map<string, Diagnostic[]>();
    for (const file of sources.all()) out.set(pathToUri(file.path), []);
    const next = new Map<string, Map<number, Diagnostic[]>>();
    for (const f of analysis.findings) {
      const uri = pathToUri(f.loc.file);
      const start = positionOf(sources, f.loc.file, f.loc.start);
      let diagnostic = this.kept(uri, f, start, sources);
      if (diagnostic) diagnosticCounters.kept++;
      else {
        diagnostic = toDiagnostic(analysis, f);
        diagnosticCounters.made++;
      }
      let list = out.get(uri);
      if (!list) out.set(uri, (list = []));
      list.push(diagnostic);
      let byLine = next.get(uri);
      if (!byLine) next.set(uri, (byLine = new Map()));
      const atLine = byLine.get(start.line);
      if (atLine) atLine.push(diagnostic);
      else byLine.set(start.line, [diagnostic]);
    }
    this.last = next;
    return out;
  }

  /** The last conversion's diagnostic that says what `f` says, starting at `start`; undefined when none does. */
  private kept(uri: string, f: Finding, start: Position, sources: SourceSet): Diagnostic | undefined {
    const candidates = this.last.get(uri)?.get(start.line);
    if (!candidates) return undefined;
    for (const d of candidates) {
      if (d.code !== f.rule || d.message !== f.message || d.severity !== SEVERITY[f.severity] || d.range.start.character !== start.character) continue;
      if (!isAt(sources, f.loc.file, f.loc.end, d.range.end) || !sameTags(d, f) || !sameRelated(d, f, sources)) continue;
      return d;
    }
    return undefined;
  }
}

/** Gives `analysis` the last conversion of its project's findings to take diagnostics over from. */
export function lendDiagnostics(analysis: Analysis, reuse: DiagnosticReuse): void {
  lenders.set(analysis, reuse);
}

function positionOf(sources: SourceSet, file: string, offset: number): Position {
  return sources.get(file)?.positionAt(offset) ?? ORIGIN;
}

/** Whether `offset` in `file` is at `position`, as `positionOf` would give it (checked at the position's line: no search). */
function isAt(sources: SourceSet, file: string, offset: number, position: Position): boolean {
  const source = sources.get(file);
  return source ? source.isAt(offset, position) : position.line === ORIGIN.line && position.character === ORIGIN.character;
}

function sameRange(sources: SourceSet, loc: Loc, range: { start: Position; end: Position }): boolean {
  return isAt(sources, loc.file, loc.start, range.start) && isAt(sources, loc.file, loc.end, range.end);
}

function sameTags(d: Diagnostic, f: Finding): boolean {
  const tags = f.tags ?? [];
  if ((d.tags?.length ?? 0) !== tags.length) return false;
  for (let i = 0; i < tags.length; i++) if ((d.tags as DiagnosticTag[])[i] !== (tags[i] === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated)) return false;
  return true;
}

function sameRelated(d: Diagnostic, f: Finding, sources: SourceSet): boolean {
  const related = d.relatedInformation ?? [];
  if (related.length !== f.related.length) return false;
  for (let i = 0; i < related.length; i++) {
    const r = f.related[i];
    const info = related[i];
    if (info.message !== r.message || info.location.uri !== pathToUri(r.loc.file) || !sameRange(sources, r.loc, info.location.range)) return false;
  }
  return true;
}

/** Diagnostics per document URI; every file of the project gets an entry, empty when clean. A new map each call (callers add to it); the lists are shared, never changed. */
export function diagnosticsByUri(analysis: Analysis): Map<string, Diagnostic[]> {
  let done = computed.get(analysis);
  if (!done) computed.set(analysis, (done = lenders.get(analysis)?.convert(analysis) ?? compute(analysis)));
  return new Map(done);
}

function compute(analysis: Analysis): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const file of analysis.project.sources.all()) out.set(pathToUri(file.path), []);
  for (const f of analysis.findings) {
    const uri = pathToUri(f.loc.file);
    const list = out.get(uri) ?? [];
    list.push(toDiagnostic(analysis, f));
    out.set(uri, list);
  }
  return out;
}
