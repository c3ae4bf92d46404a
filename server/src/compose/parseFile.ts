// How a file's text becomes its located tree: answered from the cache when the text is the one parsed last
// time, an edit inside one block-mapping entry spliced in by parsing that entry again (`reparse.ts`), a large
// plain file parsed entry by entry (`chunked.ts`), or else the whole text in one parse (`parse.ts`).
import type { ParsedYaml } from './nodes';
import { parseCounters, parseWhole } from './parse';
import { reparseEdit } from './reparse';
import { parseChunked } from './chunked';

/**
 * Parsed trees by file, kept with the text they came from: a project re-loaded after an edit to one
 * file re-parses that file only. Trees are never mutated after parsing, so sharing them is safe.
 */
export type ParseCache = Map<string, { text: string; parsed: ParsedYaml }>;

/**
 * `parseYaml`, answered from `cache` when the file's text is the one parsed last time; after an
 * edit inside one entry of a block mapping, only that entry is parsed again (`reparseEdit`).
 */
export function parseYamlCached(cache: ParseCache | undefined, path: string, text: string): ParsedYaml {
  if (!cache) return parseYaml(path, text);
  const hit = cache.get(path);
  if (hit && hit.text === text) return hit.parsed;
  // The old tree is not needed while the new one is built: let it go first (peak memory).
  cache.delete(path);
  let parsed = hit ? reparseEdit(hit.text, hit.parsed, text, (part, base) => parseYaml(path, part, base)) : undefined;
  if (parsed) parseCounters.partial++;
  else parsed = parseYaml(path, text);
  cache.set(path, { text, parsed });
  return parsed;
}

/** Files from this size on (about 2,000 services) are parsed in pieces when they qualify (`chunked.ts`): the parser's peak memory. Below it a whole parse is as small and faster. */
const CHUNKED_FROM = 512 * 1024;

/** `base`: the offset of `text` in its file, when `text` is a part of the file (offsets of locations are shifted by it). */
export function parseYaml(path: string, text: string, base = 0): ParsedYaml {
  if (base !== 0) return parseWhole(path, text, base);
  parseCounters.full++;
  parseCounters.fullChars += text.length;
  if (text.length >= CHUNKED_FROM) {
    const chunked = parseChunked(text, (part, at) => parseWhole(path, part, at));
    if (chunked) return chunked;
  }
  return parseWhole(path, text, 0);
}
