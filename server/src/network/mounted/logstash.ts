// Logstash pipelines (`input { … } filter { … } output { … }`, the official image's `pipeline/*.conf`): a
// tolerant scanner of sections, plugins and their `key => value` settings (strings, numbers, barewords,
// arrays; `#` comments; `if … { }` blocks are transparent). No parser of the format is kept up for
// JavaScript. Outputs and pulling inputs name what Logstash dials (`hosts`, `bootstrap_servers`, `host` with
// `port`); server inputs are where it listens, with their protocol: a GELF input listens on UDP unless told
// otherwise, which is what a published TCP port misses. `logstash.yml` says where the monitoring API listens.
import { code } from '../../display/markdown';
import { addressAt, type MountedAddress } from './address';
import { child, text, yamlRoot } from './yamlValues';

interface Value {
  text: string;
  start: number;
  end: number;
}

interface Plugin {
  section: string;
  name: string;
  settings: Map<string, Value[]>;
}

type Token = { kind: 'word' | 'string' | 'punct'; text: string; start: number; end: number };

const WORD = /[A-Za-z0-9_.@:/$%+-]/;

function tokens(source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      out.push({ kind: 'string', text: source.slice(i + 1, Math.min(j, source.length)), start: i + 1, end: Math.min(j, source.length) });
      i = j + 1;
    } else if (WORD.test(c)) {
      let j = i;
      while (j < source.length) {
        // `${VAR}` inside a bareword stays in it; a `{` opening a block does not.
        if (source[j] === '$' && source[j + 1] === '{') {
          const close = source.indexOf('}', j);
          j = close < 0 ? source.length : close + 1;
        } else if (WORD.test(source[j])) j++;
        else break;
      }
      out.push({ kind: 'word', text: source.slice(i, j), start: i, end: j });
      i = j;
    } else if (c === '=' && source[i + 1] === '>') {
      out.push({ kind: 'punct', text: '=>', start: i, end: i + 2 });
      i += 2;
    } else if ('{}[],'.includes(c)) {
      out.push({ kind: 'punct', text: c, start: i, end: i + 1 });
      i++;
    } else i++;
  }
  return out;
}

/** The plugins of every section, with their settings. Unbalanced braces end the file where they stop making sense. */
export function logstashPlugins(source: string): Plugin[] {
  const ts = tokens(source);
  const plugins: Plugin[] = [];
  // Each open block: a section, a conditional, a plugin, or a hash value.
  const stack: Array<{ kind: 'section' | 'cond' | 'plugin' | 'hash'; plugin?: Plugin; section?: string }> = [];
  let pendingCond = false;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    const top = stack[stack.length - 1];
    if (t.text === '}' && t.kind === 'punct') {
      stack.pop();
      continue;
    }
    if (top?.kind === 'plugin' && t.kind === 'word' && ts[i + 1]?.text === '=>') {
      const values: Value[] = [];
      let j = i + 2;
      const v = ts[j];
      if (v?.text === '[' && v.kind === 'punct') {
        for (j++; j < ts.length && ts[j].text !== ']'; j++) if (ts[j].kind !== 'punct') values.push(ts[j]);
      } else if (v?.text === '{' && v.kind === 'punct') {
        stack.push({ kind: 'hash' });
      } else if (v) values.push(v);
      if (v?.text !== '{') {
        const list = top.plugin!.settings.get(t.text) ?? [];
        top.plugin!.settings.set(t.text, [...list, ...values]);
        i = j;
      } else i = j;
      continue;
    }
    if (t.kind === 'word' && (t.text === 'if' || t.text === 'else')) {
      pendingCond = true;
      continue;
    }
    if (t.text === '{' && t.kind === 'punct') {
      const prev = ts[i - 1];
      if (pendingCond) {
        stack.push({ kind: 'cond', section: top?.section });
        pendingCond = false;
      } else if (!top && prev?.kind === 'word') {
        stack.push({ kind: 'section', section: prev.text });
      } else if (top && (top.kind === 'section' || top.kind === 'cond') && prev?.kind === 'word') {
        const plugin: Plugin = { section: top.section ?? '', name: prev.text, settings: new Map() };
        plugins.push(plugin);
        stack.push({ kind: 'plugin', plugin, section: top.section });
      } else stack.push({ kind: 'hash', section: top?.section });
    }
  }
  return plugins;
}

const DIAL = (plugin: Plugin, key: string) => ({ role: 'dial' as const, certainty: 'certain' as const, why: `Logstash ${plugin.section === 'output' ? 'sends its events there' : 'reads events from there'} (${code(plugin.section)} ${code(plugin.name)} \`${key}\`)` });

/** Plugins whose `host` (with `port`) is where Logstash connects: outputs of these, and pulling inputs. */
const HOST_PORT_OUTPUTS = new Set(['redis', 'rabbitmq', 'tcp', 'udp', 'syslog', 'gelf', 'statsd', 'graphite', 'lumberjack']);
const HOST_PORT_INPUTS = new Set(['redis', 'rabbitmq']);

