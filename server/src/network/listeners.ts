// The ports a service's own settings say it listens on, each with what says so: listener and
// bind settings in its environment, its own `*_PORT` settings, server flags in its command, the
// address its healthcheck probes, and the same in the Dockerfile it builds. `ports`, `expose` and
// image defaults are the model's (`model.ts`); this reads everything else. Pure: the Dockerfile
// was read by the loader (`compose/dockerfile.ts`).
import { get, isSeq, items, str, type CNode } from '../compose/nodes';
import type { BuildFacts } from '../compose/dockerfile';
import type { ServiceDef } from '../compose/project';
import type { Loc } from '../compose/source';
import { findAddresses, isBindVariable, isLoopbackHost, isWildcardHost } from './addresses';
import { commandSteps, environmentOf } from './references';
import type { ListenEvidence, ListenSource } from './types';
import { imageFamily, PREFIX_FAMILIES, schemePort } from './wellKnown';
import { code } from '../display/markdown';

/**
 * Whether a port from this source makes the service's ports known, so that a port missing from
 * them means nothing listens there (`listensOn` answers "no" rather than "unknown"). Confident:
 * what the author wrote about the service's listeners (`expose`, the program's own port settings
 * and flags, the Dockerfile's EXPOSE, CMD and ENV) and the defaults of an exact server image
 * (`postgres`, `redis`: `wellKnown.ts`). Not confident, though each still proves its port:
 * - a default guessed from an image's name (`image-family`): a vendor's build, a fork or a
 *   configured server listens elsewhere (Sourcegraph's Grafana serves on 3370, not 3000);
 * - a healthcheck: it probes one port and says nothing of the others (Sourcegraph's frontend
 *   answers its healthcheck on 3080 and serves 3090 and 6060 too);
 * - a published port (`ports`): the listeners the host needs, not every one — a broker's internal
 *   listener stays inside (Zipkin's Kafka publishes 19092 and serves containers on 9092), a web
 *   application behind the project's proxy publishes only its side ports (Mattermost's calls).
 */
export function isConfidentSource(source: ListenSource): boolean {
  return source !== 'image-family' && source !== 'healthcheck' && source !== 'ports';
}

/** Filled when a setting opens a listener without saying its port: the listening set is then not known whole. */
export interface UnportedListener {
  why?: string;
}

/** Ports the service's environment, command, entrypoint, healthcheck and Dockerfile say it listens on. */
export function declaredListenPorts(def: ServiceDef, fileTrees?: ReadonlyMap<string, CNode>, unportedOut?: UnportedListener): ListenEvidence[] {
  const own = new LazyOwnNames(def);
  const unported = (key: string, value: string) => {
    if (unportedOut && unportedOut.why === undefined) unportedOut.why = `${code(`${key}=${value}`)} opens a listener on a port no setting names`;
  };
  const out: ListenEvidence[] = [];
  // One by one, never spread into a call: a hostile file's list can be longer than call arguments may be.
  const add = (found: readonly ListenEvidence[]) => {
    for (const f of found) out.push(f);
  };
  const spans = fileTrees ? ownEntrySpans(def, fileTrees) : undefined;
  const vars = environmentOf(def);
  const environment = new Map(vars.map((v) => [v.key, v.value.text]));
  // A block merged into several services (`<<: *proxy-env`) holds settings meant for one of them.
  const shared = new Set(vars.filter((v) => v.origin === 'environment' && spans && !spans.some((span) => within(v.value.loc, span))).map((v) => v.key));
  add(environmentListenPorts(environment, own, 'environment', shared, undefined, unported));
  const command = commandText(get(def.node, 'command'));
  const entrypoint = commandText(get(def.node, 'entrypoint'));
  if (command !== undefined) add(commandListenPorts(command, own, 'command'));
  if (entrypoint !== undefined) add(commandListenPorts(entrypoint, own, 'command'));
  const healthcheck = get(def.node, 'healthcheck');
  const test = commandText(get(healthcheck, 'test'));
  if (test !== undefined && str(healthcheck, 'disable') !== 'true') add(healthcheckListenPorts(test, own, 'healthcheck'));
  if (def.build) add(dockerfileListenPorts(def.build, own, { environment, command: command !== undefined, entrypoint: entrypoint !== undefined, healthcheck: test !== undefined }, unported));
  return firstPerPort(out);
}

