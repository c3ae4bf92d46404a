// `npm run corpus`: the analysis over the labelled real-world corpus (../shared/corpus/realworld), judged by its
// labels. Prints precision per severity (network rules, then load problems apart), per rule, the labelled misses now
// found, the runs that exit 1 with no true error, and every finding no label covers yet.
//   node scripts/corpus.mjs [--list false|unlabelled|gone|all] [--project NAME]
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const corpus = require('../out/test/helpers/realworld.js');
const { describeFinding, JUDGED_NEW_FINDINGS } = require('../out/test/helpers/judgedFindings.js');
const judged = new Set(JUDGED_NEW_FINDINGS.map((j) => j.finding));

const { values } = parseArgs({ options: { list: { type: 'string', multiple: true }, project: { type: 'string' } } });
const lists = new Set(values.list ?? []);
const wants = (what) => lists.has(what) || lists.has('all');

const result = values.project
  ? (() => {
      const { runs, misses } = corpus.runProject(values.project);
      return { runs, misses };
    })()
  : corpus.runCorpus();
const findings = corpus.distinctFindings(result);
const network = findings.filter((f) => !corpus.LOAD_RULES.has(f.rule));
const load = findings.filter((f) => corpus.LOAD_RULES.has(f.rule));

const pct = (p) => (p === null ? '—' : `${(p * 100).toFixed(1)} %`);
function severityTable(title, rows) {
  console.log(`\n${title}`);
  console.log('severity   true  false  debatable  unlabelled  precision');
  for (const r of rows) {
    console.log(
      `${r.severity.padEnd(9)} ${String(r.true).padStart(5)} ${String(r.false).padStart(6)} ${String(r.debatable).padStart(10)} ${String(r.unlabelled).padStart(11)}  ${pct(r.precision).padStart(9)}`,
    );
  }
}

const projects = new Set(result.runs.map((r) => r.project));
console.log(`Labelled corpus: ${projects.size} projects, ${result.runs.length} runs, ${findings.length} distinct findings.`);
severityTable('Network rules, precision per severity (true / judged):', corpus.precisionBySeverity(network));
severityTable('Load problems (Compose\'s own messages), counted apart:', corpus.precisionBySeverity(load));

console.log('\nPer rule and severity:');
console.log('rule                          severity   true  false  debatable  unlabelled');
const byRule = new Map();
for (const f of findings) {
  const key = `${f.rule}\0${f.severity}`;
  const row = byRule.get(key) ?? { rule: f.rule, severity: f.severity, true: 0, false: 0, debatable: 0, unlabelled: 0 };
  row[f.label ? f.label.verdict : 'unlabelled']++;
  byRule.set(key, row);
}
for (const r of [...byRule.values()].sort((a, b) => a.rule.localeCompare(b.rule) || corpus.SEVERITIES.indexOf(a.severity) - corpus.SEVERITIES.indexOf(b.severity))) {
  console.log(`${r.rule.padEnd(29)} ${r.severity.padEnd(9)} ${String(r.true).padStart(5)} ${String(r.false).padStart(6)} ${String(r.debatable).padStart(10)} ${String(r.unlabelled).padStart(11)}`);
}

const gone = result.runs.flatMap((r) => r.gone.map((l) => ({ ...l, project: r.project, args: r.args })));
const goneDistinct = new Map(gone.map((g) => [`${g.project}\0${g.rule}\0${g.service}\0${g.file}\0${g.line}`, g]));
const goneTrue = [...goneDistinct.values()].filter((g) => g.verdict === 'true');
console.log(`\nLabelled findings no longer reported: ${goneDistinct.size} (true ${goneTrue.length}, false ${[...goneDistinct.values()].filter((g) => g.verdict === 'false').length}, debatable ${[...goneDistinct.values()].filter((g) => g.verdict === 'debatable').length}).`);
for (const g of goneTrue) console.log(`  LOST TRUE ${g.project} ${g.file}:${g.line} ${g.rule} ${g.service ?? ''} (${g.why})`);

const found = result.misses.filter((m) => m.found.length > 0);
console.log(`\nMisses now found: ${found.length} of ${result.misses.length}.`);
for (const m of result.misses) {
  console.log(`  ${m.found.length ? 'found ' : 'missed'} ${m.project} ${m.file}:${m.line} ${m.rule}${m.found.length ? ` ← ${[...new Set(m.found.map((f) => `${f.rule}/${f.severity}`))].join(', ')}` : ''}`);
}

// A run whose error is judged true in the gate (a file Compose itself refuses) exits 1 rightly.
const failing = corpus.falseFailures(result, (f) => judged.has(describeFinding(f)));
console.log(`\nRuns that exit 1 with no true error: ${failing.length} of ${result.runs.length}.`);
for (const r of failing) console.log(`  ${r.project} ${r.args.join(' ') || '.'}`);

const show = (title, list) => {
  console.log(`\n${title}: ${list.length}`);
  for (const f of list) console.log(`  ${f.severity} ${f.rule} ${f.project} ${f.file}:${f.line} ${f.service ?? ''} — ${f.message}${f.label ? ` [${f.label.why}]` : ''}`);
};
if (wants('false')) show('Findings labelled false or debatable, at error or warning', findings.filter((f) => f.label && f.label.verdict !== 'true' && (f.severity === 'error' || f.severity === 'warning')));
if (wants('unlabelled')) show('Findings no label covers', findings.filter((f) => !f.label));
else console.log(`\nFindings no label covers: ${findings.filter((f) => !f.label).length}, of which errors and warnings judged in the gate: ${findings.filter((f) => !f.label && judged.has(describeFinding(f))).length} (--list unlabelled shows them).`);
if (wants('gone')) {
  console.log(`\nLabelled findings no longer reported (all):`);
  for (const g of goneDistinct.values()) console.log(`  ${g.verdict} ${g.project} ${g.file}:${g.line} ${g.rule} ${g.service ?? ''}`);
}
