// Diagnostics taken over from the last conversion of a project's findings (`DiagnosticReuse`): only when
// everything a diagnostic says is what the new finding gives. Each field is changed alone here, and the
// conversion must equal a fresh one; a finding that reads as before, moved in offsets only, keeps its object.
import * as assert from 'node:assert/strict';
import type { Analysis } from '../../server/src/analysis';
import type { ComposeProject } from '../../server/src/compose/project';
import { SourceFile, SourceSet } from '../../server/src/compose/source';
import { DiagnosticReuse, diagnosticCounters, toDiagnostic } from '../../server/src/features/diagnostics';
import type { NetworkModel } from '../../server/src/network/types';
import type { Finding } from '../../server/src/rules/types';

const FILE = '/project/compose.yaml';
const OTHER = '/project/compose.override.yaml';
const THIRD = '/project/compose.extra.yaml';
const TEXT = 'services:\n  web:\n    environment:\n      A: http://apii:8080\n      B: x\n';
const OTHER_TEXT = 'services:\n  apii: {}\n';

function analysisOf(text: string, findings: Finding[]): Analysis {
  const sources = new SourceSet();
  sources.add(new SourceFile(FILE, text));
  sources.add(new SourceFile(OTHER, OTHER_TEXT));
  sources.add(new SourceFile(THIRD, OTHER_TEXT));
  return { project: { sources } as unknown as ComposeProject, model: {} as NetworkModel, findings };
}

const hostAt = TEXT.indexOf('apii');
const base: Finding = {
  rule: 'unknown-host',
  severity: 'warning',
  message: 'web reaches apii',
  loc: { file: FILE, start: hostAt, end: hostAt + 4 },
  service: 'web',
  related: [{ loc: { file: OTHER, start: 12, end: 16 }, message: 'a near name' }],
  fixes: [],
  tags: ['unnecessary'],
};

/** The same finding with one thing changed: each must give a new diagnostic. */
const variants: Array<[string, Finding]> = [
  ['rule', { ...base, rule: 'localhost-peer' }],
  ['severity', { ...base, severity: 'error' }],
  ['message', { ...base, message: 'web reaches apiii' }],
  ['start, same line', { ...base, loc: { ...base.loc, start: base.loc.start + 1 } }],
  ['end', { ...base, loc: { ...base.loc, end: base.loc.end + 1 } }],
  ['start line', { ...base, loc: { ...base.loc, start: TEXT.indexOf('x\n'), end: TEXT.indexOf('x\n') + 4 } }],
  ['tags, left out', { ...base, tags: undefined }],
  ['tags, another', { ...base, tags: ['deprecated'] }],
  ['related locations, none', { ...base, related: [] }],
  ['related message', { ...base, related: [{ ...base.related[0], message: 'another' }] }],
  ['related range', { ...base, related: [{ ...base.related[0], loc: { ...base.related[0].loc, end: 15 } }] }],
  ['related file', { ...base, related: [{ ...base.related[0], loc: { ...base.related[0].loc, file: THIRD } }] }],
];

describe('diagnostics taken over from the last conversion', () => {
  for (const [what, variant] of variants) {
    it(`a finding whose ${what} changed gets a new diagnostic`, () => {
      const reuse = new DiagnosticReuse();
      const first = reuse.convert(analysisOf(TEXT, [base])).get('file:///project/compose.yaml');
      assert.equal(first?.length, 1);
      const next = analysisOf(TEXT, [variant]);
      const converted = reuse.convert(next).get('file:///project/compose.yaml');
      assert.deepEqual(converted, [toDiagnostic(next, variant)]);
      assert.notEqual(converted?.[0], first?.[0]);
    });
  }

  it('a finding that reads as before, at the same line and columns after an edit elsewhere, keeps its diagnostic', () => {
    const reuse = new DiagnosticReuse();
    const first = reuse.convert(analysisOf(TEXT, [base])).get('file:///project/compose.yaml')?.[0];
    // Two characters typed on an earlier line: offsets move, lines and columns do not.
    const text = TEXT.replace('web:', 'webxx:');
    const moved: Finding = { ...base, loc: { file: FILE, start: base.loc.start + 2, end: base.loc.end + 2 } };
    const kept = diagnosticCounters.kept;
    const next = analysisOf(text, [moved]);
    const converted = reuse.convert(next).get('file:///project/compose.yaml');
    assert.equal(converted?.[0], first, 'the same object');
    assert.deepEqual(converted, [toDiagnostic(next, moved)]);
    assert.equal(diagnosticCounters.kept - kept, 1);
    // A line added above: the same finding starts a line lower, a new diagnostic.
    const lower = analysisOf(`# a comment\n${TEXT}`, [{ ...base, loc: { file: FILE, start: base.loc.start + 12, end: base.loc.end + 12 } }]);
    const again = reuse.convert(lower).get('file:///project/compose.yaml');
    assert.notEqual(again?.[0], first);
    assert.deepEqual(again, [toDiagnostic(lower, lower.findings[0])]);
  });

  it('every file of the project has its list, empty when clean, and findings keep their order', () => {
    const reuse = new DiagnosticReuse();
    const second: Finding = { ...base, message: 'second', loc: { ...base.loc } };
    const analysis = analysisOf(TEXT, [base, second]);
    const out = reuse.convert(analysis);
    assert.deepEqual([...out.keys()].sort(), ['file:///project/compose.extra.yaml', 'file:///project/compose.override.yaml', 'file:///project/compose.yaml']);
    assert.deepEqual(out.get('file:///project/compose.override.yaml'), []);
    assert.deepEqual(
      out.get('file:///project/compose.yaml')?.map((d) => d.message),
      ['web reaches apii', 'second'],
    );
    // Two findings at one place: each keeps its own diagnostic.
    const again = reuse.convert(analysisOf(TEXT, [second, base])).get('file:///project/compose.yaml');
    assert.deepEqual(
      again?.map((d) => d.message),
      ['second', 'web reaches apii'],
    );
  });
});
