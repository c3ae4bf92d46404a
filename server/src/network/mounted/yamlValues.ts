// Reading YAML (and JSON, a subset of it; TOML through `compose/tomlTree.ts`) configuration files as `yaml` nodes, keeping
// where each string is written so that a reference lands on its characters. Plain YAML is read the quick way
// (`compose/fastParse.ts`, the Compose files' own) and handed on as the same nodes; anything else, and a file
// with syntax errors, goes to the `yaml` package, which gives what it could still read.
import { isMap, isScalar, isSeq, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq, type Node as YamlNode } from 'yaml';
import { parseFast } from '../../compose/fastParse';
import type { CNode } from '../../compose/nodes';
import { tomlRoot } from '../../compose/tomlTree';

export type YamlNodeOrNull = YamlNode | null | undefined;

/** The document's root, or undefined when the text is no YAML at all. `file` names it where the time budget stops the reading. */
export function yamlRoot(text: string, file = 'a mounted configuration file'): YamlNodeOrNull {
  // The quick reader answers only where it reads exactly as `yaml` does (duplicate keys, errors, anchors: not).
  const fast = parseFast(file, text);
  if (fast) return fast.root === undefined ? null : asYamlNode(fast.root);
  try {
    // No merge keys or custom tags in these files; a large alias expansion is cut by the parser's own limit.
    return parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: false }).contents as YamlNodeOrNull;
  } catch {
    return undefined;
  }
}

const SCALAR_TYPES = { plain: Scalar.PLAIN, single: Scalar.QUOTE_SINGLE, double: Scalar.QUOTE_DOUBLE, block: Scalar.BLOCK_LITERAL } as const;

/** The located tree as the `yaml` nodes the readers walk: values, ranges and how each scalar is written (quoted or not). */
function asYamlNode(node: CNode): YamlNode {
  if (node.kind === 'scalar') {
    const scalar = new Scalar(node.value);
    scalar.range = [node.loc.start, node.loc.end, node.loc.end];
    scalar.type = SCALAR_TYPES[node.style];
    return scalar;
  }
  const collection = node.kind === 'map' ? new YAMLMap() : new YAMLSeq();
  collection.range = [node.loc.start, node.loc.end, node.loc.end];
  if (node.flow) collection.flow = true;
  if (node.kind === 'map') {
    for (const pair of node.pairs.values()) {
      const key = new Scalar(pair.key);
      key.range = [pair.keyLoc.start, pair.keyLoc.end, pair.keyLoc.end];
      (collection as YAMLMap).items.push(new Pair(key, asYamlNode(pair.value)));
    }
  } else {
    for (const item of node.items) (collection as YAMLSeq).items.push(asYamlNode(item));
  }
  return collection;
}

/** The root of a configuration file by its format: TOML (`.toml`) as the same located tree, else YAML (and JSON). */
export function treeRoot(text: string, file: string): YamlNodeOrNull {
  return /\.toml$/i.test(file) ? tomlRoot(text) : yamlRoot(text, file);
}

export function child(node: YamlNodeOrNull, key: string): YamlNodeOrNull {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (k === key) return pair.value as YamlNodeOrNull;
  }
  return undefined;
}

/** Children of a mapping case-insensitively (`loadBalancer` and `loadbalancer` are the same to Traefik). */
export function childNoCase(node: YamlNodeOrNull, key: string): YamlNodeOrNull {
  if (!isMap(node)) return undefined;
  const wanted = key.toLowerCase();
  for (const pair of node.items) if (isScalar(pair.key) && String(pair.key.value).toLowerCase() === wanted) return pair.value as YamlNodeOrNull;
  return undefined;
}

export function entries(node: YamlNodeOrNull): Array<[string, YamlNodeOrNull]> {
  if (!isMap(node)) return [];
  return node.items.filter((p) => isScalar(p.key)).map((p) => [String((p.key as Scalar).value), p.value as YamlNodeOrNull]);
}

export function list(node: YamlNodeOrNull): YamlNodeOrNull[] {
  return isSeq(node) ? (node.items as YamlNodeOrNull[]) : [];
}

export function text(node: YamlNodeOrNull): string | undefined {
  return isScalar(node) && node.value !== null && typeof node.value !== 'object' ? String(node.value) : undefined;
}

/** Where a string scalar's characters are in the file: [start, end), or undefined when escapes or folding moved them. */
export function located(source: string, node: YamlNodeOrNull): { value: string; start: number; end: number } | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  // A number (a port) as written: a plain scalar's characters.
  if (typeof node.value === 'number' && node.type === 'PLAIN') {
    const written = source.slice(node.range[0], node.range[1]);
    return { value: written, start: node.range[0], end: node.range[1] };
  }
  if (typeof node.value !== 'string') return undefined;
  const value = node.value;
  const [from, to] = node.range;
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const start = from + (quoted ? 1 : 0);
  if (source.slice(start, start + value.length) === value) return { value, start, end: start + value.length };
  // Escaped or folded: the characters are found once inside the scalar, or not at all.
  const region = source.slice(from, to);
  const at = region.indexOf(value);
  return at >= 0 && region.indexOf(value, at + 1) < 0 ? { value, start: from + at, end: from + at + value.length } : undefined;
}
