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
  const shown = items.slice(0, max).map(show).join(joiner);
  if (items.length <= max) return shown;
  const word = joiner.trim() === 'or' ? 'or' : 'and';
  return `${shown} ${word} ${count(items.length - max)} more`;
}
