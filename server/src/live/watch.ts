// Keeps a live topology up to date: follows the engine's event stream, re-reads the engine
// (debounced) when something network-relevant happens, and when the stream breaks (engine
// restarted, socket gone) reconnects with back-off and says so. Never throws to its caller and never
// waits unbounded: every read has a timeout and every retry a delay.
import type { TopologyDocument } from '../topology/types';
import { connectEngine, type ConnectOptions, type EngineConnection, type EngineError } from './connection';
import { readEngine } from './read';
import { topologyFromEngine, type LiveViewOptions } from './snapshot';
import { describeTarget } from './target';

export type WatchState =
  | { state: 'connecting'; attempt: number }
  | { state: 'connected'; engine: string; version: string }
  | { state: 'reconnecting'; attempt: number; inMs: number; reason: string }
  | { state: 'stopped' };

export interface WatchOptions extends ConnectOptions, LiveViewOptions {
  /** Quiet time after the last event before re-reading (default 250 ms; a `compose up` sends dozens). */
  debounceMs?: number;
  /** Back-off bounds for reconnecting (default 250 ms doubling to 8 s). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  onSnapshot: (doc: TopologyDocument) => void;
  onState?: (state: WatchState) => void;
  onError?: (error: EngineError) => void;
}

/** Events that can change the picture; everything else (exec, attach, image pulls...) is ignored. */
const RELEVANT: Record<string, Set<string>> = {
  container: new Set(['create', 'start', 'stop', 'die', 'destroy', 'kill', 'pause', 'unpause', 'rename', 'restart']),
  network: new Set(['connect', 'disconnect', 'create', 'destroy', 'remove']),
  service: new Set(['create', 'update', 'remove']),
  node: new Set(['create', 'update', 'remove']),
};

export function isRelevantEvent(e: { Type?: string; Action?: string }): boolean {
  const action = (e.Action ?? '').split(':')[0];
  return RELEVANT[e.Type ?? '']?.has(action) ?? false;
}

export class LiveWatcher {
  private stopped = false;
  private conn: EngineConnection | undefined;
  private stream: NodeJS.ReadableStream | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private attempt = 0;
  private reading = false;
  private readAgain = false;
  /** How many times the stream was (re)opened; the tests read it. */
  connections = 0;

  constructor(private readonly options: WatchOptions) {}

  start(): void {
    void this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.debounce);
    clearTimeout(this.retry);
    this.closeStream();
    this.options.onState?.({ state: 'stopped' });
  }

  /** Re-reads now (e.g. when the user asks), outside the event flow. */
  refresh(): void {
    this.schedule(0);
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    this.options.onState?.({ state: 'connecting', attempt: this.attempt });
    const result = await connectEngine(this.options);
    if (this.stopped) return;
    if (!result.ok) return this.backOff(result.error.message, result.error);
    this.conn = result.connection;
    try {
      // Subscribe first, then read: a change between the two is then not lost.
      const types = Object.keys(RELEVANT) as Array<'container' | 'network' | 'service' | 'node'>;
      const stream: NodeJS.ReadableStream = await result.connection.streaming.getEvents({ filters: { type: types } });
      if (this.stopped) {
        (stream as unknown as { destroy?: () => void }).destroy?.();
        return;
      }
      this.stream = stream;
      this.connections++;
      let buffer = '';
      stream.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        // The engine sends one JSON object per line.
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (!line) continue;
          try {
            if (isRelevantEvent(JSON.parse(line))) this.schedule(this.options.debounceMs ?? 250);
          } catch {
            /* a line that is not JSON is not an event we can use */
          }
        }
      });
      const broken = (why: string) => {
        if (this.stream !== stream) return;
        this.stream = undefined;
        this.backOff(why);
      };
      stream.on('end', () => broken('the event stream ended (engine stopped or restarted)'));
      stream.on('close', () => broken('the event stream closed'));
      stream.on('error', (err: Error) => broken(`the event stream failed: ${err.message}`));
      this.attempt = 0;
      this.options.onState?.({ state: 'connected', engine: describeTarget(result.connection.target), version: result.connection.version });
      await this.read();
    } catch (err) {
      this.backOff(`cannot follow engine events: ${(err as Error).message}`);
    }
  }

  private backOff(reason: string, error?: EngineError): void {
    if (this.stopped) return;
    this.closeStream();
    if (error) this.options.onError?.(error);
    const min = this.options.minBackoffMs ?? 250;
    const max = this.options.maxBackoffMs ?? 8000;
    const inMs = Math.min(max, min * 2 ** this.attempt);
    this.attempt++;
    this.options.onState?.({ state: 'reconnecting', attempt: this.attempt, inMs, reason });
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.open(), inMs);
  }

  private closeStream(): void {
    const s = this.stream as unknown as { destroy?: () => void; removeAllListeners?: () => void } | undefined;
    this.stream = undefined;
    s?.destroy?.();
  }

  private schedule(ms: number): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.read(), ms);
  }

  /** One read at a time; events arriving during a read cause exactly one more. */
  private async read(): Promise<void> {
    if (this.stopped || !this.conn) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    try {
      const answer = await readEngine(this.conn);
      if (!this.stopped) this.options.onSnapshot(topologyFromEngine(answer, { project: this.options.project, address: this.conn.target.address }));
    } catch (err) {
      // A failed read while the stream is up is usually the engine going away; the stream's end
      // will trigger the reconnect, so only report it.
      this.options.onError?.({ code: 'other', message: `Reading the engine failed: ${(err as Error).message}` });
    } finally {
      this.reading = false;
      if (this.readAgain && !this.stopped) {
        this.readAgain = false;
        this.schedule(0);
      }
    }
  }
}
