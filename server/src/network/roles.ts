// The role of an address a service writes, with the evidence for it: does the service dial it, hand it
// out to browsers, clients or peers (advertise), listen on it, or can nothing tell? Most addresses in
// real projects that name `localhost` are handed out (public URLs, CORS origins, OAuth callbacks), so a
// rule that judges connections must know which ones are connections, and how sure that is.
// Evidence comes from words of the setting's name (never one-off names), its siblings, the image
// family and where the value is written. Pure string work.
import { imageFamily, imageRepository } from './wellKnown';
import { code } from '../display/markdown';

export type ReferenceRole = 'dial' | 'advertise' | 'listen' | 'unknown';

export interface RoleEvidence {
  role: ReferenceRole;
  /** `certain`: the name, scheme or place says so; `likely`: an address setting with nothing more specific. */
  certainty: 'certain' | 'likely';
  /** Why, in a few words, for the hover: names from the files as code spans (`code`), so the hover shows them exactly. */
  why: string;
}

/** Answers kept per setting name: the same names recur in every service of a large project. Bounded, as names come from files. */
class NameMemo<T> {
  private readonly answers = new Map<string, T>();
  constructor(private readonly compute: (name: string) => T) {}
  get(name: string): T {
    let answer = this.answers.get(name);
    if (answer === undefined) {
      if (this.answers.size >= 20_000) this.answers.clear();
      this.answers.set(name, (answer = this.compute(name)));
    }
    return answer;
  }
}

/**
 * Setting names read into words so far (`nameWords`), whether split or remembered: a test compares it with the
 * number of settings read. The answers kept per name below read the words without counting, so the count
 * does not depend on which names an earlier analysis met.
 */
export const roleCounters = { namesSplit: 0 };

const wordsOfName = new NameMemo<readonly string[]>((name) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean),
);

/** The words of a setting's name: `KAFKA_ADVERTISED_LISTENERS` → kafka, advertised, listeners; camelCase and dots split too. */
export function nameWords(name: string): readonly string[] {
  roleCounters.namesSplit++;
  return wordsOfName.get(name);
}

