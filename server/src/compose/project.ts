// Loading a Compose project as `docker compose` would: the files (discovered or given), the
// `.env`, interpolation, `extends`, `include`, merging, profiles and the project name.
// All file access goes through `readFile`, so the language server can serve open documents.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkTimeBudget } from '../budget';
import { discoverComposeFiles } from './discovery';
import { dotenvToEnvironment, parseDotenv, type DotenvEntry } from './dotenv';
import type { Environment } from './interpolate';
import { mergeNodes } from './merge';
import type { CMap, CNode, CPair } from './nodes';
import { get, isMap, isScalar, items, str } from './nodes';
import { ExtendsResolver, withoutKey } from './extends';
import { interpolateTree } from './normalise';
import { parseYamlCached, type ParseCache } from './parse';
import { oncePerVariable, type LoadProblem } from './problems';
import { SourceFile, SourceSet, type Loc } from './source';

export type ReadFile = (file: string) => string | undefined;

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
  /** Trees parsed by earlier loads, reused for files whose text did not change (the language server keeps one). */
  parseCache?: ParseCache;
  /** Files larger than this (in characters) are reported and not parsed; default DEFAULT_MAX_FILE_SIZE. */
  maxFileSize?: number;
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
  services: Map<string, ServiceDef>;
  networks: Map<string, NetworkDef>;
  problems: LoadProblem[];
  environment: Record<string, string>;
  enabledProfiles: Set<string>;
}

const defaultRead: ReadFile = (file) => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

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

class ProjectLoader {
  readonly sources = new SourceSet();
  readonly fileTrees = new Map<string, CNode>();
  readonly localFiles = new Set<string>();
  readonly problems: LoadProblem[] = [];
  private readonly parsed = new Map<string, CNode | undefined>();
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
    private readonly env: Environment,
    private readonly maxFileSize = DEFAULT_MAX_FILE_SIZE,
    private readonly parseCache?: ParseCache,
  ) {}

  /** Parses a file once; a missing file is a problem at `from` (or at the file itself). */
  parse(file: string, from?: Loc): CNode | undefined {
    if (this.parsed.has(file)) return this.parsed.get(file);
    const text = this.readFile(file);
    if (text === undefined) {
      this.problems.push({ severity: 'error', code: 'compose-file', fatal: true, message: `Cannot read ${file}: no such file.`, loc: from ?? { file, start: 0, end: 0 } });
      this.parsed.set(file, undefined);
      return undefined;
    }
    if (text.length > this.maxFileSize) {
      this.sources.add(new SourceFile(file, text.slice(0, 4096)));
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      this.problems.push({ severity: 'error', code: 'compose-file', fatal: true, message: `${path.basename(file)} is ${mb(text.length)} MB, above the ${mb(this.maxFileSize)} MB limit (setting netlens.maxFileSizeMB); it is not analysed.`, loc: { file, start: 0, end: 0 } });
      this.parsed.set(file, undefined);
      return undefined;
    }
    const body = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
    this.sources.add(new SourceFile(file, text));
    const { root, problems, local } = parseYamlCached(this.parseCache, file, body);
    if (local) this.localFiles.add(file);
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
        const resolved = new Map<string, CPair>();
        for (const [name, p] of tree.services.pairs) {
          checkTimeBudget(() => `reading the services of ${path.basename(file)}`);
          resolved.set(name, { ...p, value: this.extends.resolve(file, name, env, tree.services) });
        }
        const pairs = new Map(tree.root.pairs);
        const servicesPair = tree.root.pairs.get('services') as CPair;
        pairs.set('services', { ...servicesPair, value: { ...tree.services, pairs: resolved } });
        loaded = { root: { ...tree.root, pairs } };
      }
      byFile.set(file, loaded);
      return loaded;
    } finally {
      this.loading.delete(file);
    }
  }
}

function readDotenv(loader: ProjectLoader, readFile: ReadFile, file: string, outer: Environment): Record<string, string> {
  const text = readFile(file);
  if (text === undefined) return {};
  loader.sources.add(new SourceFile(file, text));
  const dotenv = parseDotenv(text, outer);
  for (const issue of dotenv.issues) loader.problems.push({ severity: 'warning', code: 'compose-file', message: issue.message, loc: { file, start: issue.start, end: issue.end } });
  return dotenvToEnvironment(dotenv);
}

