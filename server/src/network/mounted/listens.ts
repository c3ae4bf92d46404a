// Where a service listens, as the configuration files it mounts say: nginx `listen`, Caddy's site
// addresses, HAProxy `bind`, Traefik's static entry points, the OpenTelemetry Collector's receivers,
// Spring's `server.port`, .NET's `Urls` and Kestrel endpoints. Each port is evidence of source
// `mounted` (confident: the file lists the program's listeners). A listener whose port the file
// does not write plainly (a variable, a template, a format not read) leaves the listening set open:
// the service may listen on ports no one can list (`ServiceInfo.listensOpen`).
import type { MountedKind } from '../../compose/mountedKinds';
import { code } from '../../display/markdown';
import type { ServiceDef } from '../../compose/project';
import type { SourceSet } from '../../compose/source';
import type { ListenEvidence, ListenRange } from '../types';
import { coturnArguments, coturnListens } from './coturn';
import { commandWords } from '../../compose/mountedFiles';
import { alloyListens } from './alloy';
import { chproxyListenAddresses } from './chproxy';
import { envoyListens } from './envoy';
import { logstashApiPort, logstashListens } from './logstash';
import { vectorListenAddresses } from './vector';
import { caddyLines } from './caddy';
import { nginxDirectives } from './nginx';
import { propertiesValues, treeValues, type SettingValue } from './settingValues';
import { child, childNoCase, entries, list, text, treeRoot, yamlRoot, type YamlNodeOrNull } from './yamlValues';

export interface MountedListens {
  ports: ListenEvidence[];
  /** Ranges (a TURN server's relay ports). */
  ranges?: ListenRange[];
  /** Why the listening set cannot be complete (a listener this reads without its port), when it cannot. */
  open?: string;
  /** Every file read is of a kind that lists all of its program's listeners (`listsEveryListener`), and none is open. */
  complete?: true;
  /** Every file read is of a kind that also tells each listener's protocol (`listsProtocols`). */
  protocolsListed?: true;
}

/**
 * Kinds whose files list every listener of their program: a proxy listens only where its server blocks,
 * sites or `bind` lines say. Other readers find some listeners among settings the program has defaults
 * for (a tracing backend's receivers, an application's management port), so what they miss may still listen.
 */
export function listsEveryListener(kind: MountedKind): boolean {
  return kind === 'nginx' || kind === 'caddyfile' || kind === 'haproxy' || kind === 'envoy' || kind === 'logstash' || kind === 'chproxy' || kind === 'turnserver';
}

/** Kinds whose listeners carry their protocol, UDP ones included; the others' are taken as TCP (a proxy's HTTP/3 is not told). */
export function listsProtocols(kind: MountedKind): boolean {
  return kind === 'logstash' || kind === 'turnserver';
}

interface Found {
  port: number;
  via: string;
  protocol?: 'udp' | 'both';
}

interface Read {
  ports: Found[];
  ranges?: Array<{ from: number; to: number; protocol?: 'udp' | 'both'; via: string }>;
  open?: string;
}

type FileText = { file: string; target: string; text: string; entry: boolean };

