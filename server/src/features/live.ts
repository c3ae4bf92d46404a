// Live mode's requests and notifications on the language server (named and typed in protocol.ts).
// Drift findings become diagnostics (their own rule ids, source netlens) while a folder is live.
import { ErrorCodes, ResponseError, type Connection, type Diagnostic } from 'vscode-languageserver';
import { driftFindings } from '../live/drift';
import { liveTopology } from '../live/index';
import { folderOf, LiveFolders } from '../lsp/liveFolders';
import { LIVE_CHANGED, LIVE_START, LIVE_STATUS, LIVE_STOP, type LiveStatus } from '../protocol';
import { pathToUri, uriToPath } from '../lsp/locations';
import { settleDrift, type Analysis, type SeveritySetting } from '../analysis';
import { toDiagnostic } from './diagnostics';
import type { TopologyDocument } from '../topology/types';
import type { LiveReader } from './topology';

export interface LiveWiring {
  /** The drift diagnostics of a project while its folder is live, per file URI. */
  driftDiagnostics(file: string, analysis: Analysis, severities: Readonly<Record<string, SeveritySetting>>): Map<string, Diagnostic[]>;
  /** The latest whole-engine snapshot of the file's folder while it is live (pre-flight code actions read it). */
  snapshotFor(file: string): TopologyDocument | undefined;
  /** `netlens/topology` with `source: "live"`. */
  readLive: LiveReader;
  /** Settings changed: live folders reconnect (the engine address may have changed). */
  restart(): Promise<void>;
  stopAll(): void;
}

function fileOf(params: unknown): string | undefined {
  const uri = typeof params === 'object' && params !== null ? (params as { uri?: unknown }).uri : undefined;
  return typeof uri === 'string' && uri.startsWith('file:') ? uriToPath(uri) : undefined;
}

export function wireLive(
  connection: Connection,
  dockerHostFor: (file: string) => Promise<string>,
  /** Re-check the open documents of a folder (their diagnostics now include or drop drift). */
  recheck: (folder: string) => void,
): LiveWiring {
  const folders = new LiveFolders({
    onSnapshot: (folder) => {
      void connection.sendNotification(LIVE_CHANGED, { folder, uri: pathToUri(folder) });
      recheck(folder);
    },
    onStatus: (status: LiveStatus) => void connection.sendNotification(LIVE_STATUS, status),
  });

  connection.onRequest(LIVE_START, async (params: unknown) => {
    const file = fileOf(params);
    if (!file) return new ResponseError(ErrorCodes.InvalidParams, `${LIVE_START} takes { uri } of a file`);
    const folder = folderOf(file);
    folders.start(folder, await dockerHostFor(file));
    return { folder };
  });
  connection.onRequest(LIVE_STOP, (params: unknown) => {
    const file = fileOf(params);
    if (!file) return new ResponseError(ErrorCodes.InvalidParams, `${LIVE_STOP} takes { uri } of a file`);
    const folder = folderOf(file);
    const was = folders.stop(folder);
    if (was) recheck(folder);
    return { folder, stopped: was };
  });

  return {
    driftDiagnostics(file, analysis, severities) {
      const out = new Map<string, Diagnostic[]>();
      const snapshot = folders.snapshot(folderOf(file));
      if (!snapshot) return out;
      for (const f of settleDrift(analysis.model, driftFindings(analysis.model, snapshot), severities)) {
        const uri = pathToUri(f.loc.file);
        out.set(uri, [...(out.get(uri) ?? []), toDiagnostic(analysis, f)]);
      }
      return out;
    },
    snapshotFor: (file) => folders.snapshot(folderOf(file)),
    readLive: async (file, project) => {
      const r = await liveTopology({ host: (await dockerHostFor(file)) || undefined, env: process.env, project });
      return r.ok ? { ok: true, document: r.value } : { ok: false, message: r.error.message };
    },
    async restart() {
      for (const folder of folders.folders()) {
        folders.start(folder, await dockerHostFor(`${folder}/compose.yaml`));
      }
    },
    stopAll: () => folders.stopAll(),
  };
}
