// Loading a Compose project as `docker compose` would: the files (discovered or given), the
// `.env`, interpolation, `extends`, `include`, merging, profiles and the project name.
// All file access goes through `readFile` (on disk: `safeRead.ts`), so the language server can serve open
// documents; every file is first judged against the project's folders (`boundary.ts`), the configuration
// files services mount (`mountedFiles.ts`) too.
import * as path from 'node:path';
import { checkTimeBudget } from '../budget';
import { FileBoundary, type ReadBoundary } from './boundary';
import { discoverComposeFiles, type FileExists } from './discovery';
import { buildContextDir, MAX_DOCKERFILE_SIZE, readBuildFacts, type BuildFacts, type DockerfileCache } from './dockerfile';
import { dotenvToEnvironment, parseDotenv, type DotenvEntry } from './dotenv';
import type { Environment } from './interpolate';
import { mergeNodes } from './merge';
import type { CMap, CNode, CPair } from './nodes';
import { get, isMap, isScalar, items, Pairs, str, toPlain } from './nodes';
import { ExtendsResolver, withoutKey } from './extends';
import { diskHostFiles, type HostFiles } from './hostFiles';
import { MAX_MOUNTED_FILE_SIZE, mountedConfigOf, type MountedFile, type MountReading } from './mountedFiles';
import { imageCopyMounts, selfNamedContextMounts } from './imageFiles';
import { baseDirOf, hostMounts, type PathBase } from './mounts';
import { interpolateTree } from './normalise';
import { parseYamlCached, type ParseCache } from './parseFile';
import type { SharedAnchor } from './nodes';
import { withoutOutsideText, type FileHolds } from './outsideText';
import { oncePerVariable, type LoadProblem, type LoadProblemCode, type Severity } from './problems';
import { entryExists, isSkipped, readRegularFile, type FileRead } from './safeRead';
import { SourceFile, SourceSet, type Loc } from './source';

/** A file's text, or why not; `maxBytes` is the size limit, for readers that can stop before reading more. */
export type ReadFile = (file: string, maxBytes: number) => FileRead;

export interface LoadOptions {
  /** The project folder; defaults to the folder of the first file. */
  dir?: string;
  /** Compose files in merge order (`-f`); when absent they are discovered in `dir`. */
  files?: string[];
  /** Profiles enabled besides those of `COMPOSE_PROFILES`. */
  profiles?: string[];
  /** The process environment; defaults to `process.env`. */
  env?: Environment;
  readFile?: ReadFile;
  /** Whether a Compose file name is taken, for discovery; by default asks `readFile` when given, else the disk. */
  fileExists?: FileExists;
  /** The project's own folders, and whether files elsewhere are read; default: `dir`, outside files read (never quoted). */
  boundary?: ReadBoundary;
  /** Trees parsed by earlier loads, reused for files whose text did not change (the language server keeps one). */
  parseCache?: ParseCache;
  /** Files larger than this (bytes on disk, characters of an open document) are reported and not read; default DEFAULT_MAX_FILE_SIZE. */
  maxFileSize?: number;
  /** Dockerfiles parsed by earlier loads, reused while their text is the same. */
  dockerfileCache?: DockerfileCache;
  /** What lies at host paths, for mounted files; defaults to the disk, judged by `boundary`. */
  hostFiles?: HostFiles;
  /** Load as `docker stack deploy STACK` does (`stack.ts`): the stack name is the project's, and no `.env` is read. */
  stack?: string;
}

/** 10 MB: far above real Compose files (5,000 services take about 1 MB), far below what would stall the editor. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export interface EnvFileEntry extends DotenvEntry {
  file: string;
}

export interface ServiceDef {
  name: string;
  /** Where the service is named, in the first file that defines it. */
  keyLoc: Loc;
  /** Every place the service is named (base file, overrides, included files). */
  keyLocs: Loc[];
  node: CMap;
  profiles: string[];
  /** False when the service has profiles none of which is enabled. */
  active: boolean;
  /** Variables read from its `env_file`s, with their places in those files. */
  envFileEntries: EnvFileEntry[];
  /** What the Dockerfile of its `build` says (EXPOSE, CMD, ...), when one could be read. */
  build?: BuildFacts;
  /** Configuration files of the project it mounts, at paths its program reads (started services only); their texts are in `sources`. */
  mountedFiles: MountedFile[];
  /** Container paths of configuration it mounts that no reader understands: it may listen on ports they open (`mountedKinds.ts`, `unreadConfigAt`). */
  unreadConfigs: string[];
}

