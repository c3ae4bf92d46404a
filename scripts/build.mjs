// Bundles the extension client, the language server and the CLI with esbuild, then compiles
// the tests with tsc (which also type-checks everything). `--bundles-only` stops after the bundles: what the
// GitHub Action and `npm pack` need to run the CLI and the server.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeNotices } from './notices.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// dockerode → ssh2 loads optional native speed-ups inside try/catch; left out of the bundle, ssh2 uses its JS code.
const nativeOptional = ['cpu-features', '*.node'];
// The Compose specification's schema, a data file of the dclint package, inlined into the server and the CLI (compose/schema.ts).
const composeSchema = readFileSync(new URL('../node_modules/dclint/schemas/compose.schema.json', import.meta.url), 'utf8');
const withSchema = { NETLENS_COMPOSE_SCHEMA: JSON.stringify(composeSchema) };
// elkjs's worker script, inlined into the topology page as a string and started as a blob worker (client/src/webview/layout.ts).
const elkWorker = readFileSync(new URL('../node_modules/elkjs/lib/elk-worker.min.js', import.meta.url), 'utf8');
const common = { bundle: true, metafile: true, platform: 'node', target: 'node18', format: 'cjs', sourcemap: true, logLevel: 'warning', define: { NETLENS_VERSION: JSON.stringify(pkg.version) } };

const results = await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] }),
  build({ ...common, define: { ...common.define, ...withSchema }, external: nativeOptional, entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' }),
  build({ ...common, define: { ...common.define, ...withSchema }, external: nativeOptional, entryPoints: ['server/src/cli/main.ts'], outfile: 'server/out/cli.js' }),
  // The topology page: a browser bundle (cytoscape and ELK's worker inside), loaded only when the panel opens.
  build({ ...common, define: { ...common.define, NETLENS_ELK_WORKER: JSON.stringify(elkWorker) }, platform: 'browser', target: 'chrome114', format: 'iife', entryPoints: ['client/src/webview/main.ts'], outfile: 'client/out/webview.js', sourcemap: false, minify: true }),
  build({ bundle: true, logLevel: 'warning', entryPoints: ['client/src/webview/webview.css'], outfile: 'client/out/webview.css' }),
]);
// The libraries inside the bundles, with their licences (dclint's schema and elkjs's worker are inlined as data).
writeNotices(results.filter((r) => r.metafile).map((r) => r.metafile), ['dclint', 'elkjs'], 'server/out/THIRD_PARTY_NOTICES.md');
if (!process.argv.includes('--bundles-only')) execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' });
