// Vector's configuration (TOML, YAML or JSON): where its sinks send events (`uri`, `endpoint`,
// `endpoints`, `address`, `bootstrap_servers`, …) and the servers its pulling sources read from
// (`prometheus_scrape` endpoints, Kafka brokers, …) are dialled. A source's `address` is where Vector
// listens (`vectorListenAddresses`), as is its API's.
import { code } from '../../display/markdown';
import { addressAt, type MountedAddress } from './address';
import { child, entries, list, located, text, treeRoot, type YamlNodeOrNull } from './yamlValues';

/** Settings of a sink that name where it sends. */
const SINK_KEYS = ['uri', 'url', 'endpoint', 'endpoints', 'address', 'bootstrap_servers', 'connection_string'];
/** Settings of a source that name a server it reads from (a source's `address` is its own listener). */
const PULL_KEYS = ['endpoint', 'endpoints', 'url', 'bootstrap_servers'];

export function vectorAddresses(source: string, file: string): MountedAddress[] {
  const root = treeRoot(source, file);
  const out: MountedAddress[] = [];
  const dial = (node: YamlNodeOrNull, setting: string, why: string) => {
    for (const value of node && list(node).length > 0 ? list(node) : [node]) {
      const at = located(source, value);
      if (!at) continue;
      // Kafka takes a comma-separated list of brokers in one string.
      let offset = at.start;
      for (const part of at.value.split(',')) {
        const lead = part.length - part.trimStart().length;
        const a = addressAt(source, offset + lead, offset + part.trimEnd().length, false);
        if (a) out.push({ ...a, setting, role: { role: 'dial', certainty: 'certain', why } });
        offset += part.length + 1;
      }
    }
  };
  for (const [id, sink] of entries(child(root, 'sinks'))) {
    const type = text(child(sink, 'type')) ?? 'sink';
    for (const key of SINK_KEYS) dial(child(sink, key), `sinks.${id}.${key}`, `Vector's ${code(type)} sink ${code(id)} sends events there`);
    dial(child(child(sink, 'protocol'), 'uri'), `sinks.${id}.protocol.uri`, `Vector's ${code(type)} sink ${code(id)} sends events there`);
  }
  for (const [id, src] of entries(child(root, 'sources'))) {
    const type = text(child(src, 'type')) ?? 'source';
    for (const key of PULL_KEYS) dial(child(src, key), `sources.${id}.${key}`, `Vector's ${code(type)} source ${code(id)} reads from it`);
  }
  return out;
}

/** Where Vector listens: each source's `address` (and an `opentelemetry` source's `grpc`/`http` ones), and its API when enabled. */
export function vectorListenAddresses(source: string, file: string): Array<{ value: string; setting: string }> {
  const root = treeRoot(source, file);
  const out: Array<{ value: string; setting: string }> = [];
  for (const [id, src] of entries(child(root, 'sources'))) {
    for (const [node, setting] of [
      [child(src, 'address'), `sources.${id}.address`],
      [child(child(src, 'grpc'), 'address'), `sources.${id}.grpc.address`],
      [child(child(src, 'http'), 'address'), `sources.${id}.http.address`],
    ] as const) {
      const value = text(node);
      if (value !== undefined) out.push({ value, setting });
    }
  }
  // The API listens on 127.0.0.1:8686 unless its address says otherwise: only another address is reachable.
  const api = child(root, 'api');
  const apiAddress = text(child(api, 'address'));
  if (text(child(api, 'enabled')) === 'true' && apiAddress !== undefined) out.push({ value: apiAddress, setting: 'api.address' });
  return out;
}
