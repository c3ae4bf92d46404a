// What one build of a project's network model lends the next, so that an edit re-analyses only
// what it touched. Two parts are kept:
// - per service, what the model read from its settings (networks, ports, links...) and the
//   addresses it writes (`references.ts`, a scan of every value): kept when the service's entries
//   read the same, character for character, in every file that writes it (an edit above them only
//   moves them: their locations move along);
// - the name index (who answers to which name on which network) with every answer `resolve` gave:
//   kept when no service changed how it is named, attached or linked, so a changed environment
//   value does not rebuild any network's names.
// Nothing kept points at an old tree or model: strings, numbers, locations and the files' texts.
import { get, isMap } from '../compose/nodes';
import type { ComposeProject, ServiceDef } from '../compose/project';
import type { Loc } from '../compose/source';
import { collectReferences, declaredListenPorts } from './references';
import type { Attachment, NetworkInfo, Reference, Resolution, ServiceInfo } from './types';

/** How much work builds did: the tests read it to tell reuse from rebuild. */
export const modelCounters = { serviceReads: 0, serviceReuses: 0, nameIndexBuilds: 0, nameIndexReuses: 0 };

export type ListenPort = ReturnType<typeof declaredListenPorts>[number];

/** A service's addresses and the ports its own settings say it listens on. */
export interface ServiceScan {
  references: Reference[];
  listenPorts: ListenPort[];
}

/** What the model reads from one service's settings. */
export interface ServiceRead {
  info: ServiceInfo;
  scan: ServiceScan;
}

/** The name index of a model: plain strings and answers, shared by builds whose naming is the same. */
export interface NameIndex {
  /** network key → DNS name (lower-cased) → services answering to it (facts 7 and 9). */
  dns: Map<string, Map<string, string[]>>;
  /** Any name (lower-cased) a service is known by anywhere, to tell "exists elsewhere" from "unknown". */
  anyName: Map<string, string>;
  /** namespace owner → services sharing that namespace. */
  namespaces: Map<string, string[]>;
  /** Answers by caller, then host: rules ask the same question many times. */
  resolved: Map<string, Map<string, Resolution>>;
}

/** Where a file writes a service: its entry under `services:`, from the key to the end of its value. */
interface Region {
  file: string;
  /** The file's whole text (kept, not a copy) and the entry's span in it. */
  text: string;
  start: number;
  end: number;
  /** The key's column: the same characters under another indentation may mean something else. */
  column: number;
}

/** A service's settings as the model read them, without its definition (which holds the old trees). */
type KeptInfo = Omit<ServiceInfo, 'def' | 'containerNamePair' | 'networkModePair'>;

interface KeptService {
  regions: Region[];
  active: boolean;
  envFiles: string;
  info: KeptInfo;
  scan: ServiceScan;
}

/** Answers kept beyond this many per service are dropped at the next build (hosts half typed pile up). */
const MAX_ANSWERS_PER_SERVICE = 64;

export class ModelReuse {
  /** The last finished build's services, by name. */
  private kept = new Map<string, KeptService>();
  /** The build under way's: they replace `kept` when it finishes (services gone are forgotten). */
  private next = new Map<string, KeptService>();
  /** The interpolation environment the kept services were read under. */
  private environment = '';
  private names?: { signature: string; index: NameIndex };

  begin(project: ComposeProject): void {
    const environment = JSON.stringify(project.environment);
    if (environment !== this.environment) this.kept.clear();
    this.environment = environment;
    this.next = new Map();
  }

  finish(): void {
    this.kept = this.next;
    this.next = new Map();
  }

