// An edit analysed incrementally (the splice of `reparse.ts`, the model's and the findings' reuse, the diagnostics
// taken over from the last conversion) publishes exactly what a fresh analysis of the edited text publishes: the
// same diagnostics, ranges, messages, related places and order. Checked on the benchmark's generated project at
// 1,000 services (edits at the top, in the middle and at the end; characters typed, lines inserted and deleted, a
// service removed, the structure broken and mended) and on small projects of the repository.
import * as assert from 'node:assert/strict';
import fs = require('node:fs');
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ProjectCache } from '../../server/src/lsp/projects';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { pathToUri } from '../../server/src/lsp/locations';
import { diagnosticCounters, diagnosticsByUri } from '../../server/src/features/diagnostics';
import { parseCounters } from '../../server/src/compose/parse';
import { modelCounters } from '../../server/src/network/model';

const ROOT = path.resolve(__dirname, '../../..');

type Edit = [what: string, edit: (text: string) => string];

/** `text` with the `nth` (0-based) occurrence of `needle` replaced by `by`; fails when there is none. */
function replaceNth(text: string, needle: string, by: string, nth = 0): string {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `the text holds ${JSON.stringify(needle)} ${nth + 1} times`);
  }
  return text.slice(0, at) + by + text.slice(at + needle.length);
}

/** The lines of a service's entry (`  name:` to the next entry), as written. */
function serviceBlock(text: string, name: string): string {
  const start = text.indexOf(`\n  ${name}:\n`) + 1;
  assert.ok(start > 0, `service ${name} is written`);
  const next = text.slice(start + 1).search(/\n {2}\S|\n\S/);
  return text.slice(start, start + 1 + next + 1);
}

/** `text` with `needle` replaced by `by` within service `name`'s entry. */
function inService(text: string, name: string, needle: string, by: string): string {
  const block = serviceBlock(text, name);
  return text.replace(block, replaceNth(block, needle, by));
}

/**
 * Opens `file` of `dir` as an editor document, applies each edit in turn and compares the cache's diagnostics
 * after each with a fresh cache's. Returns how many diagnostics were published after the last edit.
 */
function checkEdits(dir: string, file: string, edits: Edit[]): { published: number } {
  let text = fs.readFileSync(file, 'utf8');
  const documents = { get: (uri: string) => (uri === pathToUri(file) ? { getText: () => text } : undefined) } as unknown as TextDocuments<TextDocument>;
  const cache = new ProjectCache(documents);
  const first = diagnosticsByUri(cache.analysisFor(file, DEFAULT_SETTINGS));
  assert.deepEqual([...first], [...diagnosticsByUri(new ProjectCache(documents).analysisFor(file, DEFAULT_SETTINGS))], `${dir}: opened`);
  let published = 0;
  for (const [what, edit] of edits) {
    const before = text;
    text = edit(text);
    assert.notEqual(text, before, `${what}: the edit changes the text`);
    cache.invalidate(file);
    const incremental = diagnosticsByUri(cache.analysisFor(file, DEFAULT_SETTINGS));
    const fresh = diagnosticsByUri(new ProjectCache(documents).analysisFor(file, DEFAULT_SETTINGS));
    assert.deepEqual([...incremental], [...fresh], `${path.basename(dir)}, ${what}: the same diagnostics as a fresh analysis`);
    published = [...incremental.values()].reduce((n, list) => n + list.length, 0);
  }
  return { published };
}

