// The `netlens/topology` request: the topology document of the project a Compose document belongs
// to, for the panel. Params `{ uri, source? }`: `"file"` (default) draws what the file says,
// `"live"` what runs on the Docker engine for that project (matched by the Compose project name),
// or for every project on the engine with `scope: "all"`.
// Bad params get an error, not a throw; engine failures come back as an error in words.
import { ResponseError, ErrorCodes } from 'vscode-languageserver';
import { uriToPath } from '../lsp/locations';
import type { Analysis } from '../analysis';
import { referencesOnEngine } from '../live/references';
import { topologyFromAnalysis } from '../topology/fromModel';
import type { TopologyDocument } from '../topology/types';
import { ENGINE_UNAVAILABLE } from '../protocol';

/** Reads the engine's document of one project, or of the whole engine when `project` is undefined. */
export type LiveReader = (file: string, project: string | undefined) => Promise<{ ok: true; document: TopologyDocument } | { ok: false; message: string }>;

export async function topologyRequest(params: unknown, analysisFor: (file: string) => Promise<Analysis>, readLive?: LiveReader): Promise<TopologyDocument | ResponseError<void>> {
  const p = typeof params === 'object' && params !== null ? (params as { uri?: unknown; source?: unknown; scope?: unknown }) : {};
  if (typeof p.uri !== 'string' || !p.uri.startsWith('file:')) return new ResponseError(ErrorCodes.InvalidParams, 'netlens/topology takes { uri } of a file');
  if (p.source !== undefined && p.source !== 'file' && p.source !== 'live') return new ResponseError(ErrorCodes.InvalidParams, 'netlens/topology: source is "file" or "live"');
  if (p.scope !== undefined && p.scope !== 'project' && p.scope !== 'all') return new ResponseError(ErrorCodes.InvalidParams, 'netlens/topology: scope is "project" or "all"');
  const file = uriToPath(p.uri);
  const analysis = await analysisFor(file);
  if (p.source !== 'live') return topologyFromAnalysis(analysis);
  if (!readLive) return new ResponseError(ENGINE_UNAVAILABLE, 'Live mode is not available here.');
  const live = await readLive(file, p.scope === 'all' ? undefined : analysis.model.projectName);
  if (!live.ok) return new ResponseError(ENGINE_UNAVAILABLE, live.message);
  // The project's own view draws the file's connections (mounted files' among them) as they stand on the engine.
  if (p.scope !== 'all') live.document.references = referencesOnEngine(topologyFromAnalysis(analysis), live.document);
  return live.document;
}
