// Host port bindings as the engine decides them (fact 19, measured on 20.10): which host addresses clash on one
// port, and which services' `ports` are really published. Shared by `duplicate-host-port` (within the file) and
// `host-port-taken` (against the engine).
import type { NetworkModel, ServiceInfo } from '../../network/types';

function family(ip: string | undefined): 4 | 6 | 'any' {
  if (ip === undefined || ip === '') return 'any';
  return ip.includes(':') ? 6 : 4;
}

function isUnspecified(ip: string | undefined): boolean {
  return ip === undefined || ip === '' || ip === '0.0.0.0' || ip === '::' || ip === '[::]';
}

/** Whether two host addresses can both be bound on the same port: only distinct specific ones (or different families). */
export function addressesClash(a: string | undefined, b: string | undefined): boolean {
  const fa = family(a);
  const fb = family(b);
  if (fa !== 'any' && fb !== 'any' && fa !== fb) return false;
  if (isUnspecified(a) || isUnspecified(b)) return true;
  return (a as string).replace(/^\[|\]$/g, '').toLowerCase() === (b as string).replace(/^\[|\]$/g, '').toLowerCase();
}

/** Where ports are really published: not in host mode (discarded) nor in a borrowed namespace (refused), and not behind only internal networks (fact 16). */
export function publishesOnHost(model: NetworkModel, svc: ServiceInfo): boolean {
  if (!svc.active || svc.networkMode.kind === 'host' || svc.networkMode.kind === 'service' || svc.networkMode.kind === 'container' || svc.networkMode.kind === 'none') return false;
  const nets = svc.attachments.map((a) => model.networks.get(a.network));
  return nets.length === 0 || !nets.every((n) => n?.internal === true);
}
