import * as assert from 'node:assert/strict';
import { schemaDescription, schemaTimings } from '../../../server/src/compose/schema';
import { analyseFixture, applyAndRecheck, findingsOf } from '../../helpers/fixtures';
import { check, textAt } from '../../helpers/project';

const RULE = 'compose-schema';

describe(`rule ${RULE}`, () => {
  it('reports a misspelt key of a network attachment on its characters, with the allowed key it is nearest to', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['null compose.yaml:1:1-1:8 "version"', 'web compose.yaml:7:9-7:20 "ipv4_adress"']);
    const typo = a.findings.find((f) => f.rule === RULE && f.severity === 'error')!;
    assert.equal(typo.message, '`ipv4_adress` is not a key Compose knows in `services.web.networks.front` (extension keys start with `x-`); did you mean `ipv4_address`?');
    assert.equal(typo.fixes.length, 1);
    assert.equal(typo.fixes[0].title, 'Rename `ipv4_adress` to `ipv4_address`');
    const { files, after } = applyAndRecheck(RULE, 'fires', a, typo.fixes[0]);
    assert.match([...files.values()][0], /\n {8}ipv4_address: 172\.20\.0\.5\n/);
    assert.deepEqual(findingsOf(after, RULE), ['null compose.yaml:1:1-1:8 "version"']);
  });

  it('says the top-level `version` is obsolete, as an info whose fix removes the line', () => {
    const a = analyseFixture(RULE, 'fires');
    const version = a.findings.find((f) => f.rule === RULE && f.severity === 'info')!;
    assert.match(version.message, /^`version` is obsolete: Compose ignores it/);
    assert.deepEqual(version.tags, ['deprecated']);
    const { files, after } = applyAndRecheck(RULE, 'fires', a, version.fixes[0]);
    assert.ok([...files.values()][0].startsWith('services:\n'));
    assert.deepEqual(findingsOf(after, RULE), ['web compose.yaml:6:9-6:20 "ipv4_adress"']);
  });

  it('is silent on values written through variables, `x-` extensions and anchors, `!reset` and `!override`', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });

  it('checks each file as written: a wrong type in an override file is located there', () => {
    const a = check({
      'compose.yaml': 'services:\n  db:\n    image: postgres\n',
      'compose.override.yaml': 'services:\n  db:\n    environment:\n    ports: 5432\n    restart: 5\n',
    });
    const found = a.findings.filter((f) => f.rule === RULE).map((f) => `${textAt(a, f.loc)}: ${f.message}`);
    assert.deepEqual(found, [
      'environment: `services.db.environment` must be a mapping or a list, not empty.',
      '5432: `services.db.ports` must be a list, not an integer.',
      '5: `services.db.restart` must be a string, not an integer.',
    ]);
    assert.ok(a.findings.filter((f) => f.rule === RULE).every((f) => f.loc.file.endsWith('compose.override.yaml') && f.service === 'db'));
  });

  it('offers no rename when no allowed key is near, and leaves keys written through variables alone', () => {
    const a = check({ 'compose.yaml': 'services:\n  app:\n    image: app\n    frobnicate: true\n    labels:\n      ${LABEL:-x}: "1"\n' });
    const found = a.findings.filter((f) => f.rule === RULE);
    assert.deepEqual(found.map((f) => textAt(a, f.loc)), ['frobnicate']);
    assert.deepEqual(found[0].fixes, []);
    assert.doesNotMatch(found[0].message, /did you mean/);
  });

  it('is turned off like any rule, and leaves a file with a YAML syntax error to that error', () => {
    const files = { 'compose.yaml': 'services:\n  app:\n    image: app\n    netwroks: [a]\n' };
    assert.equal(check(files, {}, { severities: { [RULE]: 'off' } }).findings.filter((f) => f.rule === RULE).length, 0);
    const broken = check({ 'compose.yaml': 'services:\n  app:\n    image: app\n    netwroks: [a\n' });
    assert.equal(broken.findings.filter((f) => f.rule === RULE).length, 0);
  });

  it('knows the specification of today (include, develop, models, provider, gw_priority) and compiles it once', () => {
    const a = check({
      'compose.yaml': [
        'models:',
        '  llm:',
        '    model: ai/smollm2',
        'services:',
        '  app:',
        '    image: app',
        '    models: [llm]',
        '    develop:',
        '      watch:',
        '        - action: sync',
        '          path: ./src',
        '          target: /src',
        '    networks:',
        '      default:',
        '        gw_priority: 1',
        '  tunnel:',
        '    provider:',
        '      type: example',
        '',
      ].join('\n'),
    });
    assert.deepEqual(a.findings.filter((f) => f.rule === RULE).map((f) => f.message), []);
    assert.ok(schemaTimings.compileMs > 0);
  });

  it('describes keys from the specification, for the hover', () => {
    assert.match(schemaDescription(['services', 'web', 'networks', 'front', 'ipv4_address']) ?? '', /IPv4/i);
    assert.ok(schemaDescription(['services', 'web', 'ports']));
    assert.equal(schemaDescription(['services', 'web', 'no_such_key']), undefined);
  });
});
