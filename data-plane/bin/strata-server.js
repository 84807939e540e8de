#!/usr/bin/env node
'use strict';
// The young generation starts small and may only grow as the server allows (src/server/heap.ts: a
// bound for servers with tiering; the default growth is given back otherwise). Set before anything
// allocates; node flags given explicitly win.
const heapFlags = /^--(max|min)[-_]semi[-_]space[-_]size|^--semi[-_]space[-_]growth[-_]factor/;
const given = [...process.execArgv, ...(process.env.NODE_OPTIONS || '').split(/\s+/)].some((a) =>
  heapFlags.test(a),
);
if (!given) require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
require('../dist/server/main.js').main(process.argv.slice(2));
