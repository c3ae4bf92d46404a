// What one build of a project's network model lends the next, so that an edit re-analyses only
// what it touched. Two parts are kept:
// - per service, the addresses it writes and the ports it says it listens on (`references.ts`,
//   `mounted/` and `listeners.ts`, a scan of every value, the costly part of reading a service): kept
//   when the service's entries read the same, character for character, in every file that writes it,
//   and the files it reads or mounts are the same (an edit above them only moves them: their locations
//   move along). The rest of a service's settings is read again: it is
//   a few look-ups, and keeping it would hold the last build's objects while the next is built;
// - the name index (who answers to which name on which network) with every answer `resolve` gave:
//   kept when no service changed how it is named, attached or linked, so a changed environment
//   value does not rebuild any network's names.
// - who answers on which port (`answersOn`), by name: kept while the naming is the same and every
//   service read again listens and publishes as before (a service whose scan is kept does).
// Nothing kept points at an old tree or model: strings, numbers, locations of its own (never the parsed tree's,
// which an edit moves in place) and the files' texts.
// With `settleLater` (the language server's), a project's first build lends the next its scans at once, but what
// the next compares them by (each service's regions and inputs, the naming, how each service answers) is made by
// `settle`, once the diagnostics are out: the first diagnostics come that much sooner. `settle` must run before the
// next load, whose parse moves the tree's locations in place; a build that finds it not done keeps no service.
import { get, isMap } from '../compose/nodes';
import type { ComposeProject, ServiceDef } from '../compose/project';
import { moveLoc, type Loc } from '../compose/source';
import { modelCounters, scanService } from './model';
import { isConfidentSource } from './listeners';
import type { KeptAnswer, LentBuild, NameIndex, NetworkInfo, Reference, ServiceInfo, ServiceScan } from './types';

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

interface KeptService {
  regions: Region[];
  active: boolean;
  /** What the service reads from other files (its `env_file`s, its Dockerfile), as one string. */
  outside: string;
  /** The mounted files' paths, kinds and texts (kept, not copied): an edit there is read again. */
  mounted: string[];
  /** The configuration files it mounts that no reader understands (they decide `listensOpen`), one string. */
  unread: string;
  scan: ServiceScan;
}

/** What a first build leaves to `settle`: its project, the services it scanned, its model's services and networks, and whether it noted how they answer. */
interface Unsettled {
  project: ComposeProject;
  defs: ServiceDef[];
  services?: Map<string, ServiceInfo>;
  networks?: Map<string, NetworkInfo>;
  answering: boolean;
}

/** Answers kept beyond this many per service are dropped at the next build (hosts half typed pile up). */
const MAX_ANSWERS_PER_SERVICE = 64;

export class ModelReuse implements LentBuild {
  /** `settleLater`: a first build leaves what the next compares to `settle` (called before the next load). */
  constructor(private readonly settleLater = false) {}

  /** The last finished build's services, by name. */
  private kept = new Map<string, KeptService>();
  /** The build under way's: they replace `kept` when it finishes (services gone are forgotten). */
  private next = new Map<string, KeptService>();
  /** The interpolation environment the kept services were read under. */
  private environment = '';
  /** `naming` is undefined until `settle` makes it (a first build). */
  private names?: { naming: string[] | undefined; index: NameIndex };
  /** Whether the build under way found the naming of the last one. */
  private namingSame = false;
  /** Services the build under way read again (or read at all, for the first time): how they answer is compared. */
  private changed: string[] = [];
  /** How each service of the last build listens and publishes (`answering`), and the answers that follow from it. */
  private answering = new Map<string, string>();
  private answers?: Map<number, KeptAnswer[]>;
  /** Whether the build under way kept the last one's answers (`portAnswers`). */
  private answersKept = false;
  /** Every service's last scan, those without regions too: what a service read again is compared with. */
  private scans = new Map<string, ServiceScan>();
  private nextScans = new Map<string, ServiceScan>();
  /** Services the build under way read again and found as before: the same scan, inputs and files, locations aside. */
  private same = new Set<string>();
  /** What the first build under way leaves to `settle`. */
  private unsettled?: Unsettled;
  /** Armed by `finish`: a build that stops on its time budget leaves nothing to settle. */
  private toSettle?: Unsettled;

