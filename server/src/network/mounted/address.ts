// One address as configuration files write it: `scheme://[user@]host[:port][/path]`, `host:port`,
// or a bare `host` where the setting takes one. Offsets are into the file's text, so a reference
// lands on the host's own characters. A template or variable (`${X}`, `{{ .X }}`, `$var`,
// `{env.X}`, `%(x)s`) is no host: its value is known only when the program runs.
import type { AddressMatch } from '../addresses';
import type { RoleEvidence } from '../roles';

/** An address found in a file: the scanner's match (no bind flag there), and where the written address ends. */
export type FoundAddress = Omit<AddressMatch, 'bind'> & {
  /** The written address ends here (exclusive); it starts at `start`. */
  end: number;
};

/** An address a reader found, with the setting holding it and what the program does with it. */
export interface MountedAddress extends FoundAddress {
  /** The directive or key holding it, as the file writes it: `proxy_pass`, `static_configs.targets`, `url`. */
  setting: string;
  role: RoleEvidence;
}

/** Characters that only templates and variables put in an address. */
const TEMPLATE = /[$%{}<>`]/;
const HOST = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)$/;
/** Schemes whose authority is a path or a socket, not a network host. */
const NO_HOST_SCHEMES = new Set(['unix', 'file']);

/**
 * The address written at [start, end) of `text`, or undefined when it is none (a template, a socket, a
 * path). `bareHost`: the setting takes a host alone (`server app;`), so a word without port is one.
 */
export function addressAt(text: string, start: number, end: number, bareHost: boolean): FoundAddress | undefined {
  const token = text.slice(start, end);
  if (token === '' || TEMPLATE.test(token)) return undefined;
  let at = 0;
  let scheme: string | undefined;
  const s = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(token);
  if (s) {
    scheme = s[1].toLowerCase();
    if (NO_HOST_SCHEMES.has(scheme)) return undefined;
    at = s[0].length;
  }
  const rest = token.slice(at);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  // `user:password@host`: the host follows the last `@`.
  const userEnd = authority.lastIndexOf('@');
  const hostPart = userEnd < 0 ? authority : authority.slice(userEnd + 1);
  const hostPartStart = start + at + userEnd + 1;
  if (!scheme && authorityEnd >= 0) return undefined;
  if (/^unix:/i.test(hostPart)) return undefined;
  let host: string;
  let hostStart: number;
  let portText: string | undefined;
  if (hostPart.startsWith('[')) {
    const close = hostPart.indexOf(']');
    if (close < 0) return undefined;
    host = hostPart.slice(1, close);
    hostStart = hostPartStart + 1;
    const after = hostPart.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return undefined;
    portText = after === '' ? undefined : after.slice(1);
    if (!/^[0-9A-Fa-f:.]+$/.test(host)) return undefined;
  } else {
    const colon = hostPart.indexOf(':');
    host = colon < 0 ? hostPart : hostPart.slice(0, colon);
    hostStart = hostPartStart;
    portText = colon < 0 ? undefined : hostPart.slice(colon + 1);
    if (!HOST.test(host)) return undefined;
  }
  if (portText !== undefined && !/^\d{1,5}$/.test(portText)) return undefined;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  if (!scheme && port === undefined && !bareHost) return undefined;
  const hostEnd = hostStart + host.length;
  const portStart = port === undefined ? undefined : hostPartStart + hostPart.length - (portText as string).length;
  return {
    host,
    hostStart,
    hostEnd,
    port,
    portStart,
    portEnd: portStart === undefined ? undefined : portStart + (portText as string).length,
    scheme,
    form: scheme ? 'url' : 'host-port',
    start,
    end,
  };
}
