// Port mappings (`ports`, short and long syntax) and `expose` entries.
import type { CNode } from '../compose/nodes';
import { get, isMap, isScalar, str } from '../compose/nodes';
import type { Loc } from '../compose/source';

export type Protocol = 'tcp' | 'udp' | 'sctp';

export interface PortMapping {
  /** Host address the port is bound to; undefined means all interfaces (0.0.0.0 and ::). */
  hostIp?: string;
  /** First published host port; undefined when Compose picks a random one. */
  published?: number;
  publishedEnd?: number;
  target: number;
  targetEnd: number;
  protocol: Protocol;
  /** Swarm publish mode: `ingress` (default) or `host`. */
  mode: 'ingress' | 'host';
  loc: Loc;
  /** Where the published port is written, when it is (for fixes and hovers). */
  publishedLoc?: Loc;
}

export interface ExposedPort {
  port: number;
  portEnd: number;
  protocol: Protocol;
  loc: Loc;
}

/** The characters of a one-line scalar's value, without its quotes. */
export function unquotedLoc(node: CNode | undefined, made?: Loc[]): Loc | undefined {
  if (!isScalar(node)) return node?.loc;
  if (node.style !== 'single' && node.style !== 'double') return node.loc;
  const loc = { file: node.loc.file, start: node.loc.start + 1, end: Math.max(node.loc.start + 1, node.loc.end - 1) };
  made?.push(loc);
  return loc;
}

function protocolOf(text: string | undefined): Protocol {
  const p = (text ?? 'tcp').toLowerCase();
  return p === 'udp' || p === 'sctp' ? p : 'tcp';
}

function range(text: string): [number, number] | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  if (a > 65535 || b > 65535 || b < a) return undefined;
  return [a, b];
}

/** Parses one `ports` entry; undefined when it is not a valid mapping. Locations it makes (not the node's own) go to `made`. */
export function parsePort(node: CNode, made?: Loc[]): PortMapping | undefined {
  if (isMap(node)) {
    const target = range(str(node, 'target') ?? '');
    if (!target) return undefined;
    const publishedText = str(node, 'published');
    const published = publishedText ? range(publishedText) : undefined;
    const mode = str(node, 'mode') === 'host' ? 'host' : 'ingress';
    return {
      hostIp: str(node, 'host_ip') || undefined,
      published: published?.[0],
      publishedEnd: published?.[1],
      target: target[0],
      targetEnd: target[1],
      protocol: protocolOf(str(node, 'protocol')),
      mode,
      loc: node.loc,
      publishedLoc: unquotedLoc(get(node, 'published'), made),
    };
  }
  if (!isScalar(node) || node.value === null) return undefined;
  const text = String(node.value);
  const slash = text.lastIndexOf('/');
  const spec = slash >= 0 ? text.slice(0, slash) : text;
  const protocol = protocolOf(slash >= 0 ? text.slice(slash + 1) : undefined);
  let hostIp: string | undefined;
  let rest = spec;
  const bracket = /^\[([^\]]+)\]:(.*)$/.exec(spec);
  if (bracket) {
    hostIp = bracket[1];
    rest = bracket[2];
  }
  const parts = rest.split(':');
  let hostPart: string | undefined;
  let containerPart: string;
  if (parts.length === 1) containerPart = parts[0];
  else if (parts.length === 2) [hostPart, containerPart] = parts;
  else if (parts.length === 3 && !hostIp) [hostIp, hostPart, containerPart] = parts;
  else {
    // An unbracketed IPv6 host address: the last two fields are the ports.
    containerPart = parts[parts.length - 1];
    hostPart = parts[parts.length - 2];
    hostIp = hostIp ?? parts.slice(0, -2).join(':');
  }
  const target = range(containerPart);
  if (!target) return undefined;
  const published = hostPart ? range(hostPart) : undefined;
  if (hostPart && !published) return undefined;
  let publishedLoc: Loc | undefined;
  if (hostPart && node.style !== 'block') {
    const quote = node.style === 'plain' ? 0 : 1;
    const at = spec.length - containerPart.length - 1 - hostPart.length;
    publishedLoc = { file: node.loc.file, start: node.loc.start + quote + at, end: node.loc.start + quote + at + hostPart.length };
    made?.push(publishedLoc);
  }
  return {
    hostIp: hostIp || undefined,
    published: published?.[0],
    publishedEnd: published?.[1],
    target: target[0],
    targetEnd: target[1],
    protocol,
    mode: 'ingress',
    loc: node.loc,
    publishedLoc,
  };
}

export function parseExpose(node: CNode): ExposedPort | undefined {
  const text = str(node);
  if (!text) return undefined;
  const [spec, proto] = text.split('/');
  const r = range(spec);
  if (!r) return undefined;
  return { port: r[0], portEnd: r[1], protocol: protocolOf(proto), loc: node.loc };
}

/** The container port a service's mappings send host port `hostPort` to, or undefined when it does not publish it. */
export function hostPortTarget(ports: readonly PortMapping[], hostPort: number): number | undefined {
  for (const p of ports) {
    if (p.published === undefined) continue;
    const end = p.publishedEnd ?? p.published;
    if (hostPort >= p.published && hostPort <= end) return p.target + (hostPort - p.published);
  }
  return undefined;
}

export function describeMapping(p: PortMapping): string {
  const host = p.published === undefined ? 'a random host port' : `${p.hostIp ?? '0.0.0.0'}:${p.published}${p.publishedEnd !== p.published ? `-${p.publishedEnd}` : ''}`;
  const target = `${p.target}${p.targetEnd !== p.target ? `-${p.targetEnd}` : ''}/${p.protocol}`;
  return `${host} → container ${target}`;
}
