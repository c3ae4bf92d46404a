// The `netlens/topology` request: the topology document (`source: "file"`) of the project a
// Compose document belongs to, for the panel. Params `{ uri }`; bad params get an error, not a throw.
import { ResponseError, ErrorCodes } from 'vscode-languageserver';
import { uriToPath } from '../lsp/projects';
import type { Analysis } from '../rules/engine';
import { topologyFromAnalysis } from '../topology/fromModel';
import type { TopologyDocument } from '../topology/types';

export const TOPOLOGY_REQUEST = 'netlens/topology';

export interface TopologyParams {
  uri: string;
}

export async function topologyRequest(params: unknown, analysisFor: (file: string) => Promise<Analysis>): Promise<TopologyDocument | ResponseError<void>> {
  const uri = typeof params === 'object' && params !== null ? (params as { uri?: unknown }).uri : undefined;
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return new ResponseError(ErrorCodes.InvalidParams, 'netlens/topology takes { uri } of a file');
  return topologyFromAnalysis(await analysisFor(uriToPath(uri)));
}
