/**
 * Server commands: CONFIG, INFO, COMMAND, DBSIZE, FLUSHDB, FLUSHALL, SHUTDOWN, TIME.
 */
import os from 'node:os';
import { CommandError, Err, unknownSubcommand } from '../protocol/errors';
import { helpHandler } from './help';
import type { Client } from '../server/client';
import { Notifier } from '../server/notify';
import { globMatch } from '../util/glob';
import { isOpt } from './args';
import { aclCategories, keyPositions, keyRange, type CommandFlag, type CommandSpec } from './table';

// ---------------------------------------------------------------------------------------------------
// CONFIG
// ---------------------------------------------------------------------------------------------------

// CONFIG GET parameter [parameter ...]
function configGet(c: Client, argv: string[]): void {
  const out = new Map<string, string>();
  for (const pattern of argv.slice(2)) {
    for (const [name, value] of c.server.config.matching(pattern.toLowerCase(), (p, s) =>
      globMatch(p, s, true),
    )) {
      out.set(name, name === 'notify-keyspace-events' ? Notifier.canonical(value) : value);
    }
  }
  c.reply.mapLen(out.size);
  for (const [name, value] of out) {
    c.reply.bulk(name);
    c.reply.bulk(value);
  }
}

// CONFIG SET parameter value [parameter value ...]
function configSet(c: Client, argv: string[]): void {
  if (argv.length % 2 !== 0) throw new CommandError(`ERR wrong number of arguments for 'config|set' command`);
  const pairs: [string, string][] = [];
  for (let i = 2; i < argv.length; i += 2) {
    pairs.push([argv[i], argv[i + 1]]);
    // Like Redis's redactClientCommandArgument: SLOWLOG and MONITOR see "(redacted)" for secrets.
    if (c.server.config.def(argv[i])?.sensitive) argv[i + 1] = '(redacted)';
  }
  const err = c.server.config.setMany(pairs);
  if (err) throw new CommandError(err);
  c.reply.ok();
}

// CONFIG RESETSTAT
function configResetStat(c: Client): void {
  c.server.stats.reset();
  c.server.keyspace.hits = 0;
  c.server.keyspace.misses = 0;
  c.server.keyspace.expiredKeys = 0;
  c.reply.ok();
}

// CONFIG REWRITE
function configRewrite(_c: Client): void {
  throw new CommandError('ERR The server is running without a config file');
}

// ---------------------------------------------------------------------------------------------------
// INFO
// ---------------------------------------------------------------------------------------------------

export type InfoSection = (c: Client) => [string, string | number][];

/** Sections in Redis's order; families may add more (e.g. "tiered") through registerInfoSection. */
const sections = new Map<string, InfoSection>();
const DEFAULT_SECTIONS = [
  'server',
  'clients',
  'memory',
  'persistence',
  'stats',
  'replication',
  'cpu',
  'modules',
  'errorstats',
  'cluster',
  'keyspace',
];
const EXTRA_SECTIONS = ['commandstats', 'latencystats'];

export function registerInfoSection(name: string, fn: InfoSection, inDefault = true): void {
  sections.set(name, fn);
  if (inDefault && !DEFAULT_SECTIONS.includes(name)) DEFAULT_SECTIONS.push(name);
}

