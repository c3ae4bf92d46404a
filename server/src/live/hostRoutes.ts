// The routes of the machine the engine runs on, when that is this machine (a local socket): a project
// subnet overlapping one (a LAN, a VPN) takes that range from the host once Compose creates the bridge.
// Read from the kernel's route tables in /proc, which the engine's own API does not show.
import * as fs from 'node:fs';

export interface HostRoute {
  /** `192.168.1.0/24`, `fd00:1::/64`. */
  subnet: string;
  interface: string;
}

/** Routes of `/proc/net/route` (IPv4, little-endian hex) and `/proc/net/ipv6_route` texts; default routes left out. */
export function parseRouteTables(ipv4: string, ipv6 = ''): HostRoute[] {
  const out: HostRoute[] = [];
  for (const line of ipv4.split('\n').slice(1)) {
    const [iface, dest, , , , , , mask] = line.trim().split(/\s+/);
    if (!iface || !/^[0-9A-F]{8}$/i.test(dest ?? '') || !/^[0-9A-F]{8}$/i.test(mask ?? '')) continue;
    const bytes = (hex: string) => [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const prefix = bytes(mask).reduce((n, b) => n + b.toString(2).replace(/0/g, '').length, 0);
    if (prefix === 0) continue;
    out.push({ subnet: `${bytes(dest).join('.')}/${prefix}`, interface: iface });
  }
  for (const line of ipv6.split('\n')) {
    const [dest, len, , , , , , , , iface] = line.trim().split(/\s+/);
    if (!iface || !/^[0-9a-f]{32}$/i.test(dest ?? '')) continue;
    const prefix = parseInt(len, 16);
    // Default, link-local, multicast and host routes say nothing of a network a project could take.
    if (prefix === 0 || prefix === 128 || /^fe80|^ff/i.test(dest) || iface === 'lo') continue;
    out.push({ subnet: `${dest.match(/.{4}/g)!.join(':')}/${prefix}`, interface: iface });
  }
  return out;
}

/** This machine's routes, or undefined when its route tables cannot be read (not Linux, no /proc). */
export function readHostRoutes(): HostRoute[] | undefined {
  try {
    const ipv4 = fs.readFileSync('/proc/net/route', 'utf8');
    let ipv6 = '';
    try {
      ipv6 = fs.readFileSync('/proc/net/ipv6_route', 'utf8');
    } catch {
      // No IPv6 on this machine.
    }
    return parseRouteTables(ipv4, ipv6);
  } catch {
    return undefined;
  }
}
