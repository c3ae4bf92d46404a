// Incremental work in the language server's project cache: an edit to one file of a project
// re-parses that file only, and the project's other files are not read from disk again.
import * as assert from 'node:assert/strict';
import fs = require('node:fs');
import * as os from 'node:os';
import * as path from 'node:path';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS, pathToUri, ProjectCache } from '../../server/src/lsp/projects';

const BASE = 'services:\n  web:\n    image: nginx\n    environment:\n      API_URL: http://api:8080\n  api:\n    image: node:20\n';
const OVERRIDE = 'services:\n  web:\n    environment:\n      LOG_LEVEL: debug\n';

describe('project cache: incremental work', () => {
  let dir: string;
  let open: Map<string, string>;
  let cache: ProjectCache;
  let base: string;
  let override: string;
  const reads: string[] = [];
  const realRead = fs.readFileSync;

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
    (fs as { readFileSync: unknown }).readFileSync = (file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
      reads.push(String(file));
      return (realRead as (...a: unknown[]) => unknown)(file, ...rest);
    };
  });

  afterEach(() => {
    (fs as { readFileSync: unknown }).readFileSync = realRead;
    fs.rmSync(dir, { recursive: true, force: true });
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
    const second = cache.analysisFor(base, DEFAULT_SETTINGS);
    assert.notEqual(second, first, 'a new analysis after the edit');
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
