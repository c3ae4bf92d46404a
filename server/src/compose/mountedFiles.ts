// The configuration files a service receives from the project: for each host mount, the files at
// paths its program reads (`mountedKinds.ts`), a folder mount listed only where such files live.
// Each is read once per load, through the loader's bounded read (`safeRead.ts`), judged by the project's
// boundary like every other file (`boundary.ts`, `hostFiles.ts`); an odd one is one info, never a failure.
import * as path from 'node:path';
import type { CMap } from './nodes';
import { get, isMap, isScalar, isSeq, str } from './nodes';
import type { HostFiles } from './hostFiles';
import type { HostMount } from './mounts';
import { CONFIG_DIRS, configContext, familyIs, importableAt, isTreeConfig, kindAt, listedDeep, unreadConfigAt, type ConfigContext, type MountedKind } from './mountedKinds';
import { fileProviderOf, traefikStaticPaths } from './traefikStatic';
import type { LoadProblem } from './problems';
import type { Loc } from './source';

export interface MountedFile {
  kind: MountedKind;
  /** Absolute host path; its text is in the project's SourceSet. */
  file: string;
  /** Where the container reads it. */
  target: string;
  /** The program reads it itself; otherwise only when such a file pulls it in (a Caddyfile's `import`). */
  entry: boolean;
  /** The `volumes` or `configs` entry that brings it in. */
  mountLoc: Loc;
}

interface Wanted {
  kind: MountedKind;
  entry: boolean;
}

/** What the program at `target` makes of a file there: an entry, a file entries may pull in, or nothing. */
function wantedAt(target: string, ctx: ConfigContext): Wanted | undefined {
  const kind = kindAt(target, ctx);
  if (kind) return { kind, entry: true };
  const imported = importableAt(target, ctx);
  return imported ? { kind: imported, entry: false } : undefined;
}

/** 1 MB (or the project's limit, when lower): configuration files are a few KB; a larger file at such a path is data or a mistake. */
export const MAX_MOUNTED_FILE_SIZE = 1024 * 1024;
/** Bounds on what one service's folder mounts may bring in. */
const MAX_FILES_PER_SERVICE = 64;
const MAX_LIST_DEPTH = 3;
const MAX_LISTED_ENTRIES = 256;

export interface MountReading {
  host: HostFiles;
  /**
   * Text of a file, read once per load by the loader (bounded, judged by the project's boundary); undefined
   * when it is not read, with an info at `at` saying why (none when `quiet`).
   */
  read(file: string, at: Loc, quiet?: boolean): string | undefined;
  problems: LoadProblem[];
}

