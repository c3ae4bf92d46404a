// Where the cursor is in a YAML file being typed, read from the text itself (indentation),
// because a half-typed line often does not parse: the chain of keys above it and the text
// before the cursor on its line.
export interface YamlContext {
  /** Keys from the top down to the mapping holding the cursor's line, e.g. ['services', 'api', 'networks']. */
  path: string[];
  /** The key written on the cursor's line before a colon, if any (`network_mode` in `network_mode: serv|`). */
  lineKey?: string;
  /** The value typed so far on the cursor's line (after `key:` or `- `), quotes dropped. */
  valueBefore: string;
  /** The cursor's line is a sequence item (`- ...`). */
  sequenceItem: boolean;
}

const LINE = /^(\s*)(-\s+)?(?:(["']?)([^\s:#"'][^:#]*?)\3\s*:(?:\s+|$))?(.*)$/;

export function yamlContextAt(text: string, offset: number): YamlContext {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const m = LINE.exec(before) ?? ['', '', undefined, '', undefined, before];
  const indent = m[1].length;
  const sequenceItem = m[2] !== undefined;
  const lineKey = m[4];
  const valueBefore = (m[5] ?? '').replace(/^["']/, '');
  const path: string[] = [];
  // `threshold`: the column of the mapping or sequence holding the current line; a parent sits to its left
  // (or at the same column, for a key whose sequence items are not indented).
  let threshold = indent;
  let allowSameIndent = sequenceItem;
  // The lines above, read upwards from the cursor's: no copy of the text before it (a large file has 100,000 lines).
  for (let end = lineStart - 1; end >= 0 && (threshold > 0 || allowSameIndent); ) {
    const start = end === 0 ? 0 : text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const lead = /^(\s*)(-\s+|-$)?/.exec(line) as RegExpExecArray;
    const lineIndent = lead[1].length;
    const dash = lead[2]?.length ?? 0;
    const key = /^(["']?)([^\s:#"'][^:#]*?)\1\s*:(\s|$)/.exec(line.slice(lineIndent + dash))?.[2];
    if (lineIndent > threshold) continue;
    if (lineIndent === threshold) {
      if (allowSameIndent && dash === 0 && key !== undefined) {
        path.unshift(key);
        allowSameIndent = false;
      }
      continue;
    }
    if (dash > 0) {
      // An item of a sequence: its key is a parent only when the current line is nested under it.
      if (key !== undefined && lineIndent + dash < threshold) path.unshift(key);
      threshold = lineIndent;
      allowSameIndent = true;
    } else if (key !== undefined) {
      path.unshift(key);
      threshold = lineIndent;
      allowSameIndent = false;
    }
  }
  return { path, lineKey, valueBefore, sequenceItem };
}
