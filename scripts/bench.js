#!/usr/bin/env node
// `npm run bench -- <name> [args]`: runs one benchmark suite. Each suite starts its peers itself
// (redis-server, the C io_uring reference, ...) and prints one table with the ratio.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');

const suites = {
  server: 'data-plane/dist/bench/server.js',
  parser: 'data-plane/dist/bench/parser.js',
  tiering: 'data-plane/dist/bench/tiering.js',
  keyspace: 'data-plane/dist/bench/keyspace.js',
  native: 'native/dist/bench/native.js',
  'control-plane': 'control-plane/dist/bench/control-plane.js',
  workloads: 'data-plane/dist/bench/workloads.js',
};

const [name, ...rest] = process.argv.slice(2);
const root = path.resolve(__dirname, '..');
if (!name || !suites[name]) {
  console.error(`usage: npm run bench -- <${Object.keys(suites).join('|')}> [args]`);
  process.exit(2);
}
const script = path.join(root, suites[name]);
if (!fs.existsSync(script)) {
  console.error(`benchmark '${name}' is not built (${suites[name]} missing): run npm run setup first`);
  process.exit(2);
}
const run = spawnSync(process.execPath, ['--expose-gc', script, ...rest], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
