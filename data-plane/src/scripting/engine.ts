/**
 * The scripting engine: one Lua 5.4 state per server (wasmoon's WebAssembly build, driven through
 * the raw C API in scripting/lua.ts), the script cache keyed by SHA1, redis.call's dispatch, the
 * conversions between Redis replies and Lua values, and the time limit with SCRIPT KILL.
 *
 * Time limit. Node runs one thread, so a long script cannot run beside the event loop. Each script
 * runs as a coroutine on one dedicated Lua thread, with a count hook every HOOK_INSTRUCTIONS
 * instructions. Past busy-reply-threshold the hook yields (Lua 5.4 allows lua_yield from a count
 * hook); the server is then "busy": the script is resumed in slices of SLICE_MS from setImmediate,
 * and between slices every other client's command is answered BUSY except the allow_busy ones
 * (SCRIPT KILL, SHUTDOWN, ...). Nothing else touches the dataset meanwhile (the cron skips active
 * expiry), so the script stays atomic. SCRIPT KILL marks the run killed; the hook then raises
 * Redis's error at its next call, which ends the script through its error handler as in Redis.
 * A script run by EXEC, or whose caller cannot wait, runs to its end without yielding.
 */
import { createHash } from 'node:crypto';
import net from 'node:net';
import { CommandError, Err } from '../protocol/errors';
import { ReplyWriter, formatDouble } from '../protocol/reply';
import { Client } from '../server/client';
import { log, type LogLevel } from '../server/log';
import type { Server } from '../server/server';
import type { CommandSpec } from '../commands/table';
import { LUA_PRELUDE } from './lib';
import {
  LuaApi,
  LuaStatus,
  LuaType,
  LUA_MASKCOUNT,
  LUA_REGISTRYINDEX,
  loadLuaModule,
  type LuaState,
} from './lua';
import { SANDBOX_LUA } from './sandbox';
import {
  FnErr,
  FUNCTIONS_LUA,
  flagsOf,
  parseLibraryMetadata,
  validName,
  type FunctionInfo,
  type LibraryInfo,
} from './functions';
import { parseShebang, type ScriptFlags } from './shebang';

/** Native functions passed to the sandbox chunk, in its order; the count hook comes after them. */
const NATIVE_FUNCTIONS = 9;
const HOOK = NATIVE_FUNCTIONS;
/** Instructions between two time checks (Redis checks every 100000 too). */
const HOOK_INSTRUCTIONS = 100_000;
/** Lua time per slice while busy, before the event loop gets a turn. */
const SLICE_MS = 50;
/** FUNCTION LOAD's time limit for running a library's code (Redis's LOAD_TIMEOUT_MS). */
const LOAD_TIMEOUT_MS = 500;
/** Nesting limit of converted tables (cycles and deep nesting answer an error, as Redis's stack limit). */
const MAX_DEPTH = 1000;

export const ScriptErr = {
  noScript: 'NOSCRIPT No matching script. Please use EVAL.',
  busy: 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.',
  notBusy: 'NOTBUSY No scripts in execution right now.',
  unkillable:
    'UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.',
  numkeysNegative: "ERR Number of keys can't be negative",
  roWithWrites: 'ERR Can not execute a script with write flag using *_ro command.',
  killed: 'Script killed by user with SCRIPT KILL...',
  unknownCommand: 'Unknown Redis command called from script',
  wrongArgs: 'Wrong number of args calling Redis command from script',
  noScriptCommand: 'This Redis command is not allowed from script',
  readOnly: 'Write commands are not allowed from read-only scripts.',
  aclCommand: "The user executing the script can't run this command or subcommand",
  aclKey:
    "The user executing the script can't access at least one of the keys mentioned in the command arguments",
  aclChannel: "The user executing the script can't publish to the channel mentioned in the command",
  badArgs: 'Lua redis lib command arguments must be strings or integers',
  noArgs: 'Please specify at least one argument for this redis lib call',
  outsideScript: 'redis.call/pcall can only be called inside a script invocation',
  flushOption: 'ERR SCRIPT FLUSH only support SYNC|ASYNC option',
} as const;

export interface CachedScript {
  sha: string;
  body: string;
  flags: ScriptFlags;
  /** The compiled function in the Lua registry (as a lua_Integer for lua_rawgeti). */
  ref: bigint;
}

/** One script invocation. */
interface RunContext {
  caller: Client;
  script: CachedScript;
  /** The function run by FCALL, or null for EVAL. */
  fn: FunctionInfo | null;
  /** Redis's funcname in error texts: the script's SHA1, or the function's name. */
  name: string;
  /** The caller's command (FUNCTION STATS). */
  argv: readonly string[];
  readOnly: boolean;
  allowOom: boolean;
  /** Out of memory when the script started (compatibility mode: its first denyoom command fails). */
  oomAtStart: boolean;
  /** A write command ran: SCRIPT KILL answers UNKILLABLE, later denyoom commands are let through. */
  wrote: boolean;
  start: number;
  /** keyspace.now at the start: keys do not expire in the middle of a script. */
  now: number;
  /** RESP version of redis.call replies (redis.setresp). */
  resp: 2 | 3;
  /** The script may yield (the caller can wait): false inside EXEC. */
  yieldable: boolean;
  killed: boolean;
}

/** Redis's luaPushErrorBuff text: "-CODE msg" keeps its code, anything else gets ERR. */
export function luaErrorText(s: string): string {
  let code = 'ERR';
  let msg = s;
  if (s.startsWith('-')) {
    const sp = s.indexOf(' ');
    if (sp < 0) msg = s.slice(1);
    else {
      code = s.slice(1, sp);
      msg = s.slice(sp + 1);
    }
  }
  msg = msg.replace(/^[\r\n]+|[\r\n]+$/g, '');
  return code + ' ' + msg;
}

export function sha1hex(s: string): string {
  return createHash('sha1').update(s, 'latin1').digest('hex');
}

export class ScriptEngine {
  /** Resolves when the Lua state exists (Server.listen waits for it). */
  readonly ready: Promise<void>;
  private api!: LuaApi;
  private L: LuaState = 0;
  /** The thread every script runs on (a coroutine, so the hook can yield it). */
  private co: LuaState = 0;
  private envRef = 0n;
  private runRef = 0n;
  private heapRef = 0n;
  /** load_library of the functions chunk (scripting/functions.ts). */
  private loadLibRef = 0n;
  /** End of the running FUNCTION LOAD's time limit (performance.now()), 0 when none runs. */
  private loadDeadline = 0;
  /**
   * FUNCTION libraries by name, and every library's functions by lower-cased name (Redis's global
   * function dict ignores case: FCALL and the collision check between libraries).
   */
  readonly libraries = new Map<string, LibraryInfo>();
  readonly functions = new Map<string, FunctionInfo>();
  private libraryBytes = 0;
  private fnPointers: number[] = [];
  private readonly scripts = new Map<string, CachedScript>();
  /** Bytes held by the cache (bodies, SHA keys, entries): used_memory_scripts. */
  cacheBytes = 0;
  /** The invocation running now (also during redis.call). */
  private ctx: RunContext | null = null;
  /** The invocation running in slices (the server answers BUSY), else null. */
  private busyCtx: RunContext | null = null;
  private sliceEnd = 0;
  private hookCount = HOOK_INSTRUCTIONS;
  private closed = false;
  /** The client redis.call runs commands as (not connected, never in CLIENT LIST). */
  readonly luaClient: Client;
  /** Redis's rand48 state (math.random), process-wide as in Redis: SCRIPT FLUSH keeps it. */
  private rand48 = 0x1234abcd330en;
  /** Error code of a script reply already counted in errorstats (see noteCountedError). */
  private uncountCode: string | null = null;
  /** Reply text being converted by pushReply. */
  private rs = '';
  private rpos = 0;

