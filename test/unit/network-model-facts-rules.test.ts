// Model facts the network rules of issue 3 rely on (facts of shared/docs/docker-networking.md):
// listen addresses, networks named next to a network_mode, located static addresses, subnets.
import * as assert from 'node:assert/strict';
import { buildNetworkModel } from '../../server/src/network/model';
import { inSubnet, parseAddress, parseSubnet } from '../../server/src/network/cidr';
import { programsOf } from '../../server/src/network/references';
import type { NetworkModel } from '../../server/src/network/types';
import { closestName, editDistance } from '../../server/src/rules/support/nearNames';
import { load } from '../helpers/project';

function model(yaml: string): NetworkModel {
  return buildNetworkModel(load({ 'compose.yaml': yaml }));
}

function binds(m: NetworkModel, from: string): string[] {
  return m.references.filter((r) => r.from === from && r.role === 'listen').map((r) => r.host);
}

describe('network model: listen addresses (fact 5)', () => {
  it('reads -h as a listen address for servers that mean it (flask, postgres), not for clients (psql, mysqladmin)', () => {
    const m = model(`services:
  web:
    image: python
    command: ["flask", "run", "-h", "127.0.0.1"]
  pg:
    image: postgres
    command: sh -c "exec postgres -h localhost"
  client:
    image: postgres
    command: psql -U postgres -h db
  admin:
    image: mysql
    command: mysqladmin ping -h 127.0.0.1
`);
    assert.deepEqual(binds(m, 'web'), ['127.0.0.1']);
    assert.deepEqual(binds(m, 'pg'), ['localhost']);
    assert.deepEqual(binds(m, 'client'), []);
    assert.deepEqual(binds(m, 'admin'), []);
  });

  it('reads listen_addresses=, --ip and memcached -l as listen addresses, at their characters', () => {
    const yaml = `services:
  db:
    image: postgres
    command: ["postgres", "-c", "listen_addresses=localhost"]
  nb:
    image: jupyter
    command: jupyter lab --ip=127.0.0.1
  cache:
    image: memcached
    command: memcached -l 127.0.0.1 -p 11211
`;
    const m = model(yaml);
    const db = m.references.find((r) => r.from === 'db' && r.role === 'listen')!;
    assert.equal(yaml.slice(db.hostLoc.start, db.hostLoc.end), 'localhost');
    assert.equal(db.exact, true);
    assert.deepEqual(binds(m, 'nb'), ['127.0.0.1']);
    assert.deepEqual(binds(m, 'cache'), ['127.0.0.1']);
  });

  it('takes no reference from a name the outside world uses for the service (VIRTUAL_HOST, SERVER_NAME, *_PUBLIC_HOST)', () => {
    const m = model(`services:
  shop:
    image: shop
    environment:
      VIRTUAL_HOST: shop
      SERVER_NAME: shop-front
      APP_PUBLIC_HOST: store
      DB_HOST: db
  db:
    image: postgres
`);
    assert.deepEqual(m.references.filter((r) => r.from === 'shop').map((r) => r.envKey ?? r.host), ['DB_HOST']);
  });

  it('reads ASPNETCORE_URLS as where the server listens', () => {
    const m = model(`services:
  web:
    image: mcr.microsoft.com/dotnet/aspnet
    environment:
      ASPNETCORE_URLS: http://localhost:5000
`);
    assert.deepEqual(m.references.map((r) => [r.role, r.host, r.port]), [['listen', 'localhost', 5000]]);
  });

  it('finds the programs a command runs through sh -c, exec, env assignments and python -m', () => {
    assert.deepEqual(programsOf('sh -c "exec flask run"'), ['flask']);
    assert.deepEqual(programsOf('A=1 /usr/bin/gunicorn app && nginx'), ['gunicorn', 'nginx']);
    assert.deepEqual(programsOf('python3 -m flask run -h 0.0.0.0'), ['flask']);
  });
});

describe('network model: addresses in listener lists', () => {
  it('splits Kafka listener lists whose names hold underscores, so no listener name is taken for a host', () => {
    const m = model(`services:
  kafka:
    image: confluentinc/cp-kafka
    environment:
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:29092,PLAINTEXT_HOST://localhost:9092
`);
    assert.deepEqual(m.references.map((r) => `${r.scheme}://${r.host}:${r.port}`), ['plaintext://kafka:29092', 'plaintext_host://localhost:9092']);
  });
});