export function loadProject(options: LoadOptions): ComposeProject {
  const readFile = options.readFile ?? defaultRead;
  const processEnv = options.env ?? process.env;
  const dir = path.resolve(options.dir ?? (options.files && options.files.length > 0 ? path.dirname(path.resolve(options.files[0])) : '.'));
  const placeholder = new ProjectLoader(readFile, processEnv);
  // The shell's environment wins over `.env`, as in Compose.
  const dotenv = readDotenv(placeholder, readFile, path.join(dir, '.env'), processEnv);
  const env: Record<string, string> = { ...dotenv };
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) env[k] = v;
  const loader = new ProjectLoader(readFile, env, options.maxFileSize, options.parseCache);
  for (const f of placeholder.sources.all()) loader.sources.add(f);
  loader.problems.push(...placeholder.problems);

  let files = (options.files ?? []).map((f) => path.resolve(dir, f));
  if (files.length === 0 && env.COMPOSE_FILE) files = env.COMPOSE_FILE.split(path.delimiter).filter(Boolean).map((f) => path.resolve(dir, f));
  if (files.length === 0) files = discoverComposeFiles(dir, (f) => readFile(f) !== undefined);
  if (files.length === 0) {
    loader.problems.push({ severity: 'error', code: 'compose-file', fatal: true, message: `No Compose file in ${dir} (looked for compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml).`, loc: { file: dir, start: 0, end: 0 } });
  }

  let merged: CNode | undefined;
  const serviceKeyLocs = new Map<string, Loc[]>();
  const networkKeyLocs = new Map<string, Loc[]>();
  const remember = (root: CMap) => {
    collectKeyLocs(get(root, 'services'), serviceKeyLocs);
    collectKeyLocs(get(root, 'networks'), networkKeyLocs);
  };
  for (const file of files) {
    const { root } = loader.load(file, env);
    if (!root) continue;
    remember(root);
    merged = mergeNodes(merged, withoutKey(root, 'include'), []);
    for (const included of loadIncludes(loader, readFile, file, root, processEnv, [file])) {
      remember(included);
      merged = addIncluded(loader, merged as CMap | undefined, included);
    }
  }
  const root: CMap = isMap(merged) ? merged : { kind: 'map', pairs: new Map(), loc: { file: files[0] ?? dir, start: 0, end: 0 } };

  const nameNode = get(root, 'name');
  const explicitName = str(nameNode);
  const name = explicitName ?? normaliseProjectName(env.COMPOSE_PROJECT_NAME ?? path.basename(dir));
  const enabledProfiles = new Set<string>([...(options.profiles ?? []), ...(env.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim()).filter(Boolean)]);

  const services = new Map<string, ServiceDef>();
  const envFiles: EnvFileCache = new Map();
  const servicesNode = get(root, 'services');
  if (isMap(servicesNode)) {
    for (const [svcName, p] of servicesNode.pairs) {
      checkTimeBudget(() => 'reading env files');
      if (!isMap(p.value) && !(isScalar(p.value) && p.value.value === null)) {
        loader.problems.push({ severity: 'error', code: 'compose-structure', message: `Service "${svcName}" must be a mapping of attributes.`, loc: p.value.loc });
      }
      const node: CMap = isMap(p.value) ? p.value : { kind: 'map', pairs: new Map(), loc: p.value.loc };
      const profiles = items(get(node, 'profiles')).map((n) => str(n)).filter((s): s is string => !!s);
      const active = profiles.length === 0 || enabledProfiles.has('*') || profiles.some((pr) => enabledProfiles.has(pr));
      services.set(svcName, {
        name: svcName,
        keyLoc: p.keyLoc,
        keyLocs: serviceKeyLocs.get(svcName) ?? [p.keyLoc],
        node,
        profiles,
        active,
        envFileEntries: readEnvFiles(loader, readFile, dir, node, env, envFiles),
      });
    }
  }
  const networks = new Map<string, NetworkDef>();
  const networksNode = get(root, 'networks');
  if (networksNode !== undefined && !isMap(networksNode) && !(isScalar(networksNode) && networksNode.value === null)) {
    loader.problems.push({ severity: 'error', code: 'compose-structure', message: 'Top-level `networks` must be a mapping of network names to definitions.', loc: networksNode.loc });
  }
  if (isMap(networksNode)) {
    for (const [key, p] of networksNode.pairs) networks.set(key, { key, keyLoc: p.keyLoc, keyLocs: networkKeyLocs.get(key) ?? [p.keyLoc], node: p.value });
  }
  return {
    name,
    nameLoc: nameNode?.loc,
    workingDir: dir,
    files,
    sources: loader.sources,
    fileTrees: loader.fileTrees,
    localFiles: loader.localFiles,
    services,
    networks,
    problems: oncePerVariable(loader.problems),
    environment: env,
    enabledProfiles,
  };
}

