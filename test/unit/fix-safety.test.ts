// Fixes never damage a file: every fix offered on the rule fixtures, the example, the corpus and
// files shaped as a hostile repository would shape them leaves valid YAML, changes only the lines it
// names, keeps every comment, the file's byte order mark, line endings and documents, makes its
// finding go away with no new one, and changes no other service than those its finding or its title
// names. Applying all preferred fixes ("fix all") twice changes nothing the second time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments, visit, type parseDocument } from 'yaml';
import { isMap, toPlain } from '../../server/src/compose/nodes';
import { loadProject } from '../../server/src/compose/project';
import { analyse, type Analysis } from '../../server/src/analysis';
import type { Finding, Fix, TextEdit } from '../../server/src/rules/types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from '../../server/src/features/codeActions';
import { applyEdits, check, removeProjects, writeProject } from '../helpers/project';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Files as a cloned repository may hold them, each with a finding whose fix once damaged the file or
 * another service: written to a temporary folder when the test starts.
 */
const SHAPES: Record<string, Record<string, string>> = {
  'a second YAML document': { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    networks: [front]\n---\nnot: compose\n' },
  'a document end marker': { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    networks: [front]\n...\n# after the end\n' },
  'a byte order mark': { 'compose.yaml': '\ufeffservices:\n  web:\n    image: nginx\n    networks: [front]\n' },
  'CRLF line ends': { 'compose.yaml': 'services:\r\n  web:\r\n    image: nginx\r\n    networks:\r\n      - front\r\n  api:\r\n    image: node\r\n    network_mode: bridge\r\n    environment:\r\n      PEER: http://web:80\r\n' },
  'a CRLF file without a final line break': { 'compose.yaml': 'services:\r\n  web:\r\n    image: nginx\r\n    networks: [front]' },
  'a network list shared through an anchor': {
    'compose.yaml': [
      'services:',
      '  worker:',
      '    image: busybox',
      '    networks: &front-only',
      '      - front',
      '  web:',
      '    image: busybox',
      '    command: wget http://api:8080/',
      '    networks: *front-only',
      '  api:',
      '    image: node',
      '    expose: ["8080"]',
      '    networks: [back]',
      'networks:',
      '  front: {}',
      '  back: {}',
      '',
    ].join('\n'),
  },
  'an environment shared through an anchor': {
    // `migrate` listens on 5432 itself, so only `api` has a finding; its fix edits what `migrate` reads too.
    'compose.yaml': [
      'services:',
      '  api:',
      '    image: node',
      '    environment: &env',
      '      DATABASE_URL: postgres://localhost:5432/app',
      '  db:',
      '    image: postgres',
      '  migrate:',
      '    image: postgres',
      '    environment: *env',
      '',
    ].join('\n'),
  },
  'ports shared through an anchor': {
    'compose.yaml': [
      'services:',
      '  web:',
      '    image: nginx',
      '    network_mode: host',
      '    ports: &web-ports',
      '      - "80:80"',
      '  proxy:',
      '    image: nginx',
      '    ports: *web-ports',
      '',
    ].join('\n'),
  },
  'a localhost peer on another network': {
    'compose.yaml': [
      'services:',
      '  api:',
      '    image: node',
      '    environment:',
      '      DATABASE_URL: postgres://localhost:5432/app',
      '    networks: [front]',
      '  db:',
      '    image: postgres',
      '    networks: [back]',
      'networks:',
      '  front: {}',
      '  back: {}',
      '',
    ].join('\n'),
  },
};

/** A fixture's files with every line ended by CRLF, as a checkout on Windows holds them. */
function withCrlf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else out[rel] = fs.readFileSync(path.join(dir, rel), 'utf8').replace(/\r?\n/g, '\r\n');
    }
  };
  walk('');
  return out;
}