  constructor(private readonly server: Server) {
    this.luaClient = new Client(server, new net.Socket(), 0);
    this.luaClient.inExec = true; // blocking commands answer at once, as inside MULTI
    this.luaClient.authenticated = true;
    // MONITOR shows the commands a script runs as "[<db> lua]", as Redis does.
    Object.defineProperty(this.luaClient, 'addr', { value: 'lua' });
    this.ready = this.init();
    // An unhandled rejection would end the process; EVAL reports a failed start instead.
    this.ready.catch((e: unknown) => log('warning', `Lua scripting unavailable: ${String(e)}`));
  }

  /** True while a script runs past busy-reply-threshold: other clients get BUSY. */
  get busy(): boolean {
    return this.busyCtx !== null;
  }

  get cachedScripts(): number {
    return this.scripts.size;
  }

  // -----------------------------------------------------------------------------------------------
  // The Lua state
  // -----------------------------------------------------------------------------------------------

  private async init(): Promise<void> {
    const m = await loadLuaModule();
    if (this.closed) return;
    this.api = new LuaApi(m);
    const fn = (f: (L: LuaState) => number) => m.addFunction(f, 'ii');
    this.fnPointers = [
      fn((L) => this.luaCall(L, true)),
      fn((L) => this.luaCall(L, false)),
      fn((L) => this.guard(L, () => this.luaSha1(L))),
      fn((L) => this.guard(L, () => this.luaLog(L))),
      fn((L) => this.guard(L, () => this.luaSetResp(L))),
      fn((L) => this.guard(L, () => this.luaAclCheck(L))),
      fn((L) => this.guard(L, () => this.luaSetRepl(L))),
      fn((L) => this.guard(L, () => this.luaRandom(L))),
      fn((L) => this.guard(L, () => this.luaRandomSeed(L))),
      m.addFunction((L: number, ar: number) => this.hook(L, ar), 'vii'),
    ];
    this.createState();
  }

  /** Creates the Lua state: libraries, prelude (scripting/lib), sandbox, the script thread. */
  private createState(): void {
    const { api } = this;
    const m = api.m;
    const L = m._luaL_newstate();
    if (L === 0) throw new Error('Lua: cannot create a state');
    m._luaL_openlibs(L);
    // The prelude's contract (scripting/lib/index.ts): a NULL light userdata becomes cjson.null.
    m._lua_pushlightuserdata(L, 0);
    m._lua_setglobal(L, api.cstr('__prelude_null'));
    for (const chunk of LUA_PRELUDE) {
      const name = chunk.name === '' ? '=compat' : '=' + chunk.name;
      if (
        api.load(L, chunk.source, name) !== LuaStatus.Ok ||
        m._lua_pcallk(L, 0, 1, 0, 0, 0) !== LuaStatus.Ok
      )
        throw new Error(`Lua prelude ${chunk.name || 'compat'}: ${api.toString(L, -1)}`);
      if (chunk.name !== '') m._lua_setglobal(L, api.cstr(chunk.name));
      else m._lua_settop(L, -2);
    }
    if (api.load(L, SANDBOX_LUA, '=sandbox') !== LuaStatus.Ok)
      throw new Error(`Lua sandbox: ${api.toString(L, -1)}`);
    for (let i = 0; i < NATIVE_FUNCTIONS; i++) m._lua_pushcclosure(L, this.fnPointers[i], 0);
    if (m._lua_pcallk(L, NATIVE_FUNCTIONS, 3, 0, 0, 0) !== LuaStatus.Ok)
      throw new Error(`Lua sandbox: ${api.toString(L, -1)}`);
    this.heapRef = BigInt(m._luaL_ref(L, LUA_REGISTRYINDEX));
    this.runRef = BigInt(m._luaL_ref(L, LUA_REGISTRYINDEX));
    this.envRef = BigInt(m._luaL_ref(L, LUA_REGISTRYINDEX));
    if (api.load(L, FUNCTIONS_LUA, '=functions') !== LuaStatus.Ok)
      throw new Error(`Lua functions: ${api.toString(L, -1)}`);
    m._lua_rawgeti(L, LUA_REGISTRYINDEX, this.envRef);
    if (m._lua_pcallk(L, 1, 1, 0, 0, 0) !== LuaStatus.Ok)
      throw new Error(`Lua functions: ${api.toString(L, -1)}`);
    this.loadLibRef = BigInt(m._luaL_ref(L, LUA_REGISTRYINDEX));
    this.co = m._lua_newthread(L);
    m._luaL_ref(L, LUA_REGISTRYINDEX); // keeps the thread alive
    this.hookCount = HOOK_INSTRUCTIONS;
    m._lua_sethook(this.co, this.fnPointers[HOOK], LUA_MASKCOUNT, HOOK_INSTRUCTIONS);
    this.L = L;
  }

  /** SCRIPT FLUSH: drops every cached script with the state that compiled them (as Redis does). */
  flush(): void {
    if (this.L === 0) return;
    if (this.busyCtx !== null) return; // unreachable: SCRIPT FLUSH is refused while busy
    this.api.m._lua_close(this.L);
    this.L = 0;
    this.scripts.clear();
    this.cacheBytes = 0;
    this.createState();
    // The libraries lived in the closed state: their code runs again in the new one.
    const libs = [...this.libraries.values()];
    this.libraries.clear();
    this.functions.clear();
    this.libraryBytes = 0;
    for (const lib of libs) {
      try {
        this.loadLibrary(lib.code, false);
      } catch (e) {
        log('warning', `Function library ${lib.name} could not be reloaded after SCRIPT FLUSH: ${String(e)}`);
      }
    }
  }

  close(): void {
    this.closed = true;
    if (this.busyCtx !== null) {
      this.busyCtx.caller.paused = false;
      this.busyCtx = null;
    }
    this.ctx = null;
    if (this.L !== 0) {
      // The wasm module is shared by every server of the process: give back what this one holds.
      this.api.m._lua_close(this.L);
      this.L = 0;
      for (const p of this.fnPointers) this.api.m.removeFunction(p);
      this.fnPointers = [];
      this.api.dispose();
    }
  }

  /** used_memory_lua: the Lua heap (collectgarbage('count')). */
  luaHeapBytes(): number {
    if (this.L === 0) return 0;
    const m = this.api.m;
    m._lua_rawgeti(this.L, LUA_REGISTRYINDEX, this.heapRef);
    if (m._lua_pcallk(this.L, 0, 1, 0, 0, 0) !== LuaStatus.Ok) {
      m._lua_settop(this.L, -2);
      return 0;
    }
    const n = m._lua_tonumberx(this.L, -1, 0);
    m._lua_settop(this.L, -2);
    return n;
  }

