// Hover: what the thing under the cursor means for this project's network, in a few lines of markdown.
// Every string from the files goes through `code` or `text` (display/markdown.ts): nothing a file
// writes becomes a link, an image or HTML in the hover.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { describeMapping, type PortMapping } from '../network/ports';
import { DEFAULT_BRIDGE, isConnection, type ListenSource, type NetworkModel, type Reference } from '../network/types';
import type { Analysis } from '../analysis';
import { code, fromCodeSpans, text } from '../display/markdown';
import { networkLabel, networksOf, peersOnPort, reachedBy, resolutionText } from './describe';
import { stackNameLine, stackNetworkFlags, stackPortLine, stackServiceLines } from './stackDescribe';
import { LISTED, some, someOf, someOfCounted } from '../rules/support/listLimits';
import { offsetOf, rangeOf } from '../lsp/locations';
import { projectIndex, spanAt } from '../lsp/projectIndex';
import { isMap, isSeq, type CNode, type CPair } from '../compose/nodes';
import { schemaDescription } from '../compose/schema';
import type { Loc } from '../compose/source';

export function hover(analysis: Analysis, file: string, position: Position): Hover | null {
  const offset = offsetOf(analysis, file, position);
  if (offset === undefined) return null;
  const span = spanAt(analysis, file, offset);
  if (!span) return schemaHover(analysis, file, offset);
  const model = analysis.model;
  let lines: string[] | undefined;
  switch (span.kind) {
    case 'service':
      lines = serviceHover(model, span.name);
      break;
    case 'network':
      lines = networkHover(model, span.name, span.from);
      break;
    case 'networkMode':
      lines = networkModeHover(model, span.service);
      break;
    case 'driver':
      lines = driverHover(model, span.network, span.value);
      break;
    case 'port':
      lines = portHover(model, span.service, span.mapping);
      break;
    case 'host':
      lines = hostHover(model, span.ref);
      break;
    case 'alias':
      lines = aliasHover(model, span.service, span.network, span.name);
      break;
  }
  if (!lines || lines.length === 0) return schemaHover(analysis, file, offset);
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: rangeOf(analysis, span.loc) };
}

function serviceHover(model: NetworkModel, name: string): string[] | undefined {
  const svc = model.services.get(name);
  if (!svc) return undefined;
  const head = `**service ${code(name)}**${svc.image ? ` · ${code(svc.image)}` : ''}${svc.active ? '' : ' · not started (profiles)'}`;
  const lines = [head, '', ...stackServiceLines(svc)];
  const mode = svc.networkMode.kind;
  if (mode === 'networks' || mode === 'other' || mode === 'bridge') {
    for (const a of svc.attachments) {
      const names = model.namesOn(name, a.network);
      lines.push(`- on ${code(networkLabel(a.network))}${names.length ? ` as ${names.map(code).join(', ')}` : a.network === DEFAULT_BRIDGE ? ' (no DNS names)' : ''}`);
    }
  } else lines.push(`- ${text(networksOf(svc))}`);
  const guests = model.namespaceMembers(name).filter((s) => s !== name).map(code);
  if (guests.length) lines.push(`- shares its network namespace with ${some(guests)} (\`localhost\` is the same there)`);
  if (svc.ports.length) lines.push(`- ports: ${svc.ports.map((p) => text(describeMapping(p))).join('; ')}`);
  const listens = [...svc.listens.keys()].map((p) => code(p));
  for (const r of svc.listenRanges) listens.push(`${code(`${r.from}-${r.to}`)} (${r.via})`);
  if (listens.length) lines.push(`- listens on ${listens.join(', ')}`);
  const by = reachedBy(model, name);
  if (by.length) lines.push(`- reached by ${someOf(by, (b) => `${code(b.from)} as ${code(b.port !== undefined ? `${b.host}:${b.port}` : b.host)}${b.network ? ` over ${code(networkLabel(b.network))}` : ''}`)}`);
  else lines.push('- reached by no other service');
  return lines;
}

