/**
 * lua-cmsgpack 0.4.0 as Redis 7.0 bundles it (lua_cmsgpack.c built for Lua 5.1), in Lua 5.4.
 * Redis's Lua has only doubles, so every number is packed the 5.1 way: as an integer when the
 * double holds an int64 exactly, else as a float when a float holds it exactly, else as a double.
 * Tables are arrays when their keys are exactly 1..n (n < 2^31), else maps; the empty table is
 * an empty array; tables nested 16 deep pack as nil. Unpacked numbers come back as 5.1 numbers
 * shown the 5.4 way (integral and below 1e14: integer; otherwise float), uint64 values at or above
 * 2^63 wrap to negative as in Redis.
 */
export const CMSGPACK_LUA = String.raw`
local P = __prelude
local raise, num51 = P.raise, P.num51
local fmt = P.format -- the C string.format (compat replaces the global one)
local type, select, next, error, tonumber, rawget = type, select, next, error, tonumber, rawget
local char, byte, sub = string.char, string.byte, string.sub
local spack, sunpack, concat, unpack = string.pack, string.unpack, table.concat, table.unpack
local floor, huge, tointeger, mtype = math.floor, math.huge, math.tointeger, math.type

local NULL = P.null
local MAX_NESTING = 16
-- Lua 5.1's LUAI_MAXCSTACK: unpack fails past it as in Redis; 'stack' below counts the slots the
-- C code would be using (the argument, the values so far, a table and a key per nesting level)
local MAXCSTACK = 8000


local function argerror(fname, i, msg)
  raise("bad argument #" .. i .. " to '" .. fname .. "' (" .. msg .. ")")
end

-- ===== Encoding =====

local function encode_int(n)
  if n >= 0 then
    if n <= 127 then return char(n) end
    if n <= 0xff then return '\xcc' .. char(n) end
    if n <= 0xffff then return spack('>BI2', 0xcd, n) end
    if n <= 0xffffffff then return spack('>BI4', 0xce, n) end
    return spack('>Bi8', 0xcf, n)
  end
  if n >= -32 then return char(n & 0xff) end
  if n >= -128 then return spack('>Bi1', 0xd0, n) end
  if n >= -32768 then return spack('>Bi2', 0xd1, n) end
  if n >= -2147483648 then return spack('>Bi4', 0xd2, n) end
  return spack('>Bi8', 0xd3, n)
end

local function encode_number(v)
  if mtype(v) == 'integer' and v <= 0x20000000000000 and v >= -0x20000000000000 then return encode_int(v) end
  local d = v * 1.0
  if d == floor(d) and d >= -9223372036854775808.0 and d < 9223372036854775808.0 then
    return encode_int(tointeger(d))
  end
  local f = spack('>f', d)
  if sunpack('>f', f) == d then return '\xca' .. f end
  return '\xcb' .. spack('>d', d)
end

local FIXSTR = {}
for len = 0, 31 do FIXSTR[len] = char(0xa0 | len) end

local function encode_string(s)
  local len = #s
  if len < 32 then return char(0xa0 | len) .. s end
  if len <= 0xff then return '\xd9' .. char(len) .. s end
  if len <= 0xffff then return spack('>BI2', 0xda, len) .. s end
  return spack('>BI4', 0xdb, len & 0xffffffff) .. s
end

-- table_is_an_array for Lua 5.1: every key a number n > 0 with (int)n == n, and max == count
local function array_count(t)
  local count, max = 0, 0
  for k in next, t do
    if type(k) ~= 'number' or k <= 0 or k >= 2147483648 or floor(k) ~= k then return nil end
    if k > max then max = k end
    count = count + 1
  end
  if max == count then return count end
  return nil
end

local encode

local function encode_table(t, level, buf, n)
  local len = array_count(t)
  if len then
    n = n + 1
    if len <= 15 then
      buf[n] = char(0x90 | len)
    elseif len <= 65535 then
      buf[n] = spack('>BI2', 0xdc, len)
    else
      buf[n] = spack('>BI4', 0xdd, len)
    end
    for j = 1, len do n = encode(t[j], level + 1, buf, n) end
    return n
  end
  local count = 0
  for _ in next, t do count = count + 1 end
  n = n + 1
  if count <= 15 then
    buf[n] = char(0x80 | count)
  elseif count <= 65535 then
    buf[n] = spack('>BI2', 0xde, count)
  else
    buf[n] = spack('>BI4', 0xdf, count)
  end
  for k, v in next, t do
    n = encode(k, level + 1, buf, n)
    n = encode(v, level + 1, buf, n)
  end
  return n
end

encode = function(v, level, buf, n)
  local t = type(v)
  if t == 'table' and (level == MAX_NESTING or v == NULL) then t = 'nil' end
  if t == 'table' then return encode_table(v, level, buf, n) end
  n = n + 1
  if t == 'string' then
    local len = #v
    if len < 32 then
      -- header and bytes in two slots: no concatenation for the common short string
      buf[n], buf[n + 1] = FIXSTR[len], v
      return n + 1
    end
    buf[n] = encode_string(v)
  elseif t == 'number' then
    buf[n] = encode_number(v)
  elseif t == 'boolean' then
    buf[n] = v and '\xc3' or '\xc2'
  else
    buf[n] = '\xc0'
  end
  return n
end

-- ===== Decoding =====

local EOF, BADFMT = 'Missing bytes in input.', 'Bad data format in input.'
local TOO_MANY = 'stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)'

local decode

local function need(s, pos, len)
  if pos + len - 1 > #s then raise(EOF) end
end

local function decode_array(s, pos, len, stack)
  -- lua_cmsgpack.c checks for one more slot after creating the table
  if stack + 2 > MAXCSTACK then raise('stack overflow (in function mp_decode_to_lua_array)') end
  local t = {}
  for i = 1, len do
    local v
    v, pos = decode(s, pos, stack + 2)
    t[i] = v
  end
  return t, pos
end

local function decode_map(s, pos, len, stack)
  local t = {}
  for _ = 1, len do
    local k, v
    k, pos = decode(s, pos, stack + 1)
    v, pos = decode(s, pos, stack + 2)
    if k == nil then error('table index is nil', 0) end
    if k ~= k then error('table index is NaN', 0) end
    t[k] = v
  end
  return t, pos
end

-- One value at pos: value, next position. 'stack' counts Lua 5.1 stack slots in use.
decode = function(s, pos, stack)
  local c = byte(s, pos)
  if not c then raise(EOF) end
  if stack + 1 > MAXCSTACK then raise(TOO_MANY) end
  if c < 0x80 then return c, pos + 1 end
  if c >= 0xe0 then return c - 256, pos + 1 end
  if c >= 0xa0 and c < 0xc0 then
    local l = c & 0x1f
    need(s, pos, 1 + l)
    return sub(s, pos + 1, pos + l), pos + 1 + l
  end
  if c >= 0x90 and c < 0xa0 then return decode_array(s, pos + 1, c & 0xf, stack) end
  if c < 0x90 then return decode_map(s, pos + 1, c & 0xf, stack) end
  if c == 0xc0 then return nil, pos + 1 end
  if c == 0xc2 then return false, pos + 1 end
  if c == 0xc3 then return true, pos + 1 end
  if c == 0xcc then need(s, pos, 2) return byte(s, pos + 1), pos + 2 end
  if c == 0xd0 then need(s, pos, 2) return (sunpack('>i1', s, pos + 1)), pos + 2 end
  if c == 0xcd then need(s, pos, 3) return (sunpack('>I2', s, pos + 1)), pos + 3 end
  if c == 0xd1 then need(s, pos, 3) return (sunpack('>i2', s, pos + 1)), pos + 3 end
  if c == 0xce then need(s, pos, 5) return (sunpack('>I4', s, pos + 1)), pos + 5 end
  if c == 0xd2 then need(s, pos, 5) return (sunpack('>i4', s, pos + 1)), pos + 5 end
  if c == 0xcf or c == 0xd3 then
    need(s, pos, 9)
    return num51((sunpack('>i8', s, pos + 1)) * 1.0), pos + 9
  end
  if c == 0xca then need(s, pos, 5) return num51((sunpack('>f', s, pos + 1))), pos + 5 end
  if c == 0xcb then need(s, pos, 9) return num51((sunpack('>d', s, pos + 1))), pos + 9 end
  if c == 0xd9 then
    need(s, pos, 2)
    local l = byte(s, pos + 1)
    need(s, pos, 2 + l)
    return sub(s, pos + 2, pos + 1 + l), pos + 2 + l
  end
  if c == 0xda then
    need(s, pos, 3)
    local l = sunpack('>I2', s, pos + 1)
    need(s, pos, 3 + l)
    return sub(s, pos + 3, pos + 2 + l), pos + 3 + l
  end
  if c == 0xdb then
    need(s, pos, 5)
    local l = sunpack('>I4', s, pos + 1)
    need(s, pos + 5, l)
    return sub(s, pos + 5, pos + 4 + l), pos + 5 + l
  end
  if c == 0xdc then need(s, pos, 3) return decode_array(s, pos + 3, (sunpack('>I2', s, pos + 1)), stack) end
  if c == 0xdd then need(s, pos, 5) return decode_array(s, pos + 5, (sunpack('>I4', s, pos + 1)), stack) end
  if c == 0xde then need(s, pos, 3) return decode_map(s, pos + 3, (sunpack('>I2', s, pos + 1)), stack) end
  if c == 0xdf then need(s, pos, 5) return decode_map(s, pos + 5, (sunpack('>I4', s, pos + 1)), stack) end
  raise(BADFMT)
end

-- luaL_checklstring of Lua 5.1 (numbers become strings with %.14g)
local function checkstring(fname, nargs, v)
  if type(v) == 'string' then return v end
  if type(v) == 'number' then return fmt('%.14g', v) end
  argerror(fname, 1, 'string expected, got ' .. (nargs < 1 and 'no value' or type(v)))
end

-- luaL_checkinteger / luaL_optinteger of Lua 5.1 (a double truncated to 64 bits)
local function checkinteger(fname, i, present, v, default)
  if v == nil and default then return default end
  local n = type(v) == 'number' and v or (type(v) == 'string' and tonumber(v))
  if not n then
    argerror(fname, i, 'number expected, got ' .. (present and type(v) or 'no value'))
  end
  n = n * 1.0
  if n ~= n or n >= 9223372036854775808.0 or n < -9223372036854775808.0 then return math.mininteger end
  return tointeger(n >= 0 and floor(n) or -floor(-n))
end

local function unpack_full(fname, s, limit, offset)
  local len = #s
  local decode_all = limit == 0 and offset == 0
  if offset < 0 or limit < 0 then
    raise(fmt('Invalid request to unpack with offset of %d and limit of %d.', offset, len))
  elseif offset > len then
    raise(fmt('Start offset %d greater than input length %d.', offset, len))
  end
  if decode_all then limit = 2147483647 end
  local out, cnt, pos = {}, 0, offset + 1
  local base = decode_all and 1 or 1
  while pos <= len and cnt < limit do
    local v
    v, pos = decode(s, pos, base + cnt)
    cnt = cnt + 1
    out[cnt] = v
  end
  if decode_all then return unpack(out, 1, cnt) end
  local left = len - (pos - 1)
  return (left == 0 and -1 or pos - 1), unpack(out, 1, cnt)
end

local cmsgpack = {
  _NAME = 'cmsgpack',
  _VERSION = 'lua-cmsgpack 0.4.0',
  _COPYRIGHT = 'Copyright (C) 2012, Salvatore Sanfilippo',
  _DESCRIPTION = 'MessagePack C implementation for Lua',
}

function cmsgpack.pack(...)
  local nargs = select('#', ...)
  if nargs == 0 then argerror('pack', 0, 'MessagePack pack needs input.') end
  local buf, n = {}, 0
  for i = 1, nargs do n = encode((select(i, ...)), 0, buf, n) end
  return concat(buf, '', 1, n)
end

function cmsgpack.unpack(...)
  local nargs = select('#', ...)
  return unpack_full('unpack', checkstring('unpack', nargs, (...)), 0, 0)
end

function cmsgpack.unpack_one(...)
  local nargs = select('#', ...)
  local offset = checkinteger('unpack_one', 2, nargs >= 2, (select(2, ...)), 0)
  return unpack_full('unpack_one', checkstring('unpack_one', nargs, (...)), 1, offset)
end

function cmsgpack.unpack_limit(...)
  local nargs = select('#', ...)
  local limit = checkinteger('unpack_limit', 2, nargs >= 2, (select(2, ...)))
  local offset = checkinteger('unpack_limit', 3, nargs >= 3, (select(3, ...)), 0)
  return unpack_full('unpack_limit', checkstring('unpack_limit', nargs, (...)), limit, offset)
end

return cmsgpack
`;
