// Which Compose project a document belongs to, and loading it with open documents taking the
// place of their files on disk. Projects are cached until one of their files changes.
import * as path from 'node:path';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { discoverComposeFiles, isComposeFileName } from '../compose/discovery';
import { isDockerfileName, type DockerfileCache } from '../compose/dockerfile';
import { DEFAULT_MAX_FILE_SIZE, loadProject, type ComposeProject } from '../compose/project';
import type { ParseCache } from '../compose/parseFile';
import { entryExists, readRegularFile, type FileRead } from '../compose/safeRead';
import { ModelReuse } from '../network/reuse';
import { FindingReuse } from '../findingReuse';
import { analyse, type Analysis } from '../analysis';
import { DiagnosticReuse, lendDiagnostics } from '../features/diagnostics';
import * as fs from 'node:fs';
import { collectGarbage, LARGE_PROJECT_CHARS, LARGE_PUBLISH, withFirstAnalysisGrowth } from './memory';
import { parseCounters } from '../compose/parse';
import { AnalysisStopped, withTimeBudget, type Clock } from '../budget';
import { isStackFileName, stackFor } from './stacks';
import { stoppedAnalysis } from './stopped';
import { WorkspaceScope } from './readScope';
import { DEFAULT_TIME_LIMIT_SECONDS, type FolderSettings } from './settings';
import { pathToUri } from './locations';

/** A file's text as last read from disk (never one over the size limit), with the stat that says whether it may have changed since. */
interface DiskText {
  mtimeMs: number;
  size: number;
  text: string;
}

export class ProjectCache {
  private readonly analyses = new Map<string, Analysis>();
  /** Parsed trees by file and text: an edit to one file re-parses that file only. */
  private readonly parsed: ParseCache = new Map();
  /** Per project (files and profiles), what its last model, findings and diagnostics lend the next: an edit re-analyses what it touched. */
  private readonly reuses = new Map<string, { model: ModelReuse; findings: FindingReuse; diagnostics: DiagnosticReuse }>();
  /** Dockerfiles of `build:` contexts, parsed once per text. */
  private readonly dockerfiles: DockerfileCache = new Map();
  /** Files on disk: an edit to one file of a project does not re-read the others (a stat tells). */
  private readonly disk = new Map<string, DiskText>();
  /** Set when a large analysis was dropped: collect its garbage before building the next one (`memory.ts`). */
  private largeDropped = false;
  /** Large first analyses (their files parsed whole), until their diagnostics are written (`collectBeforeWrite`). */
  private readonly builtWhole = new WeakSet<Analysis>();

