// How many names a message, hover or lens lists before it says how many more: every list of
// services stays readable on a 2,000-service project (a hover there once ran to 25 KB).
import { count } from '../../display/numbers';

export const LISTED = 8;

/** Places a finding relates at most: a port claimed by a thousand services must not relate each to each. */
export const RELATED = 20;

/** The first `max` items joined, then "and N more" (or "or N more" when joined by "or"). */
export function some(items: readonly string[], joiner = ', ', max = LISTED): string {
  return someOf(items, (item) => item, joiner, max);
}

/** `some` of items shown by `show`, which runs on the listed items only (lists can hold thousands). */
export function someOf<T>(items: readonly T[], show: (item: T) => string, joiner = ', ', max = LISTED): string {
  return someOfCounted(items.slice(0, max), items.length, show, joiner);
}

/** `someOf` where only the listed items were gathered: `listed` are the first of `total` (at most `LISTED` of them shown). */
export function someOfCounted<T>(listed: readonly T[], total: number, show: (item: T) => string, joiner = ', ', max = LISTED): string {
  const shown = listed.slice(0, max).map(show).join(joiner);
  if (total <= max) return shown;
  const word = joiner.trim() === 'or' ? 'or' : 'and';
  return `${shown} ${word} ${count(total - max)} more`;
}