function portOf(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** The port of a listen address: `80`, `:8080`, `0.0.0.0:443`, `[::]:80`, `*:8000`, `http://+:5000`. */
function addressPort(value: string): number | undefined | 'unread' {
  const v = value.trim().replace(/^[A-Za-z][\w+.-]*:\/\//, '').replace(/\/.*$/, '');
  const bare = portOf(v);
  if (bare !== undefined) return bare;
  const m = /^(\[[^\]]*\]|[^:]*):(\d{1,5})$/.exec(v);
  if (m) return portOf(m[2]) ?? 'unread';
  return /[$%{}<>`]/.test(v) ? 'unread' : undefined;
}

// ---------------------------------------------------------------------------------------------
// nginx: `listen` of each `server` block (in `http` or `stream`); a server block without one listens on 80.

function nginxListens(files: readonly FileText[]): Read {
  const out: Read = { ports: [] };
  for (const f of files) {
    const directives = nginxDirectives(f.text);
    for (const d of directives) {
      if (d.name !== 'listen' || !d.args[0]) continue;
      const arg = d.args[0].text;
      if (arg.startsWith('unix:')) continue;
      const port = addressPort(arg);
      if (port === 'unread' || (port === undefined && /[$]/.test(arg))) out.open ??= `${code(`listen ${arg}`)} in ${code(base(f.file))}`;
      else if (port !== undefined) out.ports.push({ port, via: `listen ${arg}` });
      // `listen localhost;` (a host alone) listens on 80.
      else out.ports.push({ port: 80, via: `listen ${arg}` });
    }
    for (const d of directives) {
      // In `http`, or at the top of a `conf.d` file (which nginx.conf includes inside `http`); `upstream`'s servers are no blocks.
      const parent = d.blocks[d.blocks.length - 1];
      if (d.name !== 'server' || d.args.length > 0 || (parent ? parent.name !== 'http' : /(^|\/)nginx\.conf$/.test(f.target) || /\/stream/.test(f.target))) continue;
      if (!directives.some((l) => l.name === 'listen' && l.blocks.includes(d))) out.ports.push({ port: 80, via: 'server (no listen)' });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Caddyfile: the addresses that open each site block, and the global `http_port` / `https_port`.

function caddyListens(files: readonly FileText[]): Read {
  const out: Read = { ports: [] };
  for (const f of files) {
    let depth = 0;
    let httpPort = 80;
    let httpsPort = 443;
    const sites: Array<{ text: string }> = [];
    let globalOpen = false;
    const all = caddyLines(f.text);
    for (let i = 0; i < all.length; i++) {
      const words = all[i];
      const opens = words[words.length - 1].text === '{';
      if (depth === 0) {
        const head = words.filter((w) => w.text !== '{' && w.text !== '}');
        if (opens && head.length === 0) globalOpen = true;
        else if (head.length > 0 && !head[0].text.startsWith('(') && (opens || (i === 0 && !all.some((l) => l[l.length - 1].text === '{')))) {
          for (const w of head) for (const part of w.text.split(',')) if (part) sites.push({ text: part });
        }
      } else if (depth === 1 && globalOpen) {
        const port = words[1] ? portOf(words[1].text) : undefined;
        if (words[0].text === 'http_port' && port) httpPort = port;
        if (words[0].text === 'https_port' && port) httpsPort = port;
      }
      for (const w of words) {
        if (w.text === '{') depth++;
        else if (w.text === '}') {
          depth--;
          if (depth === 0) globalOpen = false;
        }
      }
    }
    for (const site of sites) {
      const m = /^(?:(https?):\/\/)?(\[[^\]]*\]|[^:/]*)(?::([^/]*))?/.exec(site.text);
      if (!m || /[{}$]/.test(site.text.split('/')[0])) {
        out.open ??= `site ${code(site.text)} in ${code(base(f.file))}`;
        continue;
      }
      const port = m[3] !== undefined ? portOf(m[3]) : undefined;
      if (m[3] !== undefined && port === undefined) out.open ??= `site ${code(site.text)} in ${code(base(f.file))}`;
      else if (port !== undefined) out.ports.push({ port, via: `site ${site.text}` });
      else if (m[1] === 'http') out.ports.push({ port: httpPort, via: `site ${site.text}` });
      else {
        // A name or an address without port: HTTPS, and HTTP redirecting to it.
        out.ports.push({ port: httpsPort, via: `site ${site.text}` });
        if (m[1] !== 'https') out.ports.push({ port: httpPort, via: `site ${site.text}` });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// HAProxy: `bind` lines of `frontend` and `listen` sections (and `peers`' own), ranges included.

function haproxyListens(files: readonly FileText[]): Read {
  const out: Read = { ports: [] };
  for (const f of files) {
    for (const raw of f.text.split('\n')) {
      const words = raw.replace(/#.*$/, '').trim().split(/\s+/);
      if (words[0] !== 'bind' || !words[1]) continue;
      for (const item of words[1].split(',')) {
        if (/^(?:unix|abns|fd|sockpair)@/.test(item) || item.startsWith('/')) continue;
        const address = item.replace(/^(?:ipv4|ipv6|tcp|tcp4|tcp6|udp|udp4|udp6|quic4|quic6)@/, '');
        const m = /:(\d{1,5})(?:-(\d{1,5}))?$/.exec(address);
        if (!m) {
          out.open ??= `${code(`bind ${item}`)} in ${code(base(f.file))}`;
          continue;
        }
        const from = Number(m[1]);
        const to = m[2] ? Number(m[2]) : from;
        for (let port = from; port <= to && port - from < 1000; port++) if (portOf(String(port))) out.ports.push({ port, via: `bind ${item}` });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Traefik's static configuration: `entryPoints.<name>.address` (YAML or TOML).

function traefikStaticListens(files: readonly FileText[]): Read {
  const out: Read = { ports: [] };
  for (const f of files) {
    if (!/\.(?:ya?ml|toml)$/i.test(f.target)) {
      out.open ??= `${code(base(f.file))} is not read`;
      continue;
    }
    for (const [name, entry] of entries(childNoCase(treeRoot(f.text, f.file), 'entryPoints'))) {
      const address = text(childNoCase(entry, 'address'));
      if (address === undefined) continue;
      const port = addressPort(address.replace(/\/(?:tcp|udp)$/i, ''));
      if (typeof port === 'number') out.ports.push({ port, via: `entryPoints.${name}.address` });
      else out.open ??= `${code(`entryPoints.${name}.address`)} in ${code(base(f.file))}`;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// OpenTelemetry Collector: receivers the pipelines use, the extensions the service runs, the
// `prometheus` exporter's endpoint and the collector's own metrics (8888).

/** Default ports of receivers' protocols, and of receivers and extensions that listen on one endpoint. */
const PROTOCOL_PORTS: Record<string, Record<string, number>> = {
  otlp: { grpc: 4317, http: 4318 },
  jaeger: { grpc: 14250, thrift_http: 14268, thrift_compact: 6831, thrift_binary: 6832 },
  skywalking: { grpc: 11800, http: 12800 },
  opencensus: {},
  loki: { grpc: 3600, http: 3500 },
};
const ENDPOINT_PORTS: Record<string, number> = { zipkin: 9411, fluentforward: 8006, statsd: 8125, carbon: 2003, influxdb: 8086, splunk_hec: 8088, signalfx: 9943, opencensus: 55678, health_check: 13133, pprof: 1777, zpages: 55679, prometheus: 0 };

function otelListens(files: readonly FileText[]): Read {
  const out: Read = { ports: [] };
  for (const f of files) {
    const root = yamlRoot(f.text);
    const service = child(root, 'service');
    const used = new Set<string>();
    for (const [, pipeline] of entries(child(service, 'pipelines'))) for (const id of list(child(pipeline, 'receivers'))) if (text(id)) used.add(text(id) as string);
    const listenAt = (node: YamlNodeOrNull, fallback: number | undefined, via: string) => {
      const endpoint = text(child(node, 'endpoint'));
      const port = endpoint !== undefined ? addressPort(endpoint) : fallback;
      if (typeof port === 'number' && port > 0) out.ports.push({ port, via });
      else out.open ??= `${code(via)} in ${code(base(f.file))}`;
    };
    for (const [id, receiver] of entries(child(root, 'receivers'))) {
      if (child(service, 'pipelines') && !used.has(id)) continue;
      const type = id.split('/')[0];
      const protocols = child(receiver, 'protocols');
      if (protocols) {
        for (const [protocol, settings] of entries(protocols)) listenAt(settings, PROTOCOL_PORTS[type]?.[protocol], `receivers.${id}.protocols.${protocol}`);
      } else if (ENDPOINT_PORTS[type] !== undefined && type !== 'prometheus') listenAt(receiver, ENDPOINT_PORTS[type], `receivers.${id}`);
    }
    const extensions = new Set(list(child(service, 'extensions')).map((n) => text(n)));
    for (const [id, extension] of entries(child(root, 'extensions'))) {
      const type = id.split('/')[0];
      if (extensions.has(id) && ENDPOINT_PORTS[type] !== undefined) listenAt(extension, ENDPOINT_PORTS[type], `extensions.${id}`);
    }
    for (const [id, exporter] of entries(child(root, 'exporters'))) if (id.split('/')[0] === 'prometheus') listenAt(exporter, undefined, `exporters.${id}`);
    const metrics = child(child(service, 'telemetry'), 'metrics');
    if (text(child(metrics, 'level')) !== 'none') {
      const address = text(child(metrics, 'address'));
      if (child(metrics, 'readers')) out.open ??= `${code('service.telemetry.metrics.readers')} in ${code(base(f.file))}`;
      else {
        const port = address !== undefined ? addressPort(address) : 8888;
        if (typeof port === 'number') out.ports.push({ port, via: 'service.telemetry.metrics' });
        else out.open ??= `${code('service.telemetry.metrics.address')} in ${code(base(f.file))}`;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Application settings: Spring's `server.port` (and `management.server.port`), .NET's `Urls` and
// `Kestrel:Endpoints:*:Url`.

function settingListens(files: readonly FileText[], values: (f: FileText) => SettingValue[], own: (key: string) => 'port' | 'urls' | undefined): Read {
  const out: Read = { ports: [] };
  for (const f of files) {
    for (const v of values(f)) {
      const what = own(v.key);
      if (!what) continue;
      const ports = what === 'port' ? [portOf(v.value.trim())] : v.value.split(/[;,\s]+/).filter(Boolean).map((u) => addressPort(u));
      for (const port of ports) {
        if (typeof port === 'number') out.ports.push({ port, via: v.key });
        else out.open ??= `${code(v.key)} in ${code(base(f.file))}`;
      }
    }
  }
  return out;
}

const springListens = (files: readonly FileText[]) =>
  settingListens(
    files,
    (f) => (f.file.endsWith('.properties') ? propertiesValues(f.text) : treeValues(f.text, '.')),
    (key) => (/^(?:management\.)?server\.port$/i.test(key) ? 'port' : undefined),
  );
const dotnetListens = (files: readonly FileText[]) => settingListens(files, (f) => treeValues(f.text, ':'), (key) => (/^urls$|^kestrel:endpoints:[^:]+:url$/i.test(key) ? 'urls' : undefined));

// ---------------------------------------------------------------------------------------------
// Grafana's `grafana.ini`: `http_port` of its `[server]` section (3000 when unset).

function grafanaIniListens(files: readonly FileText[]): Read {
  const out: Read = { ports: [] };
  for (const f of files) {
    let section = '';
    for (const raw of f.text.split('\n')) {
      const line = raw.trim();
      const head = /^\[([^\]]+)\]/.exec(line);
      if (head) section = head[1].trim();
      const m = /^http_port\s*=\s*(\S+)/.exec(line);
      if (!m || section !== 'server') continue;
      const port = portOf(m[1]);
      if (port !== undefined) out.ports.push({ port, via: '[server] http_port' });
      else out.open ??= `${code('http_port')} in ${code(base(f.file))}`;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Configuration of a program no reader knows, in YAML, JSON or TOML: its listen settings by their keys —
// `listen`/`bind` in the key path (`listen.http.addr: :80`, `server.http_listen_port: 3100`), or an
// `addr`/`address` on every interface (`:4317`, `0.0.0.0:4317`). A file with none leaves the set open.

const ELSEWHERE = /^(?:advertised?|announced?|public|external|exposed|published|remote|upstream|peer|peers|target|targets|client|clients)$/;

function settingsListens(files: readonly FileText[]): Read {
  const out: Read = { ports: [] };
  for (const f of files) {
    let found = false;
    for (const v of treeValues(f.text, '.', f.file)) {
      const words = v.key.toLowerCase().split(/[._-]+/).filter(Boolean);
      if (words.some((w) => ELSEWHERE.test(w))) continue;
      const last = words[words.length - 1];
      const listenish = words.some((w) => w === 'listen' || w === 'bind' || w === 'listener' || w === 'listeners');
      const value = v.value.trim();
      let port: number | undefined | 'unread';
      if (listenish && (last === 'port' || last === 'listen' || last === 'bind')) port = portOf(value) ?? addressPort(value);
      else if (listenish || last === 'addr' || last === 'address') {
        const m = /^(?:[a-z]+:\/\/)?(\[[^\]]*\]|[^:/]*):(\d{1,5})$/i.exec(value);
        // An address of its own: on every interface, or (under `listen`/`bind`) any host.
        port = m && (listenish || m[1] === '' || m[1] === '0.0.0.0' || m[1] === '[::]' || m[1] === '*') ? portOf(m[2]) : undefined;
      }
      if (typeof port === 'number') {
        found = true;
        out.ports.push({ port, via: `${v.key} in ${base(f.file)}` });
      }
    }
    if (!found) out.open ??= `${code(base(f.file))} names no listener this reads`;
  }
  return out;
}

// Vector: its sources' listen addresses (a loopback one answers no other container).

function vectorListens(files: readonly FileText[]): Read {
  const out: Read = { ports: [] };
  for (const f of files) {
    for (const { value, setting } of vectorListenAddresses(f.text, f.file)) {
      if (/^(?:127\.|localhost:|\[::1\]:)/.test(value.trim())) continue;
      const port = addressPort(value);
      if (typeof port === 'number') out.ports.push({ port, via: `${setting} in ${base(f.file)}` });
      else if (port === 'unread') out.open ??= `${code(setting)} in ${code(base(f.file))}`;
    }
  }
  return out;
}

const LISTEN_READERS: Partial<Record<MountedKind, (files: readonly FileText[], def: ServiceDef) => Read>> = {
  vector: vectorListens,
  nginx: nginxListens,
  caddyfile: caddyListens,
  haproxy: haproxyListens,
  'traefik-static': traefikStaticListens,
  'otel-collector': otelListens,
  spring: springListens,
  dotnet: dotnetListens,
  'grafana-ini': grafanaIniListens,
  settings: settingsListens,
  chproxy: (files) => {
    const out: Read = { ports: [] };
    for (const f of files.filter((x) => x.entry)) {
      for (const { value, setting } of chproxyListenAddresses(f.text)) {
        const port = addressPort(value);
        if (typeof port === 'number') out.ports.push({ port, via: `${setting} in ${base(f.file)}` });
        else out.open ??= `${code(setting)} in ${code(base(f.file))}`;
      }
    }
    return out;
  },
  logstash: (files) => {
    const out: Read = { ports: [] };
    for (const f of files.filter((x) => x.entry && !/\.ya?ml$/i.test(x.target))) {
      const found = logstashListens(f.text);
      for (const p of found.ports) out.ports.push({ port: p.port, via: `${p.via} in ${base(f.file)}`, ...(p.protocol !== 'tcp' ? { protocol: p.protocol } : {}) });
      if (found.open) out.open ??= `${found.open} in ${code(base(f.file))}`;
    }
    const settings = files.find((x) => /\.ya?ml$/i.test(x.target));
    const api = logstashApiPort(settings?.text);
    if (api !== undefined) out.ports.push({ port: api, via: settings ? `the monitoring API (${base(settings.file)})` : 'the monitoring API (default)' });
    return out;
  },
  envoy: (files) => {
    const out: Read = { ports: [] };
    for (const f of files.filter((x) => x.entry)) {
      const found = envoyListens(f.text, f.file);
      for (const p of found.ports) out.ports.push({ port: p.port, via: `${p.via} in ${base(f.file)}` });
      if (found.open) out.open ??= `${found.open} in ${code(base(f.file))}`;
    }
    return out;
  },
  turnserver: (files, def) => {
    const out: Read = { ports: [], ranges: [] };
    // Options on the command line win over the file's (`-n`: no file at all).
    const args = coturnArguments(commandWords(def.node));
    for (const f of files.filter((x) => x.entry)) {
      const found = coturnListens(f.text, args);
      for (const p of found.ports) out.ports.push({ port: p.port, via: `${p.via} in ${base(f.file)}`, ...(p.protocol !== 'tcp' ? { protocol: p.protocol } : {}) });
      // Relay allocations are UDP, and TCP too where clients ask for TCP relays (RFC 6062).
      if (found.relay) out.ranges!.push({ from: found.relay.from, to: found.relay.to, protocol: 'both', via: `${found.relay.via} in ${base(f.file)}` });
      if (found.open) out.open ??= `${found.open} in ${code(base(f.file))}`;
    }
    return out;
  },
  alloy: (files) => {
    const out: Read = { ports: [] };
    for (const f of files) {
      const found = alloyListens(f.text);
      for (const p of found.ports) out.ports.push(p);
      if (found.open) out.open ??= `${found.open} in ${code(base(f.file))}`;
    }
    return out;
  },
};

function base(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** The ports the service's mounted configuration opens, and whether some listener of it could not be read. */
export function mountedListens(def: ServiceDef, sources: SourceSet): MountedListens {
  const out: MountedListens = { ports: [] };
  if (def.mountedFiles.length === 0) return out;
  const byKind = new Map<MountedKind, FileText[]>();
  for (const m of def.mountedFiles) {
    const body = sources.get(m.file)?.text;
    if (body === undefined) continue;
    const files = byKind.get(m.kind) ?? [];
    if (!files.some((f) => f.file === m.file)) files.push({ file: m.file, target: m.target, text: body, entry: m.entry });
    byKind.set(m.kind, files);
  }
  let complete = byKind.size > 0;
  for (const [kind, files] of byKind) {
    if (!listsEveryListener(kind)) complete = false;
    const read = LISTEN_READERS[kind];
    if (!read) continue;
    let found: Read;
    try {
      found = read(files, def);
    } catch {
      out.open ??= `${code(base(files[0].file))} is not read`;
      continue;
    }
    for (const p of found.ports) {
      const had = out.ports.find((q) => q.port === p.port);
      // One port listened on over TCP by one input and UDP by another listens on both.
      if (had) {
        if ((had.protocol ?? 'tcp') !== (p.protocol ?? 'tcp')) had.protocol = 'both';
      } else out.ports.push({ port: p.port, source: 'mounted', via: p.via, ...(p.protocol ? { protocol: p.protocol } : {}) });
    }
    for (const r of found.ranges ?? []) (out.ranges ??= []).push({ ...r, source: 'mounted' });
    if (found.open) out.open ??= found.open;
  }
  if (complete && out.open === undefined && out.ports.length > 0) {
    out.complete = true;
    if ([...byKind.keys()].every(listsProtocols)) out.protocolsListed = true;
  }
  return out;
}