  // -----------------------------------------------------------------------------------------------
  // The script cache
  // -----------------------------------------------------------------------------------------------

  private requireState(): void {
    if (this.L === 0)
      throw new CommandError('ERR Lua scripting is not available: the Lua state failed to start');
  }

  get(sha: string): CachedScript | undefined {
    return this.scripts.get(sha.length === 40 ? sha.toLowerCase() : sha);
  }

  /** The cached script for a body, compiling (and caching) it when new. */
  load(body: string): CachedScript {
    this.requireState();
    const sha = sha1hex(body);
    const hit = this.scripts.get(sha);
    if (hit) return hit;
    const { flags, source } = parseShebang(body);
    const { api } = this;
    const m = api.m;
    const L = this.L;
    if (api.load(L, source, '@user_script') !== LuaStatus.Ok) {
      // Lua 5.4 leaves <eof> unquoted where Redis's Lua 5.1 writes '<eof>'.
      const msg = (api.toString(L, -1) ?? 'unknown error').replace(/ near <eof>$/, " near '<eof>'");
      m._lua_settop(L, -2);
      throw new CommandError('ERR Error compiling script (new function): ' + msg);
    }
    // The chunk's _ENV (its first upvalue) is the protected globals proxy.
    m._lua_rawgeti(L, LUA_REGISTRYINDEX, this.envRef);
    m._lua_setupvalue(L, -2, 1);
    const ref = BigInt(m._luaL_ref(L, LUA_REGISTRYINDEX));
    const script: CachedScript = { sha, body, flags, ref };
    this.scripts.set(sha, script);
    // The body, the 40-byte key and the entry itself (Redis counts the dict entry and both sds).
    this.cacheBytes += body.length + 40 + 96;
    return script;
  }

  // -----------------------------------------------------------------------------------------------
  // Running a script
  // -----------------------------------------------------------------------------------------------

  /**
   * Runs a cached script for a client: the reply is written to c.reply now, or, when the script
   * outlives busy-reply-threshold, when it ends (the client is paused meanwhile).
   */
  run(
    c: Client,
    script: CachedScript,
    argv: readonly string[],
    numkeys: number,
    readOnly: boolean,
    fn: FunctionInfo | null = null,
  ): void {
    this.requireState();
    const s = this.server;
    const flags = script.flags;
    if (flags.shebang) {
      if (!flags.noWrites && readOnly) throw new CommandError(ScriptErr.roWithWrites);
      // Declared flags: a writing script without allow-oom is refused up front when out of memory.
      if (s.maxmemory > 0 && !flags.noWrites && !flags.allowOom && !s.evictor.makeRoom())
        throw new CommandError(Err.oom);
    }
    // EVAL is flagged skip_monitor (its commands are fed one by one), yet Redis shows the EVAL first.
    if (s.stats.monitors.size > 0) s.stats.feedMonitors(s, c, argv as string[]);
    const oomAtStart = s.maxmemory > 0 && !flags.allowOom && !flags.noWrites && !s.evictor.makeRoom();
    const ctx: RunContext = {
      caller: c,
      script,
      fn,
      name: fn === null ? script.sha : fn.name,
      argv,
      readOnly: readOnly || flags.noWrites,
      allowOom: flags.allowOom || flags.noWrites,
      oomAtStart,
      wrote: false,
      start: performance.now(),
      now: s.keyspace.now,
      resp: 2,
      yieldable: !c.inExec && c !== this.luaClient,
      killed: false,
    };
    const { api } = this;
    const m = api.m;
    const L = this.L;
    const co = this.co;
    if (fn === null) {
      this.setArray(L, 'KEYS', argv, 3, 3 + numkeys);
      this.setArray(L, 'ARGV', argv, 3 + numkeys, argv.length);
    }
    const lc = this.luaClient;
    lc.db = c.db;
    lc.user = c.user;
    if (this.hookCount !== HOOK_INSTRUCTIONS) {
      this.hookCount = HOOK_INSTRUCTIONS;
      m._lua_sethook(co, this.fnPointers[HOOK], LUA_MASKCOUNT, HOOK_INSTRUCTIONS);
    }
    m._lua_rawgeti(co, LUA_REGISTRYINDEX, this.runRef);
    m._lua_rawgeti(co, LUA_REGISTRYINDEX, script.ref);
    if (fn !== null) {
      // A function gets KEYS and ARGV as its two arguments (no globals).
      this.pushArray(co, argv, 3, 3 + numkeys);
      this.pushArray(co, argv, 3 + numkeys, argv.length);
    }
    this.ctx = ctx;
    const status = m._lua_resume(co, L, fn === null ? 1 : 3, api.slot);
    if (status === LuaStatus.Yield) {
      this.enterBusy(ctx);
      return;
    }
    this.finish(ctx, status, c.reply);
    this.uncountError();
  }

  /** Pushes an array of strings from argv[from..to). */
  private pushArray(L: LuaState, argv: readonly string[], from: number, to: number): void {
    const { api } = this;
    const m = api.m;
    m._lua_createtable(L, to - from, 0);
    for (let i = from; i < to; i++) {
      m._lua_pushnumber(L, i - from + 1);
      api.pushString(L, argv[i]);
      m._lua_rawset(L, -3);
    }
  }

  /** Sets a global array of strings (KEYS, ARGV) from argv[from..to). */
  private setArray(L: LuaState, name: string, argv: readonly string[], from: number, to: number): void {
    this.pushArray(L, argv, from, to);
    this.api.m._lua_setglobal(L, this.api.cstr(name));
  }

  /** Writes the outcome of a finished run (the script thread's stack) and resets the thread. */
  private finish(ctx: RunContext, status: number, out: ReplyWriter): void {
    const m = this.api.m;
    const co = this.co;
    this.ctx = null;
    if (status === LuaStatus.Ok) {
      const n = m._lua_gettop(co);
      if (n >= 1 && m._lua_toboolean(co, 1) !== 0) {
        if (n >= 2) {
          m._lua_settop(co, 2);
          this.toReply(co, out, ctx.resp, 0);
        } else out.nullBulk();
      } else if (n >= 2) {
        this.scriptError(co, ctx, out);
      } else out.error('ERR Error running script: unknown error');
      m._lua_settop(co, 0);
    } else {
      // An error outside the script's protected call (the error handler failed, out of memory).
      const msg = this.api.toString(co, -1) ?? 'unknown error';
      out.error(
        `ERR Error running script (call to ${ctx.fn === null ? 'f_' + ctx.name : ctx.name}): @${ctx.fn === null ? 'user_script' : 'user_function'}: ${msg}`,
      );
      m._lua_resetthread(co);
    }
  }

  /** The reply for a script that failed: Redis's "<msg> script: <sha>, on <source>:<line>." */
  private scriptError(co: LuaState, ctx: RunContext, out: ReplyWriter): void {
    const { api } = this;
    const m = api.m;
    if (m._lua_type(co, 2) !== LuaType.Table) {
      const msg = m._lua_type(co, 2) === LuaType.String ? api.toString(co, 2) : 'execution failure';
      out.error(`ERR Error running script ${ctx.name}, ${String(msg).slice(0, 100)}`);
      return;
    }
    const msg =
      api.rawGetField(co, 2, 'err') === LuaType.String ? api.toString(co, -1)! : 'ERR unknown error';
    api.rawGetField(co, 2, 'source');
    const source = m._lua_type(co, -1) === LuaType.String ? api.toString(co, -1) : null;
    api.rawGetField(co, 2, 'line');
    const line = m._lua_type(co, -1) === LuaType.Number ? String(m._lua_tointegerx(co, -1, 0)) : null;
    let text = msg;
    if (source !== null && line !== null) text += ` script: ${ctx.name}, on ${source}:${line}.`;
    out.error(text);
    this.noteCountedError(co, 2, out);
  }

