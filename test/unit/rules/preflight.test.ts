// The pre-flight rules (live mode, before `up`) on fixtures: test/fixtures/rules/<id>/<case>/ holds a
// Compose project and `engine.json`, an engine answer in the API's shape (what `live/read.ts` reads),
// turned into the live document as live mode does. The real-engine tests are in test/live/preflight.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { settleDrift, type Analysis } from '../../../server/src/analysis';
import { driftFindings } from '../../../server/src/live/drift';
import type { EngineAnswer } from '../../../server/src/live/read';
import { topologyFromEngine } from '../../../server/src/live/snapshot';
import { DOCUMENTED_DEFAULT_POOLS, freeSubnet } from '../../../server/src/network/addressPools';
import { parseSubnet } from '../../../server/src/network/cidr';
import { createCommand, missingExternalNetworks } from '../../../server/src/rules/externalNetworkMissing';
import { PREFLIGHT_RULES } from '../../../server/src/rules/preflight';
import { parseRouteTables } from '../../../server/src/live/hostRoutes';
import type { TopologyDocument } from '../../../server/src/topology/types';
import { analyseFixture, applyAndRecheck, describeFinding, fixtureDir } from '../../helpers/fixtures';

function engine(rule: string, name: string, change?: (answer: EngineAnswer) => void): TopologyDocument {
  const answer = JSON.parse(fs.readFileSync(path.join(fixtureDir(rule, name), 'engine.json'), 'utf8')) as EngineAnswer;
  change?.(answer);
  return topologyFromEngine(answer, { address: 'unix:///fixture.sock' });
}

function live(analysis: Analysis, doc: TopologyDocument, rule: string) {
  return settleDrift(analysis.model, driftFindings(analysis.model, doc)).filter((f) => f.rule === rule);
}

function described(rule: string, name: string, change?: (answer: EngineAnswer) => void): string[] {
  const a = analyseFixture(rule, name);
  return live(a, engine(rule, name, change), rule).map((f) => describeFinding(a, f));
}

