// A large file parsed in pieces (compose/chunked.ts) gives the tree of a whole parse: on plain
// files, after random edits, and on a large generated project; files that do not qualify
// (comments, anchors) are parsed whole.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseChunked } from '../../server/src/compose/chunked';
import { parseWhole } from '../../server/src/compose/parse';
import { parseYaml } from '../../server/src/compose/parseFile';

const FILE = '/p/compose.yaml';

const PLAIN = [
  'name: demo',
  'services:',
  '  web:',
  '    image: "nginx:1.27"',
  '    command: |',
  '      echo one',
  '      echo two',
  '',
  '    environment:',
  '      API_URL: http://api:8080/x',
  "      QUOTED: 'it''s'",
  '      LOG_LEVEL: info',
  '    ports: ["8080:80", 9090]',
  '    labels: {a: 1, b: two}',
  '  api:',
  '    image: node:20',
  '    entrypoint: >-',
  '      folded',
  '      text',
  '    networks:',
  '      - front',
  '      - back',
  '  db:',
  '    image: postgres:16',
  '    environment:',
  '      - POSTGRES_PASSWORD=x',
  '      - "A=b c"',
  '  cache:',
  '    image: redis',
  'networks:',
  '  front: {}',
  '  back:',
  '    driver: bridge',
  '',
].join('\n');

const ALPHABET = ['o', 'x', ' ', ':', '\n', '\n  ', '\n    ', '  k: v\n', '? k\n', '---\n', '- x\n', 'a b\n  c', '\t', '%', '"', "'", '-', '[', ']', '{', '}', ',', '|', '>', 'key: v', '\n\n'];

const pieces = (text: string, group: number) => parseChunked(text, (part, base) => parseWhole(FILE, part, base), group);

describe('parsing a large file in pieces', () => {
  it('the pieces give the tree of a whole parse, after random edits (small groups)', () => {
    let chunked = 0;
    let whole = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(), remove: fc.nat({ max: 6 }), insert: fc.constantFrom(...ALPHABET) }), { maxLength: 3 }),
        fc.integer({ min: 1, max: 200 }),
        (edits, group) => {
          let text = PLAIN;
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
          }
          const result = pieces(text, group);
          if (!result) {
            whole++;
            return;
          }
          chunked++;
          const expected = parseWhole(FILE, text);
          assert.deepEqual(expected.problems, [], `a whole parse finds no problem where the pieces found none: ${JSON.stringify(text)}`);
          assert.deepEqual(result.root, expected.root, `pieces equal the whole parse: ${JSON.stringify(text)} (group ${group})`);
        },
      ),
      { numRuns: Number(process.env.CHUNKED_RUNS ?? 1500), seed: Number(process.env.CHUNKED_SEED ?? 11) },
    );
    assert.ok(chunked > 300, `texts parsed in pieces: ${chunked}`);
    assert.ok(whole > 100, `texts parsed whole: ${whole}`);
  });

  it('a large generated project is parsed in pieces, equal to a whole parse', () => {
    const lines = ['name: big', 'services:'];
    for (let i = 0; i < 5000; i++) lines.push(`  app${i}:`, `    image: app:\${TAG:-1}`, '    environment:', `      URL: http://app${(i * 7) % 5000}:8080/x`, '    networks:', `      - net${i % 9}`);
    lines.push('networks:', ...Array.from({ length: 9 }, (_, i) => `  net${i}: {}`), '');
    const text = lines.join('\n');
    assert.ok(text.length > 512 * 1024, 'large enough to be parsed in pieces');
    const result = pieces(text, 64 * 1024);
    assert.ok(result, 'the file qualifies');
    assert.deepEqual(result.root, parseWhole(FILE, text).root);
    assert.deepEqual(parseYaml(FILE, text).root, result.root, 'parseYaml takes the pieces for a large file');
  });

  it('files with comments or anchors are not parsed in pieces', () => {
    assert.equal(pieces(PLAIN.replace('  api:', '  # the API\n  api:'), 10), undefined);
    assert.equal(pieces(PLAIN.replace('image: node:20', 'image: &img node:20'), 10), undefined);
    assert.ok(pieces(PLAIN, 10), 'the plain file qualifies');
  });
});
