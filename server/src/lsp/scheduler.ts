// Debounced per-document work: a newer request for the same document replaces the older one,
// and a run already under way learns it is stale (`isCurrent`) so it does not publish old results.
export class Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly run: (uri: string, isCurrent: () => boolean) => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  schedule(uri: string, delayMs: number): void {
    const existing = this.timers.get(uri);
    if (existing) clearTimeout(existing);
    const generation = (this.generations.get(uri) ?? 0) + 1;
    this.generations.set(uri, generation);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.run(uri, () => this.generations.get(uri) === generation).catch(this.onError);
      }, delayMs),
    );
  }
}
