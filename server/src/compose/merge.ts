// Merging Compose files (and `extends`) by the Compose specification's rules: mappings merge
// key by key, sequences append, shell commands are replaced, and keyed lists (`ports`,
// `volumes`, `networks`...) merge entries that share their unique key.
import type { CMap, CNode, CPair, CSeq } from './nodes';
import { isMap, isSeq, str } from './nodes';

/** Service attributes whose value the later file replaces instead of appending. */
const REPLACED = new Set(['command', 'entrypoint']);

/** Service sequences whose entries are unique by a key; a later entry with the same key replaces the earlier. */
const UNIQUE_KEY: Record<string, (item: CNode) => string | undefined> = {
  ports: (item) => (isMap(item) ? [str(item, 'host_ip'), str(item, 'target'), str(item, 'published'), str(item, 'protocol')].join('|') : str(item)),
  volumes: (item) => (isMap(item) ? str(item, 'target') : str(item)?.split(':')[1] ?? str(item)),
  secrets: (item) => (isMap(item) ? str(item, 'target') ?? str(item, 'source') : str(item)),
  configs: (item) => (isMap(item) ? str(item, 'target') ?? str(item, 'source') : str(item)),
  expose: (item) => str(item),
  dns: (item) => str(item),
  dns_search: (item) => str(item),
  extra_hosts: (item) => str(item)?.split(/[:=]/)[0],
  links: (item) => str(item),
  profiles: (item) => str(item),
  env_file: (item) => (isMap(item) ? str(item, 'path') : str(item)),
};

export function mergeNodes(base: CNode | undefined, over: CNode | undefined, path: readonly string[]): CNode | undefined {
  if (over === undefined) return base;
  if (base === undefined) return over;
  const inService = path.length === 3 && path[0] === 'services';
  const attribute = inService ? path[2] : undefined;
  if (attribute !== undefined && REPLACED.has(attribute)) return over;
  if (path.length === 4 && path[0] === 'services' && path[2] === 'healthcheck' && path[3] === 'test') return over;
  if (isMap(base) && isMap(over)) return mergeMaps(base, over, path);
  if (isSeq(base) && isSeq(over)) {
    const uniqueKey = attribute !== undefined ? UNIQUE_KEY[attribute] : undefined;
    return uniqueKey ? mergeUnique(base, over, uniqueKey) : { ...base, items: [...base.items, ...over.items] };
  }
  return over;
}

function mergeMaps(base: CMap, over: CMap, path: readonly string[]): CMap {
  const pairs = new Map<string, CPair>(base.pairs);
  for (const [key, p] of over.pairs) {
    const existing = pairs.get(key);
    if (!existing) {
      pairs.set(key, p);
      continue;
    }
    const merged = mergeNodes(existing.value, p.value, [...path, key]);
    pairs.set(key, { key, keyLoc: existing.keyLoc, value: merged ?? p.value });
  }
  return { kind: 'map', pairs, loc: base.loc, flow: base.flow };
}

function mergeUnique(base: CSeq, over: CSeq, keyOf: (item: CNode) => string | undefined): CSeq {
  const out: CNode[] = [];
  const index = new Map<string, number>();
  for (const item of [...base.items, ...over.items]) {
    const key = keyOf(item);
    if (key !== undefined && index.has(key)) {
      out[index.get(key) as number] = item;
      continue;
    }
    if (key !== undefined) index.set(key, out.length);
    out.push(item);
  }
  return { ...base, items: out };
}
