// Errors and warnings on the labelled corpus that no label covers, judged here one by one: the gate
// (test/unit/realworld.test.ts) fails on a new one until it is judged, and `npm run corpus` counts runs with them.
import type { JudgedFinding } from './realworld';

/** How a finding is named in the list below. */
export const describeFinding = (f: JudgedFinding): string => `${f.project} ${f.rule} ${f.service ?? '-'} ${f.file}:${f.line}`;

/**
 * Errors and warnings on the corpus that no label covers (the labels judge an earlier version), as
 * `project rule service file:line`, each with why it is right. A new one fails the gate until it is judged here.
 */
export const JUDGED_NEW_FINDINGS: ReadonlyArray<{ finding: string; why: string }> = [
  {
    finding: 'sourcegraph__deploy-sourcegraph-docker unknown-host grafana grafana/datasources/datasources.yaml:13',
    why: 'the labelled miss: the provisioned Jaeger datasource points at jaeger-query:16686, a name no Compose file of any run defines (the Jaeger overlay calls its service and container `jaeger`), so Grafana never reaches it',
  },
  ...[69, 73, 77].map((line) => ({
    finding: `grafana__intro-to-mltp unknown-host opentelemetry-collector otel/otel.yml:${line}`,
    why: 'the collector (docker-compose-otel.yml names otel.yml with --config) scrapes beyla-requester/-server/-recorder:9090, but no Compose file of the project defines Beyla services, so the scrapes fail name resolution (the labelled Alloy miss, in the OTel variant)',
  })),
  ...['docker-compose.yml:66', 'docker-compose-otel.yml:57'].map((at) => ({
    finding: `grafana__intro-to-mltp published-on-all-interfaces mythical-database ${at}`,
    why: 'Postgres with the password `mythical` written in the file, published as 5432 on every interface, while the services and Grafana (its mounted datasource) reach it as `mythical-database` inside the network; a client on this machine needs only 127.0.0.1 (facts 17, 18).',
  })),
  {
    finding: 'uptrace__uptrace published-on-all-interfaces postgres example/docker/docker-compose.yml:36',
    why: "The example's Postgres (user and database `uptrace`) published as 5432 on every interface, while the OpenTelemetry Collector (its mounted configuration) reaches it as `postgres` inside the network; nothing on the host needs it beyond 127.0.0.1 (facts 17, 18).",
  },
  {
    finding: 'nginx-proxy__nginx-proxy compose-schema dockergen docker-compose-separate-containers.yml:36',
    why: '`environment:` holds only a comment, so YAML reads it as null; the schema allows a mapping or a list there, and `docker compose` refuses the file with "services.dockergen.environment must be a mapping".',
  },
  {
    finding: 'ClickHouse__examples published-on-all-interfaces zookeeper2 docker-compose-recipes/recipes/ch-and-kafka/docker-compose.yml:33',
    why: 'ZooKeeper has no authentication by default; publishing 2181 on every interface opens it to the network, while the brokers reach it as `zookeeper2:2181` inside the network; a tool on this machine keeps working with 127.0.0.1 (facts 17, 18).',
  },
  {
    finding: 'OpenCTI-Platform__docker published-on-all-interfaces opencti-dev-elasticsearch docker-compose.dev.yml:25',
    why: 'The development Elasticsearch runs with security off; 9200 on every interface gives anyone on the network its data, while Kibana reaches it inside the network; the platform run from source on this machine only needs 127.0.0.1.',
  },
  {
    finding: 'conduktor__kafka-stack-docker-compose published-on-all-interfaces zoo1 full-stack.yml:7',
    why: 'ZooKeeper has no authentication by default; publishing 2181 on every interface opens it to the network, while the brokers reach it as `zoo1:2181` inside the network; a tool on this machine keeps working with 127.0.0.1 (facts 17, 18).',
  },
  {
    finding: 'conduktor__kafka-stack-docker-compose published-on-all-interfaces zoo1 zk-multiple-kafka-multiple-schema-registry.yml:7',
    why: 'ZooKeeper has no authentication by default; publishing 2181 on every interface opens it to the network, while the brokers reach it as `zoo1:2181` inside the network; a tool on this machine keeps working with 127.0.0.1 (facts 17, 18).',
  },
  {
    finding: 'conduktor__kafka-stack-docker-compose published-on-all-interfaces zoo1 zk-multiple-kafka-multiple.yml:7',
    why: 'ZooKeeper has no authentication by default; publishing 2181 on every interface opens it to the network, while the brokers reach it as `zoo1:2181` inside the network; a tool on this machine keeps working with 127.0.0.1 (facts 17, 18).',
  },
  {
    finding: 'conduktor__kafka-stack-docker-compose published-on-all-interfaces zoo1 zk-multiple-kafka-single.yml:7',
    why: 'ZooKeeper has no authentication by default; publishing 2181 on every interface opens it to the network, while the brokers reach it as `zoo1:2181` inside the network; a tool on this machine keeps working with 127.0.0.1 (facts 17, 18).',
  },
  {
    finding: 'conduktor__kafka-stack-docker-compose published-on-all-interfaces zoo1 zk-single-kafka-multiple.yml:7',
    why: 'ZooKeeper has no authentication by default; publishing 2181 on every interface opens it to the network, while the brokers reach it as `zoo1:2181` inside the network; a tool on this machine keeps working with 127.0.0.1 (facts 17, 18).',
  },
  {
    finding: 'conduktor__kafka-stack-docker-compose published-on-all-interfaces zoo1 zk-single-kafka-single.yml:7',
    why: 'ZooKeeper has no authentication by default; publishing 2181 on every interface opens it to the network, while the brokers reach it as `zoo1:2181` inside the network; a tool on this machine keeps working with 127.0.0.1 (facts 17, 18).',
  },
  {
    finding: 'getlago__lago published-on-all-interfaces db deploy/docker-compose.light.yml:118',
    why: 'Postgres and Redis of a deployment file published on every interface (Redis without a password), while the API and workers reach them by name inside the network; nothing on the host needs the port beyond 127.0.0.1.',
  },
  {
    finding: 'getlago__lago published-on-all-interfaces db deploy/docker-compose.local.yml:94',
    why: 'Postgres and Redis of a deployment file published on every interface (Redis without a password), while the API and workers reach them by name inside the network; nothing on the host needs the port beyond 127.0.0.1.',
  },
  {
    finding: 'getlago__lago published-on-all-interfaces db deploy/docker-compose.production.yml:118',
    why: 'Postgres and Redis of a deployment file published on every interface (Redis without a password), while the API and workers reach them by name inside the network; nothing on the host needs the port beyond 127.0.0.1.',
  },
  {
    finding: 'getlago__lago published-on-all-interfaces redis deploy/docker-compose.light.yml:137',
    why: 'Postgres and Redis of a deployment file published on every interface (Redis without a password), while the API and workers reach them by name inside the network; nothing on the host needs the port beyond 127.0.0.1.',
  },
  {
    finding: 'getlago__lago published-on-all-interfaces redis deploy/docker-compose.local.yml:113',
    why: 'Postgres and Redis of a deployment file published on every interface (Redis without a password), while the API and workers reach them by name inside the network; nothing on the host needs the port beyond 127.0.0.1.',
  },
  {
    finding: 'getlago__lago published-on-all-interfaces redis deploy/docker-compose.production.yml:137',
    why: 'Postgres and Redis of a deployment file published on every interface (Redis without a password), while the API and workers reach them by name inside the network; nothing on the host needs the port beyond 127.0.0.1.',
  },
  {
    finding: 'getlago__lago published-on-all-interfaces redis docker-compose.yml:119',
    why: 'Postgres and Redis of a deployment file published on every interface (Redis without a password), while the API and workers reach them by name inside the network; nothing on the host needs the port beyond 127.0.0.1.',
  },
  {
    finding: 'getredash__redash published-on-all-interfaces postgres compose.yaml:58',
    why: 'The development Postgres (fsync off, default credentials) published as 15432 on every interface; server and workers reach it as `postgres:5432`; a developer\'s client on this machine works with 127.0.0.1.',
  },
  {
    finding: 'ory__kratos published-on-all-interfaces mysqld quickstart-mysql.yml:15',
    why: 'The quickstart\'s MySQL with its well-known password on every interface, while kratos and its migration reach it as `mysqld:3306` inside the network.',
  },
  {
    finding: 'ory__kratos published-on-all-interfaces postgresd quickstart-postgres.yml:15',
    why: 'The quickstart\'s Postgres with its well-known password on every interface, while kratos and its migration reach it as `postgresd:5432` inside the network.',
  },
  {
    finding: 'tchiotludo__akhq published-on-all-interfaces kafka docker-compose-dev.yml:85',
    why: 'A development broker that lets everyone in when no ACL matches, published on every interface; schema registry, connect and ksqlDB reach it as `kafka:9092`; the UI developed on this machine only needs 127.0.0.1.',
  },
  {
    finding: 'tchiotludo__akhq published-on-all-interfaces zookeeper docker-compose-dev.yml:58',
    why: 'ZooKeeper has no authentication by default; publishing 2181 on every interface opens it to the network, while the brokers reach it as `zookeeper:2181` inside the network; a tool on this machine keeps working with 127.0.0.1 (facts 17, 18).',
  },
  {
    finding: 'wurstmeister__kafka-docker published-on-all-interfaces zookeeper docker-compose-single-broker.yml:6',
    why: 'ZooKeeper has no authentication by default; publishing 2181 on every interface opens it to the network, while the brokers reach it as `zookeeper:2181` inside the network; a tool on this machine keeps working with 127.0.0.1 (facts 17, 18).',
  },
  {
    finding: 'wurstmeister__kafka-docker published-on-all-interfaces zookeeper docker-compose-swarm.yml:6',
    why: 'ZooKeeper has no authentication by default; publishing 2181 on every interface opens it to the network, while the brokers reach it as `zookeeper:2181` inside the network; a tool on this machine keeps working with 127.0.0.1 (facts 17, 18). In the swarm file the routing mesh publishes it on every node: only the `expose` fix is offered.',
  },
  {
    finding: 'wurstmeister__kafka-docker published-on-all-interfaces zookeeper docker-compose.yml:6',
    why: 'ZooKeeper has no authentication by default; publishing 2181 on every interface opens it to the network, while the brokers reach it as `zookeeper:2181` inside the network; a tool on this machine keeps working with 127.0.0.1 (facts 17, 18).',
  },
  ...[60, 61, 62].map((line) => ({
    finding: `grafana__intro-to-mltp unknown-host alloy alloy/config.alloy:${line}`,
    why: 'the labelled miss (its first line): Alloy (`alloy run /etc/alloy/config.alloy`) scrapes beyla-requester/-server/-recorder:9090, but no Compose file of the project defines Beyla services, so the scrapes fail name resolution',
  })),
  ...[23, 24, 25, 26, 27].map((line) => ({
    finding: `grafana__intro-to-mltp unknown-host alloy alloy/config.alloy:${line}`,
    why: 'in the cloud variant (docker-compose-cloud.yml) Alloy mounts the same config.alloy, whose `mltpg_infra` job scrapes mimir, tempo, loki, pyroscope and grafana, none of which that file runs (the cloud stack replaces them), so those scrapes fail name resolution',
  })),
  {
    finding: 'chriscrowe__docker-pihole-unbound macvlan-ports unbound two-container/docker-compose.yaml:38',
    why: 'the labelled miss of pihole (line 12), for its neighbour: unbound is only on the macvlan network `home` too, so its `53/tcp` and `53/udp` publish nothing; it answers at 192.168.1.6:53 on the LAN (fact 20; macvlan maps no ports)',
  },
  ...[
    ['.env:20', '10.2.0.100, Pi-hole'],
    ['.env:18', '10.2.0.200, Unbound (the resolver Pi-hole forwards to)'],
  ].map(([at, what]) => ({
    finding: `IAmStoxe__wirehole no-shared-network wireguard ${at}`,
    why: `the labelled miss (static-ip-peer-no-shared-network, written at the wireguard service): wireguard (and wireguard-ui in its namespace) is only on the default network while ${what} sits on private_network; the .env it loads hands it that address, and user-defined networks are isolated, so the VPN's DNS through wireguard cannot reach it`,
  })),
  ...[
    ['docker-compose-all.yml', [71, 77, 78]],
    ['docker-compose-mysql.yml', [34, 35, 41, 42]],
    ['docker-compose-postgresql.yml', [33, 34, 40, 41]],
    ['docker-compose-redis.yml', [34, 35, 41, 42]],
    ['docker-compose-mongodb.yml', [32, 33, 39, 40]],
  ].flatMap(([file, lines]) => (lines as number[]).map((line) => ({
    finding: `coturn__coturn published-port-no-listener coturn docker/${file as string}:${line}`,
    why: 'the labelled miss (line 70 of docker-compose-all.yml) and its siblings: every variant mounts the same turnserver.conf, which listens on 3478 and 5349 (TCP and UDP, with their +1 alternates) and relays on 49152-65535; nothing in coturn answers on the published 80 or 443, over TCP or UDP',
  }))),
  {
    finding: 'coturn__coturn unknown-host coturn docker/coturn/turnserver.conf:329',
    why: 'the postgresql, redis and mongodb variants mount the same turnserver.conf, whose `mysql-userdb` points coturn at `mysql`; those files define no mysql service, so coturn cannot reach the user database it is configured with',
  },
  {
    finding: 'OpenCTI-Platform__docker localhost-no-listener opencti docker-compose.opensearch.yml:149',
    why: 'the labelled miss (docker-compose.yml:163) in the OpenSearch variant: with the documented .env (SMTP_HOSTNAME=localhost) the platform sends mail to localhost:25, its own container, where nothing listens; the project has no mail service',
  },

];