  /**
   * An error table made from a command's error reply (ignore_error_stats_update) was counted in
   * errorstats when the command failed: the script's reply carrying it must not count it twice
   * (EVAL still counts as a failed call), as in Redis.
   */
  private noteCountedError(L: LuaState, t: number, out: ReplyWriter): void {
    if (
      this.api.rawGetField(L, t, 'ignore_error_stats_update') === LuaType.Boolean &&
      this.api.m._lua_toboolean(L, -1)
    )
      this.uncountCode = out.lastErrorCode;
    this.api.m._lua_settop(L, -2);
  }

  /** Takes back one count of an error code before the dispatcher counts the failed EVAL's reply. */
  private uncountError(): void {
    const code = this.uncountCode;
    this.uncountCode = null;
    if (code === null) return;
    const stats = this.server.stats;
    const n = stats.errors.get(code === '' ? 'ERR' : code) ?? 0;
    if (n < 1) return;
    stats.errors.set(code === '' ? 'ERR' : code, n - 1);
    stats.errorReplies--;
  }

  // -----------------------------------------------------------------------------------------------
  // Busy mode: the script continues in slices; SCRIPT KILL
  // -----------------------------------------------------------------------------------------------

  /** Count hook on the script thread: time checks, yields into busy mode, the kill. */
  private hook(Lh: LuaState, ar: number): void {
    const ctx = this.ctx;
    const m = this.api.m;
    if (ctx === null) {
      // FUNCTION LOAD: a library's code may run LOAD_TIMEOUT_MS at most.
      if (this.loadDeadline > 0 && performance.now() > this.loadDeadline) {
        this.loadDeadline = 0;
        this.pushError(Lh, 'FUNCTION LOAD timeout');
        m._lua_error(Lh);
      }
      return;
    }
    if (ctx.killed) {
      // Raised whenever the user's code runs (the hook fires at every instruction once killed),
      // so a pcall in the script cannot swallow it; never inside the sandbox's own functions.
      m._lua_getinfo(Lh, this.api.cstr('Sl'), ar);
      // lua_Debug on wasm32: source at byte 16, currentline at byte 24.
      const source = m.HEAPU32[(ar + 16) >> 2];
      const where = source === 0 ? '' : this.api.cString(source);
      if (where !== '@user_script' && where !== '@user_function') return;
      const line = m.HEAP32[(ar + 24) >> 2];
      this.pushError(Lh, ScriptErr.killed);
      this.api.pushString(Lh, where);
      this.api.rawSetField(Lh, -2, 'source');
      m._lua_pushinteger(Lh, BigInt(line));
      this.api.rawSetField(Lh, -2, 'line');
      m._lua_error(Lh); // unwinds (emscripten longjmp) to the innermost protected call
      return;
    }
    if (!ctx.yieldable || Lh !== this.co) return;
    const now = performance.now();
    if (this.busyCtx === null) {
      const limit = this.server.config.num('busy-reply-threshold');
      if (limit > 0 && now - ctx.start >= limit && m._lua_isyieldable(Lh) !== 0) m._lua_yieldk(Lh, 0, 0, 0);
    } else if (now >= this.sliceEnd && m._lua_isyieldable(Lh) !== 0) {
      m._lua_yieldk(Lh, 0, 0, 0);
    }
  }

  private enterBusy(ctx: RunContext): void {
    this.busyCtx = ctx;
    this.ctx = null;
    ctx.caller.paused = true;
    log(
      'warning',
      `Slow script detected: still in execution after ${Math.round(performance.now() - ctx.start)} milliseconds. ` +
        `You can try killing the script using the ${ctx.fn === null ? 'SCRIPT' : 'FUNCTION'} KILL command. ` +
        `Script name is: ${ctx.name}.`,
    );
    setImmediate(() => this.slice());
  }

  /** Runs the busy script for one slice, then lets the event loop serve other clients. */
  private slice(): void {
    const ctx = this.busyCtx;
    if (ctx === null || this.closed) return;
    const s = this.server;
    if (s.shuttingDown) return;
    const m = this.api.m;
    s.keyspace.now = ctx.now;
    this.ctx = ctx;
    this.sliceEnd = performance.now() + SLICE_MS;
    if (ctx.killed) {
      // Raise the kill error at the next instruction (a pcall in the script cannot swallow it).
      this.hookCount = 1;
      m._lua_sethook(this.co, this.fnPointers[HOOK], LUA_MASKCOUNT, 1);
    }
    const status = m._lua_resume(this.co, this.L, 0, this.api.slot);
    if (status === LuaStatus.Yield) {
      this.ctx = null;
      setImmediate(() => this.slice());
      return;
    }
    this.busyCtx = null;
    const c = ctx.caller;
    this.finish(ctx, status, c.closed ? new ReplyWriter(c.resp) : c.reply);
    c.paused = false;
    if (s.blocking.count > 0) s.blocking.serveReady();
    s.resume(c);
  }

  /** SCRIPT KILL (eval) or FUNCTION KILL: each kills only its own kind of script. */
  kill(isEval = true): void {
    const ctx = this.busyCtx;
    if (ctx === null) throw new CommandError(ScriptErr.notBusy);
    if (ctx.wrote) throw new CommandError(ScriptErr.unkillable);
    if (isEval && ctx.fn !== null) throw new CommandError(FnErr.busyFunction);
    if (!isEval && ctx.fn === null) throw new CommandError(ScriptErr.busy);
    ctx.killed = true;
  }

  /** The BUSY error other clients get: its text names SCRIPT KILL or FUNCTION KILL. */
  get busyError(): string {
    return this.busyCtx !== null && this.busyCtx.fn !== null ? FnErr.busyFunction : ScriptErr.busy;
  }

  /** The script running in busy mode (FUNCTION STATS), or null. */
  get running(): { fn: FunctionInfo | null; argv: readonly string[]; durationMs: number } | null {
    const ctx = this.busyCtx;
    if (ctx === null) return null;
    return { fn: ctx.fn, argv: ctx.argv, durationMs: Math.floor(performance.now() - ctx.start) };
  }

  // -----------------------------------------------------------------------------------------------
  // Functions (FUNCTION LOAD / DELETE / FLUSH, FCALL)
  // -----------------------------------------------------------------------------------------------

  /** FUNCTION LOAD [REPLACE]: compiles and runs a library's code; returns the library's name. */
  loadLibrary(payload: string, replace: boolean): string {
    const lib = this.createLibrary(payload, replace, this.libraries, this.functions);
    const old = this.libraries.get(lib.name);
    if (old !== undefined) this.deleteLibrary(old.name);
    this.link(lib);
    return lib.name;
  }

