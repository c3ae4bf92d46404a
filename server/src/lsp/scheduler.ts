// Debounced per-document work: a newer request for the same document replaces the older one.
export class Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly run: (uri: string) => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  schedule(uri: string, delayMs: number): void {
    const existing = this.timers.get(uri);
    if (existing) clearTimeout(existing);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.run(uri).catch(this.onError);
      }, delayMs),
    );
  }
}
