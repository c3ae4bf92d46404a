// Which engine to talk to: the one the Docker CLI would use. In order: the `netlens.docker.host`
// setting, `DOCKER_HOST` (with `DOCKER_TLS_VERIFY` / `DOCKER_CERT_PATH`), the current Docker context
// (`DOCKER_CONTEXT`, else `currentContext` of ~/.docker/config.json, looked up in
// ~/.docker/contexts/meta/*/meta.json), else the default socket. Pure apart from reading those files.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface EngineTarget {
  /** How the address was chosen, for messages ("from DOCKER_HOST"). */
  source: 'setting' | 'DOCKER_HOST' | 'context' | 'default';
  /** The address as a user would write it (`unix:///var/run/docker.sock`). */
  address: string;
  /** The context name, when chosen from one. */
  context?: string;
  transport: 'unix' | 'npipe' | 'tcp' | 'ssh';
  socketPath?: string;
  host?: string;
  port?: number;
  username?: string;
  tls?: { verify: boolean; ca?: string; cert?: string; key?: string; certDir?: string };
  /** Why the address could not be used, when it cannot (bad URL, unreadable context). */
  problem?: string;
}

export interface TargetOptions {
  /** The `netlens.docker.host` setting; empty means unset. */
  host?: string;
  env?: NodeJS.ProcessEnv;
  /** Home folder (for ~/.docker); defaults to the user's. */
  home?: string;
  platform?: NodeJS.Platform;
}

const DEFAULT_UNIX = 'unix:///var/run/docker.sock';
const DEFAULT_NPIPE = 'npipe:////./pipe/docker_engine';

export function resolveEngineTarget(options: TargetOptions = {}): EngineTarget {
  const env = options.env ?? process.env;
  const home = options.home ?? os.homedir();
  const configDir = env.DOCKER_CONFIG || path.join(home, '.docker');
  if (options.host && options.host.trim()) return parseAddress(options.host.trim(), 'setting', env, configDir);
  if (env.DOCKER_HOST) return parseAddress(env.DOCKER_HOST, 'DOCKER_HOST', env, configDir);
  const fromContext = contextTarget(env, configDir);
  if (fromContext) return fromContext;
  const platform = options.platform ?? process.platform;
  return parseAddress(platform === 'win32' ? DEFAULT_NPIPE : DEFAULT_UNIX, 'default', env, configDir);
}

/** Parses a `DOCKER_HOST`-style address. TLS follows `DOCKER_TLS_VERIFY` / `DOCKER_CERT_PATH` for tcp. */
export function parseAddress(address: string, source: EngineTarget['source'], env: NodeJS.ProcessEnv, configDir: string): EngineTarget {
  const base = { source, address };
  const m = /^([a-z]+):\/\/(.*)$/i.exec(address);
  if (!m) {
    // A bare path is what people put in settings for a socket; a bare host:port is tcp, as the CLI reads it.
    if (address.startsWith('/')) return { ...base, transport: 'unix', socketPath: address };
    return parseAddress(`tcp://${address}`, source, env, configDir);
  }
  const scheme = m[1].toLowerCase();
  const rest = m[2];
  if (scheme === 'unix') return { ...base, transport: 'unix', socketPath: rest || '/var/run/docker.sock' };
  if (scheme === 'npipe') return { ...base, transport: 'npipe', socketPath: rest || '//./pipe/docker_engine' };
  if (scheme === 'tcp' || scheme === 'http' || scheme === 'https') {
    const hp = /^(\[[^\]]+\]|[^:/]+)(?::(\d*))?\/?$/.exec(rest);
    if (!hp) return { ...base, transport: 'tcp', problem: `"${address}" is not a host address like tcp://host:2376` };
    const verify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
    const useTls = verify || scheme === 'https';
    const port = hp[2] ? Number(hp[2]) : useTls ? 2376 : 2375;
    const target: EngineTarget = { ...base, transport: 'tcp', host: hp[1].replace(/^\[|\]$/g, ''), port };
    if (useTls) {
      const certDir = env.DOCKER_CERT_PATH || configDir;
      target.tls = { verify, certDir, ...readCerts(certDir) };
    }
    return target;
  }
  if (scheme === 'ssh') {
    const sp = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(rest);
    if (!sp) return { ...base, transport: 'ssh', problem: `"${address}" is not an ssh address like ssh://user@host` };
    return { ...base, transport: 'ssh', username: sp[1], host: sp[2].replace(/^\[|\]$/g, ''), port: sp[3] ? Number(sp[3]) : 22 };
  }
  return { ...base, transport: 'tcp', problem: `"${address}" has an unknown scheme "${scheme}" (unix, tcp, ssh or npipe)` };
}

function readCerts(dir: string): { ca?: string; cert?: string; key?: string } {
  const read = (name: string) => {
    try {
      return fs.readFileSync(path.join(dir, name), 'utf8');
    } catch {
      return undefined;
    }
  };
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The current context's endpoint, or undefined for `default` (which means: the default socket). */
function contextTarget(env: NodeJS.ProcessEnv, configDir: string): EngineTarget | undefined {
  const config = readJson(path.join(configDir, 'config.json')) as { currentContext?: unknown } | undefined;
  const name = env.DOCKER_CONTEXT || (typeof config?.currentContext === 'string' ? config.currentContext : '');
  if (!name || name === 'default') return undefined;
  const metaRoot = path.join(configDir, 'contexts', 'meta');
  let dirs: string[] = [];
  try {
    dirs = fs.readdirSync(metaRoot);
  } catch {
    /* no contexts folder: reported below */
  }
  for (const dir of dirs) {
    const meta = readJson(path.join(metaRoot, dir, 'meta.json')) as
      | { Name?: unknown; Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } } }
      | undefined;
    if (meta?.Name !== name) continue;
    const host = meta.Endpoints?.docker?.Host;
    if (typeof host !== 'string' || !host) {
      return { source: 'context', context: name, address: '', transport: 'unix', problem: `Docker context "${name}" has no docker endpoint` };
    }
    const target = parseAddress(host, 'context', {}, configDir);
    target.context = name;
    // A context keeps its TLS files in contexts/tls/<same folder>/docker/.
    const tlsDir = path.join(configDir, 'contexts', 'tls', dir, 'docker');
    if (target.transport === 'tcp' && fs.existsSync(tlsDir)) {
      target.tls = { verify: meta.Endpoints?.docker?.SkipTLSVerify !== true, certDir: tlsDir, ...readCerts(tlsDir) };
    }
    return target;
  }
  return { source: 'context', context: name, address: '', transport: 'unix', problem: `the current Docker context "${name}" is not in ${metaRoot} (run \`docker context ls\`, or \`docker context use default\`)` };
}

/** One line for a status bar or a CLI message: `unix:///var/run/docker.sock (context "remote")`. */
export function describeTarget(t: EngineTarget): string {
  const where = t.source === 'context' ? `context "${t.context}"` : t.source === 'setting' ? 'netlens.docker.host' : t.source === 'DOCKER_HOST' ? 'DOCKER_HOST' : 'default';
  return `${t.address || '(none)'} (${where})`;
}
