// Runs the registered rules over a model: applies severity settings and the
// `# netlens-disable...` comments, and reports load problems alongside the findings.
import { AnalysisStopped, checkTimeBudget } from '../budget';
import type { ComposeProject } from '../compose/project';
import { buildNetworkModel } from '../network/model';
import type { ModelReuse } from '../network/reuse';
import type { NetworkModel } from '../network/types';
import { RELATED } from './listing';
import { guardSharedAnchors } from './sharedAnchors';
import { mergeSharedValues } from './sharedValues';
import { RULES } from './registry';
import { suppressionFilter } from './suppression';
import type { Finding, Rule, Severity } from './types';

export type SeveritySetting = Severity | 'off';

export interface RuleOptions {
  /** Severity per rule id, or `off`. */
  severities?: Readonly<Record<string, SeveritySetting>>;
  rules?: readonly Rule[];
  /** What the last analysis of the same project lends this one (`network/reuse.ts`). */
  reuse?: ModelReuse;
}

export interface Analysis {
  project: ComposeProject;
  model: NetworkModel;
  findings: Finding[];
}

export function analyse(project: ComposeProject, options: RuleOptions = {}): Analysis {
  const model = buildNetworkModel(project, options.reuse);
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
    related: (p.related ?? []).slice(0, RELATED),
    fixes: [],
  }));
  const suppressed = suppressionFilter((file) => model.project.sources.get(file));
  for (const rule of options.rules ?? RULES) {
    const setting = severities[rule.id];
    if (setting === 'off') continue;
    checkTimeBudget(() => `rule ${rule.id}`);
    let produced: Finding[];
    try {
      produced = rule.check(model);
    } catch (err) {
      if (err instanceof AnalysisStopped) throw err;
      // A rule that fails must not take the others (or the server) down with it.
      produced = [{ rule: rule.id, severity: 'warning', message: `Rule ${rule.id} failed: ${(err as Error).message}`, loc: { file: model.project.files[0] ?? '', start: 0, end: 0 }, service: null, related: [], fixes: [] }];
    }
    for (const f of produced) {
      if (suppressed(f)) continue;
      findings.push(setting ? { ...f, severity: setting } : f);
    }
  }
  return guardSharedAnchors(model.project, mergeSharedValues(model, findings)).sort((a, b) => (a.loc.file === b.loc.file ? a.loc.start - b.loc.start : a.loc.file < b.loc.file ? -1 : 1));
}
