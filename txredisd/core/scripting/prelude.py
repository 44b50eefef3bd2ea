"""
The Lua half of the sandbox, run once per Lua state.

It receives a table of Python callables (C{py}) and returns a table of the
entry points the Python half drives. Everything a script may touch is reached
through read-only proxies, so that scripts cannot leave state behind for the
next script (which Redis forbids too).
"""

PRELUDE = r"""
local py = ...
local _rawset, _rawget, _next, _setmetatable, _getmetatable = rawset, rawget, next, setmetatable, getmetatable
local _error, _type, _tostring, _tonumber, _setfenv, _loadstring = error, type, tostring, tonumber, setfenv, loadstring
local _xpcall, _pcall, _select, _unpack, _pairs = xpcall, pcall, select, unpack, pairs
local _concat, _format = table.concat, string.format
local dbg = debug

local READONLY = "Attempt to modify a readonly table"
local backing = _setmetatable({}, {__mode = "k"})

local function deny() _error(READONLY, 2) end

-- A read-only view of `real`; `strict` views error on a missing name, like Redis's globals.
local function protect(real, strict)
  local proxy = {}
  backing[proxy] = real
  local index = real
  if strict then
    index = function(self, key)
      local value = real[key]
      if value == nil then
        _error("Script attempted to access nonexistent global variable '" .. _tostring(key) .. "'", 2)
      end
      return value
    end
  end
  _setmetatable(proxy, {__index = index, __newindex = deny, __metatable = {}})
  return proxy
end

local function copy(t)
  local out = {}
  for k, v in _pairs(t) do out[k] = v end
  return out
end

local function see_through(t) return backing[t] or t end
local function safe_next(t, k) return _next(see_through(t), k) end
local function safe_pairs(t) return safe_next, t, nil end
local function safe_rawget(t, k) return _rawget(see_through(t), k) end

-- Python functions are userdata to Lua; scripts must still see functions.
local python_functions = _setmetatable({}, {__mode = "k"})
local function safe_type(...)
  local t = _type(...)
  if t == "userdata" and python_functions[(...)] then return "function" end
  return t
end

-- An error a Python function raised reaches a script's pcall as Redis's message string.
local function error_message(err)
  if _type(err) ~= "userdata" then return err end
  local value = py.error_value(err)
  if _type(value) == "table" then return value.err end
  return value
end
local function pack_pcall(ok, ...)
  if ok then return ok, ... end
  return ok, error_message((...))
end
local function safe_pcall(f, ...) return pack_pcall(_pcall(f, ...)) end

-- Redis's error replies carry a code: one word first ("ERR" by default).
local function err_table(message) return {err = "ERR " .. message} end
local function raise(message) _error(err_table(message)) end

local redis_common = {
  REDIS_VERSION = py.version, REDIS_VERSION_NUM = py.version_num,
  LOG_DEBUG = 0, LOG_VERBOSE = 1, LOG_NOTICE = 2, LOG_WARNING = 3,
}

redis_common.log = py.log

local redis = copy(redis_common)
redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL = 0, 1, 2, 2, 3
-- Functions that may raise are Python callables: a call to one is never a Lua
-- tail call, so the error handler still finds the user's line on the stack.
redis.call, redis.pcall, redis.sha1hex = py.call, py.pcall, py.sha1hex
redis.setresp, redis.set_repl = py.setresp, py.set_repl
redis.acl_check_cmd = py.acl_check_cmd

function redis.error_reply(...)
  local message = ...
  if _select("#", ...) ~= 1 or _type(message) ~= "string" then
    return err_table("wrong number or type of arguments")
  end
  if message:sub(1, 1) == "-" then message = message:sub(2) end
  if not message:find(" ", 1, true) then message = "ERR " .. message end
  return {err = message}
end

function redis.status_reply(...)
  local message = ...
  if _select("#", ...) ~= 1 or _type(message) ~= "string" then
    return err_table("wrong number or type of arguments")
  end
  return {ok = message}
end




function redis.replicate_commands() return true end
function redis.breakpoint() return false end
function redis.debug() end


-- Where an error was raised: the innermost frame of user code.
local function user_frame()
  local level = 2
  while true do
    local info = dbg.getinfo(level, "Sl")
    if not info then return nil end
    if info.source:sub(1, 6) == "@user_" then return info end
    level = level + 1
  end
end

local function error_handler(err)
  local info = user_frame()
  if _type(err) == "userdata" then
    local value, positioned = py.error_value(err)
    if positioned and info then value = info.short_src .. ":" .. info.currentline .. ": " .. value end
    err = value
  end
  if _type(err) ~= "table" then
    err = {err = "ERR " .. _tostring(err)}
  end
  if info then
    err.source = info.source
    err.line = info.currentline
  end
  return err
end

local base = {
  "assert", "collectgarbage", "error", "gcinfo", "getmetatable", "ipairs", "rawequal",
  "select", "tonumber", "tostring", "unpack", "xpcall", "_VERSION",
}

-- A global environment: the base functions, read-only libraries and `redis_table`.
local function make_env(redis_table, extra, strict_redis)
  local real = {}
  for _, name in _pairs(base) do real[name] = _G[name] end
  local env = protect(real, true)
  local math_lib = copy(math)
  math_lib.random, math_lib.randomseed = py.random, py.randomseed
  real.math = protect(math_lib)
  real.string = protect(copy(string))
  real.table = protect(copy(table))
  real.coroutine = protect(copy(coroutine))
  real.next, real.pairs, real.rawget, real.rawset = safe_next, safe_pairs, safe_rawget, py.rawset
  real.setmetatable, real.type, real.pcall = py.setmetatable, safe_type, safe_pcall
  real.load = py.load_in(env)
  python_functions[real.load] = true
  real.redis = protect(redis_table, strict_redis)
  real._G = env
  real.__redis__err__handler = error_handler
  for name, lib in _pairs(extra) do real[name] = protect(lib) end
  function real.loadstring(source, name)
    local fn, message = _loadstring(source, name)
    if fn then _setfenv(fn, env) end
    return fn, message
  end
  return env, real
end

local libs = py.libs
local script_env, script_globals = make_env(redis, libs)
local function_redis = copy(redis)

local function compile(source, chunkname, env)
  local fn, message = _loadstring(source, chunkname)
  if not fn then return nil, message end
  _setfenv(fn, env)
  return fn, false
end

local KILLED = {}
local tick = py.tick
local function killed_hook()
  -- Once killed, every line of user code raises again (a script's pcall cannot swallow it).
  local info = dbg.getinfo(2, "S")
  if info and info.source:sub(1, 6) == "@user_" then
    _error(err_table("Script killed by user with SCRIPT KILL..."))
  end
end
local function count_hook()
  if tick() then
    dbg.sethook(killed_hook, "l")
    killed_hook()
  end
end

local function guarded(fn, ...)
  local n, args = _select("#", ...), {...}
  dbg.sethook(count_hook, "", py.hook_every)
  local result = {_xpcall(function() return fn(_unpack(args, 1, n)) end, error_handler)}
  dbg.sethook()
  return result[1], result[2]
end

local api = {}
-- Python callables (lupa gives them a metatable; cjson.null, a bare proxy, has none).
local function note_python_functions(t)
  for _, f in _pairs(t) do
    if _type(f) == "userdata" and _getmetatable(f) ~= nil then python_functions[f] = true end
  end
end
note_python_functions(py)
for _, lib in _pairs(py.libs) do note_python_functions(lib) end
function api.is_protected(t) return backing[t] ~= nil end
api.rawset, api.setmetatable = _rawset, _setmetatable
function api.load(env, ...)
  local fn, message = load(...)
  if fn then _setfenv(fn, env) end
  return fn, message
end

function api.compile_script(source) return compile(source, "@user_script", script_env) end

function api.run_script(fn, keys, argv)
  _rawset(script_globals, "KEYS", keys)
  _rawset(script_globals, "ARGV", argv)
  return guarded(fn)
end

function api.run_function(fn, keys, argv) return guarded(fn, keys, argv) end

local FUNCTION_FLAGS = {
  ["no-writes"] = true, ["allow-oom"] = true, ["allow-stale"] = true, ["no-cluster"] = true,
  ["allow-cross-slot-keys"] = true,
}
local NAME_RULE = "Library names can only contain letters, numbers, or underscores(_) and must be at least "
  .. "one character long"

local function named_arguments(spec)
  if _type(spec) ~= "table" then
    raise("calling redis.register_function with a single argument is only applicable to Lua table "
      .. "(representing named arguments).")
  end
  local name, callback, flags, description
  for key, value in _pairs(spec) do
    if key == "function_name" then name = value
    elseif key == "callback" then callback = value
    elseif key == "flags" then flags = value
    elseif key == "description" then description = value
    else raise("unknown argument given to redis.register_function") end
  end
  if name == nil then raise("redis.register_function must get a function name argument") end
  if callback == nil then raise("redis.register_function must get a callback argument") end
  if _type(callback) ~= "function" then
    raise("callback argument given to redis.register_function must be a function")
  end
  if description ~= nil and _type(description) ~= "string" then
    raise("description argument given to redis.register_function must be a string")
  end
  if flags ~= nil and _type(flags) ~= "table" then
    raise("flags argument to redis.register_function must be a table representing function flags")
  end
  return name, callback, flags or {}, description
end

local function registrar(registered, seen)
  return function(...)
    local n = _select("#", ...)
    local name, callback, flags, description
    if n == 1 then
      name, callback, flags, description = named_arguments(...)
    elseif n == 2 then
      name, callback = ...
      flags = {}
      if _type(callback) ~= "function" then raise("second argument to redis.register_function must be a function") end
    else
      raise("wrong number of arguments to redis.register_function")
    end
    if (_type(name) ~= "string" and _type(name) ~= "number") then raise(NAME_RULE) end
    name = _tostring(name)
    if not name:find("^[%w_]+$") then raise(NAME_RULE) end
    if seen[name] then raise("Function already exists in the library") end
    local flag_list = {}
    for i = 1, #flags do
      local flag = flags[i]
      if not FUNCTION_FLAGS[flag] then raise("unknown flag given") end
      flag_list[i] = flag
    end
    seen[name] = true
    registered[#registered + 1] = {name = name, callback = callback, flags = flag_list, description = description}
  end
end

-- Load a library: run its body with only redis.register_function & co. at hand.
function api.load_library(source)
  local registered = {}
  local load_redis = copy(redis_common)
  load_redis.register_function = registrar(registered, {})
  local env, real = make_env(load_redis, libs, true)
  local fn, message = compile(source, "@user_function", env)
  if not fn then return false, message, true, false end
  local ok, err = guarded(fn)
  -- The library's functions run later with the full redis API (and no register_function).
  real.redis = protect(function_redis)
  return ok, err, false, registered
end

api.err_table = err_table
return api
"""
