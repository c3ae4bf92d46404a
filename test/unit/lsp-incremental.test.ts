// Incremental work in the language server's project cache: an edit to one file of a project
// re-parses that file only, the project's other files are not read from disk again, and the model
// scans again only the services the edit touched (`model-reuse.test.ts` tests that part in depth).
import * as assert from 'node:assert/strict';
import fs = require('node:fs');
import * as os from 'node:os';
import * as path from 'node:path';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ProjectCache } from '../../server/src/lsp/projects';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { pathToUri } from '../../server/src/lsp/locations';
import { diagnosticCounters, diagnosticsByUri } from '../../server/src/features/diagnostics';
import { parseCounters } from '../../server/src/compose/parse';
import { modelCounters } from '../../server/src/network/model';
import { findingCounters } from '../../server/src/findingReuse';
import { FIRST_ANALYSIS_GROWING_PERCENT, gcCounters, HEAP_GROWING_PERCENT, heapGrowth, LARGE_PROJECT_CHARS, LARGE_PUBLISH } from '../../server/src/lsp/memory';

const BASE = 'services:\n  web:\n    image: nginx\n    environment:\n      API_URL: http://api:8080\n  api:\n    image: node:20\n';
const OVERRIDE = 'services:\n  web:\n    environment:\n      LOG_LEVEL: debug\n';

describe('project cache: incremental work', () => {
  let dir: string;
  let open: Map<string, string>;
  let cache: ProjectCache;
  let base: string;
  let override: string;
  const reads: string[] = [];
  /** Files are read from disk through one function (`safeRead.ts`), which opens each: count the opens. */
  const realOpen = fs.openSync;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-incremental-'));
    base = path.join(dir, 'compose.yaml');
    override = path.join(dir, 'compose.override.yaml');
    fs.writeFileSync(base, BASE);
    fs.writeFileSync(override, OVERRIDE);
    open = new Map([[pathToUri(base), BASE]]);
    const documents = { get: (uri: string) => (open.has(uri) ? { getText: () => open.get(uri) as string } : undefined) };
    cache = new ProjectCache(documents as unknown as TextDocuments<TextDocument>);
    reads.length = 0;
    (fs as { openSync: unknown }).openSync = (file: fs.PathLike, ...rest: unknown[]) => {
      reads.push(String(file));
      return (realOpen as (...a: unknown[]) => unknown)(file, ...rest);
    };
  });

  afterEach(() => {
    (fs as { openSync: unknown }).openSync = realOpen;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the files of a project are looked for once between invalidations: requests ask the disk nothing, a change is seen', () => {
    fs.rmSync(override);
    assert.deepEqual(cache.filesFor(base, DEFAULT_SETTINGS), [base]);
    const stats: string[] = [];
    const realStat = fs.statSync;
    (fs as { statSync: unknown }).statSync = (file: fs.PathLike, ...rest: unknown[]) => {
      stats.push(String(file));
      return (realStat as (...a: unknown[]) => unknown)(file, ...rest);
    };
    try {
      fs.writeFileSync(override, OVERRIDE);
      assert.deepEqual(cache.filesFor(base, DEFAULT_SETTINGS), [base], 'asked again before any invalidation: the files found before');
      assert.deepEqual(stats, [], 'no stat');
      // The editor reports the new file (or any document opened, changed or closed): looked for again.
      cache.invalidate(override);
      assert.deepEqual(cache.filesFor(base, DEFAULT_SETTINGS), [base, override]);
      assert.deepEqual(cache.analysisFor(base, DEFAULT_SETTINGS).project.files, [base, override]);
      fs.rmSync(override);
      cache.invalidate(base);
      assert.deepEqual(cache.filesFor(base, DEFAULT_SETTINGS), [base], 'the override removed');
    } finally {
      (fs as { statSync: unknown }).statSync = realStat;
    }
  });

  it('an edit to the open file re-parses it alone and does not read the override again', () => {
    const first = cache.analysisFor(base, DEFAULT_SETTINGS);
    assert.ok(reads.includes(override), `the override is read once from disk (reads: ${reads.join(', ')})`);
    const overrideTree = first.project.fileTrees.get(override);
    const baseTree = first.project.fileTrees.get(base);
    assert.ok(overrideTree && baseTree);

    reads.length = 0;
    open.set(pathToUri(base), BASE.replace('http://api:8080', 'http://api:9090'));
    cache.invalidate(base);
    const readsBefore = modelCounters.serviceScans;
    const second = cache.analysisFor(base, DEFAULT_SETTINGS);
    assert.notEqual(second, first, 'a new analysis after the edit');
    assert.equal(modelCounters.serviceScans - readsBefore, 1, 'the model scans the edited service again, and takes api over');
    assert.ok(second.model.references.some((r) => r.host === 'api' && r.port === 9090), 'the edit is seen');
    assert.equal(reads.filter((f) => f === override).length, 0, `the override is not read again (reads: ${reads.join(', ')})`);
    assert.equal(second.project.fileTrees.get(override), overrideTree, 'the override keeps its parsed tree');
    assert.notEqual(second.project.fileTrees.get(base), baseTree, 'the edited file is parsed again');
  });

  it('a file changed on disk is read again (its stat changed)', () => {
    cache.analysisFor(base, DEFAULT_SETTINGS);
    fs.writeFileSync(override, OVERRIDE.replace('debug', 'trace') + '  api:\n    ports:\n      - "9999:8080"\n');
    cache.invalidate(override);
    reads.length = 0;
    const after = cache.analysisFor(base, DEFAULT_SETTINGS);
    assert.ok(reads.includes(override), 'the changed override is read');
    assert.ok(after.model.services.get('api')?.ports.some((p) => p.published === 9999), 'its new content is used');
  });
});