function human(bytes: number): string {
  const units = ['B', 'K', 'M', 'G', 'T', 'P'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${bytes}B` : `${v.toFixed(2)}${units[i]}`;
}

registerInfoSection('server', (c) => {
  const s = c.server;
  const uptime = Math.floor((Date.now() - s.startedAt) / 1000);
  const port = (c.socket.localPort ?? s.config.num('port')) as number;
  return [
    ['redis_version', '7.0.15'],
    ['strata_version', '0.1.0'],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', '0'],
    ['redis_mode', 'standalone'],
    ['os', `${os.type()} ${os.release()} ${os.arch()}`],
    ['arch_bits', 64],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', 'epoll'],
    ['atomicvar_api', 'c11-builtin'],
    ['gcc_version', '0.0.0'],
    ['process_id', process.pid],
    ['process_supervised', 'no'],
    ['run_id', s.runId],
    ['tcp_port', port],
    ['server_time_usec', Date.now() * 1000],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / 86400)],
    ['hz', s.config.num('hz')],
    ['configured_hz', s.config.num('hz')],
    ['lru_clock', s.keyspace.lruClock & 0xffffff],
    ['executable', process.argv[1] ?? ''],
    ['config_file', ''],
    ['io_threads_active', 0],
    ['node_version', process.version],
  ];
});

registerInfoSection('clients', (c) => {
  const s = c.server;
  let maxIn = 0;
  let maxOut = 0;
  let pubsub = 0;
  let watching = 0;
  for (const cl of s.clients.values()) {
    maxIn = Math.max(maxIn, cl.parser.pendingBytes);
    maxOut = Math.max(maxOut, cl.socket.writableLength);
    if (cl.subscriptionCount > 0) pubsub++;
    if (cl.watched.length > 0) watching++;
  }
  return [
    ['connected_clients', s.clients.size],
    ['cluster_connections', 0],
    ['maxclients', s.config.num('maxclients')],
    ['client_recent_max_input_buffer', maxIn],
    ['client_recent_max_output_buffer', maxOut],
    ['blocked_clients', s.blocking.count],
    ['tracking_clients', 0],
    ['pubsub_clients', pubsub],
    ['watching_clients', watching],
    ['clients_in_timeout_table', s.blocking.count],
    ['total_watched_keys', s.watch.size],
  ];
});

registerInfoSection('memory', (c) => {
  const s = c.server;
  const used = s.usedMemory();
  const mem = process.memoryUsage();
  const dataset = s.keyspace.dataBytes + s.keyspace.overheadBytes();
  const maxmemory = s.maxmemory;
  const lua = s.scripting.luaHeapBytes();
  const scripts = s.scripting.cacheBytes;
  const functions = s.scripting.functionsBytes();
  return [
    ['used_memory', used],
    ['used_memory_human', human(used)],
    ['used_memory_rss', mem.rss],
    ['used_memory_rss_human', human(mem.rss)],
    ['used_memory_peak', s.peakMemory],
    ['used_memory_peak_human', human(s.peakMemory)],
    ['used_memory_peak_perc', `${((used / Math.max(1, s.peakMemory)) * 100).toFixed(2)}%`],
    ['used_memory_overhead', used - s.keyspace.dataBytes],
    ['used_memory_startup', s.baseline],
    ['used_memory_dataset', dataset],
    ['used_memory_dataset_perc', `${((dataset / Math.max(1, used)) * 100).toFixed(2)}%`],
    ['used_memory_heap', mem.heapUsed],
    ['used_memory_external', mem.external],
    ['total_system_memory', os.totalmem()],
    ['total_system_memory_human', human(os.totalmem())],
    // Scripting (Redis 7.0 names). EVAL scripts and FUNCTION libraries share one Lua state here:
    // its whole heap is reported as used_memory_vm_eval, used_memory_vm_functions is 0.
    ['used_memory_lua', lua],
    ['used_memory_vm_eval', lua],
    ['used_memory_lua_human', human(lua)],
    ['used_memory_scripts_eval', scripts],
    ['number_of_cached_scripts', s.scripting.cachedScripts],
    ['number_of_functions', s.scripting.functions.size],
    ['number_of_libraries', s.scripting.libraries.size],
    ['used_memory_vm_functions', 0],
    ['used_memory_vm_total', lua],
    ['used_memory_vm_total_human', human(lua)],
    ['used_memory_functions', functions],
    ['used_memory_scripts', scripts + functions],
    ['used_memory_scripts_human', human(scripts + functions)],
    ['maxmemory', maxmemory],
    ['maxmemory_human', human(maxmemory)],
    ['maxmemory_policy', s.config.get('maxmemory-policy')],
    ['mem_fragmentation_ratio', (mem.rss / Math.max(1, used)).toFixed(2)],
    ['mem_allocator', 'v8'],
    ['lazyfree_pending_objects', 0],
  ];
});

registerInfoSection('persistence', (c) => [
  ['loading', 0],
  ['async_loading', 0],
  // Nothing is ever saved (SAVE/BGSAVE answer an error): changes since start, start time as LASTSAVE.
  ['rdb_changes_since_last_save', c.server.dirty],
  ['rdb_bgsave_in_progress', 0],
  ['rdb_last_save_time', Math.floor(c.server.startedAt / 1000)],
  ['rdb_last_bgsave_status', 'ok'],
  ['aof_enabled', 0],
  ['aof_rewrite_in_progress', 0],
  ['aof_rewrite_scheduled', 0],
  ['aof_last_bgrewrite_status', 'ok'],
  ['aof_last_write_status', 'ok'],
  ['module_fork_in_progress', 0],
]);

registerInfoSection('stats', (c) => {
  const s = c.server;
  const ks = s.keyspace;
  return [
    ['total_connections_received', s.stats.connectionsReceived],
    ['total_commands_processed', s.stats.commandsProcessed],
    ['instantaneous_ops_per_sec', s.stats.instantaneousOps],
    ['total_net_input_bytes', s.stats.netInputBytes],
    ['total_net_output_bytes', s.stats.netOutputBytes],
    ['rejected_connections', s.stats.rejectedConnections],
    ['expired_keys', ks.expiredKeys],
    ['expired_stale_perc', ks.expiredStalePerc.toFixed(2)],
    ['evicted_keys', s.stats.evictedKeys],
    ['keyspace_hits', ks.hits],
    ['keyspace_misses', ks.misses],
    ['pubsub_channels', s.pubsub.channels.size],
    ['pubsub_patterns', s.pubsub.patterns.size],
    ['pubsubshard_channels', s.pubsub.shardChannels.size],
    ['total_error_replies', s.stats.errorReplies],
    ['dirty', s.dirty],
    // Strata-specific: how long the event loop was held (GC pauses included) since start or RESETSTAT.
    ['eventloop_delay_p99_ms', (s.stats.loopDelay.percentile(99) / 1e6).toFixed(2)],
    ['eventloop_delay_max_ms', (s.stats.loopDelay.max / 1e6).toFixed(2)],
    // Strata-specific: pipelined input continued in a later turn (server.ts, TURN_SLICE_MS).
    ['client_input_deferrals', s.stats.inputDeferrals],
  ];
});

registerInfoSection('replication', (c) => [
  ['role', 'master'],
  ['connected_slaves', 0],
  ['master_failover_state', 'no-failover'],
  ['master_replid', c.server.runId],
  ['master_replid2', '0000000000000000000000000000000000000000'],
  ['master_repl_offset', 0],
  ['second_repl_offset', -1],
  ['repl_backlog_active', 0],
]);

registerInfoSection('cpu', () => {
  const u = process.cpuUsage();
  return [
    ['used_cpu_sys', (u.system / 1e6).toFixed(6)],
    ['used_cpu_user', (u.user / 1e6).toFixed(6)],
  ];
});

registerInfoSection('modules', () => []);
registerInfoSection('cluster', () => [['cluster_enabled', 0]]);

registerInfoSection('errorstats', (c) =>
  [...c.server.stats.errors].map(([code, n]) => [`errorstat_${code}`, `count=${n}`] as [string, string]),
);

registerInfoSection(
  'commandstats',
  (c) =>
    [...c.server.stats.commands].map(([name, st]) => [
      `cmdstat_${name}`,
      `calls=${st.calls},usec=${Math.round(st.usec)},usec_per_call=${(st.calls ? st.usec / st.calls : 0).toFixed(2)},rejected_calls=${st.rejectedCalls},failed_calls=${st.failedCalls}`,
    ]) as [string, string][],
  false,
);

registerInfoSection('keyspace', (c) =>
  c.server.keyspace.dbs
    .filter((db) => db.size > 0)
    .map(
      (db) => [`db${db.index}`, `keys=${db.size},expires=${db.volatileSize},avg_ttl=0`] as [string, string],
    ),
);

/** Builds INFO text for the requested section names (Redis's default/all/everything rules). */
export function infoText(c: Client, args: string[]): string {
  let names: string[];
  const lower = args.map((a) => a.toLowerCase());
  if (lower.length === 0 || lower.includes('default')) names = [...DEFAULT_SECTIONS];
  else names = [];
  if (lower.includes('all') || lower.includes('everything')) {
    names = [...DEFAULT_SECTIONS, ...EXTRA_SECTIONS.filter((s) => sections.has(s))];
  }
  for (const a of lower) if (sections.has(a) && !names.includes(a)) names.push(a);
  let out = '';
  for (const name of names) {
    const fn = sections.get(name);
    if (!fn) continue;
    if (out.length > 0) out += '\r\n';
    out += `# ${name === 'errorstats' ? 'Errorstats' : name[0].toUpperCase() + name.slice(1)}\r\n`;
    for (const [k, v] of fn(c)) out += `${k}:${v}\r\n`;
  }
  return out;
}

