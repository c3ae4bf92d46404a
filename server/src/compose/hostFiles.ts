// What lies at a host path, for mounted files. Whether a path is the project's own is the project's
// boundary's answer (`boundary.ts`: real paths, links followed), the one every read of the loader gets:
// outside files are refused where the repository is not trusted (an untrusted workspace, the CLI without
// --allow-outside), and said why. The text itself is read through the loader (`safeRead.ts`: regular
// files only, bounded in size; open documents in the editor), so the CLI and the editor read the same thing.
import * as fs from 'node:fs';
import type { FileBoundary } from './boundary';
import { kindOf } from './safeRead';

export type HostEntry =
  | { kind: 'file' }
  | { kind: 'directory' }
  | { kind: 'missing' }
  /** Outside the project where that is refused, a device, a socket, ...: not read; `said` follows the file's name ("is outside the project folder; it is not read (…)"). */
  | { kind: 'refused'; said: string };

export interface HostFiles {
  inspect(file: string): HostEntry;
  /** Names in a folder (one that may be read), sorted; empty when it cannot be listed. */
  list(dir: string): readonly string[];
}

/**
 * Host files on disk, judged by `boundary`; `lexical` is the same boundary without links followed, to
 * tell a path that lies outside from a link that leads there. One load sees one state of the disk: each
 * path is inspected and each folder listed once (services share their mounts, and a folder's listing
 * is asked again for each reader's folder in it).
 */
export function diskHostFiles(boundary: FileBoundary, lexical: FileBoundary): HostFiles {
  const inspected = new Map<string, HostEntry>();
  const listed = new Map<string, string[]>();
  const inspectOnce = (file: string): HostEntry => {
    let entry = inspected.get(file);
    if (entry === undefined) inspected.set(file, (entry = inspect(file)));
    return entry;
  };
  const inspect = (file: string): HostEntry => {
    if (boundary.refusal !== undefined && boundary.isOutside(file)) {
      // The loader's words for any file outside (`project.ts`), saying when a link inside leads there.
      const link = lexical.isOutside(file) ? '' : ' (through a symbolic link)';
      return { kind: 'refused', said: `is outside the project folder${link}; it is not read (${boundary.refusal})` };
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP' ? { kind: 'missing' } : { kind: 'refused', said: `cannot be read (${code ?? 'unreadable'})` };
    }
    if (stat.isDirectory()) return { kind: 'directory' };
    if (!stat.isFile()) return { kind: 'refused', said: `is ${kindOf(stat)}${isLink(file) ? ' (through a symbolic link)' : ''}, not a regular file; it is not read` };
    return { kind: 'file' };
  };
  const readFolder = (dir: string): string[] => {
    if (inspectOnce(dir).kind !== 'directory') return [];
    try {
      return fs.readdirSync(dir).sort();
    } catch {
      return [];
    }
  };
  return {
    inspect: inspectOnce,
    list(dir) {
      let names = listed.get(dir);
      if (names === undefined) listed.set(dir, (names = readFolder(dir)));
      return names;
    },
  };
}

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
