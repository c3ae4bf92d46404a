// The network model against shared/docs/docker-networking.md: each test names the fact it encodes.
import * as assert from 'node:assert/strict';
import { buildNetworkModel } from '../../server/src/network/model';
import { findAddresses } from '../../server/src/network/addresses';
import { parsePort } from '../../server/src/network/ports';
import { DEFAULT_BRIDGE, type NetworkModel } from '../../server/src/network/types';
import { load } from '../helpers/project';

function model(yaml: string, extra: Record<string, string> = {}, profiles: string[] = []): NetworkModel {
  return buildNetworkModel(load({ 'compose.yaml': yaml, ...extra }, { profiles }));
}

const TWO_NETWORKS = `name: demo
services:
  web:
    image: nginx
    networks: [front]
  api:
    image: api
    container_name: api-main
    hostname: api-host
    networks:
      front:
        aliases: [backend-api]
      back: {}
  db:
    image: postgres:16
    networks: [back]
networks:
  front: {}
  back:
    internal: true
    ipam:
      config:
        - subnet: 172.30.0.0/24
`;

describe('network model (facts of shared/docs/docker-networking.md)', () => {
  it('fact 1: localhost, 127.0.0.1 and ::1 are the container itself', () => {
    const m = model(TWO_NETWORKS);
    for (const host of ['localhost', '127.0.0.1', '::1', '0.0.0.0']) assert.deepEqual(m.resolve('web', host), { kind: 'loopback' });
  });

  it('fact 2: network_mode service:X shares X’s namespace: X’s listeners are on its localhost, its names are X’s', () => {
    const m = model(`services:
  vpn:
    image: vpn
    networks: [front]
  app:
    image: app
    network_mode: service:vpn
    expose: ["8080"]
  other:
    image: other
    networks: [front]
networks:
  front: {}
`);
    assert.equal(m.services.get('app')!.namespaceOwner, 'vpn');
    assert.deepEqual(m.services.get('app')!.attachments, []);
    assert.equal(m.listensOn('vpn', 8080), 'yes', 'app listens inside vpn’s namespace');
    assert.deepEqual(m.sharedNetworks('app', 'other'), ['front']);
    assert.deepEqual(m.resolve('app', 'other'), { kind: 'service', target: 'other', network: 'front', via: 'service' });
    assert.deepEqual(m.resolve('other', 'app'), { kind: 'unreachable', target: 'app', reason: 'namespace-member' });
  });

  it('fact 3: host mode has no endpoint, resolves no service names, and keeps its ports for the rules to flag', () => {
    const m = model(`services:
  mon:
    image: mon
    network_mode: host
    ports: ["9100:9100"]
  db:
    image: postgres
`);
    const mon = m.services.get('mon')!;
    assert.equal(mon.networkMode.kind, 'host');
    assert.deepEqual(mon.attachments, []);
    assert.equal(mon.ports.length, 1);
    assert.deepEqual(m.resolve('mon', 'db'), { kind: 'unreachable', target: 'db', reason: 'host-mode' });
  });

  it('fact 4: network_mode none has only loopback', () => {
    const m = model('services:\n  box:\n    image: b\n    network_mode: none\n  db:\n    image: postgres\n');
    assert.deepEqual(m.services.get('box')!.attachments, []);
    assert.deepEqual(m.resolve('box', 'db'), { kind: 'unreachable', target: 'db', reason: 'none-mode' });
  });

  it('fact 5: a bind to 127.0.0.1 is recorded as where the service listens, not as a peer', () => {
    const m = model('services:\n  api:\n    image: api\n    command: gunicorn --bind 127.0.0.1:8000 app:app\n    ports: ["8000:8000"]\n');
    const binds = m.references.filter((r) => r.role === 'listen');
    assert.equal(binds.length, 1);
    assert.equal(binds[0].host, '127.0.0.1');
    assert.equal(binds[0].port, 8000);
    assert.equal(m.references.filter((r) => r.role === 'dial').length, 0);
  });

  it('fact 6: the default bridge has no DNS; only links give names there', () => {
    const m = model(`services:
  a:
    image: a
    network_mode: bridge
  b:
    image: b
    network_mode: bridge
  c:
    image: c
    network_mode: bridge
    links: ["a:alpha"]
`);
    assert.equal(m.services.get('a')!.attachments[0].network, DEFAULT_BRIDGE);
    assert.equal(m.networks.get(DEFAULT_BRIDGE)!.name, 'bridge');
    assert.deepEqual(m.resolve('b', 'a'), { kind: 'unreachable', target: 'a', reason: 'default-bridge' });
    assert.equal(m.resolve('c', 'alpha').kind, 'service');
    assert.equal(m.resolve('c', 'a').kind, 'service');
  });

  it('fact 7: on a user-defined network the service name, container_name, aliases and hostname resolve', () => {
    const m = model(TWO_NETWORKS);
    assert.deepEqual(m.resolve('web', 'api'), { kind: 'service', target: 'api', network: 'front', via: 'service' });
    assert.deepEqual(m.resolve('web', 'api-main'), { kind: 'service', target: 'api', network: 'front', via: 'container_name' });
    assert.deepEqual(m.resolve('web', 'backend-api'), { kind: 'service', target: 'api', network: 'front', via: 'alias' });
    assert.deepEqual(m.resolve('web', 'api-host'), { kind: 'service', target: 'api', network: 'front', via: 'hostname' });
    assert.deepEqual(m.namesOn('api', 'front').sort(), ['api', 'api-host', 'api-main', 'backend-api']);
  });

  it('fact 8: names do not resolve across networks; a service on two networks answers on both', () => {
    const m = model(TWO_NETWORKS);
    assert.deepEqual(m.resolve('web', 'db'), { kind: 'unreachable', target: 'db', reason: 'no-shared-network' });
    assert.deepEqual(m.resolve('db', 'api'), { kind: 'service', target: 'api', network: 'back', via: 'service' });
    assert.equal(m.resolve('db', 'backend-api').kind, 'unreachable', 'the alias is only on front');
  });

  it('fact 9: several services answering to one alias are all indexed (round robin)', () => {
    const m = model(`services:
  a1:
    image: a
    networks: {n: {aliases: [pool]}}
  a2:
    image: a
    networks: {n: {aliases: [pool]}}
  client:
    image: c
    networks: [n]
networks:
  n: {}
`);
    assert.deepEqual(m.namesOn('a1', 'n').sort(), ['a1', 'pool']);
    assert.deepEqual(m.namesOn('a2', 'n').sort(), ['a2', 'pool']);
    assert.equal(m.resolve('client', 'pool').kind, 'service');
  });

  it('fact 10: names outside the project go to the host’s resolver', () => {
    const m = model(TWO_NETWORKS);
    assert.deepEqual(m.resolve('web', 'api.example.com'), { kind: 'external' });
    assert.deepEqual(m.resolve('web', 'nosuchname'), { kind: 'unknown' });
  });

  it('fact 11: host.docker.internal resolves only through extra_hosts host-gateway', () => {
    const m = model('services:\n  a:\n    image: a\n    extra_hosts: ["host.docker.internal:host-gateway", "legacy=10.1.2.3"]\n  b:\n    image: b\n');
    assert.deepEqual(m.resolve('a', 'host.docker.internal'), { kind: 'host-gateway' });
    assert.deepEqual(m.resolve('a', 'legacy'), { kind: 'extra-host', address: '10.1.2.3' });
    assert.deepEqual(m.resolve('b', 'host.docker.internal'), { kind: 'external' });
  });

  it('fact 12: a service without networks joins <project>_default; the project name is normalised', () => {
    const m = buildNetworkModel(load({ 'compose.yaml': 'services:\n  a:\n    image: a\n  b:\n    image: b\n' }, {}, '/virtual/My_Shop'));
    assert.equal(m.networks.get('default')!.name, 'my_shop_default');
    assert.equal(m.networks.get('default')!.declared, false);
    assert.deepEqual(m.networks.get('default')!.members, ['a', 'b']);
    assert.deepEqual(m.resolve('a', 'b'), { kind: 'service', target: 'b', network: 'default', via: 'service' });
  });

  it('fact 13: a service that lists networks joins only those', () => {
    const m = model(TWO_NETWORKS);
    assert.equal(m.networks.has('default'), false);
    assert.deepEqual(m.services.get('api')!.attachments.map((a) => a.network), ['front', 'back']);
  });

  it('fact 14: external networks keep their own name', () => {
    const m = model('services:\n  a:\n    image: a\n    networks: [proxy, named]\nnetworks:\n  proxy:\n    external: true\n  named:\n    external: true\n    name: traefik_public\n');
    assert.equal(m.networks.get('proxy')!.name, 'proxy');
    assert.equal(m.networks.get('proxy')!.kind, 'external');
    assert.equal(m.networks.get('named')!.name, 'traefik_public');
  });

  it('fact 15: static addresses and subnets are recorded', () => {
    const m = model(`services:
  a:
    image: a
    networks:
      back:
        ipv4_address: 172.30.0.10
networks:
  back:
    ipam:
      config:
        - subnet: 172.30.0.0/24
`);
    assert.equal(m.services.get('a')!.attachments[0].ipv4, '172.30.0.10');
    assert.deepEqual(m.networks.get('back')!.subnets, ['172.30.0.0/24']);
  });

  it('fact 16: internal networks are marked; members still resolve each other', () => {
    const m = model(TWO_NETWORKS);
    assert.equal(m.networks.get('back')!.internal, true);
    assert.equal(m.resolve('db', 'api').kind, 'service');
  });

  it('fact 17: a published port maps a host port to a container port; peers use the container port', () => {
    const m = model('services:\n  db:\n    image: custom\n    ports: ["8001:5432", "127.0.0.1:9000-9001:9000-9001/udp"]\n');
    const [first, second] = m.services.get('db')!.ports;
    assert.deepEqual([first.published, first.target, first.protocol, first.hostIp], [8001, 5432, 'tcp', undefined]);
    assert.deepEqual([second.hostIp, second.published, second.publishedEnd, second.target, second.protocol], ['127.0.0.1', 9000, 9001, 9000, 'udp']);
    assert.equal(m.listensOn('db', 5432), 'yes');
    // A published port is one listener the host needs, not every one: only `expose` (or the program's settings) tell the rest.
    assert.equal(m.listensOn('db', 8001), 'unknown');
    const exposed = model('services:\n  db:\n    image: custom\n    ports: ["8001:5432"]\n    expose: ["5432"]\n');
    assert.equal(exposed.listensOn('db', 8001), 'no');
  });

  it('fact 18: expose documents a listening port; image defaults and --port tell others', () => {
    const m = model('services:\n  a:\n    image: custom\n    expose: ["7000"]\n  pg:\n    image: postgres:16-alpine\n  app:\n    image: app\n    command: uvicorn main:app --host 0.0.0.0 --port 8001\n  b:\n    build: .\n');
    assert.equal(m.listensOn('a', 7000), 'yes');
    assert.equal(m.listensOn('pg', 5432), 'yes');
    assert.equal(m.listensOn('app', 8001), 'yes');
    assert.equal(m.listensOn('b', 80), 'unknown');
  });

  it('fact 19: a mapping without host IP binds every interface', () => {
    assert.equal(parsePort({ kind: 'scalar', value: '80:80', loc: { file: 'f', start: 0, end: 5 }, style: 'plain' })!.hostIp, undefined);
    assert.equal(parsePort({ kind: 'scalar', value: '[::1]:80:80', loc: { file: 'f', start: 0, end: 11 }, style: 'plain' })!.hostIp, '::1');
  });

  it('fact 20: drivers are recorded as written, bridge by default', () => {
    const m = model('services:\n  a:\n    image: a\n    networks: [o, m, plain]\nnetworks:\n  o:\n    driver: overlay\n    attachable: true\n  m:\n    driver: macvlan\n  plain: {}\n');
    assert.deepEqual(['o', 'm', 'plain'].map((n) => m.networks.get(n)!.driver), ['overlay', 'macvlan', 'bridge']);
    assert.equal(m.networks.get('o')!.attachable, true);
  });

  it('facts 21–22: endpoint mode and port publish mode are read', () => {
    const m = model('services:\n  s:\n    image: s\n    deploy:\n      endpoint_mode: dnsrr\n      replicas: 3\n    ports:\n      - target: 80\n        published: 8080\n        mode: host\n');
    const s = m.services.get('s')!;
    assert.equal(s.endpointMode, 'dnsrr');
    assert.equal(s.replicas, 3);
    assert.equal(s.ports[0].mode, 'host');
  });

  it('services of disabled profiles have no endpoint and are reported as inactive when addressed', () => {
    const m = model('services:\n  app:\n    image: a\n  dbg:\n    image: d\n    profiles: [debug]\n');
    assert.deepEqual(m.networks.get('default')!.members, ['app']);
    assert.deepEqual(m.resolve('app', 'dbg'), { kind: 'unreachable', target: 'dbg', reason: 'inactive' });
  });
});

