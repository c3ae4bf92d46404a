// Facts about common images and protocols: the ports their servers listen on by default,
// and the default port of URL schemes. Used where a file does not say which port a service uses.

/** Default listening ports by image family (the image's last path segment, without tag). */
const IMAGE_PORTS: Record<string, number[]> = {
  postgres: [5432],
  postgresql: [5432],
  postgis: [5432],
  timescaledb: [5432],
  mysql: [3306, 33060],
  mariadb: [3306],
  percona: [3306],
  'percona-server': [3306],
  redis: [6379],
  'redis-stack': [6379, 8001],
  valkey: [6379],
  keydb: [6379],
  mongo: [27017],
  mongodb: [27017],
  'mongodb-community-server': [27017],
  rabbitmq: [5672, 15672],
  elasticsearch: [9200, 9300],
  opensearch: [9200, 9600],
  kibana: [5601],
  logstash: [5044, 9600],
  nginx: [80],
  'nginx-unprivileged': [8080],
  httpd: [80],
  apache: [80],
  traefik: [80, 8080],
  caddy: [80, 443],
  haproxy: [80],
  memcached: [11211],
  kafka: [9092],
  'cp-kafka': [9092],
  zookeeper: [2181, 2888, 3888, 8080],
  'cp-zookeeper': [2181],
  'mssql/server': [1433],
  cassandra: [9042, 7000, 7001, 7199],
  influxdb: [8086],
  grafana: [3000],
  prometheus: [9090],
  alertmanager: [9093],
  'node-exporter': [9100],
  minio: [9000, 9001],
  adminer: [8080],
  pgadmin4: [80],
  phpmyadmin: [80],
  etcd: [2379, 2380],
  consul: [8500],
  vault: [8200],
  mailhog: [1025, 8025],
  mailpit: [1025, 8025],
  // MailDev and MailCatcher: SMTP, then the web interface.
  maildev: [1025, 1080],
  mailcatcher: [1025, 1080],
  keycloak: [8080],
  // Jaeger's all-in-one: UI, OTLP, the agent's UDP ports, sampling (5778), collector, Zipkin.
  'jaeger-all-in-one': [16686, 4317, 4318, 5775, 6831, 6832, 5778, 14250, 14268, 14269, 9411],
  'all-in-one': [16686, 4317, 4318, 5775, 6831, 6832, 5778, 14250, 14268, 14269, 9411],
  nats: [4222, 6222, 8222],
  clickhouse: [8123, 9000],
  'clickhouse-server': [8123, 9000],
  couchdb: [5984, 4369, 9100],
  neo4j: [7474, 7473, 7687],
  wordpress: [80],
  gitea: [3000, 22],
  nextcloud: [80],
  sonarqube: [9000],
  jenkins: [8080, 50000],
  tomcat: [8080],
  jetty: [8080],
  'otel-collector': [4317, 4318],
  'opentelemetry-collector': [4317, 4318],
  'opentelemetry-collector-contrib': [4317, 4318],
  localstack: [4566],
  mosquitto: [1883],
  'eclipse-mosquitto': [1883],
  emqx: [1883],
  'pihole': [53, 80],
  portainer: [9000, 9443],
  'portainer-ce': [9000, 9443],
  registry: [5000],
  solr: [8983],
  'zipkin': [9411],
  memgraph: [7687],
  questdb: [9000, 8812],
  cockroach: [26257, 8080],
  surrealdb: [8000],
  meilisearch: [7700],
  typesense: [8108],
  qdrant: [6333],
  weaviate: [8080],
  ollama: [11434],
  ghost: [2368],
  // Grafana's stores: their HTTP API, and for Tempo the OTLP receivers its configurations enable.
  tempo: [3200, 4317, 4318],
  loki: [3100],
  pyroscope: [4040],
  'wazuh-manager': [1514, 1515, 514, 55000],
};

/**
 * Answers by image text, shared by every build: a project names few images, and each is asked about by
 * several readers of every service that uses it. Bounded: a file of thousands of distinct tags starts it afresh.
 */
function remembered(compute: (image: string) => string | undefined): (image: string | undefined) => string | undefined {
  const known = new Map<string, string | undefined>();
  return (image) => {
    if (!image) return undefined;
    if (known.has(image)) return known.get(image);
    if (known.size >= 10_000) known.clear();
    const answer = compute(image);
    known.set(image, answer);
    return answer;
  };
}

/** The image family: `docker.io/library/postgres:16-alpine@sha256:...` → `postgres`. */
export const imageFamily = remembered((image) => {
  let name = image.trim().toLowerCase();
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > lastSlash) name = name.slice(0, colon);
  if (name.endsWith('mssql/server')) return 'mssql/server';
  const segment = name.slice(lastSlash + 1);
  return segment || undefined;
});

export function imagePorts(image: string | undefined): number[] {
  const family = imageFamily(image);
  if (!family) return [];
  return IMAGE_PORTS[family] ?? [];
}

