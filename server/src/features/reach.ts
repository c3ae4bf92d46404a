// The panel's matrix: `netlens/reachMatrix` (every pair's verdict, compact: an index into a few kinds per cell)
// and `netlens/reachPair` (one pair in full: names, network, ports, why), both from the model's reachability
// (`network/reachability.ts`, made compact by `topology/reach.ts`), the same verdicts `netlens reach` prints.
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { uriToPath } from '../lsp/locations';
import type { ReachMatrix, ReachPair } from '../protocol';
import { reachMatrix, reachPair } from '../topology/reach';

const isNameList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

export async function reachMatrixRequest(params: unknown, analysisFor: (file: string) => Promise<Analysis>): Promise<ReachMatrix | ResponseError<void>> {
  const p = typeof params === 'object' && params !== null ? (params as Record<string, unknown>) : {};
  if (typeof p.uri !== 'string' || !p.uri.startsWith('file:') || (p.from !== undefined && !isNameList(p.from)) || (p.to !== undefined && !isNameList(p.to))) {
    return new ResponseError(ErrorCodes.InvalidParams, 'netlens/reachMatrix takes { uri, from?, to? }: a file URI and lists of service names');
  }
  const analysis = await analysisFor(uriToPath(p.uri));
  return reachMatrix(analysis.model, p.from as string[] | undefined, p.to as string[] | undefined);
}

export async function reachPairRequest(params: unknown, analysisFor: (file: string) => Promise<Analysis>): Promise<ReachPair | ResponseError<void>> {
  const p = typeof params === 'object' && params !== null ? (params as Record<string, unknown>) : {};
  if (typeof p.uri !== 'string' || !p.uri.startsWith('file:') || typeof p.from !== 'string' || typeof p.to !== 'string') {
    return new ResponseError(ErrorCodes.InvalidParams, 'netlens/reachPair takes { uri, from, to }: a file URI and two service names');
  }
  const analysis = await analysisFor(uriToPath(p.uri));
  const pair = reachPair(analysis.model, p.from, p.to);
  return pair ?? new ResponseError(ErrorCodes.InvalidParams, `netlens/reachPair: no pair of services ${JSON.stringify(p.from)} → ${JSON.stringify(p.to)} in project ${analysis.model.projectName}`);
}
