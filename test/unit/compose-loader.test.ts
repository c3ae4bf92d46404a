import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { discoverComposeFiles, isComposeFileName } from '../../server/src/compose/discovery';
import { interpolate } from '../../server/src/compose/interpolate';
import { parseDotenv } from '../../server/src/compose/dotenv';
import { get, items, str, toPlain, type CMap } from '../../server/src/compose/nodes';
import { loadProject, normaliseProjectName } from '../../server/src/compose/project';
import { spanIn } from '../../server/src/network/references';
import { check, load, removeProjects, textAt, writeProject } from '../helpers/project';

const DIR = '/virtual/proj';
const abs = (name: string) => path.resolve(DIR, name);

describe('compose loader', () => {
  after(removeProjects);

  describe('file discovery', () => {
    it('prefers compose.yaml and merges the matching override on top', () => {
      const dir = writeProject({ 'compose.yaml': 'services: {}\n', 'docker-compose.yml': 'services: {}\n', 'compose.override.yaml': 'services: {}\n' });
      assert.deepEqual(discoverComposeFiles(dir).map((f) => path.basename(f)), ['compose.yaml', 'compose.override.yaml']);
    });

    it('falls back through compose.yml, docker-compose.yaml and docker-compose.yml', () => {
      const dir = writeProject({ 'docker-compose.yml': 'services: {}\n', 'docker-compose.override.yml': 'services: {}\n' });
      assert.deepEqual(discoverComposeFiles(dir).map((f) => path.basename(f)), ['docker-compose.yml', 'docker-compose.override.yml']);
    });

    it('finds nothing in a folder without a Compose file and says so', () => {
      const dir = writeProject({ 'README.md': 'x' });
      assert.deepEqual(discoverComposeFiles(dir), []);
      const project = loadProject({ dir, env: {} });
      assert.equal(project.problems.length, 1);
      assert.match(project.problems[0].message, /No Compose file/);
      assert.equal(project.problems[0].fatal, true);
    });

    it('recognises Compose file names and their variants', () => {
      for (const name of ['compose.yaml', 'docker-compose.yml', 'compose.prod.yaml', 'docker-compose.ci.yml']) assert.ok(isComposeFileName(`/x/${name}`), name);
      for (const name of ['values.yaml', 'my-compose.yaml', 'compose.json']) assert.ok(!isComposeFileName(`/x/${name}`), name);
    });

    it('merges an explicit list of files in the given order (-f a -f b)', () => {
      const project = load(
        { 'a.yml': 'services:\n  web:\n    image: one\n', 'b.yml': 'services:\n  web:\n    image: two\n' },
        { files: [abs('a.yml'), abs('b.yml')] },
      );
      assert.equal(str(project.services.get('web')?.node, 'image'), 'two');
      const reversed = load(
        { 'a.yml': 'services:\n  web:\n    image: one\n', 'b.yml': 'services:\n  web:\n    image: two\n' },
        { files: [abs('b.yml'), abs('a.yml')] },
      );
      assert.equal(str(reversed.services.get('web')?.node, 'image'), 'one');
    });

    it('reads COMPOSE_FILE when no file is given', () => {
      const project = load({ 'x.yml': 'services:\n  only: {image: a}\n' }, { env: { COMPOSE_FILE: 'x.yml' } });
      assert.deepEqual([...project.services.keys()], ['only']);
    });
  });

  describe('merge rules of the Compose specification', () => {
    const base = `services:
  web:
    image: web:1
    command: ["serve", "--old"]
    ports: ["8080:80"]
    expose: ["9000"]
    dns: [1.1.1.1]
    environment:
      A: "1"
      B: "2"
    networks:
      front:
        aliases: [www]
    healthcheck:
      test: ["CMD", "old"]
networks:
  front: {}
`;
    const override = `services:
  web:
    command: ["serve", "--new"]
    ports: ["8443:443"]
    expose: ["9001"]
    dns: [8.8.8.8]
    environment:
      - B=20
      - C=3
    networks:
      front:
        ipv4_address: 10.0.0.5
      back: {}
    healthcheck:
      test: ["CMD", "new"]
networks:
  back: {}
`;
    const project = load({ 'compose.yaml': base, 'compose.override.yaml': override });
    const web = project.services.get('web')!.node;

    it('replaces command and healthcheck.test', () => {
      assert.deepEqual(toPlain(get(web, 'command')), ['serve', '--new']);
      assert.deepEqual(toPlain(get(get(web, 'healthcheck'), 'test')), ['CMD', 'new']);
    });

    it('appends ports, expose and dns', () => {
      assert.deepEqual(toPlain(get(web, 'ports')), ['8080:80', '8443:443']);
      assert.deepEqual(toPlain(get(web, 'expose')), ['9000', '9001']);
      assert.deepEqual(toPlain(get(web, 'dns')), ['1.1.1.1', '8.8.8.8']);
    });

    it('merges environment by variable whatever its form (map or list)', () => {
      assert.deepEqual(toPlain(get(web, 'environment')), { A: '1', B: '20', C: '3' });
    });

    it('merges a service’s networks by key', () => {
      assert.deepEqual(toPlain(get(web, 'networks')), { front: { aliases: ['www'], ipv4_address: '10.0.0.5' }, back: {} });
      assert.deepEqual([...project.networks.keys()], ['front', 'back']);
    });

    it('does not duplicate a port mapping written in both files', () => {
      const p = load({ 'compose.yaml': 'services:\n  a:\n    ports: ["80:80"]\n', 'compose.override.yaml': 'services:\n  a:\n    ports: ["80:80", "81:81"]\n' });
      assert.deepEqual(toPlain(get(p.services.get('a')!.node, 'ports')), ['80:80', '81:81']);
    });

    it('keeps each value’s range in the file that set it', () => {
      const command = get(web, 'command')!;
      assert.equal(command.loc.file, abs('compose.override.yaml'));
      assert.equal(project.sources.get(command.loc.file)!.slice(command.loc), '["serve", "--new"]');
      const image = get(web, 'image')!;
      assert.equal(image.loc.file, abs('compose.yaml'));
      assert.deepEqual(project.sources.rangeOf(image.loc), { start: { line: 2, character: 11 }, end: { line: 2, character: 16 } });
      const envB = get(get(web, 'environment'), 'B')!;
      assert.equal(project.sources.get(envB.loc.file)!.slice(envB.loc), '20');
      assert.deepEqual(project.services.get('web')!.keyLocs.map((l) => path.basename(l.file)), ['compose.yaml', 'compose.override.yaml']);
    });
  });

  describe('merge tags `!reset` and `!override` (Compose 2.24+)', () => {
    const base = `services:
  proxy:
    image: caddy
    ports: ["443:443"]
  web:
    image: web
    command: ["serve"]
    ports: ["8080:80"]
    environment:
      A: "1"
      B: "2"
    networks: [front, back]
    depends_on: [proxy]
networks:
  front: {}
  back: {}
`;
    const override = `services:
  proxy: !reset {}
  web:
    ports: !reset []
    environment:
      A: !reset
      C: "3"
    networks: !override [back]
    depends_on: !reset null
    extra_hosts: !reset []
  late: !reset null
networks:
  front: !reset {}
`;
    const files = { 'compose.yaml': base, 'compose.override.yaml': override };

    it('`!reset` removes a whole service, a network, an attribute or one variable that earlier files set', () => {
      const project = load(files);
      assert.deepEqual([...project.services.keys()], ['web']);
      assert.deepEqual([...project.networks.keys()], ['back']);
      const web = project.services.get('web')!.node;
      assert.equal(get(web, 'ports'), undefined);
      assert.equal(get(web, 'depends_on'), undefined);
      assert.deepEqual(toPlain(get(web, 'environment')), { B: '2', C: '3' });
      assert.deepEqual(toPlain(get(web, 'command')), ['serve']);
    });

    it('`!reset` with nothing earlier sets nothing, and a later file may set the key again', () => {
      const project = load({ ...files, 'third.yaml': 'services:\n  proxy:\n    image: nginx\n' }, { files: [abs('compose.yaml'), abs('compose.override.yaml'), abs('third.yaml')] });
      assert.deepEqual([...project.services.keys()].sort(), ['proxy', 'web']);
      assert.equal(str(project.services.get('proxy')!.node, 'image'), 'nginx');
      assert.equal(get(project.services.get('proxy')!.node, 'ports'), undefined, 'the reset image and ports stay gone');
      const alone = load({ 'compose.yaml': 'services:\n  a:\n    image: a\n    ports: !reset []\n  b: !reset {}\n' });
      assert.deepEqual([...alone.services.keys()], ['a']);
      assert.equal(get(alone.services.get('a')!.node, 'ports'), undefined);
      const extended = load({ 'compose.yaml': 'services:\n  base:\n    image: x\n    ports: ["80:80"]\n  c:\n    extends: base\n    ports: !reset []\n' });
      assert.equal(get(extended.services.get('c')!.node, 'ports'), undefined, '`extends` merges by the same rules');
      assert.deepEqual(toPlain(get(extended.services.get('base')!.node, 'ports')), ['80:80']);
    });

    it('`!override` replaces the earlier value whole instead of merging it', () => {
      const project = load(files);
      const networks = get(project.services.get('web')!.node, 'networks')!;
      assert.deepEqual(toPlain(networks), { back: null });
      const ports = load({
        'compose.yaml': 'services:\n  a:\n    ports: ["80:80"]\n    environment: {A: "1"}\n',
        'compose.override.yaml': 'services:\n  a:\n    ports: !override ["81:81"]\n    environment: !override\n      B: "2"\n',
      });
      const a = ports.services.get('a')!.node;
      assert.deepEqual(toPlain(get(a, 'ports')), ['81:81']);
      assert.deepEqual(toPlain(get(a, 'environment')), { B: '2' });
      assert.equal(get(a, 'ports')!.loc.file, abs('compose.override.yaml'));
    });

    it('a reset service is not analysed: its published ports claim nothing', () => {
      const duplicate = 'services:\n  a:\n    image: a\n    ports: ["80:80"]\n  b:\n    image: b\n    ports: ["80:80"]\n';
      assert.ok(check({ 'compose.yaml': duplicate }).findings.some((f) => f.rule === 'duplicate-host-port'));
      const reset = check({ 'compose.yaml': duplicate, 'compose.override.yaml': 'services:\n  b: !reset {}\n' });
      assert.deepEqual(reset.findings.map((f) => f.rule), []);
      assert.deepEqual([...reset.model.services.keys()], ['a']);
    });
  });

  describe('interpolation', () => {
    const env = { SET: 'value', EMPTY: '' };
    const cases: Array<[string, string]> = [
      ['${SET}', 'value'],
      ['$SET/x', 'value/x'],
      ['${UNSET:-fallback}', 'fallback'],
      ['${EMPTY:-fallback}', 'fallback'],
      ['${EMPTY-fallback}', ''],
      ['${UNSET-fallback}', 'fallback'],
      ['${SET:+alt}', 'alt'],
      ['${UNSET:+alt}', ''],
      ['${EMPTY+alt}', 'alt'],
      ['$$SET', '$SET'],
      ['${UNSET:-${SET}}', 'value'],
      ['a ${SET} b ${UNSET:-c}', 'a value b c'],
      // Plain text is copied in runs between the `$`s, and a `}` closes only a default it stands in.
      ['a}b${SET}c}', 'a}bvaluec}'],
      ['${UNSET:-x y}z}', 'x yz}'],
      ['${UNSET:-pre${SET}post}!', 'prevaluepost!'],
      ['${UNSET:-$$}', '$'],
      ['end$', 'end$'],
      ['$1x', '$1x'],
    ];
    for (const [input, expected] of cases) {
      it(`${input} → ${JSON.stringify(expected)}`, () => assert.equal(interpolate(input, env).value, expected));
    }

    it('reports unset variables and required ones, without throwing', () => {
      const unset = interpolate('x${NOPE}y', env);
      assert.equal(unset.value, 'xy');
      assert.equal(unset.issues[0].kind, 'unset');
      assert.equal(unset.issues[0].start, 1);
      assert.equal(unset.issues[0].end, 8);
      const required = interpolate('${NEED:?set NEED first}', env);
      assert.equal(required.issues[0].kind, 'required');
      assert.match(required.issues[0].message, /set NEED first/);
      assert.equal(interpolate('${', env).issues[0].kind, 'syntax');
      assert.equal(interpolate('${:-x}', env).issues[0].kind, 'syntax');
    });

    it('reads .env, lets the process environment win, and reports unset variables at their characters', () => {
      const project = load(
        {
          '.env': '# comment\nexport TAG=1.0\nDB_HOST=db\nPORT="5432"\nFROM_ENV=dotenv\n',
          'compose.yaml': 'services:\n  api:\n    image: api:${TAG}\n    environment:\n      URL: postgres://${DB_HOST}:${PORT}/x\n      WHO: ${FROM_ENV}\n      MISSING: ${NOT_SET}\n',
        },
        { env: { FROM_ENV: 'shell' } },
      );
      const api = project.services.get('api')!.node;
      assert.equal(str(api, 'image'), 'api:1.0');
      assert.equal(str(get(api, 'environment'), 'URL'), 'postgres://db:5432/x');
      assert.equal(str(get(api, 'environment'), 'WHO'), 'shell');
      const problem = project.problems.find((p) => p.code === 'interpolation')!;
      assert.equal(problem.severity, 'warning');
      assert.match(problem.message, /"NOT_SET" variable is not set/);
      assert.equal(project.sources.get(problem.loc.file)!.slice(problem.loc), '${NOT_SET}');
    });

    it('reports each unset or required variable once, at its first use (first file read, first place there), relating the other uses', () => {
      const project = load(
        {
          'compose.yaml': [
            'x-common: &common',
            '  image: ${TAG}',
            'services:',
            '  a:',
            '    <<: *common',
            '    environment:',
            '      - URL=http://${HOST}:${NEED:?say which}',
            '  b:',
            '    <<: *common',
            '    environment:',
            '      - URL=http://${HOST}:${NEED:?again}',
            '',
          ].join('\n'),
          'compose.override.yaml': 'services:\n  c:\n    image: ${HOST}\n',
        },
        { files: [abs('compose.yaml'), abs('compose.override.yaml')] },
      );
      const text = (loc: { file: string; start: number; end: number }) => `${path.basename(loc.file)}:${project.sources.get(loc.file)!.slice(loc)}`;
      const byVariable = [...project.problems].sort((a, b) => (a.variable ?? '').localeCompare(b.variable ?? ''));
      const summary = byVariable.map((p) => [p.severity, p.variable, text(p.loc), (p.related ?? []).map((r) => text(r.loc))]);
      assert.deepEqual(summary, [
        ['warning', 'HOST', 'compose.yaml:${HOST}', ['compose.yaml:${HOST}', 'compose.override.yaml:${HOST}']],
        ['error', 'NEED', 'compose.yaml:${NEED:?say which}', ['compose.yaml:${NEED:?again}']],
        ['warning', 'TAG', 'compose.yaml:${TAG}', []],
      ]);
      const [host, need, tag] = byVariable;
      assert.equal(tag.message, 'The "TAG" variable is not set. Defaulting to a blank string.', 'one place, met twice through an alias');
      assert.match(host.message, /It is used 3 times; the first use is here\.$/);
      assert.ok(host.loc.start < host.related![0].loc.start, 'the first place in the file');
      assert.equal(host.related![0].message, '"HOST" is used here too');
      assert.match(need.message, /missing a value: say which\. It is used 2 times/);
    });

    it('places a list entry whose key comes from a variable on the whole entry, never on the first characters', () => {
      const project = load(
        {
          'compose.yaml': [
            'services:',
            '  app:',
            '    image: app',
            '    networks:',
            '      - ${NET:-back}',
            '      - front',
            '    depends_on:',
            '      - ${DEP}',
            '    environment:',
            '      - ${PREFIX}_URL=http://db',
            '      - PLAIN=1',
            '',
          ].join('\n'),
        },
        { env: { DEP: 'db', PREFIX: 'APP' } },
      );
      const app = project.services.get('app')!.node;
      const keys = (key: string) => [...(get(app, key) as CMap).pairs].map(([k, p]) => `${k} ${project.sources.get(p.keyLoc.file)!.slice(p.keyLoc)} ${p.keyFromVariable ?? false}`);
      assert.deepEqual(keys('networks'), ['back ${NET:-back} true', 'front front false']);
      assert.deepEqual(keys('depends_on'), ['db ${DEP} true']);
      assert.deepEqual(keys('environment'), ['APP_URL ${PREFIX}_URL=http://db true', 'PLAIN PLAIN false']);
    });

    it('parses odd .env lines without failing and reports them', () => {
      const dotenv = parseDotenv('\ufeffA=1\nnot a pair\nB = two # comment\nC=\'$A literal\'\nD="x\\ny"\nE=${A}2\n  \n');
      assert.deepEqual(Object.fromEntries(dotenv.entries.map((e) => [e.key, e.value])), { A: '1', B: 'two', C: '$A literal', D: 'x\ny', E: '12' });
      assert.equal(dotenv.issues.length, 1);
    });
  });

  describe('bare environment entries (`- VAR`, `VAR:`)', () => {
    const files = {
      '.env': 'FROM_DOTENV=postgres://localhost:5432/app\nFROM_BOTH=dotenv\n',
      'compose.yaml': [
        'services:',
        '  api:',
        '    image: api',
        '    environment:',
        '      - FROM_DOTENV',
        '      - FROM_BOTH',
        '      - NEVER_SET',
        '  web:',
        '    image: web',
        '    environment:',
        '      FROM_DOTENV:',
        '      FROM_BOTH: null',
        '      NEVER_SET:',
        '  db:',
        '    image: postgres',
        '',
      ].join('\n'),
    };

    it('take their value from the environment Compose runs in (shell over .env), located at their key', () => {
      const project = load(files, { env: { FROM_BOTH: 'shell' } });
      for (const name of ['api', 'web']) {
        const environment = get(project.services.get(name)!.node, 'environment');
        assert.equal(str(environment, 'FROM_DOTENV'), 'postgres://localhost:5432/app', name);
        assert.equal(str(environment, 'FROM_BOTH'), 'shell', name);
        const value = get(environment, 'FROM_DOTENV')!;
        assert.equal(value.kind === 'scalar' && value.fromEnvironment, true, name);
        assert.equal(project.sources.get(value.loc.file)!.slice(value.loc), 'FROM_DOTENV', name);
      }
    });

    it('leave an unset variable out of the container, without a warning', () => {
      const project = load(files);
      for (const name of ['api', 'web']) assert.equal(str(get(project.services.get(name)!.node, 'environment'), 'NEVER_SET'), undefined, name);
      assert.deepEqual(project.problems, []);
    });

    it('are analysed: a finding lands on the key and offers no edit of text the file does not hold', () => {
      const analysis = check(files);
      const found = analysis.findings.filter((f) => f.rule === 'localhost-peer');
      assert.deepEqual(found.map((f) => `${f.service} ${textAt(analysis, f.loc)}`), ['api FROM_DOTENV', 'web FROM_DOTENV']);
      for (const f of found) assert.deepEqual(f.fixes, [], f.service ?? '');
      const refs = analysis.model.referencesFrom('api').filter((r) => r.envKey === 'FROM_DOTENV');
      assert.equal(refs.length, 1);
      assert.equal(refs[0].exact, false);
    });

    it('never claim characters of the key as the value’s, even when they read the same', () => {
      const project = load({ 'compose.yaml': 'services:\n  a:\n    image: a\n    environment:\n      - db\n' }, { env: { db: 'db' } });
      const value = get(get(project.services.get('a')!.node, 'environment'), 'db')!;
      const located = { text: 'db', loc: value.loc, fromEnvironment: true };
      assert.equal(spanIn(project.sources, located, 0, 2).exact, false);
      assert.equal(spanIn(project.sources, { text: 'db', loc: value.loc }, 0, 2).exact, true, 'a written value is still found');
    });

    it('in an env_file, a bare `KEY` line takes the value of the environment, earlier env_files first', () => {
      const parsed = parseDotenv('A\nB=1\nUNSET\n  C  \n', { A: 'outer', C: 'c' });
      assert.deepEqual(parsed.entries.map((e) => [e.key, e.value, e.fromEnvironment ?? false]), [['A', 'outer', true], ['B', '1', false], ['C', 'c', true]]);
      assert.deepEqual(parsed.issues, []);
      const project = load(
        {
          '.env': 'DB_URL=postgres://localhost:5432/x\nLEVEL=project\n',
          'compose.yaml': 'services:\n  api:\n    image: a\n    env_file: [first.env, second.env]\n',
          'first.env': 'LEVEL=first\n',
          'second.env': 'DB_URL\nLEVEL\n',
        },
      );
      const entries = project.services.get('api')!.envFileEntries.filter((e) => e.file.endsWith('second.env'));
      assert.deepEqual(entries.map((e) => [e.key, e.value]), [['DB_URL', 'postgres://localhost:5432/x'], ['LEVEL', 'first']]);
      const entry = entries[0];
      assert.equal(project.sources.get(entry.file)!.text.slice(entry.valueStart, entry.valueEnd), 'DB_URL');
      const analysis = check({
        '.env': 'DB_URL=postgres://localhost:5432/x\n',
        'compose.yaml': 'services:\n  api:\n    image: a\n    env_file: api.env\n  db:\n    image: postgres\n',
        'api.env': 'DB_URL\n',
      });
      const finding = analysis.findings.find((f) => f.rule === 'localhost-peer')!;
      assert.equal(textAt(analysis, finding.loc), 'DB_URL');
      assert.deepEqual(finding.fixes, []);
    });
  });

  describe('extends', () => {
    it('extends a service of the same file; the local values win', () => {
      const project = load({
        'compose.yaml': 'services:\n  base:\n    image: base\n    environment:\n      A: "1"\n  web:\n    extends: base\n    environment:\n      B: "2"\n',
      });
      const web = project.services.get('web')!.node;
      assert.equal(str(web, 'image'), 'base');
      assert.deepEqual(toPlain(get(web, 'environment')), { A: '1', B: '2' });
      assert.equal(get(web, 'extends'), undefined);
    });

    it('extends a service of another file, with ranges in that file', () => {
      const project = load({
        'common.yml': 'services:\n  svc:\n    image: shared\n    ports: ["80:80"]\n',
        'compose.yaml': 'services:\n  web:\n    extends:\n      file: common.yml\n      service: svc\n    ports: ["81:81"]\n',
      });
      const web = project.services.get('web')!.node;
      assert.equal(str(web, 'image'), 'shared');
      assert.equal(get(web, 'image')!.loc.file, abs('common.yml'));
      assert.deepEqual(toPlain(get(web, 'ports')), ['80:80', '81:81']);
    });

    it('reports a cycle and a missing base instead of looping', () => {
      const project = load({ 'compose.yaml': 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n  c:\n    extends: nope\n' });
      const messages = project.problems.filter((p) => p.code === 'extends').map((p) => p.message);
      assert.ok(messages.some((m) => /cycle/.test(m)), messages.join('\n'));
      assert.ok(messages.some((m) => /"nope"/.test(m)), messages.join('\n'));
    });
  });

  describe('include', () => {
    it('adds the included project’s services and networks, each file keeping its ranges', () => {
      const project = load({
        'compose.yaml': 'include:\n  - db/compose.yaml\nservices:\n  api:\n    image: api\n',
        'db/compose.yaml': 'services:\n  db:\n    image: postgres:${PG:-16}\nnetworks:\n  data: {}\n',
        'db/.env': 'PG=15\n',
      });
      assert.deepEqual([...project.services.keys()].sort(), ['api', 'db']);
      assert.equal(str(project.services.get('db')!.node, 'image'), 'postgres:15');
      assert.equal(project.services.get('db')!.keyLoc.file, abs('db/compose.yaml'));
      assert.ok(project.networks.has('data'));
    });

    it('reports a cycle and a missing file', () => {
      const project = load({
        'compose.yaml': 'include:\n  - other.yaml\n  - missing.yaml\nservices:\n  api:\n    image: a\n',
        'other.yaml': 'include:\n  - compose.yaml\nservices:\n  api:\n    image: b\n',
      });
      const messages = project.problems.map((p) => p.message).join('\n');
      assert.match(messages, /cycle/);
      assert.match(messages, /missing\.yaml/);
    });

    it('merges the including file’s definition of an included service over it, with no problem', () => {
      const project = load({
        'compose.yaml':
          'include:\n  - parts/store.yaml\nservices:\n  store:\n    environment:\n      TZ: UTC\n    ports:\n      - "127.0.0.1:6000:6000"\nnetworks:\n  back:\n    internal: true\n',
        'parts/store.yaml': 'services:\n  store:\n    image: store:1\n    environment:\n      MODE: fast\n    networks: [back]\nnetworks:\n  back: {}\n',
      });
      assert.deepEqual(project.problems.map((p) => p.message), []);
      const store = project.services.get('store')!;
      assert.equal(str(store.node, 'image'), 'store:1');
      assert.deepEqual(toPlain(get(store.node, 'environment')), { MODE: 'fast', TZ: 'UTC' });
      assert.deepEqual(toPlain(get(store.node, 'ports')), ['127.0.0.1:6000:6000']);
      assert.equal(toPlain(get(project.networks.get('back')!.node, 'internal')), true);
    });

    it('reads an included file’s env_file from that file’s folder, as its mounts are', () => {
      const project = load({
        'compose.yaml': 'include:\n  - parts/store.yaml\n',
        'parts/store.yaml': 'services:\n  store:\n    image: store:1\n    env_file: ../settings/store.env\n',
        'settings/store.env': 'STORE_PEER=cache:6379\n',
      });
      assert.deepEqual(project.problems.map((p) => p.message), []);
      assert.deepEqual(project.services.get('store')!.envFileEntries.map((e) => `${e.key}=${e.value}`), ['STORE_PEER=cache:6379']);
    });

    it('lets a later -f file change a service an earlier file includes', () => {
      const project = load(
        {
          'compose.yaml': 'include:\n  - parts/store.yaml\n',
          'parts/store.yaml': 'services:\n  store:\n    image: store:1\n',
          'compose.dev.yaml': 'services:\n  store:\n    image: store:dev\n',
        },
        { files: [abs('compose.yaml'), abs('compose.dev.yaml')] },
      );
      assert.deepEqual(project.problems.map((p) => p.message), []);
      assert.equal(str(project.services.get('store')!.node, 'image'), 'store:dev');
    });
  });

  describe('profiles', () => {
    const files = { 'compose.yaml': 'services:\n  app:\n    image: a\n  debug:\n    image: d\n    profiles: [debug]\n  tools:\n    image: t\n    profiles: [tools, ops]\n' };

    it('shows services of disabled profiles but marks them inactive', () => {
      const project = load(files);
      assert.deepEqual([...project.services.values()].map((s) => [s.name, s.active]), [['app', true], ['debug', false], ['tools', false]]);
    });

    it('activates profiles from options and COMPOSE_PROFILES', () => {
      assert.equal(load(files, { profiles: ['debug'] }).services.get('debug')!.active, true);
      assert.equal(load(files, { env: { COMPOSE_PROFILES: 'ops' } }).services.get('tools')!.active, true);
      assert.equal(load(files, { profiles: ['*'] }).services.get('tools')!.active, true);
    });
  });

  describe('project name', () => {
    it('takes `name:`, then COMPOSE_PROJECT_NAME, then the folder name normalised', () => {
      assert.equal(load({ 'compose.yaml': 'name: shop\nservices: {}\n' }).name, 'shop');
      assert.equal(load({ 'compose.yaml': 'services: {}\n' }, { env: { COMPOSE_PROJECT_NAME: 'fromenv' } }).name, 'fromenv');
      assert.equal(load({ 'compose.yaml': 'services: {}\n' }, {}, '/virtual/My.Cool App').name, 'mycoolapp');
      assert.equal(normaliseProjectName('_Web-Site 2'), 'web-site2');
    });
  });

  describe('YAML', () => {
    it('reports syntax errors with their position and keeps what it can read', () => {
      const project = load({ 'compose.yaml': 'services:\n  web:\n    image: "unclosed\n  db:\n    image: postgres\n' });
      const syntax = project.problems.find((p) => p.code === 'yaml-syntax')!;
      assert.ok(syntax, 'a syntax problem');
      assert.equal(syntax.fatal, true);
      assert.ok(project.sources.rangeOf(syntax.loc).start.line >= 2);
    });

    it('applies `<<` merge keys and anchors', () => {
      const project = load({ 'compose.yaml': 'x-base: &base\n  image: shared\n  networks: [back]\nservices:\n  a:\n    <<: *base\n    image: own\n  b: *base\nnetworks:\n  back: {}\n' });
      assert.equal(str(project.services.get('a')!.node, 'image'), 'own');
      assert.deepEqual(toPlain(get(project.services.get('a')!.node, 'networks')), { back: null });
      assert.equal(str(project.services.get('b')!.node, 'image'), 'shared');
    });

    it('stops expanding an alias bomb and says so', () => {
      const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
      lines.push('services:\n  web:\n    image: x\n    labels: *i');
      const project = load({ 'compose.yaml': lines.join('\n') + '\n' });
      assert.ok(project.problems.some((p) => p.code === 'yaml-aliases'), project.problems.map((p) => p.message).join('\n'));
      assert.ok(project.services.has('web'));
    });

    it('reads `env_file` contents with their own ranges', () => {
      const project = load({ 'compose.yaml': 'services:\n  api:\n    image: a\n    env_file: api.env\n', 'api.env': 'DB=postgres://localhost:5432/x\n' });
      const entry = project.services.get('api')!.envFileEntries[0];
      assert.equal(entry.key, 'DB');
      assert.equal(entry.file, abs('api.env'));
      assert.equal(project.sources.get(entry.file)!.text.slice(entry.valueStart, entry.valueEnd), 'postgres://localhost:5432/x');
      assert.deepEqual(items(undefined), []);
    });
  });
});
