/**
 * Scripting: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, SCRIPT LOAD/EXISTS/FLUSH/KILL/DEBUG/HELP, and
 * Functions: FCALL, FCALL_RO, FUNCTION LOAD/LIST/DELETE/FLUSH/KILL/STATS/HELP (Redis 7.0
 * semantics). The Lua engine, the script cache, the function libraries and redis.call live in
 * scripting/; these handlers parse arguments and reply.
 */
import { CommandError, Err, subcommandSyntax } from '../protocol/errors';
import { replyHelp } from './help';
import type { Client } from '../server/client';
import { ScriptErr } from '../scripting/engine';
import { dumpFunctions, FnErr, parseFunctionsPayload } from '../scripting/functions';
import { globMatch } from '../util/glob';
import type { CommandSpec, CommandFlag } from './table';

/** numkeys as Redis parses it (a strict integer, not negative, not more than the arguments). */
function parseNumkeys(argv: readonly string[]): number {
  const s = argv[2];
  if (!/^-?(0|[1-9][0-9]{0,18})$/.test(s)) throw new CommandError(Err.notInteger);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new CommandError(Err.notInteger);
  if (n > argv.length - 3) throw new CommandError(Err.numkeysTooMany);
  if (n < 0) throw new CommandError(ScriptErr.numkeysNegative);
  return n;
}

/** Key positions of EVAL-like commands (COMMAND GETKEYS, ACL, the tiering prepare stage). */
function evalKeys(argv: readonly string[]): number[] {
  const n = Number(argv[2]);
  if (!Number.isInteger(n) || n <= 0 || n > argv.length - 3) return [];
  const out: number[] = [];
  for (let i = 3; i < 3 + n; i++) out.push(i);
  return out;
}

// EVAL script numkeys [key ...] [arg ...]
function evalCommand(c: Client, argv: string[]): void {
  const numkeys = parseNumkeys(argv);
  const engine = c.server.scripting;
  engine.run(c, engine.load(argv[1]), argv, numkeys, false);
}

// EVAL_RO script numkeys [key ...] [arg ...]
function evalRo(c: Client, argv: string[]): void {
  const numkeys = parseNumkeys(argv);
  const engine = c.server.scripting;
  engine.run(c, engine.load(argv[1]), argv, numkeys, true);
}

function evalsha(c: Client, argv: string[], readOnly: boolean): void {
  // Redis answers NOSCRIPT for a malformed SHA before it looks at numkeys.
  if (argv[1].length !== 40) throw new CommandError(ScriptErr.noScript);
  const numkeys = parseNumkeys(argv);
  const engine = c.server.scripting;
  const script = engine.get(argv[1]);
  if (script === undefined) throw new CommandError(ScriptErr.noScript);
  engine.run(c, script, argv, numkeys, readOnly);
}

// SCRIPT LOAD script
function scriptLoad(c: Client, argv: string[]): void {
  c.reply.bulk(c.server.scripting.load(argv[2]).sha);
}

// SCRIPT EXISTS sha1 [sha1 ...]
function scriptExists(c: Client, argv: string[]): void {
  const engine = c.server.scripting;
  c.reply.arrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.reply.integer(engine.get(argv[i]) === undefined ? 0 : 1);
}

// SCRIPT FLUSH [ASYNC|SYNC]
function scriptFlush(c: Client, argv: string[]): void {
  if (argv.length > 3) throw new CommandError(ScriptErr.flushOption);
  if (argv.length === 3) {
    const mode = argv[2].toLowerCase();
    if (mode !== 'sync' && mode !== 'async') throw new CommandError(ScriptErr.flushOption);
  }
  c.server.scripting.flush();
  c.reply.ok();
}

// SCRIPT KILL
function scriptKill(c: Client): void {
  c.server.scripting.kill(true);
  c.reply.ok();
}

// SCRIPT DEBUG YES|SYNC|NO
function scriptDebug(c: Client, argv: string[]): void {
  if (c.inMulti) throw new CommandError('ERR SCRIPT DEBUG must be called outside MULTI');
  const mode = argv[2].toLowerCase();
  if (mode === 'no') c.reply.ok();
  else if (mode === 'yes' || mode === 'sync')
    throw new CommandError('ERR SCRIPT DEBUG YES|SYNC is not supported: strata has no Lua debugger');
  else throw new CommandError('ERR Use SCRIPT DEBUG YES/SYNC/NO');
}

