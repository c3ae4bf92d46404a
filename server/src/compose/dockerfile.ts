// The Dockerfile of a service's `build:`, read as far as the network model needs it: the stage
// that runs (`build.target` or the last), with what it inherits from earlier stages: its EXPOSE
// ports, ENV, CMD, ENTRYPOINT, HEALTHCHECK and base image. Parsed with `dockerfile-ast`.
// A Dockerfile is judged by the project's boundary like every other file (`boundary.ts`: by real path,
// links followed; outside the project's folders only where outside reads are allowed), up to
// MAX_DOCKERFILE_SIZE; anything missing, remote, refused or unreadable gives no facts and no error.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerfileParser, type Dockerfile, type Instruction } from 'dockerfile-ast';
import { get, isMap, isScalar, items, str, type CNode } from './nodes';

export interface ExposedRange {
  port: number;
  portEnd: number;
  protocol: string;
}

/** What the image a service builds says about where it listens. Plain data (compared between builds). */
export interface BuildFacts {
  /** The Dockerfile read; absent for `dockerfile_inline`. */
  file?: string;
  exposed: ExposedRange[];
  /** ENV of the stage that runs, in order, later keys winning. */
  environment: Array<[string, string]>;
  cmd?: string;
  entrypoint?: string;
  /** The HEALTHCHECK's command. */
  healthcheck?: string;
  /** The image the stage that runs is built from, through earlier stages (`scratch` and unknown bases left out). */
  baseImage?: string;
  /** Files of the build context the stage that runs copies into its image (`COPY`/`ADD` without `--from`), in order. */
  copies: ImageCopy[];
  /** The build context's folder on this machine (absent for a remote context). */
  contextDir?: string;
}

/** One `COPY`/`ADD` of the build context: its sources as written (relative to the context) and where the image holds them. */
export interface ImageCopy {
  sources: string[];
  /** Absolute path in the image (relative destinations resolved against WORKDIR); a trailing `/` says a folder. */
  target: string;
}

/** 1 MB: real Dockerfiles are a few KB; a file this large is no Dockerfile worth parsing. */
export const MAX_DOCKERFILE_SIZE = 1024 * 1024;

/** Parsed Dockerfiles by path, with the text they were parsed from: an unchanged file is not parsed again. */
export type DockerfileCache = Map<string, { text: string; parsed: Dockerfile }>;

/** How many Dockerfiles were parsed: the growth tests read it. */
export const dockerfileCounters = { parses: 0 };

/** The cache holds a workspace's Dockerfiles; past this many it starts again. */
const MAX_CACHED = 256;

export interface BuildRead {
  /** Whether a file may be read: the project's boundary (`boundary.ts`) judges Dockerfiles as every other file. */
  mayRead: (file: string) => boolean;
  /** The folder a relative `build` context is taken from. */
  baseDir: string;
  readFile: (file: string) => string | undefined;
  cache?: DockerfileCache;
}

/** Names a Dockerfile goes by (`Dockerfile`, `Dockerfile.dev`, `api.Dockerfile`, `Containerfile`): the files the editor watches. */
export function isDockerfileName(file: string): boolean {
  return /^(?:Dockerfile|Containerfile)(?:\.[^/\\]*)?$|\.[Dd]ockerfile$/.test(path.basename(file));
}

/** The facts of a service's `build`, or undefined when it has none that can be read. */
export function readBuildFacts(build: CNode | undefined, read: BuildRead): BuildFacts | undefined {
  const contextDir = buildContextDir(build, read.baseDir);
  if (build === undefined || contextDir === undefined) return undefined;
  const target = isMap(build) ? str(build, 'target') : undefined;
  const args = isMap(build) ? buildArgs(get(build, 'args')) : new Map<string, string>();
  const inline = isMap(build) ? str(build, 'dockerfile_inline') : undefined;
  if (inline !== undefined) return inline.length > MAX_DOCKERFILE_SIZE ? undefined : { contextDir, ...dockerfileFacts(parse(inline), target, args) };
  const file = path.resolve(contextDir, (isMap(build) ? str(build, 'dockerfile') : undefined) ?? 'Dockerfile');
  const parsed = readDockerfile(file, read);
  return parsed ? { file, contextDir, ...dockerfileFacts(parsed, target, args) } : undefined;
}