/** Words saying the address is given to someone else: browsers, clients, peers, or links built from it. */
const ADVERTISE_WORDS = new Set([
  'public', 'external', 'exposed', 'advertised', 'advertise', 'announce', 'announced', 'browser', 'redirect', 'redirects',
  'callback', 'callbacks', 'return', 'origin', 'origins', 'cors', 'csrf', 'trusted', 'allowed', 'issuer', 'domain',
  'domains', 'fqdn', 'homepage', 'site', 'canonical', 'presigned', 'nextauth',
]);
/** Words that, before `url`/`uri`, name the address an application is known by: `BASE_URL`, `APP_URL`, `WEB_URL`, `FRONTEND_URL`. */
const SELF_URL_WORDS = new Set(['base', 'root', 'app', 'self', 'own', 'web', 'www', 'front', 'frontend', 'client', 'ui', 'dashboard', 'console', 'portal']);
/** Names read by the browser's bundle (framework conventions): `localhost` there is the user's machine. */
const BROWSER_PREFIX = /^(NEXT_PUBLIC_|VITE_|REACT_APP_|PUBLIC_|NUXT_PUBLIC_|EXPO_PUBLIC_|GATSBY_|VUE_APP_|NG_APP_)/i;
/** Words of settings that say where the program itself listens. */
const LISTEN_WORDS = new Set(['listen', 'listens', 'listener', 'listeners', 'bind', 'binding']);
/** Words naming something a service connects to: stores, brokers, upstreams, telemetry sinks, mail relays. */
const DIAL_WORDS = new Set([
  'database', 'db', 'dsn', 'jdbc', 'redis', 'cache', 'broker', 'brokers', 'bootstrap', 'queue', 'amqp', 'rabbit', 'rabbitmq',
  'mq', 'mongo', 'mongodb', 'postgres', 'postgresql', 'pg', 'mysql', 'mariadb', 'memcached', 'elasticsearch', 'elastic',
  'opensearch', 'es', 'zookeeper', 'zk', 'etcd', 'consul', 'nats', 'clickhouse', 'cassandra', 'upstream', 'upstreams',
  'backend', 'internal', 'private', 'otlp', 'otel', 'opentelemetry', 'collector', 'exporter', 'jaeger', 'zipkin',
  'tempo', 'loki', 'prometheus', 'smtp', 'imap', 'ldap', 'minio', 's3', 'storage', 'connect', 'seeds', 'peers',
  'sentinel', 'replica', 'primary', 'master', 'kafka', 'schema', 'registry', 'datasource', 'vault', 'influx', 'influxdb',
  'graphite', 'statsd', 'syslog', 'join', 'resolver', 'resolvers', 'dns', 'nameserver', 'nameservers',
]);
/** Last words of settings that hold an address (`*_URL`, `*_HOST`, ...). */
const ADDRESS_WORDS = new Set(['url', 'urls', 'uri', 'uris', 'endpoint', 'endpoints', 'host', 'hosts', 'hostname', 'addr', 'address', 'addresses', 'server', 'servers', 'dsn', 'conn', 'connection', 'connect', 'nodes', 'seeds', 'peers', 'target', 'targets', 'upstream', 'upstreams', 'base']);
/** URL schemes of protocols only a client speaks to a server: such a URL is dialled, whatever its setting's name. */
const DIAL_SCHEMES = new Set([
  'postgres', 'postgresql', 'mysql', 'mariadb', 'redis', 'rediss', 'mongodb', 'mongodb+srv', 'amqp', 'amqps', 'nats',
  'memcached', 'sqlserver', 'clickhouse', 'cassandra', 'bolt', 'neo4j', 'ldap', 'ldaps', 'smtp', 'smtps', 'jdbc',
  'sqlite', 'mssql', 'oracle', 'couchdb', 'elasticsearch', 'zookeeper', 'etcd', 'consul', 'influxdb', 'mqtt', 'mqtts',
]);
/** Programs that connect to the address they are given: in a command or a healthcheck they dial it. */
const CLIENT_PROGRAMS = /^(?:curl|wget|nc|ncat|netcat|telnet|psql|pg_isready|mysql|mysqladmin|mariadb|mariadb-admin|redis-cli|valkey-cli|mongo|mongosh|wait-for-it(?:\.sh)?|wait-for(?:\.sh)?|dockerize|nslookup|dig|ping|grpc_health_probe|kafka-topics(?:\.sh)?|kafkacat|kcat|cqlsh|clickhouse-client|amqp-publish|http|httpie)$/;

/** `pghost` → pg, host; `bootstrapservers` → bootstrap, servers: a dial word glued to an address word (libpq's `PGHOST`, camelCase keys lower-cased). */
function unglue(word: string): string[] {
  const m = /^([a-z]+?)(host|hostname|addr|url|uri|servers?|endpoints?)$/.exec(word);
  return m && DIAL_WORDS.has(m[1]) ? [m[1], m[2]] : [word];
}

function hasAny(words: readonly string[], set: Set<string>): string | undefined {
  return words.find((w) => set.has(w));
}

/** `BASE_URL`, `APP_URL`, `SITE_ROOT_URL`: the address the application is known by, handed out in links. */
function selfUrlWord(words: readonly string[]): string | undefined {
  for (let i = 0; i + 1 < words.length; i++) if (SELF_URL_WORDS.has(words[i]) && /^(url|uri|host|hostname|domain)$/.test(words[i + 1])) return `${words[i]}_${words[i + 1]}`;
  return undefined;
}

/**
 * A setting `X_URL` beside `X_PUBLIC_URL` (or `X_EXTERNAL_URL`, `X_BROWSER_URL`, ...): the pair says `X_URL`
 * is the internal address, the one the service dials.
 */
function publicSibling(words: readonly string[], siblings: readonly string[]): string | undefined {
  if (words.length === 0 || siblings.length === 0 || hasAny(words, ADVERTISE_WORDS)) return undefined;
  return withoutAdvertiseWord(siblings).get(words.join('_'));
}

const siblingIndexes = new WeakMap<readonly string[], Map<string, string>>();

/**
 * The siblings holding exactly one advertise word, by their words without it (`X_PUBLIC_URL` under
 * `x_url`), the first of each kept: built once per list, so a service's settings are not each
 * compared with every other (thousands of variables made that quadratic).
 */
