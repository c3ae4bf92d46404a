// How a file's text becomes its located tree: answered from the cache when the text is the one parsed last
// time, an edit inside one block-mapping entry spliced in by parsing that entry again (`reparse.ts`), a large
// plain file parsed entry by entry (`chunked.ts`), or else the whole text in one parse. Each text parsed is read
// the quick way (`fastParse.ts`, js-yaml's events) when that reads it exactly, else by `yaml` (`parse.ts`).
import type { ParsedYaml } from './nodes';
import { parseCounters, parseWhole } from './parse';
import { reparseEdit } from './reparse';
import { parseChunked } from './chunked';
import { parseFast } from './fastParse';

/**
 * Parsed trees by file, kept with the text they came from: a project re-loaded after an edit to one
 * file re-parses that file only. A tree is shared by every analysis of its text; an edit spliced in
 * (`reparse.ts`) moves the locations of the entries after it in place, so what is kept beyond one
 * analysis keeps locations of its own (`network/reuse.ts`, `findingReuse.ts`).
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

/**
 * Files from this size on (about 2,000 services) are parsed in pieces when they qualify (`chunked.ts`): what a
 * parser holds while it reads (its events, js-yaml's own values, `yaml`'s document) then dies young. Below it a
 * whole parse is as small and faster.
 */
const CHUNKED_FROM = 512 * 1024;

/** `base`: the offset of `text` in its file, when `text` is a part of the file (offsets of locations are shifted by it). */
export function parseYaml(path: string, text: string, base = 0): ParsedYaml {
  if (base !== 0) return parsePart(path, text, base);
  parseCounters.full++;
  parseCounters.fullChars += text.length;
  if (text.length >= CHUNKED_FROM) {
    const chunked = parseChunked(text, (part, at) => parsePart(path, part, at));
    if (chunked) return chunked;
  }
  return parsePart(path, text, 0);
}

/** One text (a file, or a part of one at `base`): the quick way (`fastParse.ts`) when it reads it, else `yaml`. */
function parsePart(path: string, text: string, base: number): ParsedYaml {
  const fast = parseFast(path, text, base);
  return fast ?? parseWhole(path, text, base);
}
