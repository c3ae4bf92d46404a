// Reading the addresses of a service: a setting's name is split into words once, not once per
// sibling setting or per address in its value, and commands are read in one pass.
import * as assert from 'node:assert/strict';
import { programsOf } from '../../../server/src/network/references';
import { roleCounters } from '../../../server/src/network/roles';
import { buildNetworkModel } from '../../../server/src/network/model';
import { load } from '../../helpers/project';
import { assertLinearGrowth, seeded } from '../../helpers/growth';

function namesSplitFor(compose: string): number {
  const project = load({ 'compose.yaml': compose });
  roleCounters.namesSplit = 0;
  buildNetworkModel(project);
  return roleCounters.namesSplit;
}

/** `programsOf` as it was, building a new list for every word looked through. */
function programsOfBefore(command: string): string[] {
  const out: string[] = [];
  for (const step of command.split(/&&|\|\||[;|\n]/)) {
    let words = step.trim().replace(/^['"]+/, '').split(/\s+/).filter(Boolean);
    for (;;) {
      const w = words[0];
      if (w === undefined) break;
      if (/^(?:exec|env|nohup|gosu|su-exec|tini|--)$/.test(w) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) words = words.slice(1);
      else if (/(?:^|\/)(?:ba|da|a)?sh$/.test(w) && words[1] === '-c') words = words.slice(2).join(' ').replace(/^['"]+/, '').split(/\s+/).filter(Boolean);
      else if (/(?:^|\/)python[0-9.]*$/.test(w) && words[1] === '-m' && words[2]) words = words.slice(2);
      else break;
    }
    if (words[0]) out.push(words[0].replace(/^.*\//, ''));
  }
  return out;
}

describe('reading a service\'s addresses: work linear in its settings', () => {
  it('splits each setting name a bounded number of times, however many siblings it has', () => {
    const service = (n: number) => `services:\n  app:\n    image: x\n    environment:\n${Array.from({ length: n }, (_, i) => `      K${i}_HOST: db\n      K${i}_PUBLIC_URL: http://example.com\n`).join('')}  db:\n    image: postgres\n`;
    const { small } = assertLinearGrowth('names split', (n) => namesSplitFor(service(n)), 400);
    assert.ok(small <= 8 * 2 * 400, `${small} splits for ${2 * 400} settings`);
  });

  it('still pairs X_URL with X_PUBLIC_URL through the index', () => {
    const m = buildNetworkModel(load({ 'compose.yaml': 'services:\n  app:\n    image: x\n    environment:\n      API_URL: http://localhost:8080\n      API_PUBLIC_URL: http://localhost:8080\n' }));
    const ref = m.referencesFrom('app').find((r) => r.envKey === 'API_URL')!;
    assert.deepEqual([ref.role, ref.certainty], ['dial', 'certain']);
    assert.match(ref.roleWhy, /beside `API_PUBLIC_URL`/);
  });

  it('reads what a setting name says once for all the addresses in its value', () => {
    const value = (n: number) => `services:\n  app:\n    image: x\n    environment:\n      ${'WEIRD_'.repeat(50)}URLS: "${Array.from({ length: n }, (_, i) => `s${i}://h${i}:80`).join(' ')}"\n`;
    assert.equal(namesSplitFor(value(200)), namesSplitFor(value(400)));
  });

  it('finds the programs of a command as before, on random commands', () => {
    const pieces = ['sh', ' ', '-c', '"', "'", 'exec', 'env', 'A=1', 'python3', '-m', 'x', '/bin/bash', '&&', ';', '|', '\n', '--', '"\'', '\t', 'y'];
    const rnd = seeded(7);
    for (let i = 0; i < 20_000; i++) {
      let command = '';
      for (let n = Math.floor(rnd() * 20); n > 0; n--) command += pieces[Math.floor(rnd() * pieces.length)];
      assert.deepEqual(programsOf(command), programsOfBefore(command), JSON.stringify(command));
    }
  });
});