const SCRIPT_HELP = [
  'DEBUG (YES|SYNC|NO)',
  '    Set the debug mode for subsequent scripts executed.',
  'EXISTS <sha1> [<sha1> ...]',
  '    Return information about the existence of the scripts in the script cache.',
  'FLUSH [ASYNC|SYNC]',
  '    Flush the Lua scripts cache. Very dangerous on replicas.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the scripts cache.',
  '    * SYNC: Synchronously flush the scripts cache.',
  'KILL',
  '    Kill the currently executing Lua script.',
  'LOAD <script>',
  '    Load a script into the scripts cache without executing it.',
];

// SCRIPT HELP
function scriptHelp(c: Client): void {
  replyHelp(c, 'SCRIPT', SCRIPT_HELP);
}

// ---------------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------------

function isOpt(s: string, name: string): boolean {
  return s.length === name.length && s.toUpperCase() === name;
}

// FCALL function numkeys [key ...] [arg ...] / FCALL_RO
function fcall(c: Client, argv: string[], readOnly: boolean): void {
  const engine = c.server.scripting;
  const fn = engine.functions.get(argv[1].toLowerCase());
  if (fn === undefined) throw new CommandError(FnErr.notFound);
  // getLongLongFromObject: a strict 64-bit integer.
  const s = argv[2];
  if (!/^-?(0|[1-9][0-9]{0,18})$/.test(s) || !Number.isSafeInteger(Number(s)))
    throw new CommandError(FnErr.badNumkeys);
  const numkeys = Number(s);
  if (numkeys > argv.length - 3) throw new CommandError(Err.numkeysTooMany);
  if (numkeys < 0) throw new CommandError(ScriptErr.numkeysNegative);
  engine.runFunction(c, fn, argv, numkeys, readOnly);
}

// FUNCTION LOAD [REPLACE] function-code
function functionLoad(c: Client, argv: string[]): void {
  let replace = false;
  let i = 2;
  while (i < argv.length - 1) {
    const opt = argv[i++];
    if (isOpt(opt, 'REPLACE')) replace = true;
    else throw new CommandError(`ERR Unknown option given: ${opt}`);
  }
  if (i >= argv.length) throw new CommandError(FnErr.codeMissing);
  const name = c.server.scripting.loadLibrary(argv[i], replace);
  c.server.dirty++;
  c.reply.bulk(name);
}

// FUNCTION LIST [LIBRARYNAME library-name-pattern] [WITHCODE]
function functionList(c: Client, argv: string[]): void {
  let withCode = false;
  let pattern: string | undefined;
  for (let i = 2; i < argv.length; i++) {
    if (!withCode && isOpt(argv[i], 'WITHCODE')) {
      withCode = true;
    } else if (pattern === undefined && isOpt(argv[i], 'LIBRARYNAME')) {
      if (i >= argv.length - 1) throw new CommandError('ERR library name argument was not given');
      pattern = argv[++i];
    } else {
      throw new CommandError(`ERR Unknown argument ${argv[i]}`);
    }
  }
  const libs = [...c.server.scripting.libraries.values()].filter(
    (l) => pattern === undefined || globMatch(pattern, l.name, true),
  );
  const r = c.reply;
  r.arrayLen(libs.length);
  for (const lib of libs) {
    r.mapLen(withCode ? 4 : 3);
    r.bulk('library_name');
    r.bulk(lib.name);
    r.bulk('engine');
    r.bulk(lib.engine);
    r.bulk('functions');
    r.arrayLen(lib.functions.size);
    for (const fn of lib.functions.values()) {
      r.mapLen(3);
      r.bulk('name');
      r.bulk(fn.name);
      r.bulk('description');
      if (fn.description === null) r.nullBulk();
      else r.bulk(fn.description);
      r.bulk('flags');
      r.setLen(fn.flagNames.length);
      for (const f of fn.flagNames) r.status(f);
    }
    if (withCode) {
      r.bulk('library_code');
      r.bulk(lib.code);
    }
  }
}

// FUNCTION DELETE library-name
function functionDelete(c: Client, argv: string[]): void {
  if (!c.server.scripting.deleteLibrary(argv[2])) throw new CommandError(FnErr.libraryNotFound);
  c.server.dirty++;
  c.reply.ok();
}

// FUNCTION FLUSH [ASYNC|SYNC]
function functionFlush(c: Client, argv: string[]): void {
  if (argv.length > 3) throw new CommandError(subcommandSyntax('FUNCTION', argv[1]));
  if (argv.length === 3 && !isOpt(argv[2], 'SYNC') && !isOpt(argv[2], 'ASYNC'))
    throw new CommandError(FnErr.flushOption);
  c.server.scripting.flushFunctions();
  c.server.dirty++;
  c.reply.ok();
}

