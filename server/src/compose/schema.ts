// The Compose specification's JSON schema, checked against each file's own tree (as written: before
// interpolation, `extends` and merging), with every problem located on the key or value it is about.
// The schema is a data file of a maintained npm package (`dclint` ships the spec's current
// `compose-spec.json`); the bundler inlines it, the compiled tests read it from the package. It is
// compiled once, at first use. A value written through a variable (`${PORT}`) is checked by Compose
// after interpolation: problems about such a value, or about a key written so, are left out here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CNode, CPair } from './nodes';
import { isMap, isScalar, isSeq } from './nodes';
import type { Loc } from './source';

declare const NETLENS_COMPOSE_SCHEMA: string | undefined;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaNode = { [key: string]: unknown };

export interface SchemaProblem {
  kind: 'unknown-key' | 'obsolete' | 'invalid';
  message: string;
  loc: Loc;
  /** The pair the problem is about (an unknown or obsolete key): what a fix renames or removes. */
  pair?: CPair;
  /** Keys allowed where an unknown key stands, for "did you mean". */
  allowed?: string[];
  /** The service whose definition holds it, when one does. */
  service?: string;
}

interface AjvError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  data?: unknown;
  parentSchema?: SchemaNode;
  schema?: unknown;
}

type Validate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

/** Milliseconds the schema took to compile (0 until it is first used): the benchmark reports it. */
export const schemaTimings = { compileMs: 0 };

let schemaCache: SchemaNode | undefined;
let validator: Validate | undefined;

