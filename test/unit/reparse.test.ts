// Parsing again only the entry an edit touched (compose/reparse.ts): the spliced tree is the tree a
// whole parse gives, after random edits; an edit to one service's environment parses that entry
// alone and shares the unchanged entries before it; duplicate keys are still reported.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { parseCounters } from '../../server/src/compose/parse';
import { parseYaml, parseYamlCached, type ParseCache } from '../../server/src/compose/parseFile';
import { reparseEdit } from '../../server/src/compose/reparse';
import type { CMap } from '../../server/src/compose/nodes';

const FILE = '/p/compose.yaml';

/** A file with the constructs whose extent a splice could get wrong: block scalars, flow collections, quotes, comments. */
const RICH = [
  '# a comment at the top',
  'name: demo',
  'services:',
  '  web:',
  '    image: "nginx:1.27"',
  '    command: |',
  '      echo one',
  '      echo two',
  '',
  '    environment:',
  '      API_URL: http://api:8080/x   # trailing comment',
  "      QUOTED: 'it''s'",
  '      LOG_LEVEL: info',
  '    ports: ["8080:80", 9090]',
  '    labels: {a: 1, b: two}',
  '# comment at column 0 inside services',
  '  api:',
  '    image: node:20',
  '    entrypoint: >-',
  '      folded',
  '      text',
  '    networks:',
  '      - front',
  '      - back',
  '    depends_on:',
  '      db:',
  '        condition: service_healthy',
  '  db:',
  '    image: postgres:16',
  '    environment:',
  '      - POSTGRES_PASSWORD=x',
  '      - "A=b c"',
  'networks:',
  '  front: {}',
  '  back:',
  '    driver: bridge',
  '',
].join('\n');

