/**
 * The server: accepts connections, feeds bytes to each client's parser, dispatches commands through
 * the command table, writes replies, and runs the periodic tasks (active expiry, client timeouts,
 * memory accounting). All command execution happens on this one thread, so every command is atomic.
 */
import net from 'node:net';
import { CommandTable, type CommandSpec } from '../commands/table';
import { registerAllCommands } from '../commands';
import { Err, CommandError, unknownCommand, unknownSubcommand, wrongArity } from '../protocol/errors';
import { ProtocolError } from '../protocol/request-parser';
import { Keyspace } from '../store/keyspace';
import { BlockingManager } from './blocking';
import { Client } from './client';
import { Config } from './config';
import { Evictor } from './evict';
import { Notifier } from './notify';
import { PubSub } from './pubsub';
import { Stats } from './stats';
import { WatchRegistry } from './watch';
import { log } from './log';
import { TlsListener } from './tls';
import { Acl } from './acl';
import { TieredStorage } from '../tiering/engine';
import { ScriptEngine } from '../scripting/engine';

/** Commands a RESP2 client may send while subscribed. */
const SUBSCRIBED_ALLOWED = new Set([
  'ping',
  'subscribe',
  'psubscribe',
  'unsubscribe',
  'punsubscribe',
  'ssubscribe',
  'sunsubscribe',
  'quit',
  'reset',
]);
/**
 * Command time per event-loop turn, in ms. A client whose pipelined input takes longer (a read of a
 * deep pipeline can hold thousands of commands: libuv reads up to 32 chunks of 64 KiB per socket in
 * one go) continues in the next turn, so the other clients, the timers and the tiering engine's I/O
 * completions are never held up for longer than about this (Redis bounds a client's work per event
 * by its 16 KiB read).
 */
const TURN_SLICE_MS = 2;
/**
 * Commands run between two looks at the clock. Each processInput call also reads it at its start and
 * end: starting the clock only at the first look left the first commands of every call
 * unaccounted, and a PING beside a 5,000-deep pipeline then waited p99 18 ms instead of 14.
 */
const SLICE_CHECK_EVERY = 16;

/** Commands run immediately inside MULTI instead of being queued. */
const MULTI_IMMEDIATE = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);

export class Server {
  readonly config: Config;
  readonly keyspace: Keyspace;
  readonly commands = new CommandTable();
  readonly clients = new Map<number, Client>();
  readonly blocking: BlockingManager;
  readonly watch: WatchRegistry;
  readonly stats = new Stats();
  readonly pubsub: PubSub;
  readonly notifier: Notifier;
  readonly evictor: Evictor;
  /** The SSD tiering engine (tiered_prefix set), else undefined. */
  readonly tiering: TieredStorage | undefined;
  /** Lua scripting (EVAL, SCRIPT): one Lua state per server, created before listen() resolves. */
  readonly scripting: ScriptEngine;
  readonly startedAt = Date.now();
  readonly runId = [...Array(40)].map(() => ((Math.random() * 16) | 0).toString(16)).join('');
  /** Cached hot-path settings (kept current through Config.onChange). */
  protoMaxBulkLen: number;
  maxmemory: number;
  private nextClientId = 1;
  private listeners: net.Server[] = [];
  /** Listeners on tls-port (server/tls.ts). */
  readonly tls: TlsListener;
  /** ACL users; the dispatcher asks it before running a command (server/acl.ts). */
  readonly acl: Acl;
  private cronTimer?: NodeJS.Timeout;
  /** Heap in use once the server is loaded and empty: the fixed part of used_memory. */
  private baselineBytes = 0;
  private overheadBytesCache = 0;
  peakMemory = 0;
  /** Clients paused by CLIENT PAUSE until this time (ms); `pauseWritesOnly` for WRITE mode. */
  pausedUntil = 0;
  pauseWritesOnly = false;
  private pauseTimer?: NodeJS.Timeout;
  /** Commands held by CLIENT PAUSE WRITE, run in arrival order when the pause ends. */
  private postponed: { c: Client; argv: string[] }[] = [];
  shuttingDown = false;
  /** DEBUG SET-ACTIVE-EXPIRE: when false the cron leaves expired keys to lazy expiry. */
  activeExpireEnabled = true;
  /** Changes since start (INFO stats "dirty"); every write counts one. */
  dirty = 0;
  /** Bytes held by every client's MULTI queue (counted in used_memory, as Redis counts mstate). */
  multiBytes = 0;
  /** Clients with pub/sub messages waiting to be written at the end of this tick (see deliver). */
  private pendingDeliveries = new Set<Client>();
  /** TURN_SLICE_MS; a test that needs a whole pipeline run in one turn sets it to Infinity. */
  turnSliceMs = TURN_SLICE_MS;
  /** Command time used since the last check phase (see TURN_SLICE_MS), and whether its reset is queued. */
  private sliceUsed = 0;
  private sliceArmed = false;
  /** Clients whose input continues in the next turn, in the order they ran out of time. */
  private readonly backlog = new Set<Client>();
  /** Set by main: what SHUTDOWN does (close listeners, then exit). */
  onShutdown: () => void = () => undefined;

