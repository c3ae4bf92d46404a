// Bad input never crashes a rule: odd types where the network keys expect lists, maps or strings.
import * as assert from 'node:assert/strict';
import { check } from '../../helpers/project';

const ODD = [
  'services:\n  a:\n    networks: front\n    network_mode: 12\n    ports: {a: b}\n  b:\n    networks:\n      x:\n        ipv4_address: 12\n        ipv6_address: [1]\nnetworks: [front]\n',
  'services:\n  a:\n    network_mode: "service:"\n    links: "x"\n    extra_hosts: 5\nnetworks:\n  x:\n    ipam: 5\n  y: null\n',
  'services: {a: {networks: [null, 1, {x: 1}], ports: [null, "", ":", "a:b", "70000:1"], environment: {A: "http://:80", B: "@@"}}}\nnetworks: "str"\n',
  'services:\n  a:\n    network_mode: host\n    ports: [80]\n    command: ["-h"]\n    environment: [HOST=localhost]\n  b:\n    command: "flask run -h"\n    network_mode: service:a\n    ports: 8080\n',
  'services:\n  a:\n    image: x\n    networks:\n      n:\n        ipv4_address: "not an ip"\nnetworks:\n  n:\n    ipam:\n      config:\n        - subnet: "10.0.0.0/99"\n        - {}\n',
];

describe('network rules on odd input', () => {
  it('report what they can and never fail', () => {
    for (const text of ODD) {
      const a = check({ 'compose.yaml': text });
      assert.deepEqual(a.findings.filter((f) => /^Rule .* failed/.test(f.message)).map((f) => f.message), [], text);
    }
  });

  it('say so plainly when `network_mode: service:` names nothing', () => {
    const a = check({ 'compose.yaml': ODD[1] });
    assert.ok(a.findings.some((f) => f.rule === 'network-mode-conflict' && f.message === '`a` sets `network_mode: service:` without a service name.'));
  });
});
