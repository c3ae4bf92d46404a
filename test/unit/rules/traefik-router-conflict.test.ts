import * as assert from 'node:assert/strict';
import { analyseFixture, applyAndRecheck, findingsOf } from '../../helpers/fixtures';

const RULE = 'traefik-router-conflict';

describe(`rule ${RULE}`, () => {
  it('fires at each service defining one router differently, naming the other and what differs', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['menu compose.yaml:10:10-10:40 "traefik.http.routers.site.rule"', 'portainer compose.yaml:16:7-16:37 "traefik.http.routers.site.rule"']);
    const menu = a.findings.find((f) => f.rule === RULE)!;
    assert.equal(menu.severity, 'warning');
    assert.equal(
      menu.message,
      'Router `site` is defined by `menu` and by `portainer` with different settings (`rule`, `service`); Traefik rejects a router defined differently by several containers ("Router defined multiple times with different configurations") and routes none of them through it. Give each service its own router name.',
    );
    assert.equal(menu.related[0].message, '`portainer` defines router `site` here');
  });

  it('renames the router in every label of the service, list or mapping alike, and nothing is left to say', () => {
    const a = analyseFixture(RULE, 'fires');
    const portainer = a.findings.find((f) => f.rule === RULE && f.service === 'portainer')!;
    const { files, after } = applyAndRecheck(RULE, 'fires', a, portainer.fixes[0]);
    const text = [...files.values()][0];
    assert.match(text, /traefik\.http\.routers\.portainer\.rule: Host\(`portainer\.example\.com`\)\n\s+traefik\.http\.routers\.portainer\.entrypoints: web\n/);
    assert.match(text, /"traefik\.http\.routers\.site\.rule=Host\(`menu\.example\.com`\)"/);
    assert.deepEqual(findingsOf(after, RULE), []);
  });

  it('is silent for distinct routers, identical definitions naming one Traefik service, services not started and traefik.enable=false', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
