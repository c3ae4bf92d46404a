// The language server's wiring: connection, documents, settings and the providers.
// Behaviour lives in lsp/ (projects, settings) and features/ (one file per LSP feature).
import { createConnection, DidChangeConfigurationNotification, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnosticsByUri } from './features/diagnostics';
import { TOPOLOGY_REQUEST, topologyRequest } from './features/topology';
import { ProjectCache, uriToPath } from './lsp/projects';
import { Settings } from './lsp/settings';
import { Scheduler } from './lsp/scheduler';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const projects = new ProjectCache(documents);
const settings = new Settings(connection);
/** URIs we published non-empty diagnostics for, so a clean re-check can clear them. */
const published = new Set<string>();

connection.onInitialize((params) => {
  settings.init(params);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
    },
    serverInfo: { name: 'netlens' },
  };
});

connection.onInitialized(() => {
  if (settings.canPull) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
});

async function check(uri: string): Promise<void> {
  const file = uriToPath(uri);
  const folderSettings = await settings.forFile(file);
  const analysis = projects.analysisFor(file, folderSettings);
  for (const [target, diagnostics] of diagnosticsByUri(analysis)) {
    if (diagnostics.length === 0 && !published.has(target) && target !== uri) continue;
    if (diagnostics.length > 0) published.add(target);
    else published.delete(target);
    void connection.sendDiagnostics({ uri: target, diagnostics });
  }
}

const scheduler = new Scheduler((uri) => check(uri), (err) => connection.console.error(`netlens: ${(err as Error).stack ?? err}`));

documents.onDidOpen((e) => {
  projects.invalidate(uriToPath(e.document.uri));
  scheduler.schedule(e.document.uri, 0);
});
documents.onDidChangeContent((e) => {
  projects.invalidate(uriToPath(e.document.uri));
  for (const doc of documents.all()) scheduler.schedule(doc.uri, settings.debounceMs);
});
documents.onDidClose((e) => {
  projects.invalidate(uriToPath(e.document.uri));
});
connection.onDidChangeWatchedFiles((e) => {
  for (const change of e.changes) projects.invalidate(uriToPath(change.uri));
  for (const doc of documents.all()) scheduler.schedule(doc.uri, settings.debounceMs);
});
connection.onDidChangeConfiguration(() => {
  settings.clear();
  projects.invalidate();
  for (const doc of documents.all()) scheduler.schedule(doc.uri, 0);
});

connection.onRequest(TOPOLOGY_REQUEST, (params) => topologyRequest(params, async (file) => projects.analysisFor(file, await settings.forFile(file))));

documents.listen(connection);
connection.listen();
