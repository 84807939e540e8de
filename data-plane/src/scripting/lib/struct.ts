/**
 * Roberto Ierusalimschy's "struct" library as Redis 7.0 bundles it (lua_struct.c for Lua 5.1,
 * x86-64: long and size_t are 8 bytes, int 4, native order little-endian, maximum alignment 8),
 * in Lua 5.4. Numbers are handled as Lua 5.1 doubles: integers are truncated from the double, and
 * unpacked values come back as 5.1 would show them (num51 in the compat chunk).
 */
export const STRUCT_LUA = String.raw`
local P = __prelude
local raise, num51 = P.raise, P.num51
local fmt = P.format -- the C string.format (compat replaces the global one)
local type, select, tostring, tonumber, error = type, select, tostring, tonumber, error
local byte, sub, rep, find = string.byte, string.sub, string.rep, string.find
local spack, sunpack, concat = string.pack, string.unpack, table.concat
local floor, ceil, tointeger, mtype, ult = math.floor, math.ceil, math.tointeger, math.type, math.ult
local MININT = math.mininteger

local BIG, LITTLE = '>', '<'
local MAXINTSIZE, MAXALIGN, INT_MAX = 32, 8, 2147483647

local function argerror(fname, i, msg)
  raise("bad argument #" .. i .. " to '" .. fname .. "' (" .. msg .. ")")
end

local function typename(nargs, i, v)
  if i > nargs then return 'no value' end
  return type(v)
end

local function checknumber(fname, nargs, i, v)
  if type(v) == 'number' then return v * 1.0 end
  if type(v) == 'string' then
    local n = tonumber(v)
    if n then return n * 1.0 end
  end
  argerror(fname, i, 'number expected, got ' .. typename(nargs, i, v))
end

local function checkstring(fname, nargs, i, v)
  if type(v) == 'string' then return v end
  if type(v) == 'number' then return fmt('%.14g', v) end
  argerror(fname, i, 'string expected, got ' .. typename(nargs, i, v))
end


-- C's cast of a double to an unsigned long on x86-64 (out-of-range values as gcc's code gives them).
local function toword(n)
  if n ~= n then return MININT end -- NaN: the indefinite integer
  if n < 0 then
    if n >= -9223372036854775808.0 then return tointeger(ceil(n)) end
    return MININT
  end
  if n < 9223372036854775808.0 then return tointeger(floor(n)) end
  if n < 18446744073709551616.0 then return tointeger(floor(n - 9223372036854775808.0)) | MININT end
  return 0
end

-- unsigned 64-bit pattern to double, rounded as C's conversion does
local function unsigned_to_double(l)
  if l >= 0 then return l * 1.0 end
  return (((l >> 1) | (l & 1)) * 1.0) * 2
end

local function getnum(f, i, df)
  local c = byte(f, i)
  if not c or c < 48 or c > 57 then return df, i end
  local a = 0
  repeat
    local d = c - 48
    if a > INT_MAX // 10 or a * 10 > INT_MAX - d then raise('integral size overflow') end
    a = a * 10 + d
    i = i + 1
    c = byte(f, i)
  until not c or c < 48 or c > 57
  return a, i
end

local SIZES = { b = 1, B = 1, h = 2, H = 2, l = 8, L = 8, T = 8, f = 4, d = 8, x = 1 }

local function optsize(opt, f, i)
  local s = SIZES[opt]
  if s then return s, i end
  if opt == 'c' then return getnum(f, i, 1) end
  if opt == 'i' or opt == 'I' then
    local sz
    sz, i = getnum(f, i, 4)
    if sz > MAXINTSIZE then
      raise(fmt('integral size %d is larger than limit of %d', sz, MAXINTSIZE))
    end
    return sz, i
  end
  return 0, i
end

local function gettoalign(len, align, opt, size)
  if size == 0 or opt == 'c' then return 0 end
  if size > align then size = align end
  return (size - (len & (size - 1))) & (size - 1)
end

-- Endianness, alignment and spaces; anything else is an invalid option. Returns endian, align, i.
local function controloptions(fname, opt, f, i, endian, align)
  if opt == ' ' then return endian, align, i end
  if opt == '>' then return BIG, align, i end
  if opt == '<' then return LITTLE, align, i end
  if opt == '!' then
    local a
    a, i = getnum(f, i, MAXALIGN)
    if not (a > 0 and a & (a - 1) == 0) then raise(fmt('alignment %d is not a power of 2', a)) end
    return endian, a, i
  end
  argerror(fname, 1, "invalid format option '" .. opt .. "'")
end

local INTOPTS = { b = true, B = true, h = true, H = true, l = true, L = true, T = true, i = true, I = true }

-- The format stops at its first zero byte, as the C string it is in lua_struct.c.
local function cformat(f)
  local z = find(f, '\0', 1, true)
  if z then return sub(f, 1, z - 1) end
  return f
end

local function putinteger(n, endian, size)
  local value = toword(n)
  local le
  if size >= 8 then
    le = spack('<i8', value) .. rep('\0', size - 8)
  elseif size > 0 then
    le = spack('<I' .. size, value & ((1 << (8 * size)) - 1))
  else
    return ''
  end
  if endian == BIG then return le:reverse() end
  return le
end

local function getinteger(data, pos, endian, issigned, size)
  if size == 0 then return 0.0 end
  local chunk = sub(data, pos, pos + size - 1)
  if endian == BIG then chunk = chunk:reverse() end
  local l
  if size >= 8 then l = sunpack('<i8', chunk) else l = sunpack('<I' .. size, chunk) end
  if not issigned then return unsigned_to_double(l) end
  local mask = -1 << ((size * 8 - 1) % 64)
  if l & mask ~= 0 then l = l | mask end
  return l * 1.0
end

local struct = {}

function struct.pack(...)
  local nargs = select('#', ...)
  local f = cformat(checkstring('pack', nargs, 1, (...)))
  -- lua_struct.c pushes a nil after the arguments: a missing value is reported as nil, not no value
  nargs = nargs + 1
  local endian, align = LITTLE, 1
  local arg, total, out, i = 2, 0, {}, 1
  local flen = #f
  while i <= flen do
    local opt = sub(f, i, i)
    i = i + 1
    local size
    size, i = optsize(opt, f, i)
    local toalign = gettoalign(total, align, opt, size)
    total = total + toalign
    if toalign > 0 then out[#out + 1] = rep('\0', toalign) end
    if INTOPTS[opt] then
      out[#out + 1] = putinteger(checknumber('pack', nargs, arg, (select(arg, ...))), endian, size)
      arg = arg + 1
    elseif opt == 'x' then
      out[#out + 1] = '\0'
    elseif opt == 'f' or opt == 'd' then
      out[#out + 1] = spack(endian .. opt, checknumber('pack', nargs, arg, (select(arg, ...))))
      arg = arg + 1
    elseif opt == 'c' or opt == 's' then
      local s = checkstring('pack', nargs, arg, (select(arg, ...)))
      arg = arg + 1
      if size == 0 then size = #s end
      -- lua_struct.c reports the argument after the string (it has already advanced 'arg')
      if #s < size then argerror('pack', arg, 'string too short') end
      out[#out + 1] = sub(s, 1, size)
      if opt == 's' then
        out[#out + 1] = '\0'
        size = size + 1
      end
    else
      endian, align, i = controloptions('pack', opt, f, i, endian, align)
    end
    total = total + size
  end
  return concat(out)
end

function struct.unpack(...)
  local nargs = select('#', ...)
  local f = cformat(checkstring('unpack', nargs, 1, (...)))
  local data = checkstring('unpack', nargs, 2, (select(2, ...)))
  local ld = #data
  local pos = 1
  local p3 = select(3, ...)
  if p3 ~= nil then
    local n = type(p3) == 'number' and p3 or (type(p3) == 'string' and tonumber(p3))
    if not n then argerror('unpack', 3, 'number expected, got ' .. type(p3)) end
    pos = toword(n * 1.0)
  end
  if pos == 0 then argerror('unpack', 3, 'offset must be 1 or greater') end
  pos = pos - 1
  local endian, align = LITTLE, 1
  local res, n, i = {}, 0, 1
  local flen = #f
  while i <= flen do
    local opt = sub(f, i, i)
    i = i + 1
    local size
    size, i = optsize(opt, f, i)
    pos = pos + gettoalign(pos, align, opt, size)
    if ult(ld, size) or ult(ld - size, pos) then argerror('unpack', 2, 'data string too short') end
    if INTOPTS[opt] then
      n = n + 1
      res[n] = num51(getinteger(data, pos + 1, endian, find(opt, '^%l') ~= nil, size))
    elseif opt == 'x' then
      -- padding only
    elseif opt == 'f' or opt == 'd' then
      n = n + 1
      res[n] = num51((sunpack(endian .. opt, data, pos + 1)) * 1.0)
    elseif opt == 'c' then
      if size == 0 then
        local prev = n > 0 and res[n]
        local len = prev and tonumber(prev)
        if not len then raise("format 'c0' needs a previous size") end
        size = toword(len * 1.0)
        res[n] = nil
        n = n - 1
        if ult(ld, size) or ult(ld - size, pos) then argerror('unpack', 2, 'data string too short') end
      end
      n = n + 1
      res[n] = sub(data, pos + 1, pos + size)
    elseif opt == 's' then
      local e = find(data, '\0', pos + 1, true)
      if not e then raise('unfinished string in data') end
      size = e - pos
      n = n + 1
      res[n] = sub(data, pos + 1, e - 1)
    else
      endian, align, i = controloptions('unpack', opt, f, i, endian, align)
    end
    pos = pos + size
  end
  n = n + 1
  res[n] = pos + 1
  return table.unpack(res, 1, n)
end

function struct.size(...)
  local nargs = select('#', ...)
  local f = cformat(checkstring('size', nargs, 1, (...)))
  local endian, align = LITTLE, 1
  local pos, i = 0, 1
  local flen = #f
  while i <= flen do
    local opt = sub(f, i, i)
    i = i + 1
    local size
    size, i = optsize(opt, f, i)
    pos = pos + gettoalign(pos, align, opt, size)
    if opt == 's' then
      argerror('size', 1, "option 's' has no fixed size")
    elseif opt == 'c' and size == 0 then
      argerror('size', 1, "option 'c0' has no fixed size")
    end
    if not find(opt, '^%w') then
      endian, align, i = controloptions('size', opt, f, i, endian, align)
    end
    pos = pos + size
  end
  return pos
end

return struct
`;
