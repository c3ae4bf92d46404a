// IP addresses and subnets as written in `ipam.config` and `ipv4_address` / `ipv6_address`,
// so static addresses can be checked against the subnets that must contain them (fact 15).

export type Family = 4 | 6;

export interface ParsedAddress {
  family: Family;
  /** The address as a big-endian number (32 or 128 bits). */
  value: bigint;
}

export interface ParsedSubnet extends ParsedAddress {
  prefix: number;
}

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(p));
  }
  return value;
}

function parseIPv6(text: string): bigint | undefined {
  let body = text.replace(/^\[|\]$/g, '');
  // An embedded IPv4 tail (`::ffff:10.0.0.1`) counts as two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (v4) {
    const tail = parseIPv4(v4[1]);
    if (tail === undefined) return undefined;
    body = body.slice(0, -v4[1].length) + ((tail >> 16n) & 0xffffn).toString(16) + ':' + (tail & 0xffffn).toString(16);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  return value;
}

/** One key per address however it is written (`fd00::9` and `fd00:0::9`, `[::1]`), or undefined for no address. */
export function addressKey(text: string): string | undefined {
  // A host that is no address at all (a name) is told apart without parsing.
  if (!/^[\d.:\[\]a-fA-F]+$/.test(text)) return undefined;
  const a = parseAddress(text.replace(/^\[|\]$/g, ''));
  return a ? `${a.family}:${a.value}` : undefined;
}

export function parseAddress(text: string): ParsedAddress | undefined {
  const t = text.trim();
  const v4 = parseIPv4(t);
  if (v4 !== undefined) return { family: 4, value: v4 };
  if (!t.includes(':')) return undefined;
  const v6 = parseIPv6(t);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

export function parseSubnet(text: string): ParsedSubnet | undefined {
  const m = /^(.+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const address = parseAddress(m[1]);
  const prefix = Number(m[2]);
  if (!address || prefix > (address.family === 4 ? 32 : 128)) return undefined;
  return { ...address, prefix };
}

/** Whether `address` lies inside `subnet` (same family, same leading `prefix` bits). */
export function inSubnet(address: ParsedAddress, subnet: ParsedSubnet): boolean {
  if (address.family !== subnet.family) return false;
  const bits = BigInt(address.family === 4 ? 32 : 128);
  const shift = bits - BigInt(subnet.prefix);
  return address.value >> shift === subnet.value >> shift;
}

/** Whether two subnets share an address: same family, and the wider one holds the other's first address. */
export function subnetsOverlap(a: ParsedSubnet, b: ParsedSubnet): boolean {
  if (a.family !== b.family) return false;
  return inSubnet(a.prefix <= b.prefix ? b : a, a.prefix <= b.prefix ? a : b);
}
