// Every address a service writes down: in `environment` (and its `env_file`s), `command`,
// `entrypoint` and `healthcheck.test`, plus `depends_on`. Each reference keeps the exact
// characters of its host and port in the file that wrote them.
import type { CNode, CScalar } from '../compose/nodes';
import { get, isMap, isScalar, isSeq, str } from '../compose/nodes';
import type { EnvFileEntry, ServiceDef } from '../compose/project';
import type { Loc, SourceSet } from '../compose/source';
import { code } from '../display/markdown';
import { findAddresses, hostVariablePrefix, isAddressSetting, isBareHost, isBindVariable, isPublicNameVariable, isWildcardHost, type AddressMatch } from './addresses';
import { browserAppOverride, commandRole, roleByName, serverImageOverride, settingRole, type RoleEvidence } from './roles';
import type { Reference, ReferenceOrigin } from './types';
import { schemePort } from './wellKnown';

/** A string value and how to find its characters in a file. */
interface Located {
  text: string;
  loc: Loc;
  /** Offset in the file of the value's first character, when the value is written as is. */
  contentStart?: number;
  /** The value is not in the file (taken from the environment): `loc` is the entry asking for it, never the text's place. */
  fromEnvironment?: boolean;
}

/** Maps [a, b) of a value to the file: exact when the file holds those characters there, or once nearby. */
export function spanIn(sources: SourceSet, value: Located, a: number, b: number): { loc: Loc; exact: boolean } {
  const wanted = value.text.slice(a, b);
  const file = sources.get(value.loc.file);
  if (!file || wanted === '' || value.fromEnvironment) return { loc: value.loc, exact: false };
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
  if (node.fromEnvironment) return { text: String(node.value), loc: node.loc, fromEnvironment: true };
  const shift = node.style === 'single' || node.style === 'double' ? 1 : node.style === 'plain' ? 0 : undefined;
  return { text: String(node.value), loc: node.loc, contentStart: shift === undefined ? undefined : node.loc.start + shift };
}

function fromEnvFile(entry: EnvFileEntry): Located {
  const loc = { file: entry.file, start: entry.valueStart, end: entry.valueEnd };
  if (entry.fromEnvironment) return { text: entry.value, loc, fromEnvironment: true };
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
    for (const p of env.pairs.values()) {
      const key = p.key;
      const located = isScalar(p.value) ? fromScalar(p.value) : undefined;
      if (located) vars.set(key, { key, value: located, origin: 'environment' });
    }
  }
  return [...vars.values()];
}

/** An address found in a value; `variable` when its host is a shell variable's value. */
type FoundAddress = AddressMatch & { variable?: string };

const SHELL_VARIABLE = /(?<![\w$])\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))(?::(\d{1,5})(?!\d))?/g;

/**
 * `$NAME` in a value is a `$$NAME` in the file: a shell variable at run time, never a host called NAME. Where it
 * stands for a host (a port follows, it follows `//` or `@`, or its name holds a host) and the service's own
 * environment sets it to one, that host is the address; otherwise nothing is known.
 */
function shellVariableAddresses(text: string, env: ReadonlyMap<string, string>): FoundAddress[] {
  if (!text.includes('$')) return [];
  const out: FoundAddress[] = [];
  SHELL_VARIABLE.lastIndex = 0;
  for (let m = SHELL_VARIABLE.exec(text); m; m = SHELL_VARIABLE.exec(text)) {
    const name = m[1] ?? m[2];
    const host = env.get(name);
    const port = m[3] !== undefined ? Number(m[3]) : undefined;
    const hostish = port !== undefined || text.endsWith('//', m.index) || text.endsWith('@', m.index) || hostVariablePrefix(name) !== undefined;
    if (!hostish || host === undefined || !isBareHost(host) || NOT_A_HOST.test(host)) continue;
    const end = m.index + m[0].length - (m[3] !== undefined ? m[3].length + 1 : 0);
    out.push({
      start: m.index,
      host,
      hostStart: m.index,
      hostEnd: end,
      port,
      portStart: port !== undefined ? end + 1 : undefined,
      portEnd: port !== undefined ? end + 1 + (m[3] as string).length : undefined,
      form: 'host-port',
      bind: false,
      variable: name,
    });
  }
  return out;
}

