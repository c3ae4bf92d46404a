// Aliases: what they expand to is budgeted by size, not only by count (a padded value aliased by
// every service), and each alias is found without walking the document again.
import * as assert from 'node:assert/strict';
import { Alias, parseDocument } from 'yaml';
import type { CNode } from '../../../server/src/compose/nodes';
import { ALIAS_SIZE_BUDGET, parseCounters } from '../../../server/src/compose/parse';
import { parseYaml } from '../../../server/src/compose/parseFile';
import { check } from '../../helpers/project';
import { assertLinearGrowth } from '../../helpers/growth';

/** A padded value in a map of ten, the map aliased by `services` services. */
function paddedBomb(services: number, pad = 2000): string {
  const head = `x-pad: &pad "${'http://a:80 '.repeat(pad / 12)}"\nx-env: &env {${Array.from({ length: 10 }, (_, i) => `V${i}: *pad`).join(', ')}}\nservices:\n`;
  return head + Array.from({ length: services }, (_, i) => `  s${i}:\n    image: x\n    environment: *env\n`).join('');
}

function expandedChars(text: string): number {
  parseCounters.aliasChars = 0;
  parseYaml('/p/compose.yaml', text);
  return parseCounters.aliasChars;
}

describe('aliases: budgeted by size, resolved in one walk', () => {
  it('a padded value aliased by every service expands to at most the budget', () => {
    const chars = (n: number) => {
      const text = paddedBomb(n);
      const expanded = expandedChars(text);
      assert.ok(expanded <= ALIAS_SIZE_BUDGET + 2000, `${expanded} characters expanded from ${text.length}`);
      return expanded;
    };
    // Below the budget it grows with the file; above, it stops.
    assertLinearGrowth('characters through aliases', chars, 20);
    assertLinearGrowth('characters through aliases', chars, 200);
  });

  it('says so once, and the services before the cut are read', () => {
    const a = check({ 'compose.yaml': paddedBomb(400) });
    const problems = a.findings.filter((f) => f.rule === 'yaml-aliases');
    assert.deepEqual(problems.map((f) => f.message), ['YAML aliases expand to more than 1,000,000 characters (an alias bomb?); the rest of them is not read.']);
    assert.ok(a.project.services.has('s0'));
  });

  it('real anchors stay whole: a common block shared by 50 services', () => {
    const common = `x-common: &common\n  restart: unless-stopped\n  environment:\n${Array.from({ length: 30 }, (_, i) => `    SETTING_${i}: "${'v'.repeat(60)}"\n`).join('')}`;
    const text = common + 'services:\n' + Array.from({ length: 50 }, (_, i) => `  s${i}:\n    <<: *common\n    image: x\n`).join('');
    const a = check({ 'compose.yaml': text });
    assert.deepEqual(a.findings.filter((f) => f.rule === 'yaml-aliases'), []);
    assert.equal(a.project.services.size, 50);
  });

  it('finds each alias\'s node without asking the parser, which walks the whole document per alias', () => {
    const original = Alias.prototype.resolve;
    let calls = 0;
    Alias.prototype.resolve = function (this: Alias, ...args: Parameters<Alias['resolve']>) {
      calls++;
      return original.apply(this, args);
    };
    try {
      parseYaml('/p/compose.yaml', 'x: &a 1\nservices:\n' + Array.from({ length: 100 }, (_, i) => `  s${i}:\n    image: *a\n`).join(''));
    } finally {
      Alias.prototype.resolve = original;
    }
    assert.equal(calls, 0);
  });

  it('an anchor defined again applies to the aliases after it, as the parser reads it', () => {
    const text = 'a: &x one\nb: *x\nc: &x two\nd: *x\ne: [&x three, *x]\nf: *x\n';
    const tree = parseYaml('/p/compose.yaml', text).root;
    const js = parseDocument(text).toJS();
    assert.ok(tree && tree.kind === 'map');
    for (const key of ['b', 'd', 'f']) {
      const value: CNode | undefined = tree.pairs.get(key)?.value;
      assert.equal(value?.kind === 'scalar' ? value.value : undefined, js[key], key);
    }
  });
});
