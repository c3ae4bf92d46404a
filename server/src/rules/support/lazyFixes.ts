// Fixes computed when first read: a large project has thousands of findings and diagnostics need
// none of their edits; a code action or `--fix` reads them for the few it shows or applies.
import type { Finding, Fix } from '../types';

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

/** `finding` with its fixes passed through `change`, still computed on first read when they were lazy. */
export function withChangedFixes(finding: Finding, change: (fixes: Fix[]) => Fix[]): Finding {
  const descriptors = Object.getOwnPropertyDescriptors(finding);
  const original = descriptors.fixes;
  let fixes: Fix[] | undefined;
  const read = () => (original.get ? (original.get.call(finding) as Fix[]) : (original.value as Fix[]));
  descriptors.fixes = { enumerable: true, configurable: true, get: () => (fixes ??= safely(() => change(read()))) };
  return Object.defineProperties({}, descriptors) as Finding;
}
