// traefik-network: Traefik must know which of a routed service's networks to use when it is not on all of
// them, by the engine's name of the network; its connections to routed services are references judged by
// the other rules (their ports, a network shared with none).
import * as assert from 'node:assert/strict';
import type { Analysis } from '../../../server/src/analysis';
import { rename } from '../../../server/src/features/rename';
import { topologyFromAnalysis } from '../../../server/src/topology/fromModel';
import { applyFix, check, textAt } from '../../helpers/project';

const RULE = 'traefik-network';

function project(app: string[], traefik: string[] = []): Record<string, string> {
  return {
    'compose.yaml': [
      'name: shop',
      'services:',
      '  traefik:',
      '    image: traefik:v3.1',
      '    command: ["--providers.docker=true"]',
      '    networks: [front]',
      ...traefik,
      '  app:',
      '    image: node:22',
      '    expose: ["3000"]',
      ...app,
      '  db:',
      '    image: postgres:16',
      '    networks: [back]',
      'networks:',
      '  front: {}',
      '  back: {}',
      '',
    ].join('\n'),
  };
}

const LIST_LABELS = ['    labels:', '      - "traefik.enable=true"', '      - "traefik.http.services.app.loadbalancer.server.port=3000"'];

function found(a: Analysis, rule = RULE): string[] {
  return a.findings.filter((f) => f.rule === rule).map((f) => `${f.severity} ${f.service} "${textAt(a, f.loc)}"`);
}

describe(`rule ${RULE}`, () => {
  it('warns when a routed service is on several networks, Traefik on some only, and nothing says which; the fix adds the label', () => {
    const files = project([...LIST_LABELS, '    networks: [front, back]']);
    const a = check(files);
    assert.deepEqual(found(a), ['warning app "traefik.enable"']);
    const f = a.findings.find((x) => x.rule === RULE)!;
    assert.match(f.message, /^`app` is on `front`, `back` and Traefik \(`traefik`\) only on `front` of them; .* requests over `back` time out \(504\)\. Name the shared network: `traefik\.docker\.network=shop_front`\.$/);
    const fixed = applyFix(files, f.fixes[0]);
    assert.match(fixed['compose.yaml'], /      - "traefik\.docker\.network=shop_front"\n    networks: \[front, back\]/);
    assert.deepEqual(found(check(fixed)), []);
  });

  it('adds the label in a mapping of labels and in deploy.labels too', () => {
    const map = project(['    labels:', '      traefik.enable: "true"', '    networks: [front, back]']);
    const fixedMap = applyFix(map, check(map).findings.find((x) => x.rule === RULE)!.fixes[0]);
    assert.match(fixedMap['compose.yaml'], /      traefik\.enable: "true"\n      traefik\.docker\.network: shop_front\n/);
    assert.deepEqual(found(check(fixedMap)), []);
    const deploy = project(['    deploy:', '      labels:', '        - traefik.http.routers.app.rule=Host(`x`)', '    networks: [front, back]']);
    const fixedDeploy = applyFix(deploy, check(deploy).findings.find((x) => x.rule === RULE)!.fixes[0]);
    assert.match(fixedDeploy['compose.yaml'], /        - "traefik\.docker\.network=shop_front"\n/);
  });

  it('a label naming the Compose key instead of the engine’s name: warning (Traefik falls back to any network), fixed to the engine’s name', () => {
    const files = project([...LIST_LABELS, '      - "traefik.docker.network=front"', '    networks: [front, back]']);
    const a = check(files);
    assert.deepEqual(found(a), ['warning app "front"']);
    assert.match(a.findings.find((x) => x.rule === RULE)!.message, /the engine calls that network `shop_front`/);
    assert.deepEqual(found(check(applyFix(files, a.findings.find((x) => x.rule === RULE)!.fixes[0]))), []);
    // Traefik on every network of the service: whatever it takes works.
    const everywhere = project([...LIST_LABELS, '      - "traefik.docker.network=front"', '    networks: [front, back]'], []);
    everywhere['compose.yaml'] = everywhere['compose.yaml'].replace('    networks: [front]\n', '    networks: [front, back]\n');
    assert.deepEqual(found(check(everywhere)), ['info app "front"']);
  });

  it('a label naming a network Traefik is not on: error, fixed to the shared one', () => {
    const files = project([...LIST_LABELS, '      - "traefik.docker.network=shop_back"', '    networks: [front, back]']);
    const a = check(files);
    assert.deepEqual(found(a), ['error app "shop_back"']);
    assert.deepEqual(found(check(applyFix(files, a.findings.find((x) => x.rule === RULE)!.fixes[0]))), []);
  });

  it('is silent when Traefik names the network for every service, is on all of them, or does not route the service', () => {
    assert.deepEqual(found(check(project([...LIST_LABELS, '    networks: [front, back]'], ['    environment:', '      TRAEFIK_PROVIDERS_DOCKER_NETWORK: shop_front']))), []);
    const byCommand = project([...LIST_LABELS, '    networks: [front, back]']);
    byCommand['compose.yaml'] = byCommand['compose.yaml'].replace('["--providers.docker=true"]', '["--providers.docker=true", "--providers.docker.network=shop_front"]');
    assert.deepEqual(found(check(byCommand)), []);
    assert.deepEqual(found(check(project([...LIST_LABELS, '    networks: [front]']))), []);
    assert.deepEqual(found(check(project(['    labels: ["traefik.enable=false", "traefik.http.routers.app.rule=Host(`x`)"]', '    networks: [front, back]']))), []);
    const noTraefik = project([...LIST_LABELS, '    networks: [front, back]']);
    noTraefik['compose.yaml'] = noTraefik['compose.yaml'].replace('image: traefik:v3.1', 'image: nginx');
    assert.deepEqual(found(check(noTraefik)), []);
  });

  it('Traefik’s connections are references: an arrow to each routed service, its label port judged, no shared network reported', () => {
    const a = check(project([...LIST_LABELS, '    networks: [front]']));
    const arrows = topologyFromAnalysis(a).references.filter((r) => r.from === 'traefik').map((r) => `${r.to}:${r.port} ${r.resolution}`);
    assert.deepEqual(arrows, ['app:3000 service']);
    const wrongPort = check(project(['    labels: ["traefik.http.services.app.loadbalancer.server.port=8080"]', '    networks: [front]']));
    assert.deepEqual(found(wrongPort, 'unknown-peer-port'), ['info traefik "8080"']);
    const published = check(project(['    labels: ["traefik.http.services.app.loadbalancer.server.port=13000"]', '    ports: ["13000:3000"]', '    networks: [front]']));
    assert.deepEqual(found(published, 'published-port-in-network'), ['error traefik "13000"']);
    const apart = check(project([...LIST_LABELS, '    networks: [back]']));
    assert.deepEqual(found(apart, 'no-shared-network'), ['error traefik "traefik.http.services.app.loadbalancer.server.port"']);
    assert.match(apart.findings.find((f) => f.rule === 'no-shared-network')!.message, /^`traefik` reaches `app` \(service `app`\) through the label `traefik\.http\.services\.app\.loadbalancer\.server\.port` of `app`, but they share no network/);
    assert.deepEqual(found(apart), []);
  });

  it('a routed service can still be renamed: the labels do not write its name', () => {
    const a = check(project([...LIST_LABELS, '    networks: [front]']));
    const file = a.project.files[0];
    const edit = rename(a, file, { line: 6, character: 3 }, 'web');
    const edits = Object.values(edit.changes ?? {}).flat();
    assert.ok(edits.length > 0 && edits.every((e) => e.newText === 'web'));
  });
});
