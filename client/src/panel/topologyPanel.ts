// The topology panel, extension side: one webview beside the editor, fed with the server's
// `netlens/topology` document. It follows edits (debounced) and the cursor, reveals a clicked
// element's line, saves exports, and is restored after a reload by its serializer.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  commands,
  Range,
  Selection,
  TextEditorRevealType,
  Uri,
  ViewColumn,
  window,
  workspace,
  type Disposable,
  type ExtensionContext,
  type TextDocument,
  type WebviewPanel,
  type WebviewPanelSerializer,
} from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { TopologyDocument } from '../../../server/src/topology/types';
import { isViewState, parseFromPage, type FromPage, type ToPage } from '../webview/messages';
import { liveEvents } from '../live/liveEvents';
import { CHECK_REACHABILITY } from '../live/reachability';
import { LIVE_START, LIVE_STOP, REACH_MATRIX_REQUEST, REACH_PAIR_REQUEST, TOPOLOGY_REQUEST, type ProbeResult, type ReachMatrix, type ReachMatrixParams, type ReachPair, type ReachPairParams, type TopologyParams } from '../../../server/src/protocol';
import { startProbeAll, type ProbeAllRun } from '../live/probeAll';
import { bundleRoot, panelHtml } from './html';

export const VIEW_TYPE = 'netlens.topology';
const FOLLOW_DEBOUNCE_MS = 400;

export class TopologyPanel {
  private static current: TopologyPanel | undefined;
  private readonly disposables: Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The Simulated | Live switch: while live, the server watches the engine for this folder. */
  private live = false;
  /** Live only: this file's project or every project on the engine (the page's All projects switch). */
  private scope: 'project' | 'all' = 'project';
  /** The panel's Probe all while it runs (its Cancel button cancels it). */
  private probeAll: ProbeAllRun | undefined;

  /** Opens (or reveals) the panel for a Compose document. */
  static show(context: ExtensionContext, client: () => Promise<LanguageClient>, uri: Uri): void {
    if (TopologyPanel.current) {
      const panel = TopologyPanel.current;
      if (panel.live && path.dirname(panel.uri.fsPath) !== path.dirname(uri.fsPath)) {
        // Another folder: the live watch follows the panel.
        void panel.setLive(false).then(() => {
          panel.uri = uri;
          return panel.setLive(true);
        });
        panel.panel.reveal(ViewColumn.Beside, true);
        return;
      }
      TopologyPanel.current.uri = uri;
      TopologyPanel.current.panel.reveal(ViewColumn.Beside, true);
      void TopologyPanel.current.refresh();
      return;
    }
    const panel = window.createWebviewPanel(VIEW_TYPE, 'Network Topology', { viewColumn: ViewColumn.Beside, preserveFocus: true }, TopologyPanel.options(context));
    TopologyPanel.current = new TopologyPanel(panel, context, client, uri);
  }

  static serializer(context: ExtensionContext, client: () => Promise<LanguageClient>): WebviewPanelSerializer {
    return {
      async deserializeWebviewPanel(panel: WebviewPanel, state: unknown) {
        panel.webview.options = TopologyPanel.options(context);
        const uri = isViewState(state) && state.uri ? Uri.parse(state.uri) : window.activeTextEditor?.document.uri;
        if (!uri) {
          panel.dispose();
          return;
        }
        TopologyPanel.current?.panel.dispose();
        TopologyPanel.current = new TopologyPanel(panel, context, client, uri);
      },
    };
  }

  private static options(context: ExtensionContext) {
    return { enableScripts: true, localResourceRoots: [bundleRoot(context.extensionUri)] };
  }

