// `netlens check --fix` and `--fix-dry-run`: every preferred fix, chosen as the editor's fix-all chooses them
// (`rules/support/fixAll.ts`), applied pass after pass until none applies or MAX_PASSES is reached, re-checking after
// each pass on the edited texts (kept in memory; the loader reads them instead of the disk). At the end the
// changed files are written, or shown as a unified diff.
// Writing keeps what the file was: its bytes must be exactly the UTF-8 text that was analysed (so nothing is
// lost to a decoding: a file in another encoding is never written), edits keep its byte order mark and line
// breaks (they carry the file's own), and a file is written only when its text changed, atomically (a temporary
// file beside it, then a rename), with its mode. Only files inside the folders the check reads as its own
// (`readScope.ts`: the folder checked and those of `-f` files, by real path) are written, even with
// `--allow-outside`: a fix that would edit another file is not applied.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { FileBoundary, type ReadBoundary } from '../compose/boundary';
import type { LoadOptions } from '../compose/project';
import { entryExists, readRegularFile } from '../compose/safeRead';
import type { Range } from '../compose/source';
import { showControls } from '../display/controls';
import type { Analysis } from '../analysis';
import { applyEdits, chooseFixes } from '../rules/support/fixAll';
import type { Fix, TextEdit } from '../rules/types';
import { pathAtLineStart } from './formatText';
import { displayPath } from './report';

/** At most this many passes; fixes still left after them are reported as remaining. */
export const MAX_PASSES = 10;

export interface AppliedFix {
  rule: string;
  /** As shown, with the range in the text of the pass that fixed it. */
  file: string;
  range: Range;
  title: string;
  pass: number;
}

/** Loads and analyses a project with the session's texts in place of the files it edited. */
export type Analyser = (target: LoadOptions) => Analysis;

export class FixSession {
  /** The current text of every file edited so far, by absolute path. */
  private readonly texts = new Map<string, string>();
  /** Each edited file's text as analysed first (the disk's), in the order they were first changed. */
  private readonly originals = new Map<string, string>();
  /** Why a file may not be written, once asked. */
  private readonly refusals = new Map<string, string | null>();
  readonly applied: AppliedFix[] = [];

  constructor(private readonly cwd: string) {}

  /** Fixes one project pass after pass; returns the analysis of its final texts. */
  fixProject(target: LoadOptions, analyser: Analyser, onPass?: (pass: number) => void): Analysis {
    const folders = new FileBoundary({ folders: (target.boundary as ReadBoundary | undefined)?.folders ?? [target.dir ?? this.cwd] });
    const load = (): Analysis =>
      analyser({
        ...target,
        readFile: (file, maxBytes) => this.texts.get(file) ?? readRegularFile(file, maxBytes),
        fileExists: (file) => this.texts.has(file) || entryExists(file),
      });
    let analysis = load();
    for (let pass = 1; pass <= MAX_PASSES; pass++) {
      onPass?.(pass);
      const current = analysis;
      const writable = (fix: Fix) => fix.edits.every((e) => this.writable(e.loc.file, current, folders));
      const chosen = chooseFixes(current.findings, writable);
      if (chosen.length === 0) break;
      const byFile = new Map<string, TextEdit[]>();
      for (const { fix } of chosen) {
        for (const e of fix.edits) {
          const list = byFile.get(e.loc.file);
          if (list) list.push(e);
          else byFile.set(e.loc.file, [e]);
        }
      }
      let changed = false;
      for (const [file, edits] of byFile) {
        const before = current.project.sources.get(file)?.text;
        if (before === undefined) continue;
        const after = applyEdits(before, edits);
        if (after === before) continue;
        if (!this.originals.has(file)) this.originals.set(file, before);
        this.texts.set(file, after);
        changed = true;
      }
      if (!changed) break;
      for (const { finding, fix } of chosen) {
        this.applied.push({ rule: finding.rule, file: displayPath(finding.loc.file, this.cwd), range: current.project.sources.rangeOf(finding.loc), title: fix.title, pass });
      }
      analysis = load();
    }
    return analysis;
  }