// FUNCTION KILL
function functionKill(c: Client): void {
  c.server.scripting.kill(false);
  c.reply.ok();
}

// FUNCTION STATS
function functionStats(c: Client): void {
  const engine = c.server.scripting;
  const running = engine.running;
  if (running !== null && running.fn === null) throw new CommandError(ScriptErr.busy);
  const r = c.reply;
  r.mapLen(2);
  r.bulk('running_script');
  if (running === null) r.nullBulk();
  else {
    r.mapLen(3);
    r.bulk('name');
    r.bulk(running.fn!.name);
    r.bulk('command');
    r.arrayLen(running.argv.length);
    for (const a of running.argv) r.bulk(a);
    r.bulk('duration_ms');
    r.integer(running.durationMs);
  }
  r.bulk('engines');
  r.mapLen(1);
  r.bulk('LUA');
  r.mapLen(2);
  r.bulk('libraries_count');
  r.integer(engine.libraries.size);
  r.bulk('functions_count');
  r.integer(engine.functions.size);
}

// FUNCTION DUMP
function functionDump(c: Client): void {
  c.reply.bulk(dumpFunctions(c.server.scripting.libraryCodes()));
}

// FUNCTION RESTORE serialized-value [FLUSH|APPEND|REPLACE]
function functionRestore(c: Client, argv: string[]): void {
  if (argv.length > 4) throw new CommandError(subcommandSyntax('FUNCTION', argv[1]));
  let policy: 'flush' | 'append' | 'replace' = 'append';
  if (argv.length === 4) {
    const p = argv[3].toLowerCase();
    if (p === 'flush' || p === 'append' || p === 'replace') policy = p;
    else
      throw new CommandError(
        'ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.',
      );
  }
  const codes = parseFunctionsPayload(argv[2]);
  if (!Array.isArray(codes)) throw new CommandError(codes.error);
  c.server.scripting.restoreLibraries(codes, policy);
  c.server.dirty++;
  c.reply.ok();
}

const FUNCTION_HELP = [
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
];

// FUNCTION HELP
function functionHelp(c: Client): void {
  replyHelp(c, 'FUNCTION', FUNCTION_HELP);
}

function functionSub(
  name: string,
  arity: number,
  flags: CommandFlag[],
  summary: string,
  complexity: string,
  handler: (c: Client, argv: string[]) => void,
): CommandSpec {
  return {
    name: 'function|' + name,
    arity,
    flags,
    acl: ['scripting'],
    group: 'scripting',
    summary,
    since: '7.0.0',
    complexity,
    handler,
  };
}

const FCALL_FLAGS: CommandFlag[] = [
  'noscript',
  'skip_monitor',
  'may_replicate',
  'no_mandatory_keys',
  'stale',
  'movablekeys',
];
const FCALL_RO_FLAGS: CommandFlag[] = [
  'noscript',
  'skip_monitor',
  'no_mandatory_keys',
  'stale',
  'readonly',
  'movablekeys',
];

const EVAL_FLAGS: CommandFlag[] = ['noscript', 'stale', 'skip_monitor', 'no_mandatory_keys', 'movablekeys'];
const EVAL_RO_FLAGS: CommandFlag[] = ['readonly', ...EVAL_FLAGS];

function scriptSub(
  name: string,
  arity: number,
  flags: CommandFlag[],
  summary: string,
  since: string,
  complexity: string,
  handler: (c: Client, argv: string[]) => void,
): CommandSpec {
  return {
    name: 'script|' + name,
    arity,
    flags,
    acl: ['scripting'],
    group: 'scripting',
    summary,
    since,
    complexity,
    handler,
  };
}