/** The addresses Logstash dials: outputs' and pulling inputs' hosts, URLs and brokers. */
export function logstashAddresses(source: string): MountedAddress[] {
  const out: MountedAddress[] = [];
  for (const plugin of logstashPlugins(source)) {
    if (plugin.section !== 'output' && plugin.section !== 'input') continue;
    const pulls = plugin.section === 'input';
    const add = (key: string, start: number, end: number) => {
      const a = addressAt(source, start, end, true);
      if (a) out.push({ ...a, setting: `${plugin.name}.${key}`, role: DIAL(plugin, key) });
    };
    // Every output's `hosts`; of the inputs, only those that pull from a search cluster.
    if (!pulls || plugin.name === 'elasticsearch' || plugin.name === 'opensearch') for (const v of plugin.settings.get('hosts') ?? []) add('hosts', v.start, v.end);
    if (plugin.name === 'kafka') {
      for (const v of plugin.settings.get('bootstrap_servers') ?? []) {
        let at = v.start;
        for (const part of v.text.split(',')) {
          const lead = part.length - part.trimStart().length;
          add('bootstrap_servers', at + lead, at + part.trimEnd().length);
          at += part.length + 1;
        }
      }
    }
    if (!pulls) for (const key of ['url', 'uri']) for (const v of plugin.settings.get(key) ?? []) add(key, v.start, v.end);
    const hostPort = pulls ? HOST_PORT_INPUTS.has(plugin.name) : HOST_PORT_OUTPUTS.has(plugin.name);
    // A `tcp` input in client mode dials `host:port` too.
    const tcpClient = pulls && plugin.name === 'tcp' && plugin.settings.get('mode')?.[0]?.text === 'client';
    if (hostPort || tcpClient) {
      const port = plugin.settings.get('port')?.[0];
      for (const h of plugin.settings.get('host') ?? []) {
        const a = addressAt(source, h.start, h.end, true);
        if (!a) continue;
        const withPort = a.port === undefined && port && /^\d{1,5}$/.test(port.text) ? { port: Number(port.text), portStart: port.start, portEnd: port.end } : {};
        out.push({ ...a, ...withPort, setting: `${plugin.name}.host`, role: DIAL(plugin, 'host') });
      }
    }
  }
  return out;
}

export type ListenProtocol = 'tcp' | 'udp' | 'both';

/** Server inputs: their default port (undefined: the setting is required) and protocol. */
const SERVER_INPUTS: Record<string, { port?: number; protocol: ListenProtocol }> = {
  beats: { protocol: 'tcp' },
  elastic_agent: { port: 5044, protocol: 'tcp' },
  tcp: { protocol: 'tcp' },
  udp: { protocol: 'udp' },
  gelf: { port: 12201, protocol: 'udp' },
  http: { port: 8080, protocol: 'tcp' },
  syslog: { port: 514, protocol: 'both' },
  lumberjack: { protocol: 'tcp' },
  graphite: { port: 2003, protocol: 'tcp' },
  log4j: { port: 4560, protocol: 'tcp' },
  websocket: { port: 3232, protocol: 'tcp' },
  snmptrap: { port: 1062, protocol: 'udp' },
  relp: { protocol: 'tcp' },
};

/** Inputs that open no port: they read files, pull from brokers or run commands. */
const QUIET_INPUTS = new Set(['file', 'stdin', 'generator', 'heartbeat', 'exec', 'pipe', 'kafka', 'redis', 'rabbitmq', 'jdbc', 'elasticsearch', 'opensearch', 's3', 'sqs', 'pipeline', 'http_poller', 'docker', 'twitter', 'imap', 'jms', 'java_generator', 'java_stdin', 'dead_letter_queue', 'snmp', 'cloudwatch', 'azure_event_hubs', 'google_pubsub', 'kinesis', 'unix', 'sqlite']);

export interface LogstashListens {
  ports: Array<{ port: number; via: string; protocol: ListenProtocol }>;
  open?: string;
}

/** Where the pipeline's server inputs listen; an input this does not know, or a port not written plainly, leaves the set open. */
export function logstashListens(source: string): LogstashListens {
  const out: LogstashListens = { ports: [] };
  for (const plugin of logstashPlugins(source)) {
    if (plugin.section !== 'input') continue;
    if (plugin.name === 'tcp' && plugin.settings.get('mode')?.[0]?.text === 'client') continue;
    const known = SERVER_INPUTS[plugin.name];
    if (!known) {
      if (!QUIET_INPUTS.has(plugin.name)) out.open ??= `input ${code(plugin.name)}`;
      continue;
    }
    const written = plugin.settings.get('port')?.[0]?.text;
    const port = written === undefined ? known.port : /^\d{1,5}$/.test(written) ? Number(written) : undefined;
    if (port === undefined || port < 1 || port > 65535) {
      out.open ??= `input ${code(plugin.name)} (port ${code(written ?? '?')})`;
      continue;
    }
    let protocol = known.protocol;
    if (plugin.name === 'gelf') {
      const flag = (key: string, fallback: boolean) => {
        const v = plugin.settings.get(key)?.[0]?.text;
        return v === undefined ? fallback : v === 'true';
      };
      const udp = flag('use_udp', true);
      const tcp = flag('use_tcp', false);
      if (!udp && !tcp) continue;
      protocol = udp && tcp ? 'both' : udp ? 'udp' : 'tcp';
    }
    out.ports.push({ port, via: `input ${plugin.name}`, protocol });
  }
  return out;
}

/** The monitoring API's port from `logstash.yml` (`api.http.port`, or `http.port` before 7.7; a range binds its first free port): 9600 by default, none when `api.enabled: false`. */
export function logstashApiPort(settings: string | undefined): number | undefined {
  if (settings === undefined) return 9600;
  const root = yamlRoot(settings);
  const flat = (key: string) => text(child(root, key)) ?? text(key.split('.').reduce((node, part) => child(node, part), root));
  if (flat('api.enabled') === 'false') return undefined;
  const port = flat('api.http.port') ?? flat('http.port');
  const m = port === undefined ? undefined : /^(\d{1,5})(?:-\d{1,5})?$/.exec(port.trim());
  return m ? Number(m[1]) : 9600;
}
