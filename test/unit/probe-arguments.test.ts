// Probes run commands in containers with names taken from a project's files: a name starting with `-`
// must never become an option there, and a name Compose or DNS would refuse is not probed at all.
// The engine is a stand-in recording each exec's command (no Docker needed).
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { fromChoices, isProbeable, toChoices } from '../../client/src/live/probeChoices';
import { parseFromPage } from '../../client/src/webview/messages';
import { isHostName, isPort, isServiceName } from '../../server/src/compose/names';
import { probeRequest } from '../../server/src/features/probe';
import type { EngineConnection } from '../../server/src/live/connection';
import { probe } from '../../server/src/live/probe';
import type { TopologyDocument } from '../../server/src/topology/types';

/** An engine whose every exec ends at once with `exitCode` and prints `output`; the commands are recorded. */
function recordingEngine(exitCode: number, output = ''): { conn: EngineConnection; commands: string[][] } {
  const commands: string[][] = [];
  const docker = {
    getContainer: () => ({
      exec: async ({ Cmd }: { Cmd: string[] }) => {
        commands.push(Cmd);
        return {
          start: async () => {
            const stream = new PassThrough();
            // Flowing, so that ending it emits 'end' as a finished exec's stream does.
            stream.resume();
            setImmediate(() => stream.end());
            return stream;
          },
          inspect: async () => ({ ExitCode: exitCode }),
        };
      },
    }),
    modem: {
      demuxStream: (_stream: NodeJS.ReadableStream, out: NodeJS.WritableStream) => {
        if (output) out.write(Buffer.from(output));
      },
    },
  };
  return { conn: { docker } as unknown as EngineConnection, commands };
}

describe('probe arguments', () => {
  it('names: Compose service names, DNS host names, ports 1–65535', () => {
    for (const good of ['web', 'my_db', 'api.v2', 'a-b', 'A9']) assert.ok(isServiceName(good), good);
    for (const bad of ['', 'a b', 'a;b', 'a/b', 'x\n', '$(id)', 'a'.repeat(256)]) assert.ok(!isServiceName(bad), bad);
    for (const good of ['web', 'my_db', 'db.internal', '172.20.0.3', 'fe80::1', 'a'.repeat(63)]) assert.ok(isHostName(good), good);
    for (const bad of ['-rf', '--help', '-', 'a..b', '.a', 'a-', 'a b', 'a;b', '$(id)', 'a'.repeat(64), `${'a.'.repeat(127)}a`]) assert.ok(!isHostName(bad), bad);
    for (const bad of [0, 65536, -1, 1.5, '80', NaN]) assert.ok(!isPort(bad), String(bad));
    assert.ok(isPort(1) && isPort(65535));
  });

  it('the server refuses a probe to a name that would be an option, before reading anything', async () => {
    let read = false;
    const analysisFor = async () => {
      read = true;
      throw new Error('must not be reached');
    };
    for (const params of [
      { uri: 'file:///p/compose.yaml', from: 'web', to: '-rf', trusted: true },
      { uri: 'file:///p/compose.yaml', from: 'web', to: '--help', port: 80, trusted: true },
      { uri: 'file:///p/compose.yaml', from: 'a b', to: 'db', trusted: true },
      { uri: 'file:///p/compose.yaml', from: 'web', to: 'db', port: 0, trusted: true },
      { uri: 'file:///p/compose.yaml', from: 'web', to: 'db;id', trusted: true },
    ]) {
      const answer = await probeRequest(params, true, analysisFor, async () => '');
      assert.ok(answer instanceof ResponseError, JSON.stringify(params));
      assert.equal(answer.code, ErrorCodes.InvalidParams, JSON.stringify(params));
    }
    assert.equal(read, false);
  });

  it('the probe itself runs nothing for such a name, and ends options before the operands of nc', async () => {
    const refused = recordingEngine(0);
    await assert.rejects(probe(refused.conn, { from: 'c1', host: '-e/bin/sh', port: 80 }), /not probed/);
    await assert.rejects(probe(refused.conn, { from: 'c1', host: 'db', port: 70000 }), /not probed/);
    assert.deepEqual(refused.commands, []);

    const ran = recordingEngine(0, '172.20.0.3      db\n');
    const result = await probe(ran.conn, { from: 'c1', host: 'db', port: 5432, timeoutMs: 2000 });
    assert.equal(result.resolution.status, 'resolved');
    const nc = ran.commands.find((c) => c[0] === 'nc');
    assert.ok(nc, JSON.stringify(ran.commands));
    assert.deepEqual(nc.slice(nc.indexOf('--')), ['--', '172.20.0.3', '5432']);
  });

  it('the quick picks and the panel offer only names a probe may run with', () => {
    const doc = {
      services: [
        { name: 'web', active: true },
        { name: '-rf', active: true },
        { name: 'db', active: true },
      ],
      references: [],
    } as unknown as TopologyDocument;
    // `-rf` is a name Compose accepts, so it can be probed from (its container is found through the engine), never probed to.
    assert.deepEqual(fromChoices(doc), ['web', '-rf', 'db']);
    assert.deepEqual(toChoices(doc, 'web'), ['db']);
    assert.ok(isProbeable('web', 'db', 5432));
    for (const [from, to, port] of [['web', '-rf', undefined], ['x y', 'db', 80], ['web', 'db', 0]] as const) assert.ok(!isProbeable(from, to, port), `${from} ${to} ${port}`);
    assert.equal(parseFromPage({ type: 'probe', from: 'web', to: '--help', port: 80 }), undefined);
    assert.deepEqual(parseFromPage({ type: 'probe', from: 'web', to: 'db', port: 80 }), { type: 'probe', from: 'web', to: 'db', port: 80 });
  });
});
