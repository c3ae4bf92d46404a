// `extends`: each service resolved once per load (a chain was resolved again from every service on
// it, and across files every level loaded the file below twice), and what chains copy is budgeted.
import * as assert from 'node:assert/strict';
import { EXTENDS_BUDGET, extendsCounters } from '../../../server/src/compose/extends';
import { get, isMap } from '../../../server/src/compose/nodes';
import type { ComposeProject } from '../../../server/src/compose/project';
import { load } from '../../helpers/project';
import { assertLinearGrowth } from '../../helpers/growth';

/** `s1` extends `s0`, `s2` extends `s1`, ... each adding one variable; written top to bottom or bottom to top. */
function chain(n: number, order: 'up' | 'down' = 'up'): Record<string, string> {
  const services = Array.from({ length: n }, (_, i) => (i === 0 ? '  s0:\n    image: x\n' : `  s${i}:\n    extends: s${i - 1}\n    environment:\n      E${i}: v\n`));
  return { 'compose.yaml': 'services:\n' + (order === 'up' ? services : services.reverse()).join('') };
}

/** Files f0..f(n-1), each with `a` and `b` extending the previous file's `b` and `a`. */
function fileChain(levels: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let l = 0; l < levels; l++) {
    const base = (s: string) => (l === 0 ? `    image: ${s}` : `    extends: { file: f${l - 1}.yaml, service: ${s} }`);
    files[`f${l}.yaml`] = `services:\n  a:\n${base('b')}\n  b:\n${base('a')}\n`;
  }
  files['compose.yaml'] = `services:\n  top:\n    extends: { file: f${levels - 1}.yaml, service: a }\n`;
  return files;
}

function levelsWalked(files: Record<string, string>): number {
  extendsCounters.levels = 0;
  load(files);
  return extendsCounters.levels;
}

const envKeys = (p: ComposeProject, service: string) => {
  const env = get(p.services.get(service)?.node, 'environment');
  return isMap(env) ? [...env.pairs.keys()].sort() : [];
};

describe('extends: each service resolved once, copies budgeted', () => {
  it('a chain in one file resolves each service once, in either order', () => {
    for (const order of ['up', 'down'] as const) {
      const { small } = assertLinearGrowth(`levels walked (${order})`, (n) => levelsWalked(chain(n, order)), 200);
      assert.equal(small, 200, order);
    }
  });

  it('a chain across files resolves each service once (it doubled per level)', () => {
    const { small } = assertLinearGrowth('levels walked', (n) => levelsWalked(fileChain(n)), 10);
    assert.equal(small, 2 * 10 + 1);
  });

  it('the services read as before: every level merged over the one below', () => {
    const p = load(chain(5, 'down'));
    assert.deepEqual(envKeys(p, 's4'), ['E1', 'E2', 'E3', 'E4']);
    assert.equal(get(p.services.get('s4')?.node, 'image')?.kind, 'scalar');
    const f = load(fileChain(4));
    assert.equal(get(f.services.get('top')?.node, 'image')?.loc.file, '/virtual/proj/f0.yaml');
  });

  it('what chains copy stops at the budget, said once', () => {
    const copied = (n: number) => {
      extendsCounters.copied = 0;
      const p = load(chain(n));
      const said = p.problems.filter((x) => x.code === 'extends');
      if ((n * n) / 2 > EXTENDS_BUDGET) assert.equal(said.length, 1, `${n}: ${said.map((x) => x.message).join('\n')}`);
      assert.ok(extendsCounters.copied <= EXTENDS_BUDGET);
      return extendsCounters.copied;
    };
    // Below the budget the copies of a chain grow as its square; at and above it they stop.
    assertLinearGrowth('values copied', copied, 700, 1.01);
  });

  it('a cycle, a missing base and a base extended by another service of its file', () => {
    const cycle = load({ 'compose.yaml': 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n  c:\n    extends: a\n' });
    assert.deepEqual(cycle.problems.map((x) => x.message), ['`extends` makes a cycle: a → b → a.']);
    const missing = load({ 'compose.yaml': 'services:\n  a:\n    extends: nowhere\n  b:\n    extends: a\n  c:\n    extends: a\n' });
    assert.deepEqual(missing.problems.map((x) => x.message), ['`extends` names service "nowhere", which this file does not define.']);
    // `base` of common.yml is also extended by `other` there: no cycle (once reported as one).
    const common = load({
      'compose.yaml': 'services:\n  web:\n    extends: { file: common.yml, service: base }\n',
      'common.yml': 'services:\n  base:\n    image: x\n  other:\n    extends: base\n',
    });
    assert.deepEqual(common.problems, []);
    assert.equal(get(common.services.get('web')?.node, 'image')?.kind, 'scalar');
  });
});