  private link(lib: LibraryInfo): void {
    this.libraryBytes += ScriptEngine.bytesOf(lib);
    this.libraries.set(lib.name, lib);
    for (const fn of lib.functions.values()) this.functions.set(fn.name.toLowerCase(), fn);
  }

  /**
   * functionsCreateWithLibraryCtx: a library compiled and run, not linked; checked against the
   * given library set (the current one, or a FUNCTION RESTORE's own).
   */
  private createLibrary(
    payload: string,
    replace: boolean,
    libraries: ReadonlyMap<string, LibraryInfo>,
    functions: ReadonlyMap<string, FunctionInfo>,
  ): LibraryInfo {
    this.requireState();
    const md = parseLibraryMetadata(payload);
    if (!validName(md.name)) throw new CommandError(FnErr.libraryName);
    if (md.engine.toUpperCase() !== 'LUA') throw new CommandError(`ERR Engine '${md.engine}' not found`);
    const old = libraries.get(md.name);
    if (old !== undefined && !replace) throw new CommandError(`ERR Library '${md.name}' already exists`);
    const lib: LibraryInfo = { name: md.name, engine: 'LUA', code: payload, functions: new Map() };
    this.runLibraryCode(md.code, lib);
    if (lib.functions.size === 0) throw new CommandError(FnErr.noFunctions);
    for (const fn of lib.functions.values()) {
      const other = functions.get(fn.name.toLowerCase());
      if (other !== undefined && other.library !== old) {
        this.unrefLibrary(lib);
        throw new CommandError(`ERR Function ${fn.name} already exists`);
      }
    }
    return lib;
  }

  /** FUNCTION DUMP: the libraries' codes, in FUNCTION LIST order. */
  libraryCodes(): string[] {
    return [...this.libraries.values()].map((l) => l.code);
  }

  /**
   * FUNCTION RESTORE: the payload's libraries are created apart (a failure leaves the current set
   * untouched), then joined: FLUSH replaces the set, APPEND refuses an existing library name,
   * REPLACE replaces such libraries; a function name used by a library that stays is refused.
   */
  restoreLibraries(codes: readonly string[], policy: 'flush' | 'append' | 'replace'): void {
    const libs = new Map<string, LibraryInfo>();
    const fns = new Map<string, FunctionInfo>();
    const dropAll = () => {
      for (const l of libs.values()) this.unrefLibrary(l);
    };
    try {
      for (const code of codes) {
        const lib = this.createLibrary(code, false, libs, fns);
        libs.set(lib.name, lib);
        for (const fn of lib.functions.values()) fns.set(fn.name.toLowerCase(), fn);
      }
    } catch (e) {
      dropAll();
      throw e;
    }
    if (policy === 'flush') {
      this.flushFunctions();
    } else {
      for (const lib of libs.values()) {
        if (this.libraries.has(lib.name) && policy === 'append') {
          dropAll();
          throw new CommandError(`ERR Library ${lib.name} already exists`);
        }
      }
      for (const [key, fn] of fns) {
        const other = this.functions.get(key);
        if (other !== undefined && !(policy === 'replace' && libs.has(other.library.name))) {
          dropAll();
          throw new CommandError(`ERR Function ${fn.name} already exists`);
        }
      }
      for (const lib of libs.values()) this.deleteLibrary(lib.name);
    }
    for (const lib of libs.values()) this.link(lib);
  }

  /** Runs load_library on the script thread (its count hook enforces LOAD_TIMEOUT_MS). */
  private runLibraryCode(code: string, lib: LibraryInfo): void {
    const { api } = this;
    const m = api.m;
    const co = this.co;
    if (this.hookCount !== HOOK_INSTRUCTIONS) {
      this.hookCount = HOOK_INSTRUCTIONS;
      m._lua_sethook(co, this.fnPointers[HOOK], LUA_MASKCOUNT, HOOK_INSTRUCTIONS);
    }
    m._lua_settop(co, 0);
    m._lua_rawgeti(co, LUA_REGISTRYINDEX, this.loadLibRef);
    api.pushString(co, code);
    this.loadDeadline = performance.now() + LOAD_TIMEOUT_MS;
    const status = m._lua_pcallk(co, 1, 2, 0, 0, 0);
    this.loadDeadline = 0;
    if (status !== LuaStatus.Ok) {
      const msg = api.toString(co, -1) ?? 'unknown error';
      m._lua_settop(co, 0);
      throw new CommandError('ERR Error registering functions: ERR ' + msg);
    }
    if (m._lua_type(co, 1) !== LuaType.Table) {
      const msg = api.toString(co, 2) ?? 'ERR unknown error';
      m._lua_settop(co, 0);
      throw new CommandError(msg);
    }
    for (let i = 1; ; i++) {
      m._lua_settop(co, 2);
      if (m._lua_rawgeti(co, 1, BigInt(i)) !== LuaType.Table) break;
      const name = api.rawGetField(co, 3, 'name') === LuaType.String ? api.toString(co, -1)! : '';
      const description =
        api.rawGetField(co, 3, 'description') === LuaType.String ? api.toString(co, -1) : null;
      const flagText = api.rawGetField(co, 3, 'flags') === LuaType.String ? api.toString(co, -1)! : '';
      m._lua_settop(co, 3);
      api.rawGetField(co, 3, 'callback');
      const ref = BigInt(m._luaL_ref(co, LUA_REGISTRYINDEX));
      const flagNames = flagText === '' ? [] : flagText.split(',');
      lib.functions.set(name, { name, description, flagNames, flags: flagsOf(flagNames), library: lib, ref });
    }
    m._lua_settop(co, 0);
  }

  private unrefLibrary(lib: LibraryInfo): void {
    if (this.L === 0) return;
    for (const fn of lib.functions.values())
      this.api.m._luaL_unref(this.L, LUA_REGISTRYINDEX, Number(fn.ref));
  }

  /** FUNCTION DELETE: false when there is no such library. */
  deleteLibrary(name: string): boolean {
    const lib = this.libraries.get(name);
    if (lib === undefined) return false;
    this.unrefLibrary(lib);
    this.libraryBytes -= ScriptEngine.bytesOf(lib);
    for (const fn of lib.functions.keys()) this.functions.delete(fn.toLowerCase());
    this.libraries.delete(name);
    return true;
  }

  /** FUNCTION FLUSH: every library (the EVAL script cache stays). */
  flushFunctions(): void {
    for (const name of [...this.libraries.keys()]) this.deleteLibrary(name);
  }

  /** Bytes of the libraries' code and bookkeeping (used_memory_functions), kept by link/delete. */
  functionsBytes(): number {
    return this.libraryBytes;
  }

  private static bytesOf(lib: LibraryInfo): number {
    let n = lib.code.length + lib.name.length + 96;
    for (const fn of lib.functions.values()) n += fn.name.length + (fn.description?.length ?? 0) + 96;
    return n;
  }

  /** FCALL / FCALL_RO of a registered function. */
  runFunction(
    c: Client,
    fn: FunctionInfo,
    argv: readonly string[],
    numkeys: number,
    readOnly: boolean,
  ): void {
    const script: CachedScript = { sha: fn.name, body: '', flags: fn.flags, ref: fn.ref };
    this.run(c, script, argv, numkeys, readOnly, fn);
  }

