// What the CLI's commands share below `main.ts`: the process they write to, the usage error they throw,
// and which projects a command line names.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMPOSE_FILE_NAMES, OVERRIDE_FILE_NAMES } from '../compose/discovery';
import type { LoadOptions } from '../compose/project';
import { cliBoundary } from './readScope';

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  /** Whether stderr is a terminal: the progress bar is drawn there only then. */
  stderrIsTty?: boolean;
  /** The terminal's width, for the progress bar. */
  columns?: number;
}

/** A command line the CLI refuses: the message, then the usage, exit code 2. */
export class UsageError extends Error {}

/**
 * `--by-folder`: a file docker compose would discover (`compose.yaml`, its override, ...) stands for the project
 * of its folder, which is checked once however many of its files are named (a pre-commit hook names the
 * files that changed); other names are kept as given.
 */
function projectFolders(positionals: string[], cwd: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of positionals) {
    const abs = path.resolve(cwd, p);
    const discovered = COMPOSE_FILE_NAMES.includes(path.basename(abs)) || OVERRIDE_FILE_NAMES.includes(path.basename(abs));
    const folder = discovered && fs.statSync(abs, { throwIfNoEntry: false })?.isFile() ? path.dirname(abs) : abs;
    if (seen.has(folder)) continue;
    seen.add(folder);
    out.push(folder === abs ? p : path.relative(cwd, folder) || '.');
  }
  return out;
}

/** What to load per project named; each reads its own folder, the current one when none is named (`readScope.ts`). */
export function projectsToLoad(positionals: string[], fileArgs: string[], cwd: string, allowOutside = false, byFolder = false): LoadOptions[] {
  const files = fileArgs.map((f) => path.resolve(cwd, f));
  if (byFolder) positionals = projectFolders(positionals, cwd);
  if (positionals.length === 0) {
    const boundary = cliBoundary(cwd, files, allowOutside);
    if (files.length > 0) return [{ files, boundary }];
    return [{ dir: cwd, boundary }];
  }
  return positionals.map((p) => {
    const abs = path.resolve(cwd, p);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new UsageError(`${p}: no such file or folder`);
    }
    if (stat.isDirectory()) return files.length > 0 ? { dir: abs, files, boundary: cliBoundary(abs, files, allowOutside) } : { dir: abs, boundary: cliBoundary(abs, files, allowOutside) };
    return { files: [abs, ...files], boundary: cliBoundary(path.dirname(abs), files, allowOutside) };
  });
}
