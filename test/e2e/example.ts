// The scenario works on a copy of `examples/` in a temporary folder (the repo's example is never
// edited), and finds the places it talks about by reading that file, not by fixed numbers.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../..');

export interface Place {
  /** 1-based, as the Problems panel and the status bar show them. */
  line: number;
  column: number;
}

export class ExampleCopy {
  readonly dir: string;
  readonly composeFile: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'netlens-e2e-'));
    cpSync(join(repoRoot, 'examples'), join(this.dir, 'examples'), { recursive: true });
    this.dir = join(this.dir, 'examples');
    this.composeFile = join(this.dir, 'compose.yaml');
  }

  lines(): string[] {
    return readFileSync(this.composeFile, 'utf8').split('\n');
  }

  /** The `nth` place where `word` occurs on a line that contains `lineMarker`. */
  find(lineMarker: string, word: string): Place {
    const lines = this.lines();
    const i = lines.findIndex((l) => l.includes(lineMarker));
    if (i < 0) throw new Error(`the example has no line with ${JSON.stringify(lineMarker)}`);
    const c = lines[i].indexOf(word, lines[i].indexOf(lineMarker));
    if (c < 0) throw new Error(`line ${i + 1} of the example has no ${JSON.stringify(word)}`);
    return { line: i + 1, column: c + 1 };
  }

  /** The line of a service's key under `services:`. */
  serviceLine(name: string): number {
    const lines = this.lines();
    const start = lines.findIndex((l) => /^services:\s*$/.test(l));
    const i = lines.findIndex((l, n) => n > start && new RegExp(`^  ${name}:\\s*$`).test(l));
    if (start < 0 || i < 0) throw new Error(`the example has no service ${name}`);
    return i + 1;
  }
}
