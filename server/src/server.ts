// The language server's wiring: connection, documents, settings and the providers.
// Behaviour lives in lsp/ (projects, settings) and features/ (one file per LSP feature).
import * as path from 'node:path';
import { CodeActionKind, CodeLensRefreshRequest, createConnection, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, MessageType, ProposedFeatures, ShowMessageNotification, TextDocuments, TextDocumentSyncKind, type MessageReader } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnosticsByUri } from './features/diagnostics';
import { topologyRequest } from './features/topology';
import { ProjectCache } from './lsp/projects';
import { uriToPath } from './lsp/locations';
import { prepareIndex } from './lsp/projectIndex';
import { isComposeFileName } from './compose/discovery';
import { Settings } from './lsp/settings';
import { Scheduler } from './lsp/scheduler';
import { PublishedDiagnostics } from './lsp/published';
import { hover } from './features/hover';
import { codeActions, FIX_ALL_KIND } from './features/codeActions';
import { completion, prepareCompletion } from './features/completion';
import { definition } from './features/definition';
import { references } from './features/references';
import { prepareRename, rename } from './features/rename';
import { documentSymbols } from './features/symbols';
import { codeLenses } from './features/codeLens';
import { wireLive } from './features/live';
import { liveCodeActions, runCreateNetwork } from './features/liveActions';
import { probeRequest } from './features/probe';
import { probeAllRequest } from './features/probeAll';
import { reachMatrixRequest, reachPairRequest } from './features/reach';
import { folderOf } from './lsp/liveFolders';
import { limitHeapGrowth } from './lsp/memory';
import { PiecewiseWriter, routeConsole } from './lsp/piecewiseWriter';
import { CREATE_NETWORK_COMMAND, PROBE_ALL_PROGRESS, PROBE_ALL_REQUEST, PROBE_REQUEST, REACH_MATRIX_REQUEST, REACH_PAIR_REQUEST, TOPOLOGY_REQUEST, TRUST_NOTIFICATION } from './protocol';
import type { Analysis } from './analysis';

limitHeapGrowth();
// Over stdio, messages are written by `PiecewiseWriter` (a large publish never made one string); other transports as the library does.
const overStdio = process.argv.includes('--stdio');
// stdin is given as a stream, as the library takes it for `--stdio` (it reads it, and ends the process when it closes):
// its connection takes each side as a stream or a reader/writer on its own, which its typings do not spell out.
const connection = overStdio ? createConnection(ProposedFeatures.all, process.stdin as unknown as MessageReader, new PiecewiseWriter(process.stdout)) : createConnection(ProposedFeatures.all);
if (overStdio) routeConsole(connection.console);
const documents = new TextDocuments(TextDocument);
const projects = new ProjectCache(documents);
const settings = new Settings(connection);
/** What was published, so a clean re-check (or a file leaving the project) clears what is stale. */
const published = new PublishedDiagnostics();
let canWatchFiles = false;
let canRefreshLenses = false;
let canFollowFolders = false;

connection.onInitialize((params) => {
  settings.init(params);
  // Whether the workspace is trusted: probes (execs in containers) and reads outside its folders need it.
  projects.scope.init(params);
  canFollowFolders = params.capabilities.workspace?.workspaceFolders === true;
  canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      completionProvider: { triggerCharacters: [':', '/', '@', ' '] },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      codeLensProvider: { resolveProvider: false },
      executeCommandProvider: { commands: [CREATE_NETWORK_COMMAND] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'netlens' },
  };
});

connection.onInitialized(() => {
  if (settings.canPull) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
  // Closed files of a project (overrides, `.env`, env files, Dockerfiles of builds, mounted configuration files) are
  // read from disk, so watch them: a change to a mounted one re-checks the projects that mount it (`docs/mounted-files.md`).
  if (canWatchFiles) {
    const watchers = [
      '**/*compose*.{yaml,yml}',
      '**/.env',
      '**/*.env',
      '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*}',
      '**/*.{conf,cfg,yml,yaml,json,properties,template}',
      '**/Caddyfile*',
      '**/*.{alloy,river,ini,toml}',
    ].map((globPattern) => ({ globPattern }));
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
  }
  if (canFollowFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
      const added = e.added.filter((f) => f.uri.startsWith('file:')).map((f) => uriToPath(f.uri));
      projects.scope.folders = [...projects.scope.folders.filter((f) => !removed.has(f)), ...added];
      recheckAll();
    });
  }
});

function recheckAll(): void {
  projects.invalidate();
  for (const doc of documents.all()) scheduler.schedule(doc.uri, 0);
}

