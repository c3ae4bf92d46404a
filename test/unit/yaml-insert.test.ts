// The YAML insertions quick fixes use: each follows the collection's style and leaves the rest alone.
import * as assert from 'node:assert/strict';
import { get, isMap, isSeq, type CMap, type CSeq } from '../../server/src/compose/nodes';
import type { ComposeProject } from '../../server/src/compose/project';
import { appendItem, appendPair, removeItem, setPair, trimEnd } from '../../server/src/rules/support/yamlCollectionEdits';
import type { TextEdit } from '../../server/src/rules/types';
import { applyEdits, load } from '../helpers/project';

function project(text: string): ComposeProject {
  return load({ 'compose.yaml': text });
}

function fileTree(p: ComposeProject) {
  return p.fileTrees.get(p.files[0]);
}

function apply(p: ComposeProject, edit: TextEdit | undefined): string {
  assert.ok(edit, 'an edit');
  const file = p.files[0];
  return applyEdits(p.sources.get(file)!.text, file, [edit]);
}

function svcMap(p: ComposeProject, name = 'a'): CMap {
  const m = get(get(fileTree(p), 'services'), name);
  assert.ok(isMap(m));
  return m;
}

function seqOf(p: ComposeProject, key: string, name = 'a'): CSeq {
  const s = get(svcMap(p, name), key);
  assert.ok(isSeq(s));
  return s;
}

describe('YAML insertions for fixes', () => {
  it('appends a pair after the last one, at the map’s indentation, also at the end of a file without newline', () => {
    const p = project('services:\n  a:\n    image: x # keep\n    command: |\n      run\n  b:\n    image: y');
    assert.equal(apply(p, appendPair(p.sources, svcMap(p), 'k', 'v')), 'services:\n  a:\n    image: x # keep\n    command: |\n      run\n    k: v\n  b:\n    image: y');
    assert.equal(apply(p, appendPair(p.sources, svcMap(p, 'b'), 'k', ['- "v"'])), 'services:\n  a:\n    image: x # keep\n    command: |\n      run\n  b:\n    image: y\n    k:\n      - "v"\n');
  });

  it('appends to flow maps and replaces empty ones', () => {
    const p = project('services:\n  a: { image: x }\n  b: {}\n');
    assert.equal(apply(p, appendPair(p.sources, svcMap(p), 'k', 'v')), 'services:\n  a: { image: x, k: v }\n  b: {}\n');
    assert.equal(apply(p, appendPair(p.sources, svcMap(p, 'b'), 'k', 'v')), 'services:\n  a: { image: x }\n  b: { k: v }\n');
    assert.equal(appendPair(p.sources, svcMap(p), 'k', ['- v']), undefined, 'no block value in a flow map');
  });

  it('sets a pair: replaces a written value, fills an empty one, or appends', () => {
    const p = project('services:\n  a:\n    mode: ingress\n    other:\n');
    assert.equal(apply(p, setPair(p.sources, svcMap(p), 'mode', 'host')), 'services:\n  a:\n    mode: host\n    other:\n');
    assert.equal(apply(p, setPair(p.sources, svcMap(p), 'other', 'x')), 'services:\n  a:\n    mode: ingress\n    other: x\n');
  });

  it('appends items to block sequences with their dash layout, and to flow ones', () => {
    const p = project('services:\n  a:\n    links:\n    -   one\n    - two\n    ports: ["1:1"]\n    expose: []\n');
    assert.equal(apply(p, appendItem(p.sources, seqOf(p, 'links'), 'three')), 'services:\n  a:\n    links:\n    -   one\n    - two\n    -   three\n    ports: ["1:1"]\n    expose: []\n');
    assert.equal(apply(p, appendItem(p.sources, seqOf(p, 'ports'), '"2:2"')), 'services:\n  a:\n    links:\n    -   one\n    - two\n    ports: ["1:1", "2:2"]\n    expose: []\n');
    assert.equal(apply(p, appendItem(p.sources, seqOf(p, 'expose'), '80')), 'services:\n  a:\n    links:\n    -   one\n    - two\n    ports: ["1:1"]\n    expose: [80]\n');
  });

  it('removes an item: its line in block style, the item and a comma in flow style', () => {
    const p = project('services:\n  a:\n    links:\n      - one # first\n      - two\n    expose: [1, 2, 3]\n');
    assert.equal(apply(p, removeItem(p.sources, seqOf(p, 'links'), 0)), 'services:\n  a:\n    links:\n      - two\n    expose: [1, 2, 3]\n');
    assert.equal(apply(p, removeItem(p.sources, seqOf(p, 'expose'), 1)), 'services:\n  a:\n    links:\n      - one # first\n      - two\n    expose: [1, 3]\n');
    assert.equal(apply(p, removeItem(p.sources, seqOf(p, 'expose'), 2)), 'services:\n  a:\n    links:\n      - one # first\n      - two\n    expose: [1, 2]\n');
  });

  it('trims the line break a block collection’s span ends with', () => {
    const p = project('services:\n  a:\n    image: x\n');
    const loc = trimEnd(p.sources, svcMap(p).loc);
    assert.equal(p.sources.get(loc.file)!.slice(loc), 'image: x');
  });
});