/** What the service's Compose entry sets, in place of the Dockerfile's. */
interface Overrides {
  environment: Map<string, string>;
  command: boolean;
  entrypoint: boolean;
  healthcheck: boolean;
}

function dockerfileListenPorts(build: BuildFacts, own: OwnNames, overrides: Overrides, unported: (key: string, value: string) => void): ListenEvidence[] {
  const out: ListenEvidence[] = [];
  for (const e of build.exposed) for (let port = e.port; port <= e.portEnd && port - e.port < 1000; port++) out.push({ port, source: 'dockerfile', via: 'EXPOSE' });
  const env = portSettingsOf(build);
  const environment = new Map(env.candidates.filter(([key]) => !overrides.environment.has(key)));
  for (const e of environmentListenPorts(environment, own, 'dockerfile', undefined, env.upperKeys, unported)) out.push({ ...e, via: `ENV ${e.via}` });
  // `entrypoint:` in Compose drops the image's CMD too; `command:` replaces the CMD only.
  const entrypoint = overrides.entrypoint ? undefined : build.entrypoint;
  const cmd = overrides.command || overrides.entrypoint ? undefined : build.cmd;
  for (const [text, instruction] of [[entrypoint, 'ENTRYPOINT'], [cmd, 'CMD']] as const) {
    if (text !== undefined) for (const e of commandListenPorts(text, own, 'dockerfile')) out.push({ ...e, via: `${instruction} ${e.via}` });
  }
  if (!overrides.healthcheck && build.healthcheck !== undefined) for (const e of healthcheckListenPorts(build.healthcheck, own, 'healthcheck')) out.push({ ...e, via: 'HEALTHCHECK' });
  return out;
}

/** The ENV settings of a Dockerfile that may hold a port of its own, and every key it sets (upper-cased). */
interface DockerfilePortSettings {
  candidates: Array<[string, string]>;
  upperKeys: Set<string>;
}

/**
 * Read once per Dockerfile's facts, which services built from one Dockerfile share: only settings whose
 * name speaks of a port, listener, bind or address and whose value has a digit can give a port, and
 * a large Dockerfile's ENV is otherwise read again for every such service.
 */
const portSettingsByBuild = new WeakMap<BuildFacts, DockerfilePortSettings>();
/** How many Dockerfile ENV settings were read for ports: the growth tests read it. */
export const listenerCounters = { dockerfileSettingsRead: 0 };
function portSettingsOf(build: BuildFacts): DockerfilePortSettings {
  let found = portSettingsByBuild.get(build);
  if (!found) {
    const upperKeys = new Set<string>();
    const candidates: Array<[string, string]> = [];
    for (const [key, value] of build.environment) {
      listenerCounters.dockerfileSettingsRead++;
      const upper = key.toUpperCase();
      upperKeys.add(upper);
      if (/PORT|LISTEN|BIND|ADDR|URLS/.test(upper) && /\d/.test(value)) candidates.push([key, value]);
    }
    portSettingsByBuild.set(build, (found = { candidates, upperKeys }));
  }
  return found;
}

/** The first evidence of each port: the most direct, as the sources come in that order. */
function firstPerPort(evidence: ListenEvidence[]): ListenEvidence[] {
  const seen = new Set<number>();
  return evidence.filter((e) => !seen.has(e.port) && seen.add(e.port));
}

/** Where the Compose files write the service's own entry: values outside came from an anchor or `extends`. */
function ownEntrySpans(def: ServiceDef, fileTrees: ReadonlyMap<string, CNode>): Loc[] {
  const spans: Loc[] = [];
  for (const keyLoc of def.keyLocs) {
    const entry = get(get(fileTrees.get(keyLoc.file), 'services'), def.name);
    if (entry) spans.push({ file: keyLoc.file, start: keyLoc.start, end: entry.loc.end });
  }
  return spans;
}