/** The words of `command` and `entrypoint`, split as a shell would roughly do. */
/** The words of a service's entrypoint and command, in order, quotes taken off. */
export function commandWords(service: CMap): string[] {
  const words: string[] = [];
  for (const key of ['entrypoint', 'command']) {
    const node = get(service, key);
    // One word at a time: a command of a few hundred thousand words spread into `push` would throw.
    const texts = isSeq(node) ? node.items.map((item) => str(item) ?? '') : isScalar(node) ? [str(node) ?? ''] : [];
    for (const text of texts) for (const word of text.split(/\s+/)) if (word) words.push(word);
  }
  return words.map((w) => w.replace(/^['"]|['"]$/g, ''));
}

function environmentOf(service: CMap): Map<string, string> {
  const env = new Map<string, string>();
  const node = get(service, 'environment');
  if (isMap(node)) for (const p of node.pairs.values()) if (isScalar(p.value) && p.value.value !== null) env.set(p.key, String(p.value.value));
  return env;
}

/** Folders where a reader's files live, as seen in the container, each ending in `/`. */
function configFolders(ctx: ConfigContext, target: string): string[] {
  const folders = [...CONFIG_DIRS, ...ctx.named.map((n) => `${path.posix.dirname(n)}/`)];
  if (ctx.traefikDirectory) folders.push(`${ctx.traefikDirectory.replace(/\/$/, '')}/`);
  if (ctx.traefikFile) folders.push(`${path.posix.dirname(ctx.traefikFile)}/`);
  // `alloy run` takes a file or a folder of `.alloy` files.
  for (const m of ctx.mentioned) if (/\.(?:alloy|river)$/.test(m)) folders.push(`${path.posix.dirname(m)}/`);
  if (familyIs(ctx, ['alloy', 'agent', 'grafana-agent'])) for (const m of ctx.mentioned) if (m !== '/') folders.push(`${m.replace(/\/$/, '')}/`);
  // Grafana's provisioning folder moves with `GF_PATHS_PROVISIONING`; its `datasources` folder keeps its name.
  const provisioning = /^(.*\/provisioning)(?:\/datasources)?\/?$/.exec(target);
  if (provisioning) folders.push(`${provisioning[1]}/datasources/`);
  return folders;
}

/** Host files under `dir` (seen at `seenAt`), depth-first, bounded. */
function listFiles(host: HostFiles, dir: string, seenAt: string, depth: number, out: Array<{ file: string; target: string }>, budget: { entries: number }): void {
  for (const name of host.list(dir)) {
    if (budget.entries-- <= 0) return;
    if (name.startsWith('.') || name === 'node_modules') continue;
    const file = path.join(dir, name);
    const target = path.posix.join(seenAt, name);
    const entry = host.inspect(file);
    if (entry.kind === 'file') out.push({ file, target });
    else if (entry.kind === 'directory' && depth < MAX_LIST_DEPTH) listFiles(host, file, target, depth + 1, out, budget);
  }
}

/** The files under a folder mount at paths a reader knows: listed where readers' folders meet the mount, else only its top. */
function filesInFolder(mount: HostMount, ctx: ConfigContext, host: HostFiles): Array<{ file: string; target: string } & Wanted> {
  const seen = `${mount.target.replace(/\/$/, '')}/`;
  const found: Array<{ file: string; target: string }> = [];
  const budget = { entries: MAX_LISTED_ENTRIES };
  const starts = new Set<string>();
  for (const folder of configFolders(ctx, mount.target)) {
    if (folder.startsWith(seen)) starts.add(folder);
    else if (seen.startsWith(folder)) starts.add(seen);
  }
  for (const start of starts) {
    const dir = path.join(mount.source, start.slice(seen.length));
    listFiles(host, dir, start.replace(/\/$/, '') || '/', 0, found, budget);
  }
  const deep = found.flatMap((f) => {
    const wanted = wantedAt(f.target, ctx);
    return wanted && listedDeep(wanted.kind) ? [{ ...f, ...wanted }] : [];
  });
  // Application settings are read from the folder the program starts in: only the top of a folder mount.
  const top = host
    .list(mount.source)
    .slice(0, MAX_LISTED_ENTRIES)
    .flatMap((name) => {
      const target = path.posix.join(mount.target, name);
      const kind = kindAt(target, ctx);
      const file = path.join(mount.source, name);
      return kind && !listedDeep(kind) && host.inspect(file).kind === 'file' ? [{ file, target, kind, entry: true }] : [];
    });
  return [...deep, ...top];
}

/** The host file a container path comes from, and the mount bringing it: through the deepest mount that covers it. */
function hostPathOf(target: string, mounts: HostMount[]): { file: string; mount: HostMount } | undefined {
  let best: HostMount | undefined;
  for (const m of mounts) {
    const covers = target === m.target || target.startsWith(`${m.target.replace(/\/$/, '')}/`);
    if (covers && (!best || m.target.length > best.target.length)) best = m;
  }
  return best ? { file: path.join(best.source, path.posix.relative(best.target, target)), mount: best } : undefined;
}

/** Traefik's file provider, from its mounted static configuration when the command and environment say nothing. */
function withTraefikProvider(ctx: ConfigContext, mounts: HostMount[], reading: MountReading): ConfigContext {
  if (!familyIs(ctx, 'traefik') || ctx.traefikDirectory || ctx.traefikFile) return ctx;
  for (const target of traefikStaticPaths(ctx.named)) {
    const at = hostPathOf(target, mounts);
    if (!at || reading.host.inspect(at.file).kind !== 'file') continue;
    // Read for its file provider, quietly: as a mounted file itself, a problem reading it is said at its mount.
    const text = reading.read(at.file, at.mount.loc, true);
    if (text === undefined) continue;
    const provider = fileProviderOf(text, at.file);
    return { ...ctx, traefikDirectory: provider.directory, traefikFile: provider.filename };
  }
  return ctx;
}

/** The configuration files a service receives, read and ready in `sources` (through `reading.read`). */
export function mountedFilesOf(service: CMap, image: string | undefined, mounts: HostMount[], reading: MountReading): MountedFile[] {
  return mountedConfigOf(service, image, mounts, reading).files;
}

export interface MountedConfig {
  files: MountedFile[];
  /** Container paths of mounted files no reader understands where the program likely reads its configuration (`unreadConfigAt`). */
  unread: string[];
}

/** The mounted files the readers read, and those of its configuration none reads (which may open listeners). */
export function mountedConfigOf(service: CMap, image: string | undefined, mounts: HostMount[], reading: MountReading): MountedConfig {
  if (mounts.length === 0) return { files: [], unread: [] };
  const ctx = withTraefikProvider(configContext(image, commandWords(service), environmentOf(service)), mounts, reading);
  const unread: string[] = [];
  const files = readableFiles(ctx, mounts, reading);
  const seen = new Set<string>();
  // File mounts, and the files the command names through a folder mount.
  const candidates = [...mounts.map((m) => m.target), ...ctx.named, ...ctx.mentioned];
  for (const target of candidates) {
    if (seen.has(target) || !unreadConfigAt(target, ctx)) continue;
    seen.add(target);
    const at = hostPathOf(target, mounts);
    if (!at || reading.host.inspect(at.file).kind !== 'file') continue;
    // YAML, JSON and TOML are read for their listen settings (quietly: nothing else in them is checked); other formats stay unread.
    if (isTreeConfig(target) && files.length < MAX_FILES_PER_SERVICE && reading.read(at.file, at.mount.loc, true) !== undefined) files.push({ kind: 'settings', file: at.file, target, entry: true, mountLoc: at.mount.loc });
    else unread.push(target);
  }
  return { files, unread };
}

function readableFiles(ctx: ConfigContext, mounts: HostMount[], reading: MountReading): MountedFile[] {
  // A deeper mount shadows what a shallower one puts at the same path, whatever their order.
  const ordered = [...mounts].sort((a, b) => a.target.split('/').length - b.target.split('/').length);
  const byTarget = new Map<string, { file: string; wanted: Wanted; mount: HostMount }>();
  for (const mount of ordered) {
    const entry = reading.host.inspect(mount.source);
    const wanted = wantedAt(mount.target, ctx);
    if (entry.kind === 'refused') {
      if (wanted?.entry) reading.problems.push({ severity: 'info', code: 'mounted-file', message: `${path.basename(mount.source)} ${entry.said}. Addresses in it are not checked.`, loc: mount.loc });
      continue;
    }
    if (entry.kind === 'file' && wanted) byTarget.set(mount.target, { file: mount.source, wanted, mount });
    else if (entry.kind === 'directory') for (const f of filesInFolder(mount, ctx, reading.host)) byTarget.set(f.target, { file: f.file, wanted: { kind: f.kind, entry: f.entry }, mount });
  }
  const out: MountedFile[] = [];
  // Entries first: files they may pull in must not crowd them out of the bound.
  const chosen = [...byTarget].sort(([, a], [, b]) => Number(b.wanted.entry) - Number(a.wanted.entry));
  for (const [target, { file, wanted, mount }] of chosen) {
    if (out.length >= MAX_FILES_PER_SERVICE) break;
    if (reading.host.inspect(file).kind !== 'file') continue;
    // Too large, no regular file after all, unreadable: the loader says so at the mount.
    if (reading.read(file, mount.loc) === undefined) continue;
    out.push({ kind: wanted.kind, file, target, entry: wanted.entry, mountLoc: mount.loc });
  }
  return out;
}
