// Fixes made when first read (`lazyFixes.ts`): once per finding, seen by spread and JSON, and through
// one getter shared by every lazy finding (a getter per finding gives each its own hidden class).
import * as assert from 'node:assert/strict';
import { withChangedFixes, withLazyFixes } from '../../server/src/rules/support/lazyFixes';
import type { Finding, Fix } from '../../server/src/rules/types';

const data = (message: string): Omit<Finding, 'fixes'> => ({ rule: 'unknown-host', severity: 'warning', message, loc: { file: '/p/compose.yaml', start: 1, end: 2 }, service: 'web', related: [] });
const fix = (title: string): Fix => ({ title, edits: [] }) as unknown as Fix;

describe('fixes made when first read', () => {
  it('are made once, on first read, and spread and JSON read them', () => {
    let made = 0;
    const f = withLazyFixes(data('a'), () => {
      made++;
      return [fix('one')];
    });
    assert.equal(made, 0, 'not made before they are read');
    assert.deepEqual(Object.keys(f), ['rule', 'severity', 'message', 'loc', 'service', 'related', 'fixes']);
    assert.equal(f.fixes[0].title, 'one');
    assert.equal(f.fixes, f.fixes, 'the same list each read');
    assert.equal(made, 1);
    assert.deepEqual({ ...f }.fixes, [fix('one')]);
    assert.deepEqual(JSON.parse(JSON.stringify(f)).fixes, [{ title: 'one', edits: [] }]);
    assert.equal(made, 1, 'still made once');
  });

  it('a maker that throws gives no fix', () => {
    const f = withLazyFixes(data('a'), () => {
      throw new Error('boom');
    });
    assert.deepEqual(f.fixes, []);
  });

  it('every lazy finding reads its fixes through one getter, its own maker in a slot', () => {
    const a = withLazyFixes(data('a'), () => [fix('a')]);
    const b = withLazyFixes(data('b'), () => [fix('b')]);
    const getter = Object.getOwnPropertyDescriptor(a, 'fixes')?.get;
    assert.ok(getter);
    assert.equal(Object.getOwnPropertyDescriptor(b, 'fixes')?.get, getter);
    assert.equal(a.fixes[0].title, 'a');
    assert.equal(b.fixes[0].title, 'b');
    // A copy by descriptors (as a severity setting makes one) reads the maker it copied.
    const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(withLazyFixes(data('c'), () => [fix('c')]))) as Finding;
    assert.equal(copy.fixes[0].title, 'c');
  });

  it('fixes passed through a change are still made when first read', () => {
    let made = 0;
    const f = withLazyFixes(data('a'), () => {
      made++;
      return [fix('one'), fix('two')];
    });
    const changed = withChangedFixes(f, (fixes) => fixes.slice(1));
    assert.equal(made, 0);
    assert.deepEqual(
      changed.fixes.map((x) => x.title),
      ['two'],
    );
    assert.deepEqual(
      f.fixes.map((x) => x.title),
      ['one', 'two'],
      'the original keeps its own',
    );
    assert.equal(made, 1, 'made once for both');
    assert.equal(changed.message, 'a');
    const plain = withChangedFixes({ ...data('p'), fixes: [fix('x')] }, (fixes) => [...fixes, fix('y')]);
    assert.deepEqual(
      plain.fixes.map((x) => x.title),
      ['x', 'y'],
    );
  });
});