  /** What the model reads from `def`: the last build's, moved to where its entries now are, when they read the same. */
  service(def: ServiceDef, project: ComposeProject, read: () => ServiceRead): ServiceRead {
    const regions = regionsOf(def, project);
    if (!regions) return read();
    const envFiles = def.envFileEntries.length === 0 ? '' : JSON.stringify(def.envFileEntries);
    const kept = this.kept.get(def.name);
    let result: ServiceRead;
    if (kept && kept.active === def.active && kept.envFiles === envFiles && sameRegions(kept.regions, regions)) {
      modelCounters.serviceReuses++;
      result = moveService(kept, def, regions);
    } else {
      result = read();
    }
    // Kept until the next build: nothing that holds this build's trees (the old ones go while the next is built).
    this.next.set(def.name, { regions, active: def.active, envFiles, info: detach(result.info), scan: result.scan });
    return result;
  }

  /** The kept name index when the naming is the same as last build's; else a fresh one, kept for the next. */
  nameIndex(services: Map<string, ServiceInfo>, networks: Map<string, NetworkInfo>, build: () => NameIndex): NameIndex {
    const signature = namingSignature(services, networks);
    if (this.names && this.names.signature === signature) {
      modelCounters.nameIndexReuses++;
      const index = this.names.index;
      let answers = 0;
      for (const byHost of index.resolved.values()) answers += byHost.size;
      if (answers > MAX_ANSWERS_PER_SERVICE * Math.max(1, services.size)) index.resolved.clear();
      return index;
    }
    modelCounters.nameIndexBuilds++;
    const index = build();
    this.names = { signature, index };
    return index;
  }
}

/** A service's addresses and declared ports, read from its settings. */
export function scanService(def: ServiceDef, project: ComposeProject): ServiceScan {
  modelCounters.serviceReads++;
  return { references: def.active ? collectReferences(def, project.sources) : [], listenPorts: declaredListenPorts(def) };
}

/**
 * Every entry that writes the service, when they alone decide it: files of the project itself
 * (an included file has its own `.env`), without anchors or aliases (a value could come from
 * elsewhere) and without `extends` (so could its base).
 */
function regionsOf(def: ServiceDef, project: ComposeProject): Region[] | undefined {
  const regions: Region[] = [];
  for (const keyLoc of def.keyLocs) {
    const file = keyLoc.file;
    if (!project.localFiles.has(file) || !project.files.includes(file)) return undefined;
    const services = get(project.fileTrees.get(file), 'services');
    const entry = isMap(services) ? services.pairs.get(def.name) : undefined;
    const source = project.sources.get(file);
    if (!entry || !source || entry.keyLoc.start !== keyLoc.start || (isMap(entry.value) && entry.value.pairs.has('extends'))) return undefined;
    const text = source.text;
    const column = keyLoc.start - (text.lastIndexOf('\n', keyLoc.start - 1) + 1);
    regions.push({ file, text, start: keyLoc.start, end: Math.max(entry.value.loc.end, entry.keyLoc.end), column });
  }
  return regions;
}

function sameRegions(a: Region[], b: Region[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.file !== y.file || x.column !== y.column || x.end - x.start !== y.end - y.start) return false;
    if (x.text.slice(x.start, x.end) !== y.text.slice(y.start, y.end)) return false;
  }
  return true;
}

/** Every field, optional ones included: adding a field to `ServiceInfo` does not compile until it is carried here. */
type AllFields<T> = { [K in keyof Required<T>]: T[K] };

/** The info without what holds the build's trees. Written out (no spread): a few thousand of these per build. */
function detach(s: ServiceInfo): KeptInfo {
  const kept: AllFields<KeptInfo> = {
    name: s.name,
    active: s.active,
    image: s.image,
    containerName: s.containerName,
    hostname: s.hostname,
    networkMode: s.networkMode,
    attachments: s.attachments,
    listedNetworks: s.listedNetworks,
    links: s.links,
    externalLinks: s.externalLinks,
    dnsSearch: s.dnsSearch,
    extraHosts: s.extraHosts,
    ports: s.ports,
    expose: s.expose,
    listens: s.listens,
    replicas: s.replicas,
    replicasLoc: s.replicasLoc,
    endpointMode: s.endpointMode,
    endpointModeLoc: s.endpointModeLoc,
    namespaceOwner: s.name,
  };
  return kept;
}