function within(loc: Loc, span: Loc): boolean {
  return loc.file === span.file && loc.start >= span.start && loc.end <= span.end;
}

function commandText(node: CNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (isSeq(node)) return items(node).map((n) => str(n) ?? '').join(' ');
  return str(node);
}

// ---------------------------------------------------------------------------------------------
// Whose name a setting speaks of

/** The names the service answers to, as word lists: `kafka-1` → [kafka], `cp-zookeeper` → [cp, zookeeper] and [zookeeper]. */
interface OwnNames {
  /** Host names that are the service itself (lower-cased). */
  hosts: Set<string>;
  /** Word sequences (upper-cased) a setting of its own may start with. */
  prefixes: string[][];
  family?: string;
}

function ownNames(def: ServiceDef): OwnNames {
  const image = str(def.node, 'image') ?? def.build?.baseImage;
  const family = imageFamily(image);
  const names = [def.name, str(def.node, 'container_name'), str(def.node, 'hostname')].filter((n): n is string => !!n);
  const hosts = new Set(names.map((n) => n.toLowerCase()));
  const prefixes: string[][] = [];
  for (const name of [...names, family]) {
    if (!name) continue;
    // Numbering tells replicas apart (`kafka1`, `zookeeper-2`): the name without it is the program's.
    const words = name
      .toUpperCase()
      .split(/[^A-Z0-9]+/)
      .map((w) => w.replace(/(?<=[A-Z])\d+$/, ''))
      .filter((w) => w !== '' && !/^\d+$/.test(w));
    // A vendor's or project's prefix comes first (`cp-kafka`, `sourcegraph-frontend`): every tail names it too.
    for (let i = 0; i < words.length; i++) prefixes.push(words.slice(i));
  }
  return { hosts, prefixes, family };
}

/** `ownNames`, made when first read: most settings are judged without the service's own names. */
class LazyOwnNames implements OwnNames {
  private made: OwnNames | undefined;

  constructor(private readonly def: ServiceDef) {}

  private get names(): OwnNames {
    return (this.made ??= ownNames(this.def));
  }

  get hosts(): Set<string> {
    return this.names.hosts;
  }

  get prefixes(): string[][] {
    return this.names.prefixes;
  }

  get family(): string | undefined {
    return this.names.family;
  }
}

function startsWith(words: string[], prefix: string[]): boolean {
  return prefix.length > 0 && prefix.length <= words.length && prefix.every((w, i) => words[i] === w);
}

/** The number of leading words of a setting's name that name the service itself (0 when none do). */
function ownPrefixLength(words: string[], own: OwnNames): number {
  let best = 0;
  for (const prefix of own.prefixes) if (startsWith(words, prefix) && prefix.length > best) best = prefix.length;
  // `PG` for postgres, `ES` for elasticsearch: the prefixes programs read for themselves.
  for (const [prefix, families] of Object.entries(PREFIX_FAMILIES)) {
    if (own.family && families.includes(own.family) && words[0] === prefix && best === 0) best = 1;
  }
  return best;
}

/** A word that names a kind of peer (`DB`, `REDIS`, `SMTP`): a port under it is where that peer listens. */
function namesPeer(word: string, own: OwnNames): boolean {
  const families = PREFIX_FAMILIES[word];
  if (families) return !(own.family && families.includes(own.family));
  return PEER_WORDS.has(word);
}

const PEER_WORDS = new Set(['DB', 'DATABASE', 'CACHE', 'QUEUE', 'BROKER', 'SMTP', 'MAIL', 'IMAP', 'POP3', 'LDAP', 'S3', 'STORAGE', 'PROXY', 'UPSTREAM', 'BACKEND', 'REMOTE', 'TARGET', 'DEST', 'DESTINATION', 'PEER', 'CLUSTER', 'COLLECTOR', 'AGENT', 'OTLP', 'JAEGER', 'ZIPKIN', 'STATSD', 'SYSLOG']);

