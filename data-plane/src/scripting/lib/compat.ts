/**
 * Lua 5.1 compatibility for scripts written for Redis (which embeds Lua 5.1) running on Lua 5.4.
 * Run once for its effect when the Lua state is created. Lua source kept as a raw string: no
 * backslash processing, and the Lua code must not contain a backtick or a dollar-brace.
 */
export const COMPAT_LUA = String.raw`
local type, select, next, floor, abs, huge = type, select, next, math.floor, math.abs, math.huge
local mathtype, tointeger, fmt = math.type, math.tointeger, string.format
local rawget, rawset, error = rawget, rawset, error

-- Helpers shared by the library chunks while the prelude runs (the last chunk removes them).
-- cjson.null is the light userdata NULL in Redis; the engine provides it as __prelude_null before
-- the prelude runs (installPrelude). Without it, a unique empty function stands in: like a userdata
-- it becomes a nil reply and packs as msgpack nil, and it has no fields to change (type() differs).
local null = rawget(_G, '__prelude_null')
if null == nil then null = function() end end

-- Redis's libraries are C functions: luaL_error there prefixes the position of the Lua code that
-- called the library ("user_script:1: ..."). raise does the same from any depth inside a chunk.
local getinfo = debug.getinfo
local OWN = { ['=compat'] = true, ['=cjson'] = true, ['=cmsgpack'] = true, ['=bit'] = true, ['=struct'] = true }
local function raise(msg)
  local level = 2
  while true do
    local info = getinfo(level, 'S')
    if not info then error(msg, 0) end
    if not OWN[info.source] then error(msg, level) end
    level = level + 1
  end
end

-- A Lua 5.1 number (a double) as Lua 5.4 shows it best: an integral value of magnitude below 1e14
-- as an integer (tostring and .. then print it as 5.1's %.14g does), anything else as a float
-- (printed with %.14g by 5.4 as well); -0.0 stays a float.
local function num51(v)
  if v == floor(v) and v > -1e14 and v < 1e14 and (v ~= 0 or 1 / v > 0) then return tointeger(v) end
  return v
end

rawset(_G, '__prelude', { null = null, raise = raise, num51 = num51, format = string.format, tonumber = tonumber })

-- Globals and library functions Lua 5.1 had (or had with LUA_COMPAT_* as Redis builds it).
unpack = table.unpack

-- loadstring(s [, chunkname]): string chunks only, never bytecode (Redis refuses bytecode too).
loadstring = function(s, chunkname)
  if type(s) ~= 'string' then
    raise("bad argument #1 to 'loadstring' (string expected, got " .. type(s) .. ")")
  end
  return load(s, chunkname or s, 't')
end

table.getn = function(t)
  if type(t) ~= 'table' then
    raise("bad argument #1 to 'getn' (table expected, got " .. type(t) .. ")")
  end
  return #t
end

table.maxn = function(t)
  if type(t) ~= 'table' then
    raise("bad argument #1 to 'maxn' (table expected, got " .. type(t) .. ")")
  end
  local max = 0
  for k in next, t do
    if type(k) == 'number' and k > max then max = k end
  end
  return max
end

local function checktable(fname, i, t)
  if type(t) ~= 'table' then
    raise("bad argument #" .. i .. " to '" .. fname .. "' (table expected, got " .. (t == nil and 'nil' or type(t)) .. ")")
  end
end

table.foreach = function(t, f)
  checktable('foreach', 1, t)
  if type(f) ~= 'function' then
    raise("bad argument #2 to 'foreach' (function expected, got " .. (f == nil and 'no value' or type(f)) .. ")")
  end
  for k, v in next, t do
    local r = f(k, v)
    if r ~= nil then return r end
  end
end

table.foreachi = function(t, f)
  checktable('foreachi', 1, t)
  if type(f) ~= 'function' then
    raise("bad argument #2 to 'foreachi' (function expected, got " .. (f == nil and 'no value' or type(f)) .. ")")
  end
  for i = 1, #t do
    local r = f(i, rawget(t, i))
    if r ~= nil then return r end
  end
end

table.setn = function(t)
  checktable('setn', 1, t)
  raise("'setn' is obsolete")
end

local collectgarbage = collectgarbage
gcinfo = function() return floor(collectgarbage('count')) end

math.mod = math.fmod
math.pow = function(x, y) return x ^ y end
math.log10 = function(x) return math.log(x, 10) end
math.atan2 = function(y, x) return math.atan(y, x) end
math.cosh = function(x) local e = math.exp(x) return (e + 1 / e) / 2 end
math.sinh = function(x)
  if x == 0 then return x end
  local e = math.exp(x) return (e - 1 / e) / 2
end
math.tanh = function(x)
  if x > 20 then return 1.0 elseif x < -20 then return -1.0 elseif x == 0 then return x end
  local e = math.exp(2 * x) return (e - 1) / (e + 1)
end

-- frexp(x) -> m, e with x = m * 2^e and 0.5 <= |m| < 1 (scaling by 2 is exact, also for subnormals).
math.frexp = function(x)
  x = x * 1.0
  if x == 0 or x ~= x or x == huge or x == -huge then return x, 0 end
  local m, e = abs(x), 0
  while m >= 1 do m = m / 2 e = e + 1 end
  while m < 0.5 do m = m * 2 e = e - 1 end
  if x < 0 then m = -m end
  return m, e
end

-- ldexp(m, e) = m * 2^e, applied in steps so that 2^e itself never overflows or underflows early.
math.ldexp = function(m, e)
  m = m * 1.0
  e = floor(e)
  while e > 1000 do m = m * 2.0 ^ 1000 e = e - 1000 end
  while e < -1000 do m = m * 2.0 ^ -1000 e = e + 1000 end
  return m * 2.0 ^ e
end

string.gfind = string.gmatch

-- string.format as 5.1 has it: %d %i %c %o %u %x %X take any number (5.1 casts the double to a long
-- long: truncated, out of range -> the indefinite value); %s prints a float as tostring does; %q of
-- a number quotes its text. Errors keep 5.1's function name ('format').
local rawformat, sub, gsub, find, pack, unpack = string.format, string.sub, string.gsub, string.find,
  table.pack, table.unpack
local mininteger = math.mininteger
local INTCONV = { d = true, i = true, c = true }
local UINTCONV = { o = true, u = true, x = true, X = true }

local function cast51(v)
  if v ~= v or v >= 9223372036854775808.0 or v < -9223372036854775808.0 then return mininteger end
  if v >= 0 then return tointeger(floor(v)) end
  return -tointeger(floor(-v))
end

-- (unsigned long long) of a double as gcc compiles it on x86-64
local function cast51u(v)
  if v ~= v or v < 9223372036854775808.0 then return cast51(v) end
  if v < 18446744073709551616.0 then return tointeger(floor(v - 9223372036854775808.0)) | mininteger end
  return 0
end

local function format_error(msg)
  msg = gsub(tostring(msg), '^compat:%d+: ', '')
  msg = gsub(msg, "^bad argument (#%d+) to '[^']*'", "bad argument %1 to 'format'")
  msg = gsub(msg, "^invalid conversion '(.-)' to 'format'", "invalid option '%1' to 'format'")
  raise(msg)
end

local Q51 = { ['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\\n', ['\r'] = '\\r', ['\0'] = '\\000' }

-- %q as 5.1 writes it: only " \ newline \r and \0 escaped
local function quote51(v)
  return '"' .. gsub(v, '["\\\n\r\0]', Q51) .. '"'
end

local function format51(f, ...)
  local n = select('#', ...)
  local args = pack(...)
  local i = 0
  f = gsub(f, '%%[-+ #0]*%d*%.?%d*.', function(spec)
    local conv = sub(spec, -1)
    if conv == '%' then return nil end
    i = i + 1
    local v = args[i]
    if mathtype(v) == 'float' and INTCONV[conv] then
      args[i] = cast51(v)
    elseif mathtype(v) == 'float' and UINTCONV[conv] then
      args[i] = cast51u(v)
    elseif mathtype(v) == 'float' and conv == 's' then
      args[i] = fmt('%.14g', v)
    elseif conv == 'q' and (type(v) == 'number' or type(v) == 'string') then
      if type(v) == 'number' then v = fmt('%.14g', v) end
      args[i] = quote51(v)
      return '%s'
    end
    return nil
  end)
  return rawformat(f, unpack(args, 1, n))
end

string.format = function(...)
  local f = ...
  local n = select('#', ...)
  local slow = type(f) == 'string' and find(f, '%q', 1, true) ~= nil
  if not slow then
    for i = 2, n do
      if mathtype((select(i, ...))) == 'float' then
        slow = true
        break
      end
    end
  end
  local ok, r
  if not slow then
    ok, r = pcall(rawformat, ...)
  else
    ok, r = pcall(format51, ...)
  end
  if not ok then format_error(r) end
  return r
end

-- tonumber as 5.1's (glibc strtod): "inf", "infinity", "nan" are numbers too, and the result is
-- shown the way num51 shows library results ("2.0" gives 2, which .. prints as 5.1 does).
local rawtonumber, match, lower = tonumber, string.match, string.lower
local POS_NAN, NEG_NAN = -(0 / 0), 0 / 0
if fmt('%.1f', POS_NAN):sub(1, 1) == '-' then POS_NAN, NEG_NAN = NEG_NAN, POS_NAN end

local function tonumber_error(msg)
  msg = gsub(tostring(msg), '^compat:%d+: ', '')
  raise((gsub(msg, "^bad argument (#%d+) to '[^']*'", "bad argument %1 to 'tonumber'")))
end

tonumber = function(...)
  local nargs = select('#', ...)
  if nargs == 0 then raise("bad argument #1 to 'tonumber' (value expected)") end
  local v, base = ...
  if base ~= nil and base ~= 10 then
    if mathtype(v) then v = fmt('%.14g', v) end -- 5.1 reads a number argument as its text
    local ok, r = pcall(rawtonumber, v, base)
    if not ok then tonumber_error(r) end
    return r
  end
  local n = rawtonumber(v)
  if n == nil then
    if type(v) ~= 'string' then return nil end
    local sign, word = match(v, '^%s*([-+]?)(%a+)%s*$')
    if not word then
      sign, word = match(lower(v), '^%s*([-+]?)(nan%([%w_]*%))%s*$')
      if not word then return nil end
    end
    word = lower(word)
    if word == 'inf' or word == 'infinity' then return sign == '-' and -huge or huge end
    if word == 'nan' or match(word, '^nan%(') then return sign == '-' and NEG_NAN or POS_NAN end
    return nil
  end
  if mathtype(n) == 'float' then return num51(n) end
  if n == 0 and type(v) == 'string' and match(v, '^%s*%-') then return -0.0 end -- strtod keeps the sign
  if n >= 1e14 or n <= -1e14 then return n * 1.0 end -- a double in 5.1, printed %.14g
  return n
end

-- Lua 5.1 has one number type (a double) printed with %.14g: tostring(10/2) is "5", not "5.0".
-- The .. operator still shows "5.0" for floats; that difference cannot be changed from Lua.
local rawtostring = tostring
tostring = function(...)
  if select('#', ...) == 0 then raise("bad argument #1 to 'tostring' (value expected)") end
  local v = ...
  if v == null then return 'userdata: (nil)' end -- glibc's %p of NULL, as Redis prints cjson.null
  if mathtype(v) == 'float' then
    return (fmt('%.14g', v))
  end
  return rawtostring(v)
end
`;