export function composeSchema(): SchemaNode {
  if (!schemaCache) {
    const text = typeof NETLENS_COMPOSE_SCHEMA === 'string' ? NETLENS_COMPOSE_SCHEMA : fs.readFileSync(path.join(path.dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json'), 'utf8');
    schemaCache = JSON.parse(text) as SchemaNode;
  }
  return schemaCache;
}

function compiled(): Validate {
  if (validator) return validator;
  const started = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = (require('ajv') as { default: new (options: object) => { compile(schema: object): Validate } }).default;
  // All errors, with the value and the schema object each is about (the messages are ours); the schema's
  // `$schema` names draft-07 by an address Ajv does not know, so the schema itself is not validated.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, validateSchema: false, messages: false, code: { optimize: false } });
  validator = ajv.compile(composeSchema());
  schemaTimings.compileMs = performance.now() - started;
  return validator;
}

const cache = new WeakMap<CNode, SchemaProblem[]>();

/** The schema problems of one file's own tree; a tree seen before (an unchanged file) is not checked again. */
export function validateComposeTree(tree: CNode): SchemaProblem[] {
  const known = cache.get(tree);
  if (known) return known;
  const problems = check(tree);
  cache.set(tree, problems);
  return problems;
}

/** A `!reset` value removes what other files set: what it holds is not a value Compose checks. */
function plain(node: CNode): Json {
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.filter((i) => i.mergeTag !== 'reset').map(plain);
  const out: { [key: string]: Json } = {};
  for (const [k, p] of node.pairs) if (p.value.mergeTag !== 'reset') out[k] = plain(p.value);
  return out;
}

function check(tree: CNode): SchemaProblem[] {
  if (!isMap(tree)) return [];
  const problems: SchemaProblem[] = [];
  const version = tree.pairs.get('version');
  if (version) {
    const description = propertySchema(composeSchema(), 'version')?.description;
    problems.push({
      kind: 'obsolete',
      message: `\`version\` is obsolete: Compose ignores it${typeof description === 'string' ? ` (the specification: "${description.replace(/\.$/, '')}")` : ''}.`,
      loc: version.keyLoc,
      pair: version,
    });
  }
  const validate = compiled();
  if (validate(plain(tree))) return problems;
  // Errors about variables stay in the stream while combinators are resolved (a form failing only for a
  // variable is the value's form), then are left out.
  for (const e of resolve(validate.errors ?? []).filter((e) => !interpolated(e))) {
    if (e.instancePath === '/version' || e.instancePath.startsWith('/version/')) continue;
    const p = locate(tree, e);
    if (!p) continue;
    const [section, name] = segments(e.instancePath);
    problems.push(section === 'services' && name !== undefined ? { ...p, service: name } : p);
  }
  return problems;
}

function hasVariable(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** A problem Compose would judge only after interpolation: a value or key written through a variable. */
function interpolated(e: AjvError): boolean {
  if (hasVariable(e.data)) return true;
  if (e.keyword === 'additionalProperties' && hasVariable(e.params.additionalProperty)) return true;
  if (e.keyword === 'propertyNames' && hasVariable(e.params.propertyName)) return true;
  return false;
}

function within(p: string, parent: string): boolean {
  return p === parent || p.startsWith(`${parent}/`);
}

/**
 * The errors that say what is wrong. Ajv reports a value failing `oneOf`/`anyOf` with the errors of every
 * form it tried, just before the combinator's own error. A form whose type the value does not have says
 * nothing useful; the errors of the forms of the value's type do. When no form has the value's type, one
 * `type` error lists the types allowed. Nested combinators are resolved first (they come first).
 */
function resolve(errors: AjvError[]): AjvError[] {
  const out: AjvError[] = [];
  for (const e of errors) {
    if (e.keyword !== 'oneOf' && e.keyword !== 'anyOf') {
      out.push(e);
      continue;
    }
    const owned: AjvError[] = [];
    while (out.length > 0 && within(out[out.length - 1].instancePath, e.instancePath)) owned.push(out.pop() as AjvError);
    owned.reverse();
    // No form failed for a reason of its own: its errors were about variables (or several forms matched).
    if (owned.length === 0) continue;
    const shaped = owned.filter((o) => !(o.keyword === 'type' && o.instancePath === e.instancePath));
    if (shaped.length > 0) {
      for (const o of shaped) out.push(o);
      continue;
    }
    const types = new Set<string>();
    for (const o of owned) for (const t of String(o.params.type).split(',')) types.add(t);
    out.push({ ...e, keyword: 'type', params: { type: [...types].join(',') } });
  }
  // The same complaint through two forms (two `$ref`s to one definition) is said once.
  const seen = new Set<string>();
  return out.filter((e) => {
    const key = `${e.keyword}\0${e.instancePath}\0${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function segments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
  array: 'a list',
  object: 'a mapping',
};

function typeOf(node: CNode): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  const v = node.value;
  if (v === null) return 'empty';
  if (typeof v === 'boolean') return v ? '`true`' : '`false`';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  return 'a string';
}

function orList(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** How a place is named in a message: `services.web.networks.front`, list items by position. */
function placeName(parts: Array<string | number>): string {
  if (parts.length === 0) return 'the top level';
  return `\`${parts.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[')}\``;
}

function short(value: unknown): string {
  const s = JSON.stringify(value);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function locate(tree: CNode, e: AjvError): SchemaProblem | undefined {
  let node: CNode = tree;
  let holder: CPair | undefined;
  const parts: Array<string | number> = [];
  for (const seg of segments(e.instancePath)) {
    if (isMap(node)) {
      const p = node.pairs.get(seg);
      if (!p) return undefined;
      holder = p;
      node = p.value;
      parts.push(seg);
    } else if (isSeq(node)) {
      const item = node.items.filter((i) => i.mergeTag !== 'reset')[Number(seg)];
      if (!item) return undefined;
      node = item;
      parts.push(Number(seg));
    } else return undefined;
  }
  // A collection is pointed at by the key that holds it, not by all its lines; so is an empty value (no characters).
  const at: Loc = !holder || (isScalar(node) && node.loc.end > node.loc.start) ? node.loc : holder.keyLoc;
  const where = placeName(parts);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const pair = isMap(node) ? node.pairs.get(key) : undefined;
      if (!pair) return undefined;
      const allowed = Object.keys((e.parentSchema?.properties as SchemaNode | undefined) ?? {});
      const patterns = Object.keys((e.parentSchema?.patternProperties as SchemaNode | undefined) ?? {});
      const extensions = patterns.includes('^x-');
      // A place of names (services, networks, ...) rather than keys: the name breaks the pattern names follow.
      const namePatterns = patterns.filter((p) => p !== '^x-');
      const message =
        allowed.length === 0 && namePatterns.length > 0
          ? `\`${key}\` is not a valid name in ${where}: names there match ${namePatterns.map((p) => `\`${p}\``).join(' or ')}.`
          : `\`${key}\` is not a key Compose knows in ${where}${extensions ? ' (extension keys start with `x-`)' : ''}.`;
      return {
        kind: 'unknown-key',
        message,
        loc: pair.keyLoc,
        pair,
        allowed,
      };
    }
    case 'required':
      return { kind: 'invalid', message: `${where} needs \`${String(e.params.missingProperty)}\`.`, loc: at };
    case 'type': {
      const want = String(e.params.type).split(',').map((t) => TYPE_WORDS[t] ?? t);
      return { kind: 'invalid', message: `${where} must be ${orList([...new Set(want)])}, not ${typeOf(node)}.`, loc: at };
    }
    case 'enum': {
      const values = (e.params.allowedValues as unknown[] | undefined) ?? [];
      return { kind: 'invalid', message: `${where} must be one of ${orList(values.map((v) => `\`${String(v)}\``))}, not ${short(e.data)}.`, loc: at };
    }
    case 'const':
      return { kind: 'invalid', message: `${where} must be \`${String(e.params.allowedValue)}\`.`, loc: at };
    case 'pattern':
      return { kind: 'invalid', message: `${where} must match the pattern \`${String(e.params.pattern)}\`; ${short(e.data)} does not.`, loc: at };
    case 'format':
      return { kind: 'invalid', message: `${where} is not a valid ${String(e.params.format)}.`, loc: at };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { kind: 'invalid', message: `${where} must be ${e.keyword.startsWith('min') || e.keyword === 'exclusiveMinimum' ? 'at least' : 'at most'} ${String(e.params.limit)}${e.keyword.startsWith('exclusive') ? ' (excluded)' : ''}.`, loc: at };
    case 'minItems':
      return { kind: 'invalid', message: `${where} needs at least ${String(e.params.limit)} item${e.params.limit === 1 ? '' : 's'}.`, loc: at };
    case 'maxItems':
      return { kind: 'invalid', message: `${where} takes at most ${String(e.params.limit)} item${e.params.limit === 1 ? '' : 's'}.`, loc: at };
    case 'minProperties':
      return { kind: 'invalid', message: `${where} needs at least ${String(e.params.limit)} key${e.params.limit === 1 ? '' : 's'}.`, loc: at };
    case 'maxProperties':
      return { kind: 'invalid', message: `${where} takes at most ${String(e.params.limit)} key${e.params.limit === 1 ? '' : 's'}.`, loc: at };
    case 'uniqueItems':
      return { kind: 'invalid', message: `${where} lists the same item twice (items ${String(e.params.j)} and ${String(e.params.i)}).`, loc: at };
    case 'minLength':
      return { kind: 'invalid', message: `${where} must not be empty.`, loc: at };
    case 'not':
      return { kind: 'invalid', message: `${where} has a form Compose does not accept here.`, loc: at };
    case 'propertyNames':
      return { kind: 'invalid', message: `${where} has a key that is not a valid name: \`${String(e.params.propertyName)}\`.`, loc: at };
    case 'oneOf':
    case 'anyOf':
      return { kind: 'invalid', message: `${where} matches none of the forms Compose accepts here.`, loc: at };
    default:
      return { kind: 'invalid', message: `${where} is not valid here (schema keyword \`${e.keyword}\`).`, loc: at };
  }
}

