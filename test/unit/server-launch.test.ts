// How the extension (and the benchmark) start the language server's Node process: `serverExecArgv` in
// server/src/protocol.ts. The flags must be ones Node accepts (a rejected flag is a server that never starts),
// and V8's helper pool must really be the size asked for.
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { serverExecArgv } from '../../server/src/protocol';
import { LspClient, ROOT, SERVER } from '../helpers/lspClient';

const EXAMPLE = path.join(ROOT, 'examples/compose.yaml');

/** The server's threads once it has published the example's diagnostics (Linux: one entry per thread). */
async function threadsOfServerStartedWith(flags: string[]): Promise<number> {
  const client = await LspClient.start({ command: { file: process.execPath, args: [...flags, SERVER, '--stdio'] }, rootPath: path.dirname(EXAMPLE) });
  try {
    client.open(EXAMPLE);
    await client.waitForDiagnostics(EXAMPLE, (d) => d.length > 0, 'the example is analysed', 20000);
    return readdirSync(`/proc/${client.pid}/task`).length;
  } finally {
    client.stop();
  }
}

describe('the server process the extension starts', () => {
  it('leaves the analysis a processor of its own: V8 helpers one fewer than the processors, one at least, Node\'s four at most', () => {
    const helpers = (processors: number) => serverExecArgv(processors).filter((f) => f.startsWith('--v8-pool-size=')).map((f) => Number(f.split('=')[1]));
    assert.deepEqual([1, 2, 3, 5, 64, 0, Number.NaN].map(helpers), [[1], [1], [2], [4], [4], [1], [1]]);
    assert.ok(serverExecArgv(2).includes('--max-semi-space-size=8'), 'an 8 MB young-generation semi-space');
  });

  it('starts with those flags and runs as many V8 helper threads as they ask', async function () {
    this.timeout(60000);
    // Four helpers is Node's own default; two processors give one (so three threads fewer, all else equal).
    const byDefault = await threadsOfServerStartedWith(['--v8-pool-size=4']);
    const asStarted = await threadsOfServerStartedWith(serverExecArgv(2));
    assert.equal(byDefault - asStarted, 3, `threads with four helpers ${byDefault}, as the extension starts it on two processors ${asStarted}`);
  });
});