function collectKeyLocs(node: CNode | undefined, into: Map<string, Loc[]>): void {
  if (!isMap(node)) return;
  for (const [key, p] of node.pairs) {
    const list = into.get(key) ?? [];
    if (!list.some((l) => l.file === p.keyLoc.file && l.start === p.keyLoc.start)) list.push(p.keyLoc);
    into.set(key, list);
  }
}

/**
 * Env files read during one load, by path and the files read before them for the same service (their
 * variables are part of the lookup), which are named by the number of their own entry: an env_file
 * shared by many services is read and parsed once.
 */
type EnvFileCache = Map<string, { id: number; text: string | undefined; entries: EnvFileEntry[] }>;

/** Variables written into the lookups env files are parsed with: a test compares it with what the files hold. */
export const envFileCounters = { lookupWrites: 0 };

function readEnvFiles(loader: ProjectLoader, readFile: ReadFile, dir: string, service: CMap, env: Environment, cache: EnvFileCache): EnvFileEntry[] {
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
    const file = path.resolve(dir, rel);
    const key = `${before}:${file}`;
    const known = cache.get(key);
    const text = known ? known.text : readFile(file);
    before = known ? known.id : cache.size + 1;
    if (text === undefined) {
      if (!known) cache.set(key, { id: before, text, entries: [] });
      // A warning: Compose refuses to start without it, but such files are often made by a setup step (secrets,
      // tokens, a platform's stack.env) that the analysis cannot see.
      if (!optional) loader.problems.push({ severity: 'warning', code: 'compose-file', message: `env_file ${rel} does not exist; \`docker compose up\` refuses to start until it does (if a setup step creates it, run that first; if it is optional, write \`required: false\`).`, loc: item.loc });
      continue;
    }
    if (known) {
      add(known.entries);
      continue;
    }
    loader.sources.add(new SourceFile(file, text));
    if (!lookup) {
      // Variables of the service's earlier env_files come first, then the project's environment (Compose's lookup).
      lookup = { ...env };
      for (const e of out) lookup[e.key] = e.value;
      envFileCounters.lookupWrites += out.length;
    }
    const entries = parseDotenv(text, lookup).entries.map((e) => ({ ...e, file }));
    cache.set(key, { id: before, text, entries });
    add(entries);
  }
  return out;
}

/** The projects a file's top-level `include` brings in, each loaded with its own folder and `.env`. */
function loadIncludes(loader: ProjectLoader, readFile: ReadFile, file: string, root: CMap, processEnv: Environment, stack: string[]): CMap[] {
  const out: CMap[] = [];
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
    const env: Record<string, string> = { ...readDotenv(loader, readFile, dotenvFile, processEnv) };
    for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) env[k] = v;
    let merged: CNode | undefined;
    for (const abs of absolute) {
      const { root: sub } = loader.load(abs, env, entry.loc);
      if (!sub) continue;
      merged = mergeNodes(merged, withoutKey(sub, 'include'), []);
      out.push(...loadIncludes(loader, readFile, abs, sub, processEnv, [...stack, abs]));
    }
    if (isMap(merged)) out.push(merged);
  }
  return out;
}

/** Adds an included project's resources; a name defined on both sides is a conflict, as in Compose. */
function addIncluded(loader: ProjectLoader, into: CMap | undefined, included: CMap): CMap {
  const base: CMap = into ?? { kind: 'map', pairs: new Map(), loc: included.loc };
  const pairs = new Map(base.pairs);
  for (const section of ['services', 'networks', 'volumes', 'secrets', 'configs']) {
    const add = get(included, section);
    if (!isMap(add)) continue;
    const existing = get(base, section);
    const sectionPairs = new Map(isMap(existing) ? existing.pairs : []);
    for (const [key, p] of add.pairs) {
      if (sectionPairs.has(key)) {
        loader.problems.push({ severity: 'error', code: 'include', message: `${section.slice(0, -1)} "${key}" is defined both here and by an included file.`, loc: (sectionPairs.get(key) as CPair).keyLoc });
        continue;
      }
      sectionPairs.set(key, p);
    }
    const sectionLoc = isMap(existing) ? existing.loc : add.loc;
    const keyLoc = base.pairs.get(section)?.keyLoc ?? included.pairs.get(section)?.keyLoc ?? sectionLoc;
    pairs.set(section, { key: section, keyLoc, value: { kind: 'map', pairs: sectionPairs, loc: sectionLoc } });
  }
  return { ...base, pairs };
}
