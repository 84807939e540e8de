/**
 * Redis 7.0 Functions: the library metadata line, the function flags and the Lua side of FUNCTION
 * LOAD. Libraries live in the scripting engine's Lua state (scripting/engine.ts), next to the EVAL
 * scripts; SCRIPT FLUSH, which recreates that state, loads the libraries again into the new one.
 *
 * Load context. Redis runs a library's code with a globals table that holds only a restricted
 * `redis` table (register_function, log, the LOG_* levels and the version fields): math, string,
 * redis.call, error ... are "nonexistent global variables" while loading. Each library here gets its
 * own environment table whose __index is that load API during the load and the sandbox's protected
 * globals afterwards, so the registered functions see the full scripting environment when they run
 * (the swap Redis makes on its single globals table). Writing a global fails as in Redis.
 */
import { CommandError } from '../protocol/errors';
import type { ScriptFlags } from './shebang';
import {
  BadPayload,
  ByteWriter,
  footerValid,
  PAYLOAD_VERSION_ERROR,
  RdbReader,
  withFooter,
  writeLen,
} from '../store/rdb';

/** Redis's scripts_flags_def order (FUNCTION LIST prints flags in it). */
export const FUNCTION_FLAGS = [
  'no-writes',
  'allow-oom',
  'allow-stale',
  'no-cluster',
  'allow-cross-slot-keys',
];

export const FnErr = {
  libraryName:
    'ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long',
  missingMetadata: 'ERR Missing library metadata',
  invalidMetadata: 'ERR Invalid library metadata',
  nameTwice: 'ERR Invalid metadata value, name argument was given multiple times',
  noName: 'ERR Library name was not given',
  noFunctions: 'ERR No functions registered',
  notFound: 'ERR Function not found',
  libraryNotFound: 'ERR Library not found',
  badNumkeys: 'ERR Bad number of keys provided',
  codeMissing: 'ERR Function code is missing',
  flushOption: 'ERR FUNCTION FLUSH only supports SYNC|ASYNC option',
  busyFunction: 'BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.',
} as const;

export interface FunctionInfo {
  name: string;
  description: string | null;
  /** Flag names in FUNCTION_FLAGS order. */
  flagNames: string[];
  flags: ScriptFlags;
  library: LibraryInfo;
  /** The callback in the Lua registry. */
  ref: bigint;
}

export interface LibraryInfo {
  name: string;
  engine: string;
  /** The whole FUNCTION LOAD payload (FUNCTION LIST WITHCODE). */
  code: string;
  functions: Map<string, FunctionInfo>;
}

/** functionsVerifyName: letters, digits and underscores, at least one. */
export function validName(s: string): boolean {
  return /^[A-Za-z0-9_]+$/.test(s);
}

/** The flag set of a registered function (functions never run in eval compatibility mode). */
export function flagsOf(names: readonly string[]): ScriptFlags {
  return {
    shebang: true,
    noWrites: names.includes('no-writes'),
    allowOom: names.includes('allow-oom'),
    allowStale: names.includes('allow-stale'),
    noCluster: names.includes('no-cluster'),
    allowCrossSlotKeys: names.includes('allow-cross-slot-keys'),
  };
}

/**
 * Splits a shebang line as sdssplitargs does for the simple cases (spaces, double and single
 * quotes); null when the quotes are unbalanced.
 */
function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /[ \n\r\t\v\f]/.test(line[i])) i++;
    if (i >= line.length) break;
    let cur = '';
    let quote: string | null = null;
    for (;;) {
      if (i >= line.length) {
        if (quote !== null) return null;
        break;
      }
      const ch = line[i];
      if (quote !== null) {
        if (ch === quote) {
          quote = null;
          i++;
          // A closing quote must be followed by a space or the end.
          if (i < line.length && !/[ \n\r\t\v\f]/.test(line[i])) return null;
          break;
        }
        cur += ch;
        i++;
      } else if (ch === '"' || ch === "'") {
        quote = ch;
        i++;
      } else if (/[ \n\r\t\v\f]/.test(ch)) {
        break;
      } else {
        cur += ch;
        i++;
      }
    }
    out.push(cur);
  }
  return out;
}

