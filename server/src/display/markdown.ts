// User text (names, values, images from a Compose file) in the Markdown of hovers. Every such string
// goes through `code` or `text`: it can neither leave its code span, nor become a link, an image, an
// HTML tag or an entity, nor start a new line. A hover must never fetch or link anything a file chose.
import { showControls } from './controls';

/** A code span holding `value` exactly: its fence is longer than any run of backticks inside. */
export function code(value: string | number): string {
  const inner = showControls(String(value));
  if (inner === '') return '` `';
  let longest = 0;
  for (const run of inner.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  // A span starting or ending with a backtick or a space needs one space of padding each side, which Markdown strips.
  const pad = /^[` ]|[` ]$/.test(inner) ? ' ' : '';
  return `${fence}${pad}${inner}${pad}${fence}`;
}

/**
 * Characters that start Markdown syntax inside a line: code, emphasis, links and images, HTML and
 * autolinks, entities, strikethrough, tables, theme icons (lines themselves never start with user text).
 */
const INLINE_SYNTAX = /[\\`*_[\]<>&~!|$]/g;

/** `value` as Markdown text that shows exactly `value`. */
export function text(value: string | number): string {
  return (
    showControls(String(value))
      .replace(INLINE_SYNTAX, '\\$&')
      // Bare URLs, `www.` names and e-mail addresses become links in GitHub-flavoured Markdown: break what marks them.
      .replace(/:(?=\/)/g, '\\:')
      .replace(/\b(www)\./gi, '$1\\.')
      .replace(/@/g, '\\@')
  );
}

/** The end of the run of backticks starting at `at`. */
function runEnd(phrase: string, at: number): number {
  let end = at;
  while (phrase.charCodeAt(end) === 96) end++;
  return end;
}

/**
 * A phrase of the analysis whose names stand in code spans (written with `code`: "`DB_URL` names
 * service `db`") as Markdown: each span's text as code again, the rest as escaped text. Spans close as
 * in Markdown, on a run of as many backticks as opened them; a run that closes nothing is text.
 */
export function fromCodeSpans(phrase: string): string {
  let out = '';
  let textStart = 0;
  let at = phrase.indexOf('`');
  while (at >= 0) {
    const open = runEnd(phrase, at);
    let close = phrase.indexOf('`', open);
    while (close >= 0 && runEnd(phrase, close) - close !== open - at) close = phrase.indexOf('`', runEnd(phrase, close));
    if (close < 0) {
      at = phrase.indexOf('`', open);
      continue;
    }
    let inner = phrase.slice(open, close);
    if (inner.length >= 2 && inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '') inner = inner.slice(1, -1);
    out += text(phrase.slice(textStart, at)) + code(inner);
    textStart = close + (open - at);
    at = phrase.indexOf('`', textStart);
  }
  return out + text(phrase.slice(textStart));
}
