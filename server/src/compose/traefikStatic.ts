// Traefik's static configuration (`/etc/traefik/traefik.yml`, or the file `--configFile` names) says where
// its file provider's dynamic files are (`providers.file.directory` / `filename`), when the command and the
// environment do not. YAML or TOML (`compose/tomlTree.ts`).
import * as path from 'node:path';
import { isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import { tomlRoot } from './tomlTree';

/** Where Traefik looks for its static configuration, first the file its command names. */
export function traefikStaticPaths(named: readonly string[]): string[] {
  return [...named.filter((n) => /\.(?:ya?ml|toml)$/.test(n)), '/etc/traefik/traefik.yml', '/etc/traefik/traefik.yaml', '/etc/traefik/traefik.toml'];
}

function child(node: unknown, key: string): unknown {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value).toLowerCase() === key);
  return pair?.value;
}

/** `providers.file.directory` and `providers.file.filename` of a static configuration. */
export function fileProviderOf(text: string, staticFile: string): { directory?: string; filename?: string } {
  let root: YamlNode | null | undefined;
  try {
    root = /\.toml$/i.test(staticFile) ? tomlRoot(text) : parseDocument(text, { uniqueKeys: false, strict: false }).contents;
  } catch {
    return {};
  }
  const file = child(child(root, 'providers'), 'file');
  const value = (key: string) => {
    const v = child(file, key);
    return isScalar(v) && typeof v.value === 'string' && v.value.startsWith('/') ? path.posix.normalize(v.value) : undefined;
  };
  return { directory: value('directory'), filename: value('filename') };
}