  /** `clock`: where the time budget reads time (tests give their own). */
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    /** Trust and folders: which files may be read (`readScope.ts`); call `invalidate()` after changing it. */
    readonly scope = new WorkspaceScope(),
    private readonly clock?: Clock,
  ) {}

  private readFile = (file: string, maxBytes: number): FileRead => {
    const open = this.documents.get(pathToUri(file));
    if (open) return open.getText();
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      this.disk.delete(file);
      return undefined;
    }
    const known = this.disk.get(file);
    if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.text;
    this.disk.delete(file);
    const read = readRegularFile(file, maxBytes);
    if (typeof read === 'string') this.disk.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, text: read });
    return read;
  };

  /** Whether a file name is taken, without reading it (an open document counts). */
  private exists = (file: string): boolean => this.documents.get(pathToUri(file)) !== undefined || entryExists(file);

  /** Characters of disk text held between analyses (tests read it: a file over the limit is never held). */
  diskChars(): number {
    let chars = 0;
    for (const known of this.disk.values()) chars += known.text.length;
    return chars;
  }

  /**
   * Files each document's project was found to have, until anything is invalidated: a hover or completion between
   * two checks asks the disk nothing (under load a few `stat`s of absent override files took tens of milliseconds).
   */
  private readonly projectFiles = new Map<string, string[]>();

  /** The files of the project a document is part of (its folder's files, plus itself if it is a variant). */
  filesFor(file: string, settings: FolderSettings): string[] {
    const key = `${file}\0${settings.composeFiles.join('\0')}`;
    const known = this.projectFiles.get(key);
    if (known) return known;
    const dir = path.dirname(file);
    const files = [...discoverComposeFiles(dir, this.exists), ...settings.composeFiles.map((f) => path.resolve(dir, f)).filter(this.exists)];
    if (!files.includes(file) && isComposeFileName(file)) files.push(file);
    const found = [...new Set(files)];
    this.projectFiles.set(key, found);
    return found;
  }

  /** What projects' last analyses left for their next (`ModelReuse.settle`, `FindingReuse.settle`): made once their diagnostics are out. */
  settleReuse(): void {
    for (const reuse of this.reuses.values()) {
      reuse.model.settle();
      reuse.findings.settle();
    }
  }

  analysisFor(file: string, settings: FolderSettings): Analysis {
    const stack = stackFor(file, settings.stacks ?? [], this.scope.folders);
    // A stack file is deployed on its own (`-c FILE`), not merged with its folder's Compose files.
    const files = stack !== undefined || isStackFileName(file) ? [file] : this.filesFor(file, settings);
    const projectKey = `${files.join('|')}#${settings.profiles.join(',')}${stack !== undefined ? `#stack:${stack}` : ''}`;
    const key = `${projectKey}#${JSON.stringify(settings.severities)}#${settings.maxFileSizeMB ?? ''}#${settings.analysisTimeLimitSeconds ?? ''}`;
    const cached = this.analyses.get(key);
    if (cached) return cached;
    const maxFileSize = settings.maxFileSizeMB ? settings.maxFileSizeMB * 1024 * 1024 : undefined;
    // Large projects (`memory.ts`): the last analysis's garbage goes before the parse (unless `collectDropped` took
    // it while the edit's delay ran).
    this.collectDropped();
    // Before the load: its parse moves the locations of the trees it shares (by file) with every project, which what a
    // first analysis left to settle reads.
    this.settleReuse();
    let reuse = this.reuses.get(projectKey);
    // A project's first analysis builds all it keeps: the heap may grow faster meanwhile (`memory.ts`).
    const grow = reuse ? <T>(run: () => T) => run() : withFirstAnalysisGrowth;
    if (!reuse) {
      // A workspace has a few projects; keys of file lists that no longer exist are dropped now and then.
      if (this.reuses.size >= 32) this.reuses.clear();
      this.reuses.set(projectKey, (reuse = { model: new ModelReuse(true), findings: new FindingReuse(true), diagnostics: new DiagnosticReuse() }));
    }
    const lent = reuse;
    const limit = settings.analysisTimeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS;
    let analysis: Analysis;
    try {
      analysis = grow(() =>
        withTimeBudget(
          limit,
          () => {
            const parsedBefore = parseCounters.fullChars;
            const project = loadProject({
              dir: path.dirname(file),
              env: shellEnvironment(path.dirname(file)),
              files,
              profiles: settings.profiles,
              readFile: this.readFile,
              fileExists: this.exists,
              boundary: this.scope.boundaryFor(file),
              parseCache: this.parsed,
              maxFileSize,
              dockerfileCache: this.dockerfiles,
              ...(stack !== undefined ? { stack } : {}),
            });
            // A first analysis (a file parsed whole, not an edit spliced in: `reparse.ts`) leaves the most garbage.
            const parsedWhole = charsOf(project) >= LARGE_PROJECT_CHARS && parseCounters.fullChars - parsedBefore >= LARGE_PROJECT_CHARS;
            const done = analyse(project, { severities: settings.severities, reuse: lent.model, findingReuse: lent.findings });
            lendDiagnostics(done, lent.diagnostics);
            if (parsedWhole) this.builtWhole.add(done);
            return done;
          },
          this.clock,
        ),
      );
    } catch (err) {
      if (!(err instanceof AnalysisStopped)) throw err;
      // Kept like any analysis: asked again before a file changes, the project is not analysed again.
      analysis = stoppedAnalysis(file, files, err, this.readFile, maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
    }
    this.analyses.set(key, analysis);
    return analysis;
  }

  /**
   * The analysis of a project one of whose services mounts `file` (a configuration file opened in the editor),
   * or undefined when none does: such a file is no Compose project of its own. Projects already analysed are
   * asked first; then the Compose files of the file's folder and its parents up to the workspace folder holding
   * it (three levels when none does), and of their immediate subfolders (`deploy/compose.yaml` mounting
   * `../nginx/default.conf`), a bounded number of each.
   */
  mountingAnalysis(file: string, settings: FolderSettings): Analysis | undefined {
    const mounts = (a: Analysis) => [...a.project.services.values()].some((def) => def.mountedFiles.some((m) => m.file === file));
    for (const analysis of this.analyses.values()) if (mounts(analysis)) return analysis;
    const folder = this.scope.folders.filter((f) => file.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
    const dirs: string[] = [];
    for (let dir = path.dirname(file), level = 0; level < (folder ? 32 : 3); level++) {
      dirs.push(dir);
      const parent = path.dirname(dir);
      if (dir === folder || parent === dir) break;
      dir = parent;
    }
    const tried = new Set<string>();
    for (const dir of dirs) {
      for (const candidate of [dir, ...subfolders(dir)]) {
        if (tried.has(candidate) || tried.size >= MAX_PROJECT_DIRS_TRIED) continue;
        tried.add(candidate);
        const compose = discoverComposeFiles(candidate, this.exists)[0];
        if (!compose) continue;
        const analysis = this.analysisFor(compose, settings);
        if (mounts(analysis)) return analysis;
      }
    }
    return undefined;
  }

  /**
   * Forget every project that read `file` or mounts it (a file added to a mounted folder too), or all when a
   * folder-wide input such as `.env` or a new Dockerfile changed. Says whether any project was forgotten.
   */
  invalidate(file?: string): boolean {
    // Any file opened, changed, closed or changed on disk may be one a project is made of: look again at the next check.
    this.projectFiles.clear();
    const unread = file !== undefined && isDockerfileName(file) && ![...this.analyses.values()].some((a) => a.project.sources.get(file));
    if (!file || path.basename(file) === '.env' || unread) {
      for (const analysis of this.analyses.values()) this.noteDropped(analysis);
      const any = this.analyses.size > 0;
      this.analyses.clear();
      this.disk.clear();
      return any;
    }
    this.disk.delete(file);
    let any = false;
    for (const [key, analysis] of this.analyses) {
      const project = analysis.project;
      if (project.sources.get(file) || project.files.includes(file) || project.mountSources.some((m) => file === m || file.startsWith(m + path.sep))) {
        this.analyses.delete(key);
        this.noteDropped(analysis);
        any = true;
      }
    }
    return any;
  }

  /**
   * Collects the garbage of a large analysis dropped since the last collection, if any: the server calls it
   * right after scheduling an edit's check, so that it runs while the edit's delay (`diagnosticsDelay`) runs,
   * not after it. Says whether it collected.
   */
  collectDropped(): boolean {
    if (!this.largeDropped) return false;
    this.largeDropped = false;
    collectGarbage();
    return true;
  }

  /**
   * Collects the garbage of building `analysis` when it was a large project's first analysis (its files parsed whole)
   * and `written` diagnostics are many: the server calls it before writing them, so that their text is written into a
   * heap holding what is alive rather than on top of what the model and rules left (`memory.ts`). An edit's analysis
   * leaves little, and a thousand diagnostics' text is small: not worth it.
   */
  collectBeforeWrite(analysis: Analysis, written: number): void {
    if (!this.builtWhole.delete(analysis) || written < LARGE_PUBLISH) return;
    collectGarbage();
  }

  private noteDropped(analysis: Analysis): void {
    if (charsOf(analysis.project) >= LARGE_PROJECT_CHARS) this.largeDropped = true;
  }
}

/** Folders looked in for a project mounting an opened file: a bound, as a workspace may be large. */
const MAX_PROJECT_DIRS_TRIED = 64;
const MAX_SUBFOLDERS_LISTED = 64;

function subfolders(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
      .slice(0, MAX_SUBFOLDERS_LISTED)
      .map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

function charsOf(project: ComposeProject): number {
  let chars = 0;
  for (const source of project.sources.all()) chars += source.text.length;
  return chars;
}

/**
 * The environment Compose would interpolate with, as run from a shell in the project's folder (the documented
 * way, and what `${PWD}` in a mount such as `${PWD}/conf/nginx.conf` assumes): the server's own working folder is
 * wherever the editor started, which is no folder the user ran Compose from.
 */
function shellEnvironment(projectDir: string): NodeJS.ProcessEnv {
  return { ...process.env, PWD: projectDir };
}