// Trust is granted during a session (VS Code reloads the window when it is taken away): files outside the folders may now be read.
connection.onNotification(TRUST_NOTIFICATION, (p: unknown) => {
  if ((p as { trusted?: unknown } | undefined)?.trusted !== true || projects.scope.trusted) return;
  projects.scope.trusted = true;
  recheckAll();
});

/**
 * Whether a document is a Compose file; other documents (the client sends the configuration files services mount:
 * `nginx.conf`, `Caddyfile`, `prometheus.yml`, ...) are answered only through a project that mounts them.
 */
function isComposeDocument(uri: string): boolean {
  const doc = documents.get(uri);
  return doc?.languageId === 'dockercompose' || isComposeFileName(uriToPath(uri));
}

async function analysisOf(uri: string) {
  const file = uriToPath(uri);
  return { file, analysis: projects.analysisFor(file, await settings.forFile(file)) };
}

/** The analysis that answers for a document: its Compose project, or the project mounting it; none for a file no project mounts. */
async function answeringAnalysis(uri: string) {
  const file = uriToPath(uri);
  if (isComposeDocument(uri)) return analysisOf(uri);
  const analysis = projects.mountingAnalysis(file, await settings.forFile(file));
  return analysis ? { file, analysis } : undefined;
}

async function check(uri: string, isCurrent: () => boolean): Promise<void> {
  const file = uriToPath(uri);
  const folderSettings = await settings.forFile(file);
  // A newer edit arrived while the settings were read: its own run will publish.
  if (!isCurrent()) return;
  // A mounted configuration file publishes its project's diagnostics; a file no project mounts publishes none.
  const analysis = isComposeDocument(uri) ? projects.analysisFor(file, folderSettings) : projects.mountingAnalysis(file, folderSettings);
  if (!analysis) return;
  const all = diagnosticsByUri(analysis, folderSettings.maxDiagnosticsPerFile);
  // A large project's first analysis leaves much garbage: collected before many diagnostics' text is made (`memory.ts`).
  let written = 0;
  for (const list of all.values()) written += list.length;
  projects.collectBeforeWrite(analysis, written);
  for (const [target, drift] of live.driftDiagnostics(file, analysis, folderSettings.severities)) all.set(target, [...(all.get(target) ?? []), ...drift]);
  const sent: Array<Promise<void>> = [];
  for (const [target, diagnostics] of published.plan(uri, all)) sent.push(connection.sendDiagnostics({ uri: target, diagnostics }));
  // Lenses over one file depend on the others ("reached by"): let the client ask again.
  if (canRefreshLenses) void connection.sendRequest(CodeLensRefreshRequest.type);
  // What the first hover, definition or completion reads is readied once the diagnostics are written, not before:
  // the diagnostics go out that much sooner, and a request that comes after them finds it ready.
  await Promise.allSettled(sent);
  if (!isCurrent()) return;
  prepareIndex(analysis);
  prepareCompletion(analysis);
  // A first analysis's bookkeeping for the next edit (`network/reuse.ts`), also while nothing waits.
  projects.settleReuse();
  // The editor's document finds its line starts at the first edit (a scan of the whole text, 20 ms at 1.35 MB)
  // and keeps them after: found now, while nothing waits.
  void documents.get(uri)?.lineCount;
}

const scheduler = new Scheduler((uri, isCurrent) => check(uri, isCurrent), (err) => connection.console.error(`netlens: ${(err as Error).stack ?? err}`));
const live = wireLive(
  connection,
  async (file) => (await settings.forFile(file)).dockerHost,
  (folder) => {
    for (const doc of documents.all()) if (folderOf(uriToPath(doc.uri)) === folder) scheduler.schedule(doc.uri, 0);
  },
);

documents.onDidOpen((e) => {
  projects.invalidate(uriToPath(e.document.uri));
  scheduler.schedule(e.document.uri, 0);
});
documents.onDidChangeContent((e) => {
  projects.invalidate(uriToPath(e.document.uri));
  for (const doc of documents.all()) scheduler.schedule(doc.uri, settings.debounceMs);
  // The dropped analysis's garbage, collected while the delay runs (a large project's; `memory.ts`).
  if (settings.debounceMs > 0) setImmediate(() => projects.collectDropped());
});
documents.onDidClose((e) => {
  projects.invalidate(uriToPath(e.document.uri));
});
connection.onDidChangeWatchedFiles((e) => {
  let recheck = false;
  for (const change of e.changes) {
    const file = uriToPath(change.uri);
    // A Compose file or `.env` may join or leave a project; another file matters only to projects that read or mount it.
    if (projects.invalidate(file) || /compose[^/\\]*\.ya?ml$|\.env$/i.test(path.basename(file))) recheck = true;
  }
  if (recheck) for (const doc of documents.all()) scheduler.schedule(doc.uri, settings.debounceMs);
});
connection.onDidChangeConfiguration(() => {
  settings.clear();
  projects.invalidate();
  void live.restart();
  for (const doc of documents.all()) scheduler.schedule(doc.uri, 0);
});

