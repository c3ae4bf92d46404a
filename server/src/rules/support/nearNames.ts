// The closest name to a misspelt one, by edit distance, for "did you mean" fixes. A suggestion is at
// most 2 edits away, so only names within 2 characters of its length are compared, only the band of
// the distance table within 2 of its diagonal is filled, and a name is compared with at most
// MAX_COMPARED others: the work per name asked about is bounded whatever the project holds.

/** Table cells filled so far: a test compares it with the size of the names asked about. */
export const similarCounters = { cells: 0 };

/** At most this many edits make a slip rather than another name. */
const MAX_EDITS = 2;

/** Names compared with one name at most; beyond it (thousands of names of one length) no more are tried. */
export const MAX_COMPARED = 256;

/** Levenshtein distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[y.length];
}

/**
 * The Levenshtein distance of `x` and `y` (compared as given) when it is at most `max`, else `max + 1`.
 * Cells farther than `max` from the diagonal cannot lead to such a distance and are never filled; the
 * work stops at the first row whose every cell exceeds `max`.
 */
export function editDistanceWithin(x: string, y: string, max: number): number {
  const over = max + 1;
  if (Math.abs(x.length - y.length) > max) return over;
  const width = 2 * max + 1;
  // prev[k] and row[k] hold the cell of column j = i + k - max of rows i - 1 and i.
  let prev = new Array<number>(width);
  let row = new Array<number>(width);
  for (let k = 0; k < width; k++) {
    const j = k - max;
    prev[k] = j >= 0 && j <= y.length ? j : over;
  }
  for (let i = 1; i <= x.length; i++) {
    let best = over;
    for (let k = 0; k < width; k++) {
      const j = i + k - max;
      let cell = over;
      if (j === 0) cell = i;
      else if (j > 0 && j <= y.length) {
        const diagonal = prev[k] + (x.charCodeAt(i - 1) === y.charCodeAt(j - 1) ? 0 : 1);
        const above = k + 1 < width ? prev[k + 1] + 1 : over;
        const left = k > 0 ? row[k - 1] + 1 : over;
        cell = Math.min(diagonal, above, left, over);
      }
      row[k] = cell;
      if (cell < best) best = cell;
    }
    similarCounters.cells += width;
    if (best > max) return over;
    [prev, row] = [row, prev];
  }
  return prev[y.length - x.length + max];
}

/** A name in an index: its lower-case form and its place in the order the names were given. */
interface Indexed {
  name: string;
  lower: string;
  order: number;
}

/** A name near the one asked about, with its distance. */
export interface Near {
  name: string;
  distance: number;
  order: number;
}

/**
 * Names by length, for asking many times which one is nearest: each question compares only names of
 * a close length, and its answer is kept (the same unknown host is often written many times).
 */
export class NearNames {
  private readonly byLength = new Map<number, Indexed[]>();
  private readonly names = new Set<string>();
  private readonly answers = new Map<string, Near[]>();

  constructor(names: Iterable<string>) {
    for (const name of names) {
      if (this.names.has(name)) continue;
      this.names.add(name);
      const lower = name.toLowerCase();
      // By the length compared: a distance is at least the difference of the lengths.
      const list = this.byLength.get(lower.length) ?? [];
      list.push({ name, lower, order: this.names.size - 1 });
      this.byLength.set(lower.length, list);
    }
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  /**
   * The names close enough to `name` to be a slip rather than another name, nearest first (then in
   * the order given): at most 2 edits, and fewer than a third of the longer name's letters.
   */
  near(name: string): Near[] {
    const lower = name.toLowerCase();
    const known = this.answers.get(lower);
    if (known) return known;
    const found: Near[] = [];
    let compared = 0;
    // Same length first (a letter mistyped), then one and two letters more or fewer.
    for (const delta of [0, -1, 1, -2, 2]) {
      for (const c of this.byLength.get(lower.length + delta) ?? []) {
        if (compared >= MAX_COMPARED) break;
        if (c.lower === lower) continue;
        const limit = Math.min(MAX_EDITS, Math.floor(Math.max(name.length, c.name.length) / 3));
        if (Math.abs(delta) > limit) continue;
        compared++;
        const d = editDistanceWithin(lower, c.lower, limit);
        if (d <= limit) found.push({ name: c.name, distance: d, order: c.order });
      }
    }
    found.sort((a, b) => a.distance - b.distance || a.order - b.order);
    this.answers.set(lower, found);
    return found;
  }

  /** The nearest name `accept` allows (all, when absent). */
  closest(name: string, accept?: (candidate: string) => boolean): Near | undefined {
    return this.near(name).find((n) => !accept || accept(n.name));
  }
}

/**
 * The candidate nearest to `name`, when it is close enough to be a slip rather than another
 * name: at most 2 edits, and fewer than a third of the longer name's letters.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  return new NearNames(candidates).closest(name)?.name;
}