function withoutAdvertiseWord(siblings: readonly string[]): Map<string, string> {
  let index = siblingIndexes.get(siblings);
  if (index) return index;
  index = new Map();
  for (const other of siblings) {
    const o = nameWords(other);
    const at = o.findIndex((w) => ADVERTISE_WORDS.has(w));
    // A name with advertise words left besides the one removed never equals a name without any.
    if (at < 0 || o.slice(at + 1).some((w) => ADVERTISE_WORDS.has(w))) continue;
    const key = [...o.slice(0, at), ...o.slice(at + 1)].join('_');
    if (!index.has(key)) index.set(key, other);
  }
  siblingIndexes.set(siblings, index);
  return index;
}

export interface SettingContext {
  /** The setting's name: an environment key, a flag (`--db`), or a `name=` inside a value (`-Dspring.datasource.url=`). */
  name?: string;
  /** The other settings of the same service, for sibling evidence. */
  siblings?: readonly string[];
  /** The URL scheme, when the address is written as a URL. */
  scheme?: string;
}

/** What the name alone says, before siblings and scheme: handed out, read by the browser, listened on, the application's own address. */
const roleByNameAlone = new NameMemo<RoleEvidence | null>((name) => {
  const words = wordsOfName.get(name).flatMap(unglue);
  const listenWord = hasAny(words, LISTEN_WORDS);
  const advertiseWord = hasAny(words, ADVERTISE_WORDS);
  // `KAFKA_ADVERTISED_LISTENERS`: what the broker tells clients, not where it binds.
  if (advertiseWord) return { role: 'advertise', certainty: 'certain', why: `${code(name)} says so ("${advertiseWord}"): the address is handed to browsers, clients or peers` };
  if (BROWSER_PREFIX.test(name)) return { role: 'advertise', certainty: 'certain', why: `${code(name)} is read by the browser (its prefix), where \`localhost\` is the user's machine` };
  if (listenWord) return { role: 'listen', certainty: 'certain', why: `${code(name)} sets where the service listens ("${listenWord}")` };
  const self = selfUrlWord(words);
  if (self) return { role: 'advertise', certainty: 'likely', why: `${code(name)} is the address the application is known by ("${self}"), used to build links` };
  return null;
});

/** What the name's words say when neither the name alone nor a sibling nor the scheme decided. */
const roleByNameWords = new NameMemo<RoleEvidence>((name) => {
  const words = wordsOfName.get(name).flatMap(unglue);
  const dialWord = hasAny(words, DIAL_WORDS);
  const addressWord = hasAny(words, ADDRESS_WORDS);
  if (dialWord && addressWord) return { role: 'dial', certainty: 'certain', why: `${code(name)} names something the service connects to ("${dialWord}")` };
  if (addressWord || dialWord) return { role: 'dial', certainty: 'likely', why: `${code(name)} holds an address, probably one the service connects to` };
  return { role: 'unknown', certainty: 'likely', why: name ? `nothing in ${code(name)} tells whether the service connects to this address` : 'nothing tells whether the service connects to this address' };
});

