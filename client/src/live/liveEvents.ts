// The server's live-mode notifications, received once and handed to whoever listens (the status
// bar, the topology panel): a language client keeps one handler per notification method.
import { EventEmitter, type Disposable } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LIVE_CHANGED, LIVE_STATUS, type LiveChanged, type LiveStatus } from '../../../server/src/protocol';

export type { LiveStatus };

class LiveEvents {
  private readonly statusEmitter = new EventEmitter<LiveStatus>();
  private readonly changedEmitter = new EventEmitter<LiveChanged>();
  readonly onStatus = this.statusEmitter.event;
  readonly onChanged = this.changedEmitter.event;

  attach(client: LanguageClient): Disposable[] {
    return [
      client.onNotification(LIVE_STATUS, (s: LiveStatus) => {
        if (s && typeof s.folder === 'string' && typeof s.message === 'string') this.statusEmitter.fire(s);
      }),
      client.onNotification(LIVE_CHANGED, (c: LiveChanged) => {
        if (c && typeof c.folder === 'string') this.changedEmitter.fire(c);
      }),
    ];
  }
}

export const liveEvents = new LiveEvents();
