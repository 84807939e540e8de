#!/usr/bin/env node
'use strict';
require('../dist/agent/main.js')
  .main(process.argv.slice(2))
  .catch((err) => {
    process.stderr.write(`strata-node-agent: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  });
