// Grafana Alloy's configuration (`config.alloy`, the River syntax of Grafana Agent's flow mode): blocks
// (`loki.write "default" { … }`, `endpoint { … }`) holding attributes (`url = "http://loki:3100/…"`).
// No parser of it is kept for JavaScript, so a tolerant scanner: identifiers, strings, numbers,
// brackets, `=` and line ends, comments `//` and `/* */` dropped; what it does not understand it skips.
// Where Alloy sends (`url`, `endpoint`, scrape targets' `__address__`) are dialled; the `http`, `grpc`
// and `server` blocks of its receivers say where it listens.
import { code } from '../../display/markdown';
import { addressAt, type MountedAddress } from './address';

interface Token {
  kind: 'ident' | 'string' | 'number' | 'punct' | 'newline';
  text: string;
  /** For a string: its inner characters' span (escapes left as written). */
  start: number;
  end: number;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      out.push({ kind: 'newline', text: c, start: i, end: i + 1 });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      // A comment spanning lines still ends the statement it interrupts.
      if (text.slice(i, end).includes('\n')) out.push({ kind: 'newline', text: '\n', start: i, end });
      i = end;
    } else if (c === '"' || c === '`') {
      let j = i + 1;
      while (j < n && text[j] !== c && !(c === '"' && text[j] === '\n')) j += text[j] === '\\' && c === '"' ? 2 : 1;
      out.push({ kind: 'string', text: text.slice(i + 1, Math.min(j, n)), start: i + 1, end: Math.min(j, n) });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w.]/.test(text[j])) j++;
      out.push({ kind: 'ident', text: text.slice(i, j), start: i, end: j });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w.]/.test(text[j])) j++;
      out.push({ kind: 'number', text: text.slice(i, j), start: i, end: j });
      i = j;
    } else {
      out.push({ kind: 'punct', text: c, start: i, end: i + 1 });
      i++;
    }
  }
  return out;
}

export interface AlloyBlock {
  /** `loki.source.api`, `http`, `endpoint`. */
  name: string;
  /** The block's label (`"default"`), when it has one. */
  label?: string;
}

export interface AlloyAttribute {
  name: string;
  /** The blocks around it, outermost first: the component, then its nested blocks. */
  blocks: AlloyBlock[];
  /** The value's tokens (up to the end of the statement). */
  value: Token[];
}

/** Every attribute of an Alloy file with the blocks around it. */
export function alloyAttributes(text: string): AlloyAttribute[] {
  const toks = tokens(text);
  const out: AlloyAttribute[] = [];
  const stack: AlloyBlock[] = [];
  let i = 0;
  while (i < toks.length) {
    const t = toks[i];
    if (t.kind === 'punct' && t.text === '}') {
      stack.pop();
      i++;
      continue;
    }
    if (t.kind !== 'ident') {
      i++;
      continue;
    }
    const next = toks[i + 1];
    if (next?.kind === 'punct' && next.text === '=' && toks[i + 2]?.text !== '=') {
      // The value runs to the end of the line outside brackets (or to the `}` closing the block).
      let j = i + 2;
      let depth = 0;
      for (; j < toks.length; j++) {
        const v = toks[j];
        if (v.kind === 'newline' && depth === 0) break;
        if (v.kind === 'punct' && (v.text === '{' || v.text === '[' || v.text === '(')) depth++;
        if (v.kind === 'punct' && (v.text === '}' || v.text === ']' || v.text === ')')) {
          if (depth === 0) break;
          depth--;
        }
      }
      out.push({ name: t.text, blocks: [...stack], value: toks.slice(i + 2, j) });
      i = j;
      continue;
    }
    const labelled = next?.kind === 'string' && toks[i + 2]?.kind === 'punct' && toks[i + 2].text === '{';
    if (labelled || (next?.kind === 'punct' && next.text === '{')) {
      stack.push({ name: t.text, label: labelled ? next.text : undefined });
      i += labelled ? 3 : 2;
      continue;
    }
    i++;
  }
  return out;
}

/** The one string (or number) an attribute is set to; undefined when it is an expression (`json_path(…)`, `env("X")`). */
function plainValue(a: AlloyAttribute): Token | undefined {
  const v = a.value.filter((t) => t.kind !== 'newline');
  return v.length === 1 && (v[0].kind === 'string' || v[0].kind === 'number') ? v[0] : undefined;
}