describe('edits analysed incrementally publish what a fresh analysis publishes', () => {
  it("the benchmark's 1,000-service project: edits at the top, in the middle and at the end", async function () {
    this.timeout(180000);
    const { generateProject } = (await import(pathToFileURL(path.join(ROOT, 'bench/generate.mjs')).href)) as { generateProject: (n: number) => Record<string, string> };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-edit-equivalence-'));
    try {
      for (const [name, content] of Object.entries(generateProject(1000))) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), content);
      }
      const file = path.join(dir, 'compose.yaml');
      const last = (text: string) => [...text.matchAll(/^ {2}((?:app|store)\d+):$/gm)].pop()?.[1] as string;
      const edits: Edit[] = [
        ['top: a character typed in a value (the benchmark\'s edit)', (t) => replaceNth(t, 'LOG_LEVEL: info', 'LOG_LEVEL: infoo')],
        ['top: a line inserted (an address through localhost)', (t) => replaceNth(t, 'LOG_LEVEL: infoo\n', 'LOG_LEVEL: infoo\n      CACHE_URL: redis://localhost:6379\n')],
        ['top: that line deleted', (t) => replaceNth(t, '      CACHE_URL: redis://localhost:6379\n', '')],
        ['top: a network line of the first service deleted', (t) => replaceNth(t, '      - net3\n', '')],
        ['top: a comment line inserted above everything', (t) => `# edited\n${t}`],
        ['middle: characters deleted from a peer address', (t) => inService(t, 'app500', 'app148', 'app14')],
        ['middle: a line inserted with a new address', (t) => inService(t, 'app500', '    environment:\n', '    environment:\n      OTHER_URL: http://store575:5432/x\n')],
        ['middle: a whole service deleted', (t) => t.replace(serviceBlock(t, 'app501'), '')],
        ['middle: an undefined network named', (t) => inService(t, 'app502', '      - net2\n', '      - net99\n')],
        ['middle: a published port changed to one taken', (t) => inService(t, 'app510', '"30510:8080"', '"30509:8080"')],
        ['middle: the structure broken (a line without its key)', (t) => inService(t, 'app520', '    ports:\n', '    ports\n')],
        ['middle: the structure mended', (t) => inService(t, 'app520', '    ports\n', '    ports:\n')],
        ['end: a line appended to the last service', (t) => t.replace(serviceBlock(t, last(t)), `${serviceBlock(t, last(t))}    hostname: the-last\n`)],
        ['end: a network made an overlay', (t) => replaceNth(t, 'net24:\n    driver: bridge', 'net24:\n    driver: overlay')],
        ['end: the last two lines deleted', (t) => t.replace(/\n[^\n]*\n[^\n]*\n$/, '\n')],
        ['end: a character typed at the very end', (t) => `${t}  extra: {}\n`],
      ];
      const partial = parseCounters.partial;
      const reused = modelCounters.serviceReuses;
      const kept = diagnosticCounters.kept;
      const { published } = checkEdits(dir, file, edits);
      assert.ok(published > 100, `the project has diagnostics to compare (${published})`);
      // The incremental paths were taken, not only whole analyses.
      assert.ok(parseCounters.partial - partial >= 8, `edits spliced into the last tree (${parseCounters.partial - partial})`);
      assert.ok(modelCounters.serviceReuses - reused > 1000, `services' scans kept (${modelCounters.serviceReuses - reused})`);
      assert.ok(diagnosticCounters.kept - kept > 100, `diagnostics taken over (${diagnosticCounters.kept - kept})`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Edits at three places of a small file: a character typed at a line's end, a line inserted (a copy of that line), a line deleted. */
  function editsAround(text: string): Edit[] {
    const lines = text.split('\n');
    const content = lines.map((l, i) => [l, i] as const).filter(([l]) => l.trim() !== '' && !l.trim().startsWith('#'));
    const places: Array<[string, number]> = [
      ['top', content[Math.min(2, content.length - 1)][1]],
      ['middle', content[Math.floor(content.length / 2)][1]],
      ['end', content[content.length - 1][1]],
    ];
    const edits: Edit[] = [];
    for (const [where, line] of places) {
      edits.push([`${where}: a character typed at the end of line ${line + 1}`, (t) => t.split('\n').map((l, i) => (i === line ? `${l}x` : l)).join('\n')]);
      edits.push([`${where}: line ${line + 1} written twice`, (t) => t.split('\n').flatMap((l, i) => (i === line ? [l, l] : [l])).join('\n')]);
      edits.push([`${where}: line ${line + 1} deleted`, (t) => t.split('\n').filter((_, i) => i !== line).join('\n')]);
    }
    return edits;
  }

  const small = [
    'examples',
    'test/fixtures/rules/localhost-peer',
    'test/fixtures/rules/no-shared-network',
    'test/fixtures/rules/published-on-all-interfaces',
    'test/fixtures/rules/unknown-peer-port',
  ];
  for (const folder of small) {
    it(`small projects under ${folder}: edits at the top, in the middle and at the end`, () => {
      const files = findComposeFiles(path.join(ROOT, folder)).slice(0, 4);
      assert.ok(files.length > 0, `${folder} holds Compose files`);
      for (const original of files) {
        // A copy: the edits never touch the repository.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-edit-equivalence-small-'));
        try {
          fs.cpSync(path.dirname(original), dir, { recursive: true });
          const file = path.join(dir, path.basename(original));
          checkEdits(dir, file, editsAround(fs.readFileSync(file, 'utf8')));
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }
    });
  }
});

function findComposeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findComposeFiles(full));
    else if (/^(docker-)?compose\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out;
}