export interface NetworkDef {
  key: string;
  keyLoc: Loc;
  keyLocs: Loc[];
  node: CNode;
}

export interface ComposeProject {
  name: string;
  /** Where `name:` sets it, when it does. */
  nameLoc?: Loc;
  workingDir: string;
  files: string[];
  sources: SourceSet;
  /** Each file's own tree, as written (no interpolation, no merge): what quick fixes edit. */
  fileTrees: Map<string, CNode>;
  /** Files whose every value is written where it stands (no anchors, aliases, merge keys or directives). */
  localFiles: Set<string>;
  /** Each file's anchors that aliases use: what an edit must not change behind a service's back. */
  sharedAnchors: Map<string, SharedAnchor[]>;
  services: Map<string, ServiceDef>;
  networks: Map<string, NetworkDef>;
  problems: LoadProblem[];
  /** Files read from outside the project's folders (`--allow-outside`): no message quotes their text. */
  outsideFiles?: ReadonlySet<string>;
  environment: Record<string, string>;
  enabledProfiles: Set<string>;
  /** Host paths (files and folders) started services mount: a change under one may change what they receive. */
  mountSources: string[];
  /** The stack name when loaded as `docker stack deploy` loads it (`LoadOptions.stack`). */
  stack?: string;
}

/** Normalises a name as Compose does for project names taken from a folder or the environment. */
export function normaliseProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}

interface LoadedFile {
  root: CMap | undefined;
}

interface Interpolated {
  root: CMap;
  services?: CMap;
}

/** Where a file is named, for a problem about reading it: how to call it, where to point, how serious. */
interface NamedFile {
  what: string;
  /** What the file holds: Compose YAML, or `KEY=VALUE` lines. */
  holds: FileHolds;
  loc: Loc;
  severity: Severity;
  fatal?: boolean;
  /** The problem's code when it is not read; default `compose-file`. */
  code?: LoadProblemCode;
  /** A limit below the project's, and what it is for ("a mounted configuration file"). */
  limit?: { bytes: number; for: string };
  /** Said after why it is not read ("Addresses in it are not checked."). */
  consequence?: string;
  /** Not read without a word (a file read again later where it is said). */
  quiet?: boolean;
}

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

class ProjectLoader {
  readonly sources = new SourceSet();
  readonly fileTrees = new Map<string, CNode>();
  readonly localFiles = new Set<string>();
  readonly sharedAnchors = new Map<string, SharedAnchor[]>();
  readonly problems: LoadProblem[] = [];
  /** Files read from outside the project's folders: problems located there never quote their text. */
  readonly outsideFiles = new Map<string, FileHolds>();
  private readonly parsed = new Map<string, CNode | undefined>();
  /** What each `include` entry brought, by its files and `.env` (`loadIncludes`). */
  readonly includes = new Map<string, CMap[]>();
  /** What each `build` says, by its folder and settings: services built from one Dockerfile read and parse it once. */
  readonly builds = new Map<string, BuildFacts | undefined>();
  private readonly skipsSaid = new Set<string>();
  /** Each file is read once per load, however many services, includes or mounts name it (again only past a smaller limit it was too large for). */
  private readonly reads = new Map<string, { limit: number; got: FileRead }>();
  /** Each file's tree interpolated, and each file loaded, by environment: `extends.file` names a file again and again. */
  private readonly interpolatedTrees = new Map<Environment, Map<string, Interpolated | undefined>>();
  private readonly loaded = new Map<Environment, Map<string, LoadedFile>>();
  /** Files being loaded: a service extending one of theirs resolves that service alone. */
  private readonly loading = new Set<string>();
  private readonly extends = new ExtendsResolver({
    problems: this.problems,
    servicesOf: (file, env, from) => this.interpolated(file, env, from),
    loadWhole: (file, env, from) => {
      if (!this.loading.has(file)) this.load(file, env, from);
    },
  });

