// Fixes never damage a file: every fix offered on the rule fixtures, the example and the corpus
// leaves valid YAML, changes only the lines it names, keeps every comment, and makes its finding
// go away. Applying all preferred fixes ("fix all") twice changes nothing the second time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { loadProject } from '../../server/src/compose/project';
import { analyse, type Analysis } from '../../server/src/rules/engine';
import type { Finding, Fix, TextEdit } from '../../server/src/rules/types';
import { applyEdits } from '../helpers/project';

const ROOT = path.resolve(__dirname, '../../..');

function projectDirs(): string[] {
  const dirs: string[] = [path.join(ROOT, 'examples')];
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
            const doc = parseDocument(text);
            assert.deepEqual(doc.errors.map((e) => e.message), [], `"${fix.title}" leaves invalid YAML in ${path.basename(file)}:\n${text}`);
            assertOnlyNamedLinesChanged(original, text, fix.edits, file);
            const comments = original.split('\n').filter((l) => l.trim().startsWith('#'));
            for (const c of comments) assert.ok(text.includes(c.trim()), `"${fix.title}" lost the comment ${c.trim()}`);
          }
          const after = analyseWith(dir, files);
          const count = (a: Analysis) => a.findings.filter((f) => key(f) === key(finding)).length;
          assert.ok(count(after) < count(before), `"${fix.title}" did not remove: ${finding.message}`);
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

  after(() => assert.ok(offered > 0, 'no fix was offered anywhere: the test would prove nothing'));
});
