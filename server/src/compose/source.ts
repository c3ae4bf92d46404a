// Source files and locations. Every value the loader produces points back into the
// file that set it, as character offsets; ranges (LSP line/character) are derived on demand.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A span of one file: `file` is an absolute path, offsets are UTF-16 code units as in JS strings. */
export interface Loc {
  file: string;
  start: number;
  end: number;
}

/**
 * `loc` moved `delta` further in its file, in place: for locations their owner keeps across an edit (the parsed tree's
 * entries after it, what was made of a node kept by the node, a kept scan's references), each moved once.
 */
export function moveLoc(loc: Loc, delta: number): void {
  loc.start += delta;
  loc.end += delta;
}

/** Where a file's text starts after a UTF-8 byte order mark: editors do not show it, nor count it in columns. */
function bomLength(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

const CR = 13;
const LF = 10;

/**
 * A file's text with two views of its lines. Positions (line and character, as LSP and editors count them)
 * end a line at `\r\n`, `\r` or `\n`, as vscode-languageserver-textdocument does: a lone CR that the YAML
 * parser keeps inside a comment still starts a new line in the editor, and every later position must
 * agree with it. `lineStartOf` and `nextLineStartOf` are the YAML parser's lines (only `\n` ends one),
 * which is what edits are made of.
 */
export class SourceFile {
  private lineStarts: Uint32Array | undefined;

  constructor(
    readonly path: string,
    readonly text: string,
  ) {}

  private starts(): Uint32Array {
    if (!this.lineStarts) {
      // A typed array (a growing array of numbers takes several times as long). Without a CR in the text,
      // the engine's own search finds each line break: 1.35 MB in about 2 ms, where reading every character
      // took 5–10 ms, paid by the first hover after each edit of a large file.
      const text = this.text;
      let starts = new Uint32Array(Math.max(16, text.length >> 5));
      starts[0] = bomLength(text);
      let count = 1;
      const push = (start: number) => {
        if (count === starts.length) {
          const grown = new Uint32Array(starts.length * 2);
          grown.set(starts);
          starts = grown;
        }
        starts[count++] = start;
      };
      if (text.indexOf('\r') < 0) {
        for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) push(i + 1);
      } else {
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          if (c !== LF && c !== CR) continue;
          if (c === CR && text.charCodeAt(i + 1) === LF) i++;
          push(i + 1);
        }
      }
      this.lineStarts = starts.subarray(0, count);
    }
    return this.lineStarts;
  }

  /** Builds the line index now: called once an analysis's diagnostics are sent, so the first hover or definition does not. */
  indexLines(): void {
    this.starts();
  }

  /** `offset` moved back before the line break it lies in or after (as the editor's document does). */
  private beforeLineBreak(offset: number, lineStart: number): number {
    while (offset > lineStart) {
      const c = this.text.charCodeAt(offset - 1);
      if (c !== LF && c !== CR) break;
      offset--;
    }
    return offset;
  }

  positionAt(offset: number): Position {
    const starts = this.starts();
    const clamped = Math.max(starts[0], Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: this.beforeLineBreak(clamped, starts[lo]) - starts[lo] };
  }

  /** Whether `positionAt(offset)` is `position`: read from the line's start, without a search or a new object. */
  isAt(offset: number, position: Position): boolean {
    const starts = this.starts();
    const line = position.line;
    if (!(line >= 0 && line < starts.length)) return false;
    const clamped = Math.max(starts[0], Math.min(offset, this.text.length));
    const lineStart = starts[line];
    if (clamped < lineStart || (line + 1 < starts.length && clamped >= starts[line + 1])) return false;
    return this.beforeLineBreak(clamped, lineStart) - lineStart === position.character;
  }

  offsetAt(position: Position): number {
    const starts = this.starts();
    if (position.line < 0) return starts[0];
    if (position.line >= starts.length) return this.text.length;
    const lineStart = starts[position.line];
    if (position.character <= 0) return lineStart;
    const lineEnd = position.line + 1 < starts.length ? starts[position.line + 1] : this.text.length;
    return this.beforeLineBreak(Math.min(lineStart + position.character, lineEnd), lineStart);
  }

  rangeOf(loc: { start: number; end: number }): Range {
    return { start: this.positionAt(loc.start), end: this.positionAt(loc.end) };
  }

  /** Offset of the first character of the YAML line holding `offset` (after a byte order mark on the first line). */
  lineStartOf(offset: number): number {
    const nl = offset > 0 ? this.text.lastIndexOf('\n', offset - 1) : -1;
    return nl < 0 ? bomLength(this.text) : nl + 1;
  }

  /** Offset just past the line break that ends the YAML line holding `offset` (or the end of text). */
  nextLineStartOf(offset: number): number {
    const nl = this.text.indexOf('\n', offset);
    return nl < 0 ? this.text.length : nl + 1;
  }

  /** The line break new lines are written with: the file's own (`\r\n` when its first line ends so). */
  get lineBreak(): '\r\n' | '\n' {
    const nl = this.text.indexOf('\n');
    return nl > 0 && this.text.charCodeAt(nl - 1) === CR ? '\r\n' : '\n';
  }

  slice(loc: { start: number; end: number }): string {
    return this.text.slice(loc.start, loc.end);
  }
}

/** The files a project was read from, by absolute path. */
export class SourceSet {
  private readonly files = new Map<string, SourceFile>();

  add(file: SourceFile): SourceFile {
    this.files.set(file.path, file);
    return file;
  }

  get(path: string): SourceFile | undefined {
    return this.files.get(path);
  }

  all(): SourceFile[] {
    return [...this.files.values()];
  }

  /** Ranges by location object: the same locations (a service's key) are related to many findings. */
  private readonly ranges = new WeakMap<Loc, Range>();

  /** The range of `loc`; the same object for the same location object (do not change it). */
  rangeOf(loc: Loc): Range {
    let range = this.ranges.get(loc);
    if (range) return range;
    const file = this.files.get(loc.file);
    range = file ? file.rangeOf(loc) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    this.ranges.set(loc, range);
    return range;
  }
}

export function locWithin(loc: Loc, start: number, end: number): Loc {
  return { file: loc.file, start: loc.start + start, end: loc.start + end };
}
