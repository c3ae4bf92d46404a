// Every address a service writes down: in `environment` (and its `env_file`s), `command`,
// `entrypoint` and `healthcheck.test`, plus `depends_on`. Each reference keeps the exact
// characters of its host and port in the file that wrote them.
import type { CNode, CScalar } from '../compose/nodes';
import { get, isMap, isScalar, isSeq } from '../compose/nodes';
import type { EnvFileEntry, ServiceDef } from '../compose/project';
import type { Loc, SourceSet } from '../compose/source';
import { findAddresses, hostVariablePrefix, isAddressSetting, isBareHost, isBindVariable, isPublicNameVariable, isWildcardHost, type AddressMatch } from './addresses';
import type { Reference, ReferenceOrigin } from './types';
import { schemePort } from './wellKnown';

/** A string value and how to find its characters in a file. */
interface Located {
  text: string;
  loc: Loc;
  /** Offset in the file of the value's first character, when the value is written as is. */
  contentStart?: number;
}

/** Maps [a, b) of a value to the file: exact when the file holds those characters there, or once nearby. */
export function spanIn(sources: SourceSet, value: Located, a: number, b: number): { loc: Loc; exact: boolean } {
  const wanted = value.text.slice(a, b);
  const file = sources.get(value.loc.file);
  if (!file || wanted === '') return { loc: value.loc, exact: false };
  if (value.contentStart !== undefined) {
    const at = value.contentStart + a;
    if (file.text.slice(at, at + wanted.length) === wanted) return { loc: { file: value.loc.file, start: at, end: at + wanted.length }, exact: true };
  }
  // Interpolated or escaped values: look for the same characters within the value's span.
  const region = file.text.slice(value.loc.start, value.loc.end);
  const first = region.indexOf(wanted);
  if (first >= 0 && region.indexOf(wanted, first + 1) < 0) {
    const at = value.loc.start + first;
    return { loc: { file: value.loc.file, start: at, end: at + wanted.length }, exact: true };
  }
  return { loc: value.loc, exact: false };
}

function fromScalar(node: CScalar): Located | undefined {
  if (node.value === null || typeof node.value === 'boolean') return undefined;
  const shift = node.style === 'single' || node.style === 'double' ? 1 : node.style === 'plain' ? 0 : undefined;
  return { text: String(node.value), loc: node.loc, contentStart: shift === undefined ? undefined : node.loc.start + shift };
}

function fromEnvFile(entry: EnvFileEntry): Located {
  const loc = { file: entry.file, start: entry.valueStart, end: entry.valueEnd };
  return { text: entry.value, loc, contentStart: entry.valueStart };
}

interface EnvVar {
  key: string;
  value: Located;
  origin: ReferenceOrigin;
}

export function environmentOf(def: ServiceDef): EnvVar[] {
  const vars = new Map<string, EnvVar>();
  // `environment` wins over `env_file`, as in Compose.
  for (const entry of def.envFileEntries) vars.set(entry.key, { key: entry.key, value: fromEnvFile(entry), origin: 'env_file' });
  const env = get(def.node, 'environment');
  if (isMap(env)) {
    for (const [key, p] of env.pairs) {
      const located = isScalar(p.value) ? fromScalar(p.value) : undefined;
      if (located) vars.set(key, { key, value: located, origin: 'environment' });
    }
  }
  return [...vars.values()];
}

