// Diagnostics: the findings of a project, grouped per file, in LSP form. After an edit most findings read as
// before at the same lines and columns (an edit moves offsets, rarely lines): their diagnostics are the last
// conversion's objects (`DiagnosticReuse`), each compared field by field with what the finding would give.
// A file with more findings than the limit publishes the limit's worth, errors first, and one diagnostic saying
// what was left out: VS Code passes no more than 1,000 per file to the editor, and every diagnostic sent is read,
// on each edit, by the editor's process that all extensions share (4.9 MB of JSON for 4,846 findings).
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { DRIFT_RULE_IDS } from '../live/drift';
import { ruleDocs } from '../rules/support/ruleDocs';
import { ruleById } from '../rules/registry';
import type { Finding } from '../rules/types';
import type { Loc, Position, SourceSet } from '../compose/source';
import { pathToUri } from '../lsp/locations';
import { count } from '../display/numbers';

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
const computed = new WeakMap<Analysis, { limit: number; byUri: Map<string, Diagnostic[]> }>();

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

  convert(analysis: Analysis, limit = 0): Map<string, Diagnostic[]> {
    const sources = analysis.project.sources;
    const out = new Map<string, Diagnostic[]>();
    for (const file of sources.all()) out.set(pathToUri(file.path), []);
    const next = new Map<string, Map<number, Diagnostic[]>>();
    const shown = new ShownFindings(analysis.findings, limit);
    for (const f of analysis.findings) {
      if (!shown.takes(f)) continue;
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
    shown.addNotices(out);
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

/**
 * Diagnostics per document URI; every file of the project gets an entry, empty when clean. At most `limit` per
 * file and a notice of the rest (`ShownFindings`); 0: every finding. A new map each call (callers add to it); the
 * lists are shared, never changed.
 */
export function diagnosticsByUri(analysis: Analysis, limit = 0): Map<string, Diagnostic[]> {
  let done = computed.get(analysis);
  if (!done || done.limit !== limit) computed.set(analysis, (done = { limit, byUri: lenders.get(analysis)?.convert(analysis, limit) ?? compute(analysis, limit) }));
  return new Map(done.byUri);
}

function compute(analysis: Analysis, limit: number): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const file of analysis.project.sources.all()) out.set(pathToUri(file.path), []);
  const shown = new ShownFindings(analysis.findings, limit);
  for (const f of analysis.findings) {
    if (!shown.takes(f)) continue;
    const uri = pathToUri(f.loc.file);
    const list = out.get(uri) ?? [];
    list.push(toDiagnostic(analysis, f));
    out.set(uri, list);
  }
  shown.addNotices(out);
  return out;
}

type Severity = Finding['severity'];
type PerSeverity = Record<Severity, number>;

/** The order VS Code keeps a file's diagnostics in when it has too many: errors, then warnings, information, hints. */
const SHOWN_FIRST: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

const SEVERITY_WORDS: Record<Severity, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], info: ['information', 'information'], hint: ['hint', 'hints'] };

function noneOfEach(): PerSeverity {
  return { error: 0, warning: 0, info: 0, hint: 0 };
}

function totalOf(counts: PerSeverity): number {
  return SHOWN_FIRST.reduce((sum, s) => sum + counts[s], 0);
}

/** The code of the diagnostic that says how many findings of a file were left out. */
export const LIMIT_NOTICE_CODE = 'diagnostics-limit';

/**
 * Which findings of each file are published under a limit per file: the most severe first and, within a severity,
 * in the findings' order; files at or under the limit publish all. Asked once per finding, in the findings' order.
 */
class ShownFindings {
  /** Per file over the limit: how many of each severity may still be taken, and how many were left out. */
  private readonly over = new Map<string, { room: PerSeverity; left: PerSeverity }>();

  constructor(findings: readonly Finding[], private readonly limit: number) {
    if (limit <= 0 || findings.length <= limit) return;
    const counts = new Map<string, PerSeverity>();
    for (const f of findings) {
      let inFile = counts.get(f.loc.file);
      if (!inFile) counts.set(f.loc.file, (inFile = noneOfEach()));
      inFile[f.severity]++;
    }
    for (const [file, inFile] of counts) {
      if (totalOf(inFile) <= limit) continue;
      let budget = limit;
      const room = noneOfEach();
      for (const severity of SHOWN_FIRST) budget -= room[severity] = Math.min(inFile[severity], budget);
      this.over.set(file, { room, left: noneOfEach() });
    }
  }

  takes(f: Finding): boolean {
    const file = this.over.get(f.loc.file);
    if (!file) return true;
    if (file.room[f.severity] > 0) {
      file.room[f.severity]--;
      return true;
    }
    file.left[f.severity]++;
    return false;
  }

  /** Appends to each file over the limit the notice of what it left out. */
  addNotices(byUri: Map<string, Diagnostic[]>): void {
    for (const [file, { left }] of this.over) {
      const uri = pathToUri(file);
      byUri.set(uri, [...(byUri.get(uri) ?? []), limitNotice(left, this.limit)]);
    }
  }
}

function limitNotice(left: PerSeverity, limit: number): Diagnostic {
  const total = totalOf(left);
  const parts = SHOWN_FIRST.filter((s) => left[s] > 0).map((s) => `${count(left[s])} ${SEVERITY_WORDS[s][left[s] === 1 ? 0 : 1]}`);
  return {
    range: { start: ORIGIN, end: ORIGIN },
    severity: DiagnosticSeverity.Information,
    source: 'netlens',
    code: LIMIT_NOTICE_CODE,
    message:
      `${count(total)} more ${total === 1 ? 'finding' : 'findings'} in this file ${total === 1 ? 'is' : 'are'} not shown (${parts.join(', ')}): ` +
      `the first ${count(limit)} are, the most severe first (setting netlens.maxDiagnosticsPerFile; 0 shows all). \`netlens check\` lists every finding.`,
  };
}

