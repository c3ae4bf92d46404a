// What the server computes once instead of per item: who reaches a service (code lenses, hover)
// equals a scan of every reference; what is at a position, read from the entry around it, equals
// the whole project's index; diagnostics of a file not checked are sent again only when changed.
import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import * as path from 'node:path';
import { loadProject } from '../../server/src/compose/project';
import { reachedBy } from '../../server/src/features/describe';
import { nameAt, projectIndex, spanAt } from '../../server/src/lsp/projectIndex';
import { PublishedDiagnostics } from '../../server/src/lsp/published';
import { isConnection, type NetworkModel } from '../../server/src/network/types';
import { analyse } from '../../server/src/analysis';
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
