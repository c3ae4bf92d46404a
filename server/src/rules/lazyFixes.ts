// Fixes computed when first read: a large project has thousands of findings and diagnostics need
// none of their edits; a code action or `--fix` reads them for the few it shows or applies.
import type { Finding, Fix } from './types';

/** `finding` with `fixes` as a property that runs `make` once, on first read (spread and JSON read it too). */
export function withLazyFixes(finding: Omit<Finding, 'fixes'>, make: () => Fix[]): Finding {
  let fixes: Fix[] | undefined;
  return Object.defineProperty(finding, 'fixes', {
    enumerable: true,
    configurable: true,
    get: () => (fixes ??= safely(make)),
  }) as Finding;
}

/** A fix that fails to compute is no fix; it must not take the request (or the server) down. */
function safely(make: () => Fix[]): Fix[] {
  try {
    return make();
  } catch {
    return [];
  }
}
