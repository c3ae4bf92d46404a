// The Dockerfile of a service's `build` (`compose/dockerfile.ts`): the stage that runs and what it
// inherits, read only inside the project folder, and nothing at all when it cannot be read.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDockerfileName, MAX_DOCKERFILE_SIZE, type DockerfileCache } from '../../server/src/compose/dockerfile';
import { loadProject } from '../../server/src/compose/project';
import { declaredListenPorts } from '../../server/src/network/listeners';
import { buildNetworkModel } from '../../server/src/network/model';
import { load, removeProjects, writeProject } from '../helpers/project';

const MULTI_STAGE = [
  'ARG APP_PORT=3000',
  'FROM node:20 AS base',
  'ENV PORT=4000',
  'EXPOSE 9229',
  'CMD ["node", "inspect.js"]',
  'FROM base AS dev',
  'ARG APP_PORT',
  'EXPOSE ${APP_PORT} 7000-7001/tcp 53/udp',
  'FROM python:3.12 AS other',
  'EXPOSE 1234',
  '',
].join('\n');

describe('the Dockerfile of a build', () => {
  afterEach(removeProjects);

  it('reads the stage that runs (`target`, else the last) with what it inherits from earlier stages', () => {
    const project = load({ 'compose.yaml': 'services:\n  dev:\n    build:\n      context: ./app\n      target: dev\n  other:\n    build: ./app\n', 'app/Dockerfile': MULTI_STAGE });
    const dev = project.services.get('dev')!.build!;
    assert.equal(dev.file, path.resolve('/virtual/proj/app/Dockerfile'));
    assert.deepEqual(dev.exposed, [
      { port: 9229, portEnd: 9229, protocol: 'tcp' },
      { port: 3000, portEnd: 3000, protocol: 'tcp' },
      { port: 7000, portEnd: 7001, protocol: 'tcp' },
      { port: 53, portEnd: 53, protocol: 'udp' },
    ]);
    assert.deepEqual(dev.environment, [['PORT', '4000']]);
    assert.equal(dev.cmd, 'node inspect.js');
    assert.equal(dev.baseImage, 'node:20');
    const other = project.services.get('other')!.build!;
    assert.deepEqual(other.exposed.map((e) => e.port), [1234]);
    assert.equal(other.baseImage, 'python:3.12');
  });

  it('takes build args before the ARG defaults, a `dockerfile` name, and `dockerfile_inline`', () => {
    const project = load({
      'compose.yaml': 'services:\n  a:\n    build:\n      context: app\n      dockerfile: prod.Dockerfile\n      args:\n        - APP_PORT=8081\n  b:\n    build:\n      dockerfile_inline: |\n        FROM alpine\n        EXPOSE 5000\n        HEALTHCHECK --interval=5s CMD ["wget", "-q", "http://localhost:5000"]\n',
      'app/prod.Dockerfile': 'FROM node:20\nARG APP_PORT=3000\nEXPOSE $APP_PORT\nENTRYPOINT exec node server.js --port ${APP_PORT}\n',
    });
    const a = project.services.get('a')!.build!;
    assert.deepEqual(a.exposed.map((e) => e.port), [8081]);
    assert.equal(a.entrypoint, 'exec node server.js --port 8081');
    const b = project.services.get('b')!.build!;
    assert.equal(b.file, undefined);
    assert.deepEqual(b.exposed.map((e) => e.port), [5000]);
    assert.equal(b.healthcheck, 'wget -q http://localhost:5000');
  });

  it('gives nothing, and no problem, for a missing Dockerfile, a remote context or an unknown target', () => {
    const project = load({ 'compose.yaml': 'services:\n  a:\n    build: ./missing\n  b:\n    build: https://github.com/example/app.git#main\n  c:\n    build:\n      context: .\n      target: nope\n', Dockerfile: 'FROM alpine AS one\nEXPOSE 80\n' });
    assert.equal(project.services.get('a')!.build, undefined);
    assert.equal(project.services.get('b')!.build, undefined);
    assert.deepEqual(project.services.get('c')!.build!.exposed, []);
    assert.deepEqual(project.problems, []);
  });

  it('reads no Dockerfile outside the project\u2019s folders where outside reads are refused, by path or through a symlink, nor one above the size limit', () => {
    const dir = writeProject({
      'compose.yaml': 'services:\n  up:\n    build:\n      context: ..\n      dockerfile: outside/Dockerfile\n  link:\n    build: ./linked\n  big:\n    build: ./big\n  ok:\n    build: ./ok\n',
      'big/Dockerfile': `FROM alpine\nEXPOSE 80\n# ${'x'.repeat(MAX_DOCKERFILE_SIZE)}\n`,
      'ok/Dockerfile': 'FROM alpine\nEXPOSE 8080\n',
    });
    const outside = path.join(path.dirname(dir), 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'Dockerfile'), 'FROM alpine\nEXPOSE 9999\n');
    fs.symlinkSync(outside, path.join(dir, 'linked'));
    const reads: string[] = [];
    const project = loadProject({ dir, env: {}, boundary: { folders: [dir], refuseOutside: 'pass --allow-outside to read it' }, readFile: (f) => (reads.push(f), fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined) });
    assert.equal(project.services.get('up')!.build, undefined);
    assert.equal(project.services.get('link')!.build, undefined);
    assert.equal(project.services.get('big')!.build, undefined);
    assert.deepEqual(project.services.get('ok')!.build!.exposed.map((e) => e.port), [8080]);
    assert.ok(!reads.some((f) => f.includes('outside') || f.includes('linked') || f.includes('big')), `read: ${reads.join(', ')}`);
    assert.ok(project.sources.get(path.join(dir, 'ok/Dockerfile')), 'the Dockerfile read is one of the project’s sources');
  });

  it('reads a Dockerfile beside the Compose file\u2019s folder when the project\u2019s folders hold it (`deploy/compose.yaml` building `..`)', () => {
    const root = writeProject({
      'deploy/compose.yaml': 'services:\n  api:\n    build:\n      context: ..\n      dockerfile: app/Dockerfile\n',
      'app/Dockerfile': 'FROM alpine\nEXPOSE 8080\n',
    });
    const dir = path.join(root, 'deploy');
    const refused = { refuseOutside: 'pass --allow-outside to read it' };
    const within = loadProject({ dir, env: {}, boundary: { folders: [root], ...refused } });
    assert.deepEqual(within.services.get('api')!.build!.exposed.map((e) => e.port), [8080]);
    // The Compose file's folder alone, outside reads refused: not read, as before.
    assert.equal(loadProject({ dir, env: {}, boundary: { folders: [dir], ...refused } }).services.get('api')!.build, undefined);
    // Outside reads allowed (a trusted workspace, --allow-outside): read.
    assert.deepEqual(loadProject({ dir, env: {}, boundary: { folders: [dir] } }).services.get('api')!.build!.exposed.map((e) => e.port), [8080]);
  });

  it('parses a Dockerfile once while its text is the same', () => {
    const cache: DockerfileCache = new Map();
    const files = { 'compose.yaml': 'services:\n  a:\n    build: .\n', Dockerfile: 'FROM alpine\nEXPOSE 80\n' };
    load(files, { dockerfileCache: cache });
    const first = cache.get(path.resolve('/virtual/proj/Dockerfile'))!.parsed;
    load(files, { dockerfileCache: cache });
    assert.equal(cache.get(path.resolve('/virtual/proj/Dockerfile'))!.parsed, first);
    load({ ...files, Dockerfile: 'FROM alpine\nEXPOSE 81\n' }, { dockerfileCache: cache });
    assert.notEqual(cache.get(path.resolve('/virtual/proj/Dockerfile'))!.parsed, first);
  });

  it('knows a Dockerfile by its names', () => {
    for (const name of ['Dockerfile', 'Dockerfile.dev', 'api.Dockerfile', 'web.dockerfile', 'Containerfile']) assert.ok(isDockerfileName(`/p/${name}`), name);
    for (const name of ['compose.yaml', 'Dockerfiles', 'README.md']) assert.ok(!isDockerfileName(`/p/${name}`), name);
  });

  describe('as listen evidence', () => {
    function evidence(yaml: string, dockerfile: string): string[] {
      const def = load({ 'compose.yaml': yaml, 'app/Dockerfile': dockerfile }).services.get('app')!;
      return declaredListenPorts(def).map((e) => `${e.port} ${e.source} ${e.via}`);
    }

    it('counts EXPOSE, ENV, CMD and HEALTHCHECK', () => {
      const dockerfile = 'FROM node:20\nENV PORT=3000\nEXPOSE 3000 9229\nCMD ["node", "server.js", "--metrics-port", "9100"]\nHEALTHCHECK CMD curl -f http://localhost:3001/health\n';
      assert.deepEqual(evidence('services:\n  app:\n    build: ./app\n', dockerfile), ['3000 dockerfile EXPOSE', '9229 dockerfile EXPOSE', '9100 dockerfile CMD --metrics-port', '3001 healthcheck HEALTHCHECK']);
    });

    it('lets the Compose entry replace them: `environment`, `command`, `entrypoint` (which drops CMD too), `healthcheck`', () => {
      const dockerfile = 'FROM node:20\nENV PORT=3000\nENTRYPOINT ["serve", "--listen", "4000"]\nCMD ["--port", "5000"]\nHEALTHCHECK CMD curl -f http://localhost:3001/health\n';
      const yaml = 'services:\n  app:\n    build: ./app\n    environment:\n      PORT: "8000"\n    entrypoint: ["python", "app.py"]\n    healthcheck:\n      test: "true"\n';
      assert.deepEqual(evidence(yaml, dockerfile), ['8000 environment PORT']);
      assert.deepEqual(evidence('services:\n  app:\n    build: ./app\n    command: ["--port", "6000"]\n', dockerfile), ['6000 command --port', '3000 dockerfile ENV PORT', '4000 dockerfile ENTRYPOINT --listen', '3001 healthcheck HEALTHCHECK']);
    });

    it('makes the ports of a built service known: a peer reaching another port is told', () => {
      const m = buildNetworkModel(load({ 'compose.yaml': 'services:\n  app:\n    build: ./app\n', 'app/Dockerfile': 'FROM node:20\nEXPOSE 3000\n' }));
      assert.equal(m.listensOn('app', 3000), 'yes');
      assert.equal(m.listensOn('app', 8000), 'no');
    });
  });
});
