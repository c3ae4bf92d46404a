// Which files make a project, as `docker compose` picks them in a folder.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
export const OVERRIDE_FILE_NAMES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];

export type FileExists = (file: string) => boolean;

const defaultExists: FileExists = (file) => {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/** The base file and its override in `dir`, or an empty list when the folder holds no Compose file. */
export function discoverComposeFiles(dir: string, exists: FileExists = defaultExists): string[] {
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
