// Each rule page's "Wrong" example fires its rule and its "Right" example does not, so the docs
// stay true to the code.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleById } from '../../../server/src/rules/registry';
import { check } from '../../helpers/project';

const DOCS = path.resolve(__dirname, '../../../../docs/rules');
const IDS = [
  'no-shared-network',
  'published-port-in-network',
  'host-mode-ports',
  'network-mode-conflict',
  'undefined-network',
  'unused-network',
  'loopback-listener',
  'unknown-host',
  'duplicate-host-port',
  'static-ip-without-subnet',
  'traefik-network',
  'compose-schema',
  'published-on-all-interfaces',
  'subnet-overlap',
  'localhost-no-listener',
  'traefik-router-conflict',
  'traefik-router-misnamed',
];

function example(page: string, heading: 'Wrong' | 'Right'): string {
  const m = new RegExp(`## ${heading}\\n\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(page);
  assert.ok(m, `a ${heading} example`);
  return m[1];
}

describe('rule pages: the Wrong example fires, the Right one does not', () => {
  for (const id of IDS) {
    it(id, () => {
      const page = fs.readFileSync(path.join(DOCS, `${id}.md`), 'utf8');
      assert.match(page, new RegExp(`^# ${id}\\n`));
      assert.ok(ruleById(id)?.docs.endsWith(`/docs/rules/${id}.md`), 'the diagnostics link to this page');
      const wrong = check({ 'compose.yaml': example(page, 'Wrong') }).findings.filter((f) => f.rule === id);
      assert.ok(wrong.length > 0, `${id} fires on its Wrong example`);
      const right = check({ 'compose.yaml': example(page, 'Right') }).findings.filter((f) => f.rule === id);
      assert.deepEqual(right.map((f) => f.message), []);
    });
  }
});