const roleByScheme = new NameMemo<RoleEvidence | null>((scheme) =>
  DIAL_SCHEMES.has(scheme) ? { role: 'dial', certainty: 'certain', why: `${code(`${scheme}://`)} is a protocol a client speaks to a server` } : null,
);

/**
 * The role of an address written in an environment value (or a `name=` setting inside one). The answer
 * may be shared with other calls: read it, never change it.
 */
export function settingRole(ctx: SettingContext): RoleEvidence {
  return roleByName(ctx.name ?? '', ctx.siblings)(ctx.scheme);
}

/**
 * What a setting's name (and its siblings) say, worked out once per setting: the function returned adds
 * the URL scheme, which decides only where the name does not (one setting may hold thousands of URLs).
 * What the name alone says is kept per name across services; its answers are shared: read them, never
 * change them.
 */
export function roleByName(name: string, siblings: readonly string[] = []): (scheme?: string) => RoleEvidence {
  // Read (and counted) once per setting, whether the answers below are kept from an earlier service or not.
  const written = nameWords(name);
  const byName = roleByNameAlone.get(name);
  if (byName) return () => byName;
  // The words as written (before unglueing `pghost`) are what a sibling adds a word to.
  const pub = publicSibling(written, siblings);
  if (pub) {
    const bySibling: RoleEvidence = { role: 'dial', certainty: 'certain', why: `beside ${code(pub)}, ${code(name)} is the internal address the service dials` };
    return () => bySibling;
  }
  const byWords = roleByNameWords.get(name);
  return (scheme) => (scheme ? roleByScheme.get(scheme.toLowerCase()) : null) ?? byWords;
}

/** Database, cache and broker servers: their settings configure the server itself; they dial no application URL. */
const SERVER_FAMILIES = new Set([
  'postgres', 'postgresql', 'postgis', 'timescaledb', 'mysql', 'mariadb', 'percona', 'percona-server', 'mongo', 'mongodb',
  'redis', 'valkey', 'keydb', 'redis-stack', 'memcached', 'mssql/server', 'couchdb', 'rabbitmq', 'cassandra', 'clickhouse',
  'clickhouse-server', 'elasticsearch', 'opensearch', 'minio', 'nats',
]);

/**
 * A database, cache or broker image given an application's variables (through an `env_file` shared with the
 * application, or a setting named after its own family, as `MARIADB_HOST` on `mariadb`) does not connect
 * to them: the role is unknown, whatever the name says.
 */
export function serverImageOverride(image: string | undefined, key: string, origin: 'environment' | 'env_file'): RoleEvidence | undefined {
  const family = imageFamily(image);
  if (!family || !SERVER_FAMILIES.has(family)) return undefined;
  if (origin === 'env_file') return { role: 'unknown', certainty: 'likely', why: `${code(family)} is a server; the application settings of a shared env_file are not addresses it connects to` };
  const first = nameWords(key)[0];
  const familyWord = family.split(/[^a-z]/)[0];
  if (first && (first === familyWord || familyWord.startsWith(first) && first.length >= 4)) {
    return { role: 'unknown', certainty: 'likely', why: `${code(key)} on a ${code(family)} image configures the server itself` };
  }
  return undefined;
}

/**
 * Images that only serve a page to the browser (an API viewer): every address their settings hold
 * (`URL`, `URLS`, `SPEC_URL`) is what the browser fetches, from the user's machine, not the container.
 */
const BROWSER_APP_REPOSITORIES = new Set(['swaggerapi/swagger-ui', 'swaggerapi/swagger-editor', 'redocly/redoc']);

/** The role of an address in the settings of an image that only serves a page to the browser. */
export function browserAppOverride(image: string | undefined): RoleEvidence | undefined {
  const repository = imageRepository(image);
  if (!repository || !BROWSER_APP_REPOSITORIES.has(repository)) return undefined;
  return { role: 'advertise', certainty: 'certain', why: `${code(repository)} serves a page to the browser, which fetches the addresses of its settings from the user's machine` };
}

/** The role of an address in a command: after a flag, the flag's words decide; client programs dial. */
export function commandRole(programs: readonly string[], flag: string | undefined, scheme: string | undefined, origin: 'command' | 'entrypoint' | 'healthcheck'): RoleEvidence {
  if (origin === 'healthcheck') return { role: 'dial', certainty: 'certain', why: 'the healthcheck runs inside the container and connects to it' };
  const byFlag = flag ? settingRole({ name: flag.replace(/^-+/, ''), scheme }) : undefined;
  if (byFlag && (byFlag.role === 'advertise' || byFlag.role === 'listen' || (byFlag.role === 'dial' && byFlag.certainty === 'certain'))) return byFlag;
  const client = programs.find((p) => CLIENT_PROGRAMS.test(p));
  if (client) return { role: 'dial', certainty: 'certain', why: `${code(client)} connects to the address it is given` };
  if (scheme && DIAL_SCHEMES.has(scheme.toLowerCase())) return { role: 'dial', certainty: 'likely', why: `${code(`${scheme}://`)} is a protocol a client speaks to a server` };
  // A server's address flag configures it: whether this run connects there is likely, not certain.
  if (byFlag && byFlag.role === 'dial') return { role: 'dial', certainty: 'likely', why: `${code(flag ?? '')} gives the program an address, probably one it connects to` };
  return { role: 'unknown', certainty: 'likely', why: flag ? `nothing in ${code(flag)} tells whether the program connects to this address` : 'an argument of the program; nothing tells whether it connects there' };
}
