// Live mode against the local engine: the time of one snapshot (engine read + topology document)
// with 50 containers on 10 networks, and the latency from an engine event reaching this process to
// the watcher's updated document. Everything it makes is named `netlens-bench-*` and removed by name,
// before (leftovers of a killed run) and after, even on failure. Uses the project's own live code.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const PREFIX = 'netlens-bench-';
const PROJECT = 'netlens-bench';
const IMAGE = 'netlens-busybox:latest';

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : null;
};

async function inBatches(items, size, fn) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** Removes every container and network named `netlens-bench-*`. */
export async function removeBenchObjects(docker) {
  const mine = (name) => (name ?? '').replace(/^\//, '').startsWith(PREFIX);
  const containers = (await docker.listContainers({ all: true })).filter((c) => (c.Names ?? []).some(mine));
  await inBatches(containers, 10, (c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined));
  const networks = (await docker.listNetworks()).filter((n) => mine(n.Name));
  for (const n of networks) await docker.getNetwork(n.Id).remove().catch(() => undefined);
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

/** `{ snapshotMs, eventMs, containers, networks }` (medians), or throws with the reason. */
export async function measureLive({ root, runs = 5, containers = 50, networks = 10 }) {
  const { connectEngine } = require(join(root, 'out/server/src/live/connection.js'));
  const { readEngine } = require(join(root, 'out/server/src/live/read.js'));
  const { topologyFromEngine } = require(join(root, 'out/server/src/live/snapshot.js'));
  const { LiveWatcher } = require(join(root, 'out/server/src/live/watch.js'));
  const connected = await connectEngine({ env: process.env, timeoutMs: 10_000 });
  if (!connected.ok) throw new Error(`no engine answers (${connected.error.message}); run \`bash scripts/docker-engine.sh start\``);
  const conn = connected.connection;
  const docker = conn.docker;
  await docker.getImage(IMAGE).inspect().catch(() => {
    throw new Error(`the image ${IMAGE} is missing; run \`bash scripts/docker-engine.sh start\``);
  });
  const onSignal = () => void removeBenchObjects(docker).finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let watcher;
  let events;
  try {
    await removeBenchObjects(docker);
    const netNames = Array.from({ length: networks }, (_, i) => `${PREFIX}net${i}`);
    for (const name of netNames) await docker.createNetwork({ Name: name, Driver: 'bridge', Labels: { 'com.docker.compose.project': PROJECT, 'com.docker.compose.network': name } });
    const indexes = Array.from({ length: containers }, (_, i) => i);
    await inBatches(indexes, 5, async (i) => {
      const c = await docker.createContainer({
        name: `${PREFIX}c${i}`,
        Image: IMAGE,
        Cmd: ['sleep', '3600'],
        Labels: { 'com.docker.compose.project': PROJECT, 'com.docker.compose.service': `c${i}`, 'com.docker.compose.container-number': '1' },
        HostConfig: { NetworkMode: netNames[i % networks], Dns: ['127.0.0.1'] },
      });
      await c.start();
    });

    // Snapshot: one engine read and its document, as `topology --live` and the panel do.
    const snapshot = async () => topologyFromEngine(await readEngine(conn, 15_000), { project: PROJECT, address: conn.target.address });
    const first = await snapshot();
    const snapshotMs = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await snapshot();
      snapshotMs.push(performance.now() - t);
    }

    // Event → update: our own subscription notes when the event reaches this process; the watcher
    // (debounce 0) must then deliver a document that shows the change.
    let latest = null;
    let waiting = null;
    watcher = new LiveWatcher({ env: process.env, project: PROJECT, debounceMs: 0, onSnapshot: (doc) => {
      latest = doc;
      if (waiting && waiting.check(doc)) waiting.resolve(performance.now());
    } });
    watcher.start();
    await withTimeout(new Promise((r) => { const t = setInterval(() => latest && (clearInterval(t), r()), 20); }), 20_000, 'first watcher snapshot');
    events = await docker.getEvents({ filters: { type: ['network'], network: [netNames[1]] } });
    let eventAt = null;
    events.on('data', () => { if (eventAt === null) eventAt = performance.now(); });
    const target = `${PREFIX}c0`;
    const onNet = (doc, want) => {
      const svc = doc.services.find((s) => s.name === 'c0' || s.name === target);
      return !!svc && svc.networks.some((n) => n.network === netNames[1]) === want;
    };
    const eventMs = [];
    for (let i = 0; i <= runs; i++) {
      const join = i % 2 === 0;
      eventAt = null;
      const updated = new Promise((resolve) => (waiting = { check: (doc) => onNet(doc, join), resolve }));
      const net = docker.getNetwork(netNames[1]);
      await (join ? net.connect({ Container: target }) : net.disconnect({ Container: target }));
      const doneAt = await withTimeout(updated, 20_000, 'watcher update');
      waiting = null;
      // The first round is the warm-up.
      if (i > 0 && eventAt !== null) eventMs.push(Math.max(0, doneAt - eventAt));
      await new Promise((r) => setTimeout(r, 100));
    }
    return { containers, networks, services: first.services.length, snapshotMs: median(snapshotMs), eventMs: median(eventMs) };
  } finally {
    watcher?.stop();
    events?.destroy?.();
    await removeBenchObjects(docker);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
