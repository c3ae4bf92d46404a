// Fixes computed when first read: a large project has thousands of findings and diagnostics need
// none of their edits; a code action or `--fix` reads them for the few it shows or applies.
// Every lazy finding has the same getter, reading what to run from a slot of its own: a getter made
// per finding gives each its own hidden class in V8, and every later read of its fields (merging,
// sorting, diagnostics) becomes a slow, megamorphic one.
import type { Finding, Fix } from '../types';

/** The slot holding what makes a finding's fixes, then the fixes made (not enumerable: spread and JSON skip it). */
const MAKE = Symbol('fixes');

type Slot = (() => Fix[]) | Fix[];

function readFixes(this: { [MAKE]: Slot }): Fix[] {
  const slot = this[MAKE];
  if (typeof slot !== 'function') return slot;
  const fixes = safely(slot);
  this[MAKE] = fixes;
  return fixes;
}

/** `finding` with `fixes` as a property that runs `make` once, on first read (spread and JSON read it too). */
export function withLazyFixes(finding: Omit<Finding, 'fixes'>, make: () => Fix[]): Finding {
  Object.defineProperty(finding, MAKE, { value: make, writable: true, enumerable: false, configurable: true });
  return Object.defineProperty(finding, 'fixes', { enumerable: true, configurable: true, get: readFixes }) as Finding;
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
  const descriptors = Object.getOwnPropertyDescriptors(finding) as PropertyDescriptorMap & { [MAKE]?: PropertyDescriptor };
  delete descriptors.fixes;
  delete descriptors[MAKE];
  const copy = Object.defineProperties({}, descriptors) as Omit<Finding, 'fixes'>;
  return withLazyFixes(copy, () => change(finding.fixes));
}
