// "Compose: Check Reachability…": quick picks for from, to and port (from the file's topology),
// then the server's probe (resolve the name and open TCP from the running container). Probes run
// commands in containers, so only in a trusted workspace; the server checks again.
import { commands, ProgressLocation, window, workspace, type Uri } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PROBE_REQUEST, TOPOLOGY_REQUEST, type ProbeParams, type ProbeResult, type TopologyParams } from '../../../server/src/protocol';
import type { TopologyDocument } from '../../../server/src/topology/types';
import { fromChoices, isProbeable, parsePort, portChoices, toChoices } from './probeChoices';

export const CHECK_REACHABILITY = 'netlens.checkReachability';

/** From the panel's probe button: the arrow's ends and port, so no quick pick is needed. */
export interface ProbePreset {
  from: string;
  to: string;
  port?: number;
}

/** Runs the quick picks (or the preset) and the probe; the verdict is shown and returned. */
export async function checkReachability(client: () => Promise<LanguageClient>, uri?: Uri, preset?: ProbePreset): Promise<ProbeResult | undefined> {
  const target = uri ?? window.activeTextEditor?.document.uri;
  if (!target || target.scheme !== 'file') {
    void window.showInformationMessage('Open a Compose file to check reachability between its services.');
    return undefined;
  }
  if (!workspace.isTrusted) {
    const manage = 'Manage Workspace Trust';
    const answer = await window.showWarningMessage('Reachability probes run commands in your containers, so they only run in a trusted workspace.', manage);
    if (answer === manage) await commands.executeCommand('workbench.trust.manage');
    return undefined;
  }
  if (preset && !isProbeable(preset.from, preset.to, preset.port)) {
    void window.showErrorMessage('Not probed: the names must be a service name as Compose writes it and a host name, the port from 1 to 65535.');
    return undefined;
  }
  const lc = await client();
  if (preset) return runProbe(lc, target, preset.from, preset.to, preset.port);
  let doc: TopologyDocument;
  try {
    doc = await lc.sendRequest<TopologyDocument>(TOPOLOGY_REQUEST, { uri: target.toString(), source: 'file' } satisfies TopologyParams);
  } catch (err) {
    void window.showErrorMessage(`Could not read the project: ${(err as Error).message}`);
    return undefined;
  }
  const from = await window.showQuickPick(fromChoices(doc), { title: 'Check Reachability (1/3)', placeHolder: 'From which service (its running container)?' });
  if (!from) return undefined;
  const to = await window.showQuickPick(toChoices(doc, from), { title: 'Check Reachability (2/3)', placeHolder: `From ${from} to which service?` });
  if (!to) return undefined;
  const other = 'Another port…';
  const nameOnly = 'Name only (no TCP connection)';
  const picked = await window.showQuickPick(
    [...portChoices(doc, from, to).map((c) => ({ label: String(c.port), description: c.why })), { label: other }, { label: nameOnly }],
    { title: 'Check Reachability (3/3)', placeHolder: `Which TCP port of ${to}?` },
  );
  if (!picked) return undefined;
  let port: number | undefined;
  if (picked.label === other) {
    const typed = await window.showInputBox({ title: 'Check Reachability', prompt: `TCP port of ${to}`, validateInput: (t) => (parsePort(t) ? undefined : 'A port from 1 to 65535') });
    port = typed === undefined ? undefined : parsePort(typed);
    if (port === undefined) return undefined;
  } else if (picked.label !== nameOnly) port = Number(picked.label);
  return runProbe(lc, target, from, to, port);
}

async function runProbe(lc: LanguageClient, target: Uri, from: string, to: string, port: number | undefined): Promise<ProbeResult | undefined> {
  try {
    const result = await window.withProgress({ location: ProgressLocation.Notification, title: `Probing ${from} → ${to}${port ? `:${port}` : ''}…` }, () =>
      lc.sendRequest<ProbeResult>(PROBE_REQUEST, { uri: target.toString(), from, to, port, trusted: workspace.isTrusted } satisfies ProbeParams),
    );
    const fine = result.resolution.status === 'resolved' && (!result.tcp || result.tcp.status === 'open');
    const text = result.summary.replace(/`/g, '');
    if (fine) void window.showInformationMessage(text);
    else void window.showWarningMessage(text);
    return result;
  } catch (err) {
    void window.showErrorMessage(`Reachability check failed: ${(err as Error).message}`);
    return undefined;
  }
}