  constructor(config: Config) {
    this.config = config;
    this.keyspace = new Keyspace(config.num('databases'));
    this.watch = new WatchRegistry(this.keyspace.dbs);
    this.blocking = new BlockingManager(this);
    this.pubsub = new PubSub(this);
    this.notifier = new Notifier(this);
    this.evictor = new Evictor(this);
    this.tls = new TlsListener(config, (socket) => this.accept(socket));
    this.protoMaxBulkLen = config.num('proto-max-bulk-len');
    this.maxmemory = config.num('maxmemory');
    config.onChange('proto-max-bulk-len', () => (this.protoMaxBulkLen = config.num('proto-max-bulk-len')));
    config.onChange('maxmemory', () => {
      this.maxmemory = config.num('maxmemory');
      // Like Redis's updateMaxmemory: a lower limit evicts at once (not at the next write).
      if (this.maxmemory > 0) this.evictor.makeRoom();
    });
    const lfu = () => {
      this.keyspace.lfu = config.get('maxmemory-policy').endsWith('-lfu');
      this.keyspace.lfuLogFactor = config.num('lfu-log-factor');
      this.keyspace.lfuDecayTime = config.num('lfu-decay-time');
    };
    lfu();
    for (const name of ['maxmemory-policy', 'lfu-log-factor', 'lfu-decay-time']) config.onChange(name, lfu);
    config.onChange('requirepass', (pw) => {
      // Like Redis: clients already authenticated stay so; a new empty password opens the door.
      if (pw === '') for (const c of this.clients.values()) c.authenticated = true;
    });
    this.keyspace.listener = {
      modified: (db, key) => {
        this.watch.touch(db, key);
        this.blocking.keyModified(db, key);
      },
      expired: (db, key) => this.notifier.notify('x', 'expired', key, db),
      added: (db, key) => {
        if (this.notifier.enabled('n')) this.notifier.notify('n', 'new', key, db);
      },
      missed: (db, key) => {
        if (this.notifier.enabled('m')) this.notifier.notify('m', 'keymiss', key, db);
      },
    };
    registerAllCommands(this.commands);
    this.acl = new Acl(this);
    this.tiering = config.get('tiered_prefix') !== '' ? new TieredStorage(this) : undefined;
    this.scripting = new ScriptEngine(this);
  }

  // -----------------------------------------------------------------------------------------------
  // Lifecycle
  // -----------------------------------------------------------------------------------------------