function networkHover(model: NetworkModel, key: string, from?: string): string[] | undefined {
  const net = model.networks.get(key);
  if (!net) return [`**network ${code(key)}** is not declared under top-level \`networks:\`${from ? `; ${code(from)} cannot join it` : ''}.`];
  const flags = [`driver ${code(net.driver)}`, net.internal ? 'internal (no way out)' : '', net.attachable ? 'attachable' : '', net.external ? 'external (created outside this project)' : '', ...stackNetworkFlags(net)].filter(Boolean);
  const lines = [`**network ${code(key)}** (${code(net.name)}) · ${flags.join(' · ')}`, ''];
  if (net.subnets.length) lines.push(`- subnet ${net.subnets.map(code).join(', ')}`);
  lines.push(net.members.length ? `- services: ${someOf(net.members, code)}` : '- no service is on it');
  const names = new Set<string>();
  for (const m of net.members) for (const n of model.namesOn(m, key)) names.add(n);
  if (names.size) lines.push(`- DNS names: ${some([...names].map(code))}`);
  return lines;
}

function networkModeHover(model: NetworkModel, service: string): string[] | undefined {
  const svc = model.services.get(service);
  if (!svc) return undefined;
  const ignoredPorts = svc.ports.length ? ` Its \`ports\` (${svc.ports.map((p) => code(p.published ?? p.target)).join(', ')}) are ignored.` : '';
  const others = [...model.services.values()].filter((s) => s.name !== service && s.active).map((s) => code(s.name));
  const mode = svc.networkMode;
  switch (mode.kind) {
    case 'host':
      return [`**network_mode: host** — ${code(service)} uses the host's network stack: it listens directly on the host.${ignoredPorts}`, `Service names do not resolve here${others.length ? ` (${some(others)} are not reachable by name)` : ''}; use ports they publish on \`localhost\`.`];
    case 'none':
      return [`**network_mode: none** — ${code(service)} has only a loopback interface: it reaches nothing and nothing reaches it.${ignoredPorts}`];
    case 'bridge': {
      const lost = model.connections().filter((r) => r.from === service && isConnection(r) && model.resolve(service, r.host).kind === 'unreachable').map((r) => code(r.host));
      return [`**network_mode: bridge** — ${code(service)} joins the engine's default bridge (\`docker0\`) instead of the project's networks.`, `There is no DNS between containers there; only \`links\` or IP addresses work${lost.length ? ` (${some([...new Set(lost)])} will not resolve)` : ''}.`];
    }
    case 'service': {
      const target = model.services.get(mode.target);
      return [`**network_mode: service:${text(mode.target)}** — ${code(service)} runs in ${code(mode.target)}'s network namespace: same IP, same ports, and \`localhost\` here is ${code(mode.target)}.`, target ? `It is reached by ${code(mode.target)}'s names, on ${target.attachments.length ? target.attachments.map((a) => code(networkLabel(a.network))).join(', ') : text(networksOf(target))}; its own \`networks\` and \`ports\` must not be set.` : `${code(mode.target)} is not a service of this project.`];
    }
    case 'container':
      return [`**network_mode: container:${text(mode.target)}** — ${code(service)} shares the network namespace of container ${code(mode.target)}, which this project does not manage.`];
    default:
      return [`**network_mode: ${code(svc.networkModePair ? String((svc.networkModePair.value as { value?: unknown }).value) : '')}** — not a mode Compose knows (\`bridge\`, \`host\`, \`none\`, \`service:…\`, \`container:…\`).`];
  }
}

const DRIVERS: Record<string, string> = {
  bridge: 'a private network on this host; containers on it resolve each other by service name.',
  host: "no separate network: containers use the host's stack; names of other services do not resolve.",
  none: 'no networking but loopback.',
  overlay: 'spans the nodes of a Swarm; needs swarm mode on the engine (and `attachable: true` for plain containers).',
  macvlan: "each container gets its own MAC and an address on the parent interface's LAN (`driver_opts.parent`); the host itself cannot reach them through that interface.",
  ipvlan: "containers get addresses on the parent interface's LAN, sharing its MAC; the host cannot reach them through that interface.",
};