function projectDirs(): string[] {
  const dirs: string[] = [path.join(ROOT, 'examples')];
  for (const [name, files] of Object.entries(SHAPES)) dirs.push(writeProject(files, name.replace(/\W+/g, '-')));
  for (const rule of fs.readdirSync(path.join(ROOT, 'test/fixtures/rules'))) {
    const fires = path.join(ROOT, 'test/fixtures/rules', rule, 'fires');
    if (fs.existsSync(fires)) dirs.push(writeProject(withCrlf(fires), `${rule}-crlf`));
  }
  const fixtures = path.join(ROOT, 'test/fixtures/rules');
  for (const rule of fs.readdirSync(fixtures)) for (const c of fs.readdirSync(path.join(fixtures, rule))) dirs.push(path.join(fixtures, rule, c));
  const corpus = path.resolve(ROOT, '../shared/corpus/awesome-compose');
  assert.ok(fs.existsSync(corpus), `the corpus is missing at ${corpus}`);
  for (const d of fs.readdirSync(corpus)) if (fs.statSync(path.join(corpus, d)).isDirectory()) dirs.push(path.join(corpus, d));
  return dirs;
}

function analyseWith(dir: string, overlay: Map<string, string>): Analysis {
  return analyse(
    loadProject({
      dir,
      env: {},
      readFile: (f) => {
        if (overlay.has(f)) return overlay.get(f);
        try {
          return fs.readFileSync(f, 'utf8');
        } catch {
          return undefined;
        }
      },
    }),
  );
}

function edited(analysis: Analysis, edits: TextEdit[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of new Set(edits.map((e) => e.loc.file))) {
    const source = analysis.project.sources.get(file);
    assert.ok(source, `fix edits a file the project did not read: ${file}`);
    out.set(file, applyEdits(source.text, file, edits));
  }
  return out;
}

/** Lines outside the edits' own lines must be identical before and after (by content, in order). */
function assertOnlyNamedLinesChanged(before: string, after: string, edits: TextEdit[], file: string): void {
  const source = before.split('\n');
  const touched = new Set<number>();
  for (const e of edits.filter((x) => x.loc.file === file)) {
    const first = before.slice(0, e.loc.start).split('\n').length - 1;
    const last = before.slice(0, e.loc.end).split('\n').length - 1;
    for (let l = first; l <= last; l++) touched.add(l);
  }
  const kept = source.filter((_, i) => !touched.has(i));
  const afterLines = after.split('\n');
  let j = 0;
  for (const line of kept) {
    while (j < afterLines.length && afterLines[j] !== line) j++;
    assert.ok(j < afterLines.length, `line "${line}" of ${path.basename(file)} was changed or lost by the fix`);
    j++;
  }
}

const key = (f: Finding) => `${f.rule}|${f.service}|${f.message}`;

/** Line breaks of each kind: a fix writes the file's own. */
const lineBreaks = (text: string) => ({ crlf: (text.match(/\r\n/g) ?? []).length, lf: (text.match(/(^|[^\r])\n/g) ?? []).length });

/** The file's byte order mark, its documents and its line endings are as they were. */
function assertFileKept(original: string, text: string, title: string, file: string): void {
  const name = path.basename(file);
  assert.equal(text.startsWith('\ufeff'), original.startsWith('\ufeff'), `"${title}" changed the byte order mark of ${name}`);
  assert.equal(text.split('\ufeff').length, original.split('\ufeff').length, `"${title}" moved the byte order mark of ${name}`);
  const docs = parseAllDocuments(text);
  const originalDocs = parseAllDocuments(original);
  assert.ok(Array.isArray(docs) && Array.isArray(originalDocs));
  for (const doc of docs) assert.deepEqual(doc.errors.map((e) => e.message), [], `"${title}" leaves invalid YAML in ${name}:\n${text}`);
  assert.equal(docs.length, originalDocs.length, `"${title}" changed the number of YAML documents in ${name}:\n${text}`);
  for (let i = 1; i < docs.length; i++) assert.deepEqual(docs[i].toJS(), originalDocs[i].toJS(), `"${title}" changed YAML document ${i + 1} of ${name}:\n${text}`);
  // Whatever follows the first document (the next one, or an end marker and what comes after it) is left as it was.
  const endMarker = /^\.\.\.[ \t\r]*$/m.exec(original);
  const rest = Math.min(originalDocs[1]?.range[0] ?? original.length, endMarker?.index ?? original.length);
  assert.ok(text.endsWith(original.slice(rest)), `"${title}" wrote after the first document of ${name}:\n${text}`);
  const before = lineBreaks(original);
  const after = lineBreaks(text);
  if (before.lf === 0 && before.crlf > 0) assert.equal(after.lf, 0, `"${title}" wrote an LF-only line into the CRLF file ${name}:\n${JSON.stringify(text)}`);
  if (before.crlf === 0) assert.equal(after.crlf, 0, `"${title}" wrote a CRLF line into the LF file ${name}`);
}

