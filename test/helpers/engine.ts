// The real Docker engine for the live tests: connect (or fail with what to do), create labelled
// objects named netlens-test-*, and remove them by name, even after a failure.
import { execFileSync } from 'node:child_process';
import type Dockerode from 'dockerode';
import { connectEngine, type EngineConnection } from '../../server/src/live/connection';

export const IMAGE = 'netlens-busybox:latest';
export const PREFIX = 'netlens-test-';
export const TEST_LABEL = { 'netlens.test': 'live' };
/** Containers ask their own loopback for names the engine does not know: no DNS query leaves the machine. */
export const LOOPBACK_DNS = ['127.0.0.1'];

export async function requireEngine(): Promise<EngineConnection> {
  const r = await connectEngine({ env: process.env, timeoutMs: 10_000 });
  if (!r.ok) {
    throw new Error(`The live-mode tests need a running Docker engine, and none answers: ${r.error.message} Start one with \`bash scripts/docker-engine.sh start\` (npm test does this).`);
  }
  try {
    await r.connection.docker.getImage(IMAGE).inspect();
  } catch {
    throw new Error(`The live-mode tests need the local image ${IMAGE}; \`bash scripts/docker-engine.sh start\` makes it.`);
  }
  return r.connection;
}

/** Polls until `check` returns a value, for at most `ms`. */
export async function waitFor<T>(what: string, ms: number, check: () => Promise<T | undefined> | T | undefined, everyMs = 250): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** `docker ...` through the CLI: an independent reader to compare live mode with. */
export function dockerCli(args: string[], timeoutMs = 30_000): string {
  return execFileSync('docker', args, { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function dockerInspect<T = Record<string, unknown>>(kind: 'container' | 'network' | 'service', name: string): T {
  return (JSON.parse(dockerCli([kind, 'inspect', name])) as T[])[0];
}

/** Removes every service, container and network whose name starts with the test prefix. */
export async function removeTestObjects(docker: Dockerode): Promise<void> {
  const mine = (name: string | undefined) => (name ?? '').replace(/^\//, '').startsWith(PREFIX);
  try {
    const info = (await docker.info()) as { Swarm?: { ControlAvailable?: boolean } };
    if (info.Swarm?.ControlAvailable) {
      for (const s of await docker.listServices()) if (mine(s.Spec?.Name)) await docker.getService(s.ID).remove().catch(() => undefined);
    }
  } catch {
    /* no swarm */
  }
  for (const c of await docker.listContainers({ all: true })) {
    if (c.Names.some(mine)) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
  }
  // Swarm task containers and endpoints go away asynchronously; retry network removal for a while.
  await waitFor('test networks to be removed', 30_000, async () => {
    const left = (await docker.listNetworks()).filter((n) => mine(n.Name));
    for (const n of left) await docker.getNetwork(n.Id).remove().catch(() => undefined);
    return (await docker.listNetworks()).filter((n) => mine(n.Name)).length === 0 ? true : undefined;
  }, 500);
}
