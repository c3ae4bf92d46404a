// `netlens topology --format json`: the topology document itself, the contract of the panel and live mode.
import type { TopologyDocument } from '../topology/types';

export function topologyJson(doc: TopologyDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}