  constructor(
    private readonly readFile: ReadFile,
    private readonly boundary: FileBoundary,
    private readonly maxFileSize = DEFAULT_MAX_FILE_SIZE,
    private readonly parseCache?: ParseCache,
  ) {}

  /** Whether a file may be read at all: inside the project's folders, or outside where outside reads are allowed. */
  mayRead(file: string): boolean {
    return !(this.boundary.refusal !== undefined && this.boundary.isOutside(file));
  }

  /**
   * The text of a file the project names; 'missing' when there is none (the caller says so or not);
   * 'skipped' when it is not read, with a problem at `named` saying why (outside the project, not a regular
   * file, too large, unreadable).
   */
  read(file: string, named: NamedFile): string | 'missing' | 'skipped' {
    const skip = (why: string): 'skipped' => {
      const message = named.consequence ? `${why} ${named.consequence}` : why;
      // Once per place: the project's `.env` is also an `include`'s when they share a folder.
      const said = `${named.loc.file}\0${named.loc.start}\0${message}`;
      if (!named.quiet && !this.skipsSaid.has(said)) {
        this.skipsSaid.add(said);
        this.problems.push({ severity: named.severity, code: named.code ?? 'compose-file', message, loc: named.loc, ...(named.fatal ? { fatal: true } : {}) });
      }
      // Known as one of the project's files (empty), so a change to it re-checks the project.
      if (!this.sources.get(file)) this.sources.add(new SourceFile(file, ''));
      return 'skipped';
    };
    const outside = this.boundary.isOutside(file);
    if (outside && this.boundary.refusal !== undefined) return skip(`${named.what} is outside the project folder; it is not read (${this.boundary.refusal}).`);
    const limit = named.limit?.bytes ?? this.maxFileSize;
    const known = this.reads.get(file);
    let got = known?.got;
    if (!known || (known.limit < limit && isSkipped(known.got) && known.got.skipped === 'too-large')) this.reads.set(file, { limit, got: (got = this.readFile(file, limit)) });
    if (got === undefined) return 'missing';
    if (isSkipped(got)) {
      switch (got.skipped) {
        case 'not-regular':
          return skip(`${named.what} is ${got.kind}${got.viaLink ? ' (through a symbolic link)' : ''}, not a regular file; it is not read.`);
        case 'too-large':
          return skip(this.tooLarge(named, got.bytes));
        case 'unreadable':
          return skip(`Cannot read ${named.what}: ${got.reason}.`);
      }
    }
    // Open documents and in-memory files come as text: the same limit, in characters.
    if (got.length > limit) return skip(this.tooLarge(named, got.length));
    if (outside) this.outsideFiles.set(file, named.holds);
    return got;
  }

  private tooLarge(named: NamedFile, size: number): string {
    if (named.limit) return `${named.what} is ${mb(size)} MB, above the ${mb(named.limit.bytes)} MB read for ${named.limit.for}.`;
    return `${named.what} is ${mb(size)} MB, above the ${mb(this.maxFileSize)} MB limit (setting netlens.maxFileSizeMB); it is not analysed.`;
  }

  /** Parses a file once; a missing file is a problem at `from` (or at the file itself). */
  parse(file: string, from?: Loc): CNode | undefined {
    if (this.parsed.has(file)) return this.parsed.get(file);
    const loc = from ?? { file, start: 0, end: 0 };
    const text = this.read(file, { what: from ? file : path.basename(file), holds: 'yaml', loc, severity: 'error', fatal: true });
    if (text === 'missing') this.problems.push({ severity: 'error', code: 'compose-file', fatal: true, message: `Cannot read ${file}: no such file.`, loc });
    if (text === 'missing' || text === 'skipped') {
      this.parsed.set(file, undefined);
      return undefined;
    }
    this.sources.add(new SourceFile(file, text));
    // A byte order mark goes to the parser as it is: it reads it as the stream's mark (a space in its place would indent the first key alone).
    const { root, problems, local, sharedAnchors } = parseYamlCached(this.parseCache, file, text);
    if (local) this.localFiles.add(file);
    if (sharedAnchors) this.sharedAnchors.set(file, sharedAnchors);
    for (const p of problems) this.problems.push(p.code === 'yaml-syntax' && p.severity === 'error' ? { ...p, fatal: true } : p);
    this.parsed.set(file, root);
    if (root) this.fileTrees.set(file, root);
    return root;
  }

