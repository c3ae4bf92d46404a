// Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`,
// `${VAR?e}`, `${VAR:+a}`, `${VAR+a}` and `$$`. Defaults may themselves hold variables.
// Unset variables become blank, as Compose does, and are reported rather than thrown.

export type Environment = Readonly<Record<string, string | undefined>>;

export interface InterpolationIssue {
  kind: 'unset' | 'required' | 'syntax';
  variable: string;
  message: string;
  /** Offsets of the `$...` expression inside the input string. */
  start: number;
  end: number;
}

export interface InterpolationResult {
  value: string;
  issues: InterpolationIssue[];
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const DOLLAR = 36;
const CLOSE = 125;
/** Nested `${...}` inside defaults deeper than this is not a real file. */
const MAX_NESTING = 20;

export function interpolate(input: string, env: Environment): InterpolationResult {
  if (!input.includes('$')) return { value: input, issues: [] };
  const issues: InterpolationIssue[] = [];
  const { value } = expand(input, 0, env, issues, false, 0);
  return { value, issues };
}

/** Expands from `pos`; inside braces stops at the matching `}` and returns its index. */
function expand(s: string, pos: number, env: Environment, issues: InterpolationIssue[], inBraces: boolean, depth: number): { value: string; end: number } {
  let out = '';
  let i = pos;
  while (i < s.length) {
    // Plain text up to the next `$` (or the closing `}`) in one piece: appended character by character, every
    // interpolated value would be kept as a chain of one-character strings.
    let plain = i;
    while (plain < s.length) {
      const c = s.charCodeAt(plain);
      if (c === DOLLAR || (inBraces && c === CLOSE)) break;
      plain++;
    }
    if (plain > i) {
      out += s.slice(i, plain);
      i = plain;
      continue;
    }
    if (inBraces && s[i] === '}') return { value: out, end: i };
    const next = s[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const parsed = braced(s, i, env, issues, depth);
      out += parsed.value;
      i = parsed.end;
      continue;
    }
    NAME.lastIndex = i + 1;
    const m = NAME.exec(s);
    if (!m) {
      out += '$';
      i++;
      continue;
    }
    const name = m[0];
    const v = env[name];
    if (v === undefined) issues.push(unset(name, i, i + 1 + name.length));
    out += v ?? '';
    i = i + 1 + name.length;
  }
  return { value: out, end: i };
}

function unset(name: string, start: number, end: number): InterpolationIssue {
  return { kind: 'unset', variable: name, message: `The "${name}" variable is not set. Defaulting to a blank string.`, start, end };
}

function braced(s: string, dollar: number, env: Environment, issues: InterpolationIssue[], depth: number): { value: string; end: number } {
  const start = dollar;
  NAME.lastIndex = dollar + 2;
  const m = NAME.exec(s);
  const close = findClose(s, dollar + 2);
  if (!m || depth > MAX_NESTING) {
    const end = close < 0 ? s.length : close + 1;
    issues.push({ kind: 'syntax', variable: quoted(s.slice(dollar, end)), message: `Invalid interpolation format "${quoted(s.slice(dollar, end))}"; a variable name must follow "\${".`, start, end });
    return { value: '', end };
  }
  const name = m[0];
  let i = dollar + 2 + name.length;
  const v = env[name];
  if (s[i] === '}') {
    if (v === undefined) issues.push(unset(name, start, i + 1));
    return { value: v ?? '', end: i + 1 };
  }
  let op = '';
  if (s[i] === ':' && (s[i + 1] === '-' || s[i + 1] === '?' || s[i + 1] === '+')) op = s.slice(i, i + 2);
  else if (s[i] === '-' || s[i] === '?' || s[i] === '+') op = s[i];
  if (!op) {
    const end = close < 0 ? s.length : close + 1;
    issues.push({ kind: 'syntax', variable: name, message: `Invalid interpolation format "${quoted(s.slice(dollar, end))}".`, start, end });
    return { value: '', end };
  }
  i += op.length;
  const nestedIssues: InterpolationIssue[] = [];
  const arg = expand(s, i, env, nestedIssues, true, depth + 1);
  const end = arg.end < s.length ? arg.end + 1 : s.length;
  if (arg.end >= s.length) {
    issues.push({ kind: 'syntax', variable: name, message: `Unclosed "\${" in "${quoted(s.slice(dollar))}".`, start, end });
  }
  const emptyCounts = op.startsWith(':');
  const isSet = emptyCounts ? v !== undefined && v !== '' : v !== undefined;
  switch (op.replace(':', '')) {
    case '-':
      if (isSet) return { value: v as string, end };
      // One by one: a default can hold more unset variables than push() takes arguments.
      for (const issue of nestedIssues) issues.push(issue);
      return { value: arg.value, end };
    case '?':
      if (isSet) return { value: v as string, end };
      issues.push({ kind: 'required', variable: name, message: arg.value ? `Required variable "${name}" is missing a value: ${arg.value}` : `Required variable "${name}" is missing a value.`, start, end });
      return { value: '', end };
    default:
      if (isSet) {
        for (const issue of nestedIssues) issues.push(issue);
        return { value: arg.value, end };
      }
      return { value: '', end };
  }
}

/** An expression quoted in a message, cut so a pathological value cannot flood the editor. */
function quoted(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function findClose(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