describe('references', () => {
  it('finds URLs of any scheme, several hosts, bare host:port and *_HOST/*_PORT pairs, with exact ranges', () => {
    const yaml = `services:
  app:
    image: app
    env_file: app.env
    environment:
      DATABASE_URL: postgres://u:p@db:5432/x
      JDBC: jdbc:mysql://mysql:3306/app
      MONGO: mongodb://m1:27017,m2:27018/?replicaSet=rs
      - ignored
    command: ["--broker", "kafka:9092"]
    healthcheck:
      test: curl -f http://localhost:8080/health
`.replace('      - ignored\n', '');
    const m = model(yaml, { 'app.env': 'REDIS_HOST=cache\nREDIS_PORT=6380\nAMQP=amqp://rabbit\n' });
    const refs = m.references.filter((r) => r.role !== 'listen');
    const seen = refs.map((r) => `${r.host}:${r.port ?? ''}:${r.form}:${r.origin}`);
    assert.deepEqual(seen.sort(), [
      'cache:6380:host-var:env_file',
      'db:5432:url:environment',
      'kafka:9092:host-port:command',
      'localhost:8080:url:healthcheck',
      'm1:27017:url:environment',
      'm2:27018:url:environment',
      'mysql:3306:url:environment',
      'rabbit:5672:url:env_file',
    ]);
    const sources = m.project.sources;
    for (const r of refs) assert.equal(sources.get(r.hostLoc.file)!.slice(r.hostLoc), r.host, `range of ${r.host}`);
    const db = refs.find((r) => r.host === 'db')!;
    assert.equal(sources.get(db.portLoc!.file)!.slice(db.portLoc!), '5432');
    const check = refs.find((r) => r.host === 'localhost')!;
    assert.deepEqual([check.role, check.certainty, check.origin], ['dial', 'certain', 'healthcheck']);
    assert.equal(refs.find((r) => r.host === 'rabbit')!.portSource, 'scheme');
  });

  it('records depends_on as dependencies, not as addresses', () => {
    const m = model('services:\n  a:\n    image: a\n    depends_on: [b]\n  b:\n    image: b\n');
    assert.deepEqual(m.references.map((r) => [r.from, r.host, r.form]), [['a', 'b', 'dependency']]);
  });

  it('does not take times, versions or wildcards for addresses', () => {
    const found = findAddresses('at 12:30 use image:1.2 and listen http://+:8000 or *:80').map((a) => a.host);
    assert.deepEqual(found, ['+']);
    assert.deepEqual(findAddresses('PLAINTEXT://redpanda:29092,OUTSIDE://redpanda:9092').map((a) => `${a.host}:${a.port}`), ['redpanda:29092', 'redpanda:9092']);
  });

  it('maps a host inside an interpolated value back to its characters', () => {
    const m = model('services:\n  a:\n    image: a\n    environment:\n      URL: http://${HOST:-localhost}:${PORT:-3000}/x\n');
    const r = m.references.find((x) => x.host === 'localhost')!;
    assert.equal(r.exact, true);
    assert.equal(m.project.sources.get(r.hostLoc.file)!.slice(r.hostLoc), 'localhost');
  });
});

