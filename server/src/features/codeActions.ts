// Code actions: each fix a rule offers as a quick fix, "disable for this line", the rule's
// documentation, and `source.fixAll.netlens` (every preferred fix that does not overlap another).
import { CodeActionKind, type CodeAction, type Range, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { chooseFixes, editsOf } from '../rules/support/fixAll';
import { ruleById } from '../rules/registry';
import type { Finding, TextEdit } from '../rules/types';
import { pathToUri } from '../lsp/locations';
import { rangeOf } from '../lsp/locations';
import { docsFor, toDiagnostic } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.netlens`;
/** The client command that opens a rule's page (the client registers it). */
export const OPEN_DOCS_COMMAND = 'netlens.openRuleDocs';

function workspaceEdit(analysis: Analysis, edits: TextEdit[]): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of edits) (changes[pathToUri(e.loc.file)] ??= []).push({ range: rangeOf(analysis, e.loc), newText: e.newText });
  return { changes };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

/** Whether a requested kind (`only`) asks for actions of `kind`. */
function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

export function codeActions(analysis: Analysis, file: string, range: Range, only?: string[]): CodeAction[] {
  const out: CodeAction[] = [];
  if (wants(only, CodeActionKind.QuickFix)) {
    for (const f of analysis.findings) {
      if (f.loc.file !== file || !overlaps(rangeOf(analysis, f.loc), range)) continue;
      for (const action of findingActions(analysis, f)) out.push(action);
    }
  }
  if (only && wants(only, FIX_ALL_KIND)) {
    const all = fixAll(analysis, file);
    if (all) out.push(all);
  }
  return out;
}

function findingActions(analysis: Analysis, f: Finding): CodeAction[] {
  const diagnostic = toDiagnostic(analysis, f);
  const actions: CodeAction[] = f.fixes.map((fix) => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred === true,
    edit: workspaceEdit(analysis, fix.edits),
  }));
  const source = analysis.project.sources.get(f.loc.file);
  if (source && ruleById(f.rule)) {
    // The comment goes on its own line above, indented like the line it silences.
    const lineStart = source.lineStartOf(f.loc.start);
    const indent = /^[ \t]*/.exec(source.text.slice(lineStart))?.[0] ?? '';
    actions.push({
      title: `Disable ${f.rule} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit(analysis, [{ loc: { file: f.loc.file, start: lineStart, end: lineStart }, newText: `${indent}# netlens-disable-next-line ${f.rule}${source.lineBreak}` }]),
    });
  }
  actions.push({
    title: `Open the documentation of ${f.rule}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: `Open the documentation of ${f.rule}`, command: OPEN_DOCS_COMMAND, arguments: [docsFor(f)] },
  });
  return actions;
}

/** All preferred fixes of the findings shown in `file` (chosen as `check --fix` chooses them: `rules/support/fixAll.ts`). */
export function fixAll(analysis: Analysis, file: string): CodeAction | undefined {
  const edits = editsOf(chooseFixes(analysis.findings.filter((f) => f.loc.file === file)));
  if (edits.length === 0) return undefined;
  return { title: 'Fix all netlens findings', kind: FIX_ALL_KIND, edit: workspaceEdit(analysis, edits) };
}
