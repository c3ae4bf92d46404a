// The messages between the topology panel (webview) and the extension, and their validation.
// Both sides check every message they receive: a webview is a web page, so nothing it posts is
// trusted, and the page ignores anything it does not recognise. No DOM and no vscode here.
import { isHostName, isPort, isServiceName, type EmbeddedReach, type ProbeAllOutcome, type ReachMatrix, type ReachPair } from '../../../server/src/protocol';
import { isPanelState, type PanelState } from './state';
import type { SourceLink, TopologyDocument } from '../../../server/src/topology/types';

export interface ViewState {
  zoom: number;
  pan: { x: number; y: number };
  selected: string[];
  /** Node positions, so a restored panel looks as it was left. */
  positions?: Record<string, { x: number; y: number }>;
  /** The Compose document the panel shows, so a restored panel asks for the same project. */
  uri?: string;
  /** The network groups opened in a large project's collapsed view. */
  expanded?: string[];
  /** Graph or matrix, focus, filters, search (state.ts). */
  panel?: PanelState;
}

/** Extension → page. */
export type ToPage =
  | { type: 'topology'; document: TopologyDocument; uri?: string }
  | { type: 'highlight'; file: string; line: number }
  | { type: 'error'; message: string }
  | { type: 'export'; format: 'png' | 'svg' }
  /** A probe's verdict for an arrow (`ok`: the name resolves and the port is open). */
  | { type: 'probe-result'; from: string; to: string; summary: string; ok: boolean }
  /** The matrix view's data (`netlens/reachMatrix`), or why there is none. */
  | { type: 'reach-matrix'; matrix?: ReachMatrix; error?: string }
  /** A matrix cell in full (`netlens/reachPair`), or why not. */
  | { type: 'reach-pair'; from: string; to: string; pair?: ReachPair; error?: string }
  /** Probe all: one more probe done (with its outcome), of `total`. */
  | { type: 'probe-all-progress'; done: number; total: number; outcome?: ProbeAllOutcome }
  /** Probe all ended: the summary line, or why it did not run (`ok` false). */
  | { type: 'probe-all-done'; ok: boolean; summary: string; cancelled: boolean };

