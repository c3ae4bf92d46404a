// Which files a service's program reads, by the path it sees them at: the conventional paths of
// well-known images (nginx's `conf.d/*.conf`, Caddy's `/etc/caddy/Caddyfile`, Prometheus's
// `prometheus.yml`, Grafana's provisioned datasources, ...), and the files its command names
// (`--config.file=...`). Only these are read: a mount of anything else is data, not configuration.
import * as path from 'node:path';

export type MountedKind = 'nginx' | 'caddyfile' | 'prometheus' | 'grafana-datasources' | 'traefik-static' | 'traefik-dynamic' | 'haproxy' | 'spring' | 'dotnet' | 'otel-collector' | 'grafana-ini' | 'settings' | 'alloy' | 'vector' | 'envoy' | 'logstash' | 'chproxy' | 'turnserver';

/** What a service says about its configuration files beyond the conventions: its image and command. */
export interface ConfigContext {
  /** The image's last path segment without tag (`prom/prometheus:v2` → `prometheus`), lower case. */
  family?: string;
  /** Paths the command hands the program as its configuration (`--config.file=`, `-c`, `--config`). */
  named: string[];
  /** Application settings files the environment names (`SPRING_CONFIG_LOCATION`, `MICRONAUT_CONFIG_FILES`). */
  appConfigs: string[];
  /** Traefik's file provider: a folder (`--providers.file.directory`) or a file (`--providers.file.filename`). */
  traefikDirectory?: string;
  traefikFile?: string;
  /** Every absolute path the command or entrypoint names (`alloy run /etc/alloy/config.alloy`): files the program opens. */
  mentioned: string[];
  /** Grafana's configuration file, when `GF_PATHS_CONFIG` moves it. */
  grafanaConfig?: string;
}

const NGINX_DIRS = ['/etc/nginx/', '/usr/local/openresty/nginx/conf/', '/usr/local/nginx/conf/', '/opt/bitnami/nginx/conf/'];

/** Folders worth listing when a folder is mounted at or above them: where the kinds below live. */
export const CONFIG_DIRS = [...NGINX_DIRS, '/etc/vector/', '/etc/caddy/', '/etc/prometheus/', '/etc/grafana/provisioning/datasources/', '/usr/local/etc/haproxy/', '/etc/haproxy/', '/etc/traefik/', '/etc/otelcol/', '/etc/otelcol-contrib/', '/etc/alloy/', '/etc/envoy/', '/usr/share/logstash/pipeline/', '/usr/share/logstash/config/', '/etc/coturn/'];

/** Whether the image's family is one of `names` (or a variant of one: `nginx-unprivileged`). */
export function familyIs(ctx: ConfigContext, names: string | readonly string[]): boolean {
  return ctx.family !== undefined && (typeof names === 'string' ? [names] : names).some((n) => ctx.family === n || ctx.family?.startsWith(`${n}-`));
}

function isNginxFile(target: string): boolean {
  if (!NGINX_DIRS.some((d) => target.startsWith(d))) return false;
  const base = path.posix.basename(target);
  // `sites-enabled/default` has no extension; templates become conf.d files through envsubst.
  return /\.conf$/.test(base) || /\.conf\.template$/.test(base) || /\/sites-enabled\/[^/]+$/.test(target) || /\/templates\/[^/]+\.template$/.test(target);
}

function inFolder(target: string, folder: string | undefined): boolean {
  return folder !== undefined && target.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}

