// What the server computes once instead of per item: who reaches a service (code lenses, hover)
// equals a scan of every reference; what is at a position, read from the entry around it, equals
// the whole project's index; diagnostics of a file not checked are sent again only when changed.
import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import * as path from 'node:path';
import { loadProject } from '../../server/src/compose/project';
import { peersOnPort, reachedBy } from '../../server/src/features/describe';
import { completion, MAX_COMPLETION_ITEMS } from '../../server/src/features/completion';
import { nameAt, projectIndex, spanAt } from '../../server/src/lsp/projectIndex';
import { PublishedDiagnostics } from '../../server/src/lsp/published';
import { isConnection, type NetworkModel } from '../../server/src/network/types';
import { analyse, type Analysis } from '../../server/src/analysis';
import { load } from '../helpers/project';

/** The reference: one scan of every reference and every link per service asked about. */
function reachedByScan(model: NetworkModel, target: string) {
  const out = new Map<string, { from: string; network: string | null; host: string; port?: number }>();
  for (const ref of model.references) {
    if (!isConnection(ref) || ref.from === target || (out.has(ref.from) && (out.get(ref.from)?.port !== undefined || ref.port === undefined))) continue;
    const res = model.resolve(ref.from, ref.host);
    if (res.kind === 'service' && res.target === target) out.set(ref.from, { from: ref.from, network: res.network, host: ref.host, port: ref.port });
  }
  for (const svc of model.services.values()) {
    if (svc.name === target || out.has(svc.name)) continue;
    const link = svc.links.find((l) => l.target === target);
    if (link) out.set(svc.name, { from: svc.name, network: model.sharedNetworks(svc.name, link.target)[0] ?? null, host: link.alias });
  }
  return [...out.values()];
}


/** The reference for a hover's "you probably meant": every peer answering on the port, those sharing a network with `from` first. */
function peersOnPortScan(model: NetworkModel, from: string, port: number) {
  const owner = model.services.get(from)?.namespaceOwner ?? from;
  const nets = new Set(model.services.get(owner)?.attachments.map((a) => a.network));
  const all = model.answersOn(port).filter((p) => p.service.name !== from && p.service.name !== owner);
  const shares = (name: string) => (model.services.get(name)?.attachments ?? []).some((a) => nets.has(a.network));
  const ordered = [...all.filter((p) => shares(p.service.name)), ...all.filter((p) => !shares(p.service.name))];
  return ordered.map((p) => ({ name: p.service.name, port: p.containerPort }));
}

/** The reference for service-name completion: every other service not yet listed, ranked by the word, sorted, the first MAX_COMPLETION_ITEMS. */
function serviceNamesScan(analysis: Analysis, service: string, listed: string[], word: string): string[] {
  const typed = word.toLowerCase();
  const rank = (n: string) => (n.toLowerCase().startsWith(typed) ? 0 : n.toLowerCase().includes(typed) ? 1 : 2);
  const names = [...analysis.model.services.keys()].filter((n) => n !== service && (!listed.includes(n) || n === word) && rank(n) < 2);
  return names.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)).slice(0, MAX_COMPLETION_ITEMS);
}

/** A project of `count` services on a few networks, every fourth a store listening on 5432; `rename` renames one of them. */
function manyServices(count: number, rename?: [string, string]): string {
  const lines = ['services:'];
  for (let i = 0; i < count; i++) {
    const name = rename && `s${i}` === rename[0] ? rename[1] : `s${i}`;
    lines.push(`  ${name}:`, `    image: ${i % 4 === 3 ? 'postgres:16' : 'app'}`, '    networks:', `      - n${i % 5}`);
    if (i % 4 !== 3) lines.push('    environment:', `      DB_URL: postgres://localhost:5432/x`);
    if (i === 0) lines.push('    depends_on:', '      - s10', '      - ', '    links:', '      - s2');
  }
  lines.push('networks:', ...[0, 1, 2, 3, 4].map((n) => `  n${n}: {}`), '');
  return lines.join('\n');
}

