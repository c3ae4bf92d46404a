// Application settings files flattened to located key/value pairs: YAML and JSON through the `yaml`
// package (`spring.datasource.url`, `ConnectionStrings:Default`), Java `.properties` by lines.
import { isMap, isSeq } from 'yaml';
import { located, treeRoot, type YamlNodeOrNull } from './yamlValues';

export interface SettingValue {
  /** The key path, joined with `separator` (`spring.datasource.url`, `ConnectionStrings:Default`). */
  key: string;
  value: string;
  /** Offset of the value's first character in the file. */
  start: number;
}

/** Every string leaf of a YAML, JSON or TOML (by `file`'s name) tree with its key path (list items add no key). */
export function treeValues(source: string, separator: string, file = ''): SettingValue[] {
  const out: SettingValue[] = [];
  const walk = (node: YamlNodeOrNull, key: string, depth: number) => {
    if (depth > 32) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = (pair.key as { value?: unknown } | null)?.value;
        if (typeof k === 'string' || typeof k === 'number') walk(pair.value as YamlNodeOrNull, key ? `${key}${separator}${k}` : String(k), depth + 1);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item as YamlNodeOrNull, key, depth + 1);
    } else {
      const at = located(source, node);
      if (at) out.push({ key, value: at.value, start: at.start });
    }
  };
  walk(treeRoot(source, file), '', 0);
  return out;
}

/** `key=value`, `key: value` or `key value` lines of a `.properties` file; `#` and `!` start comments. */
export function propertiesValues(source: string): SettingValue[] {
  const out: SettingValue[] = [];
  let offset = 0;
  for (const line of source.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const m = /^(\s*)([^\s#!=:][^\s=:]*)(\s*[=:]\s*|\s+)(.*?)\s*$/.exec(line.replace(/\r$/, ''));
    // A value continued on the next line (`\` at the end) is skipped: its characters are not where they read.
    if (!m || m[4].endsWith('\\')) continue;
    out.push({ key: m[2], value: m[4], start: start + m[1].length + m[2].length + m[3].length });
  }
  return out;
}