// INFO [section [section ...]]
function info(c: Client, argv: string[]): void {
  c.reply.verbatim(infoText(c, argv.slice(1)));
}

// ---------------------------------------------------------------------------------------------------
// COMMAND
// ---------------------------------------------------------------------------------------------------

/** COMMAND INFO's flags in Redis's order; like Redis it hides may_replicate. */
const INFO_FLAGS: readonly CommandFlag[] = [
  'write',
  'readonly',
  'denyoom',
  'admin',
  'pubsub',
  'noscript',
  'blocking',
  'loading',
  'stale',
  'skip_monitor',
  'skip_slowlog',
  'fast',
  'no_auth',
  'no_mandatory_keys',
  'no_multi',
  'movablekeys',
  'allow_busy',
];

function replyCommandInfo(c: Client, spec: CommandSpec): void {
  const r = keyRange(spec);
  c.reply.arrayLen(10);
  c.reply.bulk(spec.name);
  c.reply.integer(spec.arity);
  const flags = INFO_FLAGS.filter((f) => spec.flags.includes(f));
  c.reply.setLen(flags.length);
  for (const f of flags) c.reply.status(f);
  c.reply.integer(r.first);
  c.reply.integer(r.last);
  c.reply.integer(r.step);
  const cats = aclCategories(spec);
  c.reply.setLen(cats.length);
  for (const cat of cats) c.reply.status('@' + cat);
  c.reply.setLen(0); // tips
  // key specs
  if (r.first > 0) {
    c.reply.arrayLen(1);
    c.reply.mapLen(3);
    c.reply.bulk('flags');
    c.reply.setLen(0);
    c.reply.bulk('begin_search');
    c.reply.mapLen(2);
    c.reply.bulk('type');
    c.reply.bulk('index');
    c.reply.bulk('spec');
    c.reply.mapLen(1);
    c.reply.bulk('index');
    c.reply.integer(r.first);
    c.reply.bulk('find_keys');
    c.reply.mapLen(2);
    c.reply.bulk('type');
    c.reply.bulk('range');
    c.reply.bulk('spec');
    c.reply.mapLen(3);
    c.reply.bulk('lastkey');
    c.reply.integer(r.last < 0 ? r.last : r.last - r.first);
    c.reply.bulk('keystep');
    c.reply.integer(r.step);
    c.reply.bulk('limit');
    c.reply.integer(0);
  } else {
    c.reply.arrayLen(0);
  }
  const subs = spec.subcommands ?? [];
  c.reply.arrayLen(subs.length);
  for (const sub of subs) replyCommandInfo(c, sub);
}