  /** A file's tree interpolated under `env` and its `services` mapping, once per file and environment. */
  private interpolated(file: string, env: Environment, from?: Loc): Interpolated | undefined {
    let byFile = this.interpolatedTrees.get(env);
    if (!byFile) this.interpolatedTrees.set(env, (byFile = new Map()));
    if (byFile.has(file)) return byFile.get(file);
    let tree: Interpolated | undefined;
    const raw = this.parse(file, from);
    if (raw !== undefined && !isMap(raw)) {
      if (!(isScalar(raw) && raw.value === null)) this.problems.push({ severity: 'error', code: 'compose-structure', fatal: true, message: 'A Compose file must be a mapping at top level.', loc: raw.loc });
    } else if (raw !== undefined) {
      const root = interpolateTree(raw, env, this.problems) as CMap;
      const services = get(root, 'services');
      if (services !== undefined && !isMap(services) && !(isScalar(services) && services.value === null)) {
        this.problems.push({ severity: 'error', code: 'compose-structure', message: '`services` must be a mapping of service names to definitions.', loc: services.loc });
      }
      tree = { root, services: isMap(services) ? services : undefined };
    }
    byFile.set(file, tree);
    return tree;
  }

  /** A file interpolated, its services normalised and their `extends` applied; once per file and environment. */
  load(file: string, env: Environment, from?: Loc): LoadedFile {
    let byFile = this.loaded.get(env);
    if (!byFile) this.loaded.set(env, (byFile = new Map()));
    const known = byFile.get(file);
    if (known) return known;
    this.loading.add(file);
    try {
      const tree = this.interpolated(file, env, from);
      let loaded: LoadedFile = { root: tree?.root };
      if (tree?.services) {
        const resolved = new Array<CPair>(tree.services.pairs.size);
        let i = 0;
        for (const p of tree.services.pairs.values()) {
          checkTimeBudget(() => `reading the services of ${path.basename(file)}`);
          resolved[i++] = { ...p, value: this.extends.resolve(file, p.key, env, tree.services) };
        }
        const pairs = tree.root.pairs.copy();
        const servicesPair = tree.root.pairs.get('services') as CPair;
        pairs.set({ ...servicesPair, value: { ...tree.services, pairs: new Pairs(resolved) } });
        loaded = { root: { ...tree.root, pairs } };
      }
      byFile.set(file, loaded);
      return loaded;
    } finally {
      this.loading.delete(file);
    }
  }
}

function readDotenv(loader: ProjectLoader, file: string, outer: Environment): Record<string, string> {
  const text = loader.read(file, { what: path.basename(file), holds: 'dotenv', loc: { file, start: 0, end: 0 }, severity: 'warning' });
  if (text === 'missing' || text === 'skipped') return {};
  loader.sources.add(new SourceFile(file, text));
  const dotenv = parseDotenv(text, outer);
  for (const issue of dotenv.issues) loader.problems.push({ severity: 'warning', code: 'compose-file', message: issue.message, loc: { file, start: issue.start, end: issue.end } });
  return dotenvToEnvironment(dotenv);
}

