// The pipeline the language server and the CLI share: a loaded project → its network model → the findings of
// the registered rules, with the load problems alongside. Severity settings and `# netlens-disable...` comments
// are applied here, once, to the rules' findings and to live drift's alike.
import { AnalysisStopped, checkTimeBudget } from './budget';
import type { ComposeProject } from './compose/project';
import type { FindingReuse } from './findingReuse';
import { buildNetworkModel } from './network/model';
import type { ModelReuse } from './network/reuse';
import type { NetworkModel } from './network/types';
import { RELATED } from './rules/support/listLimits';
import { guardSharedAnchors } from './rules/support/sharedAnchorFixes';
import { mergeSharedValues } from './rules/support/sharedValueFindings';
import { RULES } from './rules/registry';
import { suppressionFilter } from './rules/support/suppression';
import type { Finding, Rule, Severity } from './rules/types';

export type SeveritySetting = Severity | 'off';

export interface RuleOptions {
  /** Severity per rule id, or `off`. */
  severities?: Readonly<Record<string, SeveritySetting>>;
  rules?: readonly Rule[];
  /** What the last analysis of the same project lends this one (`network/reuse.ts`). */
  reuse?: ModelReuse;
  /** The last analysis's findings, kept when an edit leaves the model as it was (`findingReuse.ts`); with `reuse`. */
  findingReuse?: FindingReuse;
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
  const settle = settings(model, severities);
  const run = (rule: Rule): Finding[] => {
    checkTimeBudget(() => `rule ${rule.id}`);
    try {
      return rule.check(model);
    } catch (err) {
      if (err instanceof AnalysisStopped) throw err;
      // A rule that fails must not take the others (or the server) down with it.
      return [{ rule: rule.id, severity: 'warning', message: `Rule ${rule.id} failed: ${(err as Error).message}`, loc: { file: model.project.files[0] ?? '', start: 0, end: 0 }, service: null, related: [], fixes: [] }];
    }
  };
  const rules = (options.rules ?? RULES).filter((rule) => severities[rule.id] !== 'off');
  const produced = options.findingReuse ? options.findingReuse.findings(model, options.reuse, rules, run) : rules.map((rule): [Rule, Finding[]] => [rule, run(rule)]);
  for (const [rule, list] of produced) {
    const setting = severities[rule.id];
    for (const f of list) {
      const kept = settle(f, setting);
      if (kept) findings.push(kept);
    }
  }
  return guardSharedAnchors(model.project, mergeSharedValues(model, findings)).sort((a, b) => (a.loc.file === b.loc.file ? a.loc.start - b.loc.start : a.loc.file < b.loc.file ? -1 : 1));
}

/** Findings of live drift (`live/drift.ts`) as the user's settings and comments leave them, like the rules' own. */
export function settleDrift(model: NetworkModel, drift: readonly Finding[], severities: Readonly<Record<string, SeveritySetting>> = {}): Finding[] {
  const settle = settings(model, severities);
  const out: Finding[] = [];
  for (const f of drift) {
    const kept = settle(f);
    if (kept) out.push(kept);
  }
  return out;
}

/** A finding with its rule's severity setting, or undefined when the rule is off or a comment silences it. */
function settings(model: NetworkModel, severities: Readonly<Record<string, SeveritySetting>>): (finding: Finding, setting?: SeveritySetting) => Finding | undefined {
  const suppressed = suppressionFilter((file) => model.project.sources.get(file));
  return (f, setting = severities[f.rule]) => {
    if (setting === 'off' || suppressed(f)) return undefined;
    return setting ? withSeverity(f, setting) : f;
  };
}

/** `f` with another severity; fixes still computed when first read when they were lazy. */
function withSeverity(f: Finding, severity: Severity): Finding {
  const descriptors = Object.getOwnPropertyDescriptors(f);
  descriptors.severity = { value: severity, enumerable: true, writable: true, configurable: true };
  return Object.defineProperties({}, descriptors) as Finding;
}
