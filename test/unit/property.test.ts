// Property tests: any generated Compose structure loads and analyses without throwing, and the
// model's name resolution agrees with a plain reference computation of facts 2, 3, 4, 6, 7 and 8.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { buildNetworkModel } from '../../server/src/network/model';
import { analyse } from '../../server/src/analysis';
import { load } from '../helpers/project';

const SERVICES = ['s0', 's1', 's2', 's3', 's4'];
const NETWORKS = ['n0', 'n1', 'n2'];

interface GenService {
  mode?: string;
  networks?: string[] | Record<string, { aliases?: string[] } | null>;
  links?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  image: string;
}

const serviceArb = fc.record(
  {
    mode: fc.constantFrom(undefined, 'bridge', 'host', 'none', ...SERVICES.map((s) => `service:${s}`)),
    networks: fc.oneof(fc.subarray(NETWORKS, { minLength: 1 }), fc.dictionary(fc.constantFrom(...NETWORKS), fc.constant(null), { minKeys: 1 })),
    links: fc.subarray(SERVICES),
    environment: fc.dictionary(fc.constantFrom('DB_URL', 'API', 'CACHE_HOST', 'PEER'), fc.oneof(...SERVICES.map((s) => fc.constant(`http://${s}:8080/x`)), fc.constant('postgres://localhost:5432/db'), fc.constant('127.0.0.1:6379'), fc.string())),
    ports: fc.array(fc.oneof(fc.constant('8080:80'), fc.constant('127.0.0.1:5432:5432'), fc.integer({ min: 1, max: 65535 }).map(String), fc.string())),
    image: fc.constantFrom('postgres:16', 'redis', 'nginx', 'app'),
  },
  { requiredKeys: ['image'] },
);

const projectArb = fc.dictionary(fc.constantFrom(...SERVICES), serviceArb, { minKeys: 1 });

function toCompose(services: Record<string, GenService>): string {
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(services)) {
    const svc: Record<string, unknown> = { image: s.image };
    if (s.mode) svc.network_mode = s.mode;
    else if (s.networks) svc.networks = s.networks;
    if (s.links && s.links.length) svc.links = s.links;
    if (s.environment) svc.environment = s.environment;
    if (s.ports) svc.ports = s.ports;
    out[name] = svc;
  }
  return stringify({ services: out, networks: Object.fromEntries(NETWORKS.map((n) => [n, {}])) });
}

/** The reference: attachments and resolution computed directly from the plain structure. */
function referenceResolve(services: Record<string, GenService>, from: string, to: string): string {
  const owner = (name: string): string => {
    const seen = new Set<string>();
    let current = name;
    for (;;) {
      const mode = services[current]?.mode;
      if (!mode?.startsWith('service:') || !(mode.slice(8) in services) || seen.has(current)) return current;
      seen.add(current);
      current = mode.slice(8);
    }
  };
  const nets = (name: string): string[] => {
    const s = services[name];
    if (s.mode === 'bridge') return ['#bridge'];
    if (s.mode === 'host' || s.mode === 'none' || s.mode?.startsWith('service:')) return [];
    if (!s.networks) return ['default'];
    return Array.isArray(s.networks) ? s.networks : Object.keys(s.networks);
  };
  const a = owner(from);
  const fromService = services[from];
  if ((fromService.links ?? []).includes(to) || (a !== from && (services[a].links ?? []).includes(to))) return 'service';
  const mode = services[a].mode;
  if (mode !== 'host' && mode !== 'none') {
    const dnsNets = nets(a).filter((n) => n !== '#bridge');
    const targetNets = owner(to) === to ? nets(to) : [];
    if (dnsNets.some((n) => targetNets.includes(n))) return 'service';
  }
  if (mode === 'host') return 'unreachable:host-mode';
  if (mode === 'none') return 'unreachable:none-mode';
  if (owner(to) !== to) return owner(to) === a ? 'service' : 'unreachable:namespace-member';
  if (nets(a).includes('#bridge') || nets(to).includes('#bridge')) return 'unreachable:default-bridge';
  return 'unreachable:no-shared-network';
}

describe('property tests', () => {
  it('any generated project loads and analyses without throwing', () => {
    fc.assert(
      fc.property(projectArb, (services) => {
        const analysis = analyse(load({ 'compose.yaml': toCompose(services) }));
        assert.ok(Array.isArray(analysis.findings));
      }),
      { numRuns: 100, seed: 20261123 },
    );
  });

  it('arbitrary text never makes the loader or the rules throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        analyse(load({ 'compose.yaml': text }));
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('name resolution agrees with the reference computation', () => {
    let compared = 0;
    fc.assert(
      fc.property(projectArb, (services) => {
        const model = buildNetworkModel(load({ 'compose.yaml': toCompose(services) }));
        for (const from of Object.keys(services)) {
          for (const to of Object.keys(services)) {
            if (from === to) continue;
            const r = model.resolve(from, to);
            const got = r.kind === 'unreachable' ? `unreachable:${r.reason}` : r.kind;
            assert.equal(got, referenceResolve(services, from, to), `${from} → ${to} in\n${toCompose(services)}`);
            compared++;
          }
        }
      }),
      { numRuns: 150, seed: 42 },
    );
    assert.ok(compared > 300, `compared only ${compared} pairs`);
  });
});
