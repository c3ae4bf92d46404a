// `.env` and `env_file` contents: `KEY=VALUE` lines, `export` prefixes, quotes and comments,
// with interpolation of earlier keys as Compose does; a bare `KEY` line takes the outer
// environment's value. Odd lines are reported and skipped.
import { interpolate, type Environment } from './interpolate';

export interface DotenvEntry {
  key: string;
  value: string;
  /** Offsets of the value in the file text (inside the quotes when quoted). */
  valueStart: number;
  valueEnd: number;
  keyStart: number;
  /** A bare `KEY` line: the value comes from the environment given, not from the file (offsets are the key's). */
  fromEnvironment?: true;
}

export interface DotenvIssue {
  message: string;
  start: number;
  end: number;
}

export interface Dotenv {
  entries: DotenvEntry[];
  issues: DotenvIssue[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Lines read so far: a test compares it with the number of lines in the files read. */
export const dotenvCounters = { lines: 0 };

export function parseDotenv(text: string, outer: Environment = {}): Dotenv {
  const entries: DotenvEntry[] = [];
  const issues: DotenvIssue[] = [];
  // The outer environment, then the file's keys as they are read: one object updated in place, not
  // a copy of both per line (quadratic in a large file).
  const env: Record<string, string | undefined> = { ...outer };
  let offset = 0;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const bom = body === text ? 0 : 1;
  for (const rawLine of body.split('\n')) {
    const lineStart = offset + bom;
    offset += rawLine.length + 1;
    dotenvCounters.lines++;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const lead = line.length - trimmed.length;
    const withoutExport = trimmed.startsWith('export ') ? trimmed.slice(7).trimStart() : trimmed;
    const exportShift = trimmed.length - withoutExport.length;
    const eq = withoutExport.indexOf('=');
    const keyStart = lineStart + lead + exportShift;
    if (eq < 0 && KEY.test(withoutExport.trimEnd())) {
      // As in Compose, a name alone passes on the outer environment's value; unset, it sets nothing.
      const key = withoutExport.trimEnd();
      const value = outer[key];
      if (value !== undefined) entries.push({ key, value, valueStart: keyStart, valueEnd: keyStart + key.length, keyStart, fromEnvironment: true });
      continue;
    }
    if (eq < 0) {
      issues.push({ message: `Line "${line.trim().slice(0, 60)}" is not KEY=VALUE; it is ignored.`, start: keyStart, end: lineStart + line.length });
      continue;
    }
    const key = withoutExport.slice(0, eq).trim();
    if (!KEY.test(key)) {
      issues.push({ message: `"${key.slice(0, 60)}" is not a valid variable name; the line is ignored.`, start: keyStart, end: keyStart + eq });
      continue;
    }
    const rest = withoutExport.slice(eq + 1);
    const restStart = keyStart + eq + 1;
    const value = readValue(rest, restStart, env, issues);
    env[key] = value.value;
    entries.push({ key, value: value.value, valueStart: value.start, valueEnd: value.end, keyStart });
  }
  return { entries, issues };
}

function readValue(rest: string, restStart: number, env: Environment, issues: DotenvIssue[]): { value: string; start: number; end: number } {
  const lead = rest.length - rest.trimStart().length;
  const v = rest.trimStart();
  const start = restStart + lead;
  const quote = v[0];
  if (quote === "'" || quote === '"') {
    const close = v.indexOf(quote, 1);
    if (close < 0) {
      issues.push({ message: `Unclosed ${quote} quote; the value is read to the end of the line.`, start, end: restStart + rest.length });
      return { value: v.slice(1), start: start + 1, end: restStart + rest.length };
    }
    const inner = v.slice(1, close);
    const value = quote === "'" ? inner : interpolate(unescapeDouble(inner), env).value;
    return { value, start: start + 1, end: start + close };
  }
  const comment = v.search(/\s#/);
  const raw = (comment >= 0 ? v.slice(0, comment) : v).trimEnd();
  return { value: interpolate(raw, env).value, start, end: start + raw.length };
}

function unescapeDouble(s: string): string {
  return s.replace(/\\([nrt"\\])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}

export function dotenvToEnvironment(dotenv: Dotenv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of dotenv.entries) out[e.key] = e.value;
  return out;
}