/** functionExtractLibMetaData: the engine and library name, and the code after the first line. */
export function parseLibraryMetadata(payload: string): { engine: string; name: string; code: string } {
  if (!payload.startsWith('#!')) throw new CommandError(FnErr.missingMetadata);
  const nl = payload.indexOf('\n');
  if (nl < 0) throw new CommandError(FnErr.invalidMetadata);
  const parts = splitArgs(payload.slice(0, nl));
  if (parts === null || parts.length === 0) throw new CommandError(FnErr.invalidMetadata);
  const engine = parts[0].slice(2);
  let name: string | undefined;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i];
    if (part.slice(0, 5).toLowerCase() === 'name=') {
      if (name !== undefined) throw new CommandError(FnErr.nameTwice);
      name = part.slice(5);
      continue;
    }
    throw new CommandError(`ERR Invalid metadata value given: ${part}`);
  }
  if (name === undefined) throw new CommandError(FnErr.noName);
  // The code keeps the newline that ended the metadata line: error lines count from the payload.
  return { engine, name, code: payload.slice(nl) };
}

/**
 * The functions chunk, run once per Lua state after the sandbox. Arguments: the sandbox's globals
 * proxy and the sandbox's run function. Returns load_library(code) -> list | nil, error text, where
 * list is an array of {name, description, flags ("a,b"), callback}.
 */
export const FUNCTIONS_LUA = String.raw`
local env = ...
local type, tostring, error, select, next, rawget, rawequal = type, tostring, error, select, next, rawget, rawequal
local raw_setmetatable = setmetatable
local err_handler = __redis__err__handler
local raw_load, xpcall = load, xpcall
local R = env.redis
local log = R.log
local lower = env.string.lower

local function err(msg) error({ err = 'ERR ' .. msg }) end
local FLAGS = { 'no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys' }

local loading = nil -- the library being loaded: { list = {...}, names = {...} }

local function valid_name(s)
  return s:find('^[%w_]+$') ~= nil
end

local function read_flags(t)
  local out = {}
  local j = 1
  while true do
    local v = t[j]
    if v == nil then break end
    if type(v) ~= 'string' and type(v) ~= 'number' then return nil end
    local s = lower(tostring(v))
    local found = false
    for _, f in ipairs(FLAGS) do
      if f == s then out[f] = true found = true break end
    end
    if not found then return nil end
    j = j + 1
  end
  local list = {}
  for _, f in ipairs(FLAGS) do if out[f] then list[#list + 1] = f end end
  return table.concat(list, ',')
end

local function register_function(...)
  if loading == nil then err('redis.register_function can only be called on FUNCTION LOAD command') end
  local argc = select('#', ...)
  if argc < 1 or argc > 2 then err('wrong number of arguments to redis.register_function') end
  local name, desc, callback, flags
  if argc == 1 then
    local t = ...
    if type(t) ~= 'table' then
      err('calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).')
    end
    for k, v in next, t do
      if type(k) ~= 'string' and type(k) ~= 'number' then
        err('named argument key given to redis.register_function is not a string')
      end
      local key = lower(tostring(k))
      if key == 'function_name' then
        if type(v) ~= 'string' and type(v) ~= 'number' then err('function_name argument given to redis.register_function must be a string') end
        name = tostring(v)
      elseif key == 'description' then
        if type(v) ~= 'string' and type(v) ~= 'number' then err('description argument given to redis.register_function must be a string') end
        desc = tostring(v)
      elseif key == 'callback' then
        if type(v) ~= 'function' then err('callback argument given to redis.register_function must be a function') end
        callback = v
      elseif key == 'flags' then
        if type(v) ~= 'table' then err('flags argument to redis.register_function must be a table representing function flags') end
        flags = read_flags(v)
        if flags == nil then err('unknown flag given') end
      else
        err('unknown argument given to redis.register_function')
      end
    end
    if name == nil then err('redis.register_function must get a function name argument') end
    if callback == nil then err('redis.register_function must get a callback argument') end
  else
    local n, f = ...
    if type(n) ~= 'string' and type(n) ~= 'number' then err('first argument to redis.register_function must be a string') end
    if type(f) ~= 'function' then err('second argument to redis.register_function must be a function') end
    name, callback = tostring(n), f
  end
  -- Redis answers the library-name text for a bad function name too.
  if not valid_name(name) then
    err('Library names can only contain letters, numbers, or underscores(_) and must be at least one character long')
  end
  if loading.names[name] then err('Function already exists in the library') end
  loading.names[name] = true
  loading.list[#loading.list + 1] = { name = name, description = desc, flags = flags or '', callback = callback }
end

-- The load-time API: a read-only redis table and globals table erroring on a missing name.
local function missing(_, k)
  error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2)
end
local function readonly() error('Attempt to modify a readonly table', 2) end
local load_redis = raw_setmetatable({}, {
  __index = function(_, k)
    if k == 'register_function' then return register_function end
    if k == 'log' or k == 'LOG_DEBUG' or k == 'LOG_VERBOSE' or k == 'LOG_NOTICE' or k == 'LOG_WARNING'
      or k == 'REDIS_VERSION' or k == 'REDIS_VERSION_NUM' then return R[k] end
    return missing(_, k)
  end,
  __newindex = readonly,
  __metatable = false,
})
local load_globals = raw_setmetatable({}, {
  __index = function(_, k)
    if k == 'redis' then return load_redis end
    return missing(_, k)
  end,
  __newindex = readonly,
  __metatable = false,
})

local function load_library(code)
  local mt = { __index = load_globals, __newindex = readonly, __metatable = false }
  local lenv = raw_setmetatable({}, mt)
  local f, cerr = raw_load(code, '@user_function', 't', lenv)
  if not f then return nil, 'ERR Error compiling function: ' .. tostring(cerr):gsub(' near <eof>$', " near '<eof>'") end
  loading = { list = {}, names = {} }
  local ok, e = xpcall(f, err_handler)
  local list = loading.list
  loading = nil
  mt.__index = env
  if not ok then
    local msg
    if type(e) == 'table' and type(rawget(e, 'err')) == 'string' then msg = rawget(e, 'err')
    else msg = 'ERR ' .. tostring(e) end
    return nil, 'ERR Error registering functions: ' .. msg
  end
  return list
end

collectgarbage('collect') -- the garbage of compiling this chunk
return load_library
`;

