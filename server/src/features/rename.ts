// Rename a service or network everywhere it is named, hosts in URLs included. `prepareRename`
// refuses where a rename cannot be done safely by editing names: external networks (the key is
// the engine's name), the implicit `default`, and names written through variables.
import { ResponseError, ErrorCodes, type Position, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { pathToUri } from '../lsp/locations';
import { offsetOf, rangeOf } from '../lsp/locations';
import { nameAt, occurrencesOf, projectIndex } from '../lsp/projectIndex';

const VALID_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

type Target = { kind: 'service' | 'network'; name: string; range: Range };

/** The name to rename at `position`, or the reason it cannot be renamed. */
function target(analysis: Analysis, file: string, position: Position): Target | string {
  const offset = offsetOf(analysis, file, position);
  if (offset === undefined) return 'This file is not part of a Compose project.';
  const span = nameAt(analysis, file, offset);
  if (!span) return 'Only a service or network name can be renamed here.';
  if (span.kind === 'network') {
    const net = analysis.model.networks.get(span.name);
    if (span.name === 'default') return 'Services without `networks:` join `default` implicitly, so renaming it would move them to a new network; rename it by hand.';
    if (net?.external) return `\`${span.name}\` is an external network: its key is its name on the engine, so renaming it here would point at another network.`;
    if (!analysis.project.networks.has(span.name)) return `\`${span.name}\` is not declared under top-level \`networks:\`.`;
  } else if (!analysis.project.services.has(span.name)) return `\`${span.name}\` is not a service of this project.`;
  for (const o of occurrencesOf(projectIndex(analysis), span.kind, span.name)) {
    if (!o.exact) {
      const at = analysis.project.sources.get(o.loc.file)?.positionAt(o.loc.start);
      return `\`${span.name}\` is written in a way that cannot be edited safely (a variable or block value) at ${o.loc.file}:${(at?.line ?? 0) + 1}; rename it by hand.`;
    }
  }
  return { kind: span.kind, name: span.name, range: rangeOf(analysis, span.loc) };
}

export function prepareRename(analysis: Analysis, file: string, position: Position): { range: Range; placeholder: string } {
  const t = target(analysis, file, position);
  if (typeof t === 'string') throw new ResponseError(ErrorCodes.InvalidRequest, t);
  return { range: t.range, placeholder: t.name };
}

export function rename(analysis: Analysis, file: string, position: Position, newName: string): WorkspaceEdit {
  const t = target(analysis, file, position);
  if (typeof t === 'string') throw new ResponseError(ErrorCodes.InvalidRequest, t);
  if (!VALID_NAME.test(newName)) throw new ResponseError(ErrorCodes.InvalidParams, `\`${newName}\` is not a valid ${t.kind} name (letters, digits, \`_\`, \`.\`, \`-\`).`);
  const taken = t.kind === 'service' ? analysis.model.services.has(newName) : analysis.project.networks.has(newName);
  if (taken && newName !== t.name) throw new ResponseError(ErrorCodes.InvalidParams, `A ${t.kind} named \`${newName}\` already exists.`);
  const changes: Record<string, TextEdit[]> = {};
  for (const o of occurrencesOf(projectIndex(analysis), t.kind, t.name)) {
    (changes[pathToUri(o.loc.file)] ??= []).push({ range: rangeOf(analysis, o.loc), newText: newName });
  }
  return { changes };
}
