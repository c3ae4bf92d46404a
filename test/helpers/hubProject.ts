// A generated topology document shaped like a real self-hosted product: `n` services on one network
// (a second, internal one for the data stores), three hubs most services dial (a database, a cache, a
// broker), a reverse proxy dialling the web services, some published ports, long registry image names.
import type { TopologyDocument } from '../../server/src/topology/types';

export const HUBS = ['postgres', 'redis', 'rabbitmq'] as const;

export function hubProjectDoc(n = 60): TopologyDocument {
  const app = 'app_default';
  const data = 'app_data';
  const networks = [
    { name: app, key: 'default', kind: 'project', driver: 'bridge', internal: false, external: false, attachable: false, subnets: [] },
    { name: data, key: 'data', kind: 'project', driver: 'bridge', internal: true, external: false, attachable: false, subnets: [] },
  ];
  const roles = ['api', 'worker', 'web', 'scheduler', 'importer', 'exporter', 'search', 'mailer', 'billing', 'auth', 'media', 'notify'];
  const names: string[] = ['proxy', ...HUBS];
  for (let i = 0; names.length < n; i++) names.push(`${roles[i % roles.length]}-${Math.floor(i / roles.length) + 1}`);
  const image = (name: string, i: number): string => {
    if (name === 'postgres') return 'postgres:16.4-alpine';
    if (name === 'redis') return 'redis:7.4';
    if (name === 'rabbitmq') return 'rabbitmq:3.13-management-alpine';
    if (name === 'proxy') return 'nginx:1.27';
    // Long names as registries write them: host, organisation, team, product, tag.
    return i % 3 === 0 ? `ghcr.io/example-organisation/platform-team/${name.replace(/-\d+$/, '')}-service:2024.11.${i}-alpine` : `registry.example.com/product/${name.replace(/-\d+$/, '')}:${i}.0`;
  };
  const services = names.map((name, i) => {
    const hub = (HUBS as readonly string[]).includes(name);
    const onData = hub || i % 2 === 0;
    return {
      name,
      image: image(name, i),
      replicas: 1,
      active: true,
      network_mode: null,
      namespace_of: null,
      networks: [...(name === 'postgres' ? [] : [app]), ...(onData ? [data] : [])].map((network) => ({ network, aliases: [], names: [name], ipv4: null, mac: null })),
      ports: name === 'proxy' ? [{ host_ip: null, published: 443, target: 443, protocol: 'tcp' }, { host_ip: null, published: 80, target: 80, protocol: 'tcp' }] : i % 11 === 5 ? [{ host_ip: '127.0.0.1', published: 9000 + i, target: 8080, protocol: 'tcp' }] : [],
    };
  });
  const ref = (from: string, to: string, port: number, network: string) => ({ from, to, name: to, port, network, kind: 'url', findings: [], resolution: 'service' });
  const references: ReturnType<typeof ref>[] = [];
  names.forEach((name, i) => {
    if (name === 'proxy' || (HUBS as readonly string[]).includes(name)) return;
    // Most services use the database, many the cache and the broker.
    if (i % 2 === 0) references.push(ref(name, 'postgres', 5432, data));
    if (i % 3 !== 1) references.push(ref(name, 'redis', 6379, i % 2 === 0 ? data : app));
    if (i % 4 !== 3) references.push(ref(name, 'rabbitmq', 5672, i % 2 === 0 ? data : app));
    if (name.startsWith('web') || name.startsWith('api')) references.push(ref('proxy', name, 8080, app));
    if (name.startsWith('worker') && i + 2 < names.length) references.push(ref(name, names[i + 2], 8080, app));
  });
  return { version: 1, source: 'file', project: 'app', networks, services, references, findings: [] } as unknown as TopologyDocument;
}