// -------------------------------------------------------------------------------------------------
// FUNCTION DUMP / RESTORE: Redis's payload (RDB_OPCODE_FUNCTION2 + the library code as an RDB string
// per library, then the RDB version and a CRC64 in little-endian order)
// -------------------------------------------------------------------------------------------------

const RDB_OPCODE_FUNCTION2 = 245;

/**
 * The DUMP payload of the libraries' codes. The strings are stored uncompressed (Redis may store
 * them LZF-compressed, so the bytes can differ from Redis's; both servers restore either form).
 */
export function dumpFunctions(codes: readonly string[]): string {
  const w = new ByteWriter();
  for (const code of codes) {
    w.byte(RDB_OPCODE_FUNCTION2);
    writeLen(w, code.length);
    w.latin1(code);
  }
  return withFooter(w.view()).toString('latin1');
}

/**
 * The libraries' codes of a FUNCTION RESTORE payload (Redis's texts for a bad one), or the error.
 */
export function parseFunctionsPayload(data: string): string[] | { error: string } {
  const payload = Buffer.from(data, 'latin1');
  if (!footerValid(payload)) return { error: PAYLOAD_VERSION_ERROR };
  const codes: string[] = [];
  const r = new RdbReader(payload.subarray(0, payload.length - 10));
  while (r.pos < r.p.length) {
    const type = r.byte();
    if (type !== RDB_OPCODE_FUNCTION2) {
      // 246 is the format of Redis 7.0's release candidates, which strata does not read.
      return {
        error:
          type === 246
            ? 'ERR failed loading the given functions payload'
            : 'ERR given type is not a function',
      };
    }
    try {
      codes.push(r.string().toString('latin1'));
    } catch (e) {
      if (e instanceof BadPayload) return { error: 'ERR Failed loading library payload' };
      throw e;
    }
  }
  return codes;
}
