// What lies at a host path, for mounted files: read only regular files inside the folder the
// analysis was started in, following no link out of it, and never a large one. The text itself is
// read through the loader's `readFile` (the language server's stat cache and open documents), so
// the CLI and the editor read the same thing.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type HostEntry =
  | { kind: 'file'; size: number }
  | { kind: 'directory' }
  | { kind: 'missing' }
  /** A link leading out of the folder, a device, a socket, ...: not read, and said why. */
  | { kind: 'refused'; why: string };

export interface HostFiles {
  inspect(file: string): HostEntry;
  /** Names in a folder (inside the root), sorted; empty when it cannot be listed. */
  list(dir: string): string[];
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Host files under `root` on disk: every path is checked once links are followed. */
export function diskHostFiles(root: string): HostFiles {
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    realRoot = path.resolve(root);
  }
  const inspect = (file: string): HostEntry => {
    if (!isInside(path.resolve(root), file) && !isInside(realRoot, file)) return { kind: 'refused', why: 'it lies outside the project folder' };
    let real: string;
    try {
      real = fs.realpathSync(file);
    } catch {
      return { kind: 'missing' };
    }
    if (!isInside(realRoot, real)) return { kind: 'refused', why: 'a link leads outside the project folder' };
    try {
      const stat = fs.statSync(real);
      if (stat.isDirectory()) return { kind: 'directory' };
      if (!stat.isFile()) return { kind: 'refused', why: 'it is not a regular file' };
      return { kind: 'file', size: stat.size };
    } catch {
      return { kind: 'refused', why: 'it cannot be read' };
    }
  };
  return {
    inspect,
    list(dir) {
      if (inspect(dir).kind !== 'directory') return [];
      try {
        return fs.readdirSync(dir).sort();
      } catch {
        return [];
      }
    },
  };
}
