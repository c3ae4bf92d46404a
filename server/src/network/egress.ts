// Whether an address a service writes lies outside the project: the question behind internal
// networks, which have no route out (facts 10 and 16).
import type { NetworkModel } from './types';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4ToNumber(text: string): number | undefined {
  const m = IPV4.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/** True when the IPv4 address `ip` lies in the IPv4 CIDR `cidr` (false for anything unparsable). */
export function ipv4InSubnet(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const a = ipv4ToNumber(ip);
  const b = ipv4ToNumber(base);
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

export function isIpv4(text: string): boolean {
  return ipv4ToNumber(text) !== undefined;
}

/** RFC 1918 and link-local ranges, from which Docker also picks the subnets it assigns itself. */
function isPrivateIpv4(ip: string): boolean {
  return ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'].some((c) => ipv4InSubnet(ip, c));
}

/** Suffixes of names meant for a private resolver (mDNS, split-horizon, reserved), not the public DNS. */
const PRIVATE_SUFFIXES = new Set(['local', 'localhost', 'localdomain', 'internal', 'lan', 'home', 'corp', 'intranet', 'test', 'invalid', 'example', 'arpa']);

/**
 * A dotted name that only the public DNS (through the host's resolvers) can answer: not a name
 * the project defines (the caller resolves it first), not `tasks.<service>` (fact 21), not a
 * private or reserved suffix.
 */
export function isPublicName(model: NetworkModel, host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (!name.includes('.') || isIpv4(name) || name.includes(':')) return false;
  const labels = name.split('.');
  const tld = labels[labels.length - 1];
  if (!/^[a-z]{2,}$/.test(tld) || PRIVATE_SUFFIXES.has(tld)) return false;
  if (labels[0] === 'tasks' && model.services.has(labels.slice(1).join('.'))) return false;
  if (name === 'host.docker.internal' || name === 'gateway.docker.internal') return false;
  return true;
}

/**
 * An IPv4 address outside every subnet of the project. With a network whose subnet Docker picks
 * (no `ipam.config`), a private address may be on it, so only public addresses count then.
 */
export function isIpOutsideProject(model: NetworkModel, host: string): boolean {
  if (!isIpv4(host) || /^127\./.test(host) || host === '0.0.0.0') return false;
  const project = [...model.networks.values()].filter((n) => n.kind !== 'default-bridge');
  if (project.some((n) => n.subnets.some((s) => ipv4InSubnet(host, s)))) return false;
  const allKnown = project.every((n) => n.subnets.length > 0);
  return allKnown || !isPrivateIpv4(host);
}

/** The destinations an internal-only service cannot reach: public names and addresses outside the project. */
export function isOutsideProject(model: NetworkModel, host: string): boolean {
  return isPublicName(model, host) || isIpOutsideProject(model, host);
}