export function loadProject(options: LoadOptions): ComposeProject {
  const readFile: ReadFile = options.readFile ?? readRegularFile;
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const custom = options.readFile;
  const fileExists: FileExists = options.fileExists ?? (custom ? (f) => custom(f, maxFileSize) !== undefined : entryExists);
  const processEnv = options.env ?? process.env;
  const dir = path.resolve(options.dir ?? (options.files && options.files.length > 0 ? path.dirname(path.resolve(options.files[0])) : '.'));
  const readBoundary = options.boundary ?? { folders: [dir] };
  const boundary = new FileBoundary(readBoundary);
  const loader = new ProjectLoader(readFile, boundary, maxFileSize, options.parseCache);
  // The shell's environment wins over `.env`, as in Compose.
  // `docker stack deploy` reads no `.env`: only its own environment.
  const env: Record<string, string> = options.stack !== undefined ? {} : { ...readDotenv(loader, path.join(dir, '.env'), processEnv) };
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) env[k] = v;

  let files = (options.files ?? []).map((f) => path.resolve(dir, f));
  if (files.length === 0 && env.COMPOSE_FILE) files = env.COMPOSE_FILE.split(path.delimiter).filter(Boolean).map((f) => path.resolve(dir, f));
  if (files.length === 0) files = discoverComposeFiles(dir, fileExists);
  if (files.length === 0) {
    loader.problems.push({ severity: 'error', code: 'compose-file', fatal: true, message: `No Compose file in ${dir} (looked for compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml).`, loc: { file: dir, start: 0, end: 0 } });
  }

  let merged: CNode | undefined;
  const serviceKeyLocs = new Map<string, Loc[]>();
  const networkKeyLocs = new Map<string, Loc[]>();
  const added = new Set<CMap>();
  const remember = (root: CMap) => {
    collectKeyLocs(get(root, 'services'), serviceKeyLocs);
    collectKeyLocs(get(root, 'networks'), networkKeyLocs);
  };
  for (const file of files) {
    const { root } = loader.load(file, env);
    if (!root) continue;
    remember(root);
    // As Compose does, a file's `include` is applied to that file alone, then the file is merged over the earlier
    // ones: an override file may change a service another file includes.
    let own = withoutKey(root, 'include') as CMap;
    for (const included of loadIncludes(loader, file, root, processEnv, [file])) {
      // Brought already by an earlier file's `include` (the same files and `.env`): identical, added once.
      if (added.has(included)) continue;
      added.add(included);
      remember(included);
      own = addIncluded(own, included);
    }
    merged = mergeNodes(merged, own, []);
  }
  const root: CMap = isMap(merged) ? merged : { kind: 'map', pairs: new Pairs(), loc: { file: files[0] ?? dir, start: 0, end: 0 } };

  const nameNode = get(root, 'name');
  const explicitName = str(nameNode);
  // A stack is named on the command line; `name:` and COMPOSE_PROJECT_NAME do not rename it.
  const name = options.stack ?? explicitName ?? normaliseProjectName(env.COMPOSE_PROJECT_NAME ?? path.basename(dir));
  const enabledProfiles = new Set<string>([...(options.profiles ?? []), ...(env.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim()).filter(Boolean)]);

  const services = new Map<string, ServiceDef>();
  const envFiles: EnvFileCache = new Map();
  const servicesNode = get(root, 'services');
  // Mounted files are judged by the same boundary as every file; the lexical one only tells a path outside from a link leading there.
  const mountReading = mountReader(loader, options.hostFiles ?? diskHostFiles(boundary, new FileBoundary(readBoundary, path.resolve)), maxFileSize);
  const mountSources = new Set<string>();
  const topConfigs = get(root, 'configs');
  const mountsOf = (node: CMap) => {
    const mounts = hostMounts(node, topConfigs, { projectDir: dir, projectFiles: files });
    for (const m of mounts) mountSources.add(m.source);
    return mounts;
  };
  // What the image copies from its build context comes first: a Compose mount at the same path hides it, as in the container.
  const composeFolders = new Set([dir, ...[...loader.fileTrees.keys()].map((f) => path.dirname(f))]);
  const imageMountsOf = (node: CMap, build: BuildFacts | undefined) => {
    const buildNode = get(node, 'build');
    if (!buildNode) return [];
    const contextDir = buildContextDir(buildNode, buildBaseDir(dir, files, buildNode));
    // No Dockerfile to read (not in the project): the context's self-named files say what it copies.
    const mounts = build ? imageCopyMounts(build, mountReading.host, buildNode.loc) : contextDir ? selfNamedContextMounts(contextDir, composeFolders, mountReading.host, buildNode.loc) : [];
    for (const m of mounts) mountSources.add(m.source);
    return mounts;
  };
  if (isMap(servicesNode)) {
    for (const p of servicesNode.pairs.values()) {
      const svcName = p.key;
      checkTimeBudget(() => "reading the services' env files, Dockerfiles and mounted files");
      if (!isMap(p.value) && !(isScalar(p.value) && p.value.value === null)) {
        loader.problems.push({ severity: 'error', code: 'compose-structure', message: `Service "${svcName}" must be a mapping of attributes.`, loc: p.value.loc });
      }
      const node: CMap = isMap(p.value) ? p.value : { kind: 'map', pairs: new Pairs(), loc: p.value.loc };
      const profiles = items(get(node, 'profiles')).map((n) => str(n)).filter((s): s is string => !!s);
      const active = profiles.length === 0 || enabledProfiles.has('*') || profiles.some((pr) => enabledProfiles.has(pr));
      const build = readBuild(loader, readFile, dir, files, get(node, 'build'), options.dockerfileCache);
      const image = str(node, 'image') ?? build?.baseImage;
      const mounted = active ? mountedConfigOf(node, image, [...imageMountsOf(node, build), ...mountsOf(node)], mountReading) : { files: [], unread: [] };
      services.set(svcName, {
        name: svcName,
        keyLoc: p.keyLoc,
        keyLocs: serviceKeyLocs.get(svcName)?.slice() ?? [p.keyLoc],
        node,
        profiles,
        active,
        envFileEntries: readEnvFiles(loader, { projectDir: dir, projectFiles: files }, node, env, envFiles),
        build,
        mountedFiles: mounted.files,
        unreadConfigs: mounted.unread,
      });
    }
  }
  const networks = new Map<string, NetworkDef>();
  const networksNode = get(root, 'networks');
  if (networksNode !== undefined && !isMap(networksNode) && !(isScalar(networksNode) && networksNode.value === null)) {
    loader.problems.push({ severity: 'error', code: 'compose-structure', message: 'Top-level `networks` must be a mapping of network names to definitions.', loc: networksNode.loc });
  }
  if (isMap(networksNode)) {
    for (const p of networksNode.pairs.values()) networks.set(p.key, { key: p.key, keyLoc: p.keyLoc, keyLocs: networkKeyLocs.get(p.key) ?? [p.keyLoc], node: p.value });
  }
  return {
    name,
    nameLoc: nameNode?.loc,
    workingDir: dir,
    files,
    sources: loader.sources,
    fileTrees: loader.fileTrees,
    localFiles: loader.localFiles,
    sharedAnchors: loader.sharedAnchors,
    services,
    networks,
    problems: withoutOutsideText(oncePerVariable(loader.problems), loader.outsideFiles, loader.sources),
    ...(loader.outsideFiles.size > 0 ? { outsideFiles: new Set(loader.outsideFiles.keys()) } : {}),
    environment: env,
    enabledProfiles,
    mountSources: [...mountSources],
    ...(options.stack !== undefined ? { stack: options.stack } : {}),
  };
}

