// Diagnostics: the findings of a project, grouped per file, in LSP form.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { DRIFT_RULE_IDS } from '../live/drift';
import { ruleDocs } from '../rules/support/ruleDocs';
import { ruleById } from '../rules/registry';
import type { Finding } from '../rules/types';
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

/** Diagnostics per document URI; every file of the project gets an entry, empty when clean. A new map each call (callers add to it); the lists are shared, never changed. */
export function diagnosticsByUri(analysis: Analysis): Map<string, Diagnostic[]> {
  let done = computed.get(analysis);
  if (!done) computed.set(analysis, (done = compute(analysis)));
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
