// Files a service's program receives from the build context rather than from a mount: a proxy image
// built with `COPY nginx.conf /etc/nginx/nginx.conf` reads that file as surely as one mounted there.
// Each `COPY`/`ADD` of the Dockerfile (`dockerfile.ts`) becomes a host mount of the same shape as the
// Compose ones, so the mounted-file readers find them at their programs' paths. Where the Dockerfile is
// not in the project, the context's top files whose names say their program (`nginx.conf`, `Caddyfile`,
// `haproxy.cfg`, `prometheus.yml`) are taken to be where that program reads them.
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import type { BuildFacts } from './dockerfile';
import type { HostFiles } from './hostFiles';
import type { HostMount } from './mounts';
import type { Loc } from './source';

/** Bound on the files one wildcard source brings in. */
const MAX_MATCHES = 64;

/** The host files and folders the image copies from its build context, as mounts (`loc`: the service's `build`). */
export function imageCopyMounts(build: BuildFacts, host: HostFiles, loc: Loc): HostMount[] {
  const context = build.contextDir;
  if (!context) return [];
  const out: HostMount[] = [];
  for (const copy of build.copies) {
    const intoFolder = copy.target.endsWith('/') || copy.sources.length > 1;
    const folder = copy.target.replace(/\/$/, '') || '/';
    for (const written of copy.sources) {
      const relative = path.posix.normalize(written.replace(/^\/+/, ''));
      // The context is all the build sees: a source leading out of it copies nothing.
      if (relative.startsWith('../') || relative === '..') continue;
      if (/[*?[]/.test(relative)) {
        for (const name of matching(host, context, relative)) {
          out.push({ source: path.join(context, name), target: path.posix.join(folder, path.posix.basename(name)), loc, via: 'image' });
        }
        continue;
      }
      const source = relative === '.' ? context : path.join(context, relative);
      const entry = host.inspect(source);
      // A folder's contents land in the destination; a file keeps its name when the destination is a folder.
      if (entry.kind === 'directory') out.push({ source, target: folder, loc, via: 'image' });
      else if (entry.kind === 'file') out.push({ source, target: intoFolder ? path.posix.join(folder, path.posix.basename(relative)) : folder, loc, via: 'image' });
    }
  }
  return out;
}

/** Context files matching a wildcard in its last segment (`conf/*.conf`), as paths relative to the context. */
function matching(host: HostFiles, context: string, pattern: string): string[] {
  const dir = path.posix.dirname(pattern);
  if (/[*?[]/.test(dir)) return [];
  const base = path.posix.basename(pattern);
  return host
    .list(path.join(context, dir))
    .filter((name) => minimatch(name, base, { dot: false }))
    .slice(0, MAX_MATCHES)
    .map((name) => path.posix.join(dir, name));
}

/** Files named after the program that reads them, and where its official image reads them. */
const SELF_NAMED: ReadonlyArray<[name: string, target: string]> = [
  ['nginx.conf', '/etc/nginx/nginx.conf'],
  ['Caddyfile', '/etc/caddy/Caddyfile'],
  ['haproxy.cfg', '/usr/local/etc/haproxy/haproxy.cfg'],
  ['prometheus.yml', '/etc/prometheus/prometheus.yml'],
];

/**
 * When the Dockerfile is not in the project, the files at the top of a local build context whose names
 * say which program reads them: what such an image is built to copy. Only a folder of its own: a context
 * that is a Compose file's folder holds the configuration of every service, not this image's.
 */
export function selfNamedContextMounts(contextDir: string, composeFolders: ReadonlySet<string>, host: HostFiles, loc: Loc): HostMount[] {
  if (composeFolders.has(contextDir) || host.inspect(contextDir).kind !== 'directory') return [];
  const names = new Set(host.list(contextDir));
  return SELF_NAMED.filter(([name]) => names.has(name)).map(([name, target]) => ({ source: path.join(contextDir, name), target, loc, via: 'context' }));
}
