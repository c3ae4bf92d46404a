// Traefik's Docker provider, read from the project: the Traefik services, and the services its
// `traefik.*` labels route (`labels`, or `deploy.labels` in a swarm), with the port and the network the
// labels name. Traefik connects to a routed container on one of its networks: the one
// `traefik.docker.network` names (by the engine's name, `<project>_<key>`), else the one Traefik's own
// `providers.docker.network` names, else the first it finds.
import type { CNode } from '../compose/nodes';
import { get, isMap, isScalar, items, str } from '../compose/nodes';
import type { ServiceDef } from '../compose/project';
import { code } from '../display/markdown';
import type { Loc, SourceSet } from '../compose/source';
import { unquotedLoc } from './ports';
import type { Label, Reference, TraefikInstance, TraefikRoute } from './types';
import { imageFamily } from './wellKnown';
import { child, located, treeRoot } from './mounted/yamlValues';

/** A `- "key=value"` item, located on its key and value characters. */
function listLabel(node: CNode, section: Label['section']): Label | undefined {
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  const text = node.value;
  const eq = text.indexOf('=');
  const shift = node.style === 'single' || node.style === 'double' ? 1 : 0;
  const written = node.style !== 'block' && node.loc.end - node.loc.start - 2 * shift === text.length;
  const start = node.loc.start + shift;
  const key = eq < 0 ? text : text.slice(0, eq);
  if (!written) return { key, value: eq < 0 ? '' : text.slice(eq + 1), keyLoc: node.loc, valueLoc: node.loc, section };
  return {
    key,
    value: eq < 0 ? '' : text.slice(eq + 1),
    keyLoc: { file: node.loc.file, start, end: start + key.length },
    valueLoc: { file: node.loc.file, start: start + (eq < 0 ? text.length : eq + 1), end: start + text.length },
    section,
  };
}

function labelsIn(node: CNode | undefined, section: Label['section']): Label[] {
  if (isMap(node)) {
    return [...node.pairs.values()].map((p) => ({ key: p.key, value: str(p.value) ?? '', keyLoc: p.keyLoc, valueLoc: unquotedLoc(p.value) ?? p.keyLoc, section }));
  }
  return items(node)
    .map((n) => listLabel(n, section))
    .filter((l): l is Label => l !== undefined);
}

/** A service's labels, `deploy.labels` (what a swarm's Traefik reads) included. */
export function labelsOf(def: ServiceDef): Label[] {
  return [...labelsIn(get(def.node, 'labels'), 'labels'), ...labelsIn(get(get(def.node, 'deploy'), 'labels'), 'deploy.labels')];
}

/** The services Traefik labels route: `traefik.enable=true`, or routers and services declared, unless `traefik.enable=false`. */
export function traefikRoute(def: ServiceDef): TraefikRoute | undefined {
  // Most services carry no labels: no lists made for them.
  if (get(def.node, 'labels') === undefined && get(get(def.node, 'deploy'), 'labels') === undefined) return undefined;
  const labels = labelsOf(def).filter((l) => /^traefik\./i.test(l.key));
  if (labels.length === 0) return undefined;
  const enable = labels.find((l) => l.key.toLowerCase() === 'traefik.enable');
  if (enable && enable.value.trim().toLowerCase() === 'false') return undefined;
  const routes = labels.some((l) => /^traefik\.(?:http|tcp|udp)\.(?:routers|services)\./i.test(l.key));
  if (!routes && !(enable && enable.value.trim().toLowerCase() === 'true')) return undefined;
  const portLabel = labels.find((l) => /^traefik\.(?:http|tcp|udp)\.services\.[^.]+\.loadbalancer\.server\.port$/i.test(l.key) && /^\d{1,5}$/.test(l.value.trim()));
  const network = labels.find((l) => l.key.toLowerCase() === 'traefik.docker.network' || l.key.toLowerCase() === 'traefik.swarm.network');
  return { service: def.name, labels, port: portLabel ? { value: Number(portLabel.value.trim()), label: portLabel } : undefined, network };
}

