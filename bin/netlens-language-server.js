#!/usr/bin/env node
// The Compose Network Lens language server for any LSP editor (Neovim, Helix, Zed, JetBrains with LSP4IJ, ...):
//   netlens-language-server --stdio
// JSON-RPC over stdin/stdout; `--stdio` is the default when no transport is named. The code is bundled into
// server/out/server.js by `npm run build`, the same server the VS Code extension starts.
'use strict';
const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${require('../package.json').version}\n`);
} else if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(
    'Usage: netlens-language-server [--stdio]\n\n' +
      'The Compose Network Lens language server: speaks LSP over stdin/stdout. Start it from your editor for\n' +
      'Compose files (compose*.yaml, docker-compose*.yml, ...); settings come from workspace/configuration,\n' +
      'section "netlens" (rules, profiles, composeFiles, docker.host, maxFileSizeMB, diagnosticsDelay).\n',
  );
} else {
  if (!args.some((a) => /^--(stdio|node-ipc|socket|pipe)\b/.test(a))) process.argv.push('--stdio');
  require('../server/out/server.js');
}
