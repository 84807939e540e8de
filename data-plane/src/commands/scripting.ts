/**
 * Scripting: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT LOAD/EXISTS/FLUSH/KILL/DEBUG/HELP
 * (Redis 7.0 semantics). The Lua engine, the script cache and redis.call live in
 * scripting/engine.ts; these handlers parse arguments and reply.
 */
import { CommandError, Err } from '../protocol/errors';
import type { Client } from '../server/client';
import { ScriptErr } from '../scripting/engine';
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
  c.server.scripting.kill();
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
  'SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
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
  'HELP',
  '    Prints this help.',
];

// SCRIPT HELP
function scriptHelp(c: Client): void {
  c.reply.arrayLen(SCRIPT_HELP.length);
  for (const l of SCRIPT_HELP) c.reply.status(l);
}

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
