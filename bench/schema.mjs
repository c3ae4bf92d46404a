// `node bench/schema.mjs [N]` (after a build): what the Compose schema check costs. Prints the schema's compile
// time at first use (Ajv required and compiled, in this fresh process), then the analysis of a generated project
// of N services (default 1,000) with and without the `compose-schema` rule, the minimum of several runs each.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { loadProject } = require(join(ROOT, 'out/server/src/compose/project.js'));
const { analyse } = require(join(ROOT, 'out/server/src/analysis.js'));
const { schemaTimings } = require(join(ROOT, 'out/server/src/compose/schema.js'));

const n = Number(process.argv[2] ?? 1000);
const RUNS = 10;
const files = generateProject(n);
const dir = '/bench/project';
const byPath = new Map(Object.entries(files).map(([name, text]) => [join(dir, name), text]));
const readFile = (f) => byPath.get(f);
const run = (schema) => analyse(loadProject({ dir, env: {}, readFile }), schema ? {} : { severities: { 'compose-schema': 'off' } });

let t = performance.now();
const first = run(true);
const firstMs = performance.now() - t;
const schemaFindings = first.findings.filter((f) => f.rule === 'compose-schema').length;
// Warmed up both ways, then the two alternate, so neither profits from the other's warm-up or suffers a busy moment alone.
for (let i = 0; i < 2; i++) {
  run(false);
  run(true);
}
let without = Infinity;
let withSchema = Infinity;
for (let i = 0; i < RUNS; i++) {
  t = performance.now();
  run(false);
  without = Math.min(without, performance.now() - t);
  t = performance.now();
  run(true);
  withSchema = Math.min(withSchema, performance.now() - t);
}
const ms = (x) => `${x.toFixed(1)} ms`;
console.log(`schema compile at first use (require + compile): ${ms(schemaTimings.compileMs)}; first analysis with it: ${ms(firstMs)}`);
console.log(`${n.toLocaleString('en-US')} services, min of ${RUNS}: without schema ${ms(without)}, with schema ${ms(withSchema)} (+${ms(withSchema - without)}, ${((withSchema / without - 1) * 100).toFixed(0)} %); ${schemaFindings} compose-schema findings`);
