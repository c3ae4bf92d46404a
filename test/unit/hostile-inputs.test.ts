// Named hostile inputs for the loader, model and rules: each gives a clear problem, never a throw or a hang.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProject } from '../../server/src/compose/project';
import { analyse } from '../../server/src/analysis';
import { check, removeProjects, writeProject } from '../helpers/project';

function problems(text: string, extra: Record<string, string> = {}) {
  const a = check({ 'compose.yaml': text, ...extra });
  return { a, lines: a.findings.map((f) => `${f.rule}: ${f.message}`) };
}

describe('hostile inputs', () => {
  after(removeProjects);

  it('an alias bomb ("billion laughs") is cut with a message and the services are still read', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const { a, lines: found } = problems(lines.join('\n') + '\nservices:\n  web:\n    image: x\n');
    assert.ok(found.some((l) => /^yaml-aliases: YAML aliases expand to more than/.test(l)), found.join('\n'));
    assert.ok(a.project.services.has('web'));
  });

  it('10,000-deep nesting is reported, not a stack overflow', () => {
    const { lines } = problems('x: ' + '['.repeat(10000) + ']'.repeat(10000) + '\nservices:\n  a:\n    image: x\n');
    assert.ok(lines.some((l) => /^yaml-(depth|syntax):/.test(l)), lines.join('\n'));
  });

  it('a 20 MB file is refused above the size limit with a clear message', () => {
    const big = 'services:\n' + '  s:\n    image: x\n'.repeat(1_200_000);
    assert.ok(big.length > 20_000_000);
    const { lines } = problems(big);
    assert.deepEqual(lines, [`compose-file: compose.yaml is ${(big.length / 1024 / 1024).toFixed(1)} MB, above the 10.0 MB limit (setting netlens.maxFileSizeMB); it is not analysed.`]);
    const roomy = loadProject({ dir: '/v', env: {}, maxFileSize: 64 * 1024 * 1024, readFile: (f) => (f === '/v/compose.yaml' ? 'services:\n  a:\n    image: x\n' + ' '.repeat(11 * 1024 * 1024) : undefined) });
    assert.ok(roomy.services.has('a'), 'the limit is a setting');
  });

  it('binary junk and invalid UTF-8 give a structure or syntax problem', () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    const dir = writeProject({});
    fs.writeFileSync(path.join(dir, 'compose.yaml'), bytes);
    const a = analyse(loadProject({ dir, env: {} }));
    assert.ok(a.findings.length > 0);
    assert.ok(a.findings.every((f) => /^(yaml-syntax|compose-structure|yaml-depth)$/.test(f.rule)), a.findings.map((f) => f.rule).join(','));
    const invalid = writeProject({});
    fs.writeFileSync(path.join(invalid, 'compose.yaml'), Buffer.concat([Buffer.from('services:\n  web:\n    image: "'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"\n')]));
    const b = analyse(loadProject({ dir: invalid, env: {} }));
    assert.ok(b.project.services.has('web'));
  });

  it('a BOM and CRLF line ends keep ranges right', () => {
    const text = '\ufeffservices:\r\n  web:\r\n    image: x\r\n    environment:\r\n      DB: postgres://localhost:5432/x\r\n  db:\r\n    image: postgres\r\n';
    const { a } = problems(text);
    const f = a.findings.find((x) => x.rule === 'localhost-peer')!;
    assert.deepEqual(a.project.sources.rangeOf(f.loc), { start: { line: 4, character: 21 }, end: { line: 4, character: 30 } });
    assert.equal(a.project.sources.get(f.loc.file)!.slice(f.loc), 'localhost');
  });

  it('a BOM before several top-level keys is read like the same file without it', () => {
    const text = 'services:\n  web:\n    image: x\n    networks: [front]\nnetworks:\n  front: {}\n';
    const { a, lines } = problems('\ufeff' + text);
    assert.deepEqual(lines, problems(text).lines);
    assert.ok(a.project.networks.has('front'), lines.join('\n'));
    const key = a.project.services.get('web')!.keyLoc;
    assert.equal(a.project.sources.get(key.file)!.slice(key), 'web');
  });

  it('tabs used as indentation are a syntax problem at their line', () => {
    const { a } = problems('services:\n\tweb:\n\t\timage: x\n');
    const f = a.findings.find((x) => x.rule === 'yaml-syntax')!;
    assert.match(f.message, /[Tt]ab/);
    assert.equal(a.project.sources.rangeOf(f.loc).start.line, 1);
  });

  it('several YAML documents: the first is read, the rest is reported', () => {
    const { a, lines } = problems('services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n');
    assert.deepEqual(lines, ['yaml-syntax: This file holds several YAML documents; Compose reads only the first.']);
    assert.deepEqual([...a.project.services.keys()], ['a']);
  });

  it('values of the wrong type are reported or ignored, never thrown on', () => {
    const { lines } = problems('services:\n  a: 5\n  b:\n    networks: 7\n    ports: {x: 1}\n    environment: 3\n    command: {a: b}\n    network_mode: 5\n    links: {a: 1}\n    extra_hosts: 4\n    depends_on: 9\n    healthcheck: x\n    deploy: [1]\n  c:\n    networks:\n      n1: 5\n      n2: [a]\n    expose: {a: 1}\nnetworks: [a, b]\n');
    assert.ok(lines.includes('compose-structure: Service "a" must be a mapping of attributes.'), lines.join('\n'));
    assert.ok(lines.includes('compose-structure: Top-level `networks` must be a mapping of network names to definitions.'), lines.join('\n'));
    for (const text of ['just a string', '- a\n- b', 'services:\n  - a\n', '', '~', 'services:\n  ? [a, b]\n  : image: x\n']) {
      assert.doesNotThrow(() => problems(text), text);
    }
  });

  it('extends and include cycles and missing targets are reported', () => {
    const { lines } = problems('include:\n  - compose.yaml\n  - nowhere.yaml\nservices:\n  a:\n    extends: b\n  b:\n    extends: a\n  c:\n    extends:\n      file: missing.yaml\n      service: x\n');
    assert.ok(lines.some((l) => /^include: `include` makes a cycle/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^compose-file: Cannot read .*nowhere\.yaml/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^extends: `extends` makes a cycle/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^compose-file: Cannot read .*missing\.yaml/.test(l)), lines.join('\n'));
  });

  it('a .env with odd lines is read as far as it goes', () => {
    const { a, lines } = problems('services:\n  a:\n    image: app:${TAG}\n', { '.env': 'TAG=1\n=novalue\nnot a pair\nexport\n"quoted"=x\nOK="unclosed\n' });
    assert.equal(a.project.environment.TAG, '1');
    assert.ok(lines.filter((l) => l.startsWith('compose-file:')).length >= 3, lines.join('\n'));
  });

  it('deeply nested interpolation defaults stop with a short message', () => {
    const { lines } = problems('services:\n  a:\n    image: x\n    environment:\n      Y: ' + '${A:-'.repeat(1000) + 'x' + '}'.repeat(1000) + '\n');
    const msg = lines.find((l) => l.startsWith('interpolation:'))!;
    assert.ok(msg, lines.join('\n'));
    assert.ok(msg.length < 200, msg);
  });
});
