// external-network-missing (live): a network declared `external: true` does not exist on the engine.
// Compose does not create external networks (fact 14): `docker compose up` refuses to start. The
// finding comes with what creating it takes (`MissingNetwork.create`): the driver and options the file
// implies, which the editor's "Create network" action passes to the engine.
import { get, isMap, isScalar, items, str, toPlain } from '../compose/nodes';
import { parseAddress } from '../network/cidr';
import { DEFAULT_BRIDGE, type NetworkInfo, type NetworkModel } from '../network/types';
import type { TopologyDocument } from '../topology/types';
import { ruleDocs } from './support/ruleDocs';
import type { Finding, LiveRule } from './types';

const ID = 'external-network-missing';

/** What `docker network create` needs, in the engine API's terms. */
export interface NetworkCreateSpec {
  name: string;
  driver: string;
  internal: boolean;
  attachable: boolean;
  enableIPv6: boolean;
  options: Record<string, string>;
  ipam: Array<{ subnet?: string; gateway?: string; ip_range?: string }>;
  labels: Record<string, string>;
}

export interface MissingNetwork {
  network: NetworkInfo;
  finding: Finding;
  create: NetworkCreateSpec;
}

/**
 * The options the file implies for an external network: what its declaration writes beside `external`
 * (Compose ignores them, the user meant them: driver, driver_opts, internal, attachable, enable_ipv6,
 * ipam, labels); an overlay is attachable, or no Compose container can join it (fact 20); without a
 * subnet, the /24 (or /16) holding every static IPv4 address the services ask for on it (fact 15).
 */
export function impliedCreate(model: NetworkModel, net: NetworkInfo): NetworkCreateSpec {
  const node = net.def?.node;
  const ipam = items(get(get(node, 'ipam'), 'config'))
    .filter(isMap)
    .map((c) => ({ subnet: str(c, 'subnet'), gateway: str(c, 'gateway'), ip_range: str(c, 'ip_range') }))
    .map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as NetworkCreateSpec['ipam'][number])
    .filter((c) => c.subnet !== undefined);
  const driver = str(node, 'driver') ?? 'bridge';
  if (ipam.length === 0) {
    const statics = [...model.services.values()].flatMap((s) => s.attachments.filter((a) => a.network === net.key && a.ipv4).map((a) => a.ipv4 as string));
    const subnet = commonSubnet(statics);
    if (subnet) ipam.push({ subnet });
  }
  const labels: Record<string, string> = {};
  const labelNode = get(node, 'labels');
  if (isMap(labelNode)) for (const p of labelNode.pairs.values()) if (isScalar(p.value) && p.value.value !== null) labels[p.key] = String(p.value.value);
  for (const item of items(labelNode)) {
    const text = str(item);
    if (text) {
      const eq = text.indexOf('=');
      labels[eq < 0 ? text : text.slice(0, eq)] = eq < 0 ? '' : text.slice(eq + 1);
    }
  }
  return {
    name: net.name,
    driver,
    internal: net.internal,
    attachable: net.attachable || driver === 'overlay',
    enableIPv6: toPlain(get(node, 'enable_ipv6')) === true,
    options: { ...net.driverOpts },
    ipam,
    labels,
  };
}

/** The /24, else the /16, that holds every address; undefined when there are none or they are further apart. */
function commonSubnet(addresses: string[]): string | undefined {
  const parsed = addresses.map(parseAddress).filter((a) => a?.family === 4);
  if (parsed.length === 0 || parsed.length !== addresses.length) return undefined;
  for (const prefix of [24, 16]) {
    const shift = BigInt(32 - prefix);
    const first = parsed[0]!.value >> shift;
    if (parsed.every((a) => a!.value >> shift === first)) {
      const base = first << shift;
      return `${[24n, 16n, 8n, 0n].map((s) => String((base >> s) & 255n)).join('.')}/${prefix}`;
    }
  }
  return undefined;
}

/** `docker network create` as a command line, for the message and the CLI. */
export function createCommand(spec: NetworkCreateSpec): string {
  const args = ['docker network create'];
  if (spec.driver !== 'bridge') args.push(`--driver ${spec.driver}`);
  if (spec.attachable) args.push('--attachable');
  if (spec.internal) args.push('--internal');
  if (spec.enableIPv6) args.push('--ipv6');
  for (const [k, v] of Object.entries(spec.options)) args.push(`--opt ${k}=${v}`);
  for (const c of spec.ipam) {
    if (c.subnet) args.push(`--subnet ${c.subnet}`);
    if (c.gateway) args.push(`--gateway ${c.gateway}`);
    if (c.ip_range) args.push(`--ip-range ${c.ip_range}`);
  }
  for (const [k, v] of Object.entries(spec.labels)) args.push(`--label ${v === '' ? k : `${k}=${v}`}`);
  args.push(spec.name);
  return args.join(' ');
}

/** The external networks the file names that the engine does not have, with their findings. */
export function missingExternalNetworks(model: NetworkModel, live: TopologyDocument): MissingNetwork[] {
  const onEngine = new Set(live.networks.map((n) => n.name));
  const fileStart = { file: model.project.files[0] ?? '', start: 0, end: 0 };
  const out: MissingNetwork[] = [];
  for (const net of model.networks.values()) {
    if (net.key === DEFAULT_BRIDGE || !net.external || onEngine.has(net.name)) continue;
    const member = net.members.length ? model.services.get(net.members[0]) : undefined;
    const loc = net.def?.keyLoc ?? member?.def.keyLoc ?? fileStart;
    const create = impliedCreate(model, net);
    const finding: Finding = {
      rule: ID,
      severity: 'error',
      message: `The external network \`${net.name}\` does not exist on the engine; \`docker compose up\` will refuse to start. Create it first (\`${createCommand(create)}\`) or drop \`external: true\`.`,
      loc,
      service: null,
      related: [],
      fixes: [],
    };
    out.push({ network: net, finding, create });
  }
  return out;
}

export const externalNetworkMissing: LiveRule = {
  id: ID,
  severity: 'error',
  title: 'External network missing on the engine',
  docs: ruleDocs(ID),
  check: (model, live) => missingExternalNetworks(model, live).map((m) => m.finding),
};