/** Values that switch something on or off, or stand for "no host": never a host name. */
const NOT_A_HOST = /^(\d+|true|false|yes|no|y|n|on|off|none|null|nil|enabled?|disabled?|auto|default|any|all|unset)$/i;

/** The setting an address inside a longer value belongs to: `-Dspring.datasource.url=` or `url: ` just before it. */
function innerSetting(text: string, matchStart: number): string | undefined {
  const m = /(?:^|[\s,;'"{(])(-{0,2}[A-Za-z_][\w.-]*)\s*[=:]\s*['"]?$/.exec(text.slice(Math.max(0, matchStart - 200), matchStart));
  return m ? m[1].replace(/^-+/, '') : undefined;
}

export function collectReferences(def: ServiceDef, sources: SourceSet): Reference[] {
  const refs: Reference[] = [];
  const from = def.name;
  const image = str(def.node, 'image');
  const browserApp = browserAppOverride(image);
  const add = (value: Located, m: FoundAddress, origin: ReferenceOrigin, evidence: RoleEvidence, envKey?: string) => {
    const host = spanIn(sources, value, m.hostStart, m.hostEnd);
    // The host came from a shell variable: its characters are `$NAME`, which no edit may replace by a name.
    if (m.variable !== undefined) host.exact = false;
    // A URL without its port, beside a setting that holds the port (`WAZUH_API_URL` + `API_PORT`): the program joins them.
    const sibling = m.port === undefined && envKey !== undefined ? siblingPort(envKey) : undefined;
    const port = m.portStart !== undefined && m.portEnd !== undefined ? spanIn(sources, value, m.portStart, m.portEnd) : sibling?.span;
    const defaultPort = m.port === undefined ? (sibling?.port ?? schemePort(m.scheme)) : undefined;
    // `0.0.0.0` in a command or an address setting is where the program listens, not a peer.
    const wildcardBind = isWildcardHost(m.host) && (m.host === '+' || m.host === '*' || origin === 'command' || origin === 'entrypoint' || (envKey !== undefined && isAddressSetting(envKey)));
    const role: RoleEvidence = m.bind || wildcardBind ? { role: 'listen', certainty: 'certain', why: m.bind ? 'it follows a flag that sets where the program listens' : 'every interface is an address to listen on, not a peer' } : evidence;
    refs.push({
      from,
      host: m.host,
      port: m.port ?? defaultPort,
      portSource: m.port !== undefined ? 'written' : sibling ? 'variable' : defaultPort !== undefined ? 'scheme' : 'none',
      hostLoc: host.loc,
      portLoc: port?.exact ? port.loc : undefined,
      exact: host.exact,
      valueLoc: value.loc,
      origin,
      envKey,
      scheme: m.scheme,
      form: m.form,
      role: role.role,
      certainty: role.certainty,
      roleWhy: m.variable !== undefined ? `${role.why}; the host is ${code(`$${m.variable}`)}, set to ${code(m.host)} in the service's environment` : role.why,
    });
  };

  const envVars = environmentOf(def);
  const byKey = new Map(envVars.map((v) => [v.key.toUpperCase(), v]));
  const ownValue = new Map(envVars.map((v) => [v.key, v.value.text.trim()]));
  const addressesIn = (text: string): FoundAddress[] => [...findAddresses(text), ...shellVariableAddresses(text, ownValue)];
  const keys = envVars.map((v) => v.key);
  /** The port setting beside an address setting: `<prefix>_PORT` for the key's prefix or a shorter tail of it, with a plain port. */
  function siblingPort(key: string): { port: number; span: ReturnType<typeof spanIn> } | undefined {
    const words = key.toUpperCase().replace(/_?(URL|URI|ADDR|ADDRESS|ENDPOINT|HOST)$/, '').split('_').filter(Boolean);
    if (words.length === 0 || words.length === key.split('_').length) return undefined;
    for (let i = 0; i < words.length; i++) {
      const v = byKey.get(`${words.slice(i).join('_')}_PORT`);
      const text = v?.value.text.trim();
      if (!v || !text || !/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) continue;
      const at = v.value.text.indexOf(text);
      return { port: Number(text), span: spanIn(sources, v.value, at, at + text.length) };
    }
    return undefined;
  }
  for (const v of envVars) {
    if (isPublicNameVariable(v.key)) continue;
    const origin = v.origin === 'env_file' ? 'env_file' : 'environment';
    const imposed = serverImageOverride(image, v.key, origin) ?? browserApp;
    const bindVar = isBindVariable(v.key);
    const matches = addressesIn(v.value.text);
    // What the key says is worked out once for all the addresses of its value.
    let keyRole: ((scheme?: string) => RoleEvidence) | undefined;
    for (const m of matches) {
      const inner = innerSetting(v.value.text, m.start);
      const byInner = inner !== undefined ? settingRole({ name: inner, scheme: m.scheme }) : undefined;
      const evidence = bindVar
        ? { role: 'listen' as const, certainty: 'certain' as const, why: `${code(v.key)} sets where the service listens` }
        : imposed ?? (byInner && byInner.role !== 'unknown' ? byInner : (keyRole ??= roleByName(v.key, keys))(m.scheme));
      add(v.value, m, v.origin, evidence, v.key);
    }
    if (matches.length > 0) continue;
    const text = v.value.text.trim();
    const prefix = hostVariablePrefix(v.key);
    if ((prefix === undefined && !bindVar) || !isBareHost(text) || NOT_A_HOST.test(text)) continue;
    const start = v.value.text.indexOf(text);
    const hostSpan = spanIn(sources, v.value, start, start + text.length);
    const portVar = prefix !== undefined ? byKey.get(`${prefix}_PORT`) ?? byKey.get(`${prefix}PORT`) : undefined;
    const portText = portVar?.value.text.trim();
    const port = portText && /^\d{1,5}$/.test(portText) ? Number(portText) : undefined;
    const portSpan = portVar && port !== undefined ? spanIn(sources, portVar.value, portVar.value.text.indexOf(portText as string), portVar.value.text.indexOf(portText as string) + (portText as string).length) : undefined;
    let evidence: RoleEvidence;
    if (bindVar || (isWildcardHost(text) && isAddressSetting(v.key))) evidence = { role: 'listen', certainty: 'certain', why: `${code(v.key)} sets where the service listens` };
    else if (imposed) evidence = imposed;
    else {
      evidence = settingRole({ name: v.key, siblings: keys });
      // A host with its port in a sibling (`X_HOST` + `X_PORT`) is how clients are configured.
      if (evidence.role === 'dial' && portVar) evidence = { role: 'dial', certainty: 'certain', why: `${code(v.key)} with ${code(portVar.key)} configure a connection` };
    }
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
      role: evidence.role,
      certainty: evidence.certainty,
      roleWhy: evidence.why,
    });
  }

  const commandLike: Array<[string, 'command' | 'entrypoint']> = [
    ['command', 'command'],
    ['entrypoint', 'entrypoint'],
  ];
  for (const [key, origin] of commandLike) scanCommand(get(def.node, key), origin, add, addressesIn, refs, from, sources);
  scanCommand(get(get(def.node, 'healthcheck'), 'test'), 'healthcheck', add, addressesIn, refs, from, sources);

  const dependsOn = get(def.node, 'depends_on');
  if (isMap(dependsOn)) {
    for (const p of dependsOn.pairs.values()) {
      const target = p.key;
      refs.push({ from, host: target, portSource: 'none', hostLoc: p.keyLoc, exact: true, valueLoc: p.keyLoc, origin: 'depends_on', form: 'dependency', role: 'dial', certainty: 'certain', roleWhy: '`depends_on` orders start-up' });
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
    const words = step.trim().replace(/^['"]+/, '').split(/\s+/).filter(Boolean);
    // An index into the words, not a new list per prefix looked through: `sh -c sh -c ...` stays linear.
    let i = 0;
    for (;;) {
      const w = words[i];
      if (w === undefined) break;
      if (/^(?:exec|env|nohup|gosu|su-exec|tini|npx|pnpx|bunx|--)$/.test(w) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) i++;
      else if (/^(?:npm|pnpm|yarn)$/.test(w) && words[i + 1] === 'exec') i += 2;
      else if (/(?:^|\/)(?:ba|da|a)?sh$/.test(w) && words[i + 1] === '-c') {
        i += 2;
        // The script's opening quote is not part of its first word (a lone quote is no word at all).
        if (words[i] !== undefined) words[i] = words[i].replace(/^['"]+/, '');
        if (words[i] === '') i++;
      } else if (/(?:^|\/)python[0-9.]*$/.test(w) && words[i + 1] === '-m' && words[i + 2]) i += 2;
      else break;
    }
    if (words[i]) out.push({ program: words[i].replace(/^.*\//, ''), words: words.slice(i).map((word) => word.replace(/^['"]+|['"]+$/g, '')) });
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

/** The flag an address in a command follows: `--db=HOST`, `--db HOST` in one string, or `--db` as the item before. */
function flagBefore(text: string, at: number, firstNonSpace: number, previousItem: string | undefined): string | undefined {
  const inline = /(?:^|\s)(--?[A-Za-z][\w.-]*)(?:=|\s+)['"]?$/.exec(text.slice(Math.max(0, at - 200), at));
  if (inline) return inline[1];
  if (at <= firstNonSpace && previousItem !== undefined && /^--?[A-Za-z][\w.-]*$/.test(previousItem.trim())) return previousItem.trim();
  return undefined;
}

function scanCommand(
  node: CNode | undefined,
  origin: 'command' | 'entrypoint' | 'healthcheck',
  add: (value: Located, m: FoundAddress, origin: ReferenceOrigin, evidence: RoleEvidence) => void,
  addressesIn: (text: string) => FoundAddress[],
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
  const listen: RoleEvidence = { role: 'listen', certainty: 'certain', why: 'it follows a flag that sets where the program listens' };
  const inShell = /(?:^|[\s/'"])(?:ba|da|a|z)?sh\s+-c\b/.test(whole) || /^\s*CMD-SHELL\b/.test(whole) || (origin === 'healthcheck' && !isSeq(node));
  const first = refs.length;
  located.forEach((value, i) => {
    if (!value) return;
    const matches = addressesIn(value.text);
    // Nothing but spaces before an address (`at <= firstNonSpace`): the flag may be the item before.
    const written = value.text.search(/\S/);
    const firstNonSpace = written < 0 ? value.text.length : written;
    for (const m of matches) add(value, m, origin, commandRole(programs, flagBefore(value.text, m.start, firstNonSpace, located[i - 1]?.text), m.scheme, origin));
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
    const hostStarts = new Set(matches.map((mm) => mm.hostStart));
    for (const [target, at, text] of pairs) {
      if (!isBareHost(text) || (target === value && hostStarts.has(at))) continue;
      const span = spanIn(sources, target, at, at + text.length);
      refs.push({ from, host: text, portSource: 'none', hostLoc: span.loc, exact: span.exact, valueLoc: target.loc, origin, form: 'host-var', role: listen.role, certainty: listen.certainty, roleWhy: listen.why });
    }
  });
  if (inShell) for (let i = first; i < refs.length; i++) refs[i].inShell = true;
}