function replyCommandDocs(c: Client, spec: CommandSpec): void {
  const subs = spec.subcommands ?? [];
  const n = 3 + (spec.complexity ? 1 : 0) + (subs.length ? 1 : 0);
  c.reply.mapLen(n);
  c.reply.bulk('summary');
  c.reply.bulk(spec.summary);
  c.reply.bulk('since');
  c.reply.bulk(spec.since);
  c.reply.bulk('group');
  c.reply.bulk(spec.group);
  if (spec.complexity) {
    c.reply.bulk('complexity');
    c.reply.bulk(spec.complexity);
  }
  if (subs.length) {
    c.reply.bulk('subcommands');
    c.reply.mapLen(subs.length);
    for (const sub of subs) {
      c.reply.bulk(sub.name);
      replyCommandDocs(c, sub);
    }
  }
}

function findCommand(c: Client, name: string): CommandSpec | undefined {
  const lower = name.toLowerCase();
  const bar = lower.indexOf('|');
  if (bar >= 0) return c.server.commands.subcommand(lower.slice(0, bar), lower.slice(bar + 1));
  return c.server.commands.get(lower);
}

// COMMAND
function command(c: Client): void {
  const all = c.server.commands.all();
  c.reply.arrayLen(all.length);
  for (const spec of all) replyCommandInfo(c, spec);
}

// COMMAND COUNT
function commandCount(c: Client): void {
  c.reply.integer(c.server.commands.size);
}

// COMMAND INFO [command-name ...]
function commandInfo(c: Client, argv: string[]): void {
  const names = argv.length > 2 ? argv.slice(2) : c.server.commands.all().map((s) => s.name);
  c.reply.arrayLen(names.length);
  for (const n of names) {
    const spec = findCommand(c, n);
    if (spec) replyCommandInfo(c, spec);
    else c.reply.nullArray();
  }
}

// COMMAND DOCS [command-name ...]
function commandDocs(c: Client, argv: string[]): void {
  const specs = (
    argv.length > 2 ? argv.slice(2).map((n) => findCommand(c, n)) : c.server.commands.all()
  ).filter((s): s is CommandSpec => s !== undefined);
  c.reply.mapLen(specs.length);
  for (const spec of specs) {
    c.reply.bulk(spec.name);
    replyCommandDocs(c, spec);
  }
}