describe('project cache: edits analysed incrementally give the diagnostics of a full analysis', () => {
  /** A project in the benchmark's shape: URLs in environment (some through localhost), networks, ports, an override. */
  function project(n: number): { base: string; override: string } {
    const lines = ['name: inc', 'services:'];
    for (let i = 0; i < n; i++) {
      const store = i % 4 === 3;
      lines.push(`  ${store ? 'store' : 'app'}${i}:`);
      if (store) {
        lines.push('    image: postgres:16', '    networks:', `      net${i % 3}:`, `        aliases: [db${i}]`);
        continue;
      }
      lines.push(`    image: registry/app${i}:\${TAG:-1}`, '    environment:');
      lines.push(`      DATABASE_URL: postgres://u@${i % 5 === 0 ? 'localhost' : `store${(i | 3) % n}`}:5432/db`);
      lines.push(`      PEER_URL: http://app${(i * 7) % n}:8080/x`, '      LOG_LEVEL: info', '    ports:', `      - "${30000 + i}:8080"`);
      lines.push('    networks:', `      - net${i % 3}`, '    depends_on:', `      - store${(i | 3) % n}`);
    }
    lines.push('networks:', '  net0: {}', '  net1:', '    driver: bridge', '  net2: {}', '');
    return { base: lines.join('\n'), override: 'services:\n  app1:\n    environment:\n      LOG_LEVEL: debug\n' };
  }

  it('a large project: a collection before it is analysed again, and before many diagnostics of a first analysis are written', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-incremental-gc-'));
    try {
      let { base: text } = project(2400);
      assert.ok(text.length >= LARGE_PROJECT_CHARS, `a large project (${text.length} characters)`);
      const base = path.join(dir, 'compose.yaml');
      fs.writeFileSync(base, text);
      const documents = { get: (uri: string) => (uri === pathToUri(base) ? { getText: () => text } : undefined) };
      const cache = new ProjectCache(documents as unknown as TextDocuments<TextDocument>);
      let before = gcCounters.collections;
      const opened = cache.analysisFor(base, DEFAULT_SETTINGS);
      assert.equal(gcCounters.collections - before, 0, 'opened: nothing to collect before, nothing after the load');
      // A first analysis's garbage goes before many diagnostics are written (below), not before a thousand.
      cache.collectBeforeWrite(opened, 1001);
      assert.equal(gcCounters.collections - before, 0, 'a thousand diagnostics: no collection');
      const at = text.indexOf('LOG_LEVEL: info') + 'LOG_LEVEL: info'.length;
      text = text.slice(0, at) + 'o' + text.slice(at);
      cache.invalidate(base);
      before = gcCounters.collections;
      const partial = parseCounters.partial;
      const edited = cache.analysisFor(base, DEFAULT_SETTINGS);
      assert.equal(parseCounters.partial - partial, 1, 'the edit was spliced in');
      assert.equal(gcCounters.collections - before, 1, "edited: the last analysis's garbage collected before the load, nothing after it");
      cache.collectBeforeWrite(edited, LARGE_PUBLISH);
      assert.equal(gcCounters.collections - before, 1, "an edit's analysis: none before its diagnostics, however many");
      // A change the splice cannot take (a new top-level key) parses the file whole: a first analysis again.
      text = `x-top: 1\n${text}`;
      cache.invalidate(base);
      before = gcCounters.collections;
      const whole = cache.analysisFor(base, DEFAULT_SETTINGS);
      assert.equal(gcCounters.collections - before, 1, 'parsed whole: before the load only');
      cache.collectBeforeWrite(whole, LARGE_PUBLISH);
      assert.equal(gcCounters.collections - before, 2, 'and before its many diagnostics are written');
      // The server collects the dropped analysis's garbage while an edit's delay runs: not again at the load.
      text = text.replace('LOG_LEVEL: infoo', 'LOG_LEVEL: info');
      cache.invalidate(base);
      before = gcCounters.collections;
      assert.equal(cache.collectDropped(), true, 'a large analysis was dropped');
      assert.equal(cache.collectDropped(), false, 'once');
      cache.analysisFor(base, DEFAULT_SETTINGS);
      assert.equal(gcCounters.collections - before, 1, 'collected once, during the delay');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a project's first analysis lets the heap grow faster, then bounds it again; an edit's analysis does not", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-incremental-growth-'));
    try {
      let text = project(40).base;
      const base = path.join(dir, 'compose.yaml');
      fs.writeFileSync(base, text);
      // The open document's text is read during the analysis: the growth then is the analysis's.
      const during: number[] = [];
      const documents = { get: (uri: string) => (uri === pathToUri(base) ? { getText: () => (during.push(heapGrowth.percent), text) } : undefined) };
      const cache = new ProjectCache(documents as unknown as TextDocuments<TextDocument>);
      cache.analysisFor(base, DEFAULT_SETTINGS);
      assert.ok(during.length > 0 && !during.some((p) => p !== FIRST_ANALYSIS_GROWING_PERCENT), `first analysis: ${during.join(', ')}`);
      assert.equal(heapGrowth.percent, HEAP_GROWING_PERCENT, 'bounded again after it');
      during.length = 0;
      text = text.replace('LOG_LEVEL: info', 'LOG_LEVEL: infoo');
      cache.invalidate(base);
      cache.analysisFor(base, DEFAULT_SETTINGS);
      assert.ok(during.length > 0 && !during.some((p) => p !== HEAP_GROWING_PERCENT), `an edit's analysis: ${during.join(', ')}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('after random edits to the open file, the diagnostics equal those of a fresh analysis (fixed seed)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-incremental-random-'));
    try {
      const { base: baseText, override: overrideText } = project(24);
      const base = path.join(dir, 'compose.yaml');
      fs.writeFileSync(base, baseText);
      fs.writeFileSync(path.join(dir, 'compose.override.yaml'), overrideText);
      let text = baseText;
      const documents = { get: (uri: string) => (uri === pathToUri(base) ? { getText: () => text } : undefined) };
      const cache = new ProjectCache(documents as unknown as TextDocuments<TextDocument>);
      cache.analysisFor(base, DEFAULT_SETTINGS);
      // A seeded generator: the same edits on every run.
      let seed = 12345;
      const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      // Mostly what typing in values does, sometimes what breaks the structure.
      const pieces = ['o', '1', 'localhost', 'net1', '${A}', 'app3', 'store7', ':8080', ' ', ':', '\n', '\n      X: localhost:5432', '-', '#', '"'];
      const before = { ...parseCounters };
      const keptBefore = findingCounters.kept;
      const diagnosticsBefore = { ...diagnosticCounters };
      let clean = text;
      for (let i = 0; i < 200; i++) {
        // A third of the edits type into an environment value, where the findings may be kept (`findingReuse.ts`).
        const values = [...text.matchAll(/^      [A-Z_]+: (.*)$/gm)].map((m) => (m.index as number) + m[0].length - m[1].length);
        const at = next() < 0.3 && values.length > 0 ? values[Math.floor(next() * values.length)] + Math.floor(next() * 12) : Math.floor(next() * (text.length + 1));
        const remove = Math.floor(next() * 3);
        text = text.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + text.slice(at + remove);
        cache.invalidate(base);
        const analysis = cache.analysisFor(base, DEFAULT_SETTINGS);
        const incremental = diagnosticsByUri(analysis);
        const fresh = diagnosticsByUri(new ProjectCache(documents as unknown as TextDocuments<TextDocument>).analysisFor(base, DEFAULT_SETTINGS));
        assert.deepEqual([...incremental], [...fresh], `edit ${i} at ${at}: the same diagnostics as a fresh analysis`);
        // A broken file is mended by going back to the last one that read cleanly (an edit too).
        if (analysis.project.problems.some((p) => p.code.startsWith('yaml'))) text = clean;
        else clean = text;
      }
      assert.ok(parseCounters.partial - before.partial > 20, `some edits were parsed alone (${parseCounters.partial - before.partial})`);
      // Fresh analyses above run every rule; the cache's own kept its findings after some edits (`findingReuse.ts`).
      assert.ok(findingCounters.kept - keptBefore > 1, `some edits kept the findings (${findingCounters.kept - keptBefore})`);
      // The fresh analyses' caches had nothing to lend; the incremental one's diagnostics were mostly taken over.
      const kept = diagnosticCounters.kept - diagnosticsBefore.kept;
      assert.ok(kept > (diagnosticCounters.made - diagnosticsBefore.made) / 4, `diagnostics taken over from the last conversion (${kept})`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('after random edits to both files, services kept whole across edits (their interpolation, list forms, merge and model) give the diagnostics of a fresh analysis (fixed seed)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-incremental-kept-'));
    try {
      // What the loader and the model make locations of their own for: list-form environments (each value's span),
      // networks as lists (each key's), host-addressed and quoted ports, quoted static addresses; an override with ports.
      const { base: plain } = project(30);
      let text = plain
        .replace(/    environment:\n      DATABASE_URL: (.*)\n      PEER_URL: (.*)\n      LOG_LEVEL: info\n/g, (_m, a: string, b: string) => `    environment:\n      - DATABASE_URL=${a}\n      - "PEER_URL=${b}"\n      - LOG_LEVEL=info\n      - HOME\n`)
        .replace(/      - "(3\d+):8080"/g, (_m, port: string) => `      - "127.0.0.1:${port}:8080"\n      - target: 9000\n        published: "${Number(port) + 1000}"`)
        .replace(/        aliases: \[db(\d+)\]/g, (_m, i: string) => `        aliases: [db${i}]\n        ipv4_address: "10.9.0.${Number(i) + 2}"`);
      let over = 'services:\n  app1:\n    environment:\n      - LOG_LEVEL=debug\n    ports:\n      - "127.0.0.1:4444:8080"\n  store7:\n    networks:\n      net1:\n        ipv4_address: "10.9.1.7"\n';
      assert.ok(text.includes('- LOG_LEVEL=info') && text.includes('127.0.0.1:30002:8080') && text.includes('ipv4_address: "10.9.0.5"'), 'the shapes are in the file');
      const base = path.join(dir, 'compose.yaml');
      const overridePath = path.join(dir, 'compose.override.yaml');
      fs.writeFileSync(base, text);
      fs.writeFileSync(overridePath, over);
      const documents = { get: (uri: string) => (uri === pathToUri(base) ? { getText: () => text } : uri === pathToUri(overridePath) ? { getText: () => over } : undefined) };
      const cache = new ProjectCache(documents as unknown as TextDocuments<TextDocument>);
      cache.analysisFor(base, DEFAULT_SETTINGS);
      let seed = 777;
      const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const pieces = ['o', '1', 'localhost', 'store7', 'net1', ':', '.', '-', ' ', '"', '\n', '${TAG}', '127.0.0.1:'];
      const reusedBefore = modelCounters.serviceReuses;
      for (let i = 0; i < 150; i++) {
        const inOverride = next() < 0.2;
        const was = inOverride ? over : text;
        // Mostly near the top of the file, so that most services after the edit move.
        const at = next() < 0.7 ? Math.floor(next() * Math.min(was.length, 1500)) : Math.floor(next() * (was.length + 1));
        const edited = was.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + was.slice(at + Math.floor(next() * 3));
        if (inOverride) over = edited;
        else text = edited;
        cache.invalidate(inOverride ? overridePath : base);
        const analysis = cache.analysisFor(base, DEFAULT_SETTINGS);
        const fresh = new ProjectCache(documents as unknown as TextDocuments<TextDocument>).analysisFor(base, DEFAULT_SETTINGS);
        assert.deepEqual([...diagnosticsByUri(analysis)], [...diagnosticsByUri(fresh)], `edit ${i} at ${at} of ${inOverride ? 'the override' : 'compose.yaml'}`);
        // A broken file goes back to what it was, most of the time (as undo would), so that edits keep landing in a working project.
        if (analysis.project.problems.some((p) => p.severity === 'error') && next() < 0.7) {
          if (inOverride) over = was;
          else text = was;
          cache.invalidate(inOverride ? overridePath : base);
          cache.analysisFor(base, DEFAULT_SETTINGS);
        }
      }
      assert.ok(modelCounters.serviceReuses - reusedBefore > 1000, `services were kept across edits (${modelCounters.serviceReuses - reusedBefore})`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
