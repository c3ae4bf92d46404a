// Names as Compose and DNS accept them. A probe checks its names against these before anything runs in
// a container: a name starting with `-` would be read there as an option of the command, and a name
// Compose would refuse cannot be one of the project's services anyway.

/** Compose's rule for a service name (its schema: letters, digits, `.`, `_` and `-`). */
export function isServiceName(name: unknown): name is string {
  return typeof name === 'string' && name.length > 0 && name.length < 256 && /^[a-zA-Z0-9._-]+$/.test(name);
}

/** One label of a host name: letters, digits, `-` and `_` (Compose's service names resolve with it), never starting or ending with `-`. */
const LABEL = /^[a-zA-Z0-9_](?:[a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?$/;

/** A host name in DNS syntax (dot-separated labels of at most 63 characters, 253 in all), an IPv4 address among them, or an IPv6 address. */
export function isHostName(name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 253) return false;
  if (name.includes(':')) return /^[0-9a-fA-F:.]+$/.test(name);
  return name.split('.').every((label) => LABEL.test(label));
}

/** A TCP or UDP port: an integer from 1 to 65535. */
export function isPort(port: unknown): port is number {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
}
