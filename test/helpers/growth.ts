// Work that must grow linearly with its input, measured by a count the code keeps (characters
// examined, values expanded, lines parsed), never by time: the count at size n and 2n.
import * as assert from 'node:assert/strict';

/**
 * `work(n)` is the count for an input of size n. Linear work doubles when n does (a quadratic one
 * quadruples); `slack` allows for constant parts.
 */
export function assertLinearGrowth(what: string, work: (n: number) => number, n: number, slack = 2.3): { small: number; large: number } {
  const small = work(n);
  const large = work(2 * n);
  assert.ok(small > 0, `${what}: no work counted at n=${n}`);
  assert.ok(large <= slack * small, `${what}: work ${small} at n=${n} but ${large} at n=${2 * n} (×${(large / small).toFixed(2)})`);
  return { small, large };
}

/** A seeded generator (mulberry32), so a failing case can be run again. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
