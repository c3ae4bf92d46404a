// The labelled real-world corpus (../shared/corpus/realworld): every documented run of every project through the
// CLI's own `check --format json`, each finding matched with its label. Shared by the corpus gate
// (test/unit/realworld.test.ts) and the report (`npm run corpus`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';

export const REALWORLD = path.resolve(__dirname, '../../../../shared/corpus/realworld');

export type Verdict = 'true' | 'false' | 'debatable';
export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface LabelledFinding {
  rule: string;
  service: string | null;
  file: string;
  line: number;
  severity: Severity;
  verdict: Verdict;
  why: string;
}

export interface Miss {
  file: string;
  line: number;
  service: string | null;
  what: string;
  rule: string;
}

interface Labels {
  runs: Array<{ args: string[]; findings: LabelledFinding[] }>;
  misses: Miss[];
}

/** One finding the analysis reports today, with the label it matches (rule, service, file, start line), if any. */
export interface JudgedFinding {
  project: string;
  args: string[];
  rule: string;
  service: string | null;
  /** Every service it concerns: one value shared by several services is one finding. */
  services: string[];
  file: string;
  line: number;
  severity: Severity;
  message: string;
  /** `file:line` of its related places: one finding may stand for several uses (a variable, an anchor). */
  relatedLines: string[];
  label?: LabelledFinding;
}

export interface CorpusRun {
  project: string;
  args: string[];
  exitCode: number;
  stderr: string;
  findings: JudgedFinding[];
  /** Labelled findings of this run the analysis no longer reports. */
  gone: LabelledFinding[];
}

export interface CorpusResult {
  runs: CorpusRun[];
  misses: Array<Miss & { project: string; found: JudgedFinding[] }>;
}

/** Findings about Compose's own loading (YAML, interpolation, missing files, the specification's schema), counted apart from the network rules. */
export const LOAD_RULES = new Set(['interpolation', 'compose-file', 'compose-schema']);

export function corpusProjects(): string[] {
  if (!fs.existsSync(REALWORLD)) {
    throw new Error(`The labelled corpus is missing: expected ${REALWORLD} (shared/ beside the repository).`);
  }
  return fs
    .readdirSync(REALWORLD, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(REALWORLD, e.name, 'labels.json')))
    .map((e) => e.name)
    .sort();
}

function sameFinding(a: { rule: string; service: string | null; services: string[]; file: string; line: number }, b: LabelledFinding): boolean {
  return a.rule === b.rule && (a.service === b.service || (b.service !== null && a.services.includes(b.service))) && a.file === b.file && a.line === b.line;
}

interface JsonFinding {
  rule: string;
  severity: Severity;
  message: string;
  file: string;
  range: { start: { line: number } };
  service?: string;
  services?: string[];
  related?: Array<{ file: string; range: { start: { line: number } } }>;
}

export function runProject(project: string): { runs: CorpusRun[]; misses: CorpusResult['misses'] } {
  const dir = path.join(REALWORLD, project);
  const labels = JSON.parse(fs.readFileSync(path.join(dir, 'labels.json'), 'utf8')) as Labels;
  const runs: CorpusRun[] = [];
  const everyFinding: JudgedFinding[] = [];
  for (const run of labels.runs) {
    let stdout = '';
    let stderr = '';
    // A plain shell's environment, not this machine's: the labels were made running Compose from a shell in the folder.
    const exitCode = runCli(['check', '--format', 'json', ...run.args], {
      cwd: dir,
      env: { HOME: '/home/user', PWD: dir, PATH: '/usr/local/bin:/usr/bin:/bin' },
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      isTty: false,
    });
    const parsed = stdout ? (JSON.parse(stdout) as { findings: JsonFinding[] }) : { findings: [] };
    const findings: JudgedFinding[] = parsed.findings.map((f) => {
      const judged: JudgedFinding = {
        project,
        args: run.args,
        rule: f.rule,
        service: f.service ?? null,
        services: f.services ?? [],
        file: f.file,
        line: f.range.start.line + 1,
        severity: f.severity,
        message: f.message,
        relatedLines: (f.related ?? []).map((r) => `${r.file}:${r.range.start.line + 1}`),
      };
      judged.label = run.findings.find((l) => sameFinding(judged, l));
      return judged;
    });
    // A labelled finding is still reported when a finding of its rule names its place, itself or among its
    // related places (Compose warns once per unset variable, at its first use, and relates the others).
    const gone = run.findings.filter((l) => !findings.some((f) => sameFinding(f, l) || (f.rule === l.rule && f.relatedLines.includes(`${l.file}:${l.line}`))));
    runs.push({ project, args: run.args, exitCode, stderr, findings, gone });
    everyFinding.push(...findings);
  }
  const misses = labels.misses.map((m) => ({
    ...m,
    project,
    found: everyFinding.filter((f) => f.file === m.file && f.line === m.line && (m.service === null || f.service === m.service)),
  }));
  // A miss found is a true finding by the expert's own word: judged as one, with the miss's reason.
  for (const m of misses) for (const f of m.found) f.label ??= { rule: f.rule, service: m.service, file: m.file, line: m.line, severity: f.severity, verdict: 'true', why: `(a miss of the labels, found) ${m.what}` };
  return { runs, misses };
}

export function runCorpus(): CorpusResult {
  const result: CorpusResult = { runs: [], misses: [] };
  for (const project of corpusProjects()) {
    const { runs, misses } = runProject(project);
    result.runs.push(...runs);
    result.misses.push(...misses);
  }
  return result;
}

/** The same labelled finding repeated by several runs of one project counts once, as in the corpus README's totals. */
export function distinctFindings(result: CorpusResult): JudgedFinding[] {
  const seen = new Map<string, JudgedFinding>();
  for (const run of result.runs) {
    for (const f of run.findings) {
      const key = `${f.project}\0${f.rule}\0${f.service}\0${f.file}\0${f.line}\0${f.severity}\0${f.args.length === 0 || f.label ? '' : f.args.join(' ')}`;
      if (!seen.has(key)) seen.set(key, f);
    }
  }
  return [...seen.values()];
}

export interface PrecisionRow {
  severity: Severity;
  true: number;
  false: number;
  debatable: number;
  unlabelled: number;
  precision: number | null;
}

export const SEVERITIES: Severity[] = ['error', 'warning', 'info', 'hint'];

/** Precision per severity, true / (true + false + debatable); unlabelled findings are listed, not counted. */
export function precisionBySeverity(findings: JudgedFinding[]): PrecisionRow[] {
  return SEVERITIES.map((severity) => {
    const at = findings.filter((f) => f.severity === severity);
    const count = (v: Verdict) => at.filter((f) => f.label?.verdict === v).length;
    const t = count('true');
    const fl = count('false');
    const d = count('debatable');
    const judged = t + fl + d;
    return { severity, true: t, false: fl, debatable: d, unlabelled: at.filter((f) => !f.label).length, precision: judged ? t / judged : null };
  });
}

/** Runs that exit 1 although none of their errors is labelled true (or judged true by the gate, `judgedTrue`). */
export function falseFailures(result: CorpusResult, judgedTrue: (f: JudgedFinding) => boolean = () => false): CorpusRun[] {
  return result.runs.filter(
    (r) => r.exitCode === 1 && !r.findings.some((f) => f.severity === 'error' && (f.label?.verdict === 'true' || (!f.label && judgedTrue(f)))),
  );
}
