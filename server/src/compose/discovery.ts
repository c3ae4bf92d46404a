// Which files make a project, as `docker compose` picks them in a folder.
import * as path from 'node:path';
import { entryExists } from './safeRead';

export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
export const OVERRIDE_FILE_NAMES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];

/** Whether a name is taken; a FIFO or an oversized file counts, so loading it says why it is not read. */
export type FileExists = (file: string) => boolean;

/** The base file and its override in `dir`, or an empty list when the folder holds no Compose file. */
export function discoverComposeFiles(dir: string, exists: FileExists = entryExists): string[] {
  const base = COMPOSE_FILE_NAMES.map((n) => path.join(dir, n)).find(exists);
  if (!base) return [];
  const override = OVERRIDE_FILE_NAMES.map((n) => path.join(dir, n)).find(exists);
  return override ? [base, override] : [base];
}

/** True for names the extension treats as Compose files (base, override and `compose.*.yaml` variants). */
export function isComposeFileName(file: string): boolean {
  const name = path.basename(file);
  return /^(docker-)?compose(\.[^/]+)?\.ya?ml$/.test(name);
}
