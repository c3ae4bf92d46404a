// What the language server reads. Opening a folder is enough to analyse it, in VS Code's Restricted Mode
// too: its files may come from a stranger. So in an untrusted workspace only files inside the workspace's
// folders (and the edited file's own folder) are read; a path elsewhere (`env_file: /etc/passwd`, a `.env`
// linked into your home) is one problem, not a read. Once the workspace is trusted they are read as Compose
// would, and their text is still never quoted (`compose/outsideText.ts`).
import * as path from 'node:path';
import type { InitializeParams } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { ReadBoundary } from '../compose/boundary';

export class WorkspaceScope {
  /** What the client said at start (`initializationOptions.workspaceTrusted`), or later through TRUST_NOTIFICATION. */
  trusted = false;
  folders: string[] = [];

  init(params: InitializeParams): void {
    this.trusted = (params.initializationOptions as { workspaceTrusted?: unknown } | undefined)?.workspaceTrusted === true;
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.folders = uris.filter((u) => u.startsWith('file:')).map((u) => URI.parse(u).fsPath);
  }

  boundaryFor(file: string): ReadBoundary {
    const folders = [...this.folders, path.dirname(file)];
    return this.trusted ? { folders } : { folders, refuseOutside: 'the workspace is not trusted: trust it to read files outside its folders' };
  }
}
