// The `netlens/probe` request: from a service's running container, resolve another service's name
// and open a TCP connection to a port (live/probe.ts does it with `docker exec`). Probes run code in
// containers, so they run only when the client says the workspace is trusted.
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { connectEngine, containerOfService, probe, topologyFromEngine } from '../live/index';
import { readEngine } from '../live/read';
import { uriToPath } from '../lsp/locations';
import type { Analysis } from '../analysis';
import { ENGINE_UNAVAILABLE, isHostName, isPort, isServiceName, PROBE_UNTRUSTED, type ProbeParams, type ProbeResult } from '../protocol';

/** The request's parameters when they are what a probe may run with: a service name to probe from, a host name, a port. */
function parse(params: unknown): ProbeParams | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const p = params as Record<string, unknown>;
  if (typeof p.uri !== 'string' || !p.uri.startsWith('file:') || !isServiceName(p.from) || !isHostName(p.to)) return undefined;
  if (p.port !== undefined && !isPort(p.port)) return undefined;
  if (p.trusted !== undefined && typeof p.trusted !== 'boolean') return undefined;
  return { uri: p.uri, from: p.from, to: p.to, port: p.port, trusted: p.trusted as boolean | undefined };
}

export async function probeRequest(
  params: unknown,
  trustedAtInit: boolean,
  analysisFor: (file: string) => Promise<Analysis>,
  dockerHostFor: (file: string) => Promise<string>,
): Promise<ProbeResult | ResponseError<void>> {
  const p = parse(params);
  if (!p) return new ResponseError(ErrorCodes.InvalidParams, 'netlens/probe takes { uri, from, to, port? }: a service name as Compose writes it, a host name, a TCP port from 1 to 65535');
  if (!(p.trusted ?? trustedAtInit)) return new ResponseError(PROBE_UNTRUSTED, 'Probes run commands in your containers, so they only run in a trusted workspace. Trust this workspace to check reachability.');
  const file = uriToPath(p.uri);
  const project = (await analysisFor(file)).model.projectName;
  const connected = await connectEngine({ host: (await dockerHostFor(file)) || undefined, env: process.env });
  if (!connected.ok) return new ResponseError(ENGINE_UNAVAILABLE, connected.error.message);
  let container: string | undefined;
  try {
    const doc = topologyFromEngine(await readEngine(connected.connection, 15_000), { project, address: connected.connection.target.address });
    container = containerOfService(doc, p.from, project);
  } catch (err) {
    return new ResponseError(ENGINE_UNAVAILABLE, `Reading the Docker engine failed: ${(err as Error).message}`);
  }
  if (!container) return new ResponseError(ENGINE_UNAVAILABLE, `No running container of \`${p.from}\` in project \`${project}\`: start it (\`docker compose up -d ${p.from}\`) to probe from it.`);
  return probe(connected.connection, { from: container, host: p.to, port: p.port });
}
