// The collapsed view of a large project: one node per network group, with its service count and its
// findings; arrows merged per pair of groups; an expanded group shows its own services again.
import * as assert from 'node:assert/strict';
import { collapseElements, groupIds, UNATTACHED_GROUP } from '../../../server/src/topology/collapse';
import { topologyElements } from '../../../server/src/topology/elements';
import type { TopologyDocument } from '../../../server/src/topology/types';

const EVIL = `<img src=x onerror="window.__pwned=1">`;

function doc(): TopologyDocument {
  const net = (name: string) => ({ name, key: name, kind: 'project' as const, driver: 'bridge', internal: false, external: false, attachable: false, subnets: [] });
  const svc = (name: string, networks: string[], ports = 0) => ({
    name,
    image: 'img',
    replicas: 1,
    active: true,
    network_mode: networks.length ? null : 'host',
    namespace_of: null,
    networks: networks.map((n) => ({ network: n, aliases: [], names: [name], ipv4: null, mac: null })),
    ports: Array.from({ length: ports }, (_, i) => ({ host_ip: null, published: 8000 + i, target: 80, protocol: 'tcp' as const })),
  });
  const ref = (from: string, to: string, findings: string[] = []) => ({ from, to, name: to, port: 80, network: null, kind: 'url' as const, findings, resolution: 'service' as const });
  return {
    version: 1,
    source: 'file',
    project: 'p',
    networks: [net('front'), net('back'), net(EVIL)],
    services: [svc('web', ['front'], 1), svc('api', ['front', 'back']), svc('db', ['back']), svc('cache', ['back']), svc('agent', []), svc('x', [EVIL])],
    references: [ref('web', 'api'), ref('api', 'db', ['localhost-peer']), ref('api', 'cache'), ref('web', 'db'), ref('db', 'cache')],
    findings: [
      { rule: 'localhost-peer', severity: 'error', message: 'api reaches db on localhost', service: 'api' },
      { rule: 'published-db', severity: 'warning', message: 'db is published', service: 'cache' },
    ],
  } as unknown as TopologyDocument;
}

