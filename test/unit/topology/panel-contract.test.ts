// The panel's contract without VS Code: the manifest contributions, activation not loading the
// page bundle, and the validation of every message between page and extension.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pageCsp, pageHtml } from '../../../client/src/panel/pageHtml';
import { parseFromPage, parseToPage } from '../../../client/src/webview/messages';

const ROOT = path.resolve(__dirname, '../../../..');
const loc = { file: '/p/compose.yaml', range: { start: { line: 3, character: 2 }, end: { line: 3, character: 5 } } };

describe('topology panel contract', () => {
  it('contributes the command on Compose files and activates on it', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const cmd = pkg.contributes.commands.find((c: { command: string }) => c.command === 'netlens.showTopology');
    assert.equal(`${cmd.category}: ${cmd.title}`, 'Compose: Show Network Topology');
    for (const menu of ['editor/title', 'editor/context']) {
      assert.ok(pkg.contributes.menus[menu].some((m: { command: string; when: string }) => m.command === 'netlens.showTopology' && m.when === 'editorLangId == dockercompose'), menu);
    }
    assert.ok(pkg.activationEvents.includes('onCommand:netlens.showTopology'));
    assert.ok(pkg.activationEvents.includes('onWebviewPanel:netlens.topology'));
  });

  it('the extension bundle does not contain the page (cytoscape is only in client/out/webview.js)', () => {
    const ext = fs.readFileSync(path.join(ROOT, 'client/out/extension.js'), 'utf8');
    const page = fs.readFileSync(path.join(ROOT, 'client/out/webview.js'), 'utf8');
    assert.ok(!/cytoscape|org\.eclipse\.elk/i.test(ext));
    assert.ok(/org\.eclipse\.elk/.test(page), 'the page holds ELK (its worker)');
  });

  it('messages from the page are validated: only well-formed ones pass', () => {
    assert.deepEqual(parseFromPage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromPage({ type: 'reveal', loc, extra: '<img>' }), { type: 'reveal', loc });
    for (const bad of [null, 'reveal', { type: 'reveal' }, { type: 'reveal', loc: { ...loc, file: '' } }, { type: 'reveal', loc: { file: 'x', range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } } } }, { type: 'exported', format: 'gif', data: '' }, { type: 'state', state: { zoom: 0, pan: { x: 0, y: 0 }, selected: [] } }, { type: 'run', command: 'rm' }]) {
      assert.equal(parseFromPage(bad), undefined, JSON.stringify(bad));
    }
    assert.deepEqual(parseFromPage({ type: 'exported', format: 'svg', data: '<svg/>' }), { type: 'exported', format: 'svg', data: '<svg/>' });
    // The opened groups of a large project's collapsed view are part of the saved state: names only.
    const state = { zoom: 1, pan: { x: 0, y: 0 }, selected: [], expanded: ['net:back'] };
    assert.deepEqual(parseFromPage({ type: 'state', state }), { type: 'state', state });
    assert.equal(parseFromPage({ type: 'state', state: { ...state, expanded: [3] } }), undefined);
    assert.equal(parseFromPage({ type: 'state', state: { ...state, expanded: 'net:back' } }), undefined);
  });

  it('messages to the page are validated too', () => {
    const document = { version: 1, source: 'file', project: 'p', networks: [], services: [], references: [], findings: [] };
    assert.deepEqual(parseToPage({ type: 'topology', document }), { type: 'topology', document });
    assert.equal(parseToPage({ type: 'topology', document: { ...document, version: 2 } }), undefined);
    assert.equal(parseToPage({ type: 'topology', document: { ...document, services: [{ name: 'a' }] } }), undefined, 'a service without networks and ports');
    assert.deepEqual(parseToPage({ type: 'highlight', file: '/p/compose.yaml', line: 4 }), { type: 'highlight', file: '/p/compose.yaml', line: 4 });
    assert.equal(parseToPage({ type: 'highlight', file: '/p', line: 1.5 }), undefined);
  });

  it('the matrix, pair and probe-all messages are validated both ways; the panel state holds names and flags only', () => {
    assert.deepEqual(parseFromPage({ type: 'reach-matrix', extra: 1 }), { type: 'reach-matrix' });
    assert.deepEqual(parseFromPage({ type: 'reach-pair', from: 'api', to: 'db' }), { type: 'reach-pair', from: 'api', to: 'db' });
    assert.equal(parseFromPage({ type: 'reach-pair', from: 'api' }), undefined);
    assert.deepEqual(parseFromPage({ type: 'probe-all', command: 'rm -rf' }), { type: 'probe-all' });
    assert.deepEqual(parseFromPage({ type: 'probe-all-cancel' }), { type: 'probe-all-cancel' });
    const state = { zoom: 1, pan: { x: 0, y: 0 }, selected: [], panel: { mode: 'matrix', focus: 'api', hideDefault: true, onlyFindings: false, network: 'shop_backend', search: 'db' } };
    assert.deepEqual(parseFromPage({ type: 'state', state }), { type: 'state', state });
    for (const panel of [{ mode: 'table' }, { focus: 3 }, { hideDefault: 'yes' }, { search: 'x'.repeat(5000) }, ['matrix']]) {
      assert.equal(parseFromPage({ type: 'state', state: { ...state, panel } }), undefined, JSON.stringify(panel));
    }
    const matrix = { project: 'p', sources: ['a', 'b', '(host)'], targets: ['a', 'b'], kinds: [{ reachable: true, code: 'dns' }], cells: [[-1, 0], [0, -1], [0, 0]], leftOut: 0 };
    assert.deepEqual(parseToPage({ type: 'reach-matrix', matrix }), { type: 'reach-matrix', matrix });
    assert.deepEqual(parseToPage({ type: 'reach-matrix', error: 'no' }), { type: 'reach-matrix', error: 'no' });
    for (const bad of [{ ...matrix, cells: [[0, 1], [0, -1], [0, 0]] }, { ...matrix, cells: [[0]] }, { ...matrix, kinds: [{ reachable: 'yes', code: 'dns' }] }, { ...matrix, sources: [1] }]) {
      assert.equal(parseToPage({ type: 'reach-matrix', matrix: bad }), undefined, JSON.stringify(bad));
    }
    const pair = { from: 'api', to: 'db', reachable: true, via: 'dns', names: ['db'], network: 'backend', ports: [5432], why: null, detail: '`api` reaches `db`' };
    assert.deepEqual(parseToPage({ type: 'reach-pair', from: 'api', to: 'db', pair }), { type: 'reach-pair', from: 'api', to: 'db', pair });
    assert.equal(parseToPage({ type: 'reach-pair', from: 'api', to: 'db', pair: { ...pair, ports: ['5432'] } }), undefined);
    const outcome = { from: 'api', to: 'db', host: 'db', port: 5432, expected: 'works', observed: 'works', verdict: 'agrees', because: 'b', seen: 's' };
    assert.deepEqual(parseToPage({ type: 'probe-all-progress', done: 1, total: 2, outcome }), { type: 'probe-all-progress', done: 1, total: 2, outcome });
    assert.equal(parseToPage({ type: 'probe-all-progress', done: 1, total: 2, outcome: { ...outcome, verdict: 'maybe' } }), undefined);
    assert.equal(parseToPage({ type: 'probe-all-progress', done: -1, total: 2 }), undefined);
    assert.deepEqual(parseToPage({ type: 'probe-all-done', ok: true, summary: 'Probes: 1 run', cancelled: false }), { type: 'probe-all-done', ok: true, summary: 'Probes: 1 run', cancelled: false });
    assert.equal(parseToPage({ type: 'probe-all-done', ok: true, summary: 'x' }), undefined);
  });

  it('the panel page loads only its own script and style, by nonce, under default-src none', () => {
    const parts = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/client/out/webview.js', styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/client/out/webview.css', nonce: 'abc123' };
    assert.equal(pageCsp(parts), "default-src 'none'; img-src https://file+.vscode-resource.vscode-cdn.net data:; style-src 'nonce-abc123'; script-src 'nonce-abc123'; worker-src blob:; font-src 'none'; connect-src 'none'");
    const html = pageHtml(parts);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<script nonce="abc123" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/client\/out\/webview\.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" nonce="abc123" href="[^"]+\/client\/out\/webview\.css">/);
    assert.doesNotMatch(html, /\sstyle=|<style|\son[a-z]+=/i);
  });
});