/** One router as one service's labels define it: `traefik.<protocol>.routers.<name>.<setting>=<value>`. */
export interface TraefikRouter {
  protocol: 'http' | 'tcp' | 'udp';
  name: string;
  route: TraefikRoute;
  labels: Label[];
  /** Setting after the router's name, in lower case (`rule`, `entrypoints`, `tls.certresolver`) → its value, trimmed. */
  settings: Map<string, string>;
}

const ROUTER_LABEL = /^traefik\.(http|tcp|udp)\.routers\.([^.]+)\.(.+)$/i;

/** The routers a service's labels define, by `<protocol> <name>` (protocol in lower case, the name as written). */
export function routersOf(route: TraefikRoute): Map<string, TraefikRouter> {
  const out = new Map<string, TraefikRouter>();
  for (const label of route.labels) {
    const m = ROUTER_LABEL.exec(label.key);
    if (!m) continue;
    const protocol = m[1].toLowerCase() as TraefikRouter['protocol'];
    const key = `${protocol} ${m[2]}`;
    let router = out.get(key);
    if (!router) out.set(key, (router = { protocol, name: m[2], route, labels: [], settings: new Map() }));
    router.labels.push(label);
    router.settings.set(m[3].toLowerCase(), label.value.trim());
  }
  return out;
}

/** A Traefik service: its image, and what its command, environment or static configuration says of the network. */
export function traefikInstance(def: ServiceDef, sources: SourceSet): TraefikInstance | undefined {
  const family = imageFamily(str(def.node, 'image'));
  if (family !== 'traefik') return undefined;
  const instance: TraefikInstance = { service: def.name, unknownStatic: false };
  for (const key of ['command', 'entrypoint']) {
    for (const n of items(get(def.node, key))) {
      const m = isScalar(n) && typeof n.value === 'string' ? /--providers\.(?:docker|swarm)\.network=([^\s'"]+)/i.exec(n.value) : null;
      if (m && isScalar(n)) instance.network = { value: m[1], loc: n.loc };
    }
  }
  const env = get(def.node, 'environment');
  const fromEnv = isMap(env) ? (env.pairs.get('TRAEFIK_PROVIDERS_DOCKER_NETWORK') ?? env.pairs.get('TRAEFIK_PROVIDERS_SWARM_NETWORK')) : undefined;
  if (!instance.network && fromEnv && str(fromEnv.value)) instance.network = { value: str(fromEnv.value) as string, loc: fromEnv.value.loc };
  for (const m of def.mountedFiles) {
    if (m.kind !== 'traefik-static' || instance.network) continue;
    if (!/\.(?:ya?ml|toml)$/.test(m.file)) {
      instance.unknownStatic = true;
      continue;
    }
    const text = sources.get(m.file)?.text ?? '';
    const providers = child(treeRoot(text, m.file), 'providers');
    for (const provider of ['docker', 'swarm']) {
      const at = located(text, child(child(providers, provider), 'network'));
      if (at) instance.network = { value: at.value, loc: { file: m.file, start: at.start, end: at.end } };
    }
  }
  return instance;
}

/**
 * Traefik's connections to the services its labels route, as references of the Traefik service: the
 * routed service by name, on the label's port. They stand on the labels (nothing writes the name there).
 */
export function traefikReferences(instances: readonly TraefikInstance[], routes: readonly TraefikRoute[]): Reference[] {
  const refs: Reference[] = [];
  for (const t of instances) {
    for (const r of routes) {
      if (r.service === t.service) continue;
      const at = r.port?.label ?? r.labels[0];
      refs.push({
        from: t.service,
        host: r.service,
        port: r.port?.value,
        portSource: r.port ? 'written' : 'none',
        hostLoc: at.keyLoc,
        portLoc: r.port ? r.port.label.valueLoc : undefined,
        exact: false,
        valueLoc: at.valueLoc,
        origin: 'label',
        form: 'host-port',
        role: 'dial',
        certainty: 'certain',
        roleWhy: `Traefik routes requests to it (the \`traefik.*\` labels of ${code(r.service)})`,
        setting: at.key,
      });
    }
  }
  return refs;
}