function driverHover(model: NetworkModel, network: string, value: string): string[] {
  const what = DRIVERS[value] ?? `a plugin driver: it must be installed on the engine, or \`docker compose up\` fails.`;
  const members = model.networks.get(network)?.members ?? [];
  return [`**driver: ${text(value)}** — ${what}`, members.length ? `On ${code(network)}: ${someOf(members, code)}.` : `No service is on ${code(network)}.`];
}

function portHover(model: NetworkModel, service: string, p: PortMapping): string[] {
  const svc = model.services.get(service);
  const mode = svc ? (model.services.get(svc.namespaceOwner) ?? svc).networkMode.kind : 'networks';
  const host = p.published === undefined ? 'a random host port' : `${p.hostIp ?? '0.0.0.0'}:${p.published}${p.publishedEnd !== p.published ? `-${p.publishedEnd}` : ''}`;
  const target = `${p.target}${p.targetEnd !== p.target ? `-${p.targetEnd}` : ''}/${p.protocol}`;
  const lines = [`host ${text(host)} → container ${text(target)}`];
  // Fact 16: a container attached only to internal networks publishes nothing.
  const internalOnly = p.published !== undefined && svc !== undefined && svc.attachments.length > 0 && svc.attachments.every((a) => model.networks.get(a.network)?.internal);
  if (mode === 'host') lines.push(`Ignored: ${code(service)} uses \`network_mode: host\` and listens on the host directly.`);
  else if (mode === 'none') lines.push(`Ignored: ${code(service)} has \`network_mode: none\`.`);
  else if (internalOnly) lines.push(`Not published: ${code(service)} is only on \`internal\` networks. From other services use ${code(`${service}:${p.target}`)}.`);
  else lines.push(`From other services use ${code(`${service}:${p.target}`)}${p.published !== undefined && p.published !== p.target ? ` (not ${code(p.published)}: that is the host side)` : ''}.`);
  if (svc?.stack) lines.push(stackPortLine(p));
  else if (p.published !== undefined && p.hostIp === undefined && mode !== 'host' && mode !== 'none' && !internalOnly) lines.push('Published on every host interface; `127.0.0.1:` keeps it local.');
  return lines;
}

const ROLE_TEXT: Record<Reference['role'], string> = {
  dial: 'the service connects here',
  advertise: 'handed out to browsers, clients or peers, not connected to',
  listen: 'where the service itself listens',
  unknown: 'nothing tells whether the service connects here',
};

/** The reference's role and the evidence for it (roles decide which findings a reference can raise, and how severe). */
function roleLine(ref: Reference): string {
  if (ref.role === 'unknown') return `Role: **unknown** — ${fromCodeSpans(ref.roleWhy)}.`;
  const likely = ref.certainty === 'likely' ? ' (likely)' : '';
  return `Role: **${ref.role}**${likely} — ${ROLE_TEXT[ref.role]}: ${fromCodeSpans(ref.roleWhy)}.`;
}

function hostHover(model: NetworkModel, ref: Reference): string[] {
  const res = model.resolve(ref.from, ref.host);
  const lines = [resolutionText(model, ref.from, ref.host, res)];
  const swarm = stackNameLine(model, ref.host, res);
  if (swarm) lines.push(swarm);
  lines.push(roleLine(ref));
  const port = ref.port;
  if (port === undefined) return lines;
  const portNote = ref.portSource === 'scheme' ? ` (default for ${text(`${ref.scheme}://`)})` : '';
  if (res.kind === 'service') {
    const listens = model.listensOn(res.target, port);
    lines.push(listens === 'yes' ? `${code(res.target)} listens on ${code(port)}${portNote}.` : listens === 'no' ? `Nothing tells that ${code(res.target)} listens on ${code(port)}${portNote}; it listens on ${[...(model.services.get(res.target)?.listens.keys() ?? [])].map(code).join(', ')}.` : openListens(model, res.target, port, portNote));
  } else if (res.kind === 'loopback' && ref.role === 'dial') {
    const own = model.listensOn(ref.from, port);
    if (own === 'yes') lines.push(`${code(ref.from)} itself listens on ${code(port)}.`);
    else {
      const peers = peersOnPort(model, ref.from, port, LISTED);
      if (peers.total) lines.push(`Nothing in ${code(ref.from)} listens on ${code(port)}; you probably meant ${someOfCounted(peers.listed, peers.total, (p) => code(`${p.name}:${p.port}`), ' or ')}.`);
      else lines.push(`Nothing tells that ${code(ref.from)} listens on ${code(port)}${portNote}.`);
    }
  }
  return lines;
}

