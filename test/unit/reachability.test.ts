// Who reaches whom (network/reachability.ts), against shared/docs/docker-networking.md: a project per "why",
// the bundled example's whole matrix, and agreement with `resolve` over the awesome-compose corpus.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProject } from '../../server/src/compose/project';
import { buildNetworkModel } from '../../server/src/network/model';
import { FROM_HOST, reachability, type PairReach } from '../../server/src/network/reachability';
import type { NetworkModel } from '../../server/src/network/types';
import { load } from '../helpers/project';

const ROOT = path.resolve(__dirname, '../../..');

function model(yaml: string, profiles: string[] = []): NetworkModel {
  return buildNetworkModel(load({ 'compose.yaml': yaml }, { profiles }));
}

function pair(m: NetworkModel, from: string, to: string): PairReach {
  const p = reachability(m).pair(from, to);
  assert.ok(p, `${from} → ${to}`);
  return p;
}

/** A pair in a few words: `+names@network:ports` or `-why`. */
function brief(p: PairReach): string {
  return p.reachable ? `+${p.names.join(',')}@${p.network ?? ''}:${p.ports.join(',')}${p.portsComplete ? '' : '?'}` : `-${p.why}`;
}

describe('reachability: who reaches whom, from the model', () => {
  it('a project larger than the rows kept: a pair asked again after every other row is the same verdict, its sentence written when read and kept in its JSON', () => {
    const lines = ['services:'];
    for (let i = 0; i < 90; i++) lines.push(`  s${i}:`, '    image: busybox', `    networks: [${i % 3 === 0 ? 'a' : 'b'}]`, ...(i % 5 === 0 ? ['    ports: ["80"]'] : []));
    lines.push('networks:', '  a: {}', '  b: {}', '');
    const m = model(lines.join('\n'));
    const r = reachability(m);
    const first = r.sources().map((from) => r.row(from).map((p) => JSON.parse(JSON.stringify(p))));
    assert.ok(first.flat().every((p) => typeof p.detail === 'string' && p.detail.length > 0 && Object.keys(p).length === 10));
    // The first rows are no longer kept: they are worked out again, to the same verdicts and sentences.
    const again = r.sources().map((from) => r.row(from).map((p) => ({ ...JSON.parse(JSON.stringify(p)), detail: p.detail })));
    assert.deepEqual(again, first);
    assert.equal(pair(m, 's0', 's3').reachable, true);
    assert.match(pair(m, 's0', 's1').detail, /`s0` \(`a`\) and `s1` \(`b`\) share no network/);
  });

  it('the bundled example: api → db works over backend, worker → cache fails for the default bridge, every pair as the model says', () => {
    const m = buildNetworkModel(loadProject({ dir: path.join(ROOT, 'examples'), env: {} }));
    const r = reachability(m);
    const all = r.sources().flatMap((from) => r.row(from).map((p) => `${p.from}→${p.to} ${brief(p)}`));
    assert.deepEqual(all, [
      'web→api +api@frontend:3000',
      'web→worker -default-bridge',
      'web→db -no-shared-network',
      'web→cache -no-shared-network',
      // nginx's ports: a published one and its family's guess, not known whole.
      'api→web +web@frontend:80?',
      'api→worker -default-bridge',
      'api→db +db@backend:5432',
      'api→cache +cache@backend:6379',
      'worker→web -default-bridge',
      'worker→api -default-bridge',
      'worker→db -default-bridge',
      'worker→cache -default-bridge',
      'db→api +api@backend:3000',
      'db→web -no-shared-network',
      'db→worker -default-bridge',
      'db→cache +cache@backend:6379',
      'cache→web -no-shared-network',
      'cache→api +api@backend:3000',
      'cache→worker -default-bridge',
      'cache→db +db@backend:5432',
      '(host)→web +localhost@:8080',
      '(host)→api +localhost@:3000',
      '(host)→worker -not-published',
      '(host)→db -not-published',
      '(host)→cache -not-published',
    ].sort((a, b) => order(a) - order(b)));
    assert.match(pair(m, 'worker', 'cache').detail, /default bridge, which has no DNS/);
  });

  it('facts 7 and 9: every name a peer answers to on a shared network, the service name first; ports it listens on', () => {
    const m = model(`services:
  web:
    image: nginx
    networks: [front]
  api:
    image: postgres:16
    container_name: api-main
    hostname: api-host
    networks:
      front:
        aliases: [backend-api]
      back: {}
networks:
  front: {}
  back: {}
`);
    const p = pair(m, 'web', 'api');
    assert.deepEqual({ names: p.names, network: p.network, via: p.via, ports: p.ports, complete: p.portsComplete }, { names: ['api', 'api-main', 'api-host', 'backend-api'], network: 'front', via: 'dns', ports: [5432], complete: true });
  });

  it('fact 8: no shared network', () => {
    const m = model(`services:
  a:
    image: a
    networks: [front]
  b:
    image: b
    networks: [back]
networks:
  front: {}
  back: {}
`);
    assert.equal(brief(pair(m, 'a', 'b')), '-no-shared-network');
    assert.match(pair(m, 'a', 'b').detail, /`a` \(`front`\) and `b` \(`back`\) share no network/);
  });

  it('fact 6: the default bridge has no DNS; links work there', () => {
    const m = model(`services:
  a:
    image: a
    network_mode: bridge
  b:
    image: redis:7
    network_mode: bridge
  c:
    image: c
    network_mode: bridge
    links: ["b:cache"]
`);
    assert.equal(brief(pair(m, 'a', 'b')), '-default-bridge');
    assert.match(pair(m, 'a', 'b').detail, /are on the default bridge/);
    const linked = pair(m, 'c', 'b');
    assert.equal(brief(linked), '+cache,b@bridge:6379');
    assert.equal(linked.via, 'link');
  });

  it('fact 3: host network mode resolves no service name, but reaches published ports and host-network peers on localhost', () => {
    const m = model(`services:
  h:
    image: h
    network_mode: host
  h2:
    image: nginx
    network_mode: host
  quiet:
    image: q
  pub:
    image: nginx
    ports: ["127.0.0.1:8080:80"]
  caller:
    image: c
  gw:
    image: g
    extra_hosts: ["host.docker.internal:host-gateway"]
`);
    assert.equal(brief(pair(m, 'h', 'quiet')), '-host-mode');
    assert.match(pair(m, 'h', 'quiet').detail, /service names do not resolve/);
    assert.equal(brief(pair(m, 'h', 'pub')), '+127.0.0.1@:8080');
    assert.equal(pair(m, 'h', 'pub').via, 'published');
    assert.equal(brief(pair(m, 'h', 'h2')), '+localhost@:80?');
    assert.equal(brief(pair(m, 'caller', 'h2')), '-host-mode');
    assert.equal(brief(pair(m, 'gw', 'h2')), '+host.docker.internal@:80?');
    assert.equal(pair(m, 'gw', 'h2').via, 'host-gateway');
    assert.equal(brief(pair(m, FROM_HOST, 'h2')), '+localhost@:80?');
  });

  it('fact 4: network_mode none reaches nothing and nothing reaches it', () => {
    const m = model(`services:
  n:
    image: n
    network_mode: none
    ports: ["80:80"]
  a:
    image: a
`);
    assert.equal(brief(pair(m, 'n', 'a')), '-none-mode');
    assert.equal(brief(pair(m, 'a', 'n')), '-none-mode');
    assert.equal(brief(pair(m, FROM_HOST, 'n')), '-none-mode');
  });

  it('a service whose profile is not enabled is not started', () => {
    const yaml = `services:
  a:
    image: a
  debug:
    image: redis:7
    profiles: [debug]
`;
    assert.equal(brief(pair(model(yaml), 'a', 'debug')), '-inactive');
    assert.equal(brief(pair(model(yaml), 'debug', 'a')), '-inactive');
    assert.equal(brief(pair(model(yaml), FROM_HOST, 'debug')), '-inactive');
    assert.equal(brief(pair(model(yaml, ['debug']), 'a', 'debug')), '+debug@default:6379');
  });

  it('fact 2: one namespace is one loopback; a member is reached by its owner’s names, on the namespace’s ports', () => {
    const m = model(`services:
  vpn:
    image: vpn
    ports: ["8080:8080"]
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
    assert.equal(brief(pair(m, 'app', 'vpn')), '+localhost@:8080');
    assert.equal(pair(m, 'app', 'vpn').via, 'localhost');
    assert.equal(brief(pair(m, 'vpn', 'app')), '+localhost@:8080');
    const member = pair(m, 'other', 'app');
    assert.equal(brief(member), '+vpn@front:8080');
    assert.match(member.detail, /`app` runs in `vpn`'s network namespace; its own name does not resolve/);
    // The member reaches others through its owner's networks.
    assert.equal(brief(pair(m, 'app', 'other')), '+other@front:?');
    assert.equal(brief(pair(m, FROM_HOST, 'app')), '+localhost@:8080');
  });

  it('a namespace of a container outside the project', () => {
    const m = model(`services:
  side:
    image: s
    network_mode: container:some-container
  a:
    image: a
`);
    assert.equal(brief(pair(m, 'side', 'a')), '-external-namespace');
    assert.equal(brief(pair(m, 'a', 'side')), '-external-namespace');
    assert.equal(brief(pair(m, FROM_HOST, 'side')), '-external-namespace');
  });

  it('every name of the target answers for another service first on the caller’s networks', () => {
    const m = model(`services:
  caller:
    image: c
    networks: [a, b]
  other:
    image: o
    networks:
      a:
        aliases: [t]
  t:
    image: t
    networks: [b]
networks:
  a: {}
  b: {}
`);
    assert.equal(m.resolve('caller', 't').kind === 'service' && (m.resolve('caller', 't') as { target: string }).target, 'other');
    assert.equal(brief(pair(m, 'caller', 't')), '-name-taken');
  });

  it('from the host: published ports, none published, and fact 16: only internal networks publish nothing', () => {
    const m = model(`services:
  web:
    image: nginx
    ports: ["8080:80", "9000-9002:9000-9002", "127.0.0.1:5000:5000", "7000"]
  quiet:
    image: q
  hidden:
    image: nginx
    ports: ["8081:80"]
    networks: [inner]
networks:
  inner:
    internal: true
`);
    const web = pair(m, FROM_HOST, 'web');
    assert.deepEqual({ names: web.names, ports: web.ports, via: web.via }, { names: ['localhost', '127.0.0.1'], ports: [5000, 8080, 9000, 9001, 9002], via: 'published' });
    assert.equal(brief(pair(m, FROM_HOST, 'quiet')), '-not-published');
    assert.equal(brief(pair(m, FROM_HOST, 'hidden')), '-internal-only');
    assert.match(pair(m, FROM_HOST, 'hidden').detail, /only on internal networks/);
  });

  it('fact 20: from the host, a service only on macvlan networks publishes nothing and is not reached; its peers there reach it', () => {
    const m = model(`services:
  a:
    image: a
    networks: [lan]
  b:
    image: nginx
    ports: ["8080:80"]
    networks: [lan]
networks:
  lan:
    driver: macvlan
    driver_opts:
      parent: eth0
`);
    assert.equal(brief(pair(m, FROM_HOST, 'b')), '-direct-network');
    assert.equal(pair(m, 'a', 'b').reachable, true);
  });

  it('fact 16: internal networks still connect their members; fact 15: a static address and the extra_hosts name for it', () => {
    const m = model(`services:
  a:
    image: a
    networks: [inner]
    extra_hosts: ["dbhost:10.5.0.9"]
  b:
    image: postgres:16
    networks:
      inner:
        ipv4_address: 10.5.0.9
networks:
  inner:
    internal: true
    ipam:
      config:
        - subnet: 10.5.0.0/24
`);
    assert.equal(brief(pair(m, 'a', 'b')), '+b,dbhost,10.5.0.9@inner:5432');
    // The extra_hosts name is the caller's own, and the address the engine gives b there.
    assert.deepEqual(pair(m, 'a', 'b').names, ['b', 'dbhost', '10.5.0.9']);
  });

  it('ports: unknown when nothing lists them, complete when a confident source does', () => {
    const m = model(`services:
  a:
    image: a
  built:
    build: ./built
  db:
    image: postgres:16
`);
    assert.equal(brief(pair(m, 'a', 'built')), '+built@default:?');
    assert.equal(brief(pair(m, 'a', 'db')), '+db@default:5432');
  });

  it('is built once per model, each pair once', () => {
    const m = model('services:\n  a:\n    image: a\n  b:\n    image: b\n');
    assert.equal(reachability(m), reachability(m));
    assert.equal(reachability(m).pair('a', 'b'), reachability(m).pair('a', 'b'));
    assert.equal(reachability(m).pair('a', 'a'), undefined);
    assert.equal(reachability(m).pair('a', 'nope'), undefined);
    assert.deepEqual(reachability(m).sources(), ['a', 'b', FROM_HOST]);
  });

  it('agrees with resolve on every pair of the awesome-compose corpus', () => {
    const corpus = path.resolve(ROOT, '../shared/corpus/awesome-compose');
    const folders = fs.readdirSync(corpus, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.'));
    let pairs = 0;
    let reachable = 0;
    for (const folder of folders) {
      const m = buildNetworkModel(loadProject({ dir: path.join(corpus, folder.name), env: {} }));
      for (const from of m.services.keys()) {
        for (const p of reachability(m).row(from)) {
          pairs++;
          if (p.reachable) reachable++;
          const res = m.resolve(from, p.to);
          const where = `${folder.name}: ${from} → ${p.to}`;
          if (res.kind === 'service' && res.target === p.to && res.via !== 'namespace') assert.ok(p.reachable && p.names[0] === p.to.toLowerCase(), `${where}: resolve says it resolves, the pair says ${brief(p)}`);
          if (res.kind === 'unreachable' && ['no-shared-network', 'default-bridge', 'none-mode', 'inactive'].includes(res.reason)) assert.equal(p.why, res.reason, where);
          if (!p.reachable) assert.ok(p.names.length === 0 && p.network === null && p.why !== null, where);
        }
      }
    }
    assert.ok(pairs > 100 && reachable > 50, `${pairs} pairs, ${reachable} reachable`);
  });
});

/** The model's order: services in file order, then the host. */
function order(line: string): number {
  const names = ['web', 'api', 'worker', 'db', 'cache', '(host)'];
  const [from, rest] = line.split('→');
  return names.indexOf(from) * 10 + names.indexOf(rest.split(' ')[0]);
}