export const scriptingCommands: CommandSpec[] = [
  {
    name: 'fcall',
    arity: -3,
    flags: FCALL_FLAGS,
    getKeys: evalKeys,
    acl: ['scripting'],
    group: 'scripting',
    summary: 'Invoke a function',
    since: '7.0.0',
    complexity: 'Depends on the function that is executed.',
    handler: (c, argv) => fcall(c, argv, false),
  },
  {
    name: 'fcall_ro',
    arity: -3,
    flags: FCALL_RO_FLAGS,
    getKeys: evalKeys,
    acl: ['scripting'],
    group: 'scripting',
    summary: 'Invoke a read-only function',
    since: '7.0.0',
    complexity: 'Depends on the function that is executed.',
    handler: (c, argv) => fcall(c, argv, true),
  },
  {
    name: 'function',
    arity: -2,
    flags: [],
    acl: [],
    group: 'scripting',
    summary: 'A container for function commands',
    since: '7.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      functionSub('delete', 3, ['noscript', 'write'], 'Delete a function by name', 'O(1)', functionDelete),
      functionSub(
        'dump',
        2,
        ['noscript'],
        'Dump all functions into a serialized binary payload',
        'O(N) where N is the number of functions',
        functionDump,
      ),
      functionSub(
        'flush',
        -2,
        ['noscript', 'write'],
        'Deleting all functions',
        'O(N) where N is the number of functions deleted',
        functionFlush,
      ),
      functionSub(
        'help',
        2,
        ['loading', 'stale'],
        'Show helpful text about the different subcommands',
        'O(1)',
        functionHelp,
      ),
      functionSub(
        'kill',
        2,
        ['noscript', 'allow_busy'],
        'Kill the function currently in execution.',
        'O(1)',
        functionKill,
      ),
      functionSub(
        'list',
        -2,
        ['noscript'],
        'List information about all the functions',
        'O(N) where N is the number of functions',
        functionList,
      ),
      functionSub(
        'load',
        -3,
        ['noscript', 'write', 'denyoom'],
        'Create a function with the given arguments (name, code, description)',
        'O(1) (considering compilation time is redundant)',
        functionLoad,
      ),
      functionSub(
        'restore',
        -3,
        ['noscript', 'write', 'denyoom'],
        'Restore all the functions on the given payload',
        'O(N) where N is the number of functions on the payload',
        functionRestore,
      ),
      functionSub(
        'stats',
        2,
        ['noscript', 'allow_busy'],
        'Return information about the function currently running (name, description, duration)',
        'O(1)',
        functionStats,
      ),
    ],
  },
  {
    name: 'eval',
    arity: -3,
    flags: EVAL_FLAGS,
    getKeys: evalKeys,
    acl: ['scripting'],
    group: 'scripting',
    summary: 'Execute a Lua script server side',
    since: '2.6.0',
    complexity: 'Depends on the script that is executed.',
    handler: evalCommand,
  },
  {
    name: 'evalsha',
    arity: -3,
    flags: EVAL_FLAGS,
    getKeys: evalKeys,
    acl: ['scripting'],
    group: 'scripting',
    summary: 'Execute a Lua script server side',
    since: '2.6.0',
    complexity: 'Depends on the script that is executed.',
    handler: (c, argv) => evalsha(c, argv, false),
  },
  {
    name: 'eval_ro',
    arity: -3,
    flags: EVAL_RO_FLAGS,
    getKeys: evalKeys,
    acl: ['scripting'],
    group: 'scripting',
    summary: 'Execute a read-only Lua script server side',
    since: '7.0.0',
    complexity: 'Depends on the script that is executed.',
    handler: evalRo,
  },
  {
    name: 'evalsha_ro',
    arity: -3,
    flags: EVAL_RO_FLAGS,
    getKeys: evalKeys,
    acl: ['scripting'],
    group: 'scripting',
    summary: 'Execute a read-only Lua script server side',
    since: '7.0.0',
    complexity: 'Depends on the script that is executed.',
    handler: (c, argv) => evalsha(c, argv, true),
  },
  {
    name: 'script',
    arity: -2,
    flags: [],
    acl: [],
    group: 'scripting',
    summary: 'A container for Lua scripts management commands',
    since: '2.6.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      scriptSub(
        'debug',
        3,
        ['noscript'],
        'Set the debug mode for executed scripts.',
        '3.2.0',
        'O(1)',
        scriptDebug,
      ),
      scriptSub(
        'exists',
        -3,
        ['noscript'],
        'Check existence of scripts in the script cache.',
        '2.6.0',
        'O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).',
        scriptExists,
      ),
      scriptSub(
        'flush',
        -2,
        ['noscript'],
        'Remove all the scripts from the script cache.',
        '2.6.0',
        'O(N) with N being the number of scripts in cache',
        scriptFlush,
      ),
      scriptSub(
        'help',
        2,
        ['loading', 'stale'],
        'Show helpful text about the different subcommands',
        '5.0.0',
        'O(1)',
        scriptHelp,
      ),
      scriptSub(
        'kill',
        2,
        ['noscript', 'allow_busy'],
        'Kill the script currently in execution.',
        '2.6.0',
        'O(1)',
        scriptKill,
      ),
      scriptSub(
        'load',
        3,
        ['noscript', 'stale'],
        'Load the specified Lua script into the script cache.',
        '2.6.0',
        'O(N) with N being the length in bytes of the script body.',
        scriptLoad,
      ),
    ],
  },
];
