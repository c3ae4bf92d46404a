// The addresses a service writes in the configuration files it mounts (`compose/mountedFiles.ts`),
// as references like those of its Compose settings: `origin: 'mounted'`, the mounting service as
// `from`, located in the mounted file. One reader per kind of file, each in its own module.
import type { MountedKind } from '../../compose/mountedKinds';
import type { ServiceDef } from '../../compose/project';
import type { SourceSet } from '../../compose/source';
import type { Reference } from '../types';
import { schemePort } from '../wellKnown';
import type { MountedAddress } from './address';
import { alloyAddresses } from './alloy';
import { caddyfileAddresses } from './caddy';
import { dotnetAddresses } from './dotnet';
import { chproxyAddresses } from './chproxy';
import { coturnAddresses, coturnArguments } from './coturn';
import { commandWords } from '../../compose/mountedFiles';
import { envoyAddresses } from './envoy';
import { logstashAddresses } from './logstash';
import { grafanaDatasourceAddresses } from './grafana';
import { haproxyAddresses } from './haproxy';
import { nginxAddresses } from './nginx';
import { otelCollectorAddresses } from './otelCollector';
import { prometheusAddresses } from './prometheus';
import { springAddresses } from './spring';
import { traefikAddresses } from './traefik';
import { vectorAddresses } from './vector';

/** A mounted file as readers see it: its host path, where the container reads it, and its text. */
export interface MountedText {
  file: string;
  target: string;
  text: string;
  /** The program reads it itself; otherwise only when an entry file pulls it in. */
  entry: boolean;
}
type Reader = (files: readonly MountedText[], def: ServiceDef) => Array<{ file: string; found: MountedAddress }>;

/** A reader of one entry file at a time. */
function each(read: (text: string, file: string) => MountedAddress[]): Reader {
  return (files) => files.filter((f) => f.entry).flatMap((f) => read(f.text, f.file).map((found) => ({ file: f.file, found })));
}

const READERS: Partial<Record<MountedKind, Reader>> = {
  // nginx files of one service are read together: an `upstream` of one file is used by another.
  nginx: nginxAddresses,
  // Caddyfiles are read from the entry through its `import`s.
  caddyfile: caddyfileAddresses,
  prometheus: each(prometheusAddresses),
  'grafana-datasources': each(grafanaDatasourceAddresses),
  'traefik-dynamic': each(traefikAddresses),
  haproxy: each(haproxyAddresses),
  spring: (files) => files.filter((f) => f.entry).flatMap((f) => springAddresses(f.file, f.text).map((found) => ({ file: f.file, found }))),
  dotnet: each(dotnetAddresses),
  'otel-collector': each(otelCollectorAddresses),
  alloy: each(alloyAddresses),
  vector: each(vectorAddresses),
  logstash: (files) => files.filter((f) => f.entry && !/\.ya?ml$/i.test(f.target)).flatMap((f) => logstashAddresses(f.text).map((found) => ({ file: f.file, found }))),
  chproxy: each(chproxyAddresses),
  // `-n` on the command line: turnserver reads no configuration file.
  turnserver: (files, def) => (coturnArguments(commandWords(def.node)).noConfigFile ? [] : each(coturnAddresses)(files, def)),
  envoy: (files) => files.filter((f) => f.entry).flatMap((f) => envoyAddresses(f.text, f.file).map((found) => ({ file: f.file, found }))),
};

function toReference(from: string, file: string, a: MountedAddress): Reference {
  const defaultPort = a.port === undefined ? schemePort(a.scheme) : undefined;
  return {
    from,
    host: a.host,
    port: a.port ?? defaultPort,
    portSource: a.port !== undefined ? 'written' : defaultPort !== undefined ? 'scheme' : 'none',
    hostLoc: { file, start: a.hostStart, end: a.hostEnd },
    portLoc: a.portStart !== undefined && a.portEnd !== undefined ? { file, start: a.portStart, end: a.portEnd } : undefined,
    exact: true,
    valueLoc: { file, start: a.start, end: a.end },
    origin: 'mounted',
    scheme: a.scheme,
    form: a.form,
    role: a.role.role,
    certainty: a.role.certainty,
    roleWhy: a.role.why,
    setting: a.setting,
  };
}

export function mountedReferences(def: ServiceDef, sources: SourceSet): Reference[] {
  if (def.mountedFiles.length === 0) return [];
  const byKind = new Map<MountedKind, MountedText[]>();
  for (const m of def.mountedFiles) {
    const text = sources.get(m.file)?.text;
    if (text === undefined) continue;
    const list = byKind.get(m.kind) ?? [];
    list.push({ file: m.file, target: m.target, text, entry: m.entry });
    byKind.set(m.kind, list);
  }
  const refs: Reference[] = [];
  for (const [kind, files] of byKind) {
    const read = READERS[kind];
    if (!read) continue;
    let found: ReturnType<Reader>;
    try {
      found = read(files, def);
    } catch {
      // A reader meeting what it cannot read gives nothing rather than failing the analysis.
      continue;
    }
    // The same file at two paths (a folder and a file mount) gives its addresses once.
    const seen = new Set<string>();
    for (const f of found) {
      const key = `${f.file}#${f.found.hostStart}`;
      if (seen.has(key)) continue;
      seen.add(key);
      refs.push(toReference(def.name, f.file, f.found));
    }
  }
  return refs.sort((a, b) => (a.hostLoc.file === b.hostLoc.file ? a.hostLoc.start - b.hostLoc.start : a.hostLoc.file < b.hostLoc.file ? -1 : 1));
}
