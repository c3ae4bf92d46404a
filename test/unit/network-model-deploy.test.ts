// Facts the model gained for the driver, swarm and egress rules, each with the fact it encodes.
import * as assert from 'node:assert/strict';
import { buildNetworkModel } from '../../server/src/network/model';
import { ipv4InSubnet, isIpOutsideProject, isOutsideProject, isPublicName } from '../../server/src/network/egress';
import { nameMentions } from '../../server/src/network/mentions';
import type { NetworkModel } from '../../server/src/network/types';
import { load } from '../helpers/project';

function model(yaml: string): NetworkModel {
  return buildNetworkModel(load({ 'compose.yaml': yaml }));
}

function text(m: NetworkModel, loc: { file: string; start: number; end: number } | undefined): string | undefined {
  return loc ? m.project.sources.get(loc.file)!.slice(loc) : undefined;
}

describe('network model: drivers, deployment and egress', () => {
  it('fact 20: a network keeps its driver’s place and its driver_opts (macvlan/ipvlan need parent)', () => {
    const m = model(`services:
  app:
    image: app
    networks: [lan, plain]
networks:
  lan:
    driver: macvlan
    driver_opts:
      parent: eth0
      macvlan_mode: bridge
  plain: {}
`);
    const lan = m.networks.get('lan')!;
    assert.equal(lan.driver, 'macvlan');
    assert.equal(text(m, lan.driverLoc), 'macvlan');
    assert.deepEqual(lan.driverOpts, { parent: 'eth0', macvlan_mode: 'bridge' });
    const plain = m.networks.get('plain')!;
    assert.equal(plain.driver, 'bridge');
    assert.equal(plain.driverLoc, undefined);
    assert.deepEqual(plain.driverOpts, {});
  });

  it('fact 22: endpoint_mode and the publish mode of each port are read, with their places', () => {
    const m = model(`services:
  dns:
    image: dns
    deploy:
      endpoint_mode: dnsrr
    ports:
      - "53:53/udp"
      - target: 8080
        mode: host
`);
    const dns = m.services.get('dns')!;
    assert.equal(dns.endpointMode, 'dnsrr');
    assert.equal(text(m, dns.endpointModeLoc), 'dnsrr');
    assert.deepEqual(dns.ports.map((p) => p.mode), ['ingress', 'host']);
  });

  it('replicas come from deploy.replicas or scale, with their place; container_name keeps its pair', () => {
    const m = model(`services:
  a:
    image: a
    container_name: fixed
    deploy:
      replicas: 3
  b:
    image: b
    scale: 2
  c:
    image: c
`);
    const a = m.services.get('a')!;
    assert.equal(a.replicas, 3);
    assert.equal(text(m, a.replicasLoc), '3');
    assert.equal(a.containerNamePair?.key, 'container_name');
    assert.equal(text(m, a.containerNamePair?.value.loc), 'fixed');
    assert.equal(m.services.get('b')!.replicas, 2);
    assert.equal(text(m, m.services.get('b')!.replicasLoc), '2');
    assert.equal(m.services.get('c')!.replicas, 1);
    assert.equal(m.services.get('c')!.replicasLoc, undefined);
  });

  it('IPv4 subnets contain what they should', () => {
    assert.equal(ipv4InSubnet('172.28.5.1', '172.28.0.0/16'), true);
    assert.equal(ipv4InSubnet('172.29.0.1', '172.28.0.0/16'), false);
    assert.equal(ipv4InSubnet('10.1.2.3', '0.0.0.0/0'), true);
    assert.equal(ipv4InSubnet('10.1.2.3', '10.1.2.3'), true);
    assert.equal(ipv4InSubnet('300.1.2.3', '10.0.0.0/8'), false);
    assert.equal(ipv4InSubnet('10.1.2.3', 'nonsense'), false);
  });

  it('fact 10: outside the project are public names and addresses in no project subnet', () => {
    const declared = model(`services:
  w:
    image: w
    networks: [back]
networks:
  back:
    internal: true
    ipam:
      config:
        - subnet: 172.28.0.0/16
`);
    assert.equal(isPublicName(declared, 'api.stripe.com'), true);
    assert.equal(isPublicName(declared, 'printer.local'), false, 'mDNS');
    assert.equal(isPublicName(declared, 'db'), false, 'single label');
    assert.equal(isPublicName(declared, 'tasks.w'), false, 'fact 21: tasks.<service>');
    assert.equal(isPublicName(declared, 'host.docker.internal'), false, 'fact 11 has its own rule');
    assert.equal(isIpOutsideProject(declared, '172.28.0.9'), false);
    assert.equal(isIpOutsideProject(declared, '10.0.0.9'), true, 'every subnet is declared, so a private address elsewhere is outside');
    assert.equal(isIpOutsideProject(declared, '127.0.0.1'), false);
    assert.equal(isOutsideProject(declared, '8.8.8.8'), true);
    // With a subnet Docker picks itself, a private address may be on it: only public ones count.
    const picked = model(`services:
  w:
    image: w
`);
    assert.equal(isIpOutsideProject(picked, '172.18.0.5'), false);
    assert.equal(isIpOutsideProject(picked, '1.1.1.1'), true);
  });

  it('counts a name’s uses as a word in environment, command, entrypoint and healthcheck, not inside other words', () => {
    const m = model(`services:
  web:
    image: web
    environment:
      CACHE_URL: redis://redis:6379
      OTHER: redis-cli
      PATH_LIKE: /data/redis
      FQDN: redis.example.com
      WITH_USER: redis://app:secret@redis:6379
    command: sh -c "redis-cli -h redis ping"
    healthcheck:
      test: ["CMD", "nc", "-z", "REDIS", "6379"]
`);
    const def = m.services.get('web')!.def;
    // redis://redis:6379 and …@redis:6379 → the hosts only (not the schemes); -h redis; REDIS (names are case-insensitive).
    assert.equal(nameMentions(def, 'redis'), 4);
    assert.equal(nameMentions(def, 'cache'), 0);
    assert.equal(nameMentions(def, ''), 0);
  });
});
