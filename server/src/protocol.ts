// The extension's own messages between the VS Code client and the language server, in one place: the
// `netlens/*` method names, their parameters and results, the error codes they answer with, and how the
// server's process is started. The client imports nothing else from the server side (but the topology
// page it shares with the CLI); the server's providers take their names and types from here.
export { isHostName, isPort, isServiceName } from './compose/names';

/** Client → server: the topology document of the project a Compose document belongs to. */
export const TOPOLOGY_REQUEST = 'netlens/topology';

export interface TopologyParams {
  uri: string;
  source?: 'file' | 'live';
  /** Live only: the document's own project (default) or everything on the engine. */
  scope?: 'project' | 'all';
}

/** Client → server: from a service's running container, resolve a name and open a TCP port. */
export const PROBE_REQUEST = 'netlens/probe';

export interface ProbeParams {
  uri: string;
  from: string;
  to: string;
  port?: number;
  /** `vscode.workspace.isTrusted` at the time of the request; overrides the trust given at initialize. */
  trusted?: boolean;
}

export interface ProbeResult {
  from: string;
  host: string;
  port: number | null;
  resolution: { status: 'resolved' | 'not-found' | 'unknown'; addresses: string[]; tool: string | null; detail: string };
  tcp: { status: 'open' | 'closed' | 'unknown'; tool: string | null; detail: string } | null;
  /** One line for people: "`web` → `db`: name resolves to 172.20.0.3; TCP 5432 open". */
  summary: string;
}

/**
 * Client → server: the reachability matrix of the project a Compose document belongs to (`network/reachability.ts`),
 * compact for the panel's matrix view: a verdict per cell as an index into `kinds`. `from`/`to` restrict the rows
 * and columns (services; rows may name `REACH_HOST`), at most `REACH_MATRIX_LIMIT` of each.
 */
export const REACH_MATRIX_REQUEST = 'netlens/reachMatrix';
/** The row of the host (published ports): not a name Compose accepts for a service. */
export const REACH_HOST = '(host)';
export const REACH_MATRIX_LIMIT = 1000;

export interface ReachMatrixParams {
  uri: string;
  from?: string[];
  to?: string[];
}

/** A cell's verdict: how a pair reaches (`via`) or why not (`why`), as `netlens reach` names them. */
export interface ReachKind {
  reachable: boolean;
  /** `dns`, `link`, `address`, `localhost`, `published`, `host-gateway` when reachable; else the reason (`no-shared-network`, `default-bridge`, ...). */
  code: string;
}

export interface ReachMatrix {
  project: string;
  /** Row names: services in model order, then `REACH_HOST` when asked for. */
  sources: string[];
  /** Column names: services in model order. */
  targets: string[];
  kinds: ReachKind[];
  /** One array per row, one entry per column: an index into `kinds`, or -1 for a service with itself. */
  cells: number[][];
  /** Rows or columns left out past the limit. */
  leftOut: number;
}

/** Client → server `ReachPairParams`: one pair in full (the path and the names), `ReachPair`. */
export const REACH_PAIR_REQUEST = 'netlens/reachPair';

export interface ReachPairParams {
  uri: string;
  from: string;
  to: string;
}

/** `netlens reach`'s JSON pair, with the way it reaches and one sentence saying how or why not (Markdown code spans). */
export interface ReachPair {
  from: string;
  to: string;
  reachable: boolean;
  via: string | null;
  names: string[];
  /** The network's key in the file (`bridge` for the default bridge), or null. */
  network: string | null;
  ports: number[];
  why: string | null;
  detail: string;
}

/**
 * The matrix inside the CLI's HTML export (`netlens topology --format html`), which has no server to ask: the matrix,
 * and every pair in full when there are at most `REACH_EXPORT_PAIRS` of them (else null: the page says how to ask `netlens reach`).
 */
export interface EmbeddedReach {
  matrix: ReachMatrix;
  pairs: ReachPair[] | null;
}
/** Pairs in full an export carries at most (about 100 services; each pair is some 200 bytes of the page). */
export const REACH_EXPORT_PAIRS = 10_000;

/**
 * Client → server `ProbeAllParams`: probe all (`live/probeAll.ts`) on the project's running containers; each
 * outcome is also sent as it comes with `PROBE_ALL_PROGRESS`. Cancelling the request stops the probes not started.
 */
export const PROBE_ALL_REQUEST = 'netlens/probeAll';
/** Server → client `ProbeAllProgress`. */
export const PROBE_ALL_PROGRESS = 'netlens/probeAll/progress';