/** Mounted files read through the loader: once per load (several services may mount one), bounded, each added to the project's sources. */
function mountReader(loader: ProjectLoader, host: HostFiles, maxFileSize: number): MountReading {
  // The project's own limit when it is lower (setting netlens.maxFileSizeMB).
  const limit = MAX_MOUNTED_FILE_SIZE < maxFileSize ? { bytes: MAX_MOUNTED_FILE_SIZE, for: 'a mounted configuration file' } : undefined;
  return {
    host,
    problems: loader.problems,
    read(file, at, quiet) {
      const what = path.basename(file);
      const text = loader.read(file, { what, holds: 'config', loc: at, severity: 'info', code: 'mounted-file', limit, consequence: 'Addresses in it are not checked.', quiet });
      if (text === 'skipped') return undefined;
      if (text === 'missing') {
        if (!quiet) loader.problems.push({ severity: 'info', code: 'mounted-file', message: `${what} cannot be read; addresses in it are not checked.`, loc: at });
        return undefined;
      }
      if (!loader.sources.get(file)) loader.sources.add(new SourceFile(file, text));
      return text;
    },
  };
}

function collectKeyLocs(node: CNode | undefined, into: Map<string, Loc[]>): void {
  if (!isMap(node)) return;
  for (const p of node.pairs.values()) {
    const key = p.key;
    const list = into.get(key) ?? [];
    if (!list.some((l) => l.file === p.keyLoc.file && l.start === p.keyLoc.start)) list.push(p.keyLoc);
    into.set(key, list);
  }
}

