// Envoy's static bootstrap (YAML or JSON, v3 and the older v2 shape): the upstreams its clusters
// send to (`static_resources.clusters[]` endpoints: `load_assignment…endpoint.address.socket_address`,
// or v2's `hosts[].socket_address`) are dialled; the addresses of its listeners and of its admin
// interface are where it listens, and they are all its listeners (dynamic ones come from a control
// plane, which leaves the set open). Envoy writes an address as two keys, `address` and `port_value`,
// so a reference's host and port are each located on their own value.
import { code } from '../../display/markdown';
import type { MountedAddress } from './address';
import { child, list, located, text, treeRoot, type YamlNodeOrNull } from './yamlValues';

/** A `socket_address` mapping (or the `address` mapping holding one). */
function socketAddress(node: YamlNodeOrNull): YamlNodeOrNull {
  return child(node, 'socket_address') ?? child(child(node, 'address'), 'socket_address');
}

const HOST = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?|[0-9A-Fa-f:.]+)$/;

function endpointsOf(cluster: YamlNodeOrNull): YamlNodeOrNull[] {
  const out: YamlNodeOrNull[] = [];
  for (const group of list(child(child(cluster, 'load_assignment'), 'endpoints'))) {
    for (const lb of list(child(group, 'lb_endpoints'))) out.push(socketAddress(child(lb, 'endpoint')));
  }
  // v2: `hosts: [{ socket_address: { address, port_value } }]`.
  for (const host of list(child(cluster, 'hosts'))) out.push(socketAddress(host));
  return out;
}

/** The upstream addresses of the static clusters, each dialled. */
export function envoyAddresses(source: string, file: string): MountedAddress[] {
  const root = treeRoot(source, file);
  const out: MountedAddress[] = [];
  for (const cluster of list(child(child(root, 'static_resources'), 'clusters'))) {
    const name = text(child(cluster, 'name')) ?? '?';
    for (const socket of endpointsOf(cluster)) {
      const host = located(source, child(socket, 'address'));
      if (!host || !HOST.test(host.value)) continue;
      const portNode = located(source, child(socket, 'port_value'));
      const port = portNode && /^\d{1,5}$/.test(portNode.value) ? Number(portNode.value) : undefined;
      out.push({
        start: portNode ? Math.min(host.start, portNode.start) : host.start,
        end: portNode ? Math.max(host.end, portNode.end) : host.end,
        host: host.value,
        hostStart: host.start,
        hostEnd: host.end,
        ...(port !== undefined && portNode ? { port, portStart: portNode.start, portEnd: portNode.end } : {}),
        form: 'host-port',
        setting: 'clusters.endpoint.socket_address',
        role: { role: 'dial', certainty: 'certain', why: `Envoy sends to it (cluster ${code(name)})` },
      });
    }
  }
  return out;
}

/** Where Envoy listens: its static listeners and its admin interface; `open` names a listener whose port is not written, or a dynamic source of listeners. */
export function envoyListens(source: string, file: string): { ports: Array<{ port: number; via: string }>; open?: string } {
  const root = treeRoot(source, file);
  const out: { ports: Array<{ port: number; via: string }>; open?: string } = { ports: [] };
  const add = (socket: YamlNodeOrNull, via: string) => {
    const address = text(child(socket, 'address'));
    // A loopback listener answers no other container.
    if (address !== undefined && /^(?:127\.|::1$|localhost$)/.test(address)) return;
    const port = text(child(socket, 'port_value'));
    if (port !== undefined && /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535) out.ports.push({ port: Number(port), via });
    else if (socket) out.open ??= `${code(via)} (no plain \`port_value\`)`;
  };
  for (const listener of list(child(child(root, 'static_resources'), 'listeners'))) {
    add(socketAddress(listener), `listener ${text(child(listener, 'name')) ?? ''}`.trim());
  }
  const admin = child(root, 'admin');
  if (admin) add(socketAddress(admin), 'admin');
  if (child(child(root, 'dynamic_resources'), 'lds_config') !== undefined) out.open ??= `listeners from a control plane (${code('dynamic_resources.lds_config')})`;
  return out;
}
