// The key path at the cursor, read from indentation (half-typed lines do not parse).
import * as assert from 'node:assert/strict';
import { yamlContextAt } from '../../server/src/lsp/yamlContext';

/** The context at the `|` in `text`. */
function at(text: string) {
  const offset = text.indexOf('|');
  return yamlContextAt(text.replace('|', ''), offset);
}

describe('YAML context at the cursor', () => {
  it('a sequence item under a service key', () => {
    assert.deepEqual(at('services:\n  api:\n    networks:\n      - front\n      - |\n'), { path: ['services', 'api', 'networks'], lineKey: undefined, valueBefore: '', sequenceItem: true });
  });

  it('sequence items written at the same column as their key', () => {
    assert.deepEqual(at('services:\n  api:\n    depends_on:\n    - db\n    - ca|').path, ['services', 'api', 'depends_on']);
  });

  it('a key and the value typed so far', () => {
    assert.deepEqual(at('services:\n  w:\n    network_mode: service:|'), { path: ['services', 'w'], lineKey: 'network_mode', valueBefore: 'service:', sequenceItem: false });
    assert.deepEqual(at('services:\n  w:\n    environment:\n      DB_URL: "postgres://u:p@|').valueBefore, 'postgres://u:p@');
  });

  it('a key inside a mapping item of a sequence is not nested under its sibling', () => {
    assert.deepEqual(at('services:\n  api:\n    ports:\n      - target: 80\n        published: |').path, ['services', 'api', 'ports']);
  });

  it('comments, blank lines and deeper lines above are skipped', () => {
    assert.deepEqual(at('services:\n  api:\n    image: x\n    environment:\n      A: 1\n\n      # note\n      B: |').path, ['services', 'api', 'environment']);
    assert.deepEqual(at('services:\n  api:\n    environment:\n      A: 1\n  db:\n    networks:\n      |').path, ['services', 'db', 'networks']);
  });

  it('the top level', () => {
    assert.deepEqual(at('services:\n|').path, []);
  });
});
