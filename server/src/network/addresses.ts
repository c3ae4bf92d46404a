// Finding network addresses inside strings: URLs of any scheme (several hosts too, as in
// `mongodb://h1,h2`), bare `host:port`, and bind flags such as `--bind 0.0.0.0:8000`.
// Pure string work: offsets are into the given string; the model maps them to the file.
import { followsBindFlag, scanHostPorts, scanUrls } from './addressScan';

export interface AddressMatch {
  /** Where the whole address starts (its scheme, for a URL). */
  start: number;
  host: string;
  hostStart: number;
  hostEnd: number;
  port?: number;
  portStart?: number;
  portEnd?: number;
  scheme?: string;
  form: 'url' | 'host-port';
  /** True when the address follows a flag that sets where the program listens. */
  bind: boolean;
}

/** Schemes whose authority is no network host: a bucket, a path, a socket. */
const NON_HOST_SCHEMES = new Set(['s3', 's3a', 's3n', 'gs', 'gcs', 'file', 'unix', 'npipe', 'az', 'abfs', 'abfss', 'wasb', 'wasbs', 'r2', 'b2', 'data', 'vault', 'env', 'secret', 'docker-image', 'oci']);
/** A host as written in an address: a DNS name (underscores tolerated, Compose allows them in service names), an IP, or a wildcard. */
const HOST_TOKEN = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?|[0-9A-Fa-f:.]+|[+*])$/;
/** Go's MySQL driver writes the address as `tcp(host:port)` or `unix(/path)` after the `@`. */
const GO_DSN_ADDRESS = /^(tcp|tcp4|tcp6|udp|unix)\((.*)\)$/;

/**
 * URLs first (the authority may list several hosts, `mongodb://h1,h2`, but stops before `,OTHER://`;
 * Kafka listener names such as `PLAINTEXT_HOST://` stand where a scheme does), then bare `host:port`
 * outside them. Not after `$`, `{` or `%`: `$NAME:8080` is a shell variable at run time (a `$$` in the
 * file), `%s:%d` a template. The scans (`addressScan.ts`) are linear in the text's length.
 */
export function findAddresses(text: string): AddressMatch[] {
  const out: AddressMatch[] = [];
  const urls = scanUrls(text);
  for (const url of urls) {
    const scheme = text.slice(url.start, url.schemeEnd).toLowerCase();
    const authorityStart = url.schemeEnd + 3;
    const authority = text.slice(authorityStart, url.end);
    if (NON_HOST_SCHEMES.has(scheme)) continue;
    const at = authority.lastIndexOf('@');
    const hostsStart = at >= 0 ? at + 1 : 0;
    let cursor = authorityStart + hostsStart;
    let bind: boolean | undefined;
    for (const written of authority.slice(hostsStart).split(',')) {
      const dsn = GO_DSN_ADDRESS.exec(written);
      const part = dsn ? (dsn[1] === 'unix' ? '' : dsn[2]) : written;
      const shift = dsn ? dsn[1].length + 1 : 0;
      const parsed = splitHostPort(part);
      if (parsed && parsed.host && HOST_TOKEN.test(parsed.host)) {
        bind ??= followsBindFlag(text, url.start);
        out.push({
          start: url.start,
          host: parsed.host,
          hostStart: cursor + shift + parsed.hostOffset,
          hostEnd: cursor + shift + parsed.hostOffset + parsed.hostLength,
          port: parsed.port,
          portStart: parsed.port !== undefined ? cursor + shift + parsed.portOffset : undefined,
          portEnd: parsed.port !== undefined ? cursor + shift + parsed.portOffset + parsed.portLength : undefined,
          scheme,
          form: 'url',
          bind,
        });
      }
      cursor += written.length + 1;
    }
  }
  // Both lists run left to right: one pointer tells whether a `host:port` lies inside a URL.
  let u = 0;
  for (const m of scanHostPorts(text)) {
    const { start, end } = m;
    while (u < urls.length && urls[u].end <= start) u++;
    if (u < urls.length && urls[u].start < end) continue;
    let host = m.host;
    let hostStart = start;
    if (host.startsWith('[')) {
      host = host.slice(1, -1);
      hostStart++;
    }
    // Times (12:30), ratios and the like have no letter and are no IPv4 address.
    if (!/[A-Za-z]/.test(host) && !/^\d{1,3}(\.\d{1,3}){3}$/.test(host) && !host.includes(':')) continue;
    const port = Number(m.digits);
    // `min:2`, `ratio:3`: a bare word with a one-digit number is a key and a count, not a service port.
    if (port > 65535 || port < 10) continue;
    out.push({
      start,
      host,
      hostStart,
      hostEnd: hostStart + host.length,
      port,
      portStart: end - m.digits.length,
      portEnd: end,
      form: 'host-port',
      bind: followsBindFlag(text, start),
    });
  }
  return out.sort((a, b) => a.hostStart - b.hostStart);
}

