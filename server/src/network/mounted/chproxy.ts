// chproxy, the ClickHouse HTTP proxy (`chproxy -config FILE`, YAML): the ClickHouse nodes of its clusters
// (`clusters[].nodes`, `clusters[].replicas[].nodes`, `host:port`) are dialled; its `server.http` and
// `server.https` `listen_addr` are where it listens, and they are all its listeners.
import { code } from '../../display/markdown';
import { addressAt, type MountedAddress } from './address';
import { child, list, located, text, yamlRoot, type YamlNodeOrNull } from './yamlValues';

function nodesOf(source: string, holder: YamlNodeOrNull, cluster: string, out: MountedAddress[]): void {
  for (const node of list(child(holder, 'nodes'))) {
    const at = located(source, node);
    const a = at && addressAt(source, at.start, at.end, true);
    if (a) out.push({ ...a, setting: 'clusters.nodes', role: { role: 'dial', certainty: 'certain', why: `chproxy sends the queries of cluster ${code(cluster)} there` } });
  }
}

export function chproxyAddresses(source: string): MountedAddress[] {
  const out: MountedAddress[] = [];
  for (const cluster of list(child(yamlRoot(source), 'clusters'))) {
    const name = text(child(cluster, 'name')) ?? '?';
    nodesOf(source, cluster, name, out);
    for (const replica of list(child(cluster, 'replicas'))) nodesOf(source, replica, name, out);
  }
  return out;
}

/** The `listen_addr` of `server.http` and `server.https` (chproxy requires one of them). */
export function chproxyListenAddresses(source: string): Array<{ value: string; setting: string }> {
  const server = child(yamlRoot(source), 'server');
  const out: Array<{ value: string; setting: string }> = [];
  for (const key of ['http', 'https']) {
    const addr = text(child(child(server, key), 'listen_addr'));
    if (addr !== undefined) out.push({ value: addr, setting: `server.${key}.listen_addr` });
  }
  return out;
}
