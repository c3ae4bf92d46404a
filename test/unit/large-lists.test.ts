// Hovers, code lenses and findings on a large project stay a few lines: every list of services shows
// the first few and says how many more (a 5,000-service project once produced a 25 KB hover), and a
// finding relates a bounded number of places.
import * as assert from 'node:assert/strict';
import { codeLenses } from '../../server/src/features/codeLens';
import { completion, MAX_COMPLETION_ITEMS } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { LISTED, RELATED } from '../../server/src/rules/support/listLimits';
import { analyse } from '../../server/src/analysis';
import { load } from '../helpers/project';

const N = 40;

/** `app` reaches a database through `localhost`; 40 databases listen on 5432, the first ones on another network. */
function project(): string {
  const lines = ['name: big', 'services:', '  app:', '    image: node', '    environment:', '      DATABASE_URL: postgres://localhost:5432/app', '    networks: [lan]'];
  for (let i = 0; i < N; i++) {
    // The first half sits on `far`, which `app` is not on: the hover must name the reachable ones first.
    lines.push(`  db${i}:`, '    image: postgres:16', '    environment:', '      TARGET: http://app:80', '    networks:', `      ${i < N / 2 ? 'far' : 'lan'}:`, '        aliases: [shared-db]');
  }
  lines.push('networks:', '  lan: {}', '  far: {}', '');
  return lines.join('\n');
}

describe('hovers and lenses on a large project', () => {
  const text = project();
  const analysis = analyse(load({ 'compose.yaml': text }));
  const file = analysis.project.files[0];
  const source = analysis.project.sources.get(file);
  const hoverAt = (needle: string, shift = 1): string => {
    const at = text.indexOf(needle) + shift;
    const h = hover(analysis, file, source?.positionAt(at) ?? { line: 0, character: 0 });
    assert.ok(h, `a hover at ${needle}`);
    return (h.contents as { value: string }).value;
  };
  const listed = (line: string) => (line.match(/`db\d+/g) ?? []).length;

  it('a `localhost` to a port others listen on names the reachable peers first, and how many more', () => {
    const value = hoverAt('localhost:5432');
    const line = value.split('\n').find((l) => l.includes('you probably meant')) ?? '';
    assert.equal(listed(line), LISTED, line);
    assert.match(line, new RegExp(`or ${N - LISTED} more`));
    assert.match(line, /meant `db20:5432`/, 'the first suggestion is a database on `lan`, which app reaches');
  });

  it('a network, an alias and a service that many reach list a few names and a count', () => {
    for (const [needle, shift] of [['  lan: {}', 3], ['aliases: [shared-db]', 10], ['  app:', 3]] as const) {
      const value = hoverAt(needle, shift);
      // The subject of a line (the alias's owner) may be named besides the listed ones.
      for (const line of value.split('\n')) assert.ok(listed(line) <= LISTED + 1, `${needle}: ${line}`);
      assert.match(value, / more/, `${needle}: says how many more`);
      assert.ok(value.length < 1500, `${needle}: ${value.length} characters`);
    }
  });

  it('the code lens over a service reached by many is one short line', () => {
    const lens = codeLenses(analysis, file).find((l) => l.range.start.line === 2);
    assert.ok(lens?.command, 'a lens over app');
    // The databases on `lan` reach app; those on `far` cannot.
    assert.match(lens.command.title, new RegExp(`^on: lan · reached by: (db\\d+, ){${LISTED - 1}}db\\d+ and ${N / 2 - LISTED} more$`));
  });
});

describe('findings on a large project', () => {
  it('a host port claimed by many services names a few of the others and relates a bounded number of places', () => {
    const lines = ['services:'];
    for (let i = 0; i < 30; i++) lines.push(`  web${i}:`, '    image: nginx', '    ports: ["8080:80"]');
    const { findings } = analyse(load({ 'compose.yaml': lines.join('\n') + '\n' }));
    const dup = findings.filter((f) => f.rule === 'duplicate-host-port');
    assert.equal(dup.length, 30, 'each claim is reported');
    for (const f of dup) {
      assert.ok((f.message.match(/`web\d+`/g) ?? []).length <= LISTED + 1, f.message);
      assert.match(f.message, new RegExp(`and ${29 - LISTED} more`), f.message);
      assert.ok(f.related.length <= RELATED, `${f.related.length} related places`);
    }
  });

  it('a loopback listener addressed by many names a few callers', () => {
    const lines = ['services:', '  api:', '    image: node', '    command: ["node", "server.js", "--host", "127.0.0.1", "--port", "3000"]'];
    for (let i = 0; i < 30; i++) lines.push(`  client${i}:`, '    image: curl', '    environment:', '      API_URL: http://api:3000');
    const { findings } = analyse(load({ 'compose.yaml': lines.join('\n') + '\n' }));
    const f = findings.find((x) => x.rule === 'loopback-listener');
    assert.ok(f, `a loopback-listener finding: ${findings.map((x) => x.rule).join(', ')}`);
    assert.match(f.message, new RegExp(`and ${30 - LISTED} more`), f.message);
    assert.ok(f.related.length <= RELATED, `${f.related.length} related places`);
  });
});

describe('completion on a large project', () => {
  const services = 300;
  const lines = ['services:', '  app:', '    image: node', '    depends_on:', '      - ', '    environment:', '      API_URL: http://'];
  for (let i = 0; i < services; i++) lines.push(`  svc${i}:`, '    image: nginx');
  lines.push(`  special:`, '    image: nginx', '');
  const text = lines.join('\n');
  const analysis = analyse(load({ 'compose.yaml': text }));
  const at = (needle: string, typed: string) => {
    const edited = text.replace(needle, needle + typed);
    const offset = edited.indexOf(needle) + needle.length + typed.length;
    const before = edited.slice(0, offset).split('\n');
    return completion(analysis, edited, offset, { line: before.length - 1, character: before[before.length - 1].length });
  };

  it('answers at most MAX_COMPLETION_ITEMS names, saying the list is incomplete so the editor asks again', () => {
    const list = at('depends_on:\n      - ', '');
    assert.ok(!Array.isArray(list) && list.isIncomplete, 'an incomplete list');
    assert.equal(list.items.length, MAX_COMPLETION_ITEMS);
  });

  it('keeps the names holding the word typed, those starting with it first', () => {
    const list = at('depends_on:\n      - ', 'spec');
    const items = Array.isArray(list) ? list : list.items;
    assert.deepEqual(items.map((i) => i.label), ['special']);
    const peers = at('API_URL: http://', 'svc29');
    const labels = (Array.isArray(peers) ? peers : peers.items).map((i) => i.label);
    assert.deepEqual(labels, ['svc29:80', 'svc290:80', 'svc291:80', 'svc292:80', 'svc293:80', 'svc294:80', 'svc295:80', 'svc296:80', 'svc297:80', 'svc298:80', 'svc299:80']);
  });

  it('answers a short list whole, as before', () => {
    const small = analyse(load({ 'compose.yaml': 'services:\n  app:\n    image: x\n    depends_on:\n      - \n  db:\n    image: postgres\n' }));
    const text2 = 'services:\n  app:\n    image: x\n    depends_on:\n      - \n  db:\n    image: postgres\n';
    const offset = text2.indexOf('- ') + 2;
    const items = completion(small, text2, offset, { line: 4, character: 8 });
    assert.ok(Array.isArray(items));
    assert.deepEqual(items.map((i) => i.label), ['db']);
  });
});
