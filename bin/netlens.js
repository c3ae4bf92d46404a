#!/usr/bin/env node
// The `netlens` command; the code is bundled into server/out/cli.js by `npm run build`.
require('../server/out/cli.js').main();
