// `netlens check --live --probe`: after the drift step, probe all (`live/probeAll.ts`) on the running project: a
// line per probe on stderr (agrees, disagrees, inconclusive), the progress bar while they run on a terminal, a
// summary at the end; the disagreements join the report as findings.
import type { NetworkModel } from '../network/types';
import { readEngine } from '../live/read';
import { topologyFromEngine } from '../live/snapshot';
import type { EngineConnection } from '../live/connection';
import { planProbes, probeFindings, probeLabel, probeSummary, runProbes } from '../live/probeAll';
import type { Finding } from '../rules/types';
import { showControls } from '../display/controls';
import type { CliIo } from './io';
import { Progress } from './progress';

export async function probeAllCli(model: NetworkModel, conn: EngineConnection, io: CliIo): Promise<Finding[]> {
  const plan = planProbes(model);
  let answer;
  try {
    answer = await readEngine(conn, 15_000);
  } catch (err) {
    io.stderr(`netlens: probes: reading the Docker engine failed: ${(err as Error).message}\n`);
    return [];
  }
  const doc = topologyFromEngine(answer, { project: model.projectName, address: conn.target.address });
  const progress = new Progress(io.stderrIsTty ? io.stderr : undefined, plan.probes.length, io.columns || 80);
  let done = 0;
  const outcomes = await runProbes(conn, doc, model.projectName, plan, {
    onStart: (_, p) => progress.step(done, probeLabel(p), 'probing'),
    onDone: (_, o) => {
      done++;
      progress.message(`netlens: probe ${o.verdict.padEnd(12)} ${showControls(probeLabel(o.probe))}: statically ${o.probe.expected}, probe ${o.observed === 'unknown' ? 'unknown' : o.observed} (${showControls(o.seen)})\n`, io.stderr);
    },
  });
  progress.clear();
  io.stderr(`netlens: ${probeSummary(plan, outcomes)}\n`);
  return probeFindings(model, outcomes);
}
