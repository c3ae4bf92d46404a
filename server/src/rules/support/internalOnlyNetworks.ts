// Which services sit only on `internal: true` networks: shared by the rules about what such a
// service cannot do (publish ports, fact 16; reach outside, fact 10).
import type { NetworkInfo, NetworkModel, ServiceInfo } from '../../network/types';

/** The internal networks of a service's namespace when every one of them is internal; otherwise undefined. */
export function internalOnlyNetworks(model: NetworkModel, svc: ServiceInfo): NetworkInfo[] | undefined {
  const owner = model.services.get(svc.namespaceOwner) ?? svc;
  if (owner.networkMode.kind !== 'networks' || owner.attachments.length === 0) return undefined;
  // Asked of every connection a service writes: most services are on a network that is not internal, and make nothing.
  for (const a of owner.attachments) if (!model.networks.get(a.network)?.internal) return undefined;
  return owner.attachments.map((a) => model.networks.get(a.network) as NetworkInfo);
}

export function networkNames(nets: NetworkInfo[]): string {
  return nets.map((n) => `\`${n.key}\``).join(', ');
}
