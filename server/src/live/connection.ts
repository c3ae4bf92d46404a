// Opening the engine: dockerode is required here, on first use, so that loading the server or
// the CLI never pays for it. Every failure becomes a sentence the user can act on.
import type Dockerode from 'dockerode';
import { describeTarget, resolveEngineTarget, type EngineTarget, type TargetOptions } from './target';

/** The oldest engine API live mode reads (Docker 17.06: network and Swarm fields it needs). */
export const MIN_API_VERSION = '1.30';

export type EngineErrorCode = 'bad-address' | 'no-socket' | 'permission' | 'refused' | 'too-old' | 'tls' | 'timeout' | 'ssh' | 'other';

export interface EngineError {
  code: EngineErrorCode;
  message: string;
}

export interface EngineConnection {
  target: EngineTarget;
  /** For requests: each one gives up after the timeout. */
  docker: Dockerode;
  /** For the event stream, which is idle by nature: no idle timeout. */
  streaming: Dockerode;
  version: string;
  apiVersion: string;
}

export interface ConnectOptions extends TargetOptions {
  /** Per-request timeout in milliseconds (default 10 s). */
  timeoutMs?: number;
}

export type ConnectResult = { ok: true; connection: EngineConnection } | { ok: false; target: EngineTarget; error: EngineError };

let dockerodeCtor: typeof Dockerode | undefined;
function loadDockerode(): typeof Dockerode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  dockerodeCtor ??= require('dockerode') as typeof Dockerode;
  return dockerodeCtor;
}

export function clientFor(target: EngineTarget, timeoutMs: number | undefined): Dockerode {
  const Ctor = loadDockerode();
  const opts: Dockerode.DockerOptions = { timeout: timeoutMs };
  if (target.transport === 'unix' || target.transport === 'npipe') opts.socketPath = target.socketPath;
  else if (target.transport === 'ssh') Object.assign(opts, { protocol: 'ssh', host: target.host, port: target.port, username: target.username });
  else {
    Object.assign(opts, { host: target.host, port: target.port, protocol: target.tls ? 'https' : 'http' });
    if (target.tls) Object.assign(opts, { ca: target.tls.ca, cert: target.tls.cert, key: target.tls.key });
  }
  return new Ctor(opts);
}

/** Connects and reads the engine's version; never throws, never waits longer than the timeout. */
export async function connectEngine(options: ConnectOptions = {}): Promise<ConnectResult> {
  const target = resolveEngineTarget(options);
  if (target.problem) return { ok: false, target, error: { code: 'bad-address', message: `Cannot use the Docker engine address: ${target.problem}.` } };
  const timeoutMs = options.timeoutMs ?? 10_000;
  let docker: Dockerode;
  try {
    docker = clientFor(target, timeoutMs);
  } catch (err) {
    return { ok: false, target, error: explainEngineError(err, target) };
  }
  try {
    const version = await withTimeout(docker.version(), timeoutMs, 'version');
    const apiVersion = String(version.ApiVersion ?? '');
    if (apiVersion && compareApi(apiVersion, MIN_API_VERSION) < 0) {
      return { ok: false, target, error: { code: 'too-old', message: `The Docker engine at ${describeTarget(target)} is too old (API ${apiVersion}, Docker ${version.Version}); live mode needs API ${MIN_API_VERSION} (Docker 17.06) or newer. Upgrade the engine.` } };
    }
    return { ok: true, connection: { target, docker, streaming: clientFor(target, undefined), version: String(version.Version ?? ''), apiVersion } };
  } catch (err) {
    return { ok: false, target, error: explainEngineError(err, target) };
  }
}

export function compareApi(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1 !== b1 ? a1 - b1 : (a2 || 0) - (b2 || 0);
}

export class EngineTimeout extends Error {
  constructor(what: string, ms: number) {
    super(`${what} took longer than ${ms} ms`);
  }
}

/** Bounds a promise: the engine may accept a connection and then never answer. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EngineTimeout(what, ms)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Turns a socket, HTTP or TLS error into a sentence with a remedy. */
export function explainEngineError(err: unknown, target: EngineTarget): EngineError {
  const e = err as { code?: string; message?: string; statusCode?: number; reason?: string };
  const code = e?.code ?? '';
  const msg = String(e?.message ?? err);
  const where = describeTarget(target);
  if (err instanceof EngineTimeout || code === 'ETIMEDOUT' || /timeout/i.test(msg)) {
    return { code: 'timeout', message: `The Docker engine at ${where} did not answer in time. Is it starting up, or is the address right?` };
  }
  if (code === 'ENOENT' && target.socketPath) {
    return { code: 'no-socket', message: `No Docker engine: ${target.socketPath} does not exist. Start Docker (Docker Desktop, or \`sudo systemctl start docker\`), or set \`netlens.docker.host\` / DOCKER_HOST to the engine you use.` };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return { code: 'permission', message: `Permission denied on ${target.socketPath ?? where}. Add your user to the \`docker\` group (\`sudo usermod -aG docker $USER\`, then log out and back in), or point \`netlens.docker.host\` at an engine you may use (rootless Docker: unix:///run/user/<uid>/docker.sock).` };
  }
  if (code === 'ECONNREFUSED') {
    return { code: 'refused', message: `The Docker engine at ${where} refused the connection: nothing is listening there. Start Docker, or check the address.` };
  }
  if (/certificate|self[- ]signed|SSL|TLS|EPROTO|ERR_TLS|UNABLE_TO_VERIFY|DEPTH_ZERO/i.test(code + ' ' + msg)) {
    return { code: 'tls', message: `TLS with the Docker engine at ${where} failed: ${msg}. Check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) and DOCKER_TLS_VERIFY, or the context's TLS files.` };
  }
  if (target.transport === 'ssh') {
    return { code: 'ssh', message: `SSH to the Docker engine at ${where} failed: ${msg}. Check that \`ssh ${target.username ? target.username + '@' : ''}${target.host}\` works without a password prompt (ssh-agent).` };
  }
  if (e?.statusCode === 400 && /client version .* too (old|new)|minimum supported API/i.test(msg)) {
    return { code: 'too-old', message: `The Docker engine at ${where} does not speak this API version: ${msg}. Upgrade the engine.` };
  }
  return { code: 'other', message: `Cannot read the Docker engine at ${where}: ${msg}` };
}