/** The kind of configuration at `target` in the container, or undefined when none of the readers' programs reads it. */
export function kindAt(target: string, ctx: ConfigContext): MountedKind | undefined {
  const base = path.posix.basename(target);
  const named = ctx.named.includes(target);
  if (named && familyIs(ctx, 'prometheus')) return 'prometheus';
  if (named && familyIs(ctx, 'caddy')) return 'caddyfile';
  if (named && familyIs(ctx, ['nginx', 'openresty'])) return 'nginx';
  if (named && familyIs(ctx, 'haproxy')) return 'haproxy';
  if (named && familyIs(ctx, ['opentelemetry-collector', 'otel-collector', 'otelcol'])) return 'otel-collector';
  // Envoy's bootstrap: the official image reads `/etc/envoy/envoy.yaml` unless `-c`/`--config-path` names another.
  if (/\.(?:ya?ml|json)$/.test(base) && ((named && familyIs(ctx, 'envoy')) || /^\/etc\/envoy\/envoy\.(?:ya?ml|json)$/.test(target))) return 'envoy';
  // Logstash: the official image's pipeline folder (`path.config`), the file `-f` names, and its `logstash.yml` (the API's port).
  if ((/\.conf$/.test(base) && target.startsWith('/usr/share/logstash/pipeline/')) || (named && familyIs(ctx, ['logstash', 'logstash-oss']) && !/\.ya?ml$/.test(base)) || target === '/usr/share/logstash/config/logstash.yml') return 'logstash';
  if (named && familyIs(ctx, 'chproxy') && /\.ya?ml$/.test(base)) return 'chproxy';
  // coturn looks for `turnserver.conf` in `/etc/` and `/usr/local/etc/` (its image in `/etc/coturn/`) unless `-c` names a file.
  if ((named && familyIs(ctx, 'coturn')) || (base === 'turnserver.conf' && (named || /^\/(?:usr\/local\/)?etc\/(?:coturn\/)?turnserver\.conf$/.test(target)))) return 'turnserver';
  if (isNginxFile(target)) return 'nginx';
  // Grafana Alloy (and Grafana Agent's flow mode): `alloy run` takes a file or a folder of `.alloy` files.
  if (/\.(?:alloy|river)$/.test(base) && (named || ctx.mentioned.some((m) => m === target || inFolder(target, m)) || target.startsWith('/etc/alloy/'))) return 'alloy';
  if (target === '/etc/caddy/Caddyfile' || (named && /^Caddyfile/.test(base))) return 'caddyfile';
  // Vector reads `/etc/vector/vector.{yaml,toml,json}` unless its command names files (`--config`, `-c`).
  if (/\.(?:toml|ya?ml|json)$/.test(base) && ((named && familyIs(ctx, 'vector')) || (/^\/etc\/vector\/vector\.(?:toml|ya?ml|json)$/.test(target) && !(familyIs(ctx, 'vector') && ctx.named.length > 0)))) return 'vector';
  if (/^\/etc\/prometheus\/prometheus\.ya?ml$/.test(target)) return 'prometheus';
  if (/\/provisioning\/datasources\/[^/]+\.ya?ml$/.test(target)) return 'grafana-datasources';
  if (/\.(?:ya?ml|toml)$/.test(base) && (target === ctx.traefikFile || inFolder(target, ctx.traefikDirectory))) return 'traefik-dynamic';
  // Traefik's static configuration (its providers); read by the model, addressing nothing itself.
  if (familyIs(ctx, 'traefik') && (named || /^\/etc\/traefik\/traefik\.(?:ya?ml|toml)$/.test(target))) return 'traefik-static';
  if (/^\/(?:usr\/local\/)?etc\/haproxy\/haproxy\.cfg$/.test(target)) return 'haproxy';
  // The official images' default configuration (their command names it; a mounted file there replaces it).
  if (/^\/etc\/otelcol(?:-contrib)?\/config\.ya?ml$/.test(target) && ctx.named.length === 0) return 'otel-collector';
  if (/^(?:application|bootstrap)(?:-[\w.-]+)?\.(?:ya?ml|properties)$/.test(base) || ctx.appConfigs.includes(target)) return 'spring';
  if (/^appsettings(?:\.[\w-]+)?\.json$/.test(base)) return 'dotnet';
  // Read for where Grafana listens (`[server] http_port`).
  if (target === (ctx.grafanaConfig ?? '/etc/grafana/grafana.ini')) return 'grafana-ini';
  return undefined;
}

/** Whether configuration no reader understands is YAML, JSON or TOML, whose listen settings a generic scan finds (kind `settings`). */
export function isTreeConfig(target: string): boolean {
  return /\.(?:ya?ml|json|toml)$/i.test(target);
}

/** Extensions of configuration formats: a file of one at a program's configuration path may open listeners. */
const CONFIG_EXTENSION = /\.(?:conf|cnf|cfg|ini|toml|ya?ml|json|alloy|river|hcl|properties|xml|lua)$/i;

/**
 * Whether a file no reader understands, seen at `target`, is likely configuration its program reads, which
 * may open listeners no one can list: a file the command names (as a flag's value or alone:
 * `alloy run /etc/alloy/config.alloy`), or a configuration file directly in a program's folder under `/etc`
 * (`/etc/mosquitto/mosquitto.conf`, `/usr/local/etc/redis/redis.conf`, `/etc/mysql/conf.d/my.cnf`).
 */
