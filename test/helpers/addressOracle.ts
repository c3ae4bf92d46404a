// The address scanner as it was written with regular expressions, kept as the oracle the linear
// scanner (server/src/network/addressScan.ts) must agree with. Only for small inputs: these
// expressions backtrack, a long word takes seconds.
import type { AddressMatch } from '../../server/src/network/addresses';

const URL_RE = /([a-zA-Z][a-zA-Z0-9_+.-]*):\/\/((?:[^\s'"<>/?#;,]|,(?!(?:[\w.-]+=)?[a-zA-Z][a-zA-Z0-9_+.-]*:\/\/))*)/g;
// Not after `$`, `{` or `%`: `$NAME:8080` is a shell variable at run time (a `$$` in the file), `%s:%d` a template.
const HOST_PORT_RE = /(?<![\w.\-/@:[$%{])((?:[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9_-]+)*|\[[0-9A-Fa-f:.]+\]):(\d{1,5})(?![\w:/-]|\.\d)/g;
/** Schemes whose authority is no network host: a bucket, a path, a socket. */
const NON_HOST_SCHEMES = new Set(['s3', 's3a', 's3n', 'gs', 'gcs', 'file', 'unix', 'npipe', 'az', 'abfs', 'abfss', 'wasb', 'wasbs', 'r2', 'b2', 'data', 'vault', 'env', 'secret', 'docker-image', 'oci']);
/** A host as written in an address: a DNS name (underscores tolerated, Compose allows them in service names), an IP, or a wildcard. */
const HOST_TOKEN = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?|[0-9A-Fa-f:.]+|[+*])$/;
/** Go's MySQL driver writes the address as `tcp(host:port)` or `unix(/path)` after the `@`. */
const GO_DSN_ADDRESS = /^(tcp|tcp4|tcp6|udp|unix)\((.*)\)$/;
const BIND_FLAG_RE = /(?:^|\s)(?:--bind|--bind-address|--bind_ip|--listen|--listen-address|--host|--hostname|--address|--addr|--http-addr|--http\.addr|--web\.listen-address|-b|-l|-H)(?:=|\s+)$/;

export function findAddressesByRegex(text: string): AddressMatch[] {
  const out: AddressMatch[] = [];
  const taken: Array<[number, number]> = [];
  URL_RE.lastIndex = 0;
  for (let m = URL_RE.exec(text); m; m = URL_RE.exec(text)) {
    const scheme = m[1].toLowerCase();
    const authorityStart = m.index + m[1].length + 3;
    const authority = m[2];
    taken.push([m.index, authorityStart + authority.length]);
    if (NON_HOST_SCHEMES.has(scheme)) continue;
    const at = authority.lastIndexOf('@');
    const hostsStart = at >= 0 ? at + 1 : 0;
    let cursor = authorityStart + hostsStart;
    for (const written of authority.slice(hostsStart).split(',')) {
      const dsn = GO_DSN_ADDRESS.exec(written);
      const part = dsn ? (dsn[1] === 'unix' ? '' : dsn[2]) : written;
      const shift = dsn ? dsn[1].length + 1 : 0;
      const parsed = splitHostPort(part);
      if (parsed && parsed.host && HOST_TOKEN.test(parsed.host)) {
        const bind = BIND_FLAG_RE.test(text.slice(0, m.index));
        out.push({
          start: m.index,
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
  HOST_PORT_RE.lastIndex = 0;
  for (let m = HOST_PORT_RE.exec(text); m; m = HOST_PORT_RE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (taken.some(([a, b]) => start < b && end > a)) continue;
    let host = m[1];
    let hostStart = start;
    if (host.startsWith('[')) {
      host = host.slice(1, -1);
      hostStart++;
    }
    // Times (12:30), ratios and the like have no letter and are no IPv4 address.
    if (!/[A-Za-z]/.test(host) && !/^\d{1,3}(\.\d{1,3}){3}$/.test(host) && !host.includes(':')) continue;
    const port = Number(m[2]);
    // `min:2`, `ratio:3`: a bare word with a one-digit number is a key and a count, not a service port.
    if (port > 65535 || port < 10) continue;
    out.push({
      start,
      host,
      hostStart,
      hostEnd: hostStart + host.length,
      port,
      portStart: end - m[2].length,
      portEnd: end,
      form: 'host-port',
      bind: BIND_FLAG_RE.test(text.slice(0, start)),
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

/** The raw matches of the two expressions, and the bind-flag test, for comparing scan by scan. */
export function urlSpansByRegex(text: string): Array<{ start: number; schemeEnd: number; end: number }> {
  const out: Array<{ start: number; schemeEnd: number; end: number }> = [];
  URL_RE.lastIndex = 0;
  for (let m = URL_RE.exec(text); m; m = URL_RE.exec(text)) out.push({ start: m.index, schemeEnd: m.index + m[1].length, end: m.index + m[0].length });
  return out;
}

export function hostPortSpansByRegex(text: string): Array<{ start: number; end: number; host: string; digits: string }> {
  const out: Array<{ start: number; end: number; host: string; digits: string }> = [];
  HOST_PORT_RE.lastIndex = 0;
  for (let m = HOST_PORT_RE.exec(text); m; m = HOST_PORT_RE.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, host: m[1], digits: m[2] });
  return out;
}

export function followsBindFlagByRegex(text: string, at: number): boolean {
  return BIND_FLAG_RE.test(text.slice(0, at));
}
