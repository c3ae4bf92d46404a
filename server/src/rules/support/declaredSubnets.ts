// The subnets a network's declaration writes (`ipam.config[].subnet`), each with its node for locations and edits.
// Shared by `subnet-overlap` within the file and against the engine.
import { get, isScalar, items, type CScalar } from '../../compose/nodes';
import { parseSubnet, type ParsedSubnet } from '../../network/cidr';
import type { NetworkInfo } from '../../network/types';

export interface Subnet {
  network: NetworkInfo;
  text: string;
  parsed: ParsedSubnet;
  node: CScalar;
}

export function subnetsOf(net: NetworkInfo): Subnet[] {
  const out: Subnet[] = [];
  for (const config of items(get(get(net.def?.node, 'ipam'), 'config'))) {
    const node = get(config, 'subnet');
    if (!isScalar(node) || node.value === null) continue;
    const text = String(node.value);
    const parsed = parseSubnet(text);
    if (parsed) out.push({ network: net, text, parsed, node });
  }
  return out;
}
