/**
 * LuaBitOp ("bit"), as Redis 7.0 bundles it (lua_bit.c for Lua 5.1), in Lua 5.4. Every argument is
 * reduced to 32 bits the way LuaBitOp does it (add 2^52+2^51 to the double and keep the low word of
 * its bit pattern: round to nearest, wrap modulo 2^32); every result is a signed 32-bit number.
 */
export const BIT_LUA = String.raw`
local P = __prelude
local raise, num51 = P.raise, P.num51
local fmt = P.format -- the C string.format (compat replaces the global one)
local select, type, tonumber, mtype, tointeger = select, type, tonumber, math.type, math.tointeger
local spack, sunpack, sub = string.pack, string.unpack, string.sub

local MAGIC = 6755399441055744.0 -- 2^52 + 2^51

local function typename(present, v)
  if not present then return 'no value' end
  return type(v)
end

-- One argument as an unsigned 32-bit integer (0 .. 2^32-1), or the LuaBitOp type error.
local function barg(fname, i, present, v)
  if mtype(v) == 'integer' and v >= -0x8000000000000 and v < 0x8000000000000 then
    return v & 0xffffffff
  end
  local n = v
  if type(v) ~= 'number' then
    n = type(v) == 'string' and tonumber(v) or nil
    if n == nil then
      raise("bad argument #" .. i .. " to '" .. fname .. "' (number expected, got " .. typename(present, v) .. ")")
    end
  end
  local s = n + MAGIC
  local d = s - MAGIC
  if d >= -0x8000000000000 and d < 0x8000000000000 and s >= 4503599627370496.0 and s < 9007199254740992.0 then
    return tointeger(d) & 0xffffffff
  end
  return (sunpack('<I4', spack('<d', s)))
end

local function s32(b)
  if b >= 0x80000000 then return b - 0x100000000 end
  return b
end

local function arg1(fname, ...)
  return barg(fname, 1, select('#', ...) >= 1, (...))
end

local bit = {}

function bit.tobit(...) return s32(arg1('tobit', ...)) end
function bit.bnot(...) return s32(~arg1('bnot', ...) & 0xffffffff) end

-- band/bor/bxor read argument 1, then the others from the last to the second (LuaBitOp's order).
local function fold(fname, op)
  return function(...)
    local n = select('#', ...)
    local b = barg(fname, 1, n >= 1, (...))
    for i = n, 2, -1 do b = op(b, barg(fname, i, true, (select(i, ...)))) end
    return s32(b)
  end
end
bit.band = fold('band', function(a, b) return a & b end)
bit.bor = fold('bor', function(a, b) return a | b end)
bit.bxor = fold('bxor', function(a, b) return a ~ b end)

local function shift(fname, op)
  return function(...)
    local n = select('#', ...)
    local b = barg(fname, 1, n >= 1, (...))
    local k = barg(fname, 2, n >= 2, (select(2, ...))) & 31
    return s32(op(b, k) & 0xffffffff)
  end
end
bit.lshift = shift('lshift', function(b, k) return b << k end)
bit.rshift = shift('rshift', function(b, k) return b >> k end)
-- s32(b) is a 64-bit negative integer when bit 31 is set: its upper ones shift into bits 31..0.
bit.arshift = shift('arshift', function(b, k) return s32(b) >> k end)
bit.rol = shift('rol', function(b, k) return (b << k) | (b >> (32 - k)) end)
bit.ror = shift('ror', function(b, k) return (b << (32 - k)) | (b >> k) end)

function bit.bswap(...)
  local b = arg1('bswap', ...)
  return s32(((b >> 24) | ((b >> 8) & 0xff00) | ((b & 0xff00) << 8) | (b << 24)) & 0xffffffff)
end

function bit.tohex(...)
  local nargs = select('#', ...)
  local b = barg('tohex', 1, nargs >= 1, (...))
  local n = 8
  if nargs >= 2 then n = s32(barg('tohex', 2, true, (select(2, ...)))) end
  local digits = '%08x'
  if n < 0 then n = -n digits = '%08X' end
  if n > 8 then n = 8 end
  if n <= 0 then return '' end
  return sub(fmt(digits, b), 9 - n)
end

return bit
`;
