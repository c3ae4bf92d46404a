// Deterministic generator of realistic Compose projects for the benchmark: N services on several
// networks with aliases, URLs in environment, published ports, an override file, a `.env`, the
// configuration files services mount (an nginx proxy per network, Prometheus and Grafana), and
// classic mistakes (one service in seven reaches its database through localhost).

/** A small seeded PRNG (mulberry32) so every run generates the same files. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = [
  { image: 'postgres:16', port: 5432, scheme: 'postgres' },
  { image: 'redis:7-alpine', port: 6379, scheme: 'redis' },
  { image: 'mysql:8', port: 3306, scheme: 'mysql' },
  { image: 'rabbitmq:3-management', port: 5672, scheme: 'amqp' },
];

export function generateProject(n, seed = 42) {
  const rnd = random(seed + n);
  const networkCount = Math.max(3, Math.round(n / 40));
  const networks = Array.from({ length: networkCount }, (_, i) => `net${i}`);
  const lines = ['name: bench', '', 'services:'];
  const override = ['services:'];
  const services = [];
  for (let i = 0; i < n; i++) {
    const isStore = i % 4 === 3;
    const net = networks[i % networkCount];
    const name = isStore ? `store${i}` : `app${i}`;
    services.push({ name, net, isStore, kind: KINDS[i % KINDS.length] });
  }
  const mounted = {};
  const plainApps = [];
  for (const [i, s] of services.entries()) {
    lines.push(`  ${s.name}:`);
    // Monitoring on every network: Prometheus scrapes the apps, Grafana reads Prometheus.
    if (i === 0 || i === 1) {
      const prometheus = i === 0;
      lines.push(`    image: ${prometheus ? 'prom/prometheus:v2.53.0' : 'grafana/grafana:11.1.0'}`);
      lines.push('    volumes:');
      lines.push(prometheus ? '      - ./prometheus/:/etc/prometheus/:ro' : '      - ./grafana/provisioning:/etc/grafana/provisioning:ro');
      if (prometheus) lines.push('    command: ["--config.file=/etc/prometheus/prometheus.yml"]');
      lines.push('    networks:');
      for (const net of networks) lines.push(`      - ${net}`);
      continue;
    }
    // One reverse proxy per network, forwarding to the apps on it through its mounted nginx.conf.
    if (!s.isStore && i < 2 + networkCount * 4 && i % 4 === 2) {
      const apps = services.filter((t) => !t.isStore && t.net === s.net && t !== s && t.name.startsWith('app')).slice(0, 8);
      const conf = [`upstream ${s.net}_apps {`, ...apps.map((t) => `    server ${t.name}:8080;`), '}', 'server {', '    listen 80;'];
      for (const t of apps) conf.push(`    location /${t.name}/ { proxy_pass http://${t.name}:8080/; }`);
      conf.push(`    location / { proxy_pass http://${s.net}_apps; }`, '}');
      mounted[`proxy/${s.name}.conf`] = conf.join('\n') + '\n';
      lines.push('    image: nginx:1.27-alpine');
      lines.push('    volumes:');
      lines.push(`      - ./proxy/${s.name}.conf:/etc/nginx/conf.d/default.conf:ro`);
      lines.push('    networks:');
      lines.push(`      - ${s.net}`);
      continue;
    }
    if (s.isStore) {
      lines.push(`    image: ${s.kind.image}`);
      lines.push('    networks:');
      lines.push(`      ${s.net}:`);
      lines.push(`        aliases: [${s.name}-primary, ${s.name}.internal]`);
      if (i % 8 === 3) lines.push('    ports:', `      - "${20000 + i}:${s.kind.port}"`);
      continue;
    }
    plainApps.push(s);
    // The store this app uses: the next store on the same network, else any store.
    const store = services.slice(i + 1).find((t) => t.isStore && t.net === s.net) ?? services.find((t) => t.isStore) ?? s;
    lines.push(`    image: registry.example.com/team/${s.name}:\${TAG:-latest}`);
    lines.push('    environment:');
    const host = i % 7 === 0 ? 'localhost' : store.name;
    lines.push(`      DATABASE_URL: ${store.kind.scheme}://user:\${DB_PASSWORD}@${host}:${store.kind.port}/db${i}`);
    const peer = services[Math.floor(rnd() * services.length)];
    lines.push(`      PEER_URL: http://${peer.name}:8080/api`);
    lines.push(`      LOG_LEVEL: info`);
    lines.push('    ports:');
    lines.push(`      - "${30000 + i}:8080"`);
    lines.push('    networks:');
    lines.push(`      - ${s.net}`);
    if (rnd() < 0.3) lines.push(`      - ${networks[(i + 1) % networkCount]}`);
    lines.push('    depends_on:');
    lines.push(`      - ${store.name}`);
    if (i % 10 === 1) {
      override.push(`  ${s.name}:`);
      override.push('    environment:');
      override.push('      LOG_LEVEL: debug');
    }
  }
  lines.push('', 'networks:');
  for (const net of networks) {
    lines.push(`  ${net}:`);
    lines.push('    driver: bridge');
  }
  mounted['prometheus/prometheus.yml'] = [
    'global:',
    '  scrape_interval: 15s',
    'scrape_configs:',
    // One job per network, its apps as targets, as Prometheus files are written.
    ...networks.flatMap((net) => {
      const targets = plainApps.filter((a) => a.net === net).map((a) => `"${a.name}:8080"`);
      return targets.length ? [`  - job_name: ${net}`, '    static_configs:', `      - targets: [${targets.join(', ')}]`] : [];
    }),
    '',
  ].join('\n');
  mounted['grafana/provisioning/datasources/prometheus.yml'] = [
    'apiVersion: 1',
    'datasources:',
    '  - name: Prometheus',
    '    type: prometheus',
    `    url: http://${services[0].name}:9090`,
    '',
  ].join('\n');
  return {
    ...mounted,
    'compose.yaml': lines.join('\n') + '\n',
    'compose.override.yaml': override.length > 1 ? override.join('\n') + '\n' : 'services: {}\n',
    '.env': 'TAG=1.0.0\nDB_PASSWORD=secret\n',
  };
}
