/**
 * A thin, binary-safe binding to the raw Lua 5.4 C API that wasmoon exports (Lua compiled to
 * WebAssembly). wasmoon's convenience layer converts JS strings to UTF-8, which would corrupt the
 * bytes >= 0x80 of Redis values (strata strings are latin1: one char per byte). Here every string
 * crosses the boundary as a byte copy into or out of wasm memory: a latin1 write into a reusable
 * scratch buffer plus lua_pushlstring, and lua_tolstring plus a latin1 read of the bytes.
 */
import { LuaWasm } from 'wasmoon';

/** A lua_State* (an address in wasm memory). */
export type LuaState = number;

export const LUA_REGISTRYINDEX = -1000000 - 1000;
export const LUA_MULTRET = -1;

export const enum LuaType {
  None = -1,
  Nil = 0,
  Boolean = 1,
  LightUserdata = 2,
  Number = 3,
  String = 4,
  Table = 5,
  Function = 6,
  Userdata = 7,
  Thread = 8,
}

export const enum LuaStatus {
  Ok = 0,
  Yield = 1,
  ErrRun = 2,
  ErrSyntax = 3,
  ErrMem = 4,
  ErrErr = 5,
}

export const LUA_MASKCOUNT = 8;

/** The raw exports used here (emscripten names: `_` + the C name). */
interface RawModule {
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  HEAP32: Int32Array;
  _malloc(n: number): number;
  _free(p: number): void;
  addFunction(fn: (...args: number[]) => number | void, sig: string): number;
  removeFunction(index: number): void;
  _luaL_newstate(): LuaState;
  _luaL_openlibs(L: LuaState): void;
  _lua_close(L: LuaState): void;
  _luaL_loadbufferx(L: LuaState, buf: number, len: number, name: number, mode: number): number;
  _lua_gettop(L: LuaState): number;
  _lua_settop(L: LuaState, idx: number): void;
  _lua_pushvalue(L: LuaState, idx: number): void;
  _lua_rotate(L: LuaState, idx: number, n: number): void;
  _lua_checkstack(L: LuaState, n: number): number;
  _lua_xmove(from: LuaState, to: LuaState, n: number): void;
  _lua_type(L: LuaState, idx: number): number;
  _lua_tonumberx(L: LuaState, idx: number, isnum: number): number;
  _lua_tointegerx(L: LuaState, idx: number, isnum: number): bigint;
  _lua_isinteger(L: LuaState, idx: number): number;
  _lua_toboolean(L: LuaState, idx: number): number;
  _lua_tolstring(L: LuaState, idx: number, len: number): number;
  _lua_tothread(L: LuaState, idx: number): LuaState;
  _lua_pushnil(L: LuaState): void;
  _lua_pushnumber(L: LuaState, n: number): void;
  _lua_pushinteger(L: LuaState, n: bigint): void;
  _lua_pushlstring(L: LuaState, s: number, len: number): number;
  _lua_pushboolean(L: LuaState, b: number): void;
  _lua_pushlightuserdata(L: LuaState, p: number): void;
  _lua_pushcclosure(L: LuaState, fn: number, n: number): void;
  _lua_createtable(L: LuaState, narr: number, nrec: number): void;
  _lua_rawget(L: LuaState, idx: number): number;
  _lua_rawgeti(L: LuaState, idx: number, n: bigint): number;
  _lua_rawset(L: LuaState, idx: number): void;
  _lua_getglobal(L: LuaState, name: number): number;
  _lua_setglobal(L: LuaState, name: number): void;
  _lua_next(L: LuaState, idx: number): number;
  _lua_pcallk(L: LuaState, nargs: number, nres: number, errfunc: number, ctx: number, k: number): number;
  _lua_newthread(L: LuaState): LuaState;
  _lua_resume(L: LuaState, from: LuaState, nargs: number, nres: number): number;
  _lua_resetthread(L: LuaState): number;
  _lua_yieldk(L: LuaState, nres: number, ctx: number, k: number): number;
  _lua_isyieldable(L: LuaState): number;
  _lua_error(L: LuaState): number;
  _lua_sethook(L: LuaState, fn: number, mask: number, count: number): void;
  _lua_setupvalue(L: LuaState, funcindex: number, n: number): number;
  _luaL_where(L: LuaState, level: number): void;
  _lua_getinfo(L: LuaState, what: number, ar: number): number;
  _lua_concat(L: LuaState, n: number): void;
  _luaL_ref(L: LuaState, t: number): number;
  _luaL_unref(L: LuaState, t: number, ref: number): void;
}

let modulePromise: Promise<RawModule> | undefined;

/** The part of the WebAssembly global used here (the DOM typings are not in this project). */
interface WasmNamespace {
  instantiate: (...args: unknown[]) => Promise<unknown>;
  Instance: abstract new (...args: never[]) => object;
}

/**
 * Loads the WebAssembly module once per process (every Lua state shares it). The module's `_name`
 * functions are emscripten wrappers (a runtime assertion and an `apply` per call); the instance's
 * exports are captured while it is instantiated and put in their place, so the hot paths call into
 * wasm directly. Should the capture fail (another emscripten version), the wrappers stay.
 */
