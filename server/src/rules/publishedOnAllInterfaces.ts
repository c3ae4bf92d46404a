// published-on-all-interfaces: a database, cache or broker publishes its port on every interface of the
// host (`"5432:5432"`, no host address: fact 17), while the services that use it reach it by name inside
// the network, where publishing changes nothing (facts 17, 18). The port is then open to whoever reaches
// the machine. Not reported when a value shows the host port is used from outside the network: a
// reference to `localhost:<port>` (a host-mode service, an advertised listener), the host gateway on that
// port; when its clients reach it over TLS (`https://`, `rediss://`: built to be reached from elsewhere);
// nor for an explicit `0.0.0.0`, a random host port, or a service whose ports are not published.
// Fixes: bind the mapping to 127.0.0.1, or replace it with `expose` (short syntax).
import { isMap, isScalar, isSeq, type CMap, type CNode, type CScalar } from '../compose/nodes';
import { unquotedLoc, type PortMapping } from '../network/ports';
import type { NetworkModel, Reference, ServiceInfo } from '../network/types';
import { imageFamily } from '../network/wellKnown';
import { ruleDocs } from './support/ruleDocs';
import { deletePair } from './support/textEdits';
import { RELATED, some } from './support/listLimits';
import { appendItem, appendPair, fileNodeAt, rawServiceNode, removeItem } from './support/yamlCollectionEdits';
import type { Finding, Fix, Rule, TextEdit } from './types';
import { withLazyFixes } from './support/lazyFixes';

const ID = 'published-on-all-interfaces';

/** What a data service is, and the container ports its clients use (web consoles and metrics left out). */
const DATA_PORTS: Record<string, { kind: string; ports: number[] }> = {};
const add = (kind: string, families: string[], ports: number[]) => {
  for (const f of families) DATA_PORTS[f] = { kind, ports };
};
add('database', ['postgres', 'postgresql', 'postgis', 'timescaledb'], [5432]);
add('database', ['mysql', 'mariadb', 'percona', 'percona-server'], [3306, 33060]);
add('database', ['mongo', 'mongodb', 'mongodb-community-server'], [27017]);
add('database', ['mssql/server'], [1433]);
add('database', ['cassandra'], [9042]);
add('database', ['couchdb'], [5984]);
add('database', ['neo4j'], [7687]);
add('database', ['clickhouse', 'clickhouse-server'], [8123, 9000]);
add('database', ['influxdb'], [8086]);
add('database', ['elasticsearch', 'opensearch'], [9200, 9300]);
add('database', ['etcd'], [2379]);
add('cache', ['redis', 'redis-stack', 'redis-stack-server', 'valkey', 'keydb'], [6379]);
add('cache', ['memcached'], [11211]);
add('broker', ['rabbitmq'], [5672]);
add('broker', ['kafka', 'cp-kafka'], [9092]);
add('broker', ['nats'], [4222]);
add('broker', ['mosquitto', 'eclipse-mosquitto', 'emqx'], [1883]);
add('coordinator', ['zookeeper', 'cp-zookeeper'], [2181]);

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);
const TLS_SCHEMES = new Set(['https', 'rediss', 'amqps', 'mqtts', 'tls', 'ssl', 'wss']);
const GATEWAY_NAMES = new Set(['host.docker.internal', 'gateway.docker.internal']);

/** Whether the mapping's ports are really published (not in host mode, a borrowed namespace, or behind internal networks only: fact 16). */
function publishes(model: NetworkModel, svc: ServiceInfo): boolean {
  const mode = svc.networkMode.kind;
  if (!svc.active || mode === 'host' || mode === 'service' || mode === 'container' || mode === 'none') return false;
  const nets = svc.attachments.map((a) => model.networks.get(a.network));
  return nets.length === 0 || !nets.every((n) => n?.internal === true);
}

/**
 * Host ports some value shows are used from outside the containers' network: `localhost:P` written by a
 * service on the host's network, or handed out (an advertised listener: its clients are on the host), or
 * the host gateway (`host.docker.internal:P`, an `extra_hosts` entry) on P. `localhost` written by a service
 * in its own namespace is the container itself: that says nothing about the host.
 */
function hostPortsUsed(model: NetworkModel): Set<number> {
  const used = new Set<number>();
  for (const ref of model.references) {
    if (ref.port === undefined || ref.portSource === 'none') continue;
    const host = ref.host.toLowerCase();
    const onHost = model.services.get(ref.from)?.networkMode.kind === 'host';
    const kind = model.resolve(ref.from, ref.host).kind;
    if (kind === 'host-gateway' || kind === 'extra-host' || GATEWAY_NAMES.has(host)) used.add(ref.port);
    else if ((LOOPBACK_NAMES.has(host) || kind === 'loopback') && (onHost || ref.role === 'advertise')) used.add(ref.port);
  }
  return used;
}

/** The services that use `target` inside the network: references by name that resolve to it. */
function usersOf(model: NetworkModel): Map<string, Reference[]> {
  const out = new Map<string, Reference[]>();
  for (const ref of model.connections()) {
    const res = model.resolve(ref.from, ref.host);
    if (res.kind !== 'service' || res.target === ref.from || res.via === 'namespace') continue;
    const list = out.get(res.target) ?? [];
    list.push(ref);
    out.set(res.target, list);
  }
  return out;
}