  async listen(): Promise<{ port: number; tlsPort: number; addresses: string[] }> {
    await this.scripting.ready.catch(() => undefined); // EVAL reports a failed start
    const port = this.config.num('port');
    const tlsPort = this.config.num('tls-port');
    const binds = this.config.get('bind').split(/\s+/).filter(Boolean);
    let actualPort = port;
    // As in Redis, port 0 beside a tls-port means TLS only (without one, 0 picks a free port).
    for (const host of port === 0 && tlsPort !== 0 ? [] : binds) {
      const srv = net.createServer({ noDelay: true }, (socket) => this.accept(socket));
      srv.maxConnections = Number.MAX_SAFE_INTEGER;
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen({ port: actualPort, host, backlog: this.config.num('tcp-backlog') }, () => {
          srv.off('error', reject);
          resolve();
        });
      });
      actualPort = (srv.address() as net.AddressInfo).port;
      this.listeners.push(srv);
    }
    if (tlsPort !== 0)
      this.listeners.push(...(await this.tls.listen(tlsPort, binds, this.config.num('tcp-backlog'))));
    global.gc?.();
    this.baselineBytes = process.memoryUsage().heapUsed;
    this.overheadBytesCache =
      this.keyspace.overheadBytes() + (this.tiering ? this.tiering.overheadBytes() : 0);
    this.cronTimer = setInterval(() => this.cron(), Math.max(2, 1000 / this.config.num('hz')));
    this.cronTimer.unref();
    this.config.onChange('hz', () => {
      clearInterval(this.cronTimer);
      this.cronTimer = setInterval(() => this.cron(), Math.max(2, 1000 / this.config.num('hz')));
      this.cronTimer.unref();
    });
    return { port: actualPort, tlsPort, addresses: binds };
  }

  async close(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.cronTimer);
    clearTimeout(this.pauseTimer);
    for (const c of this.clients.values()) c.socket.destroy();
    this.scripting.close();
    await Promise.all(this.listeners.map((l) => new Promise((r) => l.close(r))));
    await this.tiering?.close();
  }

  // -----------------------------------------------------------------------------------------------
  // Connections
  // -----------------------------------------------------------------------------------------------

  private accept(socket: net.Socket): void {
    this.stats.connectionsReceived++;
    if (this.clients.size >= this.config.num('maxclients')) {
      this.stats.rejectedConnections++;
      socket.on('error', () => socket.destroy());
      socket.end('-' + Err.maxClients + '\r\n', () => socket.destroy());
      return;
    }
    socket.setNoDelay(true);
    const keepalive = this.config.num('tcp-keepalive');
    if (keepalive > 0) socket.setKeepAlive(true, keepalive * 1000);
    const c = new Client(this, socket, this.nextClientId++);
    this.clients.set(c.id, c);
    socket.on('data', (chunk: Buffer) => {
      this.stats.netInputBytes += chunk.length;
      c.lastInteraction = Date.now();
      c.parser.feed(chunk);
      if (c.parser.pendingBytes > this.config.num('client-query-buffer-limit')) {
        log('warning', `closing client ${c.addr}: query buffer limit reached`);
        this.freeClient(c);
        return;
      }
      this.processInput(c);
    });
    socket.on('error', () => this.freeClient(c));
    socket.on('close', () => this.freeClient(c));
    socket.on('drain', () => {
      c.softLimitSince = 0;
    });
  }

  freeClient(c: Client): void {
    if (c.closed) return;
    c.closed = true;
    this.clients.delete(c.id);
    this.backlog.delete(c);
    this.blocking.remove(c);
    c.discardMulti();
    this.pubsub.removeClient(c);
    c.socket.destroy();
  }

  /**
   * Runs the complete commands the client has sent, then writes the replies once. When the turn's
   * time slice is used up first, the rest waits for the next turn (deferInput).
   */
  processInput(c: Client): void {
    if (c.deferred) return; // continues from the backlog, in order
    const start = performance.now();
    if (!this.sliceArmed) {
      this.sliceArmed = true;
      setImmediate(this.endSlice);
    }
    const until = start + this.turnSliceMs - this.sliceUsed;
    let n = 0;
    while (!c.closed && c.blocked === null && !c.paused && !c.closeAfterReply) {
      if (this.pausedUntil !== 0 && this.pausedUntil > Date.now() && !this.pauseWritesOnly) break;
      if (++n % SLICE_CHECK_EVERY === 0 && c.parser.pendingBytes > 0 && performance.now() > until) {
        this.deferInput(c);
        break;
      }
      let argv: string[] | null;
      try {
        argv = c.parser.next();
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
        c.reply.error('ERR ' + e.message);
        c.closeAfterReply = true;
        break;
      }
      if (argv === null) break;
      if (argv.length === 0) continue;
      if (c.replyMode === 'on') this.execute(c, argv);
      else this.executeSilenced(c, argv);
    }
    this.sliceUsed += performance.now() - start;
    this.flush(c);
  }

  private deferInput(c: Client): void {
    c.deferred = true;
    this.stats.inputDeferrals++;
    c.socket.pause();
    this.backlog.add(c);
  }

  /**
   * In the check phase, after the turn's socket reads: a new slice starts, and the clients that ran
   * out of time continue. One that runs out again waits for the next turn (its endSlice is queued
   * from this check phase, so it runs after the next round of timers and socket reads).
   */
  private readonly endSlice = (): void => {
    this.sliceArmed = false;
    this.sliceUsed = 0;
    if (this.backlog.size === 0) return;
    const waiting = [...this.backlog];
    this.backlog.clear();
    for (const c of waiting) {
      c.deferred = false;
      if (c.closed) continue;
      this.processInput(c);
      if (!c.deferred && !c.closed) c.socket.resume();
    }
  };

  /**
   * CLIENT REPLY OFF|SKIP: the command runs but its reply is dropped (SKIP: for this one command).
   * A command that switches replies back on (CLIENT REPLY ON) keeps its own reply.
   */
  private executeSilenced(c: Client, argv: string[]): void {
    const mode = c.replyMode;
    const before = c.reply.out.length;
    this.execute(c, argv);
    if (c.replyMode === 'on') return;
    c.reply.out = c.reply.out.slice(0, before);
    // Like Redis's CLIENT_PUSHING: (un)subscribe confirmations are written even with replies off.
    if (c.silencedPushes !== '') {
      c.reply.out += c.silencedPushes;
      c.silencedPushes = '';
    }
    if (mode === 'skip' && c.replyMode === 'skip') c.replyMode = 'on';
  }

  /** After a blocked or paused client is released: write its reply and run what it sent meanwhile. */
  resume(c: Client): void {
    if (c.closed) return;
    this.flush(c);
    // Input that arrived meanwhile waits in the parser; with none (a client with one request in flight,
    // the common case after a disk read) there is nothing to run and no turn to schedule.
    if (c.parser.pendingBytes > 0) setImmediate(() => this.processInput(c));
  }

  flush(c: Client): void {
    if (c.closed) return;
    const out = c.reply.take();
    if (out.length > 0) {
      this.stats.netOutputBytes += out.length;
      c.socket.write(out, 'latin1');
      if (this.outputLimitReached(c)) {
        log('warning', `closing client ${c.addr}: output buffer limit reached`);
        this.freeClient(c);
        return;
      }
    }
    if (c.closeAfterReply) {
      c.closed = true;
      this.clients.delete(c.id);
      this.blocking.remove(c);
      c.discardMulti();
      this.pubsub.removeClient(c);
      // Close fully once the reply is out, as Redis does: a client that keeps writing gets a reset.
      c.socket.end(() => c.socket.destroy());
    }
  }

  /** Redis's client-output-buffer-limit: hard limit at once, soft limit for soft-seconds. */
  private outputLimitReached(c: Client): boolean {
    const pending = c.socket.writableLength;
    if (pending === 0) return false;
    const cls = c.subscriptionCount > 0 ? 'pubsub' : 'normal';
    const lim = this.config.outputBufferLimit(cls);
    if (lim.hard > 0 && pending >= lim.hard) return true;
    if (lim.soft > 0 && pending >= lim.soft) {
      const now = Date.now();
      if (c.softLimitSince === 0) c.softLimitSince = now;
      else if (now - c.softLimitSince > lim.softSeconds * 1000) return true;
    } else {
      c.softLimitSince = 0;
    }
    return false;
  }

  /**
   * Delivers a message to another client outside its own command flow (pub/sub, MONITOR). The
   * write happens after this round of socket reads (setImmediate), so many publishers, or a
   * pipeline of PUBLISHes, cost a subscriber one socket write, as Redis writes once per event-loop
   * turn; the output-buffer limit is checked then.
   */
  deliver(c: Client): void {
    if (this.pendingDeliveries.size === 0) setImmediate(() => this.flushDeliveries());
    this.pendingDeliveries.add(c);
  }

  private flushDeliveries(): void {
    const pending = this.pendingDeliveries;
    this.pendingDeliveries = new Set();
    for (const c of pending) this.flush(c);
  }

  // -----------------------------------------------------------------------------------------------
  // Dispatch
  // -----------------------------------------------------------------------------------------------

  /** Resolves a command and its subcommand; replies with an error and returns undefined when unknown. */
  lookup(c: Client, argv: string[]): CommandSpec | undefined {
    // Most clients send names in one case: try the name as sent before lower-casing it.
    let name = argv[0];
    let spec = this.commands.get(name);
    if (!spec) {
      name = name.toLowerCase();
      spec = this.commands.get(name);
    }
    if (!spec) {
      c.reply.error(unknownCommand(argv[0], argv.slice(1)));
      return undefined;
    }
    if (spec.subcommands && argv.length >= 2) {
      const sub = this.commands.subcommand(spec.name, argv[1].toLowerCase());
      if (!sub) {
        c.reply.error(unknownSubcommand(argv[1], name));
        return undefined;
      }
      spec = sub;
    }
    const arity = spec.arity;
    if ((arity > 0 && argv.length !== arity) || argv.length < -arity) {
      if (spec.name === 'exec') this.execAbort(c, wrongArity(spec.name));
      else c.reply.error(wrongArity(spec.name));
      return undefined;
    }
    return spec;
  }

  /** Everything Redis's processCommand checks before running a command. */
  execute(c: Client, argv: string[]): void {
    this.keyspace.now = Date.now();
    const spec = this.lookup(c, argv);
    if (!spec) {
      this.stats.errorReply(c);
      if (c.inMulti) c.multiDirty = true;
      return;
    }
    const flags = spec.flags;
    if (!c.authenticated && !flags.includes('no_auth')) {
      this.reject(c, spec, Err.noAuth);
      return;
    }
    if (this.acl.restrictedUsers > 0) {
      const denied = this.acl.deny(c, spec, argv);
      if (denied !== null) {
        this.reject(c, spec, denied);
        return;
      }
    }
    if (c.resp === 2 && c.subscriptionCount > 0 && !SUBSCRIBED_ALLOWED.has(spec.name.split('|')[0])) {
      this.reject(
        c,
        spec,
        `ERR Can't execute '${spec.name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
      );
      return;
    }
    if (c.inMulti && flags.includes('no_multi')) {
      this.reject(c, spec, `ERR Command not allowed inside a transaction`);
      return;
    }
    // A script past busy-reply-threshold: only the allow_busy commands (SCRIPT KILL, SHUTDOWN, ...).
    if (this.scripting.busy && !flags.includes('allow_busy')) {
      this.reject(c, spec, this.scripting.busyError);
      return;
    }
    // Tiering: short of memory, a write first waits for values to be offloaded (eviction/OOM after).
    if (
      this.tiering !== undefined &&
      this.maxmemory > 0 &&
      (flags.includes('denyoom') || c.inMulti) &&
      this.memoryForEviction() > this.maxmemory &&
      this.tiering.waitForRoom(c, argv)
    )
      return;
    if (
      this.maxmemory > 0 &&
      (flags.includes('denyoom') || (c.inMulti && this.multiMayUseMemory(c, spec))) &&
      !this.evictor.makeRoom()
    ) {
      this.reject(c, spec, Err.oom);
      return;
    }
    if (this.pauseWritesOnly && this.pausedUntil !== 0 && this.pausedForWrites(c, spec)) {
      // CLIENT PAUSE WRITE: the client waits (its later commands too) until the pause ends.
      c.paused = true;
      this.postponed.push({ c, argv });
      return;
    }
    if (c.inMulti && !MULTI_IMMEDIATE.has(spec.name)) {
      this.queueMulti(c, spec, argv);
      c.reply.status('QUEUED');
      return;
    }
    // Tiering's prepare stage: cold values of the command's keys are read first (the client waits).
    if (this.tiering !== undefined && this.tiering.prepare(c, spec, argv)) return;
    this.call(c, spec, argv);
    if (this.tiering !== undefined && flags.includes('write')) this.tiering.afterWrite(c, spec, argv);
    if (this.blocking.count > 0) this.blocking.serveReady();
  }

  /** A command that waited for the tiering engine (disk reads, throttling) runs now, or fails. */
  resumeAfterTier(c: Client, argv: string[], error: string | null): void {
    if (c.closed) return;
    if (error !== null) {
      c.reply.error(error);
      this.stats.rejected(argv[0].toLowerCase(), c, error);
    } else if (c.replyMode === 'on') this.execute(c, argv);
    else this.executeSilenced(c, argv);
    if (c.paused) this.flush(c);
    else this.resume(c);
  }

  private reject(c: Client, spec: CommandSpec, error: string): void {
    if (c.inMulti) c.multiDirty = true;
    if (spec.name === 'exec') this.execAbort(c, error);
    else c.reply.error(error);
    this.stats.rejected(spec.name, c, error);
  }

  /** Redis's execCommandAbort: a refused EXEC discards the transaction and says why. */
  private execAbort(c: Client, error: string): void {
    c.discardMulti();
    c.reply.error(
      'EXECABORT Transaction discarded because of: ' + (error.startsWith('ERR ') ? error.slice(4) : error),
    );
  }

  /**
   * queueMultiCommand: the command and its arguments are kept (and counted in used_memory) until
   * EXEC. Once the transaction is doomed (a queuing error or a touched watched key) nothing is kept.
   */
  private queueMulti(c: Client, spec: CommandSpec, argv: string[]): void {
    if (c.multiDirty || c.watchDirty) return;
    c.multiQueue.push({ spec, argv });
    // The array, its slots and the strings (V8 string header ~16 bytes, latin1 payload).
    let bytes = 48 + 8 * argv.length;
    for (let i = 0; i < argv.length; i++) bytes += 16 + argv[i].length;
    c.multiBytes += bytes;
    this.multiBytes += bytes;
    if (spec.flags.includes('denyoom')) c.multiDenyoom = true;
  }

  /**
   * Out of memory inside MULTI, Redis refuses to queue anything (the queue itself grows memory) but
   * lets DISCARD, QUIT and RESET through, and EXEC unless a queued command is flagged denyoom.
   */
  private multiMayUseMemory(c: Client, spec: CommandSpec): boolean {
    const name = spec.name;
    if (name === 'exec') return c.multiDenyoom;
    return name !== 'discard' && name !== 'quit' && name !== 'reset';
  }

  /** Runs a resolved command: the handler, stats, slowlog and MONITOR feed. Used by EXEC too. */
  call(c: Client, spec: CommandSpec, argv: string[]): void {
    const handler = spec.handler;
    if (!handler) {
      c.reply.error(unknownSubcommand(argv[1] ?? '', spec.name));
      return;
    }
    c.lastCommand = spec.name; // set before running, as Redis does (CLIENT LIST shows itself)
    const start = performance.now();
    const errorsBefore = c.reply.errors;
    let failed = false;
    this.blocking.callBlocked = false;
    try {
      handler(c, argv);
    } catch (e) {
      failed = true;
      if (e instanceof CommandError) {
        c.reply.error(e.reply);
      } else {
        log('warning', `internal error in ${spec.name}: ${(e as Error).stack ?? e}`);
        c.reply.error('ERR internal error: ' + ((e as Error).message ?? String(e)));
      }
    }
    if (c.reply.errors !== errorsBefore) failed = true;
    const usec = (performance.now() - start) * 1000;
    this.stats.called(spec, usec, failed, failed ? c.reply.lastErrorCode : '', this.blocking.callBlocked);
    this.stats.slowlog(this, c, argv, usec);
    // Like Redis, administrative commands are not shown to MONITOR clients.
    if (this.stats.monitors.size > 0 && !spec.flags.includes('skip_monitor') && !spec.flags.includes('admin'))
      this.stats.feedMonitors(this, c, argv);
  }

  // -----------------------------------------------------------------------------------------------
  // Memory
  // -----------------------------------------------------------------------------------------------

  /** used_memory: the fixed baseline plus the bytes the dataset and its index hold. */
  usedMemory(): number {
    let clientBytes = 0;
    for (const c of this.clients.values()) clientBytes += c.socket.writableLength + c.parser.pendingBytes;
    const used = this.memoryForEviction() + clientBytes;
    if (used > this.peakMemory) this.peakMemory = used;
    return used;
  }

  /**
   * Memory counted against maxmemory: without the replies waiting in client buffers, but with the
   * MULTI queues (as Redis counts client mstate), so a client cannot queue past maxmemory.
   */
  memoryForEviction(): number {
    return (
      this.baselineBytes +
      this.keyspace.dataBytes +
      this.overheadBytesCache +
      this.multiBytes +
      this.scripting.cacheBytes +
      this.scripting.functionsBytes()
    );
  }

  get baseline(): number {
    return this.baselineBytes;
  }

  // -----------------------------------------------------------------------------------------------
  // Periodic tasks
  // -----------------------------------------------------------------------------------------------

  private cron(): void {
    const now = Date.now();
    this.keyspace.now = now;
    this.keyspace.lruClock = (now / 1000) >>> 0;
    // While a script runs in slices nothing but the script may touch the dataset (atomicity).
    if (this.scripting.busy) {
      this.stats.sampleOps(now);
      return;
    }
    this.overheadBytesCache =
      this.keyspace.overheadBytes() + (this.tiering ? this.tiering.overheadBytes() : 0);
    // Active expiry: at most 25% of a cron period (times the effort setting).
    const budget = (1000 / this.config.num('hz')) * 0.25 * (this.config.num('active-expire-effort') / 1);
    const deadline = now + budget;
    for (const db of this.keyspace.dbs) {
      if (!this.activeExpireEnabled || this.keyspace.expiryPaused) break;
      if (db.volatileSize > 0) db.activeExpire(deadline);
      if (Date.now() >= deadline) break;
    }
    if (this.blocking.count > 0) this.blocking.serveReady();
    const timeout = this.config.num('timeout');
    if (timeout > 0) {
      for (const c of this.clients.values()) {
        if (c.blocked === null && c.subscriptionCount === 0 && now - c.lastInteraction > timeout * 1000)
          this.freeClient(c);
      }
    }
    this.tiering?.cron();
    this.stats.sampleOps(now);
    this.usedMemory();
  }

  requestShutdown(): void {
    log('warning', 'User requested shutdown...');
    this.onShutdown();
  }

  /** CLIENT PAUSE: holds every client's commands (or only writes) until the time passes. */
  pause(ms: number, writesOnly: boolean): void {
    const now = Date.now();
    // Like Redis, a new pause extends the current one: the later end and the stricter mode win.
    if (this.pausedUntil > now) {
      this.pauseWritesOnly = this.pauseWritesOnly && writesOnly;
      this.pausedUntil = Math.max(this.pausedUntil, now + ms);
    } else {
      this.pauseWritesOnly = writesOnly;
      this.pausedUntil = now + ms;
    }
    clearTimeout(this.pauseTimer);
    this.keyspace.expiryPaused = true;
    this.pauseTimer = setTimeout(() => this.unpause(), this.pausedUntil - now);
  }

  unpause(): void {
    this.pausedUntil = 0;
    this.pauseWritesOnly = false;
    this.keyspace.expiryPaused = false;
    clearTimeout(this.pauseTimer);
    const postponed = this.postponed;
    this.postponed = [];
    for (const { c, argv } of postponed) {
      c.paused = false;
      if (c.closed) continue;
      this.execute(c, argv);
      this.flush(c);
    }
    for (const c of this.clients.values()) setImmediate(() => this.processInput(c));
  }

  /** Whether CLIENT PAUSE WRITE holds this command: writes, and EXEC of a queue holding writes. */
  private pausedForWrites(c: Client, spec: CommandSpec): boolean {
    if (this.pausedUntil <= Date.now()) return false;
    const isWrite = (s: CommandSpec) => s.flags.includes('write') || s.flags.includes('may_replicate');
    if (isWrite(spec)) return true;
    return spec.name === 'exec' && c.multiQueue.some((q) => isWrite(q.spec));
  }
}
