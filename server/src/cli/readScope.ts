// Which files the CLI reads. It runs in CI on pull requests from strangers, where a repository could point a
// path at the runner's secrets (`env_file: /proc/self/environ`, a `.env` linked into $HOME) and have them
// printed into a public log or uploaded SARIF. So by default only the folder being checked (named, or the
// current one) and the folders of files named with -f are read; --allow-outside reads the rest too.
import * as path from 'node:path';
import type { ReadBoundary } from '../compose/boundary';

export const ALLOW_OUTSIDE_OPTION = { 'allow-outside': { type: 'boolean' } } as const;

export function cliBoundary(folder: string, files: string[], allowOutside: boolean): ReadBoundary {
  const folders = [...new Set([folder, ...files.map((f) => path.dirname(f))])];
  return allowOutside ? { folders } : { folders, refuseOutside: 'pass --allow-outside to read it' };
}
