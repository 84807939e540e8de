#!/usr/bin/env node
// Builds the addon with node-gyp: `configure` only when build/ is missing, then an incremental `build`.
// Uses the running Node's own headers (<prefix>/include/node) when present, so nothing is downloaded.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const pkg = path.resolve(__dirname, '..');
const gyp = require.resolve('node-gyp/bin/node-gyp.js');
const prefix = path.resolve(path.dirname(process.execPath), '..');
const nodedir = fs.existsSync(path.join(prefix, 'include', 'node', 'common.gypi'))
  ? [`--nodedir=${prefix}`]
  : [];

function run(args) {
  const r = spawnSync(process.execPath, [gyp, ...args, ...nodedir], { cwd: pkg, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!fs.existsSync(path.join(pkg, 'build', 'Makefile'))) run(['configure', '--loglevel=warn']);
run(['build', '-j', '2', '--loglevel=warn']);