/** Page → extension. */
export type FromPage =
  | { type: 'ready' }
  | { type: 'reveal'; loc: SourceLink }
  | { type: 'exported'; format: 'png' | 'svg'; data: string }
  | { type: 'state'; state: ViewState }
  /** The Simulated | Live switch: draw what the file says, or what runs on the engine. */
  | { type: 'source'; source: 'file' | 'live' }
  /** Live only: this file's Compose project, or every project on the engine. */
  | { type: 'scope'; scope: 'project' | 'all' }
  /** The probe button on a selected arrow: check from's container reaches to (on port). */
  | { type: 'probe'; from: string; to: string; port?: number }
  /** The matrix view opened (or the document changed while it is open): its data, please. */
  | { type: 'reach-matrix' }
  /** A matrix cell clicked: that pair in full. */
  | { type: 'reach-pair'; from: string; to: string }
  /** The Probe all button, and its Cancel. */
  | { type: 'probe-all' }
  | { type: 'probe-all-cancel' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNat = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function isSourceLink(v: unknown): v is SourceLink {
  if (!isObject(v) || typeof v.file !== 'string' || v.file.length === 0 || !isObject(v.range)) return false;
  const pos = (p: unknown) => isObject(p) && isNat(p.line) && isNat(p.character);
  return pos(v.range.start) && pos(v.range.end);
}

export function isViewState(v: unknown): v is ViewState {
  if (!isObject(v) || !isNum(v.zoom) || v.zoom <= 0 || !isObject(v.pan) || !isNum(v.pan.x) || !isNum(v.pan.y)) return false;
  if (!Array.isArray(v.selected) || !v.selected.every((s) => typeof s === 'string')) return false;
  if (v.uri !== undefined && typeof v.uri !== 'string') return false;
  if (v.panel !== undefined && !isPanelState(v.panel)) return false;
  if (v.expanded !== undefined && (!Array.isArray(v.expanded) || !v.expanded.every((s) => typeof s === 'string'))) return false;
  if (v.positions !== undefined) {
    if (!isObject(v.positions)) return false;
    for (const p of Object.values(v.positions)) if (!isObject(p) || !isNum(p.x) || !isNum(p.y)) return false;
  }
  return true;
}

/** A topology document's outer shape (the arrays the renderer walks); contents are read defensively. */
export function isTopologyDocument(v: unknown): v is TopologyDocument {
  if (!isObject(v) || v.version !== 1 || (v.source !== 'file' && v.source !== 'live') || typeof v.project !== 'string') return false;
  for (const key of ['networks', 'services', 'references', 'findings']) {
    const list = v[key];
    if (!Array.isArray(list) || !list.every((x) => isObject(x))) return false;
  }
  const named = (list: unknown[]) => list.every((x) => isObject(x) && typeof x.name === 'string');
  if (!named(v.networks as unknown[]) || !named(v.services as unknown[])) return false;
  for (const s of v.services as Array<Record<string, unknown>>) if (!Array.isArray(s.networks) || !Array.isArray(s.ports)) return false;
  return true;
}

const MAX_EXPORT = 64 * 1024 * 1024;
const MAX_NAME = 1000;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

export function isReachMatrix(v: unknown): v is ReachMatrix {
  if (!isObject(v) || typeof v.project !== 'string' || !isStrings(v.sources) || !isStrings(v.targets) || !isNat(v.leftOut)) return false;
  if (!Array.isArray(v.kinds) || !v.kinds.every((k) => isObject(k) && typeof k.reachable === 'boolean' && typeof k.code === 'string')) return false;
  const kinds = v.kinds.length;
  const width = v.targets.length;
  return Array.isArray(v.cells) && v.cells.length === v.sources.length && v.cells.every((row) => Array.isArray(row) && row.length === width && row.every((c) => Number.isInteger(c) && c >= -1 && c < kinds));
}

export function isReachPair(v: unknown): v is ReachPair {
  if (!isObject(v) || typeof v.from !== 'string' || typeof v.to !== 'string' || typeof v.reachable !== 'boolean' || typeof v.detail !== 'string') return false;
  const optText = (x: unknown) => x === null || typeof x === 'string';
  return optText(v.via) && optText(v.network) && optText(v.why) && isStrings(v.names) && Array.isArray(v.ports) && v.ports.every(isNat);
}

/** The matrix an HTML export carries (`<script type="application/json" id="netlens-reach">`). */
export function isEmbeddedReach(v: unknown): v is EmbeddedReach {
  return isObject(v) && isReachMatrix(v.matrix) && (v.pairs === null || (Array.isArray(v.pairs) && v.pairs.every(isReachPair)));
}

export function isProbeAllOutcome(v: unknown): v is ProbeAllOutcome {
  if (!isObject(v) || typeof v.from !== 'string' || (v.to !== null && typeof v.to !== 'string') || typeof v.host !== 'string' || (v.port !== null && !isNat(v.port))) return false;
  if (v.expected !== 'works' && v.expected !== 'fails') return false;
  if (v.observed !== 'works' && v.observed !== 'fails' && v.observed !== 'unknown') return false;
  if (v.verdict !== 'agrees' && v.verdict !== 'disagrees' && v.verdict !== 'inconclusive') return false;
  return typeof v.because === 'string' && typeof v.seen === 'string';
}

export function parseFromPage(v: unknown): FromPage | undefined {
  if (!isObject(v)) return undefined;
  switch (v.type) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal':
      return isSourceLink(v.loc) ? { type: 'reveal', loc: v.loc } : undefined;
    case 'exported':
      if ((v.format !== 'png' && v.format !== 'svg') || typeof v.data !== 'string' || v.data.length > MAX_EXPORT) return undefined;
      return { type: 'exported', format: v.format, data: v.data };
    case 'state':
      return isViewState(v.state) ? { type: 'state', state: v.state } : undefined;
    case 'source':
      return v.source === 'file' || v.source === 'live' ? { type: 'source', source: v.source } : undefined;
    case 'scope':
      return v.scope === 'project' || v.scope === 'all' ? { type: 'scope', scope: v.scope } : undefined;
    case 'reach-matrix':
      return { type: 'reach-matrix' };
    case 'reach-pair':
      return typeof v.from === 'string' && typeof v.to === 'string' && v.from.length <= MAX_NAME && v.to.length <= MAX_NAME ? { type: 'reach-pair', from: v.from, to: v.to } : undefined;
    case 'probe-all':
      return { type: 'probe-all' };
    case 'probe-all-cancel':
      return { type: 'probe-all-cancel' };
    case 'probe': {
      // The names end up as arguments of commands in a container: only names Compose and DNS accept.
      if (!isServiceName(v.from) || !isHostName(v.to)) return undefined;
      if (v.port === undefined) return { type: 'probe', from: v.from, to: v.to };
      return isPort(v.port) ? { type: 'probe', from: v.from, to: v.to, port: v.port } : undefined;
    }
    default:
      return undefined;
  }
}