// ---- descriptions, for the hover ----

function deref(root: SchemaNode, node: SchemaNode | undefined): SchemaNode | undefined {
  let n = node;
  for (let i = 0; n && typeof n.$ref === 'string' && i < 16; i++) {
    const ref: string = n.$ref;
    if (!ref.startsWith('#/')) return undefined;
    let target: unknown = root;
    for (const seg of ref.slice(2).split('/')) target = (target as SchemaNode | undefined)?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
    n = target as SchemaNode | undefined;
  }
  return n;
}

/** A schema and the forms its combinators allow, through `$ref`s (a few levels: the schema's combinators are shallow). */
function forms(root: SchemaNode, node: SchemaNode | undefined, depth = 0): SchemaNode[] {
  const n = deref(root, node);
  if (!n) return [];
  const out = [n];
  if (depth >= 8) return out;
  for (const k of ['oneOf', 'anyOf', 'allOf']) if (Array.isArray(n[k])) for (const sub of n[k] as SchemaNode[]) for (const f of forms(root, sub, depth + 1)) out.push(f);
  return out;
}

function propertySchema(node: SchemaNode, key: string): SchemaNode | undefined {
  return (node.properties as Record<string, SchemaNode> | undefined)?.[key];
}

/** The schemas a key path leads to (list items by position), through `$ref`s and every form. */
function schemasAt(keys: Array<string | number>): SchemaNode[] {
  const root = composeSchema();
  let current: SchemaNode[] = [root];
  for (const key of keys) {
    const next: SchemaNode[] = [];
    for (const s of current) {
      for (const f of forms(root, s)) {
        if (typeof key === 'number') {
          if (f.items && typeof f.items === 'object') next.push(f.items as SchemaNode);
          continue;
        }
        const direct = propertySchema(f, key);
        if (direct) {
          next.push(direct);
          continue;
        }
        const patterns = (f.patternProperties as Record<string, SchemaNode> | undefined) ?? {};
        const matched = Object.entries(patterns).find(([re]) => {
          try {
            return new RegExp(re, 'u').test(key);
          } catch {
            return false;
          }
        });
        if (matched) next.push(matched[1]);
        else if (f.additionalProperties && typeof f.additionalProperties === 'object') next.push(f.additionalProperties as SchemaNode);
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

/** The specification's description of the key at this path (`['services', 'web', 'ports']`), if it has one. */
export function schemaDescription(keys: Array<string | number>): string | undefined {
  const root = composeSchema();
  for (const s of schemasAt(keys)) {
    for (const f of [s, ...forms(root, s)]) if (typeof f.description === 'string' && f.description.trim() !== '') return f.description.trim();
  }
  return undefined;
}
