// The ranges the engine takes network subnets from (its default address pools), and a free range of a
// given size among them. When the daemon does not show its pools (`docker info` on engines before the
// API shows `DefaultAddressPools`), the documented defaults apply: 172.17.0.0/16 to 172.31.0.0/16 in
// /16 networks, then 192.168.0.0/16 in /20 networks.
import { parseSubnet, subnetsOverlap, type ParsedSubnet } from './cidr';

export interface AddressPool {
  /** The range the pool splits (`172.17.0.0/16`). */
  base: string;
  /** The prefix length of each network taken from it. */
  size: number;
}

export const DOCUMENTED_DEFAULT_POOLS: readonly AddressPool[] = [
  { base: '172.17.0.0/16', size: 16 },
  { base: '172.18.0.0/16', size: 16 },
  { base: '172.19.0.0/16', size: 16 },
  { base: '172.20.0.0/14', size: 16 },
  { base: '172.24.0.0/14', size: 16 },
  { base: '172.28.0.0/14', size: 16 },
  { base: '192.168.0.0/16', size: 20 },
];

/** How many candidate ranges one search looks at, at most: a /28 wanted in a /8 pool stops early. */
const MAX_CANDIDATES = 1 << 16;

function format4(value: bigint, prefix: number): string {
  const bytes = [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n));
  return `${bytes.join('.')}/${prefix}`;
}

/**
 * The first IPv4 range with `prefix` bits inside the pools that overlaps none of `taken`; undefined when
 * the pools hold none (or the prefix is wider than every pool). Pools are tried in order, as the engine does.
 */
export function freeSubnet(prefix: number, taken: readonly ParsedSubnet[], pools: readonly AddressPool[] = DOCUMENTED_DEFAULT_POOLS): string | undefined {
  if (prefix < 1 || prefix > 32) return undefined;
  const blocking = taken.filter((t) => t.family === 4);
  let looked = 0;
  for (const pool of pools) {
    const base = parseSubnet(pool.base);
    if (!base || base.family !== 4 || base.prefix > prefix) continue;
    const step = 1n << BigInt(32 - prefix);
    const start = (base.value >> BigInt(32 - base.prefix)) << BigInt(32 - base.prefix);
    const end = start + (1n << BigInt(32 - base.prefix));
    for (let at = start; at < end; at += step) {
      if (++looked > MAX_CANDIDATES) return undefined;
      const candidate: ParsedSubnet = { family: 4, value: at, prefix };
      // Skip past the whole blocking range at once: a wide network covers many candidates.
      const hit = blocking.find((t) => subnetsOverlap(t, candidate));
      if (!hit) return format4(at, prefix);
      if (hit.prefix < prefix) {
        const hitEnd = ((hit.value >> BigInt(32 - hit.prefix)) + 1n) << BigInt(32 - hit.prefix);
        at = hitEnd - step;
      }
    }
  }
  return undefined;
}