/** The same without comments, where more edits are spliced. */
const UNCOMMENTED = RICH.split('\n').filter((l) => !l.startsWith('#')).map((l) => l.replace(/ +#.*$/, '')).join('\n');

const ALPHABET = ['o', 'x', ' ', ':', '\n', '\n  ', '\n    ', '\n      ', '#', '"', "'", '-', '[', ']', '{', '}', ',', '|', '>', '&a', '*a', '<<: *a', '\t', 'key: v', '!!str ', '%', '---'];

function edit(text: string, at: number, remove: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at + remove);
}

describe('re-parsing the edited entry only', () => {
  it('after random edits, the spliced tree equals a whole parse of the new text', () => {
    let spliced = 0;
    let fellBack = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(RICH, RICH.replace(/\n/g, '\r\n'), UNCOMMENTED),
        fc.array(fc.record({ at: fc.nat(), remove: fc.nat({ max: 6 }), insert: fc.constantFrom(...ALPHABET) }), { minLength: 1, maxLength: 4 }),
        (start, edits) => {
          let text = start;
          let parsed = parseYaml(FILE, text);
          for (const e of edits) {
            const next = edit(text, e.at % (text.length + 1), e.remove, e.insert);
            const result = reparseEdit(text, parsed, next, (part, base) => parseYaml(FILE, part, base));
            const whole = parseYaml(FILE, next);
            if (result) {
              spliced++;
              assert.deepEqual(whole.problems, [], `a whole parse finds no problem where the splice found none (edit ${JSON.stringify(e)})`);
              assert.deepEqual(result.root, whole.root, `the spliced tree equals the whole parse (edit ${JSON.stringify(e)} on ${JSON.stringify(next)})`);
              parsed = result;
            } else {
              fellBack++;
              parsed = whole;
            }
            text = next;
          }
        },
      ),
      { numRuns: Number(process.env.REPARSE_RUNS ?? 1500), seed: Number(process.env.REPARSE_SEED ?? 7) },
    );
    // The property must have been exercised both ways, or it proves nothing.
    assert.ok(spliced > 300, `edits spliced: ${spliced}`);
    assert.ok(fellBack > 100, `edits parsed whole: ${fellBack}`);
  });

  it('an edit to one service’s environment parses that entry alone; the other entries are the same objects, those after it moved in place', () => {
    const services = Array.from({ length: 50 }, (_, i) => `  s${i}:\n    image: app\n    environment:\n      LOG_LEVEL: info\n`).join('');
    const text = `services:\n${services}`;
    const cache: ParseCache = new Map();
    const first = parseYamlCached(cache, FILE, text);
    const at = text.indexOf('LOG_LEVEL: info', text.indexOf('  s20:')) + 'LOG_LEVEL: info'.length;
    const next = edit(text, at, 0, 'o');
    const svc = (root: typeof first.root, name: string) => ((root as CMap).pairs.get('services')?.value as CMap).pairs.get(name);
    const laterStart = svc(first.root, 's30')?.keyLoc.start as number;
    const laterValue = svc(first.root, 's30')?.value as CMap;
    const laterImageStart = laterValue.pairs.get('image')?.value.loc.start as number;
    const before = { ...parseCounters };
    const second = parseYamlCached(cache, FILE, next);
    assert.equal(parseCounters.full - before.full, 0, 'no whole parse');
    assert.equal(parseCounters.partial - before.partial, 1, 'one partial parse');
    assert.equal(svc(second.root, 's3'), svc(first.root, 's3'), 'a service before the edit is the same object');
    assert.notEqual(svc(second.root, 's20'), svc(first.root, 's20'), 'the edited service is new');
    assert.equal(svc(second.root, 's30'), svc(first.root, 's30'), 'a service after the edit is the same object');
    assert.equal(svc(second.root, 's30')?.keyLoc.start, laterStart + 1, 'its key moved by the edit');
    assert.equal((svc(second.root, 's30')?.value as CMap).pairs.get('image')?.value.loc.start, laterImageStart + 1, 'and every location inside it');
    assert.deepEqual(second.root, parseYaml(FILE, next).root, 'the whole tree equals a whole parse');
    assert.equal(parseCounters.full - before.full, 1, '(only the check above parsed the whole file)');
  });

  it('comments between settings (a commented-out line) do not stop an edit from being parsed alone', () => {
    const service = (i: number) => `  s${i}:\n    image: app  # pinned\n    environment:\n      A: "1"\n      # B: "2"\n      C: "3"\n    ports: ["80${i % 10}:80"]\n`;
    const text = `# the stack\nservices:\n${Array.from({ length: 20 }, (_, i) => service(i)).join('')}`;
    const cache: ParseCache = new Map();
    parseYamlCached(cache, FILE, text);
    // The edited setting is followed by a comment line, its service by a comment: the entry in between is parsed alone.
    const at = text.indexOf('A: "1"', text.indexOf('  s7:')) + 'A: "1'.length;
    const next = edit(text, at, 0, '0');
    const before = { ...parseCounters };
    const second = parseYamlCached(cache, FILE, next);
    assert.equal(parseCounters.full - before.full, 0, 'no whole parse');
    assert.equal(parseCounters.partial - before.partial, 1, 'one partial parse');
    assert.deepEqual(second.root, parseYaml(FILE, next).root, 'the tree equals a whole parse');
  });

  it('an edit that changes the structure (a new top-level key) parses the whole file', () => {
    const text = 'services:\n  a:\n    image: x\n';
    const cache: ParseCache = new Map();
    parseYamlCached(cache, FILE, text);
    const before = { ...parseCounters };
    const next = text + 'networks:\n  n: {}\n';
    const parsed = parseYamlCached(cache, FILE, next);
    assert.equal(parseCounters.full - before.full, 1);
    assert.ok((parsed.root as CMap).pairs.has('networks'));
  });

  it('a collection key holding a bad merge is read, not thrown', () => {
    const parsed = parseYaml(FILE, 'services:\n  web:\n    image: x\n{A: b\nnetworks:\n  front: <<: *a{}\n');
    assert.ok(parsed.problems.length > 0, 'the syntax errors are problems');
  });

  it('duplicate keys are reported where the parser reports them', () => {
    for (const text of ['services:\n  a:\n    image: x\n  a:\n    image: y\n', 'x: {k: 1, k: 2}\n', 'a: 1\nb: 2\na: 3\n', "'1': a\n1: b\n"]) {
      const ours = parseYaml(FILE, text).problems.map((p) => [p.message, p.loc.start, p.loc.end]);
      const theirs = parseDocument(text, { uniqueKeys: true }).errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => ['Map keys must be unique', e.pos[0], e.pos[1]]);
      assert.deepEqual(ours, theirs, text);
    }
    assert.equal(parseYaml(FILE, 'services:\n  a:\n    image: x\n  a:\n    image: y\n').problems.length, 1, 'one duplicate, one problem');
  });
});
