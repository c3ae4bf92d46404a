/// <reference lib="dom" />
// Entry of the topology page (bundled to client/out/webview.js). In VS Code it talks to the
// extension through `acquireVsCodeApi`; in the CLI's HTML export it reads the document embedded
// in the page (`<script type="application/json" id="netlens-topology">`) and runs on its own, its matrix
// view answered from the matrix embedded beside it (`id="netlens-reach"`).
import type { EmbeddedReach } from '../../../server/src/protocol';
import { isEmbeddedReach, isTopologyDocument, isViewState, parseToPage, type FromPage, type ViewState } from './messages';
import { TopologyView, type PageHost } from './view';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

const api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
let memoryState: ViewState | undefined;
let shownUri: string | undefined;

/** The matrix an HTML export carries, if the page is one and carries it. */
function readEmbeddedReach(): EmbeddedReach | undefined {
  const block = document.getElementById('netlens-reach');
  if (!block?.textContent) return undefined;
  try {
    const value: unknown = JSON.parse(block.textContent);
    return isEmbeddedReach(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
const reach = api ? undefined : readEmbeddedReach();
const pairs = new Map((reach?.pairs ?? []).map((p) => [`${p.from}\0${p.to}`, p]));

/** In the export, the matrix view's requests answered from the page's own data, a task later as the extension's would be. */
function answerFromPage(message: FromPage, data: EmbeddedReach): void {
  if (message.type === 'reach-matrix') setTimeout(() => view.controls.receive({ type: 'reach-matrix', matrix: data.matrix }), 0);
  else if (message.type === 'reach-pair') {
    const { from, to } = message;
    const pair = pairs.get(`${from}\0${to}`);
    const missing = data.pairs ? 'no such pair in this export' : `this export of a large project carries the verdicts only; \`netlens reach --from ${from} --to ${to}\` prints this pair in full`;
    setTimeout(() => view.controls.receive(pair ? { type: 'reach-pair', from, to, pair } : { type: 'reach-pair', from, to, error: missing }), 0);
  }
}

const host: PageHost = {
  post: (message: FromPage) => {
    if (api) api.postMessage(message);
    else if (reach) answerFromPage(message, reach);
  },
  saved: () => {
    const s = api ? api.getState() : memoryState;
    return isViewState(s) ? s : undefined;
  },
  save: (state) => {
    if (shownUri) state.uri = shownUri;
    if (api) api.setState(state);
    else memoryState = state;
  },
  exportsToHost: api !== undefined,
  canSwitchSource: api !== undefined,
  hasMatrix: api !== undefined || reach !== undefined,
};

const view = new TopologyView(document.body, host);
// For tests and for people poking at the export in a console.
(window as unknown as { netlensView: TopologyView }).netlensView = view;

/**
 * Whether a message comes from the page's own host. VS Code posts from its webview frame, of the page's
 * own origin. Opaque origins (a file:// page, a sandboxed frame) all read "null", so the string proves
 * nothing there; and the HTML export has no host at all: in both cases only the page itself may post
 * (its console, a test). A page of another origin that frames or opens the export changes nothing.
 */
function fromOwnHost(event: MessageEvent): boolean {
  // `window.origin`, not `location.origin`: a file:// page's location says "file://" where its origin (and its messages') is "null".
  if (event.origin !== window.origin) return false;
  if (!api || event.origin === 'null') return event.source === window;
  return true;
}

window.addEventListener('message', (event: MessageEvent) => {
  if (!fromOwnHost(event)) return;
  const message = parseToPage(event.data);
  if (!message) return;
  switch (message.type) {
    case 'topology':
      if (message.uri) shownUri = message.uri;
      view.show(message.document);
      break;
    case 'highlight':
      view.highlight(message.file, message.line);
      break;
    case 'error':
      view.showError(message.message);
      break;
    case 'export':
      view.exportImage(message.format);
      break;
    case 'probe-result':
      view.showProbe(message.from, message.to, message.summary, message.ok);
      break;
    default:
      view.controls.receive(message);
      break;
  }
});

const embedded = document.getElementById('netlens-topology');
if (embedded && embedded.textContent) {
  let doc: unknown;
  try {
    doc = JSON.parse(embedded.textContent);
  } catch {
    doc = undefined;
  }
  if (isTopologyDocument(doc)) view.show(doc);
  else view.showError('The embedded topology document is not valid.');
}
host.post({ type: 'ready' });
