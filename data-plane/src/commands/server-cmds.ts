/**
 * Server and connection administration: CLIENT, SWAPDB, MEMORY, SLOWLOG, MONITOR, DEBUG,
 * LASTSAVE, SAVE/BGSAVE, LATENCY, ROLE, READONLY/READWRITE. CONFIG, INFO, COMMAND, DBSIZE, FLUSH*,
 * SHUTDOWN and TIME live in server-admin.ts; FUNCTION lives with the scripting commands (scripting.ts).
 *
 * What strata-server does not have answers with an explicit error instead of pretending:
 * - persistence: SAVE and BGSAVE answer an error (nothing is ever written to disk); LASTSAVE is the
 *   start time, as in a Redis that never saved;
 * - client-side caching: CLIENT TRACKING ON answers an error (OFF, GETREDIR, TRACKINGINFO report the
 *   tracking-off state);
 * - latency monitor: no events are recorded (LATEST and HISTORY are empty).
 */
import { CommandError, Err } from '../protocol/errors';
import { replyHelp, subcommandSyntaxError } from './help';
import type { Client } from '../server/client';
import { log } from '../server/log';
import { ValueType, stringBytes, valueBytes } from '../store/keyspace';
import { validClientName } from './connection';
import { intArg, isOpt, msTimeoutArg, parseFloatStrict, parseInteger } from './args';
import type { CommandSpec } from './table';

// ---------------------------------------------------------------------------------------------------
// CLIENT
// ---------------------------------------------------------------------------------------------------

/** Per-client flags that only CLIENT commands read (kept here so the hot Client stays small). */
const noEvictClients = new WeakSet<Client>();

type ClientType = 'normal' | 'slave' | 'pubsub' | 'master';

function clientTypeByName(name: string): ClientType | undefined {
  const n = name.toLowerCase();
  if (n === 'normal' || n === 'pubsub' || n === 'master' || n === 'slave') return n;
  if (n === 'replica') return 'slave';
  return undefined;
}

/** getClientType: MONITOR clients count as normal, subscribers as pubsub. */
function clientType(c: Client): ClientType {
  return c.subscriptionCount > 0 ? 'pubsub' : 'normal';
}

function clientFlags(c: Client): string {
  let f = '';
  if (c.monitor) f += 'O';
  if (c.subscriptionCount > 0) f += 'P';
  if (c.inMulti) f += 'x';
  if (c.blocked) f += 'b';
  if (c.watchDirty) f += 'd';
  if (c.closeAfterReply) f += 'c';
  if (noEvictClients.has(c)) f += 'e';
  return f === '' ? 'N' : f;
}

function socketFd(c: Client): number {
  const handle = (c.socket as unknown as { _handle?: { fd?: number } })._handle;
  return typeof handle?.fd === 'number' ? handle.fd : -1;
}

/** One CLIENT LIST / CLIENT INFO line, with Redis 7.0.15's fields in its order. */
export function clientInfoLine(c: Client): string {
  const now = Date.now();
  let multiMem = 0;
  for (const q of c.multiQueue) for (const a of q.argv) multiMem += a.length;
  const qbuf = c.parser.pendingBytes;
  const omem = c.socket.writableLength;
  const events = omem > 0 ? 'rw' : 'r';
  return (
    `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=${socketFd(c)} name=${c.name}` +
    ` age=${Math.floor((now - c.createdAt) / 1000)} idle=${Math.floor((now - c.lastInteraction) / 1000)}` +
    ` flags=${clientFlags(c)} db=${c.db.index} sub=${c.channels.size} psub=${c.patterns.size} ssub=${c.shardChannels.size}` +
    ` multi=${c.inMulti ? c.multiQueue.length : -1} qbuf=${qbuf} qbuf-free=0 argv-mem=0 multi-mem=${multiMem}` +
    ` rbs=${c.reply.out.length} rbp=${c.reply.out.length} obl=0 oll=0 omem=${omem}` +
    ` tot-mem=${qbuf + omem + multiMem + c.reply.out.length} events=${events} cmd=${c.lastCommand}` +
    ` user=${c.user} redir=-1 resp=${c.resp}`
  );
}

// CLIENT ID
function clientId(c: Client): void {
  c.reply.integer(c.id);
}

// CLIENT SETNAME connection-name
function clientSetname(c: Client, argv: string[]): void {
  if (!validClientName(argv[2]))
    throw new CommandError('ERR Client names cannot contain spaces, newlines or special characters.');
  c.name = argv[2];
  c.reply.ok();
}

// CLIENT GETNAME
function clientGetname(c: Client): void {
  c.reply.bulkOrNull(c.name === '' ? null : c.name);
}

// CLIENT INFO
function clientInfo(c: Client): void {
  c.reply.verbatim(clientInfoLine(c) + '\n');
}