export function collectReferences(def: ServiceDef, sources: SourceSet): Reference[] {
  const refs: Reference[] = [];
  const from = def.name;
  const add = (value: Located, m: AddressMatch, origin: ReferenceOrigin, role: Reference['role'], envKey?: string) => {
    const host = spanIn(sources, value, m.hostStart, m.hostEnd);
    const port = m.portStart !== undefined && m.portEnd !== undefined ? spanIn(sources, value, m.portStart, m.portEnd) : undefined;
    const defaultPort = m.port === undefined ? schemePort(m.scheme) : undefined;
    // `0.0.0.0` in a command or an address setting is where the program listens, not a peer.
    const wildcardBind = isWildcardHost(m.host) && (m.host === '+' || m.host === '*' || origin === 'command' || origin === 'entrypoint' || (envKey !== undefined && isAddressSetting(envKey)));
    refs.push({
      from,
      host: m.host,
      port: m.port ?? defaultPort,
      portSource: m.port !== undefined ? 'written' : defaultPort !== undefined ? 'scheme' : 'none',
      hostLoc: host.loc,
      portLoc: port?.exact ? port.loc : undefined,
      exact: host.exact,
      valueLoc: value.loc,
      origin,
      envKey,
      scheme: m.scheme,
      form: m.form,
      role: m.bind || wildcardBind ? 'bind' : role,
    });
  };

  const envVars = environmentOf(def);
  const byKey = new Map(envVars.map((v) => [v.key.toUpperCase(), v]));
  for (const v of envVars) {
    if (isPublicNameVariable(v.key)) continue;
    const bindVar = isBindVariable(v.key);
    const matches = findAddresses(v.value.text);
    for (const m of matches) add(v.value, m, v.origin, bindVar ? 'bind' : 'connect', v.key);
    if (matches.length > 0) continue;
    const text = v.value.text.trim();
    const prefix = hostVariablePrefix(v.key);
    if ((prefix === undefined && !bindVar) || !isBareHost(text) || /^(\d+|true|false|yes|no|on|off)$/i.test(text)) continue;
    const start = v.value.text.indexOf(text);
    const hostSpan = spanIn(sources, v.value, start, start + text.length);
    const portVar = prefix !== undefined ? byKey.get(`${prefix}_PORT`) ?? byKey.get(`${prefix}PORT`) : undefined;
    const portText = portVar?.value.text.trim();
    const port = portText && /^\d{1,5}$/.test(portText) ? Number(portText) : undefined;
    const portSpan = portVar && port !== undefined ? spanIn(sources, portVar.value, portVar.value.text.indexOf(portText as string), portVar.value.text.indexOf(portText as string) + (portText as string).length) : undefined;
    refs.push({
      from,
      host: text.replace(/^\[|\]$/g, ''),
      port,
      portSource: port !== undefined ? 'variable' : 'none',
      hostLoc: hostSpan.loc,
      portLoc: portSpan?.exact ? portSpan.loc : undefined,
      exact: hostSpan.exact,
      valueLoc: v.value.loc,
      origin: v.origin,
      envKey: v.key,
      form: 'host-var',
      role: bindVar || (isWildcardHost(text) && isAddressSetting(v.key)) ? 'bind' : 'connect',
    });
  }

  const commandLike: Array<[string, ReferenceOrigin]> = [
    ['command', 'command'],
    ['entrypoint', 'entrypoint'],
  ];
  for (const [key, origin] of commandLike) scanCommand(get(def.node, key), origin, 'connect', add, refs, from, sources);
  scanCommand(get(get(def.node, 'healthcheck'), 'test'), 'healthcheck', 'self-check', add, refs, from, sources);

  const dependsOn = get(def.node, 'depends_on');
  if (isMap(dependsOn)) {
    for (const [target, p] of dependsOn.pairs) {
      refs.push({ from, host: target, portSource: 'none', hostLoc: p.keyLoc, exact: true, valueLoc: p.keyLoc, origin: 'depends_on', form: 'dependency', role: 'connect' });
    }
  }
  return refs;
}

const BIND_FLAGS = ['--host', '--bind', '--bind-address', '--bind_ip', '--listen', '--listen-address', '--ip', '--server.address', '-b', '-H'];
/** Short flags that set the listen address only for some programs (`-h` is a client's target host elsewhere). */
const PROGRAM_BIND_FLAGS: Array<[RegExp, string]> = [
  [/^(?:flask|postgres|postmaster)$/, '-h'],
  [/^memcached$/, '-l'],
];

