// Characters that a terminal, a CI log or a Markdown renderer acts on instead of showing: C0 and C1
// controls (ESC starts the CSI and OSC sequences that move the cursor, erase lines and set links), DEL,
// the line and paragraph separators, and the bidirectional controls that reorder what a line appears to
// say. Text taken from a Compose file shows them as visible escapes, so it can neither hide nor forge
// what is printed around it.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every control character written as an escape (`\x1b`, `\n`, `\u202e`). */
export function showControls(text: string): string {
  return text.replace(INVISIBLE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
