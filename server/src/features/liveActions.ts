// Code actions on live findings (pre-flight and drift, computed from the folder's latest engine
// snapshot): the fixes they carry (a free subnet), and for `external-network-missing` "Create network",
// a command the server runs (`workspace/executeCommand`) against the engine — offered and run only in
// a trusted workspace, since it changes the engine. The diagnostic goes when the engine reports the network.
import { CodeActionKind, ErrorCodes, ResponseError, type CodeAction, type Range, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import { settleDrift, type Analysis, type SeveritySetting } from '../analysis';
import { driftFindings } from '../live/drift';
import { createNetwork } from '../live/createNetwork';
import { rangeOf } from '../lsp/locations';
import { pathToUri, uriToPath } from '../lsp/locations';
import { CREATE_NETWORK_COMMAND, PROBE_UNTRUSTED, type CreateNetworkArgs, type CreateNetworkResult } from '../protocol';
import { createCommand, missingExternalNetworks } from '../rules/externalNetworkMissing';
import type { TopologyDocument } from '../topology/types';
import { OPEN_DOCS_COMMAND } from './codeActions';
import { docsFor, toDiagnostic } from './diagnostics';


function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

export function liveCodeActions(analysis: Analysis, file: string, range: Range, live: TopologyDocument, trusted: boolean, severities: Readonly<Record<string, SeveritySetting>>): CodeAction[] {
  const out: CodeAction[] = [];
  const here = (loc: { file: string }) => loc.file === file;
  const shown = settleDrift(analysis.model, driftFindings(analysis.model, live), severities);
  for (const f of shown) {
    if (!here(f.loc) || !overlaps(rangeOf(analysis, f.loc), range)) continue;
    for (const fix of f.fixes) {
      const changes: Record<string, LspTextEdit[]> = {};
      for (const e of fix.edits) (changes[pathToUri(e.loc.file)] ??= []).push({ range: rangeOf(analysis, e.loc), newText: e.newText });
      out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [toDiagnostic(analysis, f)], edit: { changes } });
    }
    const title = `Open the documentation of ${f.rule}`;
    out.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [toDiagnostic(analysis, f)], command: { title, command: OPEN_DOCS_COMMAND, arguments: [docsFor(f)] } });
  }
  if (!trusted) return out;
  for (const missing of missingExternalNetworks(analysis.model, live)) {
    // Offered where its diagnostic shows (not turned off, not silenced by a comment).
    const f = shown.find((x) => x.rule === missing.finding.rule && x.loc.file === missing.finding.loc.file && x.loc.start === missing.finding.loc.start);
    if (!f || !here(f.loc) || !overlaps(rangeOf(analysis, f.loc), range)) continue;
    out.push({
      title: `Create network \`${missing.create.name}\` on the engine`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [toDiagnostic(analysis, f)],
      isPreferred: true,
      command: { title: createCommand(missing.create), command: CREATE_NETWORK_COMMAND, arguments: [{ uri: pathToUri(file), network: missing.network.key }] },
    });
  }
  return out;
}

/**
 * Runs "Create network": the network is looked up again in the current analysis and snapshot (the
 * arguments only name it), so the command creates nothing the file does not declare as missing.
 */
export async function runCreateNetwork(
  args: unknown,
  trusted: boolean,
  analysisFor: (file: string) => Promise<Analysis>,
  snapshotFor: (file: string) => TopologyDocument | undefined,
  dockerHostFor: (file: string) => Promise<string>,
): Promise<CreateNetworkResult | ResponseError<void>> {
  const a = (Array.isArray(args) ? args[0] : undefined) as Partial<Record<keyof CreateNetworkArgs, unknown>> | undefined;
  if (typeof a?.uri !== 'string' || !a.uri.startsWith('file:') || typeof a.network !== 'string') return new ResponseError(ErrorCodes.InvalidParams, `${CREATE_NETWORK_COMMAND} takes [{ uri, network }]`);
  if (!trusted) return new ResponseError(PROBE_UNTRUSTED, 'Creating a network changes your Docker engine, so it only runs in a trusted workspace. Trust this workspace to create it.');
  const file = uriToPath(a.uri);
  const live = snapshotFor(file);
  if (!live) return new ResponseError(ErrorCodes.InvalidRequest, 'Live mode is off for this folder: switch it on to create the network.');
  const missing = missingExternalNetworks((await analysisFor(file)).model, live).find((m) => m.network.key === a.network);
  if (!missing) return new ResponseError(ErrorCodes.InvalidRequest, `The file declares no missing external network \`${a.network}\` (created meanwhile?).`);
  const result = await createNetwork(missing.create, { host: (await dockerHostFor(file)) || undefined, env: process.env });
  if (!result.ok) return new ResponseError(ErrorCodes.InternalError, result.message);
  return { created: missing.create.name, command: createCommand(missing.create) };
}