/** Words that make a port someone else's view of the service: the one it announces or publishes. */
const ELSEWHERE_WORDS = new Set(['ADVERTISED', 'ADVERTISE', 'ANNOUNCE', 'ANNOUNCED', 'PUBLIC', 'EXTERNAL', 'EXPOSED', 'PUBLISHED', 'HOST', 'OUTSIDE']);

/** Words between a service's own prefix and `PORT` that still speak of one of its own listeners. */
const OWN_PORT_QUALIFIERS = new Set(['CLIENT', 'SERVER', 'HTTP', 'HTTPS', 'GRPC', 'JMX', 'REST', 'ADMIN', 'METRICS', 'LISTEN', 'LISTENER', 'BIND', 'WEB', 'API', 'RPC', 'UI', 'DEBUG', 'HEALTH', 'MANAGEMENT', 'INTERNAL', 'PLAINTEXT', 'TLS', 'SSL', 'SECURE', 'TCP', 'UDP', 'SERVICE', 'APP', 'MAIN', 'CONSOLE', 'DASHBOARD', 'STATUS', 'PROMETHEUS', 'EXPORTER', 'ELECTION', 'QUORUM', 'GOSSIP', 'PPROF']);

/** How a listen or bind setting ends when it holds an address or port (`LDAP_BIND_DN` holds neither). */
const LISTEN_SETTING_ENDS = new Set(['LISTEN', 'BIND', 'PORT', 'ADDR', 'ADDRESS', 'ADDRS', 'ADDRESSES', 'URL', 'URLS', 'ON']);

/** Names that set the port of the program itself wherever they stand. */
const GENERIC_OWN_PORTS = new Set(['PORT', 'SERVER_PORT', 'HTTP_PORT', 'HTTPS_PORT', 'LISTEN_PORT', 'BIND_PORT', 'APP_PORT', 'VIRTUAL_PORT']);

// ---------------------------------------------------------------------------------------------
// Environment

/** With `shared`, the keys set by a block shared with other services: only settings named after the service count there. */
function environmentListenPorts(
  environment: Map<string, string>,
  own: OwnNames,
  source: ListenSource,
  shared?: Set<string>,
  keysSet?: ReadonlySet<string>,
  unported?: (key: string, value: string) => void,
): ListenEvidence[] {
  const out: ListenEvidence[] = [];
  // Every key set, upper-cased: given when `environment` holds only the settings that may give a port.
  const upperKeys = keysSet ?? new Set([...environment.keys()].map((k) => k.toUpperCase()));
  for (const [key, raw] of environment) {
    const value = raw.trim();
    if (value === '') continue;
    const upper = key.toUpperCase();
    const words = upper.split(/_+/).filter(Boolean);
    if (shared?.has(key) && ownPrefixLength(words, own) === 0) continue;
    const add = (port: number) => out.push({ port, source, via: key });
    if (words.some((w) => ELSEWHERE_WORDS.has(w))) {
      // Confluent's images derive the listeners from the advertised ones when none are set.
      if (upper.endsWith('ADVERTISED_LISTENERS') && !upperKeys.has(upper.replace(/ADVERTISED_LISTENERS$/, 'LISTENERS'))) for (const p of listedPorts(value)) add(p);
      continue;
    }
    const last = words[words.length - 1];
    // `KAFKA_LISTENERS`, `SCHEMA_REGISTRY_LISTENERS`: every listener of the list is one of its own.
    if (last === 'LISTENERS') {
      for (const p of listedPorts(value)) add(p);
      continue;
    }
    // `LISTEN_ADDR`, `HTTP_BIND`, `ASPNETCORE_URLS`, `GRPC_LISTEN_PORT`: where the program itself listens.
    if (((words.includes('LISTEN') || words.includes('BIND')) && LISTEN_SETTING_ENDS.has(last)) || (isBindVariable(key) && last === 'URLS')) {
      const bare = portNumber(value);
      if (bare !== undefined) {
        if (['PORT', 'LISTEN', 'BIND'].includes(last)) add(bare);
      } else {
        const ports = listedPorts(value);
        for (const p of ports) add(p);
        // `N8N_RUNNERS_BROKER_LISTEN_ADDRESS=0.0.0.0`: a listener of its own whose port the program picks, unless a sibling names it.
        if (ports.length === 0 && unported && last !== 'URLS' && isReachableBindHost(value, own) && !hasSiblingPort(words, upperKeys)) unported(key, value);
      }
      continue;
    }
    // `SERVER_ADDR=:8080`, `HTTP_ADDRESS=0.0.0.0:3000`: an address of its own; `REDIS_ADDR=redis:6379` is a peer's.
    if (last === 'ADDR' || last === 'ADDRESS') {
      // `RELAY_STATSD_ADDR=127.0.0.1:8125`: a kind of peer named after the service's own words is where it sends, even on loopback.
      if (words.slice(ownPrefixLength(words, own), -1).some((w) => namesPeer(w, own))) continue;
      for (const p of listedPorts(value, (host) => isOwnHost(host, own))) add(p);
      continue;
    }
    if (!upper.endsWith('PORT')) continue;
    const port = portNumber(value);
    if (port !== undefined && isOwnPortSetting(upper, words, own, upperKeys)) add(port);
  }
  return out;
}

