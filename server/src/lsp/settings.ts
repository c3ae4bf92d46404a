// Settings per workspace folder, read through `workspace/configuration` and cached until changed.
import * as path from 'node:path';
import type { Connection, InitializeParams } from 'vscode-languageserver';
import type { SeveritySetting } from '../analysis';
import { pathToUri } from './locations';
import { stackPatterns, type StackPattern } from './stacks';

interface RawSettings {
  rules?: Record<string, string>;
  profiles?: string[];
  composeFiles?: string[];
  diagnosticsDelay?: number;
  docker?: { host?: string };
  maxFileSizeMB?: number;
  maxDiagnosticsPerFile?: number;
  analysisTimeLimitSeconds?: number;
  schema?: { enable?: boolean };
  stacks?: Record<string, string>;
}

export interface FolderSettings {
  severities: Record<string, SeveritySetting>;
  profiles: string[];
  composeFiles: string[];
  /** Docker engine for live mode (empty: DOCKER_HOST, the current context, the default socket). */
  dockerHost: string;
  /** Files above this size are reported, not parsed (the loader's default when absent). */
  maxFileSizeMB?: number;
  /** Diagnostics published per file, the most severe first, and a notice of the rest (`features/diagnostics.ts`); 0: all. */
  maxDiagnosticsPerFile: number;
  /** An analysis taking longer stops with one problem (`lsp/stopped.ts`); DEFAULT_TIME_LIMIT_SECONDS when absent. */
  analysisTimeLimitSeconds?: number;
  /** `netlens.stacks`: files analysed as stacks (`lsp/stacks.ts`). */
  stacks?: StackPattern[];
}

/** Ten seconds: a 10 MB file, the largest analysed, takes a few; a hostile one is stopped, not waited for. */
export const DEFAULT_TIME_LIMIT_SECONDS = 10;

/** VS Code's own bound: its extension host passes no more diagnostics per file to the editor. */
export const DEFAULT_MAX_DIAGNOSTICS_PER_FILE = 1000;

export const DEFAULT_SETTINGS: FolderSettings = { severities: {}, profiles: [], composeFiles: [], dockerHost: '', maxDiagnosticsPerFile: DEFAULT_MAX_DIAGNOSTICS_PER_FILE };

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

export class Settings {
  canPull = false;
  /** Delay between an edit and the re-check; the benchmark sets it to 0. */
  debounceMs = 150;
  private readonly cache = new Map<string, Promise<FolderSettings>>();

  constructor(private readonly connection: Connection) {}

  init(params: InitializeParams): void {
    this.canPull = params.capabilities.workspace?.configuration === true;
    const delay = (params.initializationOptions as { diagnosticsDelay?: number } | undefined)?.diagnosticsDelay;
    if (typeof delay === 'number' && delay >= 0) this.debounceMs = delay;
  }

  clear(): void {
    this.cache.clear();
  }

  forFile(file: string): Promise<FolderSettings> {
    const dir = path.dirname(file);
    let pending = this.cache.get(dir);
    if (!pending) {
      pending = this.read(dir);
      this.cache.set(dir, pending);
    }
    return pending;
  }

  private async read(dir: string): Promise<FolderSettings> {
    if (!this.canPull) return DEFAULT_SETTINGS;
    try {
      const raw = ((await this.connection.workspace.getConfiguration({ scopeUri: pathToUri(dir), section: 'netlens' })) ?? {}) as RawSettings;
      const severities: Record<string, SeveritySetting> = {};
      for (const [id, value] of Object.entries(raw.rules ?? {})) if (SEVERITIES.has(value)) severities[id] = value as SeveritySetting;
      // `netlens.schema.enable: false` turns the schema check off (as `netlens.rules` could).
      if (raw.schema?.enable === false) severities['compose-schema'] = 'off';
      if (typeof raw.diagnosticsDelay === 'number' && raw.diagnosticsDelay >= 0) this.debounceMs = raw.diagnosticsDelay;
      return {
        severities,
        profiles: Array.isArray(raw.profiles) ? raw.profiles.filter((p) => typeof p === 'string') : [],
        composeFiles: Array.isArray(raw.composeFiles) ? raw.composeFiles.filter((p) => typeof p === 'string') : [],
        dockerHost: typeof raw.docker?.host === 'string' ? raw.docker.host : '',
        maxFileSizeMB: typeof raw.maxFileSizeMB === 'number' && raw.maxFileSizeMB > 0 ? raw.maxFileSizeMB : undefined,
        maxDiagnosticsPerFile: typeof raw.maxDiagnosticsPerFile === 'number' && raw.maxDiagnosticsPerFile >= 0 ? Math.floor(raw.maxDiagnosticsPerFile) : DEFAULT_MAX_DIAGNOSTICS_PER_FILE,
        stacks: stackPatterns(raw.stacks),
        analysisTimeLimitSeconds: typeof raw.analysisTimeLimitSeconds === 'number' && raw.analysisTimeLimitSeconds >= 0 ? raw.analysisTimeLimitSeconds : undefined,
      };
    } catch {
      return DEFAULT_SETTINGS;
    }
  }
}