export function loadLuaModule(): Promise<RawModule> {
  modulePromise ??= (async () => {
    const wasm = (globalThis as unknown as { WebAssembly: WasmNamespace }).WebAssembly;
    const original = wasm.instantiate;
    let exported: Record<string, unknown> | undefined;
    wasm.instantiate = async (...args: unknown[]) => {
      const result = await original.apply(wasm, args);
      const instance = (result as { instance?: unknown }).instance ?? result;
      if (instance instanceof wasm.Instance && exported === undefined)
        exported = (instance as { exports: Record<string, unknown> }).exports;
      return result;
    };
    let w: LuaWasm;
    try {
      w = await LuaWasm.initialize();
    } finally {
      wasm.instantiate = original;
    }
    const m = w.module as unknown as Record<string, unknown>;
    if (exported !== undefined) {
      for (const key of Object.keys(m)) {
        if (!key.startsWith('_lua') && key !== '_malloc' && key !== '_free') continue;
        const direct = exported[key.slice(1)];
        if (typeof direct === 'function') m[key] = direct;
      }
    }
    return m as unknown as RawModule;
  })();
  return modulePromise;
}

/**
 * One module's raw API plus the byte-copy helpers. Strings are written through a scratch buffer
 * that only grows (no allocation per call); reads copy straight out of wasm memory.
 */
export class LuaApi {
  private scratch = 0;
  private scratchSize = 0;
  private mem: Buffer;
  /** A 4-byte slot for lua_tolstring's length / lua_resume's result count. */
  readonly slot: number;
  private readonly cstrings = new Map<string, number>();

  constructor(readonly m: RawModule) {
    this.mem = Buffer.from(m.HEAPU8.buffer);
    this.slot = m._malloc(8);
    this.grow(4096);
  }

  private grow(n: number): void {
    if (this.scratch !== 0) this.m._free(this.scratch);
    this.scratchSize = Math.max(n, this.scratchSize * 2);
    this.scratch = this.m._malloc(this.scratchSize);
    if (this.scratch === 0) throw new Error('Lua: out of wasm memory');
  }

  /** Frees the scratch buffer, the result slot and the constant strings (the state is closed). */
  dispose(): void {
    this.m._free(this.scratch);
    this.m._free(this.slot);
    for (const p of this.cstrings.values()) this.m._free(p);
    this.cstrings.clear();
    this.scratch = 0;
    this.scratchSize = 0;
  }

  /** A view of wasm memory (recreated after the memory grew). */
  private view(): Buffer {
    const buf = this.m.HEAPU8.buffer;
    if (this.mem.buffer !== buf) this.mem = Buffer.from(buf);
    return this.mem;
  }

  /** A NUL-terminated constant string kept for the state's lifetime (names, chunk names). */
  cstr(s: string): number {
    let p = this.cstrings.get(s);
    if (p === undefined) {
      p = this.m._malloc(s.length + 1);
      const v = this.view();
      v.write(s, p, s.length, 'latin1');
      v[p + s.length] = 0;
      this.cstrings.set(s, p);
    }
    return p;
  }

  /** Copies a latin1 string into the scratch buffer; returns its address. */
  private put(s: string): number {
    if (s.length > this.scratchSize) this.grow(s.length);
    const p = this.scratch;
    const n = s.length;
    if (n < 32) {
      const heap = this.m.HEAPU8;
      for (let i = 0; i < n; i++) heap[p + i] = s.charCodeAt(i);
    } else {
      this.view().write(s, p, n, 'latin1');
    }
    return p;
  }

  pushString(L: LuaState, s: string): void {
    this.m._lua_pushlstring(L, this.put(s), s.length);
  }

  /** The string at idx (numbers are converted in place, as lua_tolstring does), or null. */
  toString(L: LuaState, idx: number): string | null {
    const p = this.m._lua_tolstring(L, idx, this.slot);
    if (p === 0) return null;
    const len = this.m.HEAPU32[this.slot >> 2];
    if (len === 0) return '';
    if (len <= 24) {
      // Short strings (keys, small values): a char loop beats a Buffer slice.
      const heap = this.m.HEAPU8;
      let s = '';
      for (let i = p; i < p + len; i++) s += String.fromCharCode(heap[i]);
      return s;
    }
    return this.view().toString('latin1', p, p + len);
  }

  /** luaL_loadbufferx over a latin1 chunk (text mode only). */
  load(L: LuaState, source: string, chunkName: string): number {
    return this.m._luaL_loadbufferx(L, this.put(source), source.length, this.cstr(chunkName), this.cstr('t'));
  }

  /** A NUL-terminated string in wasm memory (latin1). */
  cString(p: number): string {
    const heap = this.m.HEAPU8;
    let end = p;
    while (heap[end] !== 0) end++;
    return this.view().toString('latin1', p, end);
  }

  /** Pushes t[key] (raw) for a string key. */
  rawGetField(L: LuaState, idx: number, key: string): number {
    const abs = idx < 0 && idx > LUA_REGISTRYINDEX ? this.m._lua_gettop(L) + idx + 1 : idx;
    this.pushString(L, key);
    return this.m._lua_rawget(L, abs);
  }

  /** t[key] = value on top (raw), popping the value; t is at idx (absolute or registry). */
  rawSetField(L: LuaState, idx: number, key: string): void {
    const abs = idx < 0 && idx > LUA_REGISTRYINDEX ? this.m._lua_gettop(L) + idx + 1 : idx;
    this.pushString(L, key);
    this.m._lua_rotate(L, -2, 1);
    this.m._lua_rawset(L, abs);
  }
}