  // -----------------------------------------------------------------------------------------------
  // redis.call / redis.pcall
  // -----------------------------------------------------------------------------------------------

  /**
   * A native function's body: JS exceptions must never unwind through wasm frames, so a failure
   * becomes a Lua error raised after the JS frame has returned its value.
   */
  private guard(L: LuaState, body: () => number): number {
    let n: number;
    try {
      n = body();
    } catch (e) {
      if (typeof e === 'number') throw e; // emscripten's longjmp (a Lua error in flight)
      this.pushError(L, e instanceof CommandError ? '-' + e.reply : String((e as Error).message ?? e));
      n = -1;
    }
    if (n < 0) return this.api.m._lua_error(L);
    return n;
  }

  private luaCall(L: LuaState, raise: boolean): number {
    return this.guard(L, () => this.callCommand(L, raise));
  }

  /** Pushes Redis's error table {err = "CODE msg"} for an error text. */
  private pushError(L: LuaState, text: string): void {
    const { api } = this;
    const m = api.m;
    m._lua_createtable(L, 0, 2);
    api.pushString(L, luaErrorText(text));
    api.rawSetField(L, -2, 'err');
  }

  /** redis.call/pcall: returns the number of results, or -1 to raise the error table on top. */
  private callCommand(L: LuaState, raise: boolean): number {
    const { api } = this;
    const m = api.m;
    const ctx = this.ctx;
    if (ctx === null) {
      this.pushError(L, ScriptErr.outsideScript);
      return -1;
    }
    const argc = m._lua_gettop(L);
    if (argc === 0) {
      this.pushError(L, ScriptErr.noArgs);
      return raise ? -1 : 1;
    }
    const argv = new Array<string>(argc);
    let ok = true;
    for (let i = 1; i <= argc; i++) {
      const t = m._lua_type(L, i);
      if (t === LuaType.String) argv[i - 1] = api.toString(L, i)!;
      else if (t === LuaType.Number) argv[i - 1] = luaNumberArg(m._lua_tonumberx(L, i, 0));
      else {
        ok = false;
        break;
      }
    }
    m._lua_settop(L, 0);
    if (!ok) {
      this.pushError(L, ScriptErr.badArgs);
      return raise ? -1 : 1;
    }
    const err = this.dispatch(ctx, argv);
    if (err !== null) {
      this.pushError(L, err);
      m._lua_pushboolean(L, 1);
      api.rawSetField(L, -2, 'ignore_error_stats_update');
      return raise ? -1 : 1;
    }
    const reply = this.luaClient.reply.take();
    if (!m._lua_checkstack(L, 8)) {
      this.pushError(L, 'reached lua stack limit');
      return -1;
    }
    this.rs = reply;
    this.rpos = 0;
    this.pushReply(L, 0);
    this.rs = '';
    return raise && reply.charCodeAt(0) === 45 /* - */ ? -1 : 1;
  }

  /**
   * The dispatcher's rules for a command run by a script (Redis's scriptCall): returns the error
   * text, or null once the command ran (its reply is in luaClient.reply).
   */
  private dispatch(ctx: RunContext, argv: string[]): string | null {
    const s = this.server;
    let spec: CommandSpec | undefined = s.commands.get(argv[0]) ?? s.commands.get(argv[0].toLowerCase());
    if (spec === undefined) return this.rejected(null, ScriptErr.unknownCommand);
    if (spec.subcommands && argv.length >= 2) {
      spec = s.commands.subcommand(spec.name, argv[1].toLowerCase());
      if (spec === undefined) return this.rejected(null, ScriptErr.unknownCommand);
    }
    const arity = spec.arity;
    if ((arity > 0 && argv.length !== arity) || argv.length < -arity)
      return this.rejected(spec, ScriptErr.wrongArgs);
    const flags = spec.flags;
    if (flags.includes('noscript')) return this.rejected(spec, ScriptErr.noScriptCommand);
    const lc = this.luaClient;
    if (s.acl.restrictedUsers > 0) {
      const denied = s.acl.deny(lc, spec, argv);
      if (denied !== null)
        return this.rejected(
          spec,
          denied === Err.noPermKey
            ? ScriptErr.aclKey
            : denied === Err.noPermChannel
              ? ScriptErr.aclChannel
              : ScriptErr.aclCommand,
        );
    }
    const isWrite = flags.includes('write');
    if (isWrite && ctx.readOnly) return this.rejected(spec, ScriptErr.readOnly);
    if (ctx.oomAtStart && !ctx.wrote && !ctx.allowOom && flags.includes('denyoom'))
      return this.rejected(spec, '-' + Err.oom);
    if (isWrite) ctx.wrote = true;
    lc.reply.resp = ctx.resp;
    s.call(lc, spec, argv);
    if (isWrite && s.tiering !== undefined) s.tiering.afterWrite(lc, spec, argv);
    return null;
  }

  /** A command refused inside a script: counted as rejected (and in errorstats) as Redis does. */
  private rejected(spec: CommandSpec | null, error: string): string {
    const stats = this.server.stats;
    if (spec === null) stats.errorReply(this.luaClient);
    else stats.rejected(spec.name, this.luaClient, luaErrorText(error));
    return error;
  }