/**
 * A handler answering from the analysis of the request's document, or with `none`. `compose`: Compose documents
 * only; `mounted`: also the configuration files a project mounts, answered through that project.
 */
function withAnalysis<P extends { textDocument: { uri: string } }, R>(documentsAnswered: 'compose' | 'mounted', none: R, answer: (analysis: Analysis, file: string, p: P) => R): (p: P) => Promise<R> {
  return async (p) => {
    const found = documentsAnswered === 'mounted' ? await answeringAnalysis(p.textDocument.uri) : isComposeDocument(p.textDocument.uri) ? await analysisOf(p.textDocument.uri) : undefined;
    return found ? answer(found.analysis, found.file, p) : none;
  };
}

connection.onHover(withAnalysis('mounted', null, (analysis, file, p) => hover(analysis, file, p.position)));
connection.onCodeAction(async (p) => {
  const found = await answeringAnalysis(p.textDocument.uri);
  if (!found) return [];
  const actions = codeActions(found.analysis, found.file, p.range, p.context.only);
  // While the folder is live: the pre-flight and drift findings' own actions ("Create network").
  const snapshot = live.snapshotFor(found.file);
  if (snapshot && (!p.context.only || p.context.only.includes(CodeActionKind.QuickFix))) {
    return actions.concat(liveCodeActions(found.analysis, found.file, p.range, snapshot, projects.scope.trusted, (await settings.forFile(found.file)).severities));
  }
  return actions;
});
connection.onExecuteCommand(async (p) => {
  if (p.command !== CREATE_NETWORK_COMMAND) return null;
  const result = await runCreateNetwork(
    p.arguments,
    projects.scope.trusted,
    async (file) => projects.analysisFor(file, await settings.forFile(file)),
    (file) => live.snapshotFor(file),
    async (file) => (await settings.forFile(file)).dockerHost,
  );
  // A notification, not a request: a client that cannot answer message requests must not fail the command.
  if ('created' in result) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `Created the network ${result.created} (${result.command}).` });
  else void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message: result.message });
  return result;
});
connection.onDefinition(withAnalysis('mounted', [], (analysis, file, p) => definition(analysis, file, p.position)));
connection.onCompletion(
  withAnalysis('compose', [], (analysis, _file, p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? completion(analysis, doc.getText(), doc.offsetAt(p.position), p.position) : [];
  }),
);
connection.onReferences(withAnalysis('mounted', [], (analysis, file, p) => references(analysis, file, p.position, p.context.includeDeclaration)));
connection.onPrepareRename(withAnalysis('mounted', null, (analysis, file, p) => prepareRename(analysis, file, p.position)));
connection.onRenameRequest(withAnalysis('mounted', null, (analysis, file, p) => rename(analysis, file, p.position, p.newName)));
connection.onDocumentSymbol(withAnalysis('compose', [], (analysis, file) => documentSymbols(analysis, file)));
connection.onCodeLens(withAnalysis('compose', [], (analysis, file) => codeLenses(analysis, file)));
connection.onRequest(TOPOLOGY_REQUEST, (params) => topologyRequest(params, async (file) => projects.analysisFor(file, await settings.forFile(file)), live.readLive));
connection.onRequest(PROBE_REQUEST, (params) =>
  probeRequest(params, projects.scope.trusted, async (file) => projects.analysisFor(file, await settings.forFile(file)), async (file) => (await settings.forFile(file)).dockerHost),
);
connection.onRequest(REACH_MATRIX_REQUEST, (params) => reachMatrixRequest(params, async (file) => projects.analysisFor(file, await settings.forFile(file))));
connection.onRequest(REACH_PAIR_REQUEST, (params) => reachPairRequest(params, async (file) => projects.analysisFor(file, await settings.forFile(file))));
connection.onRequest(PROBE_ALL_REQUEST, (params, token) =>
  probeAllRequest(
    params,
    token,
    projects.scope.trusted,
    async (file) => projects.analysisFor(file, await settings.forFile(file)),
    async (file) => (await settings.forFile(file)).dockerHost,
    (progress) => void connection.sendNotification(PROBE_ALL_PROGRESS, progress),
  ),
);
connection.onShutdown(() => live.stopAll());

documents.listen(connection);
connection.listen();
