// Bad input never crashes a rule: odd types where the rules of this catalogue look (ports, deploy,
// extra_hosts, links, container_name, driver, driver_opts, networks) give findings or nothing, and
// no "Rule X failed" finding from the engine's safety net.
import * as assert from 'node:assert/strict';
import { check } from '../../helpers/project';

const ODD = `x-base: &base
  image: base
  extra_hosts: ["a:1.2.3.4"]
services:
  a:
    <<: *base
    environment:
      U: http://host.docker.internal:80
  b:
    ports: 5
    deploy: "x"
    extra_hosts: 5
    links: {a: b}
    container_name: [1]
    scale: many
  c:
    deploy: { endpoint_mode: dnsrr, replicas: 2 }
    container_name: null
    ports: [null, {target: nope}, "1-2:3-4", {target: 80, mode: [host]}]
    extra_hosts:
    links: [~, "a:", ":x", "nosuch"]
    environment:
      H: http://host.docker.internal
  d: null
  e:
    image: e
    networks: {n1: null, n2: [1], n4: {}}
networks:
  n1: { driver: [overlay], driver_opts: [parent] }
  n2: { driver: macvlan, driver_opts: { parent: null } }
  n3: null
  n4: { driver: overlay, internal: yes }
`;

describe('rules on odd input', () => {
  it('report what they can and never fail', () => {
    const a = check({ 'compose.yaml': ODD });
    const failed = a.findings.filter((f) => /^Rule .* failed/.test(f.message));
    assert.deepEqual(failed.map((f) => f.message), []);
    const got = a.findings.filter((f) => f.severity !== 'error' || f.rule !== 'compose-structure').map((f) => `${f.rule} ${f.service}`);
    // The entries that still make sense are judged; the rest is skipped.
    // `endpoint_mode` makes it a stack file, where overlays are right: overlay-without-swarm stays silent.
    for (const expected of ['host-gateway-missing a', 'host-gateway-missing c', 'dnsrr-ingress-ports c', 'macvlan-no-parent null']) {
      assert.ok(got.includes(expected), `${expected} in ${got.join(', ')}`);
    }
    // A dnsrr port range has no long-syntax form: reported, but without a fix.
    const range = a.findings.find((f) => f.rule === 'dnsrr-ingress-ports' && /1-2:3-4/.test(f.message))!;
    assert.deepEqual(range.fixes, []);
    // An empty `extra_hosts:` has no style to follow: reported, without a fix.
    assert.deepEqual(a.findings.find((f) => f.rule === 'host-gateway-missing' && f.service === 'c')!.fixes, []);
  });
});
