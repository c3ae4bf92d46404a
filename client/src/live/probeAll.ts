// The panel's "Probe all": the server's `netlens/probeAll` (every dialled address and working pair probed from
// the running containers), its progress notifications handed to the run that asked, and cancellation. Probes
// run commands in containers, so only in a trusted workspace (as the single probe); the server checks again.
import { CancellationTokenSource, commands, window, workspace, type Disposable, type Uri } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PROBE_ALL_PROGRESS, PROBE_ALL_REQUEST, type ProbeAllParams, type ProbeAllProgress, type ProbeAllResult } from '../../../server/src/protocol';

/** Progress notifications by run token: a language client keeps one handler per method, registered once. */
class ProbeAllEvents {
  private readonly listeners = new Map<string, (p: ProbeAllProgress) => void>();

  attach(client: LanguageClient): Disposable[] {
    return [
      client.onNotification(PROBE_ALL_PROGRESS, (p: ProbeAllProgress) => {
        if (p && typeof p.token === 'string') this.listeners.get(p.token)?.(p);
      }),
    ];
  }

  listen(token: string, listener: (p: ProbeAllProgress) => void): Disposable {
    this.listeners.set(token, listener);
    return { dispose: () => this.listeners.delete(token) };
  }
}

export const probeAllEvents = new ProbeAllEvents();

let runs = 0;

export interface ProbeAllRun {
  /** Resolves with the result, or with why there is none (untrusted, engine, cancelled before an answer). */
  done: Promise<{ ok: true; result: ProbeAllResult } | { ok: false; message: string; cancelled: boolean }>;
  cancel(): void;
}

/** Starts probe all for the project of `uri`; progress goes to `onProgress` as each probe ends. */
export function startProbeAll(client: () => Promise<LanguageClient>, uri: Uri, onProgress: (p: ProbeAllProgress) => void): ProbeAllRun {
  const source = new CancellationTokenSource();
  const done = (async (): Promise<Awaited<ProbeAllRun['done']>> => {
    if (!workspace.isTrusted) {
      const manage = 'Manage Workspace Trust';
      void window.showWarningMessage('Reachability probes run commands in your containers, so they only run in a trusted workspace.', manage).then((answer) => {
        if (answer === manage) void commands.executeCommand('workbench.trust.manage');
      });
      return { ok: false, message: 'Not run: probes only run in a trusted workspace.', cancelled: false };
    }
    const token = `probe-all-${process.pid}-${++runs}`;
    const listening = probeAllEvents.listen(token, onProgress);
    try {
      const lc = await client();
      const result = await lc.sendRequest<ProbeAllResult>(PROBE_ALL_REQUEST, { uri: uri.toString(), token, trusted: workspace.isTrusted } satisfies ProbeAllParams, source.token);
      return { ok: true, result };
    } catch (err) {
      if (source.token.isCancellationRequested) return { ok: false, message: 'Probe all cancelled.', cancelled: true };
      return { ok: false, message: `Probe all failed: ${(err as Error).message}`, cancelled: false };
    } finally {
      listening.dispose();
      source.dispose();
    }
  })();
  return { done, cancel: () => source.cancel() };
}