// COMMAND GETKEYS command [arg ...]
function commandGetKeys(c: Client, argv: string[]): void {
  const sub = argv.slice(2);
  let spec = c.server.commands.get(sub[0].toLowerCase());
  if (!spec) throw new CommandError('ERR Invalid command specified');
  if (spec.subcommands && sub.length > 1)
    spec = c.server.commands.subcommand(spec.name, sub[1].toLowerCase()) ?? spec;
  if ((spec.arity > 0 && sub.length !== spec.arity) || sub.length < -spec.arity)
    throw new CommandError('ERR Invalid number of arguments specified for command');
  const pos = keyPositions(spec, sub);
  if (pos.length === 0) throw new CommandError('ERR The command has no key arguments');
  c.reply.arrayLen(pos.length);
  for (const p of pos) c.reply.bulk(sub[p]);
}

// COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]
// Subcommands are listed too, as "container|sub" after their container (Redis 7.0).
function commandList(c: Client, argv: string[]): void {
  let specs = c.server.commands.all().flatMap((s) => [s, ...(s.subcommands ?? [])]);
  if (argv.length === 5 && isOpt(argv[2], 'FILTERBY')) {
    const kind = argv[3].toUpperCase();
    const val = argv[4];
    if (kind === 'PATTERN') specs = specs.filter((s) => globMatch(val, s.name, true));
    else if (kind === 'ACLCAT') specs = specs.filter((s) => aclCategories(s).includes(val.toLowerCase()));
    else if (kind === 'MODULE') specs = [];
    else throw new CommandError(Err.syntax);
  } else if (argv.length !== 2) {
    throw new CommandError(Err.syntax);
  }
  c.reply.bulkArray(specs.map((s) => s.name));
}

// ---------------------------------------------------------------------------------------------------
// Keyspace-wide
// ---------------------------------------------------------------------------------------------------

// DBSIZE
function dbsize(c: Client): void {
  c.reply.integer(c.db.size);
}

function flushMode(argv: string[]): void {
  if (argv.length > 2 || (argv.length === 2 && !isOpt(argv[1], 'SYNC') && !isOpt(argv[1], 'ASYNC')))
    throw new CommandError(Err.syntax);
}

// FLUSHDB [ASYNC | SYNC]
function flushdb(c: Client, argv: string[]): void {
  flushMode(argv);
  c.server.watch.touchDb(c.db.index);
  c.db.flush();
  c.server.blocking.dbChanged(c.db.index);
  c.server.dirty++;
  c.reply.ok();
}

// FLUSHALL [ASYNC | SYNC]
function flushall(c: Client, argv: string[]): void {
  flushMode(argv);
  for (const db of c.server.keyspace.dbs) {
    if (db.size > 0) c.server.watch.touchDb(db.index);
    db.flush();
    c.server.blocking.dbChanged(db.index);
  }
  c.server.dirty++;
  c.reply.ok();
}

// SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]
function shutdown(c: Client, argv: string[]): void {
  for (const a of argv.slice(1)) {
    if (!['NOSAVE', 'SAVE', 'NOW', 'FORCE', 'ABORT'].includes(a.toUpperCase()))
      throw new CommandError(Err.syntax);
  }
  if (argv.slice(1).some((a) => isOpt(a, 'ABORT'))) throw new CommandError('ERR No shutdown in progress.');
  c.server.requestShutdown();
}

// TIME
function time(c: Client): void {
  const now = Date.now();
  c.reply.arrayLen(2);
  c.reply.bulk(String(Math.floor(now / 1000)));
  c.reply.bulk(String((now % 1000) * 1000 + Math.floor((performance.now() * 1000) % 1000)));
}

const CONFIG_HELP = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];

const COMMAND_HELP = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
];

const sub = (
  container: string,
  name: string,
  arity: number,
  flags: CommandSpec['flags'],
  summary: string,
  handler: CommandSpec['handler'],
  acl: string[] = [],
): CommandSpec => ({
  name: `${container}|${name}`,
  arity,
  flags,
  acl,
  group: 'server',
  summary,
  since: '2.0.0',
  handler,
});