  begin(project: ComposeProject): void {
    // Not settled before this load: the parse may have moved the last tree's locations, so no service is kept.
    if (this.toSettle) this.toSettle.defs = [];
    this.settle();
    const environment = JSON.stringify(project.environment);
    if (environment !== this.environment) this.kept.clear();
    this.environment = environment;
    this.next = new Map();
    this.changed = [];
    this.namingSame = false;
    this.answersKept = false;
    this.same = new Set();
    if (environment !== this.environment) this.scans.clear();
    // A first build: nothing kept, nothing scanned, no naming yet.
    const first = this.kept.size === 0 && this.scans.size === 0 && !this.names;
    this.unsettled = this.settleLater && first ? { project, defs: [], answering: false } : undefined;
  }

  finish(): void {
    this.kept = this.next;
    this.next = new Map();
    this.scans = this.nextScans;
    this.nextScans = new Map();
    this.toSettle = this.unsettled;
    this.unsettled = undefined;
  }

  /**
   * What a first build left for the next to compare: each service's regions and inputs (read from the tree before an
   * edit moves it), the naming, how each service answers. Nothing to do after any other build; each thing once.
   */
  settle(): void {
    const s = this.toSettle;
    if (!s) return;
    this.toSettle = undefined;
    for (const def of s.defs) {
      const regions = regionsOf(def, s.project);
      const scan = this.scans.get(def.name);
      if (!regions || !scan) continue;
      this.kept.set(def.name, { regions, active: def.active, outside: outsideOf(def), mounted: mountedTexts(def, s.project), unread: def.unreadConfigs.join('\n'), scan });
    }
    if (s.services && s.networks && this.names && this.names.naming === undefined) this.names.naming = namingOf(s.services, s.networks, undefined).naming;
    if (s.services && s.answering) {
      this.answering = new Map();
      for (const svc of s.services.values()) this.answering.set(svc.name, answeringOf(svc));
    }
  }

  /**
   * What the last build changed, for what is kept beyond the model (`findingReuse.ts`): the services read
   * again, whether each of them reads as before but for its locations (`same`), and whether the naming
   * and who answers on which port were kept.
   */
  edited(): { changed: readonly string[]; same: ReadonlySet<string>; namingSame: boolean; answersKept: boolean } {
    return { changed: this.changed, same: this.same, namingSame: this.namingSame, answersKept: this.answersKept };
  }

  /** The scan of `def`: the last build's, moved to where its entries now are, when they read the same. */
  scan(def: ServiceDef, project: ComposeProject): ServiceScan {
    if (this.unsettled) {
      // A first build: nothing to compare with; its locations its own, as a kept scan's must be.
      const scan = owningLocations(scanService(def, project));
      this.changed.push(def.name);
      this.unsettled.defs.push(def);
      this.nextScans.set(def.name, scan);
      return scan;
    }
    const regions = regionsOf(def, project);
    if (!regions) {
      this.changed.push(def.name);
      return this.compared(def.name, scanService(def, project), undefined);
    }
    const outside = outsideOf(def);
    const mounted = mountedTexts(def, project);
    const unread = def.unreadConfigs.join('\n');
    const kept = this.kept.get(def.name);
    let scan: ServiceScan;
    if (kept && kept.active === def.active && kept.outside === outside && sameStrings(kept.mounted, mounted) && sameRegions(kept.regions, regions)) {
      modelCounters.serviceReuses++;
      moveReferences(kept.scan.references, kept.regions, regions);
      // Moved in place: the kept entry says where they now are, should this build stop before it finishes (`budget.ts`).
      kept.regions = regions;
      scan = kept.scan;
      // The same entries, files and environment make the same service, but for what mounted folders hold.
      if (kept.unread !== unread) this.changed.push(def.name);
    } else {
      scan = owningLocations(scanService(def, project));
      this.changed.push(def.name);
      const inputsSame = kept !== undefined && kept.active === def.active && kept.outside === outside && sameStrings(kept.mounted, mounted) && kept.unread === unread;
      this.compared(def.name, scan, inputsSame);
    }
    this.next.set(def.name, { regions, active: def.active, outside, mounted, unread, scan });
    this.nextScans.set(def.name, scan);
    return scan;
  }

  /** Keeps `scan` for the next build and notes whether it reads as the last one (`inputsSame`: what else it read is the same; undefined: unknown). */
  private compared(name: string, scan: ServiceScan, inputsSame: boolean | undefined): ServiceScan {
    const last = this.scans.get(name);
    if (inputsSame !== false && last && sameIgnoringLocations(last, scan)) this.same.add(name);
    this.nextScans.set(name, scan);
    return scan;
  }

