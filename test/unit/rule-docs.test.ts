// Every registered rule links to a page in docs/rules/ that exists and has the sections a reader
// looks for: what it catches, why (with the Docker fact), a wrong and a right example, how to silence it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../server/src/rules/registry';

const DOCS = path.resolve(__dirname, '../../../docs/rules');

describe('rule documentation pages', () => {
  it('every rule has its page, linked from the rule, with the expected sections', () => {
    const problems: string[] = [];
    for (const rule of RULES) {
      if (!rule.docs.endsWith(`/docs/rules/${rule.id}.md`)) problems.push(`${rule.id}: links ${rule.docs}`);
      const file = path.join(DOCS, `${rule.id}.md`);
      if (!fs.existsSync(file)) {
        problems.push(`${rule.id}: no ${file}`);
        continue;
      }
      const text = fs.readFileSync(file, 'utf8');
      if (!text.startsWith(`# ${rule.id}\n`)) problems.push(`${rule.id}: title`);
      if (!text.includes(`**Severity:** ${rule.severity}`)) problems.push(`${rule.id}: severity ${rule.severity} not stated`);
      for (const section of ['## What it catches', '## Wrong', '## Right', '## Silence it']) if (!text.includes(section)) problems.push(`${rule.id}: no "${section}"`);
      if (!/## Why it (breaks|matters)/.test(text)) problems.push(`${rule.id}: no "Why" section`);
      if (!/fact \d+/.test(text)) problems.push(`${rule.id}: names no Docker fact`);
      if (!text.includes(`netlens-disable-next-line ${rule.id}`)) problems.push(`${rule.id}: no suppression example`);
    }
    assert.deepEqual(problems, []);
    assert.ok(RULES.length >= 11);
  });
});