/**
 * Whether a `*_PORT` setting is the service's own port: a generic name (`PORT`, `HTTP_PORT`), a
 * name under the service's own prefix (`ZOOKEEPER_CLIENT_PORT` on a ZooKeeper, `PGPORT` on
 * Postgres), or a listener kind under a prefix naming no peer (`GF_SERVER_HTTP_PORT`). `DB_PORT`
 * on an app is where the database listens: its prefix names a peer, or comes with a `DB_HOST`.
 */
function isOwnPortSetting(upper: string, words: string[], own: OwnNames, keys: ReadonlySet<string>): boolean {
  if (GENERIC_OWN_PORTS.has(upper)) return true;
  // `PGPORT`, `REDISPORT`: a prefix glued to PORT.
  if (words.length === 1) return ownPrefixLength([upper.slice(0, -4)], own) === 1;
  if (words[words.length - 1] !== 'PORT') return false;
  const mine = ownPrefixLength(words, own);
  const between = words.slice(mine, -1);
  if (mine > 0) return between.every((w) => OWN_PORT_QUALIFIERS.has(w));
  // No own prefix: a listener kind (`*_HTTP_PORT`) counts unless the prefix names a peer.
  const kind = words[words.length - 2];
  if (!['HTTP', 'HTTPS', 'GRPC', 'LISTEN', 'BIND'].includes(kind)) return false;
  const prefixWords = words.slice(0, -2);
  if (prefixWords.some((w) => namesPeer(w, own))) return false;
  const prefix = prefixWords.join('_');
  return !['HOST', 'HOSTNAME', 'ADDR', 'ADDRESS', 'URL', 'SERVER'].some((h) => keys.has(`${prefix}_${h}`) || keys.has(`${prefix}_${kind}_${h}`));
}

/** A bare listen host other containers can reach: every interface or the service's own name (loopback is not). */
function isReachableBindHost(value: string, own: OwnNames): boolean {
  const h = value.toLowerCase().replace(/^\[|\]$/g, '');
  return isWildcardHost(h) || own.hosts.has(h);
}

/** A `*_PORT` setting beside a listen address (`METRICS_LISTEN_ADDRESS` and `METRICS_PORT`): it names the address's port. */
function hasSiblingPort(words: string[], keys: ReadonlySet<string>): boolean {
  const at = words.findIndex((w) => w === 'LISTEN' || w === 'BIND');
  const stem = words.slice(0, Math.max(at, 0)).join('_');
  for (const k of keys) if (k.endsWith('PORT') && (stem === '' || k.startsWith(`${stem}_`) || k === `${stem}PORT`)) return true;
  return false;
}

