/**
 * The Lua side of the scripting environment, run once per Lua state after the library prelude
 * (scripting/lib). It receives the engine's native functions as chunk arguments and builds what
 * Redis 7.0 gives a script: the `redis` table, Redis's pcall (error tables become their message),
 * math.random on Redis's rand48 generator, the error handler that locates the failing line of the
 * user's script, and the protection of globals.
 *
 * Protection. Redis 7.0 patches its Lua to mark tables read-only. Stock Lua 5.4 cannot, so each
 * script runs with an environment proxy: an empty table whose __index is the real globals table
 * (itself erroring on a missing name) and whose __newindex errors. Library tables (string, math,
 * redis, cjson, ...) are reached through proxies of the same kind. pairs() on a proxy walks the real
 * table (__pairs); rawset on a protected table errors as in Redis; load/loadstring compile into the
 * proxy environment, never into the real globals.
 *
 * Every function that can raise an error is native (JS): a Lua function called in tail position
 * ('return f()') would replace the script's frame, and the error would lose its script line.
 *
 * Returns: the global environment proxy, the run function (xpcall of a script with the error
 * handler) and the function that reads the Lua heap size.
 */
export const SANDBOX_LUA = String.raw`
local js_call, js_pcall, js_sha1hex, js_log, js_setresp, js_acl_check, js_set_repl, js_random, js_randomseed = ...

local G = _G
local type, tostring, error, select, setmetatable, next, rawget = type, tostring, error, select, setmetatable, next, rawget
local raw_rawset, raw_pcall, raw_xpcall, raw_load = rawset, pcall, xpcall, load
local floor, getinfo, collectgarbage = math.floor, debug.getinfo, collectgarbage

-- Redis's luaPushErrorBuff: "-CODE msg" keeps its code, anything else gets ERR; no trailing CR/LF.
local function error_table(s)
  local code, msg = 'ERR', s
  if s:sub(1, 1) == '-' then
    local sp = s:find(' ', 1, true)
    if sp then code, msg = s:sub(2, sp - 1), s:sub(sp + 1) else msg = s:sub(2) end
  end
  msg = msg:gsub('^[\r\n]+', ''):gsub('[\r\n]+$', '')
  return { err = code .. ' ' .. msg }
end

-- Lua 5.4 words runtime errors "attempt to index a nil value (local 't')" where 5.1, and so Redis,
-- says "attempt to index local 't' (a nil value)": the reply uses 5.1's order.
local KINDS = { ['local'] = true, global = true, field = true, upvalue = true, method = true }
local function lua51_message(msg)
  return (msg:gsub("attempt to ([%a ]-) a (%a+) value %((%a+) '([^']*)'%)", function(op, t, kind, name)
    if KINDS[kind] then return 'attempt to ' .. op .. ' ' .. kind .. " '" .. name .. "' (a " .. t .. ' value)' end
  end))
end

-- ---------------------------------------------------------------------------------------------
-- redis.*
-- ---------------------------------------------------------------------------------------------
local redis = {
  call = js_call,
  pcall = js_pcall,
  sha1hex = js_sha1hex,
  error_reply = function(...)
    local e = ...
    if select('#', ...) ~= 1 or type(e) ~= 'string' then return error_table('wrong number or type of arguments') end
    if e:sub(1, 1) ~= '-' then e = '-' .. e end
    return error_table(e)
  end,
  status_reply = function(...)
    local s = ...
    if select('#', ...) ~= 1 or type(s) ~= 'string' then return error_table('wrong number or type of arguments') end
    return { ok = s }
  end,
  log = js_log,
  setresp = js_setresp,
  set_repl = js_set_repl,
  replicate_commands = function() return true end,
  acl_check_cmd = js_acl_check,
  breakpoint = function() return false end,
  debug = function() end,
  LOG_DEBUG = 0, LOG_VERBOSE = 1, LOG_NOTICE = 2, LOG_WARNING = 3,
  REPL_NONE = 0, REPL_AOF = 1, REPL_SLAVE = 2, REPL_REPLICA = 2, REPL_ALL = 3,
  REDIS_VERSION = '7.0.15', REDIS_VERSION_NUM = 0x0007000f,
}
G.redis = redis

-- Redis's pcall: an error table raised by redis.call comes back as its message.
local function pcall_result(ok, ...)
  if ok then return ok, ... end
  local e = ...
  if type(e) == 'table' then
    local m = e.err
    if type(m) == 'string' or type(m) == 'number' then return false, m end
  elseif type(e) == 'string' then
    return false, lua51_message(e)
  end
  return false, e
end
G.pcall = function(f, ...) return pcall_result(raw_pcall(f, ...)) end

-- math.random / math.randomseed: Redis's rand48 generator (native: same sequence as Redis).
math.random = js_random
math.randomseed = js_randomseed

-- ---------------------------------------------------------------------------------------------
-- The error handler: Redis's __redis__err__handler, locating the line in the user's script.
-- ---------------------------------------------------------------------------------------------
local function err_handler(err)
  local where
  for level = 2, 200 do
    local i = getinfo(level, 'Sl')
    if not i then break end
    if i.source == '@user_script' or i.source == '@user_function' then where = i break end
  end
  if type(err) ~= 'table' then err = { err = 'ERR ' .. lua51_message(tostring(err)) } end
  if where then
    err.source = where.source
    err.line = where.currentline
  end
  return err
end
G.__redis__err__handler = err_handler

local function run(f, ...) return raw_xpcall(f, err_handler, ...) end

-- ---------------------------------------------------------------------------------------------
-- Removed globals (Redis 7.0 has no io/os/package/require/print/dofile/loadfile/debug/utf8, and
-- Lua 5.1 had no warn/rawlen).
-- ---------------------------------------------------------------------------------------------
for _, name in ipairs({ 'io', 'os', 'package', 'require', 'print', 'dofile', 'loadfile', 'debug', 'utf8', 'warn', 'rawlen' }) do
  G[name] = nil
end
if G.gcinfo == nil then G.gcinfo = function() return floor(collectgarbage('count')) end end

-- ---------------------------------------------------------------------------------------------
-- Read-only tables
-- ---------------------------------------------------------------------------------------------
local protected = {}
local function readonly_error() error('Attempt to modify a readonly table', 2) end
local raw_setmetatable = setmetatable
local function proxy_of(t)
  local p = {}
  local mt = {
    __index = t,
    __newindex = readonly_error,
    __pairs = function() return next, t, nil end,
    __len = function() return #t end,
  }
  -- getmetatable() sees a read-only view of the metatable, never the metatable itself.
  local view = raw_setmetatable({}, { __index = mt, __newindex = readonly_error, __metatable = false })
  protected[view] = true
  mt.__metatable = view
  raw_setmetatable(p, mt)
  protected[p] = true
  protected[t] = true
  return p
end

local env = proxy_of(G)
G.setmetatable = function(t, mt)
  if protected[t] then error('Attempt to modify a readonly table', 0) end
  return raw_setmetatable(t, mt)
end
G.rawset = function(t, k, v)
  if protected[t] then error('Attempt to modify a readonly table', 0) end
  return raw_rawset(t, k, v)
end
-- Chunks compiled by a script run in the script's environment (text only, as Redis allows).
G.load = function(chunk, name, mode, e)
  return raw_load(chunk, name, 't', e == nil and env or e)
end
if G.loadstring ~= nil then
  G.loadstring = function(s, name)
    if type(s) ~= 'string' then
      error("bad argument #1 to 'loadstring' (string expected, got " .. type(s) .. ')', 2)
    end
    return raw_load(s, name or s, 't', env)
  end
end
for _, name in ipairs({ 'string', 'math', 'table', 'coroutine', 'redis', 'cjson', 'cmsgpack', 'bit', 'struct' }) do
  local lib = rawget(G, name)
  if type(lib) == 'table' then raw_rawset(G, name, proxy_of(lib)) end
end
raw_rawset(G, '_G', env)
-- A missing global is an error (KEYS and ARGV are set by the engine before each run).
setmetatable(G, {
  __index = function(_, k)
    error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2)
  end,
  __metatable = false,
})

collectgarbage('collect') -- the garbage of compiling the prelude and this chunk
local function heap_bytes() return floor(collectgarbage('count') * 1024) end
return env, run, heap_bytes
`;
