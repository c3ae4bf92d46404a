// A code-server (VS Code in the browser) of our own: private user-data, extensions and config
// folders, settings that keep it quiet and offline, the packaged extension installed, and a
// process group that is always ended.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import * as http from 'node:http';

export interface Tools {
  node: string;
  codeServerEntry: string;
}

/** User settings: no welcome page, no trust prompt, no recommendations, nothing that reaches the network. */
export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'npm.fetchOnlinePackageInfo': false,
  'git.enabled': false,
  'git.autofetch': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'editor.minimap.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.hover.delay': 300,
  'editor.fontSize': 14,
  'files.autoSave': 'off',
};

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolvePort(addr.port) : reject(new Error('no port'))));
    });
  });
}

function get(url: string): Promise<number> {
  return new Promise((res) => {
    const req = http.get(url, { timeout: 2000 }, (r) => {
      r.resume();
      res(r.statusCode ?? 0);
    });
    req.on('error', () => res(0));
    req.on('timeout', () => {
      req.destroy();
      res(0);
    });
  });
}

export class CodeServer {
  readonly userDataDir: string;
  readonly extensionsDir: string;
  private proc: ChildProcess | undefined;
  private output: string[] = [];
  port = 0;

  constructor(private readonly tools: Tools, private readonly stateDir: string) {
    this.userDataDir = join(stateDir, 'user-data');
    this.extensionsDir = join(stateDir, 'extensions');
    mkdirSync(join(this.userDataDir, 'User'), { recursive: true });
    mkdirSync(this.extensionsDir, { recursive: true });
    writeFileSync(join(this.userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  }

  private env(): NodeJS.ProcessEnv {
    // code-server writes its config.yaml under XDG_CONFIG_HOME: keep it in our state folder.
    return {
      ...process.env,
      XDG_CONFIG_HOME: join(this.stateDir, 'config'),
      XDG_DATA_HOME: join(this.stateDir, 'data'),
      // An extension gallery on a closed loopback port: nothing is looked up on the internet.
      EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item' }),
    };
  }

  private common(): string[] {
    return ['--user-data-dir', this.userDataDir, '--extensions-dir', this.extensionsDir, '--disable-telemetry', '--disable-update-check'];
  }

  /** `code-server --install-extension <vsix>`, as a user would; fails with its output if it fails. */
  installExtension(vsix: string): string {
    const r = spawnSync(this.tools.node, [this.tools.codeServerEntry, ...this.common(), '--install-extension', vsix], { env: this.env(), encoding: 'utf8', timeout: 180_000 });
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    if (r.status !== 0) throw new Error(`code-server --install-extension failed (${r.error?.message ?? `exit ${r.status}`}):\n${out}`);
    return out;
  }

  async start(folder: string, timeoutMs = 90_000): Promise<string> {
    this.port = await freePort();
    const args = [
      this.tools.codeServerEntry, ...this.common(),
      '--bind-addr', `127.0.0.1:${this.port}`, '--auth', 'none',
      '--disable-workspace-trust', '--disable-getting-started-override', '--disable-proxy',
      folder,
    ];
    // Its own process group, so the extension host and language server end with it.
    this.proc = spawn(this.tools.node, args, { env: this.env(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (b: Buffer) => {
      this.output.push(b.toString());
      if (this.output.length > 400) this.output.splice(0, 100);
    };
    this.proc.stdout?.on('data', keep);
    this.proc.stderr?.on('data', keep);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null) throw new Error(`code-server exited with ${this.proc.exitCode}:\n${this.log()}`);
      if ((await get(`http://127.0.0.1:${this.port}/healthz`)) === 200) return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(folder)}`;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`code-server did not answer on port ${this.port} within ${timeoutMs / 1000} s:\n${this.log()}`);
  }

  /** Tails of the extension host's and our extension's logs (activation errors, server crashes). */
  extensionLogs(): string {
    const found: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/exthost|netlens|Compose Network Lens|remoteagent/i.test(p) && e.name.endsWith('.log')) found.push(p);
      }
    };
    try {
      walk(join(this.userDataDir, 'logs'));
    } catch {
      return '(no logs)';
    }
    return found.map((f) => `== ${f.slice(this.userDataDir.length)}\n${readFileSync(f, 'utf8').split('\n').slice(-40).join('\n')}`).join('\n');
  }

  log(): string {
    return this.output.join('').split('\n').slice(-60).join('\n');
  }

  /** Ends the whole process group: TERM, then KILL if it lingers. */
  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (!p || p.pid === undefined) return;
    const group = -p.pid;
    const alive = () => {
      try {
        process.kill(group, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
    if (alive()) {
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }

  /** Synchronous last resort for process exit handlers. */
  killNow(): void {
    if (this.proc?.pid !== undefined) {
      try {
        process.kill(-this.proc.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
}
