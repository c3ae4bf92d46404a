import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';
import { check } from '../../helpers/project';
import { STACK, analyseStackFixture } from '../../helpers/stack';

const RULE = 'stack-overlay-not-attachable';

describe(`rule ${RULE}`, () => {
  it('fires on overlays the stack creates under a fixed name without attachable, at info', () => {
    const a = analyseStackFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['null compose.yaml:6:3-6:9 "shared"', 'null compose.yaml:8:3-8:7 "mesh"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.severity, 'info');
    assert.match(f.message, new RegExp(`Stack \`${STACK}\` creates the overlay \`shared-services\` under a fixed name.*\`docker run --network shared-services\`\\) cannot \\("not manually attachable"\\)`));
  });

  it('its fix adds attachable: true and the finding goes, with no other finding added', () => {
    const a = analyseStackFixture(RULE, 'fires');
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.equal(f.fixes[0].title, 'Add `attachable: true` to `shared`');
    const file = a.project.files[0];
    const text = a.project.sources.get(file)!.text;
    const e = f.fixes[0].edits[0];
    const fixed = text.slice(0, e.loc.start) + e.newText + text.slice(e.loc.end);
    assert.match(fixed, /  shared:\n    name: shared-services\n    attachable: true\n/);
    const after = check({ 'compose.yaml': fixed }, { stack: STACK }).findings;
    const others = (list: typeof after) => list.filter((x) => x.rule !== RULE).map((x) => x.message);
    assert.deepEqual(after.filter((x) => x.rule === RULE).map((x) => x.message), [a.findings.filter((x) => x.rule === RULE)[1].message]);
    assert.deepEqual(others(after), others(a.findings));
  });

  it('not for the stack’s own <stack>_<key> networks, attachable or external ones, nor without --stack', () => {
    assert.deepEqual(findingsOf(analyseStackFixture(RULE, 'clean'), RULE), []);
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'fires'), RULE), []);
  });
});
