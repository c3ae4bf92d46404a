// What the Compose schema check costs. `node bench/schema.mjs [N]` (after a build) prints the schema's compile
// time at first use (Ajv required and compiled, in this fresh process), then the analysis of a generated project
// of N services (default 1,000) with and without the `compose-schema` rule, the minimum of several alternating
// runs each, every run from a collected heap. `npm run bench` (run.mjs) takes the same measurement at 1,000 services for its table and targets.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateProject } from './generate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { loadProject } = require(join(ROOT, 'out/server/src/compose/project.js'));
const { analyse } = require(join(ROOT, 'out/server/src/analysis.js'));
const { schemaTimings } = require(join(ROOT, 'out/server/src/compose/schema.js'));
const { collectGarbage } = require(join(ROOT, 'out/server/src/lsp/memory.js'));

/** The analysis of the same generated project with and without `compose-schema`, alternating, the minimum of `runs` each. */
export function measureSchemaCost(n = 1000, runs = 10) {
  const files = generateProject(n);
  const dir = '/bench/project';
  const byPath = new Map(Object.entries(files).map(([name, text]) => [join(dir, name), text]));
  const readFile = (f) => byPath.get(f);
  const run = (schema) => analyse(loadProject({ dir, env: {}, readFile }), schema ? {} : { severities: { 'compose-schema': 'off' } });

  let t = performance.now();
  const first = run(true);
  const firstMs = performance.now() - t;
  const findings = first.findings.filter((f) => f.rule === 'compose-schema').length;
  // Warmed up both ways, then the two alternate, so neither profits from the other's warm-up or suffers a busy moment alone.
  for (let i = 0; i < 3; i++) {
    run(false);
    run(true);
  }
  let withoutMs = Infinity;
  let withMs = Infinity;
  // Each run starts from a collected heap, so neither pays for the other's garbage.
  for (let i = 0; i < runs; i++) {
    collectGarbage();
    t = performance.now();
    run(false);
    withoutMs = Math.min(withoutMs, performance.now() - t);
    collectGarbage();
    t = performance.now();
    run(true);
    withMs = Math.min(withMs, performance.now() - t);
  }
  return { n, runs, compileMs: schemaTimings.compileMs, firstMs, withoutMs, withMs, added: withMs / withoutMs - 1, findings };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = measureSchemaCost(Number(process.argv[2] ?? 1000));
  const ms = (x) => `${x.toFixed(1)} ms`;
  console.log(`schema compile at first use (require + compile): ${ms(r.compileMs)}; first analysis with it: ${ms(r.firstMs)}`);
  console.log(`${r.n.toLocaleString('en-US')} services, min of ${r.runs}: without schema ${ms(r.withoutMs)}, with schema ${ms(r.withMs)} (+${ms(r.withMs - r.withoutMs)}, ${(r.added * 100).toFixed(0)} %); ${r.findings} compose-schema findings`);
}