/**
 * Images whose default ports are known exactly: the official image of a server whose port is
 * built in (changed only by a flag or variable the model reads), or its maker's own image. Other
 * images of the same family (a vendor's build, `bitnami/*`, a fork) and servers whose ports come
 * from a configuration file (nginx, Traefik, HAProxy, Caddy) only suggest their family's ports.
 * Written as repositories, registry and `library/` left out.
 */
const EXACT_SERVER_IMAGES = new Set([
  'postgres',
  'postgis/postgis',
  'timescale/timescaledb',
  'mysql',
  'mariadb',
  'percona',
  'redis',
  'redis/redis-stack',
  'valkey/valkey',
  'mongo',
  'mongodb/mongodb-community-server',
  'memcached',
  'cassandra',
  'couchdb',
  'neo4j',
  'elasticsearch',
  'elasticsearch/elasticsearch',
  'kibana/kibana',
  'influxdb',
  'zookeeper',
  'nats',
  'registry',
  'mcr.microsoft.com/mssql/server',
  'clickhouse/clickhouse-server',
  'prom/prometheus',
  'grafana/grafana',
  'jaegertracing/all-in-one',
  'openzipkin/zipkin',
]);

/** The repository of an image: `docker.io/library/postgres:16@sha256:...` → `postgres`, `docker.elastic.co/kibana/kibana:8` → `kibana/kibana`. */
export const imageRepository = remembered((image) => {
  let name = image.trim().toLowerCase();
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) name = name.slice(0, colon);
  name = name.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io|docker\.elastic\.co)\//, '').replace(/^library\//, '');
  return name || undefined;
});

/** Whether the image's default ports are exact (EXACT_SERVER_IMAGES) rather than a guess from its name. */
export function isExactServerImage(image: string | undefined): boolean {
  const repository = imageRepository(image);
  return repository !== undefined && EXACT_SERVER_IMAGES.has(repository);
}

const DATABASE_FAMILIES = new Set(['postgres', 'postgresql', 'postgis', 'timescaledb', 'mysql', 'mariadb', 'percona', 'percona-server', 'mongo', 'mongodb', 'mssql/server', 'cassandra', 'couchdb', 'clickhouse', 'clickhouse-server', 'cockroach', 'neo4j']);

export function isDatabaseImage(image: string | undefined): boolean {
  const family = imageFamily(image);
  return family !== undefined && DATABASE_FAMILIES.has(family);
}

/** Default ports of URL schemes, for references that give no port. */
const SCHEME_PORTS: Record<string, number> = {
  http: 80,
  ws: 80,
  https: 443,
  wss: 443,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  mariadb: 3306,
  redis: 6379,
  rediss: 6379,
  mongodb: 27017,
  amqp: 5672,
  amqps: 5671,
  mqtt: 1883,
  nats: 4222,
  memcached: 11211,
  sqlserver: 1433,
  ldap: 389,
  smtp: 25,
  ftp: 21,
  kafka: 9092,
  grpc: 443,
  clickhouse: 9000,
  cassandra: 9042,
  bolt: 7687,
  neo4j: 7687,
};

export function schemePort(scheme: string | undefined): number | undefined {
  return scheme ? SCHEME_PORTS[scheme.toLowerCase()] : undefined;
}

/**
 * Ports of protocols only a dedicated server answers — mail, databases, caches, brokers, directories — not the
 * HTTP ports any application may open: a container that is not such a server does not answer them by accident.
 */
export const DEDICATED_SERVER_PORTS: ReadonlySet<number> = new Set([25, 465, 587, 389, 636, 1433, 1521, 1883, 3306, 4222, 5432, 5671, 5672, 6379, 7687, 9042, 9092, 11211, 27017]);

/** Families a variable-name prefix speaks of (`REDIS_HOST` → redis; `PGHOST` → postgres). */
export const PREFIX_FAMILIES: Record<string, string[]> = {
  PG: ['postgres', 'postgresql', 'postgis', 'timescaledb'],
  POSTGRES: ['postgres', 'postgresql', 'postgis', 'timescaledb'],
  POSTGRESQL: ['postgres', 'postgresql', 'postgis', 'timescaledb'],
  MYSQL: ['mysql', 'mariadb', 'percona'],
  MARIADB: ['mariadb', 'mysql'],
  REDIS: ['redis', 'valkey', 'keydb', 'redis-stack'],
  MONGO: ['mongo', 'mongodb'],
  MONGODB: ['mongo', 'mongodb'],
  RABBITMQ: ['rabbitmq'],
  RABBIT: ['rabbitmq'],
  AMQP: ['rabbitmq'],
  ELASTICSEARCH: ['elasticsearch', 'opensearch'],
  ELASTIC: ['elasticsearch', 'opensearch'],
  ES: ['elasticsearch', 'opensearch'],
  KAFKA: ['kafka', 'cp-kafka'],
  MEMCACHED: ['memcached'],
  ZOOKEEPER: ['zookeeper', 'cp-zookeeper'],
  MINIO: ['minio'],
  MQTT: ['mosquitto', 'eclipse-mosquitto', 'emqx'],
};
