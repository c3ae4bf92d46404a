// Diagnostics: the findings of a project, grouped per file, in LSP form.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { Analysis } from '../rules/engine';
import { ruleById } from '../rules/registry';
import { pathToUri } from '../lsp/projects';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

/** Diagnostics per document URI; every file of the project gets an entry, empty when clean. */
export function diagnosticsByUri(analysis: Analysis): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  const sources = analysis.project.sources;
  for (const file of sources.all()) out.set(pathToUri(file.path), []);
  for (const f of analysis.findings) {
    const uri = pathToUri(f.loc.file);
    const rule = ruleById(f.rule);
    const diagnostic: Diagnostic = {
      range: sources.rangeOf(f.loc),
      severity: SEVERITY[f.severity],
      source: 'netlens',
      code: f.rule,
      message: f.message,
      relatedInformation: f.related.map((r) => ({ location: { uri: pathToUri(r.loc.file), range: sources.rangeOf(r.loc) }, message: r.message })),
    };
    if (rule) diagnostic.codeDescription = { href: rule.docs };
    if (f.tags?.includes('unnecessary')) diagnostic.tags = [DiagnosticTag.Unnecessary];
    const list = out.get(uri) ?? [];
    list.push(diagnostic);
    out.set(uri, list);
  }
  return out;
}