// CLIENT LIST [TYPE NORMAL | MASTER | REPLICA | PUBSUB] [ID client-id [client-id ...]]
function clientList(c: Client, argv: string[]): void {
  let out = '';
  if (argv.length === 4 && isOpt(argv[2], 'TYPE')) {
    const t = clientTypeByName(argv[3]);
    if (!t) throw new CommandError(`ERR Unknown client type '${argv[3]}'`);
    for (const cl of c.server.clients.values()) if (clientType(cl) === t) out += clientInfoLine(cl) + '\n';
  } else if (argv.length > 3 && isOpt(argv[2], 'ID')) {
    for (let i = 3; i < argv.length; i++) {
      const id = parseInteger(argv[i]);
      if (id === null) throw new CommandError('ERR Invalid client ID');
      const cl = c.server.clients.get(id);
      if (cl) out += clientInfoLine(cl) + '\n';
    }
  } else if (argv.length !== 2) {
    throw new CommandError(Err.syntax);
  } else {
    for (const cl of c.server.clients.values()) out += clientInfoLine(cl) + '\n';
  }
  c.reply.verbatim(out);
}

// CLIENT KILL ip:port | CLIENT KILL [ID id] [TYPE type] [USER username] [ADDR ip:port] [LADDR ip:port] [SKIPME yes/no]
function clientKill(c: Client, argv: string[]): void {
  let addr: string | undefined;
  let laddr: string | undefined;
  let user: string | undefined;
  let type: ClientType | undefined;
  let id = 0;
  let skipme = true;
  if (argv.length === 3) {
    addr = argv[2];
    skipme = false; // the old form may kill the caller itself
  } else if (argv.length > 3) {
    for (let i = 2; i < argv.length; i += 2) {
      const more = i + 1 < argv.length;
      const opt = argv[i].toUpperCase();
      if (!more) throw new CommandError(Err.syntax);
      const v = argv[i + 1];
      if (opt === 'ID') {
        const n = parseInteger(v);
        if (n === null || n < 1) throw new CommandError('ERR client-id should be greater than 0');
        id = n;
      } else if (opt === 'TYPE') {
        type = clientTypeByName(v);
        if (!type) throw new CommandError(`ERR Unknown client type '${v}'`);
      } else if (opt === 'ADDR') addr = v;
      else if (opt === 'LADDR') laddr = v;
      else if (opt === 'USER') {
        // Only the default user exists until ACL users arrive.
        if (v !== 'default') throw new CommandError(`ERR No such user '${v}'`);
        user = v;
      } else if (opt === 'SKIPME') {
        if (isOpt(v, 'YES')) skipme = true;
        else if (isOpt(v, 'NO')) skipme = false;
        else throw new CommandError(Err.syntax);
      } else throw new CommandError(Err.syntax);
    }
  } else {
    throw new CommandError(Err.syntax);
  }
  let killed = 0;
  let self = false;
  for (const cl of [...c.server.clients.values()]) {
    if (addr !== undefined && cl.addr !== addr) continue;
    if (laddr !== undefined && cl.laddr !== laddr) continue;
    if (type !== undefined && clientType(cl) !== type) continue;
    if (id !== 0 && cl.id !== id) continue;
    if (user !== undefined && cl.user !== user) continue;
    if (cl === c && skipme) continue;
    if (cl === c) self = true;
    else c.server.freeClient(cl);
    killed++;
  }
  if (argv.length === 3) {
    if (killed === 0) throw new CommandError('ERR No such client');
    c.reply.ok();
  } else {
    c.reply.integer(killed);
  }
  if (self) c.closeAfterReply = true;
}

