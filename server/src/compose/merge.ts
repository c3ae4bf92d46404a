// Merging Compose files (and `extends`) by the Compose specification's rules: mappings merge
// key by key, sequences append, shell commands are replaced, and keyed lists (`ports`,
// `volumes`, `networks`...) merge entries that share their unique key. A later file's `!reset`
// removes the key from what came before (a whole service too), `!override` replaces it whole.
import type { CMap, CNode, CPair, CSeq } from './nodes';
import { isMap, isSeq, Pairs, str } from './nodes';

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
  if (over === undefined) return base && settled(base);
  if (base === undefined || over.mergeTag === 'override') return settled(over);
  base = settled(base);
  const inService = path.length === 3 && path[0] === 'services';
  const attribute = inService ? path[2] : undefined;
  if (attribute !== undefined && REPLACED.has(attribute)) return settled(over);
  if (path.length === 4 && path[0] === 'services' && path[2] === 'healthcheck' && path[3] === 'test') return settled(over);
  // `over`'s own `!reset` entries are read by `mergeMaps`; what it adds whole is settled there.
  if (isMap(base) && isMap(over)) return mergeMaps(base, over, path);
  over = settled(over);
  if (isSeq(base) && isSeq(over)) {
    const uniqueKey = attribute !== undefined ? UNIQUE_KEY[attribute] : undefined;
    return uniqueKey ? mergeUnique(base, over, uniqueKey) : { ...base, items: [...base.items, ...over.items] };
  }
  return over;
}

/** `node` as a value on its own: its `!reset` entries set nothing, there being nothing earlier for them to remove. */
function settled(node: CNode): CNode {
  if (node.kind === 'scalar' || !node.tagsBelow) return node;
  const { tagsBelow: _, ...rest } = node;
  if (rest.kind === 'seq') return { ...rest, items: rest.items.map(settled) };
  const pairs = new Pairs();
  for (const p of rest.pairs.values()) if (p.value.mergeTag !== 'reset') pairs.set(withValue(p, settled(p.value)));
  return { ...rest, pairs };
}

function withValue(p: CPair, value: CNode): CPair {
  return value === p.value ? p : { ...p, value };
}

function mergeMaps(base: CMap, over: CMap, path: readonly string[]): CMap {
  const pairs = base.pairs.copy();
  for (const p of over.pairs.values()) {
    const key = p.key;
    if (p.value.mergeTag === 'reset') {
      pairs.delete(key);
      continue;
    }
    const existing = pairs.get(key);
    if (!existing) {
      pairs.set(withValue(p, settled(p.value)));
      continue;
    }
    const merged = path.length === 1 && path[0] === 'services' ? mergedService(existing.value, p.value, key) : mergeNodes(existing.value, p.value, [...path, key]);
    pairs.set({ ...existing, value: merged ?? p.value });
  }
  return { kind: 'map', pairs, loc: base.loc, flow: base.flow };
}

/**
 * Services merged, by the two nodes merged: an edit elsewhere leaves both the same objects (`reparse.ts`, the
 * loader's kept interpolation and normalising), and so the merge, which makes no location of its own and
 * reads no name but its attributes'.
 */
const servicesMerged = new WeakMap<CNode, WeakMap<CNode, CNode | undefined>>();

function mergedService(base: CNode, over: CNode, name: string): CNode | undefined {
  let byOver = servicesMerged.get(base);
  if (!byOver) servicesMerged.set(base, (byOver = new WeakMap()));
  if (byOver.has(over)) return byOver.get(over);
  const merged = mergeNodes(base, over, ['services', name]);
  byOver.set(over, merged);
  return merged;
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
