// The stack rules' pages: the Wrong example fires in stack mode, the Right one does not (as
// doc-examples.test.ts does for the Compose rules).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleById } from '../../../server/src/rules/registry';
import { check } from '../../helpers/project';

const DOCS = path.resolve(__dirname, '../../../../docs/rules');
const IDS = ['stack-ignored-key', 'stack-host-port-replicas', 'stack-external-network-scope', 'stack-overlay-not-attachable'];

function example(page: string, heading: 'Wrong' | 'Right'): string {
  const m = new RegExp(`## ${heading}\\n\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(page);
  assert.ok(m, `a ${heading} example`);
  return m[1];
}

describe('stack rule pages: the Wrong example fires with --stack, the Right one does not', () => {
  for (const id of IDS) {
    it(id, () => {
      const page = fs.readFileSync(path.join(DOCS, `${id}.md`), 'utf8');
      assert.ok(ruleById(id)?.docs.endsWith(`/docs/rules/${id}.md`));
      assert.match(page, /\*\*Stack mode only\*\*/);
      const wrong = check({ 'compose.yaml': example(page, 'Wrong') }, { stack: 'shop' }).findings.filter((f) => f.rule === id);
      assert.ok(wrong.length > 0, `${id} fires on its Wrong example`);
      const right = check({ 'compose.yaml': example(page, 'Right') }, { stack: 'shop' }).findings.filter((f) => f.rule === id);
      assert.deepEqual(right.map((f) => f.message), []);
      // Without --stack the Wrong example is a Compose file, where the rule says nothing.
      assert.deepEqual(check({ 'compose.yaml': example(page, 'Wrong') }).findings.filter((f) => f.rule === id), []);
    });
  }
});
