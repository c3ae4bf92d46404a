// nginx configuration: where the proxy forwards (`proxy_pass`, `fastcgi_pass`, `grpc_pass`,
// `uwsgi_pass`, `scgi_pass`) and the servers of its `upstream` blocks. nginx has no parser kept
// for JavaScript, so a tolerant directive scanner: words, quoted strings, `;`, blocks and
// comments, nothing more; what it does not understand it skips.
import { code } from '../../display/markdown';
import { addressAt, type MountedAddress } from './address';

export interface Word {
  text: string;
  start: number;
  end: number;
}

export interface Directive {
  name: string;
  args: Word[];
  /** The enclosing blocks, outermost first (`http`, `upstream backend`, `location /api`). */
  blocks: Directive[];
}

/** ASCII white space and the characters that end a word (`;`, braces, quotes, `#`): one look-up per character. */
const SPACE = 1;
const PUNCTUATION = 2;
const ASCII_CLASS = new Uint8Array(128);
for (const c of ' \t\n\r\v\f') ASCII_CLASS[c.charCodeAt(0)] = SPACE;
for (const c of ';{}\'"#') ASCII_CLASS[c.charCodeAt(0)] = PUNCTUATION;

/** White space as JavaScript counts it (a no-break space too): every kind is skipped between words, so none can stall the scan. */
function isSpace(c: number): boolean {
  return c < 128 ? ASCII_CLASS[c] === SPACE : /\s/.test(String.fromCharCode(c));
}

function endsWord(c: number): boolean {
  return c < 128 ? ASCII_CLASS[c] !== 0 : /\s/.test(String.fromCharCode(c));
}

/** Every directive of an nginx file, with the blocks around it. */
export function nginxDirectives(text: string): Directive[] {
  const out: Directive[] = [];
  const stack: Directive[] = [];
  let words: Word[] = [];
  const finish = (opensBlock: boolean) => {
    if (words.length > 0) {
      const d: Directive = { name: words[0].text, args: words.slice(1), blocks: [...stack] };
      out.push(d);
      if (opensBlock) stack.push(d);
    } else if (opensBlock) {
      // A block without a name (a stray `{`): keep the nesting right.
      stack.push({ name: '', args: [], blocks: [...stack] });
    }
    words = [];
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (isSpace(text.charCodeAt(i))) {
      i++;
    } else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (c === ';') {
      finish(false);
      i++;
    } else if (c === '{') {
      finish(true);
      i++;
    } else if (c === '}') {
      finish(false);
      stack.pop();
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      words.push({ text: text.slice(i + 1, Math.min(j, n)), start: i + 1, end: Math.min(j, n) });
      i = j + 1;
    } else {
      let j = i;
      while (j < n && !endsWord(text.charCodeAt(j))) {
        // `${name}` is one variable inside a word, not a block.
        if (text[j] === '$' && text[j + 1] === '{') {
          const close = text.indexOf('}', j);
          j = close < 0 ? n : close + 1;
        } else j++;
      }
      words.push({ text: text.slice(i, j), start: i, end: j });
      i = j;
    }
  }
  finish(false);
  return out;
}

const PASSES: Record<string, string> = {
  proxy_pass: 'nginx forwards requests there (`proxy_pass`)',
  fastcgi_pass: 'nginx hands FastCGI requests (PHP) there (`fastcgi_pass`)',
  grpc_pass: 'nginx forwards gRPC requests there (`grpc_pass`)',
  uwsgi_pass: 'nginx hands uWSGI requests there (`uwsgi_pass`)',
  scgi_pass: 'nginx hands SCGI requests there (`scgi_pass`)',
  memcached_pass: 'nginx reads from that memcached (`memcached_pass`)',
};

/** The upstream targets of a service's nginx files, read together: an `upstream` named in one is used in another. */
export function nginxAddresses(files: ReadonlyArray<{ file: string; text: string }>): Array<{ file: string; found: MountedAddress }> {
  // Every nginx file at a path nginx reads is an entry (conf.d, sites-enabled, templates): read them all.
  const seen = new Set<string>();
  const parsed = files.filter((f) => !seen.has(f.file) && seen.add(f.file)).map((f) => ({ file: f.file, text: f.text, directives: nginxDirectives(f.text) }));
  const upstreams = new Set<string>();
  for (const f of parsed) for (const d of f.directives) if (d.name === 'upstream' && d.args[0]) upstreams.add(d.args[0].text.toLowerCase());
  const out: Array<{ file: string; found: MountedAddress }> = [];
  for (const f of parsed) {
    for (const d of f.directives) {
      const first = d.args[0];
      if (!first) continue;
      const inside = d.blocks[d.blocks.length - 1];
      if (PASSES[d.name] !== undefined) {
        const a = addressAt(f.text, first.start, first.end, true);
        // `proxy_pass http://backend` names an upstream block, whose servers are the addresses.
        if (!a || (a.port === undefined && upstreams.has(a.host.toLowerCase()))) continue;
        out.push({ file: f.file, found: { ...a, setting: d.name, role: { role: 'dial', certainty: 'certain', why: PASSES[d.name] } } });
      } else if (d.name === 'server' && inside?.name === 'upstream') {
        const a = addressAt(f.text, first.start, first.end, true);
        const name = inside.args[0]?.text ?? '';
        if (a) out.push({ file: f.file, found: { ...a, setting: `upstream ${name}`, role: { role: 'dial', certainty: 'certain', why: `a server of nginx's ${code(`upstream ${name}`)}, where it forwards requests` } } });
      }
    }
  }
  return out;
}