  /** The files whose text differs from the disk's, with both texts, in the order they were first changed. */
  changes(): Array<{ file: string; before: string; after: string }> {
    const out: Array<{ file: string; before: string; after: string }> = [];
    for (const [file, before] of this.originals) {
      const after = this.texts.get(file) ?? before;
      if (after !== before) out.push({ file, before, after });
    }
    return out;
  }

  /** Writes every changed file; returns a message per file that could not be written. */
  write(): string[] {
    const failures: string[] = [];
    for (const { file, before, after } of this.changes()) {
      try {
        const now = fs.readFileSync(file);
        if (!now.equals(Buffer.from(before, 'utf8'))) throw new Error('it changed while it was being checked; it is left as it is');
        writeAtomically(file, after);
      } catch (err) {
        failures.push(`${showControls(displayPath(file, this.cwd))}: ${showControls((err as Error).message)}`);
      }
    }
    return failures;
  }

  /** The changes as one unified diff (`a/` and `b/` before paths relative to where the check ran). */
  diff(): string {
    let out = '';
    for (const { file, before, after } of this.changes()) {
      const shown = showControls(displayPath(file, this.cwd));
      const relative = !path.isAbsolute(shown);
      const patch = createTwoFilesPatch(relative ? `a/${shown}` : shown, relative ? `b/${shown}` : shown, before, after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
      out += patch;
    }
    return out;
  }

  /** One line per fix applied: `file:line:col fixed rule title`. */
  appliedLines(verb = 'fixed'): string {
    return this.applied.map((a) => `${pathAtLineStart(a.file)}:${a.range.start.line + 1}:${a.range.start.character + 1} ${verb} ${a.rule} ${showControls(a.title)}\n`).join('');
  }

  /** Why `file` may not be written by a fix (memoised), or undefined when it may. */
  private writable(file: string, analysis: Analysis, folders: FileBoundary): boolean {
    if (this.texts.has(file)) return true;
    let refusal = this.refusals.get(file);
    if (refusal === undefined) {
      refusal = refusalOf(file, analysis.project.sources.get(file)?.text, folders);
      this.refusals.set(file, refusal);
    }
    return refusal === null;
  }
}

/** Why a fix may not write `file`, or null when it may. */
function refusalOf(file: string, analysed: string | undefined, folders: FileBoundary): string | null {
  if (analysed === undefined) return 'it was not read';
  if (folders.isOutside(file)) return 'it is outside the folder checked';
  try {
    if (!fs.statSync(file).isFile()) return 'it is not a regular file';
    const bytes = fs.readFileSync(file);
    if (!bytes.equals(Buffer.from(analysed, 'utf8'))) return 'it is not UTF-8 text as read, or it changed';
  } catch (err) {
    return (err as Error).message;
  }
  return null;
}

/** Replaces `file`'s content at once: a temporary file in the same folder, written and synced, renamed over it. */
export function writeAtomically(file: string, text: string): void {
  const real = fs.realpathSync(file);
  const mode = fs.statSync(real).mode & 0o7777;
  const temp = path.join(path.dirname(real), `.${path.basename(real)}.netlens-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', mode);
  try {
    try {
      fs.fchmodSync(fd, mode);
      fs.writeFileSync(fd, text, 'utf8');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, real);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

/**
 * Output that holds file text (the diff) framed so that a GitHub Actions runner reads none of its lines as a
 * workflow command: `::stop-commands::TOKEN` before and `::TOKEN::` after, with a token nobody can guess.
 */
export function inertOnGithub(text: string, env: NodeJS.ProcessEnv): string {
  if (env.GITHUB_ACTIONS !== 'true' || text === '') return text;
  const token = `netlens-${randomBytes(16).toString('hex')}`;
  return `::stop-commands::${token}\n${text}${text.endsWith('\n') ? '' : '\n'}::${token}::\n`;
}
