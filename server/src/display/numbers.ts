// Counts in messages and hovers written with thousands separators (`2,000`) without `Intl`: the first
// `toLocaleString` of a process loads the locale data, which a 5,000-service project's first hover paid.

/** `n` with a comma every three digits, as `en-US` writes it. */
export function count(n: number): string {
  const whole = String(Math.trunc(n));
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
