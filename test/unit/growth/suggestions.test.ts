// "Did you mean" suggestions: the same answers as a full edit distance against every name, with
// work bounded per name asked about (length filter, banded table, capped candidates, answers kept).
import * as assert from 'node:assert/strict';
import { editDistance, editDistanceWithin, MAX_COMPARED, NearNames, similarCounters } from '../../../server/src/rules/support/nearNames';
import { check } from '../../helpers/project';
import { assertLinearGrowth, seeded } from '../../helpers/growth';

/** The suggestion as it was: every candidate's full distance, the nearest first met kept. */
function closestByFullScan(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c.toLowerCase() === name.toLowerCase()) continue;
    const d = editDistance(name, c);
    const limit = Math.min(2, Math.floor(Math.max(name.length, c.length) / 3));
    if (d <= limit && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function randomName(rnd: () => number, alphabet = 'abAB-1'): string {
  let s = '';
  for (let n = Math.floor(rnd() * 9); n > 0; n--) s += alphabet[Math.floor(rnd() * alphabet.length)];
  return s;
}

/** Cells filled by the analysis of `compose`. */
function cellsFor(compose: string): number {
  similarCounters.cells = 0;
  check({ 'compose.yaml': compose });
  return similarCounters.cells;
}

describe('name suggestions: bounded work, same answers', () => {
  it('the banded distance equals the full one up to its bound', () => {
    const rnd = seeded(5);
    for (let i = 0; i < 20_000; i++) {
      const [a, b] = [randomName(rnd, 'abc'), randomName(rnd, 'abc')];
      const max = Math.floor(rnd() * 4);
      assert.equal(editDistanceWithin(a, b, max), Math.min(editDistance(a, b), max + 1), `${a} ${b} ${max}`);
    }
  });

  it('suggests what comparing every name suggested', () => {
    const rnd = seeded(6);
    for (let i = 0; i < 5_000; i++) {
      const names = Array.from({ length: Math.floor(rnd() * 12) }, () => randomName(rnd));
      const name = randomName(rnd);
      assert.equal(new NearNames(names).closest(name)?.name, closestByFullScan(name, names), `${name} in ${names.join(',')}`);
    }
  });

  it('unknown hosts in many services: work linear in the number of services', () => {
    const project = (n: number) =>
      'services:\n' + Array.from({ length: n }, (_, i) => `  svc${i}:\n    image: x\n    environment:\n      DB_URL: postgres://svx${i}:5432/db\n`).join('');
    const { small } = assertLinearGrowth('cells filled', (n) => cellsFor(project(n)), 300);
    assert.ok(small <= 300 * MAX_COMPARED * 5 * 8, `${small} cells`);
  });

  it('a long name is compared along its diagonal only', () => {
    const project = (n: number) => `services:\n  ${'s'.repeat(n)}:\n    image: x\n  app:\n    image: x\n    environment:\n      DB_URL: postgres://${'s'.repeat(n - 1)}t:5432/db\n`;
    const { small } = assertLinearGrowth('cells filled', (n) => cellsFor(project(n)), 5_000);
    assert.ok(small <= 5 * 5_000 * 2, `${small} cells for a name of 5,000 letters`);
  });

  it('still suggests the near service name', () => {
    const a = check({ 'compose.yaml': 'services:\n  redis:\n    image: redis\n  app:\n    image: x\n    environment:\n      REDIS_URL: redis://rediss:6379\n' });
    assert.ok(a.findings.some((f) => f.rule === 'unknown-host' && /did you mean `redis`/.test(f.message)), a.findings.map((f) => f.message).join('\n'));
  });
});