/** How a port that does not make a listening set known was learnt (`isConfidentSource`). */
const SOURCE_NOTE: Partial<Record<ListenSource, string>> = { ports: 'published', 'image-family': 'the usual port of its image', healthcheck: 'its healthcheck' };

/** Why a port of a service is unknown: nothing lists its ports, or configuration it mounts may open more. */
function openListens(model: NetworkModel, service: string, port: number, portNote: string): string {
  const info = model.services.get(service);
  const why = info?.listensOpen;
  if (!info) return `Nothing tells which ports ${code(service)} listens on.`;
  if (why === undefined) {
    // Known only from what it publishes (or a guess from its image): a published port is one listener, not every one.
    const known = [...info.listens].map(([p, source]) => `${code(p)}${SOURCE_NOTE[source] ? ` (${SOURCE_NOTE[source]})` : ''}`);
    return known.length
      ? `Nothing tells whether ${code(service)} listens on ${code(port)}${portNote}: it is known to listen on ${known.join(', ')}, which need not be all of its ports.`
      : `Nothing tells which ports ${code(service)} listens on.`;
  }
  const known = [...info.listens.keys()];
  const listed = known.length ? `; it is known to listen on ${known.map(code).join(', ')}` : '';
  return `Nothing tells whether ${code(service)} listens on ${code(port)}${portNote}: ${fromCodeSpans(why)}, which may open more ports${listed}.`;
}

function aliasHover(model: NetworkModel, service: string, network: string, alias: string): string[] {
  const net = model.networks.get(network);
  const peers = (net?.members ?? []).filter((m) => m !== service);
  const others = peers.filter((m) => model.namesOn(m, network).includes(alias.toLowerCase()));
  const lines = [`**alias ${code(alias)}** — ${code(service)} answers to it on ${code(network)} only${peers.length ? `: ${someOf(peers, code)} can reach it as ${code(alias)}` : ''}; from other networks the name does not resolve.`];
  // Fact 9: several containers answering to one name get round-robin DNS.
  if (others.length) lines.push(`${someOf(others, code)} also answer${others.length === 1 ? 's' : ''} to ${code(alias)} on ${code(network)}: the DNS answer holds all of them (round robin).`);
  return lines;
}

/** The key under the cursor in the file's own tree: its path from the top (list items by position) and its pair. */
function keyAt(tree: CNode | undefined, file: string, offset: number): { keys: Array<string | number>; pair: CPair } | undefined {
  const keys: Array<string | number> = [];
  const inside = (loc: Loc) => loc.file === file && loc.start <= offset && offset <= loc.end;
  let node = tree;
  while (node) {
    if (isMap(node)) {
      let next: CNode | undefined;
      for (const p of node.pairs.values()) {
        if (inside(p.keyLoc)) return p.keyFromVariable ? undefined : { keys: [...keys, p.key], pair: p };
        if (!next && inside(p.value.loc)) {
          keys.push(p.key);
          next = p.value;
        }
      }
      node = next;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((item) => inside(item.loc));
      if (i < 0) return undefined;
      keys.push(i);
      node = node.items[i];
    } else return undefined;
  }
  return undefined;
}

/** Where the network hover has nothing: what the Compose specification says of the key under the cursor. */
function schemaHover(analysis: Analysis, file: string, offset: number): Hover | null {
  const found = keyAt(analysis.project.fileTrees.get(file), file, offset);
  if (!found) return null;
  const description = schemaDescription(found.keys);
  if (!description) return null;
  return { contents: { kind: MarkupKind.Markdown, value: `**${code(found.pair.key)}** · ${text(description)}\n\n*(Compose specification)*` }, range: rangeOf(analysis, found.pair.keyLoc) };
}
