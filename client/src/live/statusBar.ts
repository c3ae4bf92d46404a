// A status bar item for live mode: which engine, and whether it is connected (with its version),
// reconnecting, or why not. Hidden while no folder is live.
import { StatusBarAlignment, window, type Disposable } from 'vscode';
import { liveEvents, type LiveStatus } from './liveEvents';

export function statusText(s: LiveStatus): string {
  switch (s.state) {
    case 'connected':
      return `$(vm-running) Docker ${s.version ?? ''}`.trimEnd();
    case 'connecting':
      return '$(sync~spin) Docker: connecting';
    case 'reconnecting':
      return '$(warning) Docker: reconnecting';
    case 'stopped':
      return '$(vm-outline) Docker: live off';
  }
}

export function registerLiveStatusBar(): Disposable[] {
  const item = window.createStatusBarItem('netlens.live', StatusBarAlignment.Left, 50);
  item.name = 'Compose Live Mode';
  const byFolder = new Map<string, LiveStatus>();
  const render = () => {
    const live = [...byFolder.values()].filter((s) => s.state !== 'stopped');
    if (live.length === 0) return item.hide();
    // The worst state wins: one folder reconnecting is what the user must know.
    const order = { reconnecting: 0, connecting: 1, connected: 2, stopped: 3 } as const;
    const shown = live.sort((a, b) => order[a.state] - order[b.state])[0];
    item.text = statusText(shown);
    item.tooltip = live.map((s) => (s.engine ? `${s.message}` : s.message)).join('\n');
    item.show();
  };
  return [
    item,
    liveEvents.onStatus((s) => {
      if (s.state === 'stopped') byFolder.delete(s.folder);
      else byFolder.set(s.folder, s);
      render();
    }),
  ];
}
