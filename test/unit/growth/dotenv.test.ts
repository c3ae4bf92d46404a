// `.env` and `env_file`: a file is parsed in one pass over its lines (no copy of the environment
// per line), and an env_file shared by many services is parsed once per load.
import * as assert from 'node:assert/strict';
import { dotenvCounters, parseDotenv } from '../../../server/src/compose/dotenv';
import { envFileCounters } from '../../../server/src/compose/project';
import { load } from '../../helpers/project';
import { assertLinearGrowth } from '../../helpers/growth';

/** An environment that counts the reads of its variables (a copy reads them all). */
function countingEnvironment(size: number): { env: Record<string, string>; reads: () => number } {
  let reads = 0;
  const target = Object.fromEntries(Array.from({ length: size }, (_, i) => [`OUTER_${i}`, `v${i}`]));
  const env = new Proxy(target, {
    get(t, key) {
      reads++;
      return Reflect.get(t, key);
    },
  });
  return { env, reads: () => reads };
}

function envFileText(lines: number): string {
  return Array.from({ length: lines }, (_, i) => `KEY_${i}=value_${i}_\${KEY_${Math.max(0, i - 1)}} # note`).join('\n') + '\n';
}

describe('.env and env_file: linear parsing, one parse per shared file', () => {
  it('reads the outer environment a bounded number of times per line, however long the file', () => {
    const reads = (n: number) => {
      const { env, reads: count } = countingEnvironment(n);
      const parsed = parseDotenv(envFileText(n), env);
      assert.equal(parsed.entries.length, n);
      return count();
    };
    assertLinearGrowth('environment reads', reads, 2_000);
  });

  it('interpolates from the outer environment and the keys above, the file winning', () => {
    const parsed = parseDotenv('A=1\nB=${A}-${OUTER}\nOUTER=mine\nC=${OUTER}\nOUTER\n', { OUTER: 'theirs' });
    assert.deepEqual(parsed.entries.map((e) => `${e.key}=${e.value}`), ['A=1', 'B=1-theirs', 'OUTER=mine', 'C=mine', 'OUTER=theirs']);
  });

  it('parses an env_file shared by every service once per load', () => {
    const lines = 300;
    const project = (services: number) => ({
      'compose.yaml': 'services:\n' + Array.from({ length: services }, (_, i) => `  s${i}:\n    image: x\n    env_file: [shared.env${i % 2 ? ', more.env' : ''}]\n`).join(''),
      'shared.env': envFileText(lines),
      'more.env': 'MORE=${KEY_1}\n',
    });
    for (const services of [10, 100]) {
      dotenvCounters.lines = 0;
      const p = load(project(services));
      // shared.env and more.env once each (with their last empty line), and no .env.
      assert.equal(dotenvCounters.lines, lines + 1 + 2, `${services} services`);
      assert.equal(p.services.get('s1')?.envFileEntries.find((e) => e.key === 'MORE')?.value, 'value_1_value_0_');
      assert.equal(p.services.get('s0')?.envFileEntries.some((e) => e.key === 'MORE'), false);
      assert.equal(p.services.get(`s${services - 1}`)?.envFileEntries.length, lines + 1);
    }
  });

  it('one service listing env files many times: the lookup is kept up to date, not made again per file', () => {
    const project = (n: number) => ({
      'compose.yaml': `services:\n  a:\n    image: x\n    env_file: [${Array.from({ length: n }, (_, i) => (i % 2 ? 'b.env' : 'a.env')).join(', ')}]\n`,
      'a.env': 'A=${B:-first}\n',
      'b.env': 'B=second\nA=again\n',
    });
    const writes = (n: number) => {
      envFileCounters.lookupWrites = 0;
      const entries = load(project(n)).services.get('a')?.envFileEntries ?? [];
      assert.deepEqual(entries.slice(0, 6).map((e) => `${e.key}=${e.value}`), ['A=first', 'B=second', 'A=again', 'A=second', 'B=second', 'A=again']);
      return envFileCounters.lookupWrites;
    };
    assertLinearGrowth('lookup writes', writes, 500);
  });

  it('the lookup of an env_file still depends on the files before it', () => {
    const p = load({
      'compose.yaml': 'services:\n  a:\n    image: x\n    env_file: [one.env, uses.env]\n  b:\n    image: x\n    env_file: [two.env, uses.env]\n  c:\n    image: x\n    env_file: [uses.env]\n',
      'one.env': 'X=1\n',
      'two.env': 'X=2\n',
      'uses.env': 'Y=${X:-none}\n',
    });
    const y = (s: string) => p.services.get(s)?.envFileEntries.find((e) => e.key === 'Y')?.value;
    assert.deepEqual([y('a'), y('b'), y('c')], ['1', '2', 'none']);
  });
});
