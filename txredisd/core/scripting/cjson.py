"""
The cjson library (2.1.0, as Redis bundles it) in Lua source: JSON tables are
walked in Lua's own key order, so objects come out in the order Redis gives.
Errors are raised with level 0: the engine adds the user's position.
"""

CJSON = r"""
local _type, _tostring, _tonumber, _pairs, _error, _select = type, tostring, tonumber, pairs, error, select
local _format, _byte, _char, _sub = string.format, string.byte, string.char, string.sub
local _gsub, _concat = string.gsub, table.concat
local _floor, _huge = math.floor, math.huge

local cjson = {_NAME = "cjson", _VERSION = "2.1.0"}
local null = newproxy()
cjson.null = null

local ESCAPES = {
  ['"'] = '\\"', ['\\'] = '\\\\', ['/'] = '\\/', ['\b'] = '\\b', ['\f'] = '\\f', ['\n'] = '\\n',
  ['\r'] = '\\r', ['\t'] = '\\t',
}
local function escape_char(c) return ESCAPES[c] or _format("\\u%04x", _byte(c)) end
local function encode_string(s) return '"' .. (_gsub(s, '[%c"\\/]', escape_char)) .. '"' end

local function encode_number(n)
  if n ~= n or n == _huge or n == -_huge then
    _error("Cannot serialise number: must not be NaN or Inf", 0)
  end
  return _format("%.14g", n)
end

-- A table is an array when every key is a positive integer and it is not too sparse.
local function array_length(t)
  local max, items = 0, 0
  for k in _pairs(t) do
    if _type(k) ~= "number" or k < 1 or _floor(k) ~= k then return -1 end
    if k > max then max = k end
    items = items + 1
  end
  if max > 10 and max > items * 2 then
    _error("Cannot serialise table: excessively sparse array", 0)
  end
  return max
end

local encode_value

local function encode_table(t, depth, out)
  depth = depth + 1
  if depth > 1000 then _error("Cannot serialise, excessive nesting (" .. depth .. ")", 0) end
  local length = array_length(t)
  if length > 0 then
    out[#out + 1] = "["
    for i = 1, length do
      if i > 1 then out[#out + 1] = "," end
      encode_value(t[i], depth, out)
    end
    out[#out + 1] = "]"
    return
  end
  out[#out + 1] = "{"
  local first = true
  for k, v in _pairs(t) do
    if not first then out[#out + 1] = "," end
    first = false
    local kind = _type(k)
    if kind == "string" then
      out[#out + 1] = encode_string(k)
    elseif kind == "number" then
      out[#out + 1] = '"' .. encode_number(k) .. '"'
    else
      _error("Cannot serialise " .. kind .. ": table key must be a number or string", 0)
    end
    out[#out + 1] = ":"
    encode_value(v, depth, out)
  end
  out[#out + 1] = "}"
end

function encode_value(v, depth, out)
  local kind = _type(v)
  if kind == "string" then out[#out + 1] = encode_string(v)
  elseif kind == "number" then out[#out + 1] = encode_number(v)
  elseif kind == "boolean" then out[#out + 1] = v and "true" or "false"
  elseif kind == "nil" or v == null then out[#out + 1] = "null"
  elseif kind == "table" then encode_table(v, depth, out)
  else _error("Cannot serialise " .. kind .. ": type not supported", 0) end
end

function cjson.encode(...)
  if _select("#", ...) ~= 1 then _error("bad argument #1 to 'encode' (expected 1 argument)", 0) end
  local out = {}
  encode_value((...), 0, out)
  return _concat(out)
end

-- Decoding: a tokenizer reporting cjson's token names and 1-based character positions.
local SINGLE = {
  ["{"] = "T_OBJ_BEGIN", ["}"] = "T_OBJ_END", ["["] = "T_ARR_BEGIN", ["]"] = "T_ARR_END",
  [":"] = "T_COLON", [","] = "T_COMMA",
}
local WORDS = {t = {"true", "T_BOOLEAN", true}, f = {"false", "T_BOOLEAN", false}, n = {"null", "T_NULL", null}}
local UNESCAPE = {b = "\b", f = "\f", n = "\n", r = "\r", t = "\t", ['"'] = '"', ["\\"] = "\\", ["/"] = "/"}

local function utf8(code)
  if code < 0x80 then return _char(code) end
  if code < 0x800 then return _char(0xC0 + _floor(code / 64), 0x80 + code % 64) end
  if code < 0x10000 then
    return _char(0xE0 + _floor(code / 4096), 0x80 + _floor(code / 64) % 64, 0x80 + code % 64)
  end
  return _char(0xF0 + _floor(code / 262144), 0x80 + _floor(code / 4096) % 64, 0x80 + _floor(code / 64) % 64,
               0x80 + code % 64)
end

-- (kind, value, index): kind "T_ERROR" carries its message as the value.
local function scan_string(s, pos)
  local parts, i = {}, pos + 1
  while true do
    local c = _sub(s, i, i)
    if c == "" then return "T_ERROR", "unexpected end of string", i end
    if c == '"' then return "T_STRING", _concat(parts), pos, i + 1 end
    if c == "\\" then
      local e = _sub(s, i + 1, i + 1)
      if e == "u" then
        local code = _tonumber(_sub(s, i + 2, i + 5), 16)
        if not code or #_sub(s, i + 2, i + 5) ~= 4 then return "T_ERROR", "invalid unicode escape code", i end
        i = i + 6
        if code >= 0xD800 and code <= 0xDBFF then
          local low = _sub(s, i, i + 1) == "\\u" and _tonumber(_sub(s, i + 2, i + 5), 16)
          if not low or low < 0xDC00 or low > 0xDFFF then return "T_ERROR", "invalid unicode escape code", i - 6 end
          code = 0x10000 + (code - 0xD800) * 1024 + (low - 0xDC00)
          i = i + 6
        end
        parts[#parts + 1] = utf8(code)
      elseif UNESCAPE[e] then
        parts[#parts + 1] = UNESCAPE[e]
        i = i + 2
      else
        return "T_ERROR", "invalid escape code", i
      end
    else
      local j = i
      while true do
        local d = _sub(s, j + 1, j + 1)
        if d == "" or d == '"' or d == "\\" then break end
        j = j + 1
      end
      parts[#parts + 1] = _sub(s, i, j)
      i = j + 1
    end
  end
end

local function next_token(s, pos)
  pos = s:find("[^ \t\n\r]", pos) or (#s + 1)
  local c = _sub(s, pos, pos)
  if c == "" then return "T_END", nil, pos, pos end
  local single = SINGLE[c]
  if single then return single, nil, pos, pos + 1 end
  if c == '"' then return scan_string(s, pos) end
  if c == "-" or c:find("%d") then
    local text = s:match("^-?0[xX]%x+", pos) or s:match("^-?%d*%.?%d*[eE][-+]?%d+", pos) or s:match("^-?%d*%.?%d*", pos)
    local n = _tonumber(text)
    if not n then return "T_ERROR", "invalid number", pos end
    return "T_NUMBER", n, pos, pos + #text
  end
  local word = WORDS[c]
  if word and _sub(s, pos, pos + #word[1] - 1) == word[1] then return word[2], word[3], pos, pos + #word[1] end
  return "T_ERROR", "invalid token", pos
end

local function fail(expected, kind, value, index)
  local found = kind == "T_ERROR" and value or kind
  _error("Expected " .. expected .. " but found " .. found .. " at character " .. index, 0)
end

local decode_token

local function decode_object(s, pos, depth)
  local result = {}
  local kind, value, index, after = next_token(s, pos)
  if kind == "T_OBJ_END" then return result, after end
  while true do
    if kind ~= "T_STRING" then fail("object key string", kind, value, index) end
    local key = value
    kind, value, index, after = next_token(s, after)
    if kind ~= "T_COLON" then fail("colon", kind, value, index) end
    result[key], after = decode_token(s, depth, next_token(s, after))
    kind, value, index, after = next_token(s, after)
    if kind == "T_OBJ_END" then return result, after end
    if kind ~= "T_COMMA" then fail("comma or object end", kind, value, index) end
    kind, value, index, after = next_token(s, after)
  end
end

local function decode_array(s, pos, depth)
  local result, n = {}, 0
  local kind, value, index, after = next_token(s, pos)
  if kind == "T_ARR_END" then return result, after end
  while true do
    n = n + 1
    result[n], after = decode_token(s, depth, kind, value, index, after)
    kind, value, index, after = next_token(s, after)
    if kind == "T_ARR_END" then return result, after end
    if kind ~= "T_COMMA" then fail("comma or array end", kind, value, index) end
    kind, value, index, after = next_token(s, after)
  end
end

-- The value that starts with the token just read.
function decode_token(s, depth, kind, value, index, after)
  if kind == "T_OBJ_BEGIN" or kind == "T_ARR_BEGIN" then
    depth = depth + 1
    if depth > 1000 then
      _error("Found too many nested data structures (" .. depth .. ") at character " .. index, 0)
    end
    if kind == "T_OBJ_BEGIN" then return decode_object(s, after, depth) end
    return decode_array(s, after, depth)
  end
  if kind == "T_STRING" or kind == "T_NUMBER" or kind == "T_BOOLEAN" or kind == "T_NULL" then
    return value, after
  end
  fail("value", kind, value, index)
end

function cjson.decode(...)
  if _select("#", ...) ~= 1 then _error("bad argument #1 to 'decode' (expected 1 argument)", 0) end
  local s = ...
  local kind = _type(s)
  if kind == "number" then s = _tostring(s)
  elseif kind ~= "string" then
    _error("bad argument #1 to 'decode' (string expected, got " .. (kind == "nil" and "nil" or kind) .. ")", 0)
  end
  local value, after = decode_token(s, 0, next_token(s, 1))
  local trailing, tvalue, tindex = next_token(s, after)
  if trailing ~= "T_END" then fail("the end", trailing, tvalue, tindex) end
  return value
end

-- The configuration functions exist; scripts get Redis's defaults from them.
function cjson.encode_sparse_array() return false, 2, 10 end
function cjson.encode_max_depth() return 1000 end
function cjson.decode_max_depth() return 1000 end
function cjson.encode_number_precision() return 14 end
function cjson.encode_keep_buffer() return true end
function cjson.encode_invalid_numbers() return false end
function cjson.decode_invalid_numbers() return true end
function cjson.new() return cjson end

return cjson
"""