export function unreadConfigAt(target: string, ctx: ConfigContext): boolean {
  if (kindAt(target, ctx) !== undefined || importableAt(target, ctx) !== undefined) return false;
  if (ctx.named.includes(target)) return !NOT_CONFIG.test(path.posix.basename(target)) || CONFIG_EXTENSION.test(target);
  if (ctx.mentioned.includes(target)) return CONFIG_EXTENSION.test(target);
  return CONFIG_EXTENSION.test(target) && /^\/(?:usr\/local\/)?etc\/[^/]+\/(?:conf\.d\/)?[^/]+$/.test(target);
}

/** Files that are certificates, keys, data or examples: never configuration another file pulls in. */
const NOT_CONFIG = /\.(?:pem|crt|cer|key|der|p12|pfx|example|sample|dist|bak|orig|md|txt|json|db|sqlite|log|html?|css|js)$|^README/i;

/**
 * A file a program reads only when its configuration pulls it in (a Caddyfile's `import`): at such paths
 * a reader follows the imports of the entry files and reads no other.
 */
export function importableAt(target: string, ctx: ConfigContext): MountedKind | undefined {
  if (NOT_CONFIG.test(path.posix.basename(target))) return undefined;
  const caddyFolders = ['/etc/caddy/', ...ctx.named.filter((n) => familyIs(ctx, 'caddy') || /^Caddyfile/.test(path.posix.basename(n))).map((n) => `${path.posix.dirname(n)}/`)];
  if (caddyFolders.some((d) => target.startsWith(d))) return 'caddyfile';
  return undefined;
}

/** Whether files of a kind may be found by listing a folder mount (application settings are looked for only at its top). */
export function listedDeep(kind: MountedKind): boolean {
  return kind !== 'spring' && kind !== 'dotnet';
}

/** Flags that hand a program its configuration file. */
const CONFIG_FLAG = /^(?:--?config(?:\.file|file|-path)?|-c|-f|--conf)$/i;
const CONFIG_FLAG_INLINE = /^(--?config(?:\.file|file|-path)?|--conf|--path\.config)=(.+)$/i;

/** What the service's command (and environment, for Traefik) says about where its configuration is. */
export function configContext(image: string | undefined, words: string[], env: ReadonlyMap<string, string>): ConfigContext {
  const ctx: ConfigContext = { family: imageFamilyOf(image), named: [], appConfigs: [], mentioned: [] };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const mentioned = /^(?:--?[\w.-]+=)?(\/[^\s'"=,;]+)$/.exec(w);
    if (mentioned) ctx.mentioned.push(path.posix.normalize(mentioned[1]));
    const inline = CONFIG_FLAG_INLINE.exec(w);
    if (inline && inline[2].startsWith('/')) ctx.named.push(path.posix.normalize(inline[2]));
    else if (CONFIG_FLAG.test(w) && words[i + 1]?.startsWith('/')) ctx.named.push(path.posix.normalize(words[i + 1]));
    const traefik = /^--providers\.file\.(directory|filename)=(\/.+)$/.exec(w);
    if (traefik) {
      if (traefik[1] === 'directory') ctx.traefikDirectory = path.posix.normalize(traefik[2]);
      else ctx.traefikFile = path.posix.normalize(traefik[2]);
    }
  }
  for (const key of ['SPRING_CONFIG_LOCATION', 'SPRING_CONFIG_ADDITIONAL_LOCATION', 'MICRONAUT_CONFIG_FILES']) {
    for (const item of (env.get(key) ?? '').split(',')) {
      const file = item.trim().replace(/^(?:optional:)?(?:file:)?/, '');
      if (file.startsWith('/') && /\.(?:ya?ml|properties)$/.test(file)) ctx.appConfigs.push(path.posix.normalize(file));
    }
  }
  const grafana = env.get('GF_PATHS_CONFIG');
  if (grafana?.startsWith('/')) ctx.grafanaConfig = path.posix.normalize(grafana);
  const dir = env.get('TRAEFIK_PROVIDERS_FILE_DIRECTORY');
  const file = env.get('TRAEFIK_PROVIDERS_FILE_FILENAME');
  if (dir?.startsWith('/')) ctx.traefikDirectory ??= path.posix.normalize(dir);
  if (file?.startsWith('/')) ctx.traefikFile ??= path.posix.normalize(file);
  return ctx;
}

/** `docker.io/prom/prometheus:v2@sha256:…` → `prometheus` (the network layer has its own, richer table; this one only names files). */
function imageFamilyOf(image: string | undefined): string | undefined {
  if (!image) return undefined;
  let name = image.trim().toLowerCase();
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) name = name.slice(0, colon);
  return name.slice(slash + 1) || undefined;
}
