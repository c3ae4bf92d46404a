// Severity from certainty: a rule about connections reports at its own severity only what a service
// surely dials; a likely connection is at most a warning; an address whose role nothing tells is info;
// addresses handed out or listened on are no connections at all (`network/roles.ts`).
import { mayConnect, type Reference } from '../../network/types';
import type { Severity } from '../types';

const ORDER: Severity[] = ['hint', 'info', 'warning', 'error'];

function atMost(a: Severity, b: Severity): Severity {
  return ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b;
}

/** The severity a connection rule gives `ref`, whose own severity for a certain connection is `certain`; undefined: not judged. */
export function connectionSeverity(ref: Reference, certain: Severity): Severity | undefined {
  if (!mayConnect(ref)) return undefined;
  if (ref.role === 'dial') return ref.certainty === 'certain' ? certain : atMost(certain, 'warning');
  return atMost(certain, 'info');
}

/** Fixes rewrite what the user wrote: only for a certain connection, and never inside a shell script. */
export function mayFix(ref: Reference): boolean {
  return ref.role === 'dial' && ref.certainty === 'certain' && !ref.inShell;
}
