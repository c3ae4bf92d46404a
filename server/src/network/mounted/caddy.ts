// Caddyfile: the upstreams of `reverse_proxy` (on its line or in its block's `to` lines) and of
// `php_fastcgi`. A Caddyfile is lines of words with `{ }` blocks; a tolerant scanner reads it
// (Caddy's own adapter is Go). Matchers (`/api/*`, `*`, `@name`) come before the upstreams;
// placeholders (`{$BACKEND}`, `{env.X}`, `{http.request.host}`) are no hosts.
import * as path from 'node:path';
import { addressAt, type MountedAddress } from './address';

interface Word {
  text: string;
  start: number;
  end: number;
}

/** The words of each line, comments dropped; quoted words keep their inner span. */
export function caddyLines(text: string): Word[][] {
  const out: Word[][] = [];
  let line: Word[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      if (line.length) out.push(line);
      line = [];
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || /\s/.test(c)) {
      // Any white space between words (a vertical tab, a no-break space): a word ends at it, so it must be skipped here.
      i++;
    } else if (c === '#') {
      // A comment starts a word; `#` inside a word (a URL fragment) is part of it.
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
    } else if (c === '"' || c === '`') {
      let j = i + 1;
      while (j < n && text[j] !== c) j += text[j] === '\\' && c === '"' ? 2 : 1;
      line.push({ text: text.slice(i + 1, Math.min(j, n)), start: i + 1, end: Math.min(j, n) });
      i = j + 1;
    } else {
      let j = i;
      while (j < n && !/\s/.test(text[j])) j++;
      line.push({ text: text.slice(i, j), start: i, end: j });
      i = j;
    }
  }
  if (line.length) out.push(line);
  return out;
}

function isMatcher(word: string): boolean {
  return word.startsWith('/') || word === '*' || word.startsWith('@');
}

const WHY: Record<string, string> = {
  reverse_proxy: 'Caddy forwards requests there (`reverse_proxy`)',
  php_fastcgi: 'Caddy hands PHP requests there (`php_fastcgi`)',
};

export function caddyAddresses(text: string): MountedAddress[] {
  const out: MountedAddress[] = [];
  const add = (w: Word, directive: string) => {
    const a = addressAt(text, w.start, w.end, true);
    if (a) out.push({ ...a, setting: directive, role: { role: 'dial', certainty: 'certain', why: WHY[directive] } });
  };
  // The directive whose block the scanner is in, with the depth its block opened at.
  let open: { directive: string; depth: number } | undefined;
  let depth = 0;
  for (const words of caddyLines(text)) {
    const name = words[0].text;
    if (open && depth === open.depth + 1 && name === 'to') for (const w of words.slice(1)) if (w.text !== '{' && w.text !== '}') add(w, open.directive);
    if (WHY[name] !== undefined) {
      let args = words.slice(1).filter((w) => w.text !== '{');
      if (args[0] && isMatcher(args[0].text)) args = args.slice(1);
      for (const w of args) add(w, name);
      if (words[words.length - 1].text === '{') open = { directive: name, depth };
    }
    for (const w of words) {
      if (w.text === '{') depth++;
      else if (w.text === '}') {
        depth--;
        if (open && depth <= open.depth) open = undefined;
      }
    }
  }
  return out;
}

/** Glob of an `import` (`snippets/*`) as a test on container paths. */
function globTest(pattern: string): (target: string) => boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  return (target) => re.test(target);
}

/**
 * Where a Caddyfile's `import`s point, relative to its own folder. An import of a snippet (`import name`
 * after `(name) { … }`) points at no file of the mount and so matches none.
 */
function importsOf(text: string, target: string): string[] {
  const out: string[] = [];
  for (const words of caddyLines(text)) if (words[0].text === 'import' && words[1]) out.push(path.posix.resolve(path.posix.dirname(target), words[1].text));
  return out;
}

/** The upstreams of the Caddyfiles a service's Caddy reads: its entry, then what it imports, transitively. */
export function caddyfileAddresses(files: ReadonlyArray<{ file: string; target: string; text: string; entry: boolean }>): Array<{ file: string; found: MountedAddress }> {
  const out: Array<{ file: string; found: MountedAddress }> = [];
  const done = new Set<string>();
  const queue = files.filter((f) => f.entry);
  while (queue.length > 0) {
    const f = queue.shift() as (typeof files)[number];
    if (done.has(f.target)) continue;
    done.add(f.target);
    for (const found of caddyAddresses(f.text)) out.push({ file: f.file, found });
    for (const pattern of importsOf(f.text, f.target)) {
      const matches = globTest(pattern);
      for (const other of files) if (!done.has(other.target) && matches(other.target)) queue.push(other);
    }
  }
  return out;
}