describe('network model: what the declaration rules need', () => {
  it('fact 2/13: keeps the networks a service names even when network_mode makes Compose refuse them', () => {
    const m = model(`services:
  mon:
    image: mon
    network_mode: host
    networks: [metrics]
networks:
  metrics: {}
`);
    const mon = m.services.get('mon')!;
    assert.deepEqual(mon.attachments, [], 'host mode has no endpoint');
    assert.deepEqual(mon.listedNetworks.map((n) => n.network), ['metrics']);
  });

  it('fact 2: a service in another\'s namespace resolves the owner\'s extra_hosts (one /etc/hosts)', () => {
    const m = model(`services:
  vpn:
    image: vpn
    extra_hosts: ["nas:10.0.0.9"]
  app:
    image: app
    network_mode: service:vpn
`);
    assert.deepEqual(m.resolve('app', 'nas'), { kind: 'extra-host', address: '10.0.0.9' });
  });

  it('external_links name containers outside the project; dns_search is kept for bare names (fact 10)', () => {
    const m = model(`services:
  app:
    image: app
    external_links: ["shared_redis_1:cache"]
    dns_search: [corp.example]
`);
    assert.deepEqual(m.resolve('app', 'cache'), { kind: 'external' });
    assert.deepEqual(m.services.get('app')!.dnsSearch, ['corp.example']);
  });

  it('fact 15: locates static addresses and long-syntax published ports without their quotes', () => {
    const yaml = `services:
  dns:
    image: dns
    ports:
      - target: 53
        published: "5353"
    networks:
      lan:
        ipv4_address: "172.28.0.2"
        ipv6_address: fd00::2
networks:
  lan:
    ipam:
      config:
        - subnet: 172.28.0.0/16
`;
    const m = model(yaml);
    const a = m.services.get('dns')!.attachments[0];
    assert.equal(yaml.slice(a.ipv4Loc!.start, a.ipv4Loc!.end), '172.28.0.2');
    assert.equal(yaml.slice(a.ipv6Loc!.start, a.ipv6Loc!.end), 'fd00::2');
    const p = m.services.get('dns')!.ports[0];
    assert.equal(yaml.slice(p.publishedLoc!.start, p.publishedLoc!.end), '5353');
    assert.deepEqual(m.networks.get('lan')!.subnets, ['172.28.0.0/16']);
  });

  it('fact 15: tells whether an address lies in a subnet, IPv4 and IPv6 (compressed, embedded IPv4)', () => {
    const v4 = parseSubnet('172.28.0.0/16')!;
    assert.equal(inSubnet(parseAddress('172.28.255.1')!, v4), true);
    assert.equal(inSubnet(parseAddress('172.29.0.1')!, v4), false);
    const v6 = parseSubnet('fd00:1::/64')!;
    assert.equal(inSubnet(parseAddress('fd00:1::5')!, v6), true);
    assert.equal(inSubnet(parseAddress('fd00:2::5')!, v6), false);
    assert.equal(inSubnet(parseAddress('::ffff:10.0.0.1')!, parseSubnet('::ffff:0:0/96')!), true);
    assert.equal(inSubnet(parseAddress('10.0.0.1')!, v6), false, 'families never mix');
    for (const bad of ['300.1.1.1', 'db', '1:2:3', 'fd00::1::2']) assert.equal(parseAddress(bad), undefined, bad);
    assert.equal(parseSubnet('10.0.0.0/33'), undefined);
  });

  it('suggests a name only when it is a slip: at most two edits and under a third of the name', () => {
    assert.equal(editDistance('apii', 'api'), 1);
    assert.equal(closestName('apii', ['api', 'web']), 'api');
    assert.equal(closestName('rediss', ['redis', 'db']), 'redis');
    assert.equal(closestName('db', ['dc', 'web']), undefined, 'two letters: one edit is another name');
    assert.equal(closestName('elastic', ['api', 'redis']), undefined);
  });
});
