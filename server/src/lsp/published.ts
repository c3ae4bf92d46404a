// Which diagnostics to send after a check: the project's files, plus empty lists for files that
// showed findings before and no longer do, or that left the project (a deleted override file).
import type { Diagnostic } from 'vscode-languageserver';

export class PublishedDiagnostics {
  /** Per checked document: the files it last published non-empty diagnostics for. */
  private readonly byChecker = new Map<string, Set<string>>();
  /** What each file was last sent, as JSON, for files other than the checked one: unchanged lists are not sent again. */
  private readonly sent = new Map<string, string>();

  private heldByOthers(target: string, checker: string): boolean {
    for (const [other, set] of this.byChecker) if (other !== checker && set.has(target)) return true;
    return false;
  }

  plan(checker: string, next: Map<string, Diagnostic[]>): Array<[string, Diagnostic[]]> {
    const before = this.byChecker.get(checker) ?? new Set<string>();
    const out: Array<[string, Diagnostic[]]> = [];
    const now = new Set<string>();
    for (const [target, diagnostics] of next) {
      if (diagnostics.length > 0) now.add(target);
      if (diagnostics.length > 0 || before.has(target) || target === checker || this.heldByOthers(target, checker)) out.push([target, diagnostics]);
    }
    for (const target of before) if (!next.has(target) && !this.heldByOthers(target, checker)) out.push([target, []]);
    this.byChecker.set(checker, now);
    // The checked document always hears back (the client waits for it); another file only when its list changed.
    return out.filter(([target, diagnostics]) => {
      if (target === checker) {
        this.sent.delete(target);
        return true;
      }
      const json = JSON.stringify(diagnostics);
      if (this.sent.get(target) === json) return false;
      this.sent.set(target, json);
      return true;
    });
  }
}