/**
 * Env files parsed during one load, by path and the files parsed before them for the same service (their
 * variables are part of the lookup), which are named by the number of their own entry: an env_file
 * shared by many services is parsed once (and read once, as every file is: `ProjectLoader.read`).
 */
type EnvFileCache = Map<string, { id: number; entries: EnvFileEntry[] }>;

/** Variables written into the lookups env files are parsed with: a test compares it with what the files hold. */
export const envFileCounters = { lookupWrites: 0 };

function readEnvFiles(loader: ProjectLoader, base: PathBase, service: CMap, env: Environment, cache: EnvFileCache): EnvFileEntry[] {
  const out: EnvFileEntry[] = [];
  let before = 0;
  /** The lookup of the next file parsed: made at the first, then kept up to date (not made again per file). */
  let lookup: Record<string, string | undefined> | undefined;
  const add = (entries: EnvFileEntry[]) => {
    for (const e of entries) {
      out.push(e);
      if (lookup) {
        lookup[e.key] = e.value;
        envFileCounters.lookupWrites++;
      }
    }
  };
  for (const item of items(get(service, 'env_file'))) {
    const rel = isMap(item) ? str(item, 'path') : str(item);
    if (!rel) continue;
    const required = isMap(item) ? get(item, 'required') : undefined;
    const optional = isScalar(required) && (required.value === false || required.value === 'false');
    // Like a mount's, from the folder of the file that names it when that file was included or extended.
    const file = path.resolve(baseDirOf(item.loc, base), rel);
    // Asked at every place that names the file (a file not read is reported once per place); read once per load.
    const text = loader.read(file, { what: `env_file ${rel}`, holds: 'dotenv', loc: item.loc, severity: 'warning' });
    if (text === 'skipped') continue;
    if (text === 'missing') {
      // A warning: Compose refuses to start without it, but such files are often made by a setup step (secrets,
      // tokens, a platform's stack.env) that the analysis cannot see.
      if (!optional) loader.problems.push({ severity: 'warning', code: 'compose-file', message: `env_file ${rel} does not exist; \`docker compose up\` refuses to start until it does (if a setup step creates it, run that first; if it is optional, write \`required: false\`).`, loc: item.loc });
      continue;
    }
    // A file not read adds no variable: the files after it are parsed with the same lookup.
    const key = `${before}:${file}`;
    const known = cache.get(key);
    if (known) {
      before = known.id;
      add(known.entries);
      continue;
    }
    before = cache.size + 1;
    loader.sources.add(new SourceFile(file, text));
    if (!lookup) {
      // Variables of the service's earlier env_files come first, then the project's environment (Compose's lookup).
      lookup = { ...env };
      for (const e of out) lookup[e.key] = e.value;
      envFileCounters.lookupWrites += out.length;
    }
    const entries = parseDotenv(text, lookup).entries.map((e) => ({ ...e, file }));
    cache.set(key, { id: before, entries });
    add(entries);
  }
  return out;
}

/** Paths in an included file are relative to that file's folder; in the project's own files, to the project's. */
function buildBaseDir(dir: string, files: string[], build: CNode): string {
  return files.includes(build.loc.file) || build.loc.file === '' ? dir : path.dirname(build.loc.file);
}

/** A service's `build` read from its Dockerfile; the file joins the project's sources, so an edit to it is noticed. */
function readBuild(loader: ProjectLoader, readFile: ReadFile, dir: string, files: string[], build: CNode | undefined, cache: DockerfileCache | undefined): BuildFacts | undefined {
  if (build === undefined) return undefined;
  const baseDir = buildBaseDir(dir, files, build);
  const read = (file: string) => {
    // A Dockerfile that is no regular file, too large or unreadable gives no ports, like a missing one.
    const got = readFile(file, MAX_DOCKERFILE_SIZE);
    const text = typeof got === 'string' ? got : undefined;
    if (text !== undefined && text.length <= MAX_DOCKERFILE_SIZE) loader.sources.add(new SourceFile(file, text));
    return text;
  };
  const key = `${baseDir}\0${JSON.stringify(toPlain(build))}`;
  if (!loader.builds.has(key)) loader.builds.set(key, readBuildFacts(build, { mayRead: (file) => loader.mayRead(file), baseDir, readFile: read, cache }));
  return loader.builds.get(key);
}

