// Which files are the project's own. A repository can name any path (`env_file: /etc/passwd`, a `.env`
// linked to a file in your home), so each file is judged by its real path, symbolic links followed:
// inside one of the project's folders, or outside. Outside files are refused where the repository is not
// trusted (an untrusted workspace, CI on a pull request); where they are read, their text is never quoted.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ReadBoundary {
  /** Folders whose files are the project's own (the project folder, a workspace folder, a folder named on the command line). */
  folders: string[];
  /** Set: files outside those folders are not read, and this says how to allow it (e.g. "pass --allow-outside to read it"). */
  refuseOutside?: string;
}

export type RealPath = (file: string) => string;

/** The path with every symbolic link resolved; for a path that does not exist, its nearest existing folder's. */
export const realPathOf: RealPath = (file) => {
  const absolute = path.resolve(file);
  let existing = absolute;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return absolute;
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
};

/**
 * `realPathOf` for the many files of a few folders, as one load reads them: each folder is resolved once,
 * and of each file only asked whether it is itself a link (a folder's real path and the name are its real
 * path otherwise).
 */
export function folderCachedRealPath(): RealPath {
  const folders = new Map<string, string>();
  return (file) => {
    const absolute = path.resolve(file);
    const folder = path.dirname(absolute);
    if (folder === absolute) return realPathOf(absolute);
    let link = false;
    try {
      link = fs.lstatSync(absolute).isSymbolicLink();
    } catch {
      // Missing or not to be asked: its folder's real path and its name, as realPathOf answers.
    }
    if (link) return realPathOf(absolute);
    let realFolder = folders.get(folder);
    if (realFolder === undefined) folders.set(folder, (realFolder = realPathOf(folder)));
    return path.join(realFolder, path.basename(absolute));
  };
}

export class FileBoundary {
  private readonly folders: string[];
  private readonly known = new Map<string, boolean>();

  constructor(
    boundary: ReadBoundary,
    private readonly realPath: RealPath = folderCachedRealPath(),
  ) {
    this.folders = boundary.folders.map((f) => realPath(f));
    this.refusal = boundary.refuseOutside;
  }

  /** How to allow outside reads, when they are refused. */
  readonly refusal: string | undefined;

  isOutside(file: string): boolean {
    let outside = this.known.get(file);
    if (outside === undefined) {
      const real = this.realPath(file);
      outside = !this.folders.some((folder) => real === folder || real.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep));
      this.known.set(file, outside);
    }
    return outside;
  }
}
