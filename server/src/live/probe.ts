// Probes: proof instead of prediction. From a running container, resolve a name and open a TCP
// connection, with whatever tools the container has (getent, nslookup, nc, bash's /dev/tcp).
// Commands are argument arrays handed to `docker exec`: no shell line is ever built from names,
// and nothing in the container is changed. Every exec is bounded by a timeout.
import type Dockerode from 'dockerode';
import { isHostName, isPort } from '../compose/names';
import type { EngineConnection } from './connection';
import type { TopologyDocument } from '../topology/types';
import type { ProbeResult } from '../protocol';

export interface ProbeRequest {
  /** Container name or id to probe from. */
  from: string;
  /** The name to resolve (and connect to). */
  host: string;
  /** TCP port to open; no connection attempt when absent. */
  port?: number;
  /** Per command (default 8 s). */
  timeoutMs?: number;
}

interface ExecOutcome {
  exitCode: number | null;
  output: string;
  /** The command is not in the container (exit 126/127 or "not found"). */
  missing: boolean;
  timedOut: boolean;
}

export async function runExec(docker: Dockerode, container: string, cmd: string[], timeoutMs: number): Promise<ExecOutcome> {
  let output = '';
  let timer: NodeJS.Timeout | undefined;
  try {
    const exec = await docker.getContainer(container).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, AttachStdin: false, Tty: false });
    const stream = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadableStream & { destroy?: () => void };
    const sink = { write: (chunk: Buffer) => void (output += chunk.toString('utf8')) } as unknown as NodeJS.WritableStream;
    docker.modem.demuxStream(stream, sink, sink);
    const finished = await new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      stream.on('end', () => resolve(true));
      stream.on('close', () => resolve(true));
      stream.on('error', () => resolve(true));
    });
    if (!finished) {
      stream.destroy?.();
      return { exitCode: null, output, missing: false, timedOut: true };
    }
    const info = await exec.inspect();
    const exitCode = typeof info.ExitCode === 'number' ? info.ExitCode : null;
    const missing = exitCode === 126 || exitCode === 127 || /executable file not found|no such file or directory|applet not found/i.test(output);
    return { exitCode, output, missing, timedOut: false };
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    return { exitCode: null, output: message, missing: /executable file not found|no such file/i.test(message), timedOut: false };
  } finally {
    clearTimeout(timer);
  }
}

const IPV4 = /\b(\d{1,3}(?:\.\d{1,3}){3})\b/g;

/** Addresses of the answer section of busybox or bind `nslookup` (the server lines come first). */
export function parseNslookup(output: string): string[] {
  const out: string[] = [];
  let inAnswer = false;
  for (const line of output.split('\n')) {
    if (/^Name:/i.test(line.trim())) inAnswer = true;
    else if (inAnswer && /^Address/i.test(line.trim())) out.push(...[...line.matchAll(IPV4)].map((m) => m[1]));
  }
  return [...new Set(out)];
}

export function parseGetent(output: string): string[] {
  return [...new Set(output.split('\n').map((l) => l.trim().split(/\s+/)[0]).filter((a) => a && /^[\d.:a-f]+$/i.test(a)))];
}

export async function probe(conn: EngineConnection, req: ProbeRequest): Promise<ProbeResult> {
  // The host and port become arguments of commands in the container: a value starting with `-` would be an option there.
  if (!isHostName(req.host)) throw new RangeError(`not probed: ${JSON.stringify(req.host)} is not a host name`);
  if (req.port !== undefined && !isPort(req.port)) throw new RangeError(`not probed: ${JSON.stringify(req.port)} is not a port from 1 to 65535`);
  const timeoutMs = req.timeoutMs ?? 8000;
  const exec = (cmd: string[]) => runExec(conn.docker, req.from, cmd, timeoutMs);
  const resolution: ProbeResult['resolution'] = { status: 'unknown', addresses: [], tool: null, detail: 'the container has neither getent nor nslookup' };

  // No `--` for getent: Alpine's takes none (it would read `--` as the database). The name is checked above.
  const getent = await exec(['getent', 'hosts', req.host]);
  if (!getent.missing && !getent.timedOut && getent.exitCode !== null) {
    const addresses = getent.exitCode === 0 ? parseGetent(getent.output) : [];
    Object.assign(resolution, { tool: 'getent', addresses, status: addresses.length ? 'resolved' : 'not-found', detail: getent.output.trim() });
  } else {
    // No `--` for nslookup either: BIND's reads arguments by hand and would take it as an option.
    const ns = await exec(['nslookup', req.host]);
    if (!ns.missing) {
      const addresses = ns.exitCode === 0 ? parseNslookup(ns.output) : [];
      Object.assign(resolution, {
        tool: 'nslookup',
        addresses,
        status: addresses.length ? 'resolved' : ns.timedOut ? 'unknown' : 'not-found',
        detail: ns.timedOut ? `nslookup did not finish within ${timeoutMs} ms` : ns.output.trim(),
      });
    }
  }

  let tcp: ProbeResult['tcp'] = null;
  if (req.port !== undefined) {
    // Connect to the resolved address when there is one, so the verdict is about that address.
    const target = resolution.addresses[0] ?? req.host;
    const port = String(req.port);
    const seconds = String(Math.max(1, Math.floor(timeoutMs / 2000)));
    tcp = { status: 'unknown', tool: null, detail: 'the container has neither nc nor bash' };
    const attempts: Array<[string, string[]]> = [
      // Every nc (OpenBSD, traditional, ncat, busybox, toybox) parses options with getopt: `--` ends them.
      ['nc -z', ['nc', '-z', '-w', seconds, '--', target, port]],
      // busybox's small nc has no -z: it connects and, with stdin closed, ends at once.
      ['nc', ['nc', '-w', seconds, '--', target, port]],
      // The script is constant; host and port arrive as positional arguments, never as code.
      ['bash /dev/tcp', ['bash', '-c', 'exec 3<>"/dev/tcp/$1/$2"', 'probe', target, port]],
    ];
    for (const [tool, cmd] of attempts) {
      const r = await exec(cmd);
      if (r.missing || (tool === 'nc -z' && /invalid option|unrecognized option|usage/i.test(r.output))) continue;
      tcp = { status: r.timedOut ? 'unknown' : r.exitCode === 0 ? 'open' : 'closed', tool, detail: r.timedOut ? `no answer within ${timeoutMs} ms` : r.output.trim() };
      break;
    }
  }
  return { from: req.from, host: req.host, port: req.port ?? null, resolution, tcp, summary: summarise(req, resolution, tcp) };
}

function summarise(req: ProbeRequest, res: ProbeResult['resolution'], tcp: ProbeResult['tcp']): string {
  const name =
    res.status === 'resolved'
      ? `name resolves to ${res.addresses.join(', ')}`
      : res.status === 'not-found'
        ? 'name does not resolve'
        : `name resolution unknown (${res.detail})`;
  const port = tcp ? `; TCP ${req.port} ${tcp.status === 'unknown' ? `unknown (${tcp.detail})` : tcp.status}` : '';
  return `\`${req.from}\` → \`${req.host}\`: ${name}${port}`;
}

/** The running container of a Compose service in a live document (lowest container number first). */
export function containerOfService(doc: TopologyDocument, service: string, project?: string): string | undefined {
  const candidates = (doc.containers ?? [])
    .filter((c) => c.state === 'running' && (c.service === service || c.name === service) && (!project || c.project === project) && !c.oneoff)
    .sort((a, b) => (a.container_number ?? 0) - (b.container_number ?? 0));
  return candidates[0]?.name;
}