  /** Converts the RESP reply text at rpos into a Lua value on L (Redis's redisProtocolToLuaType). */
  private pushReply(L: LuaState, depth: number): void {
    const { api } = this;
    const m = api.m;
    const rs = this.rs;
    const type = rs.charCodeAt(this.rpos);
    const eol = rs.indexOf('\r\n', this.rpos);
    const line = rs.slice(this.rpos + 1, eol);
    this.rpos = eol + 2;
    if (depth > 0 && !m._lua_checkstack(L, 4)) throw new Error('reached lua stack limit');
    switch (type) {
      case 43: // + status
        m._lua_createtable(L, 0, 1);
        api.pushString(L, line);
        api.rawSetField(L, -2, 'ok');
        return;
      case 45: // - error
        this.pushError(L, '-' + line);
        m._lua_pushboolean(L, 1);
        api.rawSetField(L, -2, 'ignore_error_stats_update');
        return;
      case 58: // : integer (a Lua integer, so tostring() prints it as Redis's Lua 5.1 does)
        m._lua_pushinteger(L, BigInt(line));
        return;
      case 36: {
        // $ bulk
        const len = Number(line);
        if (len < 0) {
          m._lua_pushboolean(L, 0);
          return;
        }
        api.pushString(L, rs.slice(this.rpos, this.rpos + len));
        this.rpos += len + 2;
        return;
      }
      case 42: // * array
      case 62: {
        // > push
        const n = Number(line);
        if (n < 0) {
          m._lua_pushboolean(L, 0);
          return;
        }
        m._lua_createtable(L, n, 0);
        for (let i = 1; i <= n; i++) {
          m._lua_pushnumber(L, i);
          this.pushReply(L, depth + 1);
          m._lua_rawset(L, -3);
        }
        return;
      }
      case 37: // % map -> {map = {k = v}}
      case 126: {
        // ~ set -> {set = {member = true}}
        const n = Number(line);
        m._lua_createtable(L, 0, 1);
        m._lua_createtable(L, 0, n);
        for (let i = 0; i < n; i++) {
          this.pushReply(L, depth + 1);
          if (type === 37) this.pushReply(L, depth + 1);
          else m._lua_pushboolean(L, 1);
          m._lua_rawset(L, -3);
        }
        api.rawSetField(L, -2, type === 37 ? 'map' : 'set');
        return;
      }
      case 95: // _ null
        m._lua_pushnil(L);
        return;
      case 35: // # boolean
        m._lua_pushboolean(L, line === 't' ? 1 : 0);
        return;
      case 44: // , double -> {double = n}
        m._lua_createtable(L, 0, 1);
        m._lua_pushnumber(L, parseRespDouble(line));
        api.rawSetField(L, -2, 'double');
        return;
      case 40: // ( big number -> {big_number = "digits"}
        m._lua_createtable(L, 0, 1);
        api.pushString(L, line);
        api.rawSetField(L, -2, 'big_number');
        return;
      case 61: {
        // = verbatim -> {verbatim_string = {format = "txt", string = "..."}}
        const len = Number(line);
        const body = rs.slice(this.rpos, this.rpos + len);
        this.rpos += len + 2;
        m._lua_createtable(L, 0, 1);
        m._lua_createtable(L, 0, 2);
        api.pushString(L, body.slice(0, 3));
        api.rawSetField(L, -2, 'format');
        api.pushString(L, body.slice(4));
        api.rawSetField(L, -2, 'string');
        api.rawSetField(L, -2, 'verbatim_string');
        return;
      }
      case 124: {
        // | attribute: skipped, the reply follows
        const n = Number(line);
        const top = m._lua_gettop(L);
        for (let i = 0; i < 2 * n; i++) this.pushReply(L, depth + 1);
        m._lua_settop(L, top);
        this.pushReply(L, depth);
        return;
      }
      default:
        throw new Error('unexpected reply from a command: ' + JSON.stringify(rs.slice(0, 40)));
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Lua value -> reply (Redis's luaReplyToRedisReply)
  // -----------------------------------------------------------------------------------------------

  /** Writes the value on top of L as a reply and pops it. `resp` is the script's redis.setresp. */
  private toReply(L: LuaState, out: ReplyWriter, resp: 2 | 3, depth: number): void {
    const { api } = this;
    const m = api.m;
    if (depth > MAX_DEPTH || !m._lua_checkstack(L, 4)) {
      out.error('ERR reached lua stack limit');
      m._lua_settop(L, -2);
      return;
    }
    switch (m._lua_type(L, -1)) {
      case LuaType.String:
        out.bulk(api.toString(L, -1)!);
        break;
      case LuaType.Boolean: {
        const b = m._lua_toboolean(L, -1) !== 0;
        if (resp === 2) {
          if (b) out.integer(1);
          else out.nullBulk();
        } else out.bool(b);
        break;
      }
      case LuaType.Number:
        // Redis's Lua 5.1 holds every number as a double: an integer beyond 2^53 reaches the reply
        // through a double too (9223372036854775807 becomes 2^63, then LLONG_MIN).
        out.integer(doubleToLongLong(m._lua_tonumberx(L, -1, 0)));
        break;
      case LuaType.Table:
        this.tableToReply(L, out, resp, depth);
        break;
      default:
        out.nullBulk();
    }
    m._lua_settop(L, -2);
  }

  /** A table: error, status, double, big number, verbatim, map, set, else an array (to the first nil). */
  private tableToReply(L: LuaState, out: ReplyWriter, resp: 2 | 3, depth: number): void {
    const { api } = this;
    const m = api.m;
    const t = m._lua_gettop(L);
    const field = (name: string): number => {
      m._lua_settop(L, t);
      return api.rawGetField(L, t, name);
    };
    if (field('err') === LuaType.String) {
      out.error(api.toString(L, -1)!);
      if (depth === 0) this.noteCountedError(L, t, out);
    } else if (field('ok') === LuaType.String) {
      out.status(api.toString(L, -1)!.replace(/[\r\n]/g, ' '));
    } else if (field('double') === LuaType.Number) {
      out.double(m._lua_tonumberx(L, -1, 0));
    } else if (field('big_number') === LuaType.String) {
      const s = api.toString(L, -1)!.replace(/[\r\n]/g, ' ');
      if (out.resp === 3) out.raw('(' + s + '\r\n');
      else out.bulk(s);
    } else if (field('verbatim_string') === LuaType.Table && this.verbatim(L, out)) {
      // written
    } else if (field('map') === LuaType.Table || field('set') === LuaType.Table) {
      const isMap = m._lua_type(L, t + 1) === LuaType.Table && this.isField(L, t, 'map');
      const inner = t + 1;
      const saved = out.out;
      out.out = '';
      let n = 0;
      m._lua_pushnil(L);
      while (m._lua_next(L, inner) !== 0) {
        // stack: key, value
        if (isMap) {
          m._lua_pushvalue(L, -2);
          this.toReply(L, out, resp, depth + 1); // the key (a copy: lua_next needs the original)
          this.toReply(L, out, resp, depth + 1); // the value
        } else {
          m._lua_settop(L, -2);
          m._lua_pushvalue(L, -1);
          this.toReply(L, out, resp, depth + 1);
        }
        n++;
      }
      const body = out.out;
      out.out = saved;
      if (isMap) out.mapLen(n);
      else out.setLen(n);
      out.out += body;
    } else {
      m._lua_settop(L, t);
      const saved = out.out;
      out.out = '';
      let n = 0;
      for (;;) {
        m._lua_pushnumber(L, n + 1);
        if (m._lua_rawget(L, t) === LuaType.Nil) {
          m._lua_settop(L, -2);
          break;
        }
        this.toReply(L, out, resp, depth + 1);
        n++;
      }
      const body = out.out;
      out.out = saved;
      out.arrayLen(n);
      out.out += body;
    }
    m._lua_settop(L, t);
  }

  /** Whether t.name (raw) is a table: tells the map case from the set case. */
  private isField(L: LuaState, t: number, name: string): boolean {
    const type = this.api.rawGetField(L, t, name);
    this.api.m._lua_settop(L, -2);
    return type === LuaType.Table;
  }

  /** {verbatim_string = {format = ..., string = ...}} with the table on top; false when malformed. */
  private verbatim(L: LuaState, out: ReplyWriter): boolean {
    const { api } = this;
    const m = api.m;
    const v = m._lua_gettop(L);
    if (api.rawGetField(L, v, 'format') !== LuaType.String) return false;
    const format = api.toString(L, -1)!;
    if (api.rawGetField(L, v, 'string') !== LuaType.String) return false;
    out.verbatim(api.toString(L, -1)!, format);
    return true;
  }

  // -----------------------------------------------------------------------------------------------
  // The other native functions of the redis table
  // -----------------------------------------------------------------------------------------------

  private luaSha1(L: LuaState): number {
    if (this.api.m._lua_gettop(L) !== 1) {
      this.pushError(L, 'wrong number of arguments');
      return -1;
    }
    const s = this.api.toString(L, 1) ?? '';
    this.api.pushString(L, sha1hex(s));
    return 1;
  }

  /** redis.log(level, message, ...): the messages (strings and numbers) joined by spaces. */
  private luaLog(L: LuaState): number {
    const { api } = this;
    const m = api.m;
    const argc = m._lua_gettop(L);
    if (argc < 2) {
      this.pushError(L, 'redis.log() requires two arguments or more.');
      return -1;
    }
    const t = m._lua_type(L, 1);
    if (t !== LuaType.Number && !(t === LuaType.String && !Number.isNaN(Number(api.toString(L, 1))))) {
      this.pushError(L, 'First argument must be a number (log level).');
      return -1;
    }
    const level = Math.trunc(m._lua_tonumberx(L, 1, 0));
    if (!(level >= 0 && level <= 3)) {
      this.pushError(L, 'Invalid debug level.');
      return -1;
    }
    const parts: string[] = [];
    for (let i = 2; i <= argc; i++) {
      const ti = m._lua_type(L, i);
      if (ti === LuaType.String || ti === LuaType.Number) parts.push(api.toString(L, i)!);
    }
    const names: LogLevel[] = ['debug', 'verbose', 'notice', 'warning'];
    log(names[level], parts.join(' '));
    return 0;
  }

  private luaSetResp(L: LuaState): number {
    const m = this.api.m;
    const ctx = this.ctx;
    if (ctx === null) {
      this.pushError(L, 'redis.setresp can only be called inside a script invocation');
      return -1;
    }
    if (m._lua_gettop(L) !== 1) {
      this.pushError(L, 'redis.setresp() requires one argument.');
      return -1;
    }
    const resp = Math.trunc(m._lua_tonumberx(L, 1, 0));
    if (resp !== 2 && resp !== 3) {
      this.pushError(L, 'RESP version must be 2 or 3.');
      return -1;
    }
    ctx.resp = resp;
    return 0;
  }

  /** redis.set_repl(flags): validated; there is no replication, so every mode changes nothing. */
  private luaSetRepl(L: LuaState): number {
    const m = this.api.m;
    if (this.ctx === null) {
      this.pushError(L, 'redis.set_repl can only be called inside a script invocation');
      return -1;
    }
    if (m._lua_gettop(L) !== 1) {
      this.pushError(L, 'redis.set_repl() requires two arguments.');
      return -1;
    }
    const flags = Math.trunc(m._lua_tonumberx(L, 1, 0));
    if ((flags & ~3) !== 0) {
      this.pushError(L, 'Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.');
      return -1;
    }
    return 0;
  }

  /** Raises a Lua string error with the caller's position, as luaL_error does ("user_script:1: ..."). */
  private raiseWithPosition(L: LuaState, msg: string): number {
    const m = this.api.m;
    m._luaL_where(L, 1);
    this.api.pushString(L, msg);
    m._lua_concat(L, 2);
    return -1;
  }

  /** A number argument of math.random/randomseed (Lua 5.1's luaL_checknumber texts). */
  private numberArg(L: LuaState, i: number, fname: string): number | string {
    const m = this.api.m;
    const t = m._lua_type(L, i);
    if (t === LuaType.Number) return m._lua_tonumberx(L, i, 0);
    if (t === LuaType.String) {
      const n = Number(this.api.toString(L, i));
      if (!Number.isNaN(n)) return n;
    }
    const got = t === LuaType.None ? 'no value' : luaTypeName(t);
    return `bad argument #${i} to '${fname}' (number expected, got ${got})`;
  }

  /** math.random([m [, n]]) on Redis's rand48 generator (redisLrand48). */
  private luaRandom(L: LuaState): number {
    const m = this.api.m;
    this.rand48 = (this.rand48 * 0x5deece66dn + 0xbn) & 0xffffffffffffn;
    const r = (Number(this.rand48 >> 17n) % 0x7fffffff) / 0x7fffffff;
    const argc = m._lua_gettop(L);
    if (argc === 0) {
      m._lua_pushnumber(L, r);
      return 1;
    }
    if (argc > 2) return this.raiseWithPosition(L, 'wrong number of arguments');
    const lo = argc === 1 ? 1 : this.numberArg(L, 1, 'random');
    if (typeof lo === 'string') return this.raiseWithPosition(L, lo);
    const hi = this.numberArg(L, argc, 'random');
    if (typeof hi === 'string') return this.raiseWithPosition(L, hi);
    // luaL_checkint: the bounds are truncated to C ints.
    const l = argc === 1 ? 1 : Math.trunc(lo) | 0;
    const u = Math.trunc(hi) | 0;
    if (l > u) return this.raiseWithPosition(L, `bad argument #${argc} to 'random' (interval is empty)`);
    m._lua_pushinteger(L, BigInt(Math.floor(r * (u - l + 1)) + l));
    return 1;
  }

  /** math.randomseed(n): redisSrand48((int32_t)n). */
  private luaRandomSeed(L: LuaState): number {
    const seed = this.numberArg(L, 1, 'randomseed');
    if (typeof seed === 'string') return this.raiseWithPosition(L, seed);
    this.rand48 = ((BigInt(Math.trunc(seed) | 0) & 0xffffffffn) << 16n) | 0x330en;
    return 0;
  }

  /** redis.acl_check_cmd(command, args...): whether the calling user may run it. */
  private luaAclCheck(L: LuaState): number {
    const { api } = this;
    const m = api.m;
    if (this.ctx === null) {
      this.pushError(L, 'redis.acl_check_cmd can only be called inside a script invocation');
      return -1;
    }
    const argc = m._lua_gettop(L);
    if (argc === 0) {
      this.pushError(L, ScriptErr.noArgs);
      return -1;
    }
    const argv: string[] = [];
    for (let i = 1; i <= argc; i++) {
      const t = m._lua_type(L, i);
      if (t === LuaType.String) argv.push(api.toString(L, i)!);
      else if (t === LuaType.Number) argv.push(luaNumberArg(m._lua_tonumberx(L, i, 0)));
      else {
        this.pushError(L, ScriptErr.badArgs);
        return -1;
      }
    }
    m._lua_settop(L, 0);
    const s = this.server;
    let spec = s.commands.get(argv[0]) ?? s.commands.get(argv[0].toLowerCase());
    if (spec?.subcommands && argv.length >= 2) spec = s.commands.subcommand(spec.name, argv[1].toLowerCase());
    if (spec === undefined) {
      this.pushError(L, 'Invalid command passed to redis.acl_check_cmd()');
      return -1;
    }
    const user = s.acl.users.get(this.ctx.caller.user);
    m._lua_pushboolean(L, user !== undefined && s.acl.check(user, spec, argv) === null ? 1 : 0);
    return 1;
  }
}

/** A Lua number passed to redis.call, formatted as Redis does ("%.17g"). */
function luaNumberArg(n: number): string {
  return formatDouble(n);
}

/**
 * C's (long long) cast of a double, what Redis's Lua number -> integer reply does: truncation; on
 * x86-64 a NaN or an out-of-range value gives LLONG_MIN.
 */
function doubleToLongLong(d: number): number | bigint {
  if (Number.isNaN(d) || d >= 2 ** 63 || d < -(2 ** 63)) return -(2n ** 63n);
  const t = Math.trunc(d);
  return Number.isSafeInteger(t) ? t : BigInt(t);
}

function luaTypeName(t: number): string {
  return (
    ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function', 'userdata', 'thread'][t] ?? '?'
  );
}

function parseRespDouble(s: string): number {
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  return Number(s);
}
