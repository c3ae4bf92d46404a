// The host paths a service's containers receive: bind mounts (short `./x:/etc/x:ro` and long
// `type: bind` syntax) and `configs:` whose top-level definition names a `file:`. Named volumes
// hold no file of the project and are left out. Pure: paths are resolved, never read.
import * as path from 'node:path';
import type { CMap, CNode } from './nodes';
import { get, isMap, isScalar, items, str } from './nodes';
import type { Loc } from './source';

export interface HostMount {
  /** Absolute host path (file or folder). */
  source: string;
  /** Where the container sees it (absolute). */
  target: string;
  /** The entry that writes the mount (a `volumes` or `configs` item). */
  loc: Loc;
  /** A Compose mount, a `configs` file, a file the image copies from its build context (`COPY`), or one its context holds at the top whose name says where its program reads it (no Dockerfile to say). */
  via: 'volume' | 'config' | 'image' | 'context';
}

/** How a relative host path resolves: from the project folder, or from its own file's folder when that file was included or extended from elsewhere. */
export interface PathBase {
  projectDir: string;
  projectFiles: readonly string[];
}

/** The folder a relative path written at `loc` resolves from. */
export function baseDirOf(loc: Loc, base: PathBase): string {
  return base.projectFiles.includes(loc.file) ? base.projectDir : path.dirname(loc.file);
}

/** A host path as Compose reads it: `.`/`..`-relative or absolute; anything else names a volume. `~` is the user's home, never the project's. */
function hostPath(written: string, loc: Loc, base: PathBase): string | undefined {
  if (written.startsWith('/')) return path.normalize(written);
  if (written === '.' || written === '..' || written.startsWith('./') || written.startsWith('../')) return path.resolve(baseDirOf(loc, base), written);
  return undefined;
}

/** `SOURCE:TARGET[:MODE]`; a Windows drive letter (`C:\x`) is no separator. */
function splitShortVolume(text: string): { source: string; target: string } | undefined {
  const drive = /^[A-Za-z]:[\\/]/.test(text) ? 2 : 0;
  const first = text.indexOf(':', drive);
  if (first < 0) return undefined;
  const rest = text.slice(first + 1);
  const second = rest.indexOf(':');
  return { source: text.slice(0, first), target: second < 0 ? rest : rest.slice(0, second) };
}

function volumeMount(item: CNode, base: PathBase): HostMount | undefined {
  if (isScalar(item)) {
    const text = str(item);
    const parts = text ? splitShortVolume(text) : undefined;
    if (!parts || !parts.target.startsWith('/')) return undefined;
    const source = hostPath(parts.source, item.loc, base);
    return source ? { source, target: path.posix.normalize(parts.target), loc: item.loc, via: 'volume' } : undefined;
  }
  if (!isMap(item) || str(item, 'type') !== 'bind') return undefined;
  const written = str(item, 'source');
  const target = str(item, 'target');
  const sourceNode = get(item, 'source');
  if (!written || !target || !target.startsWith('/') || !sourceNode) return undefined;
  // The long syntax takes any path as a bind source: a bare name is relative too.
  const source = hostPath(written, sourceNode.loc, base) ?? (written.startsWith('~') ? undefined : path.resolve(baseDirOf(sourceNode.loc, base), written));
  return source ? { source, target: path.posix.normalize(target), loc: item.loc, via: 'volume' } : undefined;
}

/** A service's `configs` entry with a file behind it: `- name` (seen at `/name`) or `{ source, target }`. */
function configMount(item: CNode, topConfigs: CNode | undefined, base: PathBase): HostMount | undefined {
  const name = isScalar(item) ? str(item) : str(item, 'source');
  if (!name) return undefined;
  const target = (isMap(item) ? str(item, 'target') : undefined) ?? `/${name}`;
  const fileNode = get(get(topConfigs, name), 'file');
  const file = str(fileNode);
  if (!file || !fileNode) return undefined;
  return { source: path.resolve(baseDirOf(fileNode.loc, base), file), target: path.posix.resolve('/', target), loc: item.loc, via: 'config' };
}

/** Every host path the service mounts, in the order written. */
export function hostMounts(service: CMap, topConfigs: CNode | undefined, base: PathBase): HostMount[] {
  const out: HostMount[] = [];
  for (const item of items(get(service, 'volumes'))) {
    const m = volumeMount(item, base);
    if (m) out.push(m);
  }
  for (const item of items(get(service, 'configs'))) {
    const m = configMount(item, topConfigs, base);
    if (m) out.push(m);
  }
  return out;
}
