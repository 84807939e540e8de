/**
 * Lua 5.1 compatibility for scripts written for Redis (which embeds Lua 5.1) running on Lua 5.4.
 * Run once for its effect when the Lua state is created. Lua source kept as a raw string: no
 * backslash processing, and the Lua code must not contain a backtick or a dollar-brace.
 */
export const COMPAT_LUA = String.raw`
local type, select, floor, abs, huge = type, select, math.floor, math.abs, math.huge
local mathtype, tointeger, fmt = math.type, math.tointeger, string.format

-- Globals and library functions Lua 5.1 had (or had with LUA_COMPAT_* as Redis builds it).
unpack = table.unpack

-- loadstring(s [, chunkname]): string chunks only, never bytecode (Redis refuses bytecode too).
loadstring = function(s, chunkname)
  if type(s) ~= 'string' then
    error("bad argument #1 to 'loadstring' (string expected, got " .. type(s) .. ")", 2)
  end
  return load(s, chunkname or s, 't')
end

table.getn = function(t)
  if type(t) ~= 'table' then
    error("bad argument #1 to 'getn' (table expected, got " .. type(t) .. ")", 2)
  end
  return #t
end

table.maxn = function(t)
  if type(t) ~= 'table' then
    error("bad argument #1 to 'maxn' (table expected, got " .. type(t) .. ")", 2)
  end
  local max = 0
  for k in pairs(t) do
    if type(k) == 'number' and k > max then max = k end
  end
  return max
end

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
  x = x + 0.0
  if x == 0 or x ~= x or x == huge or x == -huge then return x, 0 end
  local m, e = abs(x), 0
  while m >= 1 do m = m / 2 e = e + 1 end
  while m < 0.5 do m = m * 2 e = e - 1 end
  if x < 0 then m = -m end
  return m, e
end

-- ldexp(m, e) = m * 2^e, applied in steps so that 2^e itself never overflows or underflows early.
math.ldexp = function(m, e)
  m = m + 0.0
  e = floor(e)
  while e > 1000 do m = m * 2.0 ^ 1000 e = e - 1000 end
  while e < -1000 do m = m * 2.0 ^ -1000 e = e + 1000 end
  return m * 2.0 ^ e
end

string.gfind = string.gmatch

-- Lua 5.1 has one number type (a double) printed with %.14g: tostring(10/2) is "5", not "5.0".
-- The .. operator still shows "5.0" for floats; that difference cannot be changed from Lua.
local rawtostring = tostring
tostring = function(...)
  if select('#', ...) == 0 then error("bad argument #1 to 'tostring' (value expected)", 2) end
  local v = ...
  if mathtype(v) == 'float' then
    return (fmt('%.14g', v))
  end
  return rawtostring(v)
end
`;