/** The folder of a local build context (relative ones from `baseDir`); undefined for a remote one or none. */
export function buildContextDir(build: CNode | undefined, baseDir: string): string | undefined {
  if (build === undefined) return undefined;
  const context = isMap(build) ? (str(build, 'context') ?? '.') : str(build);
  return context === undefined || isRemoteContext(context) ? undefined : path.resolve(baseDir, context);
}

/** A Git URL or a remote tarball: nothing to read on this machine. */
function isRemoteContext(context: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || /^git@/.test(context) || /^github\.com\//.test(context);
}

function buildArgs(node: CNode | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (isMap(node)) {
    for (const p of node.pairs.values()) if (isScalar(p.value) && p.value.value !== null) out.set(p.key, String(p.value.value));
  } else {
    for (const item of items(node)) {
      const text = str(item) ?? '';
      const eq = text.indexOf('=');
      if (eq > 0) out.set(text.slice(0, eq), text.slice(eq + 1));
    }
  }
  return out;
}

function readDockerfile(file: string, read: BuildRead): Dockerfile | undefined {
  if (!read.mayRead(file)) return undefined;
  // Not even opened when it is no regular file or too large (an open editor document has no disk facts).
  const onDisk = diskFacts(file);
  if (onDisk === 'not-regular' || (onDisk !== undefined && onDisk.size > MAX_DOCKERFILE_SIZE)) return undefined;
  const text = read.readFile(file);
  if (text === undefined || text.length > MAX_DOCKERFILE_SIZE) return undefined;
  const cached = read.cache?.get(file);
  if (cached && cached.text === text) return cached.parsed;
  const parsed = parse(text);
  if (read.cache) {
    if (read.cache.size >= MAX_CACHED) read.cache.clear();
    read.cache.set(file, { text, parsed });
  }
  return parsed;
}

function parse(text: string): Dockerfile {
  dockerfileCounters.parses++;
  return DockerfileParser.parse(text);
}

/** The file's size on disk, when it is on disk (an open editor document may not be). */
function diskFacts(file: string): { size: number } | 'not-regular' | undefined {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? { size: stat.size } : 'not-regular';
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The stage that runs

interface Stage {
  name?: string;
  from: string;
  line: number;
  instructions: Instruction[];
}

type StageFacts = Omit<BuildFacts, 'file' | 'contextDir'> & { workdir: string };

export function dockerfileFacts(dockerfile: Dockerfile, target: string | undefined, args: Map<string, string>): Omit<BuildFacts, 'file' | 'contextDir'> {
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const words = instruction.getArguments().map((a) => a.getValue()).filter((w) => !w.startsWith('--'));
      const as = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({ from: words[0] ?? '', name: as >= 0 ? words[as + 1]?.toLowerCase() : undefined, line: instruction.getRange().start.line, instructions: [] });
    } else {
      stages[stages.length - 1]?.instructions.push(instruction);
    }
  }
  const wanted = target?.toLowerCase();
  const index = wanted !== undefined ? stages.findIndex((s) => s.name === wanted) : stages.length - 1;
  if (index < 0) return { exposed: [], environment: [], copies: [] };
  const { workdir: _workdir, ...facts } = stageFacts(dockerfile, stages, index, args, new Set());
  return facts;
}

