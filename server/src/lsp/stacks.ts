// The `netlens.stacks` setting: file patterns → stack name. A Compose file one matches is analysed as
// `docker stack deploy NAME -c FILE` reads it (`network/stack.ts`), alone: a stack is deployed from the
// files named on the command line, not from its folder's Compose files.
import * as path from 'node:path';
import picomatch from 'picomatch';
import { isStackName } from '../network/stack';

export interface StackPattern {
  pattern: string;
  stack: string;
}

/** `docker-stack.yml` and its variants: the name Docker's documentation gives stack files (the editor opens them as Compose). */
export function isStackFileName(file: string): boolean {
  return /^docker-stack(\.[^/]+)?\.ya?ml$/.test(path.basename(file));
}

/** The setting's entries that can be used: a pattern and a valid stack name each. */
export function stackPatterns(raw: unknown): StackPattern[] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return [];
  const out: StackPattern[] = [];
  for (const [pattern, name] of Object.entries(raw as Record<string, unknown>)) {
    if (pattern && typeof name === 'string' && isStackName(name)) out.push({ pattern, stack: name });
  }
  return out;
}

const matchers = new Map<string, (p: string) => boolean>();

function matcher(pattern: string): (p: string) => boolean {
  let m = matchers.get(pattern);
  if (!m) {
    if (matchers.size > 256) matchers.clear();
    matchers.set(pattern, (m = picomatch(pattern, { dot: true })));
  }
  return m;
}

/**
 * The stack a file belongs to, when a pattern matches it: a pattern without `/` matches the file name, one
 * with `/` the path from the workspace folder holding the file (else from the file's folder).
 */
export function stackFor(file: string, patterns: readonly StackPattern[], folders: readonly string[]): string | undefined {
  if (patterns.length === 0) return undefined;
  const root = folders.filter((f) => file.startsWith(f.endsWith(path.sep) ? f : f + path.sep)).sort((a, b) => b.length - a.length)[0] ?? path.dirname(file);
  const relative = path.relative(root, file).split(path.sep).join('/');
  const name = path.basename(file);
  for (const { pattern, stack } of patterns) if (matcher(pattern)(pattern.includes('/') ? relative : name)) return stack;
  return undefined;
}