/** The projects a file's top-level `include` brings in, each loaded with its own folder and `.env`. */
function loadIncludes(loader: ProjectLoader, file: string, root: CMap, processEnv: Environment, stack: string[]): CMap[] {
  const out: CMap[] = [];
  const seen = new Set<CMap>();
  for (const entry of items(get(root, 'include'))) {
    const paths = isMap(entry) ? items(get(entry, 'path')).map((n) => str(n)) : [str(entry)];
    const rels = paths.filter((p): p is string => !!p);
    if (rels.length === 0) continue;
    const absolute = rels.map((r) => path.resolve(path.dirname(file), r));
    const projectDir = isMap(entry) && str(entry, 'project_directory') ? path.resolve(path.dirname(file), str(entry, 'project_directory') as string) : path.dirname(absolute[0]);
    if (absolute.some((a) => stack.includes(a))) {
      loader.problems.push({ severity: 'error', code: 'include', message: `\`include\` makes a cycle: ${[...stack, absolute[0]].map((s) => path.basename(s)).join(' → ')}.`, loc: entry.loc });
      continue;
    }
    const dotenvFile = isMap(entry) && str(entry, 'env_file') ? path.resolve(path.dirname(file), str(entry, 'env_file') as string) : path.join(projectDir, '.env');
    // The same files with the same `.env` give the same resources: included twice (a diamond), they are loaded
    // once and added once, as Compose accepts a resource imported twice when both are identical. Without
    // this, `include` diamonds double the work per level.
    const key = `${absolute.join('\0')}\0${dotenvFile}`;
    let brought = loader.includes.get(key);
    if (!brought) {
      brought = includeEntry(loader, absolute, dotenvFile, entry.loc, processEnv, stack);
      loader.includes.set(key, brought);
    }
    for (const m of brought) addOnce(out, seen, m);
  }
  return out;
}

function addOnce(out: CMap[], seen: Set<CMap>, m: CMap): void {
  if (seen.has(m)) return;
  seen.add(m);
  out.push(m);
}

/** What one `include` entry brings: the projects its files include, then its files merged. */
function includeEntry(loader: ProjectLoader, absolute: string[], dotenvFile: string, from: Loc, processEnv: Environment, stack: string[]): CMap[] {
  const out: CMap[] = [];
  const seen = new Set<CMap>();
  const env: Record<string, string> = { ...readDotenv(loader, dotenvFile, processEnv) };
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) env[k] = v;
  let merged: CNode | undefined;
  for (const abs of absolute) {
    const { root: sub } = loader.load(abs, env, from);
    if (!sub) continue;
    merged = mergeNodes(merged, withoutKey(sub, 'include'), []);
    for (const m of loadIncludes(loader, abs, sub, processEnv, [...stack, abs])) addOnce(out, seen, m);
  }
  if (isMap(merged)) out.push(merged);
  return out;
}

/**
 * Adds an included project's resources to the including file's own. A name defined on both sides is the
 * included definition with the including file's merged over it, as an override file would be (Compose since
 * compose-go 2.10, late 2025; earlier releases refused the file unless both definitions were identical).
 */
function addIncluded(base: CMap, included: CMap): CMap {
  const pairs = base.pairs.copy();
  for (const section of ['services', 'networks', 'volumes', 'secrets', 'configs']) {
    const add = get(included, section);
    if (!isMap(add)) continue;
    const existing = get(base, section);
    const sectionPairs = isMap(existing) ? existing.pairs.copy() : new Pairs();
    for (const p of add.pairs.values()) {
      const key = p.key;
      const own = sectionPairs.get(key);
      if (own) {
        sectionPairs.set({ ...own, value: mergeNodes(p.value, own.value, [section, key]) ?? own.value });
        continue;
      }
      sectionPairs.set(p);
    }
    const sectionLoc = isMap(existing) ? existing.loc : add.loc;
    const keyLoc = base.pairs.get(section)?.keyLoc ?? included.pairs.get(section)?.keyLoc ?? sectionLoc;
    pairs.set({ key: section, keyLoc, value: { kind: 'map', pairs: sectionPairs, loc: sectionLoc } });
  }
  return { ...base, pairs };
}
