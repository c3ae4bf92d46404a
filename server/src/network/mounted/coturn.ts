// turnserver.conf, coturn's configuration (a STUN/TURN server): one option per line, `name=value` or a
// bare `name` for a flag, `#` comments. Where it listens — the TURN port and its TLS port, over TCP and
// UDP alike, their RFC 5780 alternates one above, the relay range where allocations live, the metrics
// and admin ports when switched on — and the user and statistics databases it connects to
// (`mysql-userdb`, `psql-userdb`, `redis-userdb`, `redis-statsdb`, `mongo-userdb`). A line scanner:
// the format is no more than that.
import { code } from '../../display/markdown';
import type { RoleEvidence } from '../roles';
import { addressAt, type MountedAddress } from './address';

interface Option {
  name: string;
  /** The value without quotes; '' for a bare flag. */
  value: string;
  /** Where the value (without quotes) starts in the file. */
  valueStart: number;
}

/** The options of the file, in order; a name written with leading dashes (as on the command line) is read the same. */
export function coturnOptions(text: string): Option[] {
  const out: Option[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    if (line.trimStart().startsWith('#')) continue;
    const m = /^\s*(?:--)?([A-Za-z][\w-]*)(?:\s*=\s*|\s+|$)(.*)$/d.exec(line);
    if (!m) continue;
    let value = m[2];
    let valueStart = lineStart + (m.indices as RegExpIndicesArray)[2][0];
    // A trailing comment is not part of the value.
    const hash = value.search(/\s#/);
    if (hash >= 0) value = value.slice(0, hash);
    value = value.trimEnd();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
      valueStart += 1;
    }
    out.push({ name: m[1].toLowerCase(), value, valueStart });
  }
  return out;
}

/** Short options of turnserver that matter here, by their long names. */
const SHORT: Record<string, string> = { '-p': 'listening-port', '-n': 'no-config-file' };

/**
 * The options the command line gives turnserver (`--min-port=49160`, `--min-port 49160`, `-p 3479`, a bare
 * `--no-udp`), which win over the file's; `-n` means the file is not read at all.
 */
export function coturnArguments(words: readonly string[]): { options: Option[]; noConfigFile: boolean } {
  const options: Option[] = [];
  let noConfigFile = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const long = /^--([A-Za-z][\w-]*)(?:=(.*))?$/.exec(w);
    const name = long ? long[1].toLowerCase() : SHORT[w];
    if (!name) continue;
    if (name === 'no-config-file') {
      noConfigFile = true;
      continue;
    }
    let value = long?.[2];
    if (value === undefined && words[i + 1] !== undefined && !words[i + 1].startsWith('-')) value = words[++i];
    // Not located in a mounted file: a value on the command line is read, never pointed at.
    options.push({ name, value: value ?? '', valueStart: -1 });
  }
  return { options, noConfigFile };
}

/** A flag is on when written bare or with a true value (`1`, `on`, `yes`, `true`, `t`). */
function flagOn(options: readonly Option[], name: string): boolean {
  const last = [...options].reverse().find((o) => o.name === name);
  return last !== undefined && (last.value === '' || /^(?:1|on|yes|true|t)$/i.test(last.value));
}

function lastValue(options: readonly Option[], name: string): string | undefined {
  for (let i = options.length - 1; i >= 0; i--) if (options[i].name === name) return options[i].value;
  return undefined;
}

const DATABASES: Record<string, { scheme: string; what: string }> = {
  'mysql-userdb': { scheme: 'mysql', what: 'its user database' },
  'psql-userdb': { scheme: 'postgresql', what: 'its user database' },
  'redis-userdb': { scheme: 'redis', what: 'its user database' },
  'redis-statsdb': { scheme: 'redis', what: 'its statistics database' },
  'mongo-userdb': { scheme: 'mongodb', what: 'its user database' },
};

/**
 * The databases coturn connects to. A connection string is a URL (`postgresql://user@host/db`,
 * `mongodb://host:27017/coturn`) or words `key=value` where `host=` (`ip=` for Redis) and `port=` say where.
 */
