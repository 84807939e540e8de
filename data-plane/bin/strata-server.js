#!/usr/bin/env node
'use strict';
require('../dist/server/main.js').main(process.argv.slice(2));
