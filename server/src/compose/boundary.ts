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

export class FileBoundary {
  private readonly folders: string[];
  private readonly known = new Map<string, boolean>();

  constructor(
    boundary: ReadBoundary,
    private readonly realPath: RealPath = realPathOf,
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