function bindFix(model: NetworkModel, mapping: PortMapping): Fix | undefined {
  const node = fileNodeAt(model.project, mapping.loc);
  let edit: TextEdit | undefined;
  if (isScalar(node) && node.style !== 'block') {
    const at = unquotedLoc(node) as CNode['loc'];
    edit = { loc: { file: at.file, start: at.start, end: at.start }, newText: '127.0.0.1:' };
  } else if (isMap(node) && !node.pairs.has('host_ip')) edit = appendPair(model.project.sources, node, 'host_ip', '127.0.0.1');
  return edit ? { title: 'Bind it to 127.0.0.1 (this machine only)', edits: [edit], preferred: true } : undefined;
}

/** `ports` entry → `expose` entry, for the short syntax in the file that writes the service. */
function exposeFix(model: NetworkModel, svc: ServiceInfo, mapping: PortMapping): Fix | undefined {
  const sources = model.project.sources;
  const raw: CMap | undefined = rawServiceNode(model.project, mapping.loc.file, svc.name);
  const portsPair = raw?.pairs.get('ports');
  if (!raw || !portsPair || !isSeq(portsPair.value)) return undefined;
  const seq = portsPair.value;
  const index = seq.items.findIndex((i) => i.loc.file === mapping.loc.file && i.loc.start === mapping.loc.start && i.loc.end === mapping.loc.end);
  const item = seq.items[index] as CScalar | undefined;
  if (index < 0 || !isScalar(item) || item.style === 'block') return undefined;
  const port = `"${mapping.target}${mapping.protocol === 'tcp' ? '' : `/${mapping.protocol}`}"`;
  const text = sources.get(mapping.loc.file)?.text ?? '';
  const title = `Use \`expose: [${port}]\` instead (no port on the host)`;
  const expose = raw.pairs.get('expose');
  // The only entry, written here: the key and the entry change in place.
  if (seq.items.length === 1 && !expose && text.slice(portsPair.keyLoc.start, portsPair.keyLoc.end) === 'ports') {
    return { title, edits: [{ loc: portsPair.keyLoc, newText: 'expose' }, { loc: item.loc, newText: port }] };
  }
  // The only entry removed would leave `ports:` empty, which Compose refuses: the whole key goes instead.
  const remove = seq.items.length === 1 ? deletePair(sources, portsPair) : removeItem(sources, seq, index);
  if (!remove) return undefined;
  let addTo: TextEdit | undefined;
  if (expose && isSeq(expose.value) && expose.keyLoc.file === mapping.loc.file) addTo = appendItem(sources, expose.value, port);
  else if (!expose) addTo = appendPair(sources, raw, 'expose', [`- ${port}`]);
  if (!addTo) return undefined;
  return { title, edits: [remove, addTo] };
}

export const publishedOnAllInterfaces: Rule = {
  id: ID,
  severity: 'warning',
  title: 'Database, cache or broker published on every interface',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    let users: Map<string, Reference[]> | undefined;
    let usedFromHost: Set<number> | undefined;
    for (const svc of model.services.values()) {
      const family = imageFamily(svc.image);
      const data = family ? DATA_PORTS[family] : undefined;
      if (!data || !publishes(model, svc)) continue;
      for (const mapping of svc.ports) {
        if (mapping.hostIp !== undefined || mapping.published === undefined || mapping.protocol !== 'tcp' || mapping.mode === 'host') continue;
        if ((mapping.publishedEnd ?? mapping.published) !== mapping.published || mapping.targetEnd !== mapping.target) continue;
        if (!data.ports.includes(mapping.target)) continue;
        users ??= usersOf(model);
        usedFromHost ??= hostPortsUsed(model);
        // Those that use this port (or name no port, or the published one by mistake): the elasticsearch transport port is not what its clients use.
        const refs = (users.get(svc.name) ?? []).filter((r) => r.port === undefined || r.port === mapping.target || r.port === mapping.published);
        if (refs.length === 0 || usedFromHost.has(mapping.published)) continue;
        // Clients reaching it over TLS: the port is built (certificates, authentication) to be reached from elsewhere.
        if (refs.some((r) => r.scheme !== undefined && TLS_SCHEMES.has(r.scheme.toLowerCase()))) continue;
        const names = [...new Set(refs.map((r) => r.from))];
        // A stack deployed to a swarm publishes through the routing mesh, where a host address is not supported.
        // A client that names the published port (published-port-in-network says so) would lose its mapping to `expose`.
        const byPublished = refs.some((r) => r.port === mapping.published && r.port !== mapping.target);
        // Made when read (a code action, --fix): a large project's diagnostics need none of their edits.
        const fixes = () => [model.swarmOnlyKey ? undefined : bindFix(model, mapping), byPublished ? undefined : exposeFix(model, svc, mapping)].filter((f): f is Fix => f !== undefined);
        findings.push(withLazyFixes({
          rule: ID,
          severity: 'warning',
          message: `\`${svc.name}\` (a ${data.kind}, \`${family}\`) publishes host port ${mapping.published} on every interface of the host (no host address), so whoever reaches this machine can connect to it, while ${some(names.map((n) => `\`${n}\``))} reach${names.length === 1 ? 'es' : ''} it inside the network as \`${svc.name}:${mapping.target}\`. Bind it to 127.0.0.1, or use \`expose\` if nothing on the host needs it.`,
          loc: mapping.loc,
          service: svc.name,
          related: refs.slice(0, RELATED).map((r) => ({ loc: r.hostLoc, message: `\`${r.from}\` reaches \`${svc.name}\` here` })),
        }, fixes));
      }
    }
    return findings;
  },
};
