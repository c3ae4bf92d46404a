// When the language server dies, restart it and tell the user once; stop after repeated crashes
// so a broken server cannot loop forever.
import { window } from 'vscode';
import { CloseAction, ErrorAction, type ErrorHandler } from 'vscode-languageclient/node';

const WINDOW_MS = 3 * 60 * 1000;
const MAX_RESTARTS = 4;

export function restartingErrorHandler(): ErrorHandler {
  const crashes: number[] = [];
  let told = false;
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && now - crashes[0] > WINDOW_MS) crashes.shift();
      if (crashes.length > MAX_RESTARTS) {
        void window.showErrorMessage(`Compose Network Lens: the language server stopped ${crashes.length} times in 3 minutes and is not restarted again. Reload the window to try once more.`);
        return { action: CloseAction.DoNotRestart, handled: true };
      }
      if (!told) {
        told = true;
        void window.showInformationMessage('Compose Network Lens: the language server stopped unexpectedly and was restarted.');
      }
      return { action: CloseAction.Restart, handled: true };
    },
  };
}