export const serverAdminCommands: CommandSpec[] = [
  {
    name: 'config',
    arity: -2,
    flags: [],
    acl: [],
    group: 'server',
    summary: 'A container for server configuration commands',
    since: '2.0.0',
    subcommands: [
      sub(
        'config',
        'get',
        -3,
        ['admin', 'noscript', 'loading', 'stale'],
        'Get the values of configuration parameters',
        configGet,
      ),
      sub(
        'config',
        'set',
        -4,
        ['admin', 'noscript', 'loading', 'stale'],
        'Set configuration parameters to the given values',
        configSet,
      ),
      sub(
        'config',
        'resetstat',
        2,
        ['admin', 'noscript', 'loading', 'stale'],
        'Reset the stats returned by INFO',
        configResetStat,
      ),
      sub(
        'config',
        'rewrite',
        2,
        ['admin', 'noscript', 'loading', 'stale'],
        'Rewrite the configuration file',
        configRewrite,
      ),
      sub(
        'config',
        'help',
        2,
        ['loading', 'stale'],
        'Show helpful text about the different subcommands',
        helpHandler('CONFIG', CONFIG_HELP),
      ),
    ],
  },
  {
    name: 'info',
    arity: -1,
    flags: ['loading', 'stale'],
    acl: ['dangerous'],
    group: 'server',
    summary: 'Get information and statistics about the server',
    since: '1.0.0',
    handler: info,
  },
  {
    name: 'command',
    arity: -1,
    flags: ['loading', 'stale'],
    acl: ['connection'],
    group: 'server',
    summary: 'Get array of Redis command details',
    since: '2.8.13',
    handler: command,
    subcommands: [
      sub('command', 'count', 2, ['loading', 'stale'], 'Get total number of Redis commands', commandCount, [
        'connection',
      ]),
      sub(
        'command',
        'info',
        -2,
        ['loading', 'stale'],
        'Get array of specific Redis command details, or all when no argument is given.',
        commandInfo,
        ['connection'],
      ),
      sub(
        'command',
        'docs',
        -2,
        ['loading', 'stale'],
        'Get array of specific Redis command documentation',
        commandDocs,
        ['connection'],
      ),
      sub(
        'command',
        'getkeys',
        -3,
        ['loading', 'stale'],
        'Extract keys given a full Redis command',
        commandGetKeys,
        ['connection'],
      ),
      sub('command', 'list', -2, ['loading', 'stale'], 'Get an array of Redis command names', commandList, [
        'connection',
      ]),
      sub(
        'command',
        'help',
        2,
        ['loading', 'stale'],
        'Show helpful text about the different subcommands',
        helpHandler('COMMAND', COMMAND_HELP),
        ['connection'],
      ),
    ],
  },
  {
    name: 'dbsize',
    arity: 1,
    flags: ['readonly', 'fast'],
    acl: ['keyspace'],
    group: 'server',
    summary: 'Return the number of keys in the selected database',
    since: '1.0.0',
    handler: dbsize,
  },
  {
    name: 'flushdb',
    arity: -1,
    flags: ['write'],
    acl: ['keyspace', 'dangerous'],
    group: 'server',
    summary: 'Remove all keys from the current database',
    since: '1.0.0',
    handler: flushdb,
  },
  {
    name: 'flushall',
    arity: -1,
    flags: ['write'],
    acl: ['keyspace', 'dangerous'],
    group: 'server',
    summary: 'Remove all keys from all databases',
    since: '1.0.0',
    handler: flushall,
  },
  {
    name: 'shutdown',
    arity: -1,
    flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy'],
    acl: [],
    group: 'server',
    summary: 'Synchronously save the dataset to disk and then shut down the server',
    since: '1.0.0',
    handler: shutdown,
  },
  {
    name: 'time',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    acl: [],
    group: 'server',
    summary: 'Return the current server time',
    since: '2.6.0',
    handler: time,
  },
];

export { unknownSubcommand };

// INFO TIERED: the tiering engine's figures (tiering/engine.ts), Dragonfly's names; empty when off.
registerInfoSection('tiered', (c) => {
  // Typed loosely so this file builds whether or not the tiering engine is wired into Server yet.
  const tiering = c.server.tiering;
  if (!tiering) return [];
  return [
    ...tiering.info(),
    // Whole-hash offload (tiering/hashes.ts): hashes with a disk copy, their record bytes, reads.
    ['tiered_hash_entries', tiering.hashEntries],
    ['tiered_hash_entries_bytes', tiering.hashEntriesBytes],
    ['tiered_hash_fetches', tiering.stats.hashFetches],
    // List-node offload (tiering/lists.ts): nodes with a disk copy, their bytes, loads.
    ...tiering.lists.info(),
  ];
});
