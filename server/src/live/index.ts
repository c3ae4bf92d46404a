// Live mode's entry points for the CLI and the language server: one read of the engine as a
// topology document, and drift findings for a project. Never throws: failures come back as words.
import type { NetworkModel } from '../network/types';
import type { Finding } from '../rules/types';
import type { TopologyDocument } from '../topology/types';
import { connectEngine, type ConnectOptions, type EngineConnection, type EngineError } from './connection';
import { driftFindings } from './drift';
import { readEngine } from './read';
import { topologyFromEngine, type LiveViewOptions } from './snapshot';

export type LiveResult<T> = { ok: true; value: T; connection: EngineConnection } | { ok: false; error: EngineError };

export interface LiveTopologyOptions extends ConnectOptions {
  /** Only this Compose project. */
  project?: string;
}

/** `netlens topology --live [--project NAME]`: the engine's network as a topology document. */
export async function liveTopology(options: LiveTopologyOptions = {}): Promise<LiveResult<TopologyDocument>> {
  const connected = await connectEngine(options);
  if (!connected.ok) return { ok: false, error: connected.error };
  const conn = connected.connection;
  try {
    const answer = await readEngine(conn, options.timeoutMs ?? 15_000);
    const view: LiveViewOptions = { project: options.project, address: conn.target.address };
    return { ok: true, value: topologyFromEngine(answer, view), connection: conn };
  } catch (err) {
    return { ok: false, error: { code: 'other', message: `Reading the Docker engine failed: ${(err as Error).message}` } };
  }
}

/** Drift findings of one project (read with every project visible: other projects hold addresses too). */
export async function liveDrift(model: NetworkModel, options: ConnectOptions = {}): Promise<LiveResult<Finding[]>> {
  const all = await liveTopology(options);
  if (!all.ok) return all;
  return { ok: true, value: driftFindings(model, all.value), connection: all.connection };
}

export { connectEngine, explainEngineError } from './connection';
export type { EngineConnection, EngineError } from './connection';
export { driftFindings, DRIFT_RULE_IDS } from './drift';
export { probe, containerOfService } from './probe';
export type { ProbeResult } from '../protocol';
export { topologyFromEngine } from './snapshot';
export { LiveWatcher } from './watch';
export type { WatchState } from './watch';
export { resolveEngineTarget, describeTarget } from './target';
