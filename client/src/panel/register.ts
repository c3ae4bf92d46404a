// The topology command and the panel's serializer. Registering them loads no webview code: the
// page (client/out/webview.js) is only read by the webview when a panel opens.
import { commands, languages, window, type ExtensionContext, type Uri } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { topologyCodeLens } from './codeLens';
import { TopologyPanel, VIEW_TYPE } from './topologyPanel';

export function registerTopologyPanel(context: ExtensionContext, client: () => Promise<LanguageClient>): void {
  context.subscriptions.push(
    commands.registerCommand('netlens.showTopology', (uri?: Uri) => {
      const target = uri ?? window.activeTextEditor?.document.uri;
      if (!target || target.scheme !== 'file') {
        void window.showInformationMessage('Open a Compose file to show its network topology.');
        return;
      }
      TopologyPanel.show(context, client, target);
    }),
    window.registerWebviewPanelSerializer(VIEW_TYPE, TopologyPanel.serializer(context, client)),
    languages.registerCodeLensProvider({ scheme: 'file', language: 'dockercompose' }, topologyCodeLens),
  );
}
