// The `netlens/probeAll` request: the panel's "Probe all". The probes of `live/probeAll.ts` (the same plan as
// `netlens check --live --probe`) run from the project's containers; each outcome goes to the client as it
// comes (`netlens/probeAll/progress`), and cancelling the request starts no further probe. Probes run code in
// containers, so only when the client says the workspace is trusted.
import { ErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { connectEngine, topologyFromEngine } from '../live/index';
import { planProbes, probeSummary, runProbes, type ProbeOutcome } from '../live/probeAll';
import { readEngine } from '../live/read';
import { uriToPath } from '../lsp/locations';
import type { NetworkModel } from '../network/types';
import { ENGINE_UNAVAILABLE, PROBE_UNTRUSTED, type ProbeAllOutcome, type ProbeAllParams, type ProbeAllProgress, type ProbeAllResult } from '../protocol';

function parse(params: unknown): ProbeAllParams | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const p = params as Record<string, unknown>;
  if (typeof p.uri !== 'string' || !p.uri.startsWith('file:') || typeof p.token !== 'string' || p.token.length > 200) return undefined;
  if (p.trusted !== undefined && typeof p.trusted !== 'boolean') return undefined;
  return { uri: p.uri, token: p.token, trusted: p.trusted as boolean | undefined };
}

/** An outcome as the client sees it: the service the probed name stands for, both verdicts, what was seen. */
export function outcomeJson(model: NetworkModel, o: ProbeOutcome): ProbeAllOutcome {
  const p = o.probe;
  let to: string | null = p.pair?.to ?? null;
  if (!to) {
    const res = model.resolve(p.from, p.host);
    to = res.kind === 'service' || res.kind === 'unreachable' ? res.target : res.kind === 'loopback' ? p.from : null;
  }
  return { from: p.from, to, host: p.host, port: p.port ?? null, expected: p.expected, observed: o.observed, verdict: o.verdict, because: p.because, seen: o.seen };
}

export async function probeAllRequest(
  params: unknown,
  token: CancellationToken,
  trustedAtInit: boolean,
  analysisFor: (file: string) => Promise<Analysis>,
  dockerHostFor: (file: string) => Promise<string>,
  progress: (p: ProbeAllProgress) => void,
): Promise<ProbeAllResult | ResponseError<void>> {
  const p = parse(params);
  if (!p) return new ResponseError(ErrorCodes.InvalidParams, 'netlens/probeAll takes { uri, token, trusted? }: a file URI and the token its progress carries');
  if (!(p.trusted ?? trustedAtInit)) return new ResponseError(PROBE_UNTRUSTED, 'Probes run commands in your containers, so they only run in a trusted workspace. Trust this workspace to probe all.');
  const file = uriToPath(p.uri);
  const model = (await analysisFor(file)).model;
  const connected = await connectEngine({ host: (await dockerHostFor(file)) || undefined, env: process.env });
  if (!connected.ok) return new ResponseError(ENGINE_UNAVAILABLE, connected.error.message);
  const conn = connected.connection;
  let doc;
  try {
    doc = topologyFromEngine(await readEngine(conn, 15_000), { project: model.projectName, address: conn.target.address });
  } catch (err) {
    return new ResponseError(ENGINE_UNAVAILABLE, `Reading the Docker engine failed: ${(err as Error).message}`);
  }
  const plan = planProbes(model);
  const total = plan.probes.length;
  let done = 0;
  progress({ token: p.token, done, total });
  const outcomes = await runProbes(conn, doc, model.projectName, plan, {
    cancelled: () => token.isCancellationRequested,
    onDone: (_, o) => progress({ token: p.token, done: ++done, total, outcome: outcomeJson(model, o) }),
  });
  return { outcomes: outcomes.map((o) => outcomeJson(model, o)), summary: probeSummary(plan, outcomes), cancelled: token.isCancellationRequested };
}
