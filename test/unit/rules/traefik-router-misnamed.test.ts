import * as assert from 'node:assert/strict';
import { analyseFixture, applyAndRecheck, findingsOf } from '../../helpers/fixtures';
import { check } from '../../helpers/project';

const RULE = 'traefik-router-misnamed';

describe(`rule ${RULE}`, () => {
  it('fires at the first label of a router with settings and no rule, naming the router of the same service that has the rule', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), [
      'portainer compose.yaml:12:7-12:44 "traefik.http.routers.menu.entrypoints"',
      'grafana compose.yaml:19:10-19:54 "traefik.http.routers.grafana-old.middlewares"',
    ]);
    const portainer = a.findings.find((f) => f.rule === RULE && f.service === 'portainer')!;
    assert.equal(portainer.severity, 'warning');
    assert.equal(
      portainer.message,
      "`portainer`'s labels give router `menu` `entrypoints`, `tls` and no `rule`, and no service gives `menu` one; its router `portainer` has the rule and no `entrypoints`, `tls`: these labels were probably meant for `portainer`. As written, Traefik gives `menu` its default rule (a host named after the container) and `portainer` goes without these settings; a container elsewhere defining `menu` would have both rejected as one router defined differently.",
    );
    assert.equal(portainer.related[0].message, 'router `portainer` gets its rule here');
  });

  it('renames the router in each of those labels, and nothing is left to say', () => {
    const a = analyseFixture(RULE, 'fires');
    const portainer = a.findings.find((f) => f.rule === RULE && f.service === 'portainer')!;
    assert.equal(portainer.fixes[0].title, 'Write these labels for router `portainer`');
    const { files, after } = applyAndRecheck(RULE, 'fires', a, portainer.fixes[0]);
    const text = [...files.values()][0];
    assert.match(text, /traefik\.http\.routers\.portainer\.entrypoints: websecure\n\s+traefik\.http\.routers\.portainer\.tls: "true"\n/);
    assert.deepEqual(findingsOf(after, RULE).filter((f) => f.startsWith('portainer')), []);
  });

  it('is silent for complete routers, routers relying on the default rule beside one with its own settings, UDP routers and traefik.enable=false', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });

  it('with two routers of the service that could be meant, names both and offers no rename', () => {
    const a = check({
      'compose.yaml': ['services:', '  web:', '    image: example/web:1', '    labels:', '      - "traefik.http.routers.a.rule=Host(`a.example.com`)"', '      - "traefik.http.routers.b.rule=Host(`b.example.com`)"', '      - "traefik.http.routers.c.entrypoints=web"', ''].join('\n'),
    });
    const found = a.findings.filter((f) => f.rule === RULE);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /its routers `a` and `b` have the rule and no `entrypoints`: this label was probably meant for one of them\. As written, Traefik gives `c` its default rule \(a host named after the container\) and that router goes without this setting;/);
    assert.deepEqual(found[0].fixes, []);
    assert.equal(found[0].related.length, 2);
  });

  it('leaves a router another service gives a rule to traefik-router-conflict', () => {
    const a = check({
      'compose.yaml': [
        'services:',
        '  api:',
        '    image: example/api:1',
        '    labels:',
        '      - "traefik.http.routers.api.rule=PathPrefix(`/api`)"',
        '      - "traefik.http.routers.shared.middlewares=auth@docker"',
        '  api2:',
        '    image: example/api:1',
        '    labels:',
        '      - "traefik.http.routers.shared.rule=PathPrefix(`/v2`)"',
        '',
      ].join('\n'),
    });
    assert.deepEqual(a.findings.filter((f) => f.rule === RULE).map((f) => f.message), []);
    assert.deepEqual(a.findings.filter((f) => f.rule === 'traefik-router-conflict').map((f) => f.service), ['api', 'api2']);
  });
});
