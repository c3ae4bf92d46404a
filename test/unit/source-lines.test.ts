// Positions agree with the editor's document: a line ends at `\r\n`, `\r` or `\n` as
// vscode-languageserver-textdocument counts them, and a byte order mark (which the editor does not
// show) takes no column. A stray CR must not shift the diagnostics after it.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SourceFile } from '../../server/src/compose/source';
import { check } from '../helpers/project';

/** A deterministic generator of small texts full of line breaks of every kind. */
function* texts(count: number, pieces = ['a', 'b: c', ' ', '#', '\r', '\n', '\r\n', '\n\r', '\r\r']): Generator<string> {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let i = 0; i < count; i++) {
    let text = next() % 4 === 0 ? '\ufeff' : '';
    const length = next() % 30;
    for (let j = 0; j < length; j++) text += pieces[next() % pieces.length];
    yield text;
  }
}

describe('source positions agree with the editor', () => {
  // Texts without a CR take another way to their line starts (the engine's search for LF): both are checked.
  it('every offset and every position, with CR, CRLF, LF and a byte order mark', () => {
    for (const text of [...texts(400), ...texts(200, ['a', 'b: c', ' ', '#', '\n', '\n\n'])]) {
      const bom = text.startsWith('\ufeff') ? 1 : 0;
      // The editor holds the text without its byte order mark.
      const doc = TextDocument.create('file:///x.yaml', 'yaml', 1, text.slice(bom));
      const file = new SourceFile('/x.yaml', text);
      for (let offset = bom; offset <= text.length; offset++) {
        assert.deepEqual(file.positionAt(offset), doc.positionAt(offset - bom), `${JSON.stringify(text)} at ${offset}`);
      }
      // `isAt` (the diagnostics' comparison with the last publish) says yes exactly where `positionAt` gives the position.
      for (let offset = -1; offset <= text.length + 1; offset++) {
        const at = file.positionAt(offset);
        assert.ok(file.isAt(offset, at), `${JSON.stringify(text)}: ${offset} at its own position`);
        for (let line = -1; line <= doc.lineCount; line++) {
          for (let character = -1; character <= 12; character++) {
            const position = { line, character };
            assert.equal(file.isAt(offset, position), at.line === line && at.character === character, `${JSON.stringify(text)}: ${offset} at ${line}:${character}`);
          }
        }
      }
      for (let line = -1; line <= doc.lineCount + 1; line++) {
        for (let character = -1; character <= 8; character++) {
          const position = { line, character };
          assert.equal(file.offsetAt(position) - bom, doc.offsetAt(position), `${JSON.stringify(text)} at ${line}:${character}`);
        }
      }
    }
  });

  it('a stray CR in a comment moves no later diagnostic', () => {
    const text = '# a comment\r with a stray CR\nservices:\n  web:\n    image: x\n    environment:\n      DB: postgres://localhost:5432/x\n  db:\n    image: postgres\n';
    const a = check({ 'compose.yaml': text });
    const f = a.findings.find((x) => x.rule === 'localhost-peer');
    assert.ok(f, a.findings.map((x) => x.rule).join(','));
    const doc = TextDocument.create('file:///compose.yaml', 'yaml', 1, text);
    assert.deepEqual(a.project.sources.rangeOf(f.loc), { start: doc.positionAt(f.loc.start), end: doc.positionAt(f.loc.end) });
    assert.equal(a.project.sources.rangeOf(f.loc).start.line, 6);
  });

  it('a disable comment after a stray CR silences the line below it as the editor shows it', () => {
    const text = '# note\r more\nservices:\n  web:\n    image: x\n    environment:\n      # netlens-disable-next-line localhost-peer\n      DB: postgres://localhost:5432/x\n  db:\n    image: postgres\n';
    const a = check({ 'compose.yaml': text });
    assert.deepEqual(a.findings.filter((x) => x.rule === 'localhost-peer'), []);
  });

  it('a byte order mark takes no column on the first line', () => {
    const file = new SourceFile('/x.yaml', '\ufeffservices: {}\n');
    assert.deepEqual(file.positionAt(1), { line: 0, character: 0 });
    assert.deepEqual(file.positionAt(0), { line: 0, character: 0 });
    assert.equal(file.offsetAt({ line: 0, character: 0 }), 1);
    assert.equal(file.lineStartOf(5), 1, 'an edit at the start of the first line goes after the mark');
  });
});