function isOwnHost(host: string, own: OwnNames): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === '' || isWildcardHost(h) || isLoopbackHost(h) || own.hosts.has(h);
}

function portNumber(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/**
 * The ports of a list of listen addresses: `PLAINTEXT://0.0.0.0:29092,CONTROLLER://:9093`,
 * `http://+:5000;https://+:5001`, `0.0.0.0:8080`, `:9090`. With `hostIsOwn`, only addresses whose
 * host passes it count.
 */
export function listedPorts(value: string, hostIsOwn: (host: string) => boolean = () => true): number[] {
  const out: number[] = [];
  for (const item of value.split(/[\s,;]+/)) {
    const authority = item.replace(/^['"]|['"]$/g, '').replace(/^[A-Za-z][\w+.-]*:\/\//, '').replace(/[/?#].*$/, '');
    const m = /^(\[[^\]]*\]|[^:]*):(\d{1,5})$/.exec(authority);
    if (!m) continue;
    const port = portNumber(m[2]);
    if (port !== undefined && hostIsOwn(m[1]) && !out.includes(port)) out.push(port);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Command and entrypoint

/** Short flags that set the port only for some server programs (`-p` is a client's target port elsewhere). */
const PROGRAM_PORT_FLAGS: Array<[RegExp, string]> = [
  [/^(?:postgres|postmaster|memcached|http-server|next|flask|serve|live-server|json-server|mkdocs|hugo)$/, '-p'],
  [/^(?:mysqld|mariadbd)$/, '-P'],
];

/** Programs that reach a server: their `--port` is the server's, not their own. */
const CLIENT_PROGRAMS = /^(?:psql|pg_isready|pg_dump|pg_restore|mysql|mysqladmin|mysqldump|mariadb|mariadb-admin|redis-cli|valkey-cli|keydb-cli|mongo|mongosh|mongodump|cqlsh|nc|ncat|netcat|telnet|curl|wget|wait-for-it|wait-for|dockerize|kafka-topics|kafka-console-producer|kafka-console-consumer|kcat|kafkacat|rpk|grpcurl|ssh|scp|rsync)(?:\.sh)?$/;

/** Flag names (without dashes) that set the program's own port: `--port`, `--http-port`, `--web.port`. */
function isPortFlag(name: string): boolean {
  const words = name.split(/[-._]/);
  if (words[words.length - 1] !== 'port' || words.some((w) => ELSEWHERE_WORDS.has(w.toUpperCase()))) return false;
  return words.slice(0, -1).every((w) => OWN_PORT_QUALIFIERS.has(w.toUpperCase()));
}

/** Flag names that set a listen address: `--bind`, `--listen`, `--kafka-addr`, `--web.listen-address`, `-http-addr`. */
function isAddressFlag(name: string): { always: boolean } | undefined {
  const words = name.split(/[-._]/);
  if (words.some((w) => ELSEWHERE_WORDS.has(w.toUpperCase()))) return undefined;
  if (words.includes('listen') || words.includes('bind') || words[words.length - 1] === 'listeners') return { always: true };
  const last = words[words.length - 1];
  return last === 'addr' || last === 'address' ? { always: false } : undefined;
}

function commandListenPorts(text: string, own: OwnNames, source: ListenSource): ListenEvidence[] {
  const out: ListenEvidence[] = [];
  for (const { program, words } of commandSteps(text)) {
    const client = CLIENT_PROGRAMS.test(program);
    const shortFlags = PROGRAM_PORT_FLAGS.filter(([re]) => re.test(program)).map(([, flag]) => flag);
    for (const { flag, value } of flagValues(words)) {
      const name = flag.replace(/^--?/, '').toLowerCase();
      const bare = portNumber(value);
      if (bare !== undefined && !client && (flag.startsWith('--') || flag.length > 2) && isPortFlag(name)) {
        out.push({ port: bare, source, via: flag });
        continue;
      }
      if (bare !== undefined && shortFlags.includes(flag)) {
        out.push({ port: bare, source, via: `${program} ${flag}` });
        continue;
      }
      const address = flag.length > 2 || flag.startsWith('--') ? isAddressFlag(name) : undefined;
      if (!address || client) continue;
      if (bare !== undefined && address.always) out.push({ port: bare, source, via: flag });
      else for (const port of listedPorts(value, address.always ? undefined : (h) => isOwnHost(h, own))) out.push({ port, source, via: flag });
    }
    if (client) continue;
    // `php -S 0.0.0.0:8000`, `gunicorn -b 127.0.0.1:8000`: an address on every interface, or after a bind flag.
    for (const m of findAddresses(words.join(' '))) if (m.port !== undefined && (isWildcardHost(m.host) || m.bind)) out.push({ port: m.port, source, via: `${m.host}:${m.port}` });
  }
  return out;
}

/** `--flag value`, `--flag=value` and `-f value` pairs of a command's words. */
function flagValues(words: string[]): Array<{ flag: string; value: string }> {
  const out: Array<{ flag: string; value: string }> = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!/^--?[A-Za-z]/.test(word)) continue;
    const eq = word.indexOf('=');
    if (eq > 0) out.push({ flag: word.slice(0, eq), value: unquote(word.slice(eq + 1)) });
    else if (words[i + 1] !== undefined && !words[i + 1].startsWith('-')) out.push({ flag: word, value: unquote(words[i + 1]) });
  }
  return out;
}

function unquote(text: string): string {
  return text.replace(/^['"]+|['"]+$/g, '');
}

// ---------------------------------------------------------------------------------------------
// Healthcheck: it runs inside the container, so the address it probes on itself is one it listens on.

/** Clients whose port flag names the port they probe: `redis-cli -p 6380 ping`, `mysqladmin ping -P 3307`. */
const PROBE_PORT_FLAGS: Array<[RegExp, string[]]> = [
  [/^(?:redis-cli|valkey-cli|keydb-cli|pg_isready|psql|cqlsh)$/, ['-p', '--port']],
  [/^(?:mysqladmin|mysql|mariadb|mariadb-admin|mysqlsh)$/, ['-P', '--port']],
  [/^(?:mongo|mongosh)$/, ['--port']],
];

function healthcheckListenPorts(text: string, own: OwnNames, source: ListenSource): ListenEvidence[] {
  const out: ListenEvidence[] = [];
  const add = (port: number) => out.push({ port, source, via: 'healthcheck' });
  for (const m of findAddresses(text)) {
    if (!isOwnHost(m.host, own)) continue;
    const port = m.port ?? (m.scheme === 'http' || m.scheme === 'https' ? schemePort(m.scheme) : undefined);
    if (port !== undefined) add(port);
  }
  // Bash's `/dev/tcp/127.0.0.1/8080`.
  const devTcp = /\/dev\/tcp\/([^/\s]+)\/(\d{1,5})\b/g;
  for (let m = devTcp.exec(text); m; m = devTcp.exec(text)) if (isOwnHost(m[1], own)) add(Number(m[2]));
  for (const { program, words } of commandSteps(text.replace(/^\s*(?:CMD-SHELL|CMD)\s+/, ''))) {
    // `nc -z localhost 9092`: the host and port close the command.
    if (/^(?:nc|ncat|netcat)$/.test(program)) {
      const port = portNumber(words[words.length - 1] ?? '');
      if (port !== undefined && words.length >= 3 && isOwnHost(unquote(words[words.length - 2]), own)) add(port);
      continue;
    }
    const portFlags = PROBE_PORT_FLAGS.find(([re]) => re.test(program))?.[1];
    if (!portFlags) continue;
    const pairs = flagValues(words);
    const target = pairs.find((p) => p.flag === '-h' || p.flag === '--host');
    if (target && !isOwnHost(target.value, own)) continue;
    for (const p of pairs) {
      const port = portNumber(p.value);
      if (port !== undefined && portFlags.includes(p.flag)) add(port);
    }
  }
  return out;
}