  /** The kept name index when the naming is the same as last build's; else a fresh one, kept for the next. */
  nameIndex(services: Map<string, ServiceInfo>, networks: Map<string, NetworkInfo>, build: () => NameIndex): NameIndex {
    const first = this.toSettle;
    if (first) {
      // A first build (`finish` armed its settling): its naming is made by `settle`.
      first.services = services;
      first.networks = networks;
      modelCounters.nameIndexBuilds++;
      const index = build();
      this.names = { naming: undefined, index };
      return index;
    }
    const { naming, same } = namingOf(services, networks, this.names?.naming);
    this.namingSame = same;
    if (this.names && this.namingSame) {
      modelCounters.nameIndexReuses++;
      const index = this.names.index;
      let answers = 0;
      for (const byHost of index.resolved.values()) answers += byHost.size;
      if (answers > MAX_ANSWERS_PER_SERVICE * Math.max(1, services.size)) index.resolved.clear();
      return index;
    }
    modelCounters.nameIndexBuilds++;
    const index = build();
    this.names = { naming, index };
    return index;
  }

  /**
   * The answers of the last build when the naming is the same (same services, namespaces and order) and every
   * service read again listens and publishes as before; else a new, empty set, filled as ports are asked.
   */
  portAnswers(services: Map<string, ServiceInfo>): Map<number, KeptAnswer[]> {
    if (this.toSettle) {
      // A first build: how each service answers is noted by `settle`.
      this.toSettle.services = services;
      this.toSettle.answering = true;
      return (this.answers = new Map());
    }
    if (!this.namingSame || !this.answers) {
      this.answering = new Map();
      for (const svc of services.values()) this.answering.set(svc.name, answeringOf(svc));
      return (this.answers = new Map());
    }
    let same = true;
    for (const name of this.changed) {
      const svc = services.get(name);
      const now = svc ? answeringOf(svc) : '';
      if (this.answering.get(name) === now) continue;
      same = false;
      this.answering.set(name, now);
    }
    if (!same) this.answers = new Map();
    this.answersKept = same;
    return this.answers;
  }
}

/** What `answersOn` reads of a service (namespaces come from the naming): started, its host ports, its listening ports and their sources' confidence, whether more may be open. */
function answeringOf(svc: ServiceInfo): string {
  let out = `${svc.active ? 'A' : 'I'}${svc.listensOpen !== undefined ? 'O' : ''}|`;
  for (const p of svc.ports) out += `${p.published ?? ''}-${p.publishedEnd ?? ''}:${p.target},`;
  out += '|';
  for (const [port, source] of svc.listens) out += `${port}${isConfidentSource(source) ? 'c' : ''},`;
  for (const r of svc.listenRanges) out += `${r.from}-${r.to},`;
  return out;
}

/** What a service reads from other files (its `env_file`s, its Dockerfile), as one string. */
function outsideOf(def: ServiceDef): string {
  return def.envFileEntries.length === 0 && !def.build ? '' : JSON.stringify([def.envFileEntries, def.build ?? null]);
}

/** Each mounted file's path, kind and text, in order. */
function mountedTexts(def: ServiceDef, project: ComposeProject): string[] {
  const out: string[] = [];
  for (const m of def.mountedFiles) out.push(m.file, m.kind, project.sources.get(m.file)?.text ?? '');
  return out;
}

/**
 * Every entry that writes the service, when they alone decide it: files of the project itself
 * (an included file has its own `.env`), without anchors or aliases (a value could come from
 * elsewhere) and without `extends` (so could its base).
 */
