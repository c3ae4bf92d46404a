// Live mode per folder in the language server: one engine watch per folder the client switched
// live, its latest whole-engine snapshot (drift needs other projects' addresses too) and the
// status it reports. The server turns these into notifications and drift diagnostics; nothing
// here loads dockerode until a watch starts (the live/ modules require it lazily).
import * as path from 'node:path';
import { LiveWatcher, type WatchState } from '../live/index';
import type { TopologyDocument } from '../topology/types';
import type { LiveStatus } from '../protocol';

export interface LiveFolderEvents {
  /** A new snapshot of the engine arrived for this folder. */
  onSnapshot(folder: string, doc: TopologyDocument): void;
  onStatus(status: LiveStatus): void;
}

interface Watch {
  watcher: LiveWatcher;
  snapshot: TopologyDocument | undefined;
}

export function folderOf(file: string): string {
  return path.dirname(file);
}

export function describeState(folder: string, s: WatchState, lastError: string | undefined): LiveStatus {
  switch (s.state) {
    case 'connected':
      return { folder, state: 'connected', engine: s.engine, version: s.version, message: `Connected to the Docker engine at ${s.engine} (Docker ${s.version}).` };
    case 'connecting':
      return { folder, state: 'connecting', message: 'Connecting to the Docker engine…' };
    case 'reconnecting':
      return { folder, state: 'reconnecting', message: `${lastError ?? `Lost the Docker engine: ${s.reason}.`} Trying again in ${Math.round(s.inMs / 100) / 10} s (attempt ${s.attempt}).` };
    case 'stopped':
      return { folder, state: 'stopped', message: 'Live mode is off.' };
  }
}

export class LiveFolders {
  private readonly watches = new Map<string, Watch>();

  constructor(private readonly events: LiveFolderEvents) {}

  isLive(folder: string): boolean {
    return this.watches.has(folder);
  }

  /** The latest whole-engine snapshot of a live folder, if one was read yet. */
  snapshot(folder: string): TopologyDocument | undefined {
    return this.watches.get(folder)?.snapshot;
  }

  folders(): string[] {
    return [...this.watches.keys()];
  }

  /** Starts watching for a folder (again, when the engine address changed). */
  start(folder: string, dockerHost: string): void {
    this.stop(folder, false);
    let lastError: string | undefined;
    const watch: Watch = { snapshot: undefined, watcher: undefined as unknown as LiveWatcher };
    watch.watcher = new LiveWatcher({
      host: dockerHost || undefined,
      env: process.env,
      onSnapshot: (doc) => {
        if (this.watches.get(folder) !== watch) return;
        watch.snapshot = doc;
        this.events.onSnapshot(folder, doc);
      },
      onError: (e) => {
        lastError = e.message;
      },
      onState: (s) => {
        if (this.watches.get(folder) !== watch || s.state === 'stopped') return;
        if (s.state === 'connected') lastError = undefined;
        this.events.onStatus(describeState(folder, s, lastError));
      },
    });
    this.watches.set(folder, watch);
    watch.watcher.start();
  }

  stop(folder: string, announce = true): boolean {
    const watch = this.watches.get(folder);
    if (!watch) return false;
    this.watches.delete(folder);
    watch.watcher.stop();
    if (announce) this.events.onStatus(describeState(folder, { state: 'stopped' }, undefined));
    return true;
  }

  stopAll(): void {
    for (const folder of this.folders()) this.stop(folder, false);
  }
}