/**
 * A kept service for the new definition `def`, its locations moved as far as its entries moved in
 * each file. Every location of `ServiceInfo` and `Reference` is moved here: a new one must be too
 * (the incremental tests compare every location with a fresh build's).
 */
function moveService(kept: KeptService, def: ServiceDef, to: Region[]): ServiceRead {
  const from = kept.regions;
  const delta = new Map<string, number>();
  for (let i = 0; i < to.length; i++) if (to[i].start !== from[i].start) delta.set(to[i].file, to[i].start - from[i].start);
  const move = (loc: Loc): Loc => {
    const d = delta.get(loc.file);
    return d === undefined ? loc : { file: loc.file, start: loc.start + d, end: loc.end + d };
  };
  const maybe = (loc: Loc | undefined): Loc | undefined => (loc === undefined ? undefined : move(loc));
  const old = kept.info;
  const moved = delta.size > 0;
  const info: AllFields<ServiceInfo> = {
    name: old.name,
    def,
    active: old.active,
    image: old.image,
    containerName: old.containerName,
    containerNamePair: def.node.pairs.get('container_name'),
    hostname: old.hostname,
    networkMode: old.networkMode,
    networkModePair: def.node.pairs.get('network_mode'),
    attachments: moved
      ? old.attachments.map((a): Attachment => ({ ...a, aliases: a.aliases.map((x) => ({ name: x.name, loc: move(x.loc) })), ipv4Loc: maybe(a.ipv4Loc), ipv6Loc: maybe(a.ipv6Loc), keyLoc: maybe(a.keyLoc) }))
      : old.attachments,
    listedNetworks: moved ? old.listedNetworks.map((n) => ({ network: n.network, keyLoc: move(n.keyLoc) })) : old.listedNetworks,
    links: moved ? old.links.map((l) => ({ ...l, loc: move(l.loc) })) : old.links,
    externalLinks: moved ? old.externalLinks.map((l) => ({ ...l, loc: move(l.loc) })) : old.externalLinks,
    dnsSearch: old.dnsSearch,
    extraHosts: moved ? old.extraHosts.map((e) => ({ ...e, loc: move(e.loc) })) : old.extraHosts,
    ports: moved ? old.ports.map((p) => ({ ...p, loc: move(p.loc), publishedLoc: maybe(p.publishedLoc) })) : old.ports,
    expose: moved ? old.expose.map((e) => ({ ...e, loc: move(e.loc) })) : old.expose,
    listens: old.listens,
    replicas: old.replicas,
    replicasLoc: maybe(old.replicasLoc),
    endpointMode: old.endpointMode,
    endpointModeLoc: maybe(old.endpointModeLoc),
    // Set by the build once every service is known.
    namespaceOwner: def.name,
  };
  const references = moved ? kept.scan.references.map((r) => ({ ...r, hostLoc: move(r.hostLoc), valueLoc: move(r.valueLoc), portLoc: maybe(r.portLoc) })) : kept.scan.references;
  return { info, scan: { references, listenPorts: kept.scan.listenPorts } };
}

/** Everything name resolution reads from the services and networks, as one string. */
function namingSignature(services: Map<string, ServiceInfo>, networks: Map<string, NetworkInfo>): string {
  const parts: string[] = [];
  for (const n of networks.values()) parts.push('n', n.key, n.kind);
  for (const s of services.values()) {
    const mode = s.networkMode;
    parts.push('s', s.name, s.active ? 'A' : 'I', s.namespaceOwner, mode.kind, 'target' in mode ? mode.target : '', s.containerName ?? '', s.hostname ?? '');
    for (const a of s.attachments) {
      parts.push('a', a.network);
      for (const alias of a.aliases) parts.push(alias.name);
    }
    for (const l of s.links) parts.push('l', l.target, l.alias);
    for (const l of s.externalLinks) parts.push('x', l.target, l.alias);
    for (const e of s.extraHosts) parts.push('h', e.host, e.address);
  }
  return parts.join('\u0000');
}