function stageFacts(dockerfile: Dockerfile, stages: Stage[], index: number, args: Map<string, string>, seen: Set<number>): StageFacts {
  seen.add(index);
  const stage = stages[index];
  const expand = (text: string, line: number, env?: Map<string, string>) => expandVariables(text, (name) => env?.get(name) ?? args.get(name) ?? dockerfile.resolveVariable(name, line) ?? undefined);
  const from = expand(stage.from, stage.line).toLowerCase();
  // A stage built on an earlier one inherits its configuration (EXPOSE, ENV, CMD, ...).
  const parentIndex = stages.findIndex((s, i) => i < index && s.name === from && !seen.has(i));
  const parent: StageFacts = parentIndex >= 0 ? stageFacts(dockerfile, stages, parentIndex, args, seen) : { exposed: [], environment: [], copies: [], workdir: '/', baseImage: from === 'scratch' || from === '' ? undefined : from };
  const environment = new Map(parent.environment);
  const exposed = [...parent.exposed];
  const copies = [...parent.copies];
  let { cmd, entrypoint, healthcheck, workdir } = parent;
  for (const instruction of stage.instructions) {
    const line = instruction.getRange().start.line;
    switch (instruction.getKeyword()) {
      case 'EXPOSE':
        for (const a of instruction.getArguments()) {
          const range = exposedRange(expand(a.getValue(), line, environment));
          if (range) exposed.push(range);
        }
        break;
      case 'ENV':
        for (const property of (instruction as unknown as { getProperties(): Array<{ getName(): string; getValue(): string | null }> }).getProperties()) {
          environment.set(property.getName(), expand(property.getValue() ?? '', line, environment));
        }
        break;
      case 'CMD':
        cmd = expand(commandOf(instruction), line, environment);
        break;
      case 'ENTRYPOINT':
        // A new ENTRYPOINT drops the CMD inherited from the base.
        entrypoint = expand(commandOf(instruction), line, environment);
        if (!stage.instructions.some((i) => i.getKeyword() === 'CMD')) cmd = undefined;
        break;
      case 'WORKDIR': {
        const dir = expand(instruction.getArguments().map((a) => a.getValue()).join(' '), line, environment);
        if (dir) workdir = path.posix.resolve(workdir, dir);
        break;
      }
      case 'COPY':
      case 'ADD': {
        const copy = contextCopy(instruction, (text) => expand(text, line, environment), workdir);
        if (copy) copies.push(copy);
        break;
      }
      case 'HEALTHCHECK': {
        const words = instruction.getArguments().map((a) => a.getValue());
        healthcheck = words[0]?.toUpperCase() === 'CMD' ? expand(jsonOrShell(words.slice(1).join(' ')), line, environment) : undefined;
        break;
      }
    }
  }
  return { exposed, environment: [...environment], cmd, entrypoint, healthcheck, baseImage: parent.baseImage, copies, workdir };
}

/**
 * A `COPY`/`ADD` that takes files of the build context: not one from another stage or image (`--from`), a
 * URL or a Git repository. JSON form (`COPY ["a b", "/x/"]`) and shell form; flags (`--chown=…`) skipped.
 */
function contextCopy(instruction: Instruction, expand: (text: string) => string, workdir: string): ImageCopy | undefined {
  const json = instruction as unknown as { getOpeningBracket?(): unknown; getJSONStrings?(): Array<{ getJSONValue(): string }> };
  const written = json.getOpeningBracket?.() && json.getJSONStrings ? json.getJSONStrings().map((s) => s.getJSONValue()) : instruction.getArguments().map((a) => a.getValue());
  const flags = written.filter((w) => w.startsWith('--'));
  if (flags.some((f) => /^--from=/i.test(f))) return undefined;
  const words = written.filter((w) => !w.startsWith('--')).map(expand);
  if (words.length < 2) return undefined;
  const dest = words[words.length - 1];
  const sources = words.slice(0, -1).filter((s) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(s) && !/^git@/.test(s) && !s.includes('$'));
  if (sources.length === 0 || dest.includes('$')) return undefined;
  const target = path.posix.resolve(workdir, dest) + (dest.endsWith('/') || dest === '.' ? '/' : '');
  return { sources, target: target.replace(/\/+$/, '/') };
}

/** `8080`, `8080/tcp`, `53/udp`, `7000-7002`. */
function exposedRange(text: string): ExposedRange | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/(tcp|udp|sctp))?$/i.exec(text.trim());
  if (!m) return undefined;
  const port = Number(m[1]);
  const portEnd = m[2] ? Number(m[2]) : port;
  if (port < 1 || portEnd > 65535 || portEnd < port) return undefined;
  return { port, portEnd, protocol: (m[3] ?? 'tcp').toLowerCase() };
}

/** A CMD or ENTRYPOINT as one line of words, JSON (exec) form or shell form. */
function commandOf(instruction: Instruction): string {
  const json = instruction as unknown as { getOpeningBracket?(): unknown; getJSONStrings?(): Array<{ getJSONValue(): string }> };
  if (json.getOpeningBracket?.() && json.getJSONStrings) return json.getJSONStrings().map((s) => s.getJSONValue()).join(' ');
  return instruction.getArguments().map((a) => a.getValue()).join(' ');
}

function jsonOrShell(text: string): string {
  if (!text.trim().startsWith('[')) return text;
  try {
    const words: unknown = JSON.parse(text);
    return Array.isArray(words) ? words.map(String).join(' ') : text;
  } catch {
    return text;
  }
}

/** `$NAME`, `${NAME}` and `${NAME:-default}` replaced where known; unknown ones are left as written. */
function expandVariables(text: string, lookup: (name: string) => string | undefined): string {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const value = lookup((braced ?? bare) as string);
    return value !== undefined && value !== '' ? value : fallback ?? whole;
  });
}
