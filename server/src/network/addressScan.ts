// The character-level scanning behind `findAddresses`, written as single forward passes so that the
// work is linear in the value's length whatever it holds. The regular expressions it replaces
// (kept as the oracle of test/unit/growth/address-scan.test.ts) read the same matches but tried
// every start position anew: one long word took seconds. Each function says which pattern it reads.

/** Characters examined by the scans; a test compares it with the input's length. */
export const addressScanCounters = { steps: 0 };

/** One match of `scheme://authority`: `[start, schemeEnd)` the scheme, `authority` from `schemeEnd + 3` to `end`. */
export interface UrlSpan {
  start: number;
  schemeEnd: number;
  end: number;
}

/** One match of `host:port`: `host` as written (brackets kept), `digits` the port. */
export interface HostPortSpan {
  start: number;
  end: number;
  host: string;
  digits: string;
}

const code = (c: string) => c.charCodeAt(0);
const A = code('A');
const Z = code('Z');
const a = code('a');
const z = code('z');
const ZERO = code('0');
const NINE = code('9');

function isLetter(c: number): boolean {
  return (c >= A && c <= Z) || (c >= a && c <= z);
}
function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}
function isAlnum(c: number): boolean {
  return isLetter(c) || isDigit(c);
}
/** `\w` of a regular expression without the `u` flag. */
function isWord(c: number): boolean {
  return isAlnum(c) || c === 0x5f;
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= A && c <= code('F')) || (c >= a && c <= code('f'));
}
/** `[a-zA-Z0-9_+.-]`: what a scheme (or a Kafka listener name) is made of after its first letter. */
function isSchemeChar(c: number): boolean {
  return isWord(c) || c === 0x2b || c === 0x2e || c === 0x2d;
}
/** `[\w.-]` */
function isWordDotDash(c: number): boolean {
  return isWord(c) || c === 0x2e || c === 0x2d;
}
/** `[A-Za-z0-9_.-]`: a host name's characters, dots included. */
const isNameChar = isWordDotDash;

/** `\s` of a regular expression: ASCII and Unicode spaces, line ends and the BOM. */
export function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** `[^\s'"<>/?#;,]` without the comma: characters an authority runs over. */
const AUTHORITY_STOP = new Set(["'", '"', '<', '>', '/', '?', '#', ';'].map(code));

/** `(?<![\w.\-/@:[$%{])`: characters a `host:port` may not follow (a longer name, a path, a variable, a template). */
const HOST_PORT_NOT_AFTER = new Set(['.', '-', '/', '@', ':', '[', '$', '%', '{'].map(code));

/** A run of `[a-zA-Z][a-zA-Z0-9_+.-]*` from `at` followed by `://`? (The run is maximal, so no other split could match.) */
function schemeThenSlashes(text: string, at: number): boolean {
  if (at >= text.length || !isLetter(text.charCodeAt(at))) return false;
  let i = at + 1;
  while (i < text.length && isSchemeChar(text.charCodeAt(i))) i++;
  addressScanCounters.steps += i - at;
  return text.startsWith('://', i);
}

/** After a comma in an authority: does another URL start there, maybe as `name=scheme://` (etcd's cluster lists)? */
function anotherUrlAt(text: string, at: number): boolean {
  let i = at;
  while (i < text.length && isWordDotDash(text.charCodeAt(i))) i++;
  addressScanCounters.steps += i - at;
  if (i > at && text.charCodeAt(i) === code('=') && schemeThenSlashes(text, i + 1)) return true;
  return schemeThenSlashes(text, at);
}

/**
 * Every `scheme://authority`, left to right, as `/([a-zA-Z][a-zA-Z0-9_+.-]*):\/\/((?:[^\s'"<>/?#;,]|,(?!(?:[\w.-]+=)?[a-zA-Z][a-zA-Z0-9_+.-]*:\/\/))*)/g`
 * reads them: the scheme of a `://` is the run of scheme characters before it, from its first letter,
 * never reaching back into the previous match. Each character is examined a bounded number of times.
 */
export function scanUrls(text: string): UrlSpan[] {
  const out: UrlSpan[] = [];
  let from = 0;
  for (let k = text.indexOf('://', from); k >= 0; k = text.indexOf('://', Math.max(k + 1, from))) {
    let start = k;
    while (start > from && isSchemeChar(text.charCodeAt(start - 1))) start--;
    while (start < k && !isLetter(text.charCodeAt(start))) start++;
    addressScanCounters.steps += 2 * (k - start) + 1;
    if (start === k) continue;
    let end = k + 3;
    for (; end < text.length; end++) {
      addressScanCounters.steps++;
      const c = text.charCodeAt(end);
      if (isSpace(c) || AUTHORITY_STOP.has(c)) break;
      if (c === code(',') && anotherUrlAt(text, end + 1)) break;
    }
    out.push({ start, schemeEnd: k, end });
    from = end;
  }
  return out;
}