function labelsAt(analysis: Analysis, text: string, needle: string, typed: string): string[] {
  const edited = text.replace(needle, needle + typed);
  const offset = edited.indexOf(needle) + needle.length + typed.length;
  const before = edited.slice(0, offset).split('\n');
  const list = completion(analysis, edited, offset, { line: before.length - 1, character: before[before.length - 1].length });
  return (Array.isArray(list) ? list : list.items).map((i) => i.label);
}

describe('indexes the server builds once', () => {
  it('who reaches each service equals a scan of every reference (addresses, ports, links, namespaces)', () => {
    const lines = ['services:'];
    for (let i = 0; i < 40; i++) {
      lines.push(`  s${i}:`, '    image: app', '    environment:');
      lines.push(`      A: http://s${(i * 3) % 40}:${i % 2 ? 8080 : 80}/x`, `      B: s${(i * 7) % 40}`, `      C: postgres://s${(i + 1) % 40}/db`);
      if (i % 5 === 0) lines.push('    links:', `      - s${(i + 2) % 40}:alias${i}`, `      - s${(i + 2) % 40}`);
      if (i % 9 === 4) lines.push(`    network_mode: service:s${i - 1}`);
      else lines.push('    networks:', `      - n${i % 3}`);
    }
    lines.push('networks:', '  n0: {}', '  n1: {}', '  n2: {}', '');
    const { model } = analyse(load({ 'compose.yaml': lines.join('\n') }));
    let nonEmpty = 0;
    for (const name of [...model.services.keys(), 'missing']) {
      const expected = reachedByScan(model, name);
      if (expected.length > 0) nonEmpty++;
      assert.deepEqual(reachedBy(model, name), expected, name);
    }
    assert.ok(nonEmpty > 10, `services reached by someone: ${nonEmpty}`);
  });

  it('what is at each position, read from the entry around it, equals what the whole index says', () => {
    const onDisk = [path.resolve('examples'), ...['hover', 'override', 'refuse', 'rename'].map((d) => path.resolve('test/fixtures/lsp', d))];
    const projects = onDisk.map((dir) => () => loadProject({ dir, env: {} }));
    // What the fixtures lack: a service not started (profiles), a shared namespace, links, `extends` (read whole).
    const odd = {
      'compose.yaml': [
        'services:',
        '  web:',
        '    image: nginx',
        '    environment: {API: "http://api:8080", DEBUG_URL: "http://debugger:9229"}',
        '    links: ["api:backend"]',
        '  api:',
        '    image: node',
        '    network_mode: service:web',
        '  debugger:',
        '    image: node',
        '    profiles: [debug]',
        '    environment:',
        '      TARGET: web:80',
        'networks:',
        '  edge:',
        '    driver: bridge',
        '',
      ].join('\n'),
      'compose.override.yaml': 'services:\n  web:\n    networks: [edge]\n    ports: ["80:80"]\n',
    };
    const extended = 'services:\n  web:\n    extends: base\n  base:\n    image: nginx\n    environment:\n      API: http://api:8080\n  api:\n    image: node\n';
    projects.push(() => load(odd), () => load({ 'compose.yaml': extended }));
    let found = 0;
    for (const project of projects) {
      const around = analyse(project());
      const whole = analyse(project());
      projectIndex(whole);
      for (const file of around.project.files) {
        const text = around.project.sources.get(file)?.text ?? '';
        for (let offset = 0; offset <= text.length; offset++) {
          const a = spanAt(around, file, offset);
          assert.deepEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(spanAt(whole, file, offset) ?? null)), `${path.relative('.', file)} at ${offset}`);
          assert.deepEqual(JSON.parse(JSON.stringify(nameAt(around, file, offset) ?? null)), JSON.parse(JSON.stringify(nameAt(whole, file, offset) ?? null)), `${path.relative('.', file)} at ${offset}`);
          if (a) found++;
        }
      }
    }
    assert.ok(found > 500, `positions with something there: ${found}`);
  });

  it('the peers answering on a port that a hover lists, and how many, equal a scan of every service', () => {
    // Every network declared (read from the networks' members), and one left undeclared (read from attachments).
    const declared = manyServices(120);
    const oneUndeclared = declared.replace('  n4: {}\n', '');
    assert.notEqual(oneUndeclared, declared);
    let compared = 0;
    for (const text of [declared, oneUndeclared]) {
      const { model } = analyse(load({ 'compose.yaml': text }));
      for (const from of ['s0', 's1', 's3', 's4', 's7', 's9', 'missing']) {
        for (const port of [5432, 80, 9999]) {
          const expected = peersOnPortScan(model, from, port);
          const got = peersOnPort(model, from, port, 8);
          assert.deepEqual(got, { listed: expected.slice(0, 8), total: expected.length }, `${from}:${port}`);
          if (expected.length > 8) compared++;
        }
      }
    }
    assert.ok(compared >= 8, `lists longer than shown: ${compared}`);
  });

  it('service names completed from the names kept in order equal a sort of every candidate, and follow a rename', () => {
    const count = 300;
    const needle = 'depends_on:\n      - s10\n      - ';
    const text = manyServices(count);
    const analysis = analyse(load({ 'compose.yaml': text }));
    for (const typed of ['', 's', 's1', 's29', '9', 'x', 'S2']) {
      assert.deepEqual(labelsAt(analysis, text, needle, typed), serviceNamesScan(analysis, 's0', ['s10'], typed), `typed ${JSON.stringify(typed)}`);
    }
    assert.equal(labelsAt(analysis, text, needle, '').length, MAX_COMPLETION_ITEMS);
    assert.ok(!labelsAt(analysis, text, needle, '').includes('s10'), 'a service already listed is left out');
    // The next analysis renames one service, the count unchanged: the names kept from the last model must not answer.
    const renamedText = manyServices(count, ['s5', 'zz5']);
    const renamed = analyse(load({ 'compose.yaml': renamedText }));
    assert.deepEqual(labelsAt(renamed, renamedText, needle, 'zz'), ['zz5']);
    assert.ok(!labelsAt(renamed, renamedText, needle, 's5').includes('s5'), 'the old name is gone');
    for (const typed of ['', 's5', 'z']) assert.deepEqual(labelsAt(renamed, renamedText, needle, typed), serviceNamesScan(renamed, 's0', ['s10'], typed), `after the rename, typed ${JSON.stringify(typed)}`);
    // And back: the first model still answers with its own names.
    assert.deepEqual(labelsAt(analysis, text, needle, 's5'), serviceNamesScan(analysis, 's0', ['s10'], 's5'));
  });

  it('diagnostics of another file are sent again only when they changed; the checked file always', () => {
    const published = new PublishedDiagnostics();
    const d = (message: string): Diagnostic => ({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message });
    const plan = (base: Diagnostic[], override: Diagnostic[]) => published.plan('file:///p/compose.yaml', new Map([['file:///p/compose.yaml', base], ['file:///p/compose.override.yaml', override]])).map(([uri, list]) => `${uri.split('/').pop()}:${list.length}`);
    assert.deepEqual(plan([d('a')], [d('b')]), ['compose.yaml:1', 'compose.override.yaml:1'], 'first check: both');
    assert.deepEqual(plan([d('a')], [d('b')]), ['compose.yaml:1'], 'nothing changed in the override: the checked file only');
    assert.deepEqual(plan([], [d('c')]), ['compose.yaml:0', 'compose.override.yaml:1'], 'the override changed');
    assert.deepEqual(plan([], []), ['compose.yaml:0', 'compose.override.yaml:0'], 'the override became clean: cleared');
    assert.deepEqual(plan([], []), ['compose.yaml:0'], 'still clean: not sent again');
  });
});