describe('topology: collapsed view of a large project', () => {
  const full = topologyElements(doc());
  const byId = (els: typeof full) => new Map(els.map((e) => [e.data.id, e]));

  it('groups services by their first network, plus one group for services on no network', () => {
    assert.deepEqual(groupIds(full).sort(), ['net:back', 'net:front', `net:${EVIL}`, UNATTACHED_GROUP].sort());
  });

  it('all collapsed: one node per group with its count and findings, arrows merged between groups, ports merged on the host', () => {
    const view = collapseElements(full, new Set());
    const els = byId(view);
    assert.equal(view.filter((e) => e.data.kind === 'service').length, 0, 'no service drawn');
    assert.equal(view.filter((e) => e.data.kind === 'port').length, 0, 'no port drawn');
    const front = els.get('net:front')!;
    assert.equal(front.data.members, 2);
    // api's localhost-peer finding is drawn on its arrow to db (front → back), not on the group.
    assert.equal(front.data.label, 'front\nbridge\n2 services');
    assert.equal(front.data.severity, undefined);
    assert.ok(front.classes.split(' ').includes('group'));
    assert.match(front.data.tooltip, /2 services \(double-click to expand\): web, api/);
    const back = els.get('net:back')!;
    assert.equal(back.data.members, 2);
    assert.equal(back.data.severity, 'warning', 'the finding of a collapsed service marks its group');
    assert.ok(back.classes.includes('finding') && back.classes.includes('sev-warning'), back.classes);
    assert.match(back.data.label, /^back\nbridge\n2 services · 1 finding$/);
    assert.match(back.data.tooltip, /warning published-db: db is published/);
    assert.equal(els.get(UNATTACHED_GROUP)?.data.members, 1);
    // web→api stays inside front; api→db, api→cache, web→db become one arrow front → back carrying the error.
    const refs = view.filter((e) => e.data.kind === 'reference');
    assert.equal(refs.length, 1, refs.map((r) => r.data.id).join(', '));
    const merged = refs[0];
    assert.equal(merged.data.source, 'net:front');
    assert.equal(merged.data.target, 'net:back');
    assert.equal(merged.data.label, '3 references');
    assert.equal(merged.data.severity, 'error');
    assert.ok(merged.classes.split(' ').includes('finding') && merged.classes.includes('sev-error') && merged.classes.includes('rule-localhost-peer'), merged.classes);
    assert.match(merged.data.tooltip, /error localhost-peer: api reaches db on localhost/);
    // api is on back too: one attachment from its group to back. web's port: the host → front.
    const att = view.filter((e) => e.data.kind === 'attachment');
    assert.deepEqual(att.map((e) => [e.data.source, e.data.target, e.data.label]), [['net:front', 'net:back', '1 service attached']]);
    assert.match(att[0].data.tooltip, /^1 service attached\napi on back$/);
    const pub = view.filter((e) => e.data.kind === 'published');
    assert.deepEqual(pub.map((e) => [e.data.source, e.data.target]), [['host', 'net:front']]);
    // Every edge ends on a drawn node.
    for (const e of view.filter((x) => x.group === 'edges')) assert.ok(els.has(e.data.source!) && els.has(e.data.target!), e.data.id);
    // Names stay plain text in labels and tooltips (the page never parses them as markup).
    assert.ok(els.get(`net:${EVIL}`)!.data.label.startsWith(EVIL));
  });

  it('an expanded group shows its services with their own ids; arrows to collapsed groups end on the group', () => {
    const view = collapseElements(full, new Set(['net:back']));
    const els = byId(view);
    for (const s of ['svc:db', 'svc:cache']) assert.deepEqual(els.get(s), full.find((e) => e.data.id === s), `${s} as in the full picture`);
    assert.ok(!els.has('svc:api') && !els.has('svc:web'));
    assert.ok(els.has('ref:db>cache>reference'), 'the arrow inside the open group is the original one');
    const intoDb = view.filter((e) => e.data.kind === 'reference' && e.data.target === 'svc:db');
    assert.equal(intoDb.length, 1);
    assert.equal(intoDb[0].data.source, 'net:front');
    assert.equal(intoDb[0].data.label, '2 references');
    assert.equal(els.get('net:back')!.data.members, undefined, 'an open group is a plain network again');
    // All open: the full picture.
    assert.deepEqual(collapseElements(full, new Set(groupIds(full))), full);
  });

  it('the whole engine collapsed: project boxes with every service folded go, swarm tasks keep one arrow per group', () => {
    const base = doc();
    const live = { ...base, source: 'live', project: '', services: base.services.map((x) => ({ ...x, project: x.name === 'web' || x.name === 'api' ? 'shop' : 'other' })) } as TopologyDocument;
    live.swarm = { nodes: [{ id: 'n1', hostname: 'n1', role: 'manager', state: 'ready', address: null }], services: [], tasks: [{ id: 't1', service: 'db', node: 'n1', state: 'running', addresses: [] }, { id: 't2', service: 'cache', node: 'n1', state: 'running', addresses: [] }] };
    const all = topologyElements(live);
    assert.deepEqual(all.filter((e) => e.data.kind === 'project').map((e) => e.data.id), ['project:shop', 'project:other']);
    const folded = collapseElements(all, new Set(['net:front']));
    const ids = new Set(folded.map((e) => e.data.id));
    assert.ok(ids.has('project:shop') && ids.has('svc:web'), 'web’s group is open: its project box stays');
    assert.ok(!ids.has('project:other'), 'every service of `other` is folded: no empty box');
    const runs = folded.filter((e) => e.data.kind === 'runs');
    assert.deepEqual(runs.map((e) => [e.data.source, e.data.target, e.data.label]), [['task:t1', 'net:back', '1 swarm task'], ['task:t2', 'net:back', '1 swarm task']]);
    for (const e of folded) if (e.group === 'edges') assert.ok(ids.has(e.data.source!) && ids.has(e.data.target!), e.data.id);
  });
});
