/**
 * lua-cjson 2.1.0 as Redis 7.0 bundles it (lua_cjson.c, strbuf.c, fpconv.c for Lua 5.1), in Lua 5.4.
 *
 * Numbers: Redis's Lua has only doubles. Encoding converts every number to a double and prints it
 * with %.<precision>g like fpconv_g_fmt. Decoding parses like glibc's strtod (hex, inf, nan, leading
 * '+' and zeros accepted while decode_invalid_numbers is on) and returns the double as Lua 5.4 shows
 * a 5.1 number best: an integral value with magnitude below 1e14 as an integer (tostring and ..
 * print it as 5.1's %.14g would), anything else as a float (which 5.4 prints with %.14g too).
 * cjson.null is the light userdata NULL when the engine provides it (installPrelude does).
 */
export const CJSON_LUA = String.raw`
local P = __prelude
local raise, num51 = P.raise, P.num51
local fmt = P.format -- the C string.format (compat replaces the global one)
local str2number = P.tonumber -- Lua 5.4's own tonumber
local type, select, next, rawget, rawset, error, tonumber, setmetatable =
  type, select, next, rawget, rawset, error, tonumber, setmetatable
local byte, sub, find, gsub, lower, char = string.byte, string.sub, string.find, string.gsub, string.lower, string.char
local sunpack, concat, utf8char = string.unpack, table.concat, utf8.char
local floor, huge, tointeger, mtype = math.floor, math.huge, math.tointeger, math.type

-- the light userdata NULL from the engine (installPrelude), or the compat chunk's stand-in
local NULL = P.null

local POS_NAN = sunpack('<d', '\0\0\0\0\0\0\xf8\x7f')
local NEG_NAN = sunpack('<d', '\0\0\0\0\0\0\xf8\xff')


local function argerror(fname, i, msg)
  raise("bad argument #" .. i .. " to '" .. fname .. "' (" .. msg .. ")")
end

local function typename51(v)
  local t = type(v)
  if v == NULL then return 'userdata' end
  return t
end

-- ===== Encoding =====

local ESCAPES = { ['"'] = '\\"', ['\\'] = '\\\\', ['/'] = '\\/', ['\b'] = '\\b', ['\t'] = '\\t',
  ['\n'] = '\\n', ['\f'] = '\\f', ['\r'] = '\\r', ['\127'] = '\\u007f' }
for c = 0, 31 do
  local ch = char(c)
  if not ESCAPES[ch] then ESCAPES[ch] = fmt('\\u%04x', c) end
end

local SPECIAL = '[%c"/\\]' -- %c: bytes 0-31 and 127

local function escape(s)
  if not find(s, SPECIAL) then return '"' .. s .. '"' end
  return '"' .. gsub(s, SPECIAL, ESCAPES) .. '"'
end

local function new_module()
  local cfg = {
    sparse_convert = false, sparse_ratio = 2, sparse_safe = 10,
    encode_max_depth = 1000, decode_max_depth = 1000,
    encode_invalid_numbers = 0, decode_invalid_numbers = true,
    keep_buffer = true, precision = 14, numfmt = '%.14g',
  }

  local function encode_error(v, reason)
    raise('Cannot serialise ' .. typename51(v) .. ': ' .. reason)
  end

  local function number_text(v)
    -- an integer of at most 14 digits prints the same with %d as with %.14g
    if mtype(v) == 'integer' and v < 1e14 and v > -1e14 and cfg.precision == 14 then return fmt('%d', v) end
    v = v * 1.0
    if v ~= v or v == huge or v == -huge then
      local mode = cfg.encode_invalid_numbers
      if mode == 0 then encode_error(v, 'must not be NaN or Inf') end
      if mode == 2 then return 'null' end
      if v ~= v then return 'nan' end
    end
    return fmt(cfg.numfmt, v)
  end

  -- >0: array of that length; -1: object (lua_array_length)
  local function array_length(t)
    local max, items = 0, 0
    for k in next, t do
      if type(k) == 'number' and k ~= 0 and k >= 1 and floor(k) == k then
        if k > max then
          if k < 2147483648 then max = k else max = -2147483648 end -- C's (int) cast on x86
        end
        items = items + 1
      else
        return -1
      end
    end
    local ratio = cfg.sparse_ratio
    if ratio > 0 and max > items * ratio and max > cfg.sparse_safe then
      if not cfg.sparse_convert then encode_error(t, 'excessively sparse array') end
      return -1
    end
    return max
  end

  local append

  -- Scalars are written inline (strings without escapes as three buffer slots) to keep calls and
  -- concatenations out of the common path.
  local function append_table(t, depth, buf, n)
    depth = depth + 1
    if depth > cfg.encode_max_depth then raise(fmt('Cannot serialise, excessive nesting (%d)', depth)) end
    local len = array_length(t)
    if len > 0 then
      for i = 1, len do
        n = n + 1
        buf[n] = i == 1 and '[' or ','
        local v = rawget(t, i)
        local vt = type(v)
        if vt == 'string' and not find(v, SPECIAL) then
          buf[n + 1], buf[n + 2], buf[n + 3] = '"', v, '"'
          n = n + 3
        elseif vt == 'number' then
          n = n + 1
          buf[n] = number_text(v)
        else
          n = append(v, depth, buf, n)
        end
      end
      n = n + 1
      buf[n] = ']'
      return n
    end
    local first = true
    for k, v in next, t do
      local kt = type(k)
      if kt == 'string' and not find(k, SPECIAL) then
        buf[n + 1], buf[n + 2], buf[n + 3] = first and '{"' or ',"', k, '":'
        n = n + 3
      else
        n = n + 1
        if kt == 'string' then
          buf[n] = (first and '{' or ',') .. escape(k) .. ':'
        elseif kt == 'number' then
          buf[n] = (first and '{"' or ',"') .. number_text(k) .. '":'
        else
          encode_error(k, 'table key must be a number or string')
        end
      end
      first = false
      local vt = type(v)
      if vt == 'string' and not find(v, SPECIAL) then
        buf[n + 1], buf[n + 2], buf[n + 3] = '"', v, '"'
        n = n + 3
      elseif vt == 'number' then
        n = n + 1
        buf[n] = number_text(v)
      else
        n = append(v, depth, buf, n)
      end
    end
    n = n + 1
    buf[n] = first and '{}' or '}'
    return n
  end

  append = function(v, depth, buf, n)
    local t = type(v)
    n = n + 1
    if t == 'string' then
      buf[n] = escape(v)
    elseif t == 'number' then
      buf[n] = number_text(v)
    elseif t == 'boolean' then
      buf[n] = v and 'true' or 'false'
    elseif v == nil or v == NULL then
      buf[n] = 'null'
    elseif t == 'table' then
      return append_table(v, depth, buf, n - 1)
    else
      encode_error(v, 'type not supported')
    end
    return n
  end

  -- ===== Decoding =====

  local T_OBJ_BEGIN, T_OBJ_END, T_ARR_BEGIN, T_ARR_END = 'T_OBJ_BEGIN', 'T_OBJ_END', 'T_ARR_BEGIN', 'T_ARR_END'
  local T_STRING, T_NUMBER, T_BOOLEAN, T_NULL = 'T_STRING', 'T_NUMBER', 'T_BOOLEAN', 'T_NULL'
  local T_COLON, T_COMMA, T_END, T_ERROR = 'T_COLON', 'T_COMMA', 'T_END', 'T_ERROR'

  local SINGLE = { [123] = T_OBJ_BEGIN, [125] = T_OBJ_END, [91] = T_ARR_BEGIN, [93] = T_ARR_END,
    [44] = T_COMMA, [58] = T_COLON }
  -- characters that start a token needing more than one character (the rest are invalid tokens)
  local UNKNOWN = { [102] = true, [105] = true, [73] = true, [110] = true, [78] = true, [116] = true,
    [34] = true, [43] = true, [45] = true }
  for c = 48, 57 do UNKNOWN[c] = true end
  local FLOATCHAR = { [46] = true, [101] = true, [69] = true, [120] = true, [88] = true, [112] = true, [80] = true }
  local ESCAPE_CHAR = { [34] = '"', [92] = '\\', [47] = '/', [98] = '\b', [116] = '\t', [110] = '\n',
    [102] = '\f', [114] = '\r' }

  -- json_is_invalid_number: forms strtod accepts that strict JSON does not
  local function is_invalid_number(s, p)
    local c = byte(s, p)
    if c == 43 then return true end
    if c == 45 then p = p + 1 c = byte(s, p) end
    if c == 48 then
      local c2 = byte(s, p + 1)
      if c2 and ((c2 | 0x20) == 120 or (c2 >= 48 and c2 <= 57)) then return true end
      return false
    elseif c == nil or c <= 57 then
      return false
    end
    local w = lower(sub(s, p, p + 2))
    return w == 'inf' or w == 'nan'
  end

  -- glibc strtod on s at p: value and the position after the number, or nil when nothing parses.
  local function strtod(s, p)
    local q, neg = p, false
    local c = byte(s, q)
    if c == 43 or c == 45 then
      neg = c == 45
      q = q + 1
    end
    local w = lower(sub(s, q, q + 2))
    if w == 'inf' then
      local e = q + 3
      if lower(sub(s, q, q + 7)) == 'infinity' then e = q + 8 end
      return neg and -huge or huge, e
    elseif w == 'nan' then
      local e = q + 3
      if byte(s, e) == 40 then
        local _, ce = find(s, '^[%w_]*%)', e + 1)
        if ce then e = ce + 1 end
      end
      return neg and NEG_NAN or POS_NAN, e
    end
    local v, e
    if byte(s, q) == 48 and (byte(s, q + 1) or 0) | 0x20 == 120 then
      local _, ie = find(s, '^%x*', q + 2)
      local ndig, mend = ie - (q + 2) + 1, ie
      if byte(s, ie + 1) == 46 then
        local _, fe = find(s, '^%x*', ie + 2)
        ndig = ndig + fe - (ie + 2) + 1
        mend = fe
      end
      if ndig == 0 then
        v, e = 0.0, q + 1
      else
        local _, xe = find(s, '^[pP][-+]?%d+', mend + 1)
        local text = sub(s, q, xe or mend)
        if not xe then text = text .. 'p0' end
        v, e = str2number(text), (xe or mend) + 1
      end
    else
      local _, ie = find(s, '^%d*', q)
      local ndig, mend = ie - q + 1, ie
      if byte(s, ie + 1) == 46 then
        local _, fe = find(s, '^%d*', ie + 2)
        ndig = ndig + fe - (ie + 2) + 1
        mend = fe
      end
      if ndig == 0 then return nil end
      local _, xe = find(s, '^[eE][-+]?%d+', mend + 1)
      e = (xe or mend) + 1
      v = str2number(sub(s, q, e - 1))
    end
    v = v * 1.0
    if neg then v = -v end
    return v, e
  end

  -- json_next_token: type, value, position after the token, position of the token
  local function next_token(s, pos)
    local c = byte(s, pos)
    if c == 32 or c == 9 or c == 10 or c == 13 then
      pos = find(s, '[^ \t\n\r]', pos)
      if not pos then return T_END, nil, #s + 1, #s + 1 end
      c = byte(s, pos)
    end
    if c == nil then return T_END, nil, pos, pos end
    local single = SINGLE[c]
    if single then return single, nil, pos + 1, pos end
    if not UNKNOWN[c] then return T_ERROR, 'invalid token', pos, pos end
    if c == 34 then
      local _, e, plain = find(s, '^"([^"\\]*)"', pos) -- no escapes: one pattern match
      if e then return T_STRING, plain, e + 1, pos end
      local parts, np, i = nil, 0, pos + 1
      while true do
        local a = find(s, '["\\]', i)
        if not a then return T_ERROR, 'unexpected end of string', #s + 1, #s + 1 end
        if byte(s, a) == 34 then
          if not parts then return T_STRING, sub(s, i, a - 1), a + 1, pos end
          np = np + 1
          parts[np] = sub(s, i, a - 1)
          return T_STRING, concat(parts, '', 1, np), a + 1, pos
        end
        parts = parts or {}
        np = np + 1
        parts[np] = sub(s, i, a - 1)
        local e = byte(s, a + 1)
        local ch = e and ESCAPE_CHAR[e]
        if ch then
          np = np + 1
          parts[np] = ch
          i = a + 2
        elseif e == 117 then
          if not find(s, '^%x%x%x%x', a + 2) then return T_ERROR, 'invalid unicode escape code', a, a end
          local cp = str2number(sub(s, a + 2, a + 5), 16)
          local len = 6
          if cp & 0xF800 == 0xD800 then
            if cp & 0x400 ~= 0 or sub(s, a + 6, a + 7) ~= '\\u' or not find(s, '^%x%x%x%x', a + 8) then
              return T_ERROR, 'invalid unicode escape code', a, a
            end
            local low = str2number(sub(s, a + 8, a + 11), 16)
            if low & 0xFC00 ~= 0xDC00 then return T_ERROR, 'invalid unicode escape code', a, a end
            cp = (((cp & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000
            len = 12
          end
          np = np + 1
          parts[np] = utf8char(cp)
          i = a + len
        else
          return T_ERROR, 'invalid escape code', a, a
        end
      end
    end
    if c == 45 or (c >= 48 and c <= 57) then
      if not cfg.decode_invalid_numbers and is_invalid_number(s, pos) then
        return T_ERROR, 'invalid number', pos, pos
      end
      -- fast path: up to 14 digits with nothing after them that strtod would read on
      local _, e, digits = find(s, '^(-?%d+)', pos)
      if e and e - pos < 14 and not FLOATCHAR[byte(s, e + 1)] then
        local v = str2number(digits)
        if v == 0 and c == 45 then v = -0.0 end
        return T_NUMBER, v, e + 1, pos
      end
      local v
      v, e = strtod(s, pos)
      if not v then return T_ERROR, 'invalid number', pos, pos end
      return T_NUMBER, num51(v), e, pos
    end
    if sub(s, pos, pos + 3) == 'true' then return T_BOOLEAN, true, pos + 4, pos end
    if sub(s, pos, pos + 4) == 'false' then return T_BOOLEAN, false, pos + 5, pos end
    if sub(s, pos, pos + 3) == 'null' then return T_NULL, nil, pos + 4, pos end
    if cfg.decode_invalid_numbers and is_invalid_number(s, pos) then
      local v, e = strtod(s, pos)
      if not v then return T_ERROR, 'invalid number', pos, pos end
      return T_NUMBER, num51(v), e, pos
    end
    return T_ERROR, 'invalid token', pos, pos
  end

  local function parse_error(expected, tt, tv, tpos)
    local found = tt
    if tt == T_ERROR then found = tv end
    raise(fmt('Expected %s but found %s at character %d', expected, found, tpos))
  end

  local process_value

  local function descend(depth, after)
    depth = depth + 1
    if depth > cfg.decode_max_depth then
      raise(fmt('Found too many nested data structures (%d) at character %d', depth, after - 1))
    end
    return depth
  end

  -- a member key without escapes and its colon, whitespace included, in one match (the general
  -- token path below handles everything else, errors included)
  local KEY = '^[ \t\n\r]*"([^"\\]*)"[ \t\n\r]*:'

  local function parse_object(s, pos, depth)
    depth = descend(depth, pos)
    local t = {}
    local first = true
    while true do
      local key, tt, tv, tpos
      local _, e, k = find(s, KEY, pos)
      if e then
        key, pos = k, e + 1
      else
        tt, tv, pos, tpos = next_token(s, pos)
        if first and tt == T_OBJ_END then return t, pos end
        if tt ~= T_STRING then parse_error('object key string', tt, tv, tpos) end
        key = tv
        tt, tv, pos, tpos = next_token(s, pos)
        if tt ~= T_COLON then parse_error('colon', tt, tv, tpos) end
      end
      first = false
      tt, tv, pos, tpos = next_token(s, pos)
      local v
      v, pos = process_value(s, pos, depth, tt, tv, tpos)
      rawset(t, key, v)
      tt, tv, pos, tpos = next_token(s, pos)
      if tt == T_OBJ_END then return t, pos end
      if tt ~= T_COMMA then parse_error('comma or object end', tt, tv, tpos) end
    end
  end

  local function parse_array(s, pos, depth)
    depth = descend(depth, pos)
    local t = {}
    local tt, tv, tpos
    tt, tv, pos, tpos = next_token(s, pos)
    if tt == T_ARR_END then return t, pos end
    local i = 1
    while true do
      local v
      v, pos = process_value(s, pos, depth, tt, tv, tpos)
      rawset(t, i, v)
      i = i + 1
      tt, tv, pos, tpos = next_token(s, pos)
      if tt == T_ARR_END then return t, pos end
      if tt ~= T_COMMA then parse_error('comma or array end', tt, tv, tpos) end
      tt, tv, pos, tpos = next_token(s, pos)
    end
  end

  process_value = function(s, pos, depth, tt, tv, tpos)
    if tt == T_STRING or tt == T_NUMBER or tt == T_BOOLEAN then return tv, pos end
    if tt == T_NULL then return NULL, pos end
    if tt == T_OBJ_BEGIN then return parse_object(s, pos, depth) end
    if tt == T_ARR_BEGIN then return parse_array(s, pos, depth) end
    parse_error('value', tt, tv, tpos)
  end

  -- ===== Module functions =====

  local cjson = { null = NULL, _NAME = 'cjson', _VERSION = '2.1.0' }

  function cjson.encode(...)
    if select('#', ...) ~= 1 then argerror('encode', 1, 'expected 1 argument') end
    local v = ...
    local t = type(v)
    if t == 'string' then return escape(v) end
    local buf = {}
    local n = append(v, 0, buf, 0)
    return concat(buf, '', 1, n)
  end

  function cjson.decode(...)
    if select('#', ...) ~= 1 then argerror('decode', 1, 'expected 1 argument') end
    local s = ...
    if type(s) == 'number' then
      s = fmt('%.14g', s)
    elseif type(s) ~= 'string' then
      argerror('decode', 1, 'string expected, got ' .. typename51(s))
    end
    if #s >= 2 and (byte(s, 1) == 0 or byte(s, 2) == 0) then
      raise('JSON parser does not support UTF-16 or UTF-32')
    end
    local z = find(s, '\0', 1, true)
    if z then s = sub(s, 1, z - 1) end
    local tt, tv, pos, tpos = next_token(s, 1)
    local v
    v, pos = process_value(s, pos, 0, tt, tv, tpos)
    tt, tv, pos, tpos = next_token(s, pos)
    if tt ~= T_END then parse_error('the end', tt, tv, tpos) end
    return v
  end

  -- ===== Configuration =====

  local function arg_init(fname, nargs, max)
    if nargs > max then argerror(fname, max + 1, 'found too many arguments') end
  end

  -- luaL_checkinteger of Lua 5.1: a number (or numeric string) truncated to an int
  local function check_int(fname, i, v)
    local n = type(v) == 'number' and v or (type(v) == 'string' and tonumber(v))
    if not n then argerror(fname, i, 'number expected, got ' .. typename51(v)) end
    n = n * 1.0
    if n ~= n or n >= 9223372036854775808.0 or n < -9223372036854775808.0 then return 0 end
    local l = tointeger(n >= 0 and floor(n) or -floor(-n))
    l = l & 0xffffffff
    if l >= 0x80000000 then l = l - 0x100000000 end
    return l
  end

  local function integer_option(fname, i, v, key, min, max)
    if v ~= nil then
      local value = check_int(fname, i, v)
      if not (min <= value and value <= max) then
        argerror(fname, 1, fmt('expected integer between %d and %d', min, max))
      end
      cfg[key] = value
    end
    return cfg[key]
  end

  local function check_option(fname, i, v, options)
    local s = v
    if type(v) == 'number' then
      s = fmt('%.14g', v)
    elseif type(v) ~= 'string' then
      argerror(fname, i, 'string expected, got ' .. typename51(v))
    end
    for idx, name in ipairs(options) do
      if name == s then return idx - 1 end
    end
    argerror(fname, i, "invalid option '" .. s .. "'")
  end

  local BOOL_OPTIONS = { 'off', 'on' }

  -- json_enum_option with bool_true = 1: returns the numeric setting
  local function enum_option(fname, i, v, current, options)
    if v == nil then return current end
    if type(v) == 'boolean' then return v and 1 or 0 end
    return check_option(fname, i, v, options or BOOL_OPTIONS)
  end

  function cjson.encode_sparse_array(...)
    local nargs = select('#', ...)
    arg_init('encode_sparse_array', nargs, 3)
    local convert, ratio, safe = ...
    cfg.sparse_convert = enum_option('encode_sparse_array', 1, convert, cfg.sparse_convert and 1 or 0) == 1
    integer_option('encode_sparse_array', 2, ratio, 'sparse_ratio', 0, 2147483647)
    integer_option('encode_sparse_array', 3, safe, 'sparse_safe', 0, 2147483647)
    return cfg.sparse_convert, cfg.sparse_ratio, cfg.sparse_safe
  end

  function cjson.encode_max_depth(...)
    arg_init('encode_max_depth', select('#', ...), 1)
    return integer_option('encode_max_depth', 1, (...), 'encode_max_depth', 1, 2147483647)
  end

  function cjson.decode_max_depth(...)
    arg_init('decode_max_depth', select('#', ...), 1)
    return integer_option('decode_max_depth', 1, (...), 'decode_max_depth', 1, 2147483647)
  end

  function cjson.encode_number_precision(...)
    arg_init('encode_number_precision', select('#', ...), 1)
    local p = integer_option('encode_number_precision', 1, (...), 'precision', 1, 14)
    cfg.numfmt = '%.' .. p .. 'g'
    return p
  end

  function cjson.encode_keep_buffer(...)
    arg_init('encode_keep_buffer', select('#', ...), 1)
    cfg.keep_buffer = enum_option('encode_keep_buffer', 1, (...), cfg.keep_buffer and 1 or 0) == 1
    return cfg.keep_buffer
  end

  local INVALID_OPTIONS = { 'off', 'on', 'null' }

  function cjson.encode_invalid_numbers(...)
    arg_init('encode_invalid_numbers', select('#', ...), 1)
    local mode = enum_option('encode_invalid_numbers', 1, (...), cfg.encode_invalid_numbers, INVALID_OPTIONS)
    cfg.encode_invalid_numbers = mode
    if mode == 2 then return 'null' end
    return mode == 1
  end

  function cjson.decode_invalid_numbers(...)
    arg_init('decode_invalid_numbers', select('#', ...), 1)
    cfg.decode_invalid_numbers =
      enum_option('decode_invalid_numbers', 1, (...), cfg.decode_invalid_numbers and 1 or 0) == 1
    return cfg.decode_invalid_numbers
  end

  cjson.new = new_module
  return cjson
end

return new_module()
`;