/** Findings by rule, service and the text they cover (a fix shifts positions and may reword the rest). */
function tally(a: Analysis): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of a.findings) {
    const k = `${f.rule}|${f.service}|${path.basename(f.loc.file)}|${a.project.sources.get(f.loc.file)?.slice(f.loc)}`;
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/** The spans of anchored nodes that some alias names, as the YAML parser reads the text. */
function aliasedAnchors(text: string): Array<[number, number]> {
  const anchored = new Map<string, [number, number]>();
  const aliased = new Set<string>();
  for (const doc of parseAllDocuments(text) as Array<ReturnType<typeof parseDocument>>) {
    visit(doc, {
      Node(_, node) {
        if (node.anchor && node.range) anchored.set(node.anchor, [node.range[0], node.range[1]]);
      },
      Alias(_, node) {
        aliased.add(node.source);
      },
    });
  }
  return [...anchored].filter(([name]) => aliased.has(name)).map(([, span]) => span);
}

/** Whether an edit lies in the text of the service's own entry (under `services:` of a file), outside anchors that aliases share. */
function editsOwnText(a: Analysis, service: string, edits: TextEdit[]): boolean {
  return edits.some((e) => {
    const root = a.project.fileTrees.get(e.loc.file);
    const services = isMap(root) ? root.pairs.get('services')?.value : undefined;
    const own = isMap(services) ? services.pairs.get(service) : undefined;
    if (own === undefined || own.keyLoc.file !== e.loc.file || e.loc.start < own.keyLoc.start || e.loc.end > Math.max(own.value.loc.end, own.keyLoc.end)) return false;
    const shared = aliasedAnchors(a.project.sources.get(e.loc.file)!.text);
    return !shared.some(([start, end]) => e.loc.start <= end && e.loc.end >= start);
  });
}

/** Every service as loaded, without locations: what a fix may change only for the services it names. */
function servicesOf(a: Analysis): Map<string, string> {
  return new Map([...a.project.services].map(([name, def]) => [name, JSON.stringify(toPlain(def.node))]));
}

describe('fixes never damage a file', () => {
  let offered = 0;

  for (const dir of projectDirs()) {
    const name = path.relative(path.resolve(ROOT, '..'), dir);
    it(`every fix in ${name} is safe`, () => {
      const before = analyseWith(dir, new Map());
      for (const finding of before.findings) {
        for (const fix of finding.fixes) {
          offered++;
          const files = edited(before, fix.edits);
          for (const [file, text] of files) {
            const original = before.project.sources.get(file)!.text;
            assertFileKept(original, text, fix.title, file);
            assertOnlyNamedLinesChanged(original, text, fix.edits, file);
            const comments = original.split('\n').filter((l) => l.trim().startsWith('#'));
            for (const c of comments) assert.ok(text.includes(c.trim()), `"${fix.title}" lost the comment ${c.trim()}`);
          }
          const after = analyseWith(dir, files);
          const count = (a: Analysis) => a.findings.filter((f) => key(f) === key(finding)).length;
          assert.ok(count(after) < count(before), `"${fix.title}" did not remove: ${finding.message}`);
          const gained = [...tally(after)].filter(([k, n]) => n > (tally(before).get(k) ?? 0)).map(([k]) => k);
          assert.deepEqual(gained, [], `"${fix.title}" brings new findings`);
          // A service changed with no edit in its own text was changed through something shared (an anchor):
          // only the services the finding concerns, or the title names, may be.
          const named = new Set([...(finding.services ?? []), finding.service, ...[...fix.title.matchAll(/`([^`]+)`/g)].map((m) => m[1])]);
          const servicesAfter = servicesOf(after);
          for (const [service, definition] of servicesOf(before)) {
            if (named.has(service) || editsOwnText(before, service, fix.edits)) continue;
            assert.equal(servicesAfter.get(service), definition, `"${fix.title}" (for ${finding.service}) silently changes service ${service}`);
          }
        }
      }
    });
  }

  for (const dir of [path.join(ROOT, 'examples'), ...fs.readdirSync(path.join(ROOT, 'test/fixtures/rules')).map((r) => path.join(ROOT, 'test/fixtures/rules', r, 'fires'))]) {
    if (!fs.existsSync(dir)) continue;
    it(`fix all twice on ${path.relative(ROOT, dir)} changes nothing the second time`, () => {
      const applyAll = (overlay: Map<string, string>): Map<string, string> => {
        const a = analyseWith(dir, overlay);
        const chosen: TextEdit[] = [];
        const overlaps = (e: TextEdit) => chosen.some((c) => c.loc.file === e.loc.file && c.loc.start < e.loc.end && e.loc.start < c.loc.end);
        for (const f of a.findings) {
          const fix: Fix | undefined = f.fixes.find((x) => x.preferred);
          if (fix && !fix.edits.some(overlaps)) chosen.push(...fix.edits);
        }
        const next = new Map(overlay);
        for (const [file, text] of edited(a, chosen)) next.set(file, text);
        return next;
      };
      const once = applyAll(new Map());
      const twice = applyAll(once);
      assert.deepEqual([...twice.entries()], [...once.entries()]);
    });
  }

  it('a fix inside a shared anchor names the other services it changes and is not the preferred one', () => {
    const a = check(SHAPES['a network list shared through an anchor']);
    const fixes = a.findings.filter((f) => f.rule === 'no-shared-network').flatMap((f) => f.fixes);
    assert.deepEqual(fixes.map((f) => [f.title, f.preferred]), [['Add network `back` to `web` — also changes `worker` (shared anchor `&front-only`)', false]]);
    const ports = check(SHAPES['ports shared through an anchor']);
    assert.deepEqual(ports.findings.filter((f) => f.rule === 'host-mode-ports').flatMap((f) => f.fixes), [], 'removing the anchor would leave its alias dangling');
  });

  it('the disable comment keeps a CRLF file\'s line ends, and on the first line goes after a byte order mark', () => {
    for (const text of ['services:\r\n  web:\r\n    image: nginx\r\n    networks: [front]\r\n', '\ufeffservices: { web: { image: nginx, networks: [front] } }\n']) {
      const a = check({ 'compose.yaml': text });
      const file = [...a.project.sources.all()][0].path;
      const finding = a.findings.find((f) => f.rule === 'undefined-network');
      assert.ok(finding, a.findings.map((f) => f.rule).join(','));
      const range = a.project.sources.rangeOf(finding.loc);
      const disable = codeActions(a, file, range).find((c) => c.title.startsWith('Disable'));
      assert.ok(disable?.edit?.changes);
      // The editor holds the text without its byte order mark, and saves the mark back.
      const bom = text.startsWith('\ufeff') ? '\ufeff' : '';
      const doc = TextDocument.create('file:///compose.yaml', 'yaml', 1, text.slice(bom.length));
      const edited = bom + TextDocument.applyEdits(doc, Object.values(disable.edit.changes)[0]);
      assertFileKept(text, edited, disable.title, file);
      assert.deepEqual(check({ 'compose.yaml': edited }).findings.filter((f) => f.rule === 'undefined-network'), [], edited);
    }
  });

  after(() => {
    removeProjects();
    assert.ok(offered > 0, 'no fix was offered anywhere: the test would prove nothing');
  });
});