export function parseToPage(v: unknown): ToPage | undefined {
  if (!isObject(v)) return undefined;
  switch (v.type) {
    case 'topology':
      if (!isTopologyDocument(v.document) || (v.uri !== undefined && typeof v.uri !== 'string')) return undefined;
      return typeof v.uri === 'string' ? { type: 'topology', document: v.document, uri: v.uri } : { type: 'topology', document: v.document };
    case 'highlight':
      return typeof v.file === 'string' && isNat(v.line) ? { type: 'highlight', file: v.file, line: v.line } : undefined;
    case 'error':
      return typeof v.message === 'string' ? { type: 'error', message: v.message } : undefined;
    case 'export':
      return v.format === 'png' || v.format === 'svg' ? { type: 'export', format: v.format } : undefined;
    case 'probe-result':
      if (typeof v.from !== 'string' || typeof v.to !== 'string' || typeof v.summary !== 'string' || typeof v.ok !== 'boolean') return undefined;
      return { type: 'probe-result', from: v.from, to: v.to, summary: v.summary, ok: v.ok };
    case 'reach-matrix':
      if (v.matrix !== undefined) return isReachMatrix(v.matrix) ? { type: 'reach-matrix', matrix: v.matrix } : undefined;
      return typeof v.error === 'string' ? { type: 'reach-matrix', error: v.error } : undefined;
    case 'reach-pair':
      if (typeof v.from !== 'string' || typeof v.to !== 'string') return undefined;
      if (v.pair !== undefined) return isReachPair(v.pair) ? { type: 'reach-pair', from: v.from, to: v.to, pair: v.pair } : undefined;
      return typeof v.error === 'string' ? { type: 'reach-pair', from: v.from, to: v.to, error: v.error } : undefined;
    case 'probe-all-progress':
      if (!isNat(v.done) || !isNat(v.total) || (v.outcome !== undefined && !isProbeAllOutcome(v.outcome))) return undefined;
      return v.outcome ? { type: 'probe-all-progress', done: v.done, total: v.total, outcome: v.outcome as ProbeAllOutcome } : { type: 'probe-all-progress', done: v.done, total: v.total };
    case 'probe-all-done':
      if (typeof v.ok !== 'boolean' || typeof v.summary !== 'string' || typeof v.cancelled !== 'boolean') return undefined;
      return { type: 'probe-all-done', ok: v.ok, summary: v.summary, cancelled: v.cancelled };
    default:
      return undefined;
  }
}