export interface ProbeAllParams {
  uri: string;
  /** Chosen by the client: the progress notifications of this run carry it. */
  token: string;
  /** `vscode.workspace.isTrusted` at the time of the request; overrides the trust given at initialize. */
  trusted?: boolean;
}

export interface ProbeAllOutcome {
  from: string;
  /** The service the probed name stands for, when one. */
  to: string | null;
  host: string;
  port: number | null;
  /** The static verdict and the probe's. */
  expected: 'works' | 'fails';
  observed: 'works' | 'fails' | 'unknown';
  verdict: 'agrees' | 'disagrees' | 'inconclusive';
  /** Why the analysis says so, and what the probe saw (one line each, code spans for names). */
  because: string;
  seen: string;
}

export interface ProbeAllProgress {
  token: string;
  done: number;
  total: number;
  outcome?: ProbeAllOutcome;
}

export interface ProbeAllResult {
  outcomes: ProbeAllOutcome[];
  /** One line for the whole run (`Probes: 7 run, 7 agree, …`). */
  summary: string;
  cancelled: boolean;
}

/** Live mode, client → server `{ uri }`: watch the engine for the folder of that file (status and changes follow). */
export const LIVE_START = 'netlens/live/start';
/** Client → server `{ uri }`: stop; the folder's drift diagnostics go away. */
export const LIVE_STOP = 'netlens/live/stop';
/** Server → client `LiveChanged`: the engine changed, ask for the live document again. */
export const LIVE_CHANGED = 'netlens/live/changed';
/** Server → client `LiveStatus`: connected and the version, reconnecting, or why not. */
export const LIVE_STATUS = 'netlens/live/status';

export interface LiveChanged {
  folder: string;
  uri: string;
}

/** What `netlens/live/status` carries: the engine and its state, or why not, in words. */
export interface LiveStatus {
  folder: string;
  state: 'connecting' | 'connected' | 'reconnecting' | 'stopped';
  engine?: string;
  version?: string;
  message: string;
}

/** Client → server, when the user trusts the workspace during the session: `{ trusted: true }`. */
export const TRUST_NOTIFICATION = 'netlens/trust';

/** Live mode and probes answer with this code, so a client can tell "the engine said no" from bad params. */
export const ENGINE_UNAVAILABLE = -32001;
/** A refused probe or Create network (untrusted workspace): its own code, so the client can say why. */
export const PROBE_UNTRUSTED = -32002;

/**
 * `workspace/executeCommand` the server runs (announced in `executeCommandProvider`, so a client registers it
 * itself): "Create network" of `external-network-missing`, arguments `[CreateNetworkArgs]`, result `CreateNetworkResult`.
 */
export const CREATE_NETWORK_COMMAND = 'netlens.createNetwork';
export interface CreateNetworkArgs {
  uri: string;
  /** The network's key in the file. */
  network: string;
}
export interface CreateNetworkResult {
  created: string;
  /** The same as a `docker network create` command line. */
  command: string;
}

// How the language server's Node process is started (by the extension, and by the benchmark that
// measures it as users run it), given how many processors the machine offers (`os.availableParallelism()`;
// taken as an argument so that this module, which the topology page shares, imports nothing of Node's).
// - The young generation: V8 lets a semi-space grow to 16 MB; the server's allocations are mostly
//   short-lived analysis data, and 8 MB keeps them collected soon enough for the peak RSS at 1,000 services
//   to stay about 10 MB under the alternative's (16 MB: about 115 MB, above it); 4 MB, as before, took about
//   100 scavenges per open at 5,000 against 57, each copying what the model keeps.
// - V8's helper threads (optimising compiler, concurrent marking and sweeping, parallel scavenges): Node
//   starts four whatever the machine. On two processors those four and the analysis shared two cores, and
//   the analysis thread waited ~350 ms of a 1.3 s open at 5,000 services for a processor while the helpers
//   compiled; one fewer than the processors (at most Node's four, at least one) leaves it a core of its own.
// Measured on the benchmark's 5,000-service project over stdio, alternated with the alternative (2026-11-28):
// see README's Performance.
export function serverExecArgv(processors: number): string[] {
  const helpers = Number.isFinite(processors) ? Math.max(1, Math.min(4, Math.floor(processors) - 1)) : 1;
  return ['--max-semi-space-size=8', `--v8-pool-size=${helpers}`];
}
