// The connections a service writes to a peer of the project it cannot reach by that name, for one
// reason: the loop the rules explaining each reason share (`default-bridge-dns`, `no-shared-network`).
import type { NetworkModel, Reference, Resolution, ServiceInfo } from '../../network/types';
import { connectionSeverity } from './connectionSeverity';
import type { Severity } from '../types';

type Reason = Extract<Resolution, { kind: 'unreachable' }>['reason'];

export interface UnreachablePeer {
  ref: Reference;
  from: ServiceInfo;
  target: ServiceInfo;
  /** The rule's severity for this reference, from how sure it is a connection. */
  severity: Severity;
}

export function unreachablePeers(model: NetworkModel, reason: Reason, certain: Severity): UnreachablePeer[] {
  const out: UnreachablePeer[] = [];
  for (const ref of model.connections()) {
    const severity = connectionSeverity(ref, certain);
    if (severity === undefined) continue;
    const res = model.resolve(ref.from, ref.host);
    if (res.kind !== 'unreachable' || res.reason !== reason) continue;
    const from = model.services.get(ref.from);
    const target = model.services.get(res.target);
    if (from && target) out.push({ ref, from, target, severity });
  }
  return out;
}