/** A name of labels `[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9_-]+)*` filling `[start, end)`? */
function isDottedName(text: string, start: number, end: number): boolean {
  let labelStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && text.charCodeAt(i) !== code('.')) continue;
    if (i === labelStart) return false;
    // The first label starts (by the caller) and ends with a letter or digit; later ones may hold `_` and `-` anywhere.
    if (labelStart === start && !isAlnum(text.charCodeAt(i - 1))) return false;
    labelStart = i + 1;
  }
  addressScanCounters.steps += end - start;
  return true;
}

/**
 * The port of a `host:port` whose colon is at `colon`: 1 to 5 digits, then not `[\w:/-]` and not `.`
 * with a digit (a version or a decimal), as `:(\d{1,5})(?![\w:/-]|\.\d)` reads it. Returns the end, or -1.
 */
function portAfter(text: string, colon: number): number {
  let i = colon + 1;
  // Six digits are enough to tell: a longer run is no port, and a digit after the fifth is `\w`.
  while (i < text.length && i - colon <= 6 && isDigit(text.charCodeAt(i))) i++;
  addressScanCounters.steps += i - colon;
  const digits = i - colon - 1;
  if (digits < 1 || digits > 5) return -1;
  const next = text.charCodeAt(i);
  if (i < text.length && (isWord(next) || next === code(':') || next === code('/') || next === code('-'))) return -1;
  if (next === code('.') && isDigit(text.charCodeAt(i + 1))) return -1;
  return i;
}

/** A `host:port` starting at `start` (a name or a bracketed IPv6 address), as `scanHostPorts` below reads it. */
function hostPortAt(text: string, start: number): HostPortSpan | undefined {
  let hostEnd: number;
  if (text.charCodeAt(start) === code('[')) {
    let i = start + 1;
    while (i < text.length && (isHex(text.charCodeAt(i)) || text.charCodeAt(i) === code(':') || text.charCodeAt(i) === code('.'))) i++;
    addressScanCounters.steps += i - start;
    if (i === start + 1 || text.charCodeAt(i) !== code(']')) return undefined;
    hostEnd = i + 1;
  } else {
    // The name is the whole run of name characters: a shorter one would be followed by one, not by `:`.
    let i = start;
    while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
    addressScanCounters.steps += i - start;
    if (!isDottedName(text, start, i)) return undefined;
    hostEnd = i;
  }
  if (text.charCodeAt(hostEnd) !== code(':')) return undefined;
  const end = portAfter(text, hostEnd);
  if (end < 0) return undefined;
  return { start, end, host: text.slice(start, hostEnd), digits: text.slice(hostEnd + 1, end) };
}

/**
 * Every `host:port` left to right, as
 * `/(?<![\w.\-/@:[$%{])((?:[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9_-]+)*|\[[0-9A-Fa-f:.]+\]):(\d{1,5})(?![\w:/-]|\.\d)/g`
 * reads them. A start needs a character a name cannot continue, so the runs tried never overlap.
 */
export function scanHostPorts(text: string): HostPortSpan[] {
  const out: HostPortSpan[] = [];
  for (let i = 0; i < text.length; ) {
    addressScanCounters.steps++;
    const c = text.charCodeAt(i);
    const before = i > 0 ? text.charCodeAt(i - 1) : -1;
    const canStart = (isAlnum(c) || c === code('[')) && !(isWord(before) || HOST_PORT_NOT_AFTER.has(before));
    const match = canStart ? hostPortAt(text, i) : undefined;
    if (match) {
      out.push(match);
      i = match.end;
    } else i++;
  }
  return out;
}

/** Flags that name the address a server listens on rather than one it connects to. */
const BIND_FLAGS = ['--bind', '--bind-address', '--bind_ip', '--listen', '--listen-address', '--host', '--hostname', '--address', '--addr', '--http-addr', '--http.addr', '--web.listen-address', '-b', '-l', '-H'];

/**
 * Does the text before `at` end with a bind flag and `=` or spaces (`--bind 0.0.0.0:8000`), the flag
 * at the start or after a space? Reads back over the spaces only, not the whole text before.
 */
export function followsBindFlag(text: string, at: number): boolean {
  let flagEnd = at;
  if (at > 0 && text.charCodeAt(at - 1) === code('=')) flagEnd = at - 1;
  else {
    while (flagEnd > 0 && isSpace(text.charCodeAt(flagEnd - 1))) flagEnd--;
    addressScanCounters.steps += at - flagEnd;
    if (flagEnd === at) return false;
  }
  return BIND_FLAGS.some((flag) => {
    const flagStart = flagEnd - flag.length;
    return flagStart >= 0 && text.startsWith(flag, flagStart) && (flagStart === 0 || isSpace(text.charCodeAt(flagStart - 1)));
  });
}
