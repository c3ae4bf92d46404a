// The server's live-mode notifications, received once and handed to whoever listens (the status
// bar, the topology panel): a language client keeps one handler per notification method.
import { EventEmitter, type Disposable } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { LiveStatus } from '../../../server/src/lsp/liveFolders';

export type { LiveStatus };

export interface LiveChanged {
  folder: string;
  uri: string;
}

class LiveEvents {
  private readonly statusEmitter = new EventEmitter<LiveStatus>();
  private readonly changedEmitter = new EventEmitter<LiveChanged>();
  readonly onStatus = this.statusEmitter.event;
  readonly onChanged = this.changedEmitter.event;

  attach(client: LanguageClient): Disposable[] {
    return [
      client.onNotification('netlens/live/status', (s: LiveStatus) => {
        if (s && typeof s.folder === 'string' && typeof s.message === 'string') this.statusEmitter.fire(s);
      }),
      client.onNotification('netlens/live/changed', (c: LiveChanged) => {
        if (c && typeof c.folder === 'string') this.changedEmitter.fire(c);
      }),
    ];
  }
}

export const liveEvents = new LiveEvents();