/** Components that receive: where they say they listen, the service listens. */
export function isReceiver(component: string): boolean {
  return /^otelcol\.receiver\.|^(?:loki|pyroscope|prometheus)\.(?:receive_http|source\.(?:api|syslog|gelf|heroku|awsfirehose|azure_event_hubs|cloudflare|gcplog))$|^faro\.receiver$|^loki\.source\.api$/.test(component);
}

function componentName(a: AlloyAttribute): string {
  const first = a.blocks[0];
  return first ? `${first.name}${first.label !== undefined ? ` "${first.label}"` : ''}` : '';
}

export function alloyAddresses(text: string): MountedAddress[] {
  const out: MountedAddress[] = [];
  for (const a of alloyAttributes(text)) {
    const component = a.blocks[0]?.name;
    if (!component || isReceiver(component)) continue;
    const where = componentName(a);
    if (a.name === 'url' || a.name === 'endpoint') {
      const v = plainValue(a);
      const found = v?.kind === 'string' ? addressAt(text, v.start, v.end, false) : undefined;
      if (found) out.push({ ...found, setting: `${where} ${a.name}`, role: { role: 'dial', certainty: 'certain', why: `Alloy sends there (${code(where)})` } });
    } else if (a.name === 'targets') {
      // `{"__address__" = "mimir:9009", …}`: the address of each target.
      const v = a.value;
      for (let i = 0; i + 2 < v.length; i++) {
        if ((v[i].text === '__address__' && (v[i].kind === 'string' || v[i].kind === 'ident')) && v[i + 1].text === '=' && v[i + 2].kind === 'string') {
          const found = addressAt(text, v[i + 2].start, v[i + 2].end, true);
          if (found) out.push({ ...found, setting: `${where} targets`, role: { role: 'dial', certainty: 'certain', why: `Alloy scrapes it (${code(where)})` } });
        }
      }
    }
  }
  return out;
}

/** The ports Alloy's receivers listen on, and why the list cannot be complete when it cannot. */
export function alloyListens(text: string): { ports: Array<{ port: number; via: string }>; open?: string } {
  const out: { ports: Array<{ port: number; via: string }>; open?: string } = { ports: [] };
  const attributes = alloyAttributes(text);
  // Receivers' blocks, with what they set.
  const blocks = new Map<string, { component: string; block: string; attributes: AlloyAttribute[] }>();
  const components = new Set<string>();
  for (const a of attributes) {
    const component = a.blocks[0]?.name;
    if (!component) continue;
    // Modules bring configuration of their own, which this does not follow.
    if (/^import\./.test(component)) out.open ??= `${code(componentName(a))} imports configuration`;
    if (!isReceiver(component)) continue;
    components.add(componentName(a));
    const key = `${componentName(a)}/${a.blocks.slice(1).map((b) => b.name).join('/')}`;
    const entry = blocks.get(key) ?? { component, block: a.blocks.slice(1).map((b) => b.name).join('.'), attributes: [] };
    entry.attributes.push(a);
    blocks.set(key, entry);
  }
  const found = new Set<string>();
  for (const [key, entry] of blocks) {
    const get = (name: string) => entry.attributes.find((a) => a.name === name && a.blocks.length >= 1);
    const port = get('listen_port');
    const address = get('endpoint') ?? get('listen_address') ?? get('address');
    const portValue = port && plainValue(port);
    const addressValue = address && plainValue(address);
    const fromAddress = addressValue ? /:(\d{1,5})$/.exec(addressValue.text)?.[1] : undefined;
    const via = `${key.split('/')[0]} ${entry.block}`.trim();
    if (portValue && /^\d{1,5}$/.test(portValue.text)) out.ports.push({ port: Number(portValue.text), via });
    else if (fromAddress) out.ports.push({ port: Number(fromAddress), via });
    else if (port || (address && !(address.name === 'listen_address' && addressValue))) out.open ??= `${code(via)} listens where a variable says`;
    else continue;
    found.add(key.split('/')[0]);
  }
  // A receiver that says nothing of its port listens on its default, which this does not list.
  for (const component of components) if (!found.has(component)) out.open ??= `${code(component)} listens on its default port`;
  return out;
}