describe('pre-flight rules (live, on recorded engine answers)', () => {
  it('are each in their own file with a doc page, and live mode reports their ids', () => {
    assert.deepEqual(PREFLIGHT_RULES.map((r) => r.id), ['external-network-missing', 'host-port-taken', 'name-shadowed', 'subnet-overlap']);
    const problems: string[] = [];
    for (const r of PREFLIGHT_RULES) {
      assert.ok(r.docs.endsWith(`/docs/rules/${r.id}.md`));
      const page = fs.readFileSync(path.resolve(__dirname, `../../../../docs/rules/${r.id}.md`), 'utf8');
      if (!page.startsWith(`# ${r.id}\n`) || !page.includes(`**Severity:** ${r.severity}`)) problems.push(`${r.id}: title or severity`);
      for (const section of ['## What it catches', '## Wrong', '## Right', '## Silence it', `netlens-disable-next-line ${r.id}`]) if (!page.includes(section)) problems.push(`${r.id}: no "${section}"`);
      if (!/## Why it (breaks|matters)/.test(page) || !/fact \d+/.test(page)) problems.push(`${r.id}: no "Why" naming a Docker fact`);
      if (r.id !== 'subnet-overlap' && !page.includes('Live mode only')) problems.push(`${r.id}: not said to be live`);
    }
    assert.deepEqual(problems, []);
  });

  describe('host-port-taken', () => {
    const RULE = 'host-port-taken';
    it('names the holder of each host port the project cannot bind: by address, protocol and range, as the engine decides', () => {
      assert.deepEqual(described(RULE, 'fires'), [
        'web compose.yaml:6:10-6:14 "8080"',
        'api compose.yaml:14:20-14:24 "9000"',
        'batch compose.yaml:19:10-19:19 "7000-7001"',
        'pool compose.yaml:23:10-23:19 "6000-6001"',
        'v6 compose.yaml:29:10-29:14 "5001"',
        'console compose.yaml:37:10-37:14 "8443"',
        'metrics compose.yaml:42:21-42:25 "8090"',
      ]);
      const a = analyseFixture(RULE, 'fires');
      const msgs = live(a, engine(RULE, 'fires'), RULE).map((f) => f.message);
      assert.match(msgs[0], /^`web` publishes 0\.0\.0\.0:8080 → container 80\/tcp, but host port 8080\/tcp is already held by container `other-proxy-1` \(of project `other`, publishing 0\.0\.0\.0:8080→80\/tcp, \[::\]:8080→80\/tcp\)/);
      assert.match(msgs[1], /container `legacy` \(of no Compose project, publishing 0\.0\.0\.0:9000→9000\/tcp\)/);
      assert.match(msgs[2], /host port 7001\/tcp is already held by container `other-worker-1`/);
      assert.match(msgs[3], /every host port of 6000-6001\/tcp is already held/);
      assert.match(msgs[4], /\[::1\]:5001→80\/tcp/);
      assert.match(msgs[5], /container `shop-admin-1` \(of project `shop`/, 'another service of the project holds it');
      assert.match(msgs[6], /container `shop-old-1` \(of project `shop`/, 'a leftover of a service the file no longer has holds it');
      assert.ok(live(a, engine(RULE, 'fires'), RULE).every((f) => f.severity === 'error'));
    });

    it('is silent on free ports, other addresses and protocols, a range with a free port, host mode, and its own running service', () => {
      assert.deepEqual(described(RULE, 'clean'), []);
    });
  });

  describe('name-shadowed', () => {
    const RULE = 'name-shadowed';
    it('warns where a name the project resolves is also answered on a shared external network, by alias, container name or hostname', () => {
      assert.deepEqual(described(RULE, 'fires'), [
        'api compose.yaml:6:32-6:34 "db"',
        'api compose.yaml:7:19-7:24 "cache"',
        'api compose.yaml:9:26-9:32 "search"',
      ]);
      const a = analyseFixture(RULE, 'fires');
      const [db] = live(a, engine(RULE, 'fires'), RULE);
      assert.equal(db.severity, 'warning');
      assert.match(db.message, /^`api` reaches `db` meaning this project's `db` on `shop_back`, but on the external network `platform` `billing-db-1` \(project `billing`\) also answers to `db`/);
    });

    it('is silent for names only the other project answers, names of its own containers, links, and stopped containers', () => {
      assert.deepEqual(described(RULE, 'clean'), []);
      const stopped = described(RULE, 'fires', (answer) => {
        for (const c of answer.containers) c.State = { Status: 'exited' };
      });
      assert.deepEqual(stopped, []);
    });
  });

  describe('external-network-missing', () => {
    const RULE = 'external-network-missing';
    it('reports each external network the engine lacks, with the command the file implies', () => {
      assert.deepEqual(described(RULE, 'fires'), ['null compose.yaml:16:3-16:11 "platform"', 'null compose.yaml:18:3-18:7 "mesh"', 'null compose.yaml:22:3-22:6 "lan"']);
      const a = analyseFixture(RULE, 'fires');
      const missing = missingExternalNetworks(a.model, engine(RULE, 'fires'));
      assert.deepEqual(missing.map((m) => createCommand(m.create)), [
        'docker network create platform',
        'docker network create --driver overlay --attachable company-mesh',
        'docker network create --subnet 192.168.50.0/24 --label team=infra office-lan',
      ]);
      assert.match(missing[2].finding.message, /Create it first \(`docker network create --subnet 192\.168\.50\.0\/24 --label team=infra office-lan`\)/);
    });

    it('is silent when the engine has them (`host` included)', () => {
      assert.deepEqual(described(RULE, 'clean'), []);
    });
  });

  describe('subnet-overlap against the engine', () => {
    const RULE = 'subnet-overlap';
    it('reports a subnet overlapping a network on the engine, not the project’s own network of the same name, with a free range', () => {
      const a = analyseFixture(RULE, 'engine');
      assert.deepEqual(a.findings.filter((f) => f.rule === RULE), [], 'no overlap inside the file');
      assert.deepEqual(described(RULE, 'engine'), ['null compose.yaml:14:20-14:33 "172.18.0.0/24"', 'null compose.yaml:18:19-18:32 "172.17.5.0/24"', 'null compose.yaml:24:19-24:30 "fd00:1::/64"']);
      const [back, mgmt, v6] = live(a, engine(RULE, 'engine'), RULE);
      assert.match(back.message, /^Subnet 172\.18\.0\.0\/24 of network `back` overlaps 172\.18\.0\.0\/16 of the network `billing_default` \(project `billing`\) already on the engine: creating `shop_back` fails \("Pool overlaps with other one on this address space"\), so `docker compose up` stops\. 172\.20\.0\.0\/24 is free in Docker's default address pools\.$/);
      assert.match(mgmt.message, /network `bridge` already on the engine.* 172\.20\.0\.0\/24 is free/);
      assert.doesNotMatch(v6.message, /is free/);
      assert.deepEqual(mgmt.fixes, [], 'no fix where a gateway hangs on the old range');
      assert.deepEqual(back.fixes.map((f) => f.title), ['Use the free range 172.20.0.0/24']);
      const { files } = applyAndRecheck(RULE, 'engine', a, back.fixes[0]);
      const fixed = [...files.values()][0];
      assert.match(fixed, /- subnet: "172\.20\.0\.0\/24"/);
    });

    it('reports a subnet over a route of the engine’s machine (a LAN, a VPN), not over the engine’s own bridges, with a range clear of both', () => {
      const a = analyseFixture(RULE, 'engine');
      const routes = parseRouteTables(
        [
          'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
          'eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0',
          'docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0',
          'wg0\t0000150A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0',
        ].join('\n'),
        '00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 00000400 00000001 00000000 00200200       lo\nfd000002000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n',
      );
      assert.deepEqual(routes, [
        { subnet: '172.17.0.0/16', interface: 'docker0' },
        { subnet: '10.21.0.0/16', interface: 'wg0' },
        { subnet: 'fd00:0002:0000:0000:0000:0000:0000:0000/64', interface: 'eth0' },
      ]);
      const doc = engine(RULE, 'engine', (answer) => {
        answer.networks = [];
        answer.hostRoutes = routes;
      });
      const text = fs.readFileSync(path.join(fixtureDir(RULE, 'engine'), 'compose.yaml'), 'utf8');
      const found = live(a, doc, RULE).map((f) => f.message);
      // The fixture's subnets: 172.18.0.0/24 and 172.17.5.0/24 (the engine's docker0 route: no host route), fd00:1::/64.
      assert.ok(text.includes('172.17.5.0/24'));
      assert.deepEqual(found, []);
      const wg = engine(RULE, 'engine', (answer) => {
        answer.networks = [];
        answer.hostRoutes = [{ subnet: '172.18.0.0/16', interface: 'wg0' }];
      });
      const [onVpn] = live(a, wg, RULE);
      assert.match(onVpn.message, /^Subnet 172\.18\.0\.0\/24 of network `back` overlaps 172\.18\.0\.0\/16, which this machine reaches through `wg0`: `docker compose up` creates `shop_back` all the same, and its containers no longer reach the hosts of 172\.18\.0\.0\/16 \(a LAN or a VPN\).* 172\.17\.0\.0\/24 is free in Docker's default address pools and clear of the host's routes\.$/);
    });

    it('takes the free range from the daemon’s own pools when it shows them', () => {
      const a = analyseFixture(RULE, 'engine');
      const doc = engine(RULE, 'engine', (answer) => (answer.info.DefaultAddressPools = [{ Base: '10.99.0.0/16', Size: 24 }]));
      assert.deepEqual(doc.engine?.default_address_pools, [{ base: '10.99.0.0/16', size: 24 }]);
      assert.match(live(a, doc, RULE)[0].message, /10\.99\.0\.0\/24 is free in the engine's default address pools\.$/);
    });

    it('finds a free range past wide networks, within the pools, or none', () => {
      const s = (t: string) => parseSubnet(t)!;
      assert.equal(freeSubnet(24, [s('172.17.0.0/16'), s('172.18.0.0/16'), s('172.19.0.0/16'), s('172.20.0.0/24')]), '172.20.1.0/24');
      assert.equal(freeSubnet(16, [s('172.16.0.0/12')]), '192.168.0.0/16');
      assert.equal(freeSubnet(12, []), undefined, 'no pool is that wide');
      assert.equal(freeSubnet(20, [s('172.16.0.0/12'), s('192.168.0.0/16')]), undefined);
      assert.equal(DOCUMENTED_DEFAULT_POOLS[0].base, '172.17.0.0/16');
    });
  });

  it('`# netlens-disable-next-line` silences a pre-flight finding', () => {
    const a = analyseFixture('host-port-taken', 'fires');
    const text = fs.readFileSync(path.join(fixtureDir('host-port-taken', 'fires'), 'compose.yaml'), 'utf8').replace('      - "8080:80"', '      # netlens-disable-next-line host-port-taken\n      - "8080:80"');
    const file = path.join(fixtureDir('host-port-taken', 'fires'), 'compose.yaml');
    const { after } = applyAndRecheck('host-port-taken', 'fires', a, { title: 'comment', edits: [{ loc: { file, start: 0, end: a.project.sources.get(file)!.text.length }, newText: text }] });
    const found = live(after, engine('host-port-taken', 'fires'), 'host-port-taken').map((f) => f.service);
    assert.deepEqual(found, ['api', 'batch', 'pool', 'v6', 'console', 'metrics']);
  });
});