  private constructor(
    private readonly panel: WebviewPanel,
    context: ExtensionContext,
    private readonly client: () => Promise<LanguageClient>,
    private uri: Uri,
  ) {
    panel.iconPath = undefined;
    panel.webview.html = panelHtml(panel.webview, context.extensionUri);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(parseFromPage(raw)), undefined, this.disposables);
    workspace.onDidChangeTextDocument((e) => this.onEdit(e.document), undefined, this.disposables);
    // The server says the engine changed (already debounced there): redraw while live.
    liveEvents.onChanged((c) => {
      if (this.live && c.folder === path.dirname(this.uri.fsPath)) void this.refresh();
    }, undefined, this.disposables);
    workspace.onDidSaveTextDocument((d) => this.onEdit(d), undefined, this.disposables);
    window.onDidChangeTextEditorSelection(
      (e) => {
        const doc = e.textEditor.document;
        if (doc.uri.scheme !== 'file') return;
        this.post({ type: 'highlight', file: doc.uri.fsPath, line: e.selections[0].active.line });
      },
      undefined,
      this.disposables,
    );
  }

  private post(message: ToPage): void {
    void this.panel.webview.postMessage(message);
  }

  /** Edits to files of the same folder (Compose files, `.env`) change the picture; a burst of keystrokes is one refresh. */
  private onEdit(doc: TextDocument): void {
    if (doc.uri.scheme !== 'file' || path.dirname(doc.uri.fsPath) !== path.dirname(this.uri.fsPath)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), FOLLOW_DEBOUNCE_MS);
  }

  private async refresh(): Promise<void> {
    const live = this.live;
    try {
      const client = await this.client();
      const doc = await client.sendRequest<TopologyDocument>(TOPOLOGY_REQUEST, { uri: this.uri.toString(), source: live ? 'live' : 'file', scope: this.scope } satisfies TopologyParams);
      if (live !== this.live) return; // switched meanwhile: that switch refreshes
      this.panel.title = `Network Topology · ${doc.project || 'all projects'}${doc.source === 'live' ? ' · live' : ''}`;
      this.post({ type: 'topology', document: doc, uri: this.uri.toString() });
    } catch (err) {
      if (!live) {
        this.post({ type: 'error', message: `Could not build the topology: ${(err as Error).message}` });
        return;
      }
      // The engine said no: back to the file's picture (the switch follows it), and why, in words.
      await this.setLive(false);
      this.post({ type: 'error', message: `Live mode: ${(err as Error).message}` });
    }
  }

  /** Switches the server's live watch (drift diagnostics, change notifications) for this folder, then redraws. */
  private async setLive(on: boolean): Promise<void> {
    if (this.live === on) return;
    this.live = on;
    try {
      const client = await this.client();
      await client.sendRequest(on ? LIVE_START : LIVE_STOP, { uri: this.uri.toString() });
    } catch (err) {
      if (on) this.live = false;
      this.post({ type: 'error', message: `Live mode: ${(err as Error).message}` });
    }
    await this.refresh();
  }

  private async receive(message: FromPage | undefined): Promise<void> {
    if (!message) return; // not one of ours: ignored
    switch (message.type) {
      case 'ready':
        await this.refresh();
        break;
      case 'reveal': {
        const { file, range } = message.loc;
        const target = new Range(range.start.line, range.start.character, range.end.line, range.end.character);
        const shown = window.visibleTextEditors.find((e) => e.document.uri.fsPath === file);
        const editor = await window.showTextDocument(Uri.file(file), { viewColumn: shown?.viewColumn ?? ViewColumn.One, preserveFocus: false });
        editor.selection = new Selection(target.start, target.end);
        editor.revealRange(target, TextEditorRevealType.InCenterIfOutsideViewport);
        break;
      }
      case 'exported': {
        const base = path.join(path.dirname(this.uri.fsPath), `topology.${message.format}`);
        const to = await window.showSaveDialog({ defaultUri: Uri.file(base), filters: message.format === 'png' ? { 'PNG image': ['png'] } : { 'SVG image': ['svg'] } });
        if (!to) return;
        const bytes = message.format === 'png' ? Buffer.from(message.data.replace(/^data:image\/png;base64,/, ''), 'base64') : Buffer.from(message.data, 'utf8');
        await fs.promises.writeFile(to.fsPath, bytes);
        void window.showInformationMessage(`Saved ${path.basename(to.fsPath)}`);
        break;
      }
      case 'state':
        break; // the page keeps its own state (setState); nothing to do here
      case 'source':
        await this.setLive(message.source === 'live');
        break;
      case 'scope':
        this.scope = message.scope;
        if (this.live) await this.refresh();
        break;
      case 'reach-matrix':
        try {
          const matrix = await (await this.client()).sendRequest<ReachMatrix>(REACH_MATRIX_REQUEST, { uri: this.uri.toString() } satisfies ReachMatrixParams);
          this.post({ type: 'reach-matrix', matrix });
        } catch (err) {
          this.post({ type: 'reach-matrix', error: `Could not compute the reachability: ${(err as Error).message}` });
        }
        break;
      case 'reach-pair':
        try {
          const pair = await (await this.client()).sendRequest<ReachPair>(REACH_PAIR_REQUEST, { uri: this.uri.toString(), from: message.from, to: message.to } satisfies ReachPairParams);
          this.post({ type: 'reach-pair', from: message.from, to: message.to, pair });
        } catch (err) {
          this.post({ type: 'reach-pair', from: message.from, to: message.to, error: (err as Error).message });
        }
        break;
      case 'probe-all': {
        if (this.probeAll) break; // one run at a time
        const run = startProbeAll(this.client, this.uri, (p) => this.post({ type: 'probe-all-progress', done: p.done, total: p.total, outcome: p.outcome }));
        this.probeAll = run;
        const end = await run.done;
        this.probeAll = undefined;
        if (end.ok) this.post({ type: 'probe-all-done', ok: true, summary: end.result.summary, cancelled: end.result.cancelled });
        else this.post({ type: 'probe-all-done', ok: false, summary: end.message, cancelled: end.cancelled });
        break;
      }
      case 'probe-all-cancel':
        this.probeAll?.cancel();
        break;
      case 'probe': {
        // The command checks workspace trust and shows the verdict; the arrow gets it too.
        const result = await commands.executeCommand<ProbeResult | undefined>(CHECK_REACHABILITY, this.uri, { from: message.from, to: message.to, port: message.port });
        const summary = result ? result.summary.replace(/`/g, '') : `${message.from} → ${message.to}: no verdict (see the notification)`;
        const ok = !!result && result.resolution.status === 'resolved' && (!result.tcp || result.tcp.status === 'open');
        this.post({ type: 'probe-result', from: message.from, to: message.to, summary, ok });
        break;
      }
    }
  }

  private dispose(): void {
    if (TopologyPanel.current === this) TopologyPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.probeAll?.cancel();
    if (this.live) void this.client().then((c) => c.sendRequest(LIVE_STOP, { uri: this.uri.toString() })).catch(() => undefined);
    this.live = false;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
