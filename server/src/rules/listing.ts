// How many names a message, hover or lens lists before it says how many more: every list of
// services stays readable on a 2,000-service project (a hover there once ran to 25 KB).
export const LISTED = 8;

/** Places a finding relates at most: a port claimed by a thousand services must not relate each to each. */
export const RELATED = 20;

/** The first `max` items joined, then "and N more" (or "or N more" when joined by "or"). */
export function some(items: readonly string[], joiner = ', ', max = LISTED): string {
  if (items.length <= max) return items.join(joiner);
  const word = joiner.trim() === 'or' ? 'or' : 'and';
  return `${items.slice(0, max).join(joiner)} ${word} ${(items.length - max).toLocaleString('en-US')} more`;
}