// CLIENT UNBLOCK client-id [TIMEOUT | ERROR]
function clientUnblock(c: Client, argv: string[]): void {
  let withError = false;
  if (argv.length === 4) {
    if (isOpt(argv[3], 'TIMEOUT')) withError = false;
    else if (isOpt(argv[3], 'ERROR')) withError = true;
    else throw new CommandError('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
  }
  const id = intArg(argv[2]);
  const target = c.server.clients.get(id);
  c.reply.integer(target && target.blocked ? (c.server.blocking.unblock(target, withError) ? 1 : 0) : 0);
}

// CLIENT PAUSE timeout [WRITE | ALL]
function clientPause(c: Client, argv: string[]): void {
  let writesOnly = false;
  if (argv.length === 4) {
    if (isOpt(argv[3], 'WRITE')) writesOnly = true;
    else if (!isOpt(argv[3], 'ALL')) throw new CommandError('ERR CLIENT PAUSE mode must be WRITE or ALL');
  }
  const ms = parseInteger(argv[2]);
  if (ms === null) throw new CommandError('ERR timeout is not an integer or out of range');
  if (ms < 0) throw new CommandError('ERR timeout is negative');
  c.server.pause(ms, writesOnly);
  c.reply.ok();
}

// CLIENT UNPAUSE
function clientUnpause(c: Client): void {
  c.server.unpause();
  c.reply.ok();
}

// CLIENT REPLY ON | OFF | SKIP
function clientReply(c: Client, argv: string[]): void {
  if (isOpt(argv[2], 'ON')) {
    c.replyMode = 'on';
    c.reply.ok();
  } else if (isOpt(argv[2], 'OFF')) {
    c.replyMode = 'off';
  } else if (isOpt(argv[2], 'SKIP')) {
    if (c.replyMode === 'on') c.replyMode = 'skip';
  } else {
    throw new CommandError(Err.syntax);
  }
}

// CLIENT NO-EVICT ON | OFF
function clientNoEvict(c: Client, argv: string[]): void {
  if (isOpt(argv[2], 'ON')) noEvictClients.add(c);
  else if (isOpt(argv[2], 'OFF')) noEvictClients.delete(c);
  else throw new CommandError(Err.syntax);
  c.reply.ok();
}

// CLIENT TRACKING ON | OFF [REDIRECT client-id] [PREFIX prefix [PREFIX prefix ...]] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]
function clientTracking(c: Client, argv: string[]): void {
  if (isOpt(argv[2], 'OFF')) {
    c.reply.ok(); // tracking is never on
    return;
  }
  if (!isOpt(argv[2], 'ON')) throw new CommandError(Err.syntax);
  throw new CommandError('ERR client-side caching (CLIENT TRACKING) is not supported by this server');
}

// CLIENT CACHING YES | NO
function clientCaching(_c: Client): void {
  throw new CommandError(
    'ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled',
  );
}

// CLIENT GETREDIR
function clientGetredir(c: Client): void {
  c.reply.integer(-1);
}

// CLIENT TRACKINGINFO
function clientTrackinginfo(c: Client): void {
  c.reply.mapLen(3);
  c.reply.bulk('flags');
  c.reply.setLen(1);
  c.reply.bulk('off');
  c.reply.bulk('redirect');
  c.reply.integer(-1);
  c.reply.bulk('prefixes');
  c.reply.arrayLen(0);
}

const CLIENT_HELP = [
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
];

// CLIENT HELP
function clientHelp(c: Client): void {
  replyHelp(c, 'CLIENT', CLIENT_HELP);
}

// ---------------------------------------------------------------------------------------------------
// SWAPDB
// ---------------------------------------------------------------------------------------------------

/** A SWAPDB index argument (parsed as an int, as Redis does, before either is range-checked). */
function swapIndex(s: string, which: string): number {
  const n = parseInteger(s);
  if (n === null || n < -0x80000000 || n > 0x7fffffff)
    throw new CommandError(`ERR invalid ${which} DB index`);
  return n;
}

// SWAPDB index1 index2
function swapdb(c: Client, argv: string[]): void {
  const a = swapIndex(argv[1], 'first');
  const b = swapIndex(argv[2], 'second');
  const dbs = c.server.keyspace.dbs.length;
  if (a < 0 || a >= dbs || b < 0 || b >= dbs) throw new CommandError(Err.dbIndexOutOfRange);
  if (a !== b) {
    const s = c.server;
    // touchAllWatchedKeysInDb both ways, before the swap.
    s.watch.touchDb(a, b);
    s.watch.touchDb(b, a);
    s.keyspace.swap(a, b);
    // Clients blocked on keys of either database may now find data.
    s.blocking.dbChanged(a);
    s.blocking.dbChanged(b);
    s.dirty++;
  }
  c.reply.ok();
}

// ---------------------------------------------------------------------------------------------------
// MEMORY
// ---------------------------------------------------------------------------------------------------

/**
 * Bytes of the key table's columns per entry (hash, type, expiry, access, size, volatile position,
 * key and value pointers, about 1.5 probe slots): what one key costs besides its strings and value.
 */
const ENTRY_OVERHEAD = 4 + 1 + 8 + 4 + 8 + 4 + 16 + 6;

// MEMORY USAGE key [SAMPLES count]
function memoryUsage(c: Client, argv: string[]): void {
  for (let i = 3; i < argv.length; i++) {
    if (isOpt(argv[i], 'SAMPLES') && i + 1 < argv.length) {
      if (intArg(argv[++i]) < 0) throw new CommandError(Err.syntax);
    } else {
      throw new CommandError(Err.syntax);
    }
  }
  // Collections keep an exact running byte count, so no sampling is needed.
  const e = c.db.peek(argv[2]);
  if (!e) {
    c.reply.nullBulk();
    return;
  }
  c.reply.integer(valueBytes(e.type, e.value) + stringBytes(argv[2].length) + ENTRY_OVERHEAD);
}

// MEMORY STATS
function memoryStats(c: Client): void {
  const s = c.server;
  const used = s.usedMemory();
  const mem = process.memoryUsage();
  let clientBytes = 0;
  for (const cl of s.clients.values()) clientBytes += cl.socket.writableLength + cl.parser.pendingBytes;
  const dbs = s.keyspace.dbs.filter((db) => db.size > 0);
  const keys = s.keyspace.totalKeys();
  const overhead = used - s.keyspace.dataBytes;
  const dataset = s.keyspace.dataBytes;
  const startup = s.baseline;
  c.reply.mapLen(19 + dbs.length);
  const int = (k: string, v: number) => {
    c.reply.bulk(k);
    c.reply.integer(Math.round(v));
  };
  const dbl = (k: string, v: number) => {
    c.reply.bulk(k);
    c.reply.double(v);
  };
  int('peak.allocated', s.peakMemory);
  int('total.allocated', used);
  int('startup.allocated', startup);
  int('replication.backlog', 0);
  int('clients.slaves', 0);
  int('clients.normal', clientBytes);
  int('cluster.links', 0);
  int('aof.buffer', 0);
  int('lua.caches', 0);
  int('functions.caches', 0);
  for (const db of dbs) {
    c.reply.bulk(`db.${db.index}`);
    c.reply.mapLen(2);
    int('overhead.hashtable.main', db.table.overheadBytes());
    int('overhead.hashtable.expires', 0);
  }
  int('overhead.total', overhead);
  int('keys.count', keys);
  int('keys.bytes-per-key', keys > 0 ? (used - startup) / keys : 0);
  int('dataset.bytes', dataset);
  dbl('dataset.percentage', used > startup ? (dataset * 100) / (used - startup) : 0);
  dbl('peak.percentage', s.peakMemory > 0 ? (used * 100) / s.peakMemory : 0);
  int('allocator.allocated', mem.heapUsed + mem.external);
  int('allocator.resident', mem.rss);
  dbl('fragmentation', used > 0 ? mem.rss / used : 0);
}

// MEMORY DOCTOR
function memoryDoctor(c: Client): void {
  const s = c.server;
  const used = s.usedMemory();
  const rss = process.memoryUsage().rss;
  const lines = [
    `used_memory ${used} bytes (peak ${s.peakMemory}), dataset ${s.keyspace.dataBytes} bytes in ${s.keyspace.totalKeys()} keys, rss ${rss} bytes.`,
  ];
  if (s.maxmemory > 0 && used > s.maxmemory * 0.9)
    lines.push(`Used memory is above 90% of maxmemory (${s.maxmemory} bytes).`);
  if (s.peakMemory > used * 1.5)
    lines.push('Peak memory is more than 150% of the current use: memory was freed since the peak.');
  if (lines.length === 1) lines.push('No memory problems detected.');
  c.reply.verbatim(lines.join('\n') + '\n');
}

// MEMORY MALLOC-STATS
function memoryMallocStats(c: Client): void {
  c.reply.verbatim('Stats not supported for the current allocator');
}

// MEMORY PURGE
function memoryPurge(c: Client): void {
  global.gc?.();
  c.reply.ok();
}

// MEMORY HELP
function memoryHelp(c: Client): void {
  replyHelp(c, 'MEMORY', [
    'DOCTOR',
    '    Return memory problems reports.',
    'MALLOC-STATS',
    '    Return internal statistics report from the memory allocator.',
    'PURGE',
    '    Attempt to purge dirty pages for reclamation by the allocator.',
    'STATS',
    '    Return information about the memory usage of the server.',
    'USAGE <key> [SAMPLES <count>]',
    '    Return memory in bytes used by <key> and its value. Nested values are',
    '    sampled up to <count> times (default: 5, 0 means sample all).',
  ]);
}

// ---------------------------------------------------------------------------------------------------
// SLOWLOG, MONITOR, LATENCY
// ---------------------------------------------------------------------------------------------------

// SLOWLOG GET [count]
function slowlogGet(c: Client, argv: string[]): void {
  const entries = c.server.stats.slowlogEntries;
  let count = 10;
  if (argv.length === 3) {
    const n = parseInteger(argv[2]);
    if (n === null || n < -1) throw new CommandError('ERR count should be greater than or equal to -1');
    count = n === -1 ? entries.length : n;
  }
  const n = Math.min(count, entries.length);
  c.reply.arrayLen(n);
  for (let i = 0; i < n; i++) {
    const e = entries[i];
    c.reply.arrayLen(6);
    c.reply.integer(e.id);
    c.reply.integer(e.time);
    c.reply.integer(e.usec);
    c.reply.bulkArray(e.argv);
    c.reply.bulk(e.addr);
    c.reply.bulk(e.name);
  }
}

// SLOWLOG LEN
function slowlogLen(c: Client): void {
  c.reply.integer(c.server.stats.slowlogEntries.length);
}

// SLOWLOG RESET
function slowlogReset(c: Client): void {
  c.server.stats.slowlogReset();
  c.reply.ok();
}

// SLOWLOG HELP
function slowlogHelp(c: Client): void {
  replyHelp(c, 'SLOWLOG', [
    'GET [<count>]',
    '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
    '    Entries are made of:',
    '    id, timestamp, time in microseconds, arguments array, client IP and port,',
    '    client name',
    'LEN',
    '    Return the length of the slowlog.',
    'RESET',
    '    Reset the slowlog.',
  ]);
}

// MONITOR
function monitor(c: Client): void {
  if (c.inExec) throw new CommandError("ERR MONITOR isn't allowed for DENY BLOCKING client");
  if (c.monitor) return; // already monitoring: no reply, as in Redis
  c.monitor = true;
  c.server.stats.monitors.add(c);
  c.reply.ok();
}

// LATENCY LATEST
function latencyLatest(c: Client): void {
  c.reply.arrayLen(0);
}

// LATENCY HISTORY event
function latencyHistory(c: Client): void {
  c.reply.arrayLen(0);
}

// LATENCY RESET [event [event ...]]
function latencyReset(c: Client): void {
  c.reply.integer(0);
}

// LATENCY GRAPH event
function latencyGraph(_c: Client, argv: string[]): void {
  throw new CommandError(`ERR No samples available for event '${argv[2]}'`);
}

// LATENCY DOCTOR
function latencyDoctor(c: Client): void {
  c.reply.verbatim(
    'strata-server does not record latency events: LATENCY LATEST and HISTORY stay empty. ' +
      'Use INFO commandstats and SLOWLOG for per-command timings.\n',
  );
}

// LATENCY HELP
function latencyHelp(c: Client): void {
  replyHelp(c, 'LATENCY', [
    'DOCTOR',
    '    Return a human readable latency analysis report.',
    'GRAPH <event>',
    '    Return an ASCII latency graph for the <event> class.',
    'HISTORY <event>',
    '    Return time-latency samples for the <event> class.',
    'LATEST',
    '    Return the latest latency samples for all events.',
    'RESET [<event> ...]',
    '    Reset latency data of one or more <event> classes.',
    '    (default: reset all data for all event classes)',
  ]);
}

// ---------------------------------------------------------------------------------------------------
// DEBUG (the subcommands tests and tools rely on)
// ---------------------------------------------------------------------------------------------------

const sleeper = new Int32Array(new SharedArrayBuffer(4));

// DEBUG subcommand [argument ...]
function debug(c: Client, argv: string[]): void {
  const allowed = c.server.config.get('enable-debug-command');
  const local = /^(127\.|::1$|::ffff:127\.)/.test(c.socket.remoteAddress ?? '');
  if (allowed === 'no' || (allowed === 'local' && !local))
    throw new CommandError(
      'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
    );
  const sub = argv[1].toUpperCase();
  if (sub === 'HELP' && argv.length === 2) {
    replyHelp(c, 'DEBUG', [
      'SLEEP <seconds>',
      '    Stop the server for <seconds>. Decimals allowed.',
      'LOG <message>',
      '    Write <message> to the server log.',
      'SET-ACTIVE-EXPIRE <0|1>',
      '    Setting it to 0 disables expiring keys in background when they are not accessed.',
      'OBJECT <key>',
      '    Show low level info about the key and associated value.',
      'PROTOCOL <type>',
      '    Reply with a test value of the specified type: string, integer, double, bignum,',
      '    null, array, set, map, attrib, push, verbatim, true, false.',
    ]);
  } else if (sub === 'SLEEP' && argv.length === 3) {
    // Like Redis, the whole server stops (strtod: text that is not a number sleeps 0).
    const secs = parseFloatStrict(argv[2]) ?? (Number.parseFloat(argv[2]) || 0);
    if (secs > 0) Atomics.wait(sleeper, 0, 0, secs * 1000);
    c.reply.ok();
  } else if (sub === 'LOG' && argv.length === 3) {
    log('warning', `DEBUG LOG: ${argv[2]}`);
    c.reply.ok();
  } else if (sub === 'SET-ACTIVE-EXPIRE' && argv.length === 3) {
    c.server.activeExpireEnabled = (Number.parseInt(argv[2], 10) || 0) !== 0;
    c.reply.ok();
  } else if (sub === 'OBJECT' && argv.length === 3) {
    const e = c.db.peek(argv[2]);
    if (!e) throw new CommandError(Err.noSuchKey);
    const enc = e.type === ValueType.String ? undefined : (e.value as { encoding(): string }).encoding();
    c.reply.status(
      `Value at:0x0 refcount:1 encoding:${enc ?? stringEncodingName(e.value as string)} ` +
        `serializedlength:${valueBytes(e.type, e.value)} lru:${c.db.accessOf(argv[2]) & 0xffffff} ` +
        `lru_seconds_idle:${Math.max(0, c.db.idleSeconds(argv[2]))}`,
    );
  } else if (sub === 'PROTOCOL' && argv.length === 3) {
    debugProtocol(c, argv[2].toLowerCase());
  } else {
    throw subcommandSyntaxError(argv);
  }
}

function stringEncodingName(s: string): string {
  return /^(0|-?[1-9][0-9]{0,18})$/.test(s) ? 'int' : s.length <= 44 ? 'embstr' : 'raw';
}

function debugProtocol(c: Client, type: string): void {
  const r = c.reply;
  switch (type) {
    case 'string':
      return r.bulk('Hello World');
    case 'integer':
      return r.integer(12345);
    case 'double':
      return r.double(3.141);
    case 'bignum':
      if (c.resp === 3) return r.raw('(1234567999999999999999999999999999999\r\n');
      return r.bulk('1234567999999999999999999999999999999');
    case 'null':
      return r.nullBulk();
    case 'array':
    case 'set':
      if (type === 'set') r.setLen(3);
      else r.arrayLen(3);
      for (let i = 0; i < 3; i++) r.integer(i);
      return;
    case 'map':
      r.mapLen(3);
      for (let i = 0; i < 3; i++) {
        r.integer(i);
        r.bool(i === 1);
      }
      return;
    case 'attrib':
      if (c.resp === 3) {
        r.raw('|1\r\n');
        r.bulk('key-popularity');
        r.arrayLen(2);
        r.bulk('key:123');
        r.integer(90);
      }
      return r.bulk('Some real reply following the attribute');
    case 'push':
      if (c.resp !== 3) throw new CommandError('ERR RESP2 is not supported by this command');
      r.pushLen(2);
      r.bulk('server-cpu-usage');
      r.integer(42);
      return r.bulk('Some real reply following the push reply');
    case 'true':
      return r.bool(true);
    case 'false':
      return r.bool(false);
    case 'verbatim':
      return r.verbatim('This is a verbatim\nstring');
    default:
      throw new CommandError(
        'ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false',
      );
  }
}

// ---------------------------------------------------------------------------------------------------
// Persistence, replication and cluster stand-ins
// ---------------------------------------------------------------------------------------------------

// LASTSAVE
function lastsave(c: Client): void {
  // Nothing is ever saved: like a Redis that never saved, the start time.
  c.reply.integer(Math.floor(c.server.startedAt / 1000));
}

// SAVE / BGSAVE [SCHEDULE]
function save(_c: Client, argv: string[]): void {
  if (argv.length > 2 || (argv.length === 2 && !isOpt(argv[1], 'SCHEDULE')))
    throw new CommandError(Err.syntax);
  throw new CommandError('ERR Persistence is not supported by this server: nothing can be saved');
}

// ROLE
function role(c: Client): void {
  c.reply.arrayLen(3);
  c.reply.bulk('master');
  c.reply.integer(0);
  c.reply.arrayLen(0);
}

// READONLY / READWRITE
function clusterOnly(_c: Client): void {
  throw new CommandError('ERR This instance has cluster support disabled');
}

// ---------------------------------------------------------------------------------------------------
// WAIT
// ---------------------------------------------------------------------------------------------------

// WAIT numreplicas timeout. strata-server has no replicas, so no write is ever acknowledged by one;
// it answers as Redis does without replicas: 0 at once when at most 0 replicas are asked for or
// inside MULTI/EXEC, otherwise 0 when the timeout passes (0 = never) or CLIENT UNBLOCK ends the wait.
function wait(c: Client, argv: string[]): void {
  const numreplicas = parseInteger(argv[1]);
  if (numreplicas === null) throw new CommandError(Err.notInteger);
  const deadline = msTimeoutArg(argv[2], Date.now());
  if (numreplicas <= 0 || !c.canBlock) {
    c.reply.integer(0);
    return;
  }
  c.block(waitSpec, argv, [], deadline, (client) => client.reply.integer(0));
}

const waitSpec: CommandSpec = {
  name: 'wait',
  arity: 3,
  flags: ['noscript'],
  acl: ['connection'],
  group: 'generic',
  summary:
    'Wait for the synchronous replication of all the write commands sent in the context of the current connection',
  since: '3.0.0',
  complexity: 'O(1)',
  handler: wait,
};

// ---------------------------------------------------------------------------------------------------
// Table (arity, flags, keys, categories and docs as in Redis 7.0's src/commands/*.json)
// ---------------------------------------------------------------------------------------------------

export const serverCommands: CommandSpec[] = [
  waitSpec,
  {
    name: 'client',
    arity: -2,
    flags: [],
    acl: [],
    group: 'connection',
    summary: 'A container for client connection commands',
    since: '2.4.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'client|caching',
        arity: 3,
        flags: ['noscript', 'loading', 'stale'],
        acl: ['connection'],
        group: 'connection',
        summary: 'Instruct the server about tracking or not keys in the next request',
        since: '6.0.0',
        complexity: 'O(1)',
        handler: clientCaching,
      },
      {
        name: 'client|getname',
        arity: 2,
        flags: ['noscript', 'loading', 'stale'],
        acl: ['connection'],
        group: 'connection',
        summary: 'Get the current connection name',
        since: '2.6.9',
        complexity: 'O(1)',
        handler: clientGetname,
      },
      {
        name: 'client|getredir',
        arity: 2,
        flags: ['noscript', 'loading', 'stale'],
        acl: ['connection'],
        group: 'connection',
        summary: 'Get tracking notifications redirection client ID if any',
        since: '6.0.0',
        complexity: 'O(1)',
        handler: clientGetredir,
      },
      {
        name: 'client|help',
        arity: 2,
        flags: ['loading', 'stale'],
        acl: ['connection'],
        group: 'connection',
        summary: 'Show helpful text about the different subcommands',
        since: '5.0.0',
        complexity: 'O(1)',
        handler: clientHelp,
      },
      {
        name: 'client|id',
        arity: 2,
        flags: ['noscript', 'loading', 'stale'],
        acl: ['connection'],
        group: 'connection',
        summary: 'Returns the client ID for the current connection',
        since: '5.0.0',
        complexity: 'O(1)',
        handler: clientId,
      },
      {
        name: 'client|info',
        arity: 2,
        flags: ['noscript', 'loading', 'stale'],
        acl: ['connection'],
        group: 'connection',
        summary: 'Returns information about the current client connection.',
        since: '6.2.0',
        complexity: 'O(1)',
        handler: clientInfo,
      },
      {
        name: 'client|kill',
        arity: -3,
        flags: ['admin', 'noscript', 'loading', 'stale'],
        acl: ['connection'],
        group: 'connection',
        summary: 'Kill the connection of a client',
        since: '2.4.0',
        complexity: 'O(N) where N is the number of client connections',
        handler: clientKill,
      },
      {
        name: 'client|list',
        arity: -2,
        flags: ['admin', 'noscript', 'loading', 'stale'],
        acl: ['connection'],
        group: 'connection',
        summary: 'Get the list of client connections',
        since: '2.4.0',
        complexity: 'O(N) where N is the number of client connections',
        handler: clientList,
      },
      {
        name: 'client|no-evict',
        arity: 3,
        flags: ['admin', 'noscript', 'loading', 'stale'],
        acl: ['connection'],
        group: 'connection',
        summary: 'Set client eviction mode for the current connection',
        since: '7.0.0',
        complexity: 'O(1)',
        handler: clientNoEvict,
      },
      {
        name: 'client|pause',
        arity: -3,
        flags: ['admin', 'noscript', 'loading', 'stale'],
        acl: ['connection'],
        group: 'connection',
        summary: 'Stop processing commands from clients for some time',
        since: '2.9.50',
        complexity: 'O(1)',
        handler: clientPause,
      },
      {
        name: 'client|reply',
        arity: 3,
        flags: ['noscript', 'loading', 'stale'],
        acl: ['connection'],
        group: 'connection',
        summary: 'Instruct the server whether to reply to commands',
        since: '3.2.0',
        complexity: 'O(1)',
        handler: clientReply,
      },
      {
        name: 'client|setname',
        arity: 3,
        flags: ['noscript', 'loading', 'stale'],
        acl: ['connection'],
        group: 'connection',
        summary: 'Set the current connection name',
        since: '2.6.9',
        complexity: 'O(1)',
        handler: clientSetname,
      },
      {
        name: 'client|tracking',
        arity: -3,
        flags: ['noscript', 'loading', 'stale'],
        acl: ['connection'],
        group: 'connection',
        summary: 'Enable or disable server assisted client side caching support',
        since: '6.0.0',
        complexity: 'O(1). Some options may introduce additional complexity.',
        handler: clientTracking,
      },
      {
        name: 'client|trackinginfo',
        arity: 2,
        flags: ['noscript', 'loading', 'stale'],
        acl: ['connection'],
        group: 'connection',
        summary: 'Return information about server assisted client side caching for the current connection',
        since: '6.2.0',
        complexity: 'O(1)',
        handler: clientTrackinginfo,
      },
      {
        name: 'client|unblock',
        arity: -3,
        flags: ['admin', 'noscript', 'loading', 'stale'],
        acl: ['connection'],
        group: 'connection',
        summary: 'Unblock a client blocked in a blocking command from a different connection',
        since: '5.0.0',
        complexity: 'O(log N) where N is the number of client connections',
        handler: clientUnblock,
      },
      {
        name: 'client|unpause',
        arity: 2,
        flags: ['admin', 'noscript', 'loading', 'stale'],
        acl: ['connection'],
        group: 'connection',
        summary: 'Resume processing of clients that were paused',
        since: '6.2.0',
        complexity: 'O(N) Where N is the number of paused clients',
        handler: clientUnpause,
      },
    ],
  },
  {
    name: 'swapdb',
    arity: 3,
    flags: ['write', 'fast'],
    acl: ['keyspace', 'dangerous'],
    group: 'server',
    summary: 'Swaps two Redis databases',
    since: '4.0.0',
    complexity: 'O(N) where N is the count of clients watching or blocking on keys from both databases.',
    handler: swapdb,
  },
  {
    name: 'memory',
    arity: -2,
    flags: [],
    acl: [],
    group: 'server',
    summary: 'A container for memory diagnostics commands',
    since: '4.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'memory|doctor',
        arity: 2,
        flags: [],
        acl: [],
        group: 'server',
        summary: 'Outputs memory problems report',
        since: '4.0.0',
        complexity: 'O(1)',
        handler: memoryDoctor,
      },
      {
        name: 'memory|help',
        arity: 2,
        flags: ['loading', 'stale'],
        acl: [],
        group: 'server',
        summary: 'Show helpful text about the different subcommands',
        since: '4.0.0',
        complexity: 'O(1)',
        handler: memoryHelp,
      },
      {
        name: 'memory|malloc-stats',
        arity: 2,
        flags: [],
        acl: [],
        group: 'server',
        summary: 'Show allocator internal stats',
        since: '4.0.0',
        complexity: 'Depends on how much memory is allocated, could be slow',
        handler: memoryMallocStats,
      },
      {
        name: 'memory|purge',
        arity: 2,
        flags: [],
        acl: [],
        group: 'server',
        summary: 'Ask the allocator to release memory',
        since: '4.0.0',
        complexity: 'Depends on how much memory is allocated, could be slow',
        handler: memoryPurge,
      },
      {
        name: 'memory|stats',
        arity: 2,
        flags: [],
        acl: [],
        group: 'server',
        summary: 'Show memory usage details',
        since: '4.0.0',
        complexity: 'O(1)',
        handler: memoryStats,
      },
      {
        name: 'memory|usage',
        arity: -3,
        flags: ['readonly'],
        keys: { first: 2, last: 2, step: 1 },
        acl: [],
        group: 'server',
        summary: 'Estimate the memory usage of a key',
        since: '4.0.0',
        complexity: 'O(N) where N is the number of samples.',
        handler: memoryUsage,
      },
    ],
  },
  {
    name: 'slowlog',
    arity: -2,
    flags: [],
    acl: [],
    group: 'server',
    summary: 'A container for slow log commands',
    since: '2.2.12',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'slowlog|get',
        arity: -2,
        flags: ['admin', 'loading', 'stale'],
        acl: [],
        group: 'server',
        summary: "Get the slow log's entries",
        since: '2.2.12',
        complexity: 'O(N) where N is the number of entries returned',
        handler: slowlogGet,
      },
      {
        name: 'slowlog|help',
        arity: 2,
        flags: ['loading', 'stale'],
        acl: [],
        group: 'server',
        summary: 'Show helpful text about the different subcommands',
        since: '6.2.0',
        complexity: 'O(1)',
        handler: slowlogHelp,
      },
      {
        name: 'slowlog|len',
        arity: 2,
        flags: ['admin', 'loading', 'stale'],
        acl: [],
        group: 'server',
        summary: "Get the slow log's length",
        since: '2.2.12',
        complexity: 'O(1)',
        handler: slowlogLen,
      },
      {
        name: 'slowlog|reset',
        arity: 2,
        flags: ['admin', 'loading', 'stale'],
        acl: [],
        group: 'server',
        summary: 'Clear all entries from the slow log',
        since: '2.2.12',
        complexity: 'O(N) where N is the number of entries in the slowlog',
        handler: slowlogReset,
      },
    ],
  },
  {
    name: 'monitor',
    arity: 1,
    flags: ['admin', 'noscript', 'loading', 'stale'],
    acl: [],
    group: 'server',
    summary: 'Listen for all requests received by the server in real time',
    since: '1.0.0',
    handler: monitor,
  },
  {
    name: 'debug',
    arity: -2,
    flags: ['admin', 'noscript', 'loading', 'stale'],
    acl: [],
    group: 'server',
    summary: 'A container for debugging commands',
    since: '1.0.0',
    complexity: 'Depends on subcommand.',
    handler: debug,
  },
  {
    name: 'lastsave',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    acl: ['admin', 'dangerous'],
    group: 'server',
    summary: 'Get the UNIX time stamp of the last successful save to disk',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: lastsave,
  },
  {
    name: 'save',
    arity: 1,
    flags: ['admin', 'noscript', 'no_multi'],
    acl: [],
    group: 'server',
    summary: 'Synchronously save the dataset to disk',
    since: '1.0.0',
    complexity: 'O(N) where N is the total number of keys in all databases',
    handler: save,
  },
  {
    name: 'bgsave',
    arity: -1,
    flags: ['admin', 'noscript'],
    acl: [],
    group: 'server',
    summary: 'Asynchronously save the dataset to disk',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: save,
  },
  {
    name: 'latency',
    arity: -2,
    flags: [],
    acl: [],
    group: 'server',
    summary: 'A container for latency diagnostics commands',
    since: '2.8.13',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'latency|doctor',
        arity: 2,
        flags: ['admin', 'noscript', 'loading', 'stale'],
        acl: [],
        group: 'server',
        summary: 'Return a human readable latency analysis report.',
        since: '2.8.13',
        complexity: 'O(1)',
        handler: latencyDoctor,
      },
      {
        name: 'latency|graph',
        arity: 3,
        flags: ['admin', 'noscript', 'loading', 'stale'],
        acl: [],
        group: 'server',
        summary: 'Return a latency graph for the event.',
        since: '2.8.13',
        complexity: 'O(1)',
        handler: latencyGraph,
      },
      {
        name: 'latency|help',
        arity: 2,
        flags: ['loading', 'stale'],
        acl: [],
        group: 'server',
        summary: 'Show helpful text about the different subcommands.',
        since: '2.8.13',
        complexity: 'O(1)',
        handler: latencyHelp,
      },
      {
        name: 'latency|history',
        arity: 3,
        flags: ['admin', 'noscript', 'loading', 'stale'],
        acl: [],
        group: 'server',
        summary: 'Return timestamp-latency samples for the event.',
        since: '2.8.13',
        complexity: 'O(1)',
        handler: latencyHistory,
      },
      {
        name: 'latency|latest',
        arity: 2,
        flags: ['admin', 'noscript', 'loading', 'stale'],
        acl: [],
        group: 'server',
        summary: 'Return the latest latency samples for all events.',
        since: '2.8.13',
        complexity: 'O(1)',
        handler: latencyLatest,
      },
      {
        name: 'latency|reset',
        arity: -2,
        flags: ['admin', 'noscript', 'loading', 'stale'],
        acl: [],
        group: 'server',
        summary: 'Reset latency data for one or more events.',
        since: '2.8.13',
        complexity: 'O(1)',
        handler: latencyReset,
      },
    ],
  },
  {
    name: 'role',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast'],
    acl: ['admin', 'dangerous'],
    group: 'server',
    summary: 'Return the role of the instance in the context of replication',
    since: '2.8.12',
    complexity: 'O(1)',
    handler: role,
  },
  {
    name: 'readonly',
    arity: 1,
    flags: ['fast', 'loading', 'stale'],
    acl: ['connection'],
    group: 'cluster',
    summary: 'Enables read queries for a connection to a cluster replica node',
    since: '3.0.0',
    complexity: 'O(1)',
    handler: clusterOnly,
  },
  {
    name: 'readwrite',
    arity: 1,
    flags: ['fast', 'loading', 'stale'],
    acl: ['connection'],
    group: 'cluster',
    summary: 'Disables read queries for a connection to a cluster replica node',
    since: '3.0.0',
    complexity: 'O(1)',
    handler: clusterOnly,
  },
];
