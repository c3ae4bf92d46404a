// Stack-mode fixtures: a rule fixture's folder loaded as `docker stack deploy NAME` reads it.
import * as fs from 'node:fs';
import { loadProject } from '../../server/src/compose/project';
import { analyse, type Analysis } from '../../server/src/analysis';
import { fixtureDir } from './fixtures';

export const STACK = 'shop';

export function analyseStackFixture(rule: string, name: string, stack = STACK): Analysis {
  const readFile = (file: string) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  return analyse(loadProject({ dir: fixtureDir(rule, name), env: {}, readFile, stack }));
}
