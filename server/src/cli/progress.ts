// A progress bar on stderr while `check` reads and analyses its projects, for people waiting at a terminal:
//   [########------------]  2/5  services/api  analysing
// Only when stderr is a terminal: pipes, files and CI logs get nothing (no line to clean up, no noise in a
// captured stderr). The line is redrawn in place (`\r`, erase to the end of line) and erased before anything
// else is written to stderr and when the check ends, so messages and the report are never mixed with it.
import { showControls } from '../display/controls';

const WIDTH = 20;

export class Progress {
  private shown = false;
  private done = 0;
  private label = '';
  private phase = '';

  constructor(
    private readonly write: ((text: string) => void) | undefined,
    private readonly total: number,
    private readonly columns = 80,
  ) {}

  /** Project `index` (0-based) of the total, named `label`, is in `phase` (reading, analysing). */
  step(index: number, label: string, phase: string): void {
    this.done = index;
    this.label = label;
    this.phase = phase;
    this.draw();
  }

  /** Writes a message to stderr without tearing the bar: the bar is erased first and drawn again after. */
  message(text: string, stderr: (text: string) => void): void {
    this.clear();
    stderr(text);
    if (this.write && this.label) this.draw();
  }

  /** Erases the bar (the check is over). */
  clear(): void {
    if (this.write && this.shown) this.write('\r\x1b[K');
    this.shown = false;
  }

  private draw(): void {
    if (!this.write) return;
    const filled = this.total > 0 ? Math.round((this.done / this.total) * WIDTH) : 0;
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}]`;
    const count = `${String(this.done + 1).padStart(String(this.total).length)}/${this.total}`;
    let line = `${bar} ${count}  ${showControls(this.label)}  ${this.phase}`;
    // One terminal line, never wrapped: a wrapped line could not be erased with one `\r`.
    const room = Math.max(10, this.columns - 1);
    if (line.length > room) line = `${line.slice(0, room - 1)}…`;
    this.write(`\r\x1b[K${line}`);
    this.shown = true;
  }
}