/** The shell steps of a command, each as its words with the program it runs first (`sh -c`, `exec`, `npx`, `python -m` looked through). */
export function commandSteps(command: string): Array<{ program: string; words: string[] }> {
  const out: Array<{ program: string; words: string[] }> = [];
  for (const step of command.split(/&&|\|\||[;|\n]/)) {
    let words = step.trim().replace(/^['"]+/, '').split(/\s+/).filter(Boolean);
    for (;;) {
      const w = words[0];
      if (w === undefined) break;
      if (/^(?:exec|env|nohup|gosu|su-exec|tini|npx|pnpx|bunx|--)$/.test(w) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) words = words.slice(1);
      else if (/^(?:npm|pnpm|yarn)$/.test(w) && words[1] === 'exec') words = words.slice(2);
      else if (/(?:^|\/)(?:ba|da|a)?sh$/.test(w) && words[1] === '-c') words = words.slice(2).join(' ').replace(/^['"]+/, '').split(/\s+/).filter(Boolean);
      else if (/(?:^|\/)python[0-9.]*$/.test(w) && words[1] === '-m' && words[2]) words = words.slice(2);
      else break;
    }
    if (words[0]) out.push({ program: words[0].replace(/^.*\//, ''), words: words.map((word) => word.replace(/^['"]+|['"]+$/g, '')) });
  }
  return out;
}

/** The programs a command runs: the first word of each shell step. */
export function programsOf(command: string): string[] {
  return commandSteps(command).map((s) => s.program);
}

function escapeFlag(flag: string): string {
  return flag.replace(/[.]/g, '\\.');
}

function scanCommand(
  node: CNode | undefined,
  origin: ReferenceOrigin,
  role: Reference['role'],
  add: (value: Located, m: AddressMatch, origin: ReferenceOrigin, role: Reference['role']) => void,
  refs: Reference[],
  from: string,
  sources: SourceSet,
): void {
  if (node === undefined) return;
  const parts = isSeq(node) ? node.items.filter(isScalar) : isScalar(node) ? [node] : [];
  const located = parts.map(fromScalar);
  const whole = located.map((v) => v?.text ?? '').join(' ');
  const programs = programsOf(whole);
  const flags = [...BIND_FLAGS, ...PROGRAM_BIND_FLAGS.filter(([program]) => programs.some((p) => program.test(p))).map(([, flag]) => flag)];
  const flagRe = new RegExp(`^(?:${flags.map(escapeFlag).join('|')})$`);
  located.forEach((value, i) => {
    if (!value) return;
    const matches = findAddresses(value.text);
    for (const m of matches) add(value, m, origin, role);
    // `--host 0.0.0.0` as two list items, or inside one string: the bare value after a bind flag.
    const pairs: Array<[Located, number, string]> = [];
    if (isSeq(node) && flagRe.test(value.text.trim()) && located[i + 1]) {
      const next = located[i + 1] as Located;
      pairs.push([next, next.text.indexOf(next.text.trim()), next.text.trim()]);
    }
    const inline = new RegExp(`(?:^|\\s)(?:${flags.map(escapeFlag).join('|')})(?:=|\\s+)([^\\s'"]+)`, 'g');
    for (let m = inline.exec(value.text); m; m = inline.exec(value.text)) pairs.push([value, m.index + m[0].length - m[1].length, m[1]]);
    // PostgreSQL's `-c listen_addresses=localhost` (also inside a quoted list of several).
    const setting = /(?:^|[\s'"])listen_addresses\s*=\s*['"]?([^\s'",]+)/g;
    for (let m = setting.exec(value.text); m; m = setting.exec(value.text)) pairs.push([value, m.index + m[0].length - m[1].length, m[1]]);
    for (const [target, at, text] of pairs) {
      if (!isBareHost(text) || matches.some((mm) => target === value && mm.hostStart === at)) continue;
      const span = spanIn(sources, target, at, at + text.length);
      refs.push({ from, host: text, portSource: 'none', hostLoc: span.loc, exact: span.exact, valueLoc: target.loc, origin, form: 'host-var', role: 'bind' });
    }
  });
}
