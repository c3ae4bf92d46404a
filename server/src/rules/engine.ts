// Runs the registered rules over a model: applies severity settings and the
// `# netlens-disable...` comments, and reports load problems alongside the findings.
import type { ComposeProject } from '../compose/project';
import type { SourceFile } from '../compose/source';
import { buildNetworkModel } from '../network/model';
import type { NetworkModel } from '../network/types';
import { RULES } from './registry';
import type { Finding, Rule, Severity } from './types';

export type SeveritySetting = Severity | 'off';

export interface RuleOptions {
  /** Severity per rule id, or `off`. */
  severities?: Readonly<Record<string, SeveritySetting>>;
  rules?: readonly Rule[];
}

export interface Analysis {
  project: ComposeProject;
  model: NetworkModel;
  findings: Finding[];
}

export function analyse(project: ComposeProject, options: RuleOptions = {}): Analysis {
  const model = buildNetworkModel(project);
  return { project, model, findings: runRules(model, options) };
}

export function runRules(model: NetworkModel, options: RuleOptions = {}): Finding[] {
  const severities = options.severities ?? {};
  const findings: Finding[] = model.project.problems.map((p) => ({
    rule: p.code,
    severity: p.severity,
    message: p.message,
    loc: p.loc,
    service: null,
    related: [],
    fixes: [],
  }));
  const suppressions = new Map<string, Suppressions>();
  const suppressionsOf = (file: string) => {
    let s = suppressions.get(file);
    if (!s) {
      const source = model.project.sources.get(file);
      s = source ? readSuppressions(source) : { fileWide: new Set(), nextLine: new Map() };
      suppressions.set(file, s);
    }
    return s;
  };
  for (const rule of options.rules ?? RULES) {
    const setting = severities[rule.id];
    if (setting === 'off') continue;
    let produced: Finding[];
    try {
      produced = rule.check(model);
    } catch (err) {
      // A rule that fails must not take the others (or the server) down with it.
      produced = [{ rule: rule.id, severity: 'warning', message: `Rule ${rule.id} failed: ${(err as Error).message}`, loc: { file: model.project.files[0] ?? '', start: 0, end: 0 }, service: null, related: [], fixes: [] }];
    }
    for (const f of produced) {
      const source = model.project.sources.get(f.loc.file);
      if (source && isSuppressed(suppressionsOf(f.loc.file), source.positionAt(f.loc.start).line, f.rule)) continue;
      findings.push(setting ? { ...f, severity: setting } : f);
    }
  }
  return findings.sort((a, b) => (a.loc.file === b.loc.file ? a.loc.start - b.loc.start : a.loc.file < b.loc.file ? -1 : 1));
}

interface Suppressions {
  fileWide: Set<string>;
  /** 0-based line → rule ids silenced on it ('*' for all). */
  nextLine: Map<number, Set<string>>;
}

const DIRECTIVE = /^\s*#\s*netlens-disable(-next-line)?\b(.*)$/;

function readSuppressions(file: SourceFile): Suppressions {
  const out: Suppressions = { fileWide: new Set(), nextLine: new Map() };
  if (!file.text.includes('netlens-disable')) return out;
  const lines = file.text.split('\n');
  lines.forEach((line, i) => {
    const m = DIRECTIVE.exec(line);
    if (!m) return;
    const ids = m[2].split(/[\s,]+/).filter(Boolean);
    const set = ids.length ? ids : ['*'];
    if (m[1]) out.nextLine.set(i + 1, new Set(set));
    else for (const id of set) out.fileWide.add(id);
  });
  return out;
}

function isSuppressed(s: Suppressions, line: number, rule: string): boolean {
  if (s.fileWide.has('*') || s.fileWide.has(rule)) return true;
  const ids = s.nextLine.get(line);
  return ids !== undefined && (ids.has('*') || ids.has(rule));
}