function regionsOf(def: ServiceDef, project: ComposeProject): Region[] | undefined {
  const regions = new Array<Region>(def.keyLocs.length);
  for (let i = 0; i < def.keyLocs.length; i++) {
    const keyLoc = def.keyLocs[i];
    const file = keyLoc.file;
    if (!project.localFiles.has(file) || !project.files.includes(file)) return undefined;
    const services = get(project.fileTrees.get(file), 'services');
    const entry = isMap(services) ? services.pairs.get(def.name) : undefined;
    const source = project.sources.get(file);
    if (!entry || !source || entry.keyLoc.start !== keyLoc.start || (isMap(entry.value) && entry.value.pairs.has('extends'))) return undefined;
    const text = source.text;
    const column = keyLoc.start - (text.lastIndexOf('\n', keyLoc.start - 1) + 1);
    regions[i] = { file, text, start: keyLoc.start, end: Math.max(entry.value.loc.end, entry.keyLoc.end), column };
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

/**
 * `scan` (just made) given locations of its own: a reference's span is often the parsed tree's own location object,
 * which an edit above it moves in place (`compose/reparse.ts`), while a kept scan's are moved by `moveReferences`:
 * nothing may be moved twice. The references are the scan's own, so they are given them in place.
 */
function owningLocations(scan: ServiceScan): ServiceScan {
  const own = (loc: Loc): Loc => ({ file: loc.file, start: loc.start, end: loc.end });
  for (const r of scan.references) {
    r.hostLoc = own(r.hostLoc);
    r.valueLoc = own(r.valueLoc);
    if (r.portLoc) r.portLoc = own(r.portLoc);
  }
  return scan;
}

/**
 * The kept references moved, in place, to where their entries now are (each file by its own distance). Their
 * locations are the scan's own (`owningLocations`), shared with no other scan, and the model that read them last is
 * that of the text before the edit.
 */
function moveReferences(refs: Reference[], from: Region[], to: Region[]): void {
  let delta: Map<string, number> | undefined;
  for (let i = 0; i < to.length; i++) if (to[i].start !== from[i].start) (delta ??= new Map()).set(to[i].file, to[i].start - from[i].start);
  if (!delta) return;
  // Each location is one reference's own (`owningLocations` gives each field its own object): moved once.
  const move = (loc: Loc | undefined): void => {
    const d = loc && delta.get(loc.file);
    if (loc && d !== undefined) moveLoc(loc, d);
  };
  for (const r of refs) {
    move(r.hostLoc);
    move(r.valueLoc);
    move(r.portLoc);
  }
}

/**
 * Everything name resolution reads from the services and networks, as a list of strings (compared, never joined),
 * and whether it is `last`: read against `last` part by part, the list is made only where they part (an edit
 * that names nothing anew allocates none of it).
 */
function namingOf(services: Map<string, ServiceInfo>, networks: Map<string, NetworkInfo>, last: string[] | undefined): { naming: string[]; same: boolean } {
  const parts = new NamingParts(last);
  for (const n of networks.values()) parts.add('n', n.key, n.kind);
  for (const s of services.values()) {
    const mode = s.networkMode;
    parts.add('s', s.name, s.active ? 'A' : 'I');
    parts.add(s.namespaceOwner, mode.kind, 'target' in mode ? mode.target : '');
    parts.add(s.containerName ?? '', s.hostname ?? '', undefined);
    if (s.stackNames) {
      parts.add('t', String(s.stackNames.length), undefined);
      for (const name of s.stackNames) parts.add(name, undefined, undefined);
    }
    for (const a of s.attachments) {
      // The count keeps the list unambiguous: an alias named `l` is not a link.
      parts.add('a', a.network, a.ipv4 ?? '');
      parts.add(a.ipv6 ?? '', String(a.aliases.length), undefined);
      for (const alias of a.aliases) parts.add(alias.name, undefined, undefined);
    }
    for (const l of s.links) parts.add('l', l.target, l.alias);
    for (const l of s.externalLinks) parts.add('x', l.target, l.alias);
    for (const e of s.extraHosts) parts.add('h', e.host, e.address);
  }
  return parts.done();
}

/** A list of strings read against the last one: `made` stays undefined while every part read equals the last's at its place. */
class NamingParts {
  private at = 0;
  private made: string[] | undefined;

  constructor(private readonly last: string[] | undefined) {}

  /** Up to three parts in order (undefined ones are not parts): one call per group keeps the walk short. */
  add(a: string, b: string | undefined, c: string | undefined): void {
    this.one(a);
    if (b !== undefined) this.one(b);
    if (c !== undefined) this.one(c);
  }

  private one(part: string): void {
    if (this.made) this.made.push(part);
    else if (this.last !== undefined && this.at < this.last.length && this.last[this.at] === part) this.at++;
    else {
      this.made = this.last ? this.last.slice(0, this.at) : [];
      this.made.push(part);
    }
  }

  done(): { naming: string[]; same: boolean } {
    if (this.made) return { naming: this.made, same: false };
    if (this.last !== undefined && this.at === this.last.length) return { naming: this.last, same: true };
    return { naming: this.last ? this.last.slice(0, this.at) : [], same: false };
  }
}

/** Whether two values read the same when every location (`{ file, start, end }`) is left out; maps and arrays in order. */
export function sameIgnoringLocations(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (isLoc(a) && isLoc(b)) return a.file === b.file;
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map) || !(b instanceof Map) || a.size !== b.size) return false;
    const bs = [...b];
    let i = 0;
    for (const [k, v] of a) {
      const [k2, v2] = bs[i++];
      if (k !== k2 || !sameIgnoringLocations(v, v2)) return false;
    }
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!sameIgnoringLocations((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

function isLoc(v: object): v is Loc {
  const l = v as Partial<Loc>;
  return typeof l.file === 'string' && typeof l.start === 'number' && typeof l.end === 'number' && Object.keys(v).length === 3;
}

function sameStrings(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
