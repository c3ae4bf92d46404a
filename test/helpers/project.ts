// Test helpers: write a Compose project into a temporary folder, load and analyse it,
// and apply fixes as an editor would.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadProject, type ComposeProject, type LoadOptions } from '../../server/src/compose/project';
import { analyse, type Analysis, type RuleOptions } from '../../server/src/analysis';
import type { Fix, TextEdit } from '../../server/src/rules/types';

const made: string[] = [];

export function writeProject(files: Record<string, string>, folderName = 'proj'): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-test-'));
  made.push(root);
  const dir = path.join(root, folderName);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function removeProjects(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Loads a project from in-memory files (no disk), with an empty process environment unless given. */
export function load(files: Record<string, string>, options: Partial<LoadOptions> = {}, dir = '/virtual/proj'): ComposeProject {
  const abs = new Map(Object.entries(files).map(([n, t]) => [path.resolve(dir, n), t]));
  return loadProject({ dir, env: {}, readFile: (f) => abs.get(f), ...options });
}

export function check(files: Record<string, string>, options: Partial<LoadOptions> = {}, rules: RuleOptions = {}): Analysis {
  return analyse(load(files, options), rules);
}

/** Text of `file` with the edits applied (edits of other files ignored). */
export function applyEdits(text: string, file: string, edits: TextEdit[]): string {
  const mine = edits.filter((e) => e.loc.file === file).sort((a, b) => b.loc.start - a.loc.start);
  let out = text;
  for (const e of mine) out = out.slice(0, e.loc.start) + e.newText + out.slice(e.loc.end);
  return out;
}

/** Applies a fix to in-memory files keyed by name relative to `dir`. */
export function applyFix(files: Record<string, string>, fix: Fix, dir = '/virtual/proj'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) out[name] = applyEdits(text, path.resolve(dir, name), fix.edits);
  return out;
}

/** The source text a finding's range covers. */
export function textAt(analysis: Analysis, loc: { file: string; start: number; end: number }): string {
  return analysis.project.sources.get(loc.file)?.slice(loc) ?? '';
}
