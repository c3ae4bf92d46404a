// TOML configuration (Traefik, Vector, application settings) read with `smol-toml`, handed on as the
// same located tree the YAML readers walk (`yaml` nodes), so one reader serves both formats. The parser
// keeps no positions: each string and number is placed on the literal that writes it, found by a scan
// of the text's literals in order (comments skipped); a value written twice takes its occurrences in
// turn. A value no literal writes plainly (escapes) keeps no range and is read but not located.
import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };
import { Pair, Scalar, YAMLMap, YAMLSeq, type Node as YamlNode } from 'yaml';

// The package ships CommonJS beside its ES module; its types are declared for the module only.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseToml } = require('smol-toml') as typeof SmolToml;

interface Literal {
  /** The value as the program reads it. */
  value: string;
  /** The literal's characters, quotes included. */
  start: number;
  end: number;
  type: Scalar.Type;
}

/** The root of a TOML document as a `yaml` tree, or undefined when the text is no TOML. */
export function tomlRoot(text: string): YamlNode | undefined {
  let data: unknown;
  try {
    data = parseToml(text);
  } catch {
    return undefined;
  }
  const byValue = new Map<string, Literal[]>();
  for (const literal of literals(text)) {
    const queue = byValue.get(literal.value) ?? [];
    queue.push(literal);
    byValue.set(literal.value, queue);
  }
  return toNode(data, byValue) ?? undefined;
}

function toNode(value: unknown, byValue: Map<string, Literal[]>): YamlNode | null {
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    for (const item of value) seq.items.push(toNode(item, byValue));
    return seq;
  }
  // Tables come as plain objects (the parser makes them without a prototype); dates are objects too, and no address.
  if (value !== null && typeof value === 'object' && [null, Object.prototype].includes(Object.getPrototypeOf(value))) {
    const map = new YAMLMap();
    for (const [key, v] of Object.entries(value)) map.items.push(new Pair(new Scalar(key), toNode(v, byValue)));
    return map;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
    const scalar = new Scalar(typeof value === 'bigint' ? Number(value) : value);
    const literal = byValue.get(String(value))?.shift();
    if (literal) {
      scalar.range = [literal.start, literal.end, literal.end];
      scalar.type = literal.type;
    }
    return scalar;
  }
  return typeof value === 'boolean' ? new Scalar(value) : null;
}

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\', e: '\x1b' };

/** Basic-string escapes decoded (`\uXXXX` too); a line-ending backslash joins lines, as TOML's multi-line strings do. */
function unescape(raw: string): string {
  return raw.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|[ \t]*\r?\n\s*|(.))/g, (whole, u4: string | undefined, u8: string | undefined, c: string | undefined) => {
    if (u4 || u8) return String.fromCodePoint(parseInt((u4 ?? u8) as string, 16));
    if (c === undefined) return '';
    return ESCAPES[c] ?? whole;
  });
}

/** The string literals and the numbers in value position, in the order written. */
function literals(text: string): Literal[] {
  const out: Literal[] = [];
  let i = 0;
  // The last character that was not blank: a number after `=`, `[` or `,` is a value, not a key or a date's part.
  let previous = '';
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? text.length : eol;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      // A basic string's backslash escapes the next character; a literal string has no escapes.
      while (j < text.length && !text.startsWith(quote, j) && (triple || text[j] !== '\n')) j += c === '"' && text[j] === '\\' ? 2 : 1;
      // A multi-line string may end with up to two more quotes of its own.
      while (triple && text.startsWith(quote, j + 1) && j + 1 + quote.length <= text.length && text[j + quote.length] === c) j++;
      const end = Math.min(text.length, j + quote.length);
      let raw = text.slice(i + quote.length, j);
      // A newline right after the opening quotes is not part of a multi-line string.
      if (triple) raw = raw.replace(/^\r?\n/, '');
      out.push({ value: c === '"' ? unescape(raw) : raw, start: i, end, type: triple ? 'BLOCK_LITERAL' : c === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE' });
      previous = c;
      i = end;
      continue;
    }
    if (/[+\-\d]/.test(c) && (previous === '=' || previous === '[' || previous === ',')) {
      const m = /^[+-]?\d[\d_]*(?![\w.:-])/.exec(text.slice(i, i + 32));
      if (m) out.push({ value: String(Number(m[0].replace(/_/g, ''))), start: i, end: i + m[0].length, type: 'PLAIN' });
      const word = /^[^\s,\]}#]+/.exec(text.slice(i))?.[0] ?? c;
      previous = word[word.length - 1];
      i += word.length;
      continue;
    }
    if (!/\s/.test(c)) previous = c;
    i++;
  }
  return out;
}
