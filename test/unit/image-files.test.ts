// Files a service receives from its build context: what the Dockerfile's COPY/ADD put at the paths its
// program reads are read like mounted files, a Compose mount at the same path still wins, and where
// the Dockerfile is not in the project a context of its own says by its files' names what it copies.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadProject, type ComposeProject } from '../../server/src/compose/project';
import { analyse } from '../../server/src/analysis';
import { removeProjects, writeProject } from '../helpers/project';

function mounted(project: ComposeProject, dir: string): string[] {
  const out: string[] = [];
  for (const def of project.services.values()) for (const m of def.mountedFiles) out.push(`${def.name} ${m.kind} ${m.target} ← ${path.relative(dir, m.file)}`);
  return out;
}

const UPSTREAM = 'events {}\nhttp { server { listen 80; location / { proxy_pass http://app:8080; } } }\n';

describe('files the image copies from its build context', () => {
  after(removeProjects);

  it('reads what COPY and ADD put where the program reads it: files, folders, wildcards, WORKDIR, the stage that runs', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', '  proxy:', '    build: ./proxy', '  app:', '    image: app'].join('\n'),
      'proxy/Dockerfile': [
        'FROM alpine AS tools',
        'COPY unused.conf /etc/nginx/conf.d/unused.conf',
        'FROM nginx:1.27',
        'COPY --from=tools /etc/nginx/conf.d/unused.conf /etc/nginx/conf.d/',
        'COPY nginx.conf /etc/nginx/nginx.conf',
        'WORKDIR /etc/nginx',
        'COPY ["sites/", "conf.d/"]',
        'ADD --chown=nginx extra/*.conf /etc/nginx/extra/',
        'ADD https://example.invalid/x.conf /etc/nginx/conf.d/remote.conf',
      ].join('\n'),
      'proxy/nginx.conf': UPSTREAM,
      'proxy/unused.conf': UPSTREAM,
      'proxy/sites/a.conf': UPSTREAM,
      'proxy/extra/b.conf': UPSTREAM,
      'proxy/extra/readme.txt': 'not configuration',
    });
    const project = loadProject({ dir, env: {} });
    assert.deepEqual(mounted(project, dir).sort(), [
      'proxy nginx /etc/nginx/conf.d/a.conf ← proxy/sites/a.conf',
      'proxy nginx /etc/nginx/extra/b.conf ← proxy/extra/b.conf',
      'proxy nginx /etc/nginx/nginx.conf ← proxy/nginx.conf',
    ]);
    assert.deepEqual(project.problems, []);
  });

  it('a Compose mount at the same path hides what the image copies there', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', '  proxy:', '    build: ./proxy', '    volumes:', '      - ./mine.conf:/etc/nginx/nginx.conf:ro', '  app:', '    image: app'].join('\n'),
      'proxy/Dockerfile': 'FROM nginx\nCOPY nginx.conf /etc/nginx/\n',
      'proxy/nginx.conf': UPSTREAM,
      'mine.conf': UPSTREAM,
    });
    assert.deepEqual(mounted(loadProject({ dir, env: {} }), dir), ['proxy nginx /etc/nginx/nginx.conf ← mine.conf']);
  });

  it('the image a service builds gives the family a command-named file needs (`FROM prom/prometheus` + `--config.file`)', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', '  prom:', '    build: ./prom', '    command: ["--config.file=/srv/scrape.yml"]', '  app:', '    image: app'].join('\n'),
      'prom/Dockerfile': 'FROM prom/prometheus:v2\nCOPY scrape.yml /srv/\n',
      'prom/scrape.yml': 'scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ["app:9100"]\n',
    });
    assert.deepEqual(mounted(loadProject({ dir, env: {} }), dir), ['prom prometheus /srv/scrape.yml ← prom/scrape.yml']);
  });

  it('finds the proxy cut off from its upstream through the file its image copies (no-shared-network, located in the file)', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', '  proxy:', '    build: ./proxy', '    ports: ["80:80"]', '  app:', '    image: app', '    networks: [back]', 'networks:', '  back: {}'].join('\n'),
      'proxy/Dockerfile': 'FROM nginx\nCOPY nginx.conf /etc/nginx/nginx.conf\n',
      'proxy/nginx.conf': UPSTREAM,
    });
    const findings = analyse(loadProject({ dir, env: {} })).findings.filter((f) => f.rule === 'no-shared-network');
    assert.equal(findings.length, 1, JSON.stringify(findings.map((f) => f.message)));
    assert.equal(findings[0].loc.file, path.join(dir, 'proxy/nginx.conf'));
  });

  it('without a Dockerfile in the project, a context folder of its own says by its files’ names what it copies; a Compose file’s folder does not', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', '  proxy:', '    build: ./proxy', '  search:', '    build: .', '  app:', '    image: app'].join('\n'),
      'proxy/nginx.conf': UPSTREAM,
      'proxy/notes.conf': UPSTREAM,
      // The project's own folder: this nginx.conf belongs to no image `search` builds.
      'nginx.conf': UPSTREAM,
    });
    assert.deepEqual(mounted(loadProject({ dir, env: {} }), dir), ['proxy nginx /etc/nginx/nginx.conf ← proxy/nginx.conf']);
  });

  it('copies nothing from outside the build context, nor from a context outside the project', () => {
    const dir = writeProject({
      'compose.yaml': ['services:', '  proxy:', '    build: ./proxy', '  app:', '    image: app'].join('\n'),
      'proxy/Dockerfile': 'FROM nginx\nCOPY ../nginx.conf /etc/nginx/nginx.conf\n',
      'nginx.conf': UPSTREAM,
    });
    assert.deepEqual(mounted(loadProject({ dir, env: {} }), dir), []);
  });
});