/** Host and port of one authority entry; the port is the digits after the colon, ending at the first non-digit. */
function splitHostPort(part: string): { host: string; hostOffset: number; hostLength: number; port?: number; portOffset: number; portLength: number } | undefined {
  if (part.startsWith('[')) {
    const close = part.indexOf(']');
    if (close < 0) return undefined;
    const host = part.slice(1, close);
    const port = /^:(\d{1,5})(?!\d)/.exec(part.slice(close + 1));
    return { host, hostOffset: 1, hostLength: host.length, port: port ? Number(port[1]) : undefined, portOffset: close + 2, portLength: port ? port[1].length : 0 };
  }
  const colon = part.indexOf(':');
  if (colon < 0) return { host: part, hostOffset: 0, hostLength: part.length, portOffset: part.length, portLength: 0 };
  const port = /^(\d{1,5})(?!\d)/.exec(part.slice(colon + 1));
  return { host: part.slice(0, colon), hostOffset: 0, hostLength: colon, port: port ? Number(port[1]) : undefined, portOffset: colon + 1, portLength: port ? port[1].length : 0 };
}

/** A value that is one host name or address and nothing else (for `*_HOST` variables). */
export function isBareHost(value: string): boolean {
  return /^(?:[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9_-]+)*|::1|\[::1\])$/.test(value);
}

/** Environment names that hold a host: `DB_HOST`, `PGHOST`, `REDIS_HOSTNAME`, `SMTP_SERVER`, `API_ADDR`. */
export function hostVariablePrefix(key: string): string | undefined {
  const m = /^(.*?)_?(HOST|HOSTNAME|SERVER|ADDR|ADDRESS)$/i.exec(key);
  if (!m) return undefined;
  // `RABBITMQ_VHOST`, `VIRTUAL_HOST`: a virtual host is a name inside a server, not a machine.
  if (/(^|_)V$/i.test(m[1]) || /(^|_)VIRTUAL$/i.test(m[1])) return undefined;
  return m[1].toUpperCase();
}

/**
 * Environment names that hold the name the *outside world* uses for this service (a reverse
 * proxy's routing name, a certificate's domain), not an address the service connects to.
 */
export function isPublicNameVariable(key: string): boolean {
  return /^(VIRTUAL_HOST|LETSENCRYPT_HOST|SERVER_NAME|DOMAIN|DOMAIN_NAME)$/i.test(key) || /(^|_)(PUBLIC|EXTERNAL|EXPOSED)_(HOST|HOSTNAME|ADDR|ADDRESS|DOMAIN)$/i.test(key);
}

/** `*_SERVER` names hold a host less surely than `*_HOST`: `WEB_SERVER=nginx` names a kind of server. */
export function isWeakHostVariable(key: string): boolean {
  return /_?SERVER$/i.test(key);
}

/** Environment names that set the address a program listens on rather than one it reaches. */
export function isBindVariable(key: string): boolean {
  return /(^|_)(BIND|LISTEN)(_|$)/i.test(key) || /^(HOST|UVICORN_HOST|FLASK_RUN_HOST|HOSTNAME|ASPNETCORE_URLS|DOTNET_URLS|URLS)$/i.test(key);
}

/** Hosts that only make sense as a listen address: every interface. */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '+' || host === '*' || host === '[::]';
}

/** Names of settings that say where a program listens or what it announces (`ADDRESS`, `ASPNETCORE_URLS`, `--kafka-addr`). */
export function isAddressSetting(key: string): boolean {
  return /(^|_)(ADDR|ADDRESS|URLS|BIND|LISTEN)(_|$)/i.test(key);
}

export const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', 'ip6-localhost', '::']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}