describe('resolution from a service on many networks', () => {
  // A service on many networks (a monitor on every project network) answers a name on the first of its networks, in
  // the order it lists them, where the name answers (fact 7 and `dnsNetworks`' order), whatever the order and overlap.
  it('answers on the first of its networks, in order, where the name answers; with few networks and many alike', () => {
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    let compared = 0;
    let onNetwork = 0;
    for (let round = 0; round < 60; round++) {
      const networkCount = 3 + next(14);
      const networks = Array.from({ length: networkCount }, (_, i) => `n${i}`);
      // The asker on a shuffled subset of the networks (sometimes few, sometimes many), the others on one or two each.
      const mine = networks.filter(() => next(3) > 0);
      for (let i = mine.length - 1; i > 0; i--) {
        const j = next(i + 1);
        [mine[i], mine[j]] = [mine[j], mine[i]];
      }
      if (mine.length === 0) mine.push(networks[0]);
      const peers = Array.from({ length: 6 }, (_, i) => ({ name: `p${i}`, alias: `shared${next(3)}`, on: [networks[next(networkCount)], networks[next(networkCount)]] }));
      const lines = ['name: many', 'services:', '  mon:', '    image: prom/prometheus', '    networks:', ...mine.map((n) => `      - ${n}`)];
      for (const p of peers) {
        lines.push(`  ${p.name}:`, '    image: app', '    networks:');
        for (const n of new Set(p.on)) lines.push(`      ${n}:`, `        aliases: [${p.alias}]`);
      }
      lines.push('networks:', ...networks.map((n) => `  ${n}: {}`));
      const m = model(lines.join('\n') + '\n');
      for (const host of [...peers.map((p) => p.name), 'shared0', 'shared1', 'shared2', 'nobody']) {
        const answersOn = (network: string) => peers.some((p) => p.on.includes(network) && (p.name === host || p.alias === host));
        const expected = mine.find(answersOn);
        const r = m.resolve('mon', host);
        const got = r.kind === 'service' ? r.network : undefined;
        assert.equal(got, expected, `mon on ${mine.join(',')} asks ${host} (peers ${JSON.stringify(peers)})`);
        compared++;
        if (expected !== undefined) onNetwork++;
      }
    }
    assert.ok(compared >= 500 && onNetwork > 100, `compared ${compared}, answered on a network ${onNetwork}`);
  });
});
