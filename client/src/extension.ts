// Activation: start the language server for Compose files. The client only wires VS Code to
// the server; analysis, settings and features live in the server.
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { commands, env, Uri, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerTopologyPanel } from './panel/register';
import { liveEvents } from './live/liveEvents';
import { probeAllEvents } from './live/probeAll';
import { registerLiveStatusBar } from './live/statusBar';
import { checkReachability, CHECK_REACHABILITY, type ProbePreset } from './live/reachability';
import { restartingErrorHandler } from './serverHealth';
import { serverExecArgv, TRUST_NOTIFICATION } from '../../server/src/protocol';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const execArgv = serverExecArgv(availableParallelism());
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...execArgv, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Compose files, and the configuration files services mount (`docs/mounted-files.md`): the server answers for
    // these only when a project mounts them, and publishes nothing for one no project mounts.
    documentSelector: [{ scheme: 'file', language: 'dockercompose' }, ...MOUNTED_PATTERNS.map((pattern) => ({ scheme: 'file', pattern }))],
    // Probes (execs in containers) and reads outside the workspace's folders need a trusted workspace.
    initializationOptions: { workspaceTrusted: workspace.isTrusted },
    synchronize: {
      configurationSection: 'netlens',
      // Closed files of a project (overrides, `.env`, env files, Dockerfiles of builds) are watched so the diagnostics follow them.
      fileEvents: workspace.createFileSystemWatcher('**/{*compose*.y?(a)ml,.env,*.env,Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*}'),
    },
    errorHandler: restartingErrorHandler(),
  };
  // The server's "Open the rule's documentation" code action runs this with the page's address.
  context.subscriptions.push(commands.registerCommand('netlens.openRuleDocs', (href: string) => env.openExternal(Uri.parse(href))));
  client = new LanguageClient('netlens', 'Compose Network Lens', serverOptions, clientOptions);
  // Live mode's notifications (status bar, panel); handlers registered before start are kept.
  context.subscriptions.push(...liveEvents.attach(client), ...probeAllEvents.attach(client));
  const started = client.start().then(() => client as LanguageClient);
  // Trust granted later (taking it away reloads the window): the server may now read outside the folders.
  context.subscriptions.push(workspace.onDidGrantWorkspaceTrust(() => void started.then((c) => c.sendNotification(TRUST_NOTIFICATION, { trusted: true }))));
  registerTopologyPanel(context, () => started);
  context.subscriptions.push(
    ...registerLiveStatusBar(),
    commands.registerCommand(CHECK_REACHABILITY, (uri?: Uri, preset?: ProbePreset) => checkReachability(() => started, uri, preset)),
  );
  await started;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

/** Names of the configuration files the server reads when a service mounts them. */
const MOUNTED_PATTERNS = [
  '**/{nginx,default}*.conf',
  '**/{conf.d,sites-enabled,templates,snippets}/*',
  '**/Caddyfile*',
  '**/haproxy*.cfg',
  '**/prometheus*.{yml,yaml}',
  '**/provisioning/datasources/*.{yml,yaml}',
  '**/{traefik,dynamic}*.{yml,yaml,toml}',
  '**/vector*.{toml,yml,yaml,json}',
  '**/envoy*.{yaml,yml,json}',
  '**/logstash*.{conf,yml}',
  '**/pipeline/*.conf',
  '**/{otel,otelcol,collector}*.{yml,yaml}',
  '**/*.{alloy,river}',
  '**/grafana.ini',
  '**/{application,bootstrap}*.{yml,yaml,properties}',
  '**/appsettings*.json',
];