export function coturnAddresses(text: string): MountedAddress[] {
  const out: MountedAddress[] = [];
  for (const o of coturnOptions(text)) {
    const db = DATABASES[o.name];
    if (!db || o.value === '') continue;
    const role: RoleEvidence = { role: 'dial', certainty: 'certain', why: `coturn connects to ${db.what} there (${code(o.name)})` };
    if (/^[a-z][\w+.-]*:\/\//i.test(o.value)) {
      const end = o.value.search(/\s/);
      const a = addressAt(text, o.valueStart, o.valueStart + (end < 0 ? o.value.length : end), false);
      if (a) out.push({ ...a, setting: o.name, role });
      continue;
    }
    const words = new Map<string, { text: string; start: number }>();
    for (const w of o.value.matchAll(/([\w-]+)=(\S*)/g)) words.set(w[1].toLowerCase(), { text: w[2], start: o.valueStart + (w.index as number) + w[1].length + 1 });
    const host = words.get('host') ?? words.get('ip') ?? words.get('hostaddr');
    if (!host || host.text === '') continue;
    const a = addressAt(text, host.start, host.start + host.text.length, true);
    if (!a) continue;
    const port = words.get('port');
    const portNumber = port && /^\d{1,5}$/.test(port.text) ? Number(port.text) : undefined;
    out.push({
      ...a,
      scheme: db.scheme,
      ...(portNumber !== undefined && portNumber >= 1 && portNumber <= 65535 ? { port: portNumber, portStart: port!.start, portEnd: port!.start + port!.text.length } : {}),
      setting: o.name,
      role,
    });
  }
  return out;
}

export interface CoturnListener {
  port: number;
  protocol: 'tcp' | 'udp' | 'both';
  via: string;
}

export interface CoturnListens {
  ports: CoturnListener[];
  /** The relay range: each allocation's socket takes a port in it (`min-port`..`max-port`). */
  relay?: { from: number; to: number; via: string };
  /** A listener whose port is not written plainly. */
  open?: string;
}

function portValue(options: readonly Option[], name: string, fallback: number): number | 'unread' {
  const v = lastValue(options, name);
  if (v === undefined || v === '' || v === '0') return fallback;
  if (!/^\d{1,5}$/.test(v)) return 'unread';
  const n = Number(v);
  return n >= 1 && n <= 65535 ? n : 'unread';
}

/** Options that keep a service to the loopback address by default (coturn's CLI and web admin). */
function loopbackOnly(options: readonly Option[], ipOption: string): boolean {
  const ip = lastValue(options, ipOption);
  return ip === undefined || ip === '' || /^(?:127\.|::1$|localhost$)/i.test(ip);
}

/**
 * Where coturn listens (defaults from its documentation): the TURN port 3478 on UDP and TCP, the TLS
 * port 5349 for TLS and DTLS, each with an alternate one above it (RFC 5780), less what `no-udp`,
 * `no-tcp`, `no-tls`, `no-dtls` switch off; the relay range 49152–65535; Prometheus metrics (9641)
 * with `prometheus`; the web admin (8080) and the telnet CLI (5766) where they are not on loopback.
 */
export function coturnListens(text: string, args: { options: Option[]; noConfigFile: boolean } = { options: [], noConfigFile: false }): CoturnListens {
  const options = [...(args.noConfigFile ? [] : coturnOptions(text)), ...args.options];
  const out: CoturnListens = { ports: [] };
  const noUdp = flagOn(options, 'no-udp');
  const noTcp = flagOn(options, 'no-tcp');
  const noTls = flagOn(options, 'no-tls');
  const noDtls = flagOn(options, 'no-dtls');
  const add = (name: string, fallback: number, udp: boolean, tcp: boolean, via: string) => {
    if (!udp && !tcp) return undefined;
    const port = portValue(options, name, fallback);
    if (port === 'unread') {
      out.open ??= code(name);
      return undefined;
    }
    out.ports.push({ port, protocol: udp && tcp ? 'both' : udp ? 'udp' : 'tcp', via });
    return port;
  };
  const plain = add('listening-port', 3478, !noUdp, !noTcp, 'listening-port');
  const tls = add('tls-listening-port', 5349, !noDtls, !noTls, 'tls-listening-port');
  // The alternates default to the main port plus one.
  if (plain !== undefined) add('alt-listening-port', plain + 1, !noUdp, !noTcp, 'alt-listening-port');
  if (tls !== undefined) add('alt-tls-listening-port', tls + 1, !noDtls, !noTls, 'alt-tls-listening-port');
  if (flagOn(options, 'prometheus')) add('prometheus-port', 9641, false, true, 'prometheus');
  if (flagOn(options, 'web-admin') && !loopbackOnly(options, 'web-admin-ip')) add('web-admin-port', 8080, false, true, 'web-admin');
  if (!flagOn(options, 'no-cli') && !loopbackOnly(options, 'cli-ip')) add('cli-port', 5766, false, true, 'cli-port');
  const min = portValue(options, 'min-port', 49152);
  const max = portValue(options, 'max-port', 65535);
  if (min === 'unread' || max === 'unread') out.open ??= code(min === 'unread' ? 'min-port' : 'max-port');
  else if (min <= max) out.relay = { from: min, to: max, via: 'the relay range (min-port..max-port)' };
  return out;
}
