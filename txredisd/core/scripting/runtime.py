"""
The Lua engine of a server: one Lua state (Lua 5.1, as Redis), the script
cache, the function libraries, the dedicated client scripts run their commands
as, and the watch over long-running scripts (busy state, SCRIPT/FUNCTION KILL).
"""

from __future__ import annotations

import hashlib
import logging
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lupa import lua51

from txredisd.core.errors import CommandError
from txredisd.core.scripting.convert import ToLua, ToReply, argument_bytes
from txredisd.core.scripting.libs import install_libraries
from txredisd.core.scripting.prelude import PRELUDE
from txredisd.core.scripting.values import ScriptRaise, bad_argument, check_number, lua_error_text, lua_type_name

if TYPE_CHECKING:
    from txredisd.core.session import ClientSession
    from txredisd.core.state import ServerState

log = logging.getLogger("txredisd.scripting")

REDIS_VERSION = b"7.0.15"
REDIS_VERSION_NUM = 0x07000F
#: Instructions between two looks at the clock (Redis's count hook period).
HOOK_EVERY = 100_000
_LOG_LEVELS = (logging.DEBUG, logging.INFO, logging.INFO, logging.WARNING)

BUSY_SCRIPT = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."
BUSY_FUNCTION = "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE."
UNKILLABLE = (
    "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either "
    "wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command."
)
NOTBUSY = "NOTBUSY No scripts in execution right now."


def sha1hex(data: bytes) -> bytes:
    return hashlib.sha1(data).hexdigest().encode()


def _check_int(value: Any, position: int, name: str, missing: bool = False) -> int:
    """luaL_checkint: a number (or numeric string), truncated as C does."""
    number = check_number(value, position, name, missing)
    return int(number) if number == number and abs(number) < 2**63 else -(2**63)


def _lua_string(value: Any) -> bytes:
    """Lua's tostring for what scripts pass where strings are expected (numbers: %.14g)."""
    if type(value) is bytes:
        return value
    if type(value) is int:
        return b"%d" % value
    if type(value) is float:
        return (b"%.14g" % value).replace(b"inf", b"inf")
    return repr(value).encode()


def _sha1hex(*args: Any) -> bytes:
    if len(args) != 1:
        raise ScriptRaise("ERR " + "wrong number of arguments")
    return sha1hex(_lua_string(args[0]))


def _set_repl(*args: Any) -> None:
    if len(args) != 1:
        raise ScriptRaise("ERR " + "redis.set_repl() requires two arguments.")
    if type(args[0]) is not int or not 0 <= args[0] <= 3:
        raise ScriptRaise("ERR " + "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.")


def _log(*args: Any) -> None:
    if len(args) < 2:
        raise ScriptRaise("ERR " + "redis.log() requires two arguments or more.")
    level = args[0]
    if type(level) not in (int, float):
        raise ScriptRaise("ERR " + "First argument must be a number (log level).")
    if not 0 <= level <= 3:
        raise ScriptRaise("ERR " + "Invalid debug level.")
    parts = [_lua_string(a) for a in args[1:] if type(a) in (bytes, int, float)]
    log.log(_LOG_LEVELS[int(level)], "%s", b" ".join(parts).decode("utf-8", "replace"))


class Rand48:
    """Redis's own lrand48 (scripts' math.random): the same numbers on every platform."""

    def __init__(self) -> None:
        self.state = 0x1234ABCD330E

    def seed(self, seed: int) -> None:
        self.state = ((seed & 0xFFFFFFFF) << 16) | 0x330E

    def next(self, *_: Any) -> int:
        self.state = (0x5DEECE66D * self.state + 0xB) & 0xFFFFFFFFFFFF
        return self.state >> 17


@dataclass
class Run:
    """The script being run now (Redis's scriptRunCtx)."""

    name: bytes
    caller: ClientSession
    argv: list[bytes]
    read_only: bool
    is_function: bool
    started: float
    db: Any
    resp: int = 2
    wrote: bool = False
    killed: bool = False
    #: SHUTDOWN NOSAVE stopped it: its writes are neither replied to nor propagated.
    abandoned: bool = False
    extra: dict = field(default_factory=dict)


class _Abandoned(Exception):
    """Raised inside the propagation group so an abandoned script's writes are dropped."""


class ScriptEngine:
    """Everything Lua about one server."""

    def __init__(self, server: ServerState) -> None:
        from txredisd.core.session import ClientSession  # the session imports the command table

        self.server = server
        self.client = ClientSession(server, kind="unix")
        self.client.deny_blocking = True
        self.random = Rand48()
        self.running: Run | None = None
        #: Scripts by lower-case hex SHA1: (compiled function, body, shebang flags or None).
        self.scripts: dict[bytes, tuple[Any, bytes, frozenset[str] | None]] = {}
        self.lua = lua51.LuaRuntime(
            encoding=None, unpack_returned_tuples=True, register_eval=False, register_builtins=False
        )
        self.to_lua = ToLua(self.lua)
        bridge = self.lua.table_from(
            {
                b"call": self._call,
                b"pcall": self._pcall,
                b"sha1hex": _sha1hex,
                b"setresp": self._setresp,
                b"set_repl": _set_repl,
                b"acl_check_cmd": self._acl_check_cmd,
                b"log": _log,
                b"error_value": self._error_value,
                b"tick": self._tick,
                b"random": self._random,
                b"randomseed": self._randomseed,
                b"rawset": self._rawset,
                b"setmetatable": self._setmetatable,
                b"load_in": self._load_in,
                b"version": REDIS_VERSION,
                b"version_num": REDIS_VERSION_NUM,
                b"hook_every": HOOK_EVERY,
                b"libs": install_libraries(self.lua),
            }
        )
        self.api = self.lua.execute(PRELUDE, bridge)

    # -- running ------------------------------------------------------------

    def compile(self, body: bytes) -> Any:
        """A script's body as a Lua function (the shebang line kept as a comment, for line numbers)."""
        source = b"--" + body[2:] if body.startswith(b"#!") else body
        fn, message = self.api.compile_script(source)
        if fn is None:
            raise CommandError("ERR Error compiling script (new function): " + message.decode("utf-8", "replace"))
        return fn

    def run(self, run: Run, fn: Any, keys: list[bytes], args: list[bytes]) -> Any:
        """Run a compiled script or function; returns the reply (wire bytes) for the caller."""
        server = self.server
        run.db = run.caller.db
        self.running = run
        table = self.lua.table_from
        try:
            with server.atomic_propagation():
                if run.is_function:
                    ok, result = self.api.run_function(fn, table(keys), table(args))
                else:
                    ok, result = self.api.run_script(fn, table(keys), table(args))
                if run.abandoned:
                    raise _Abandoned
        except _Abandoned:
            from txredisd.core.session import REPLY_OFF  # (the session imports the command table)

            # Redis exits under such a script: its caller hears nothing before the close.
            run.caller.reply_mode = REPLY_OFF
            raise CommandError("ERR Script abandoned: the server is shutting down") from None
        finally:
            self.running = None
            server.script_busy = None
        if not ok:
            raise CommandError(self._failure(run, result))
        reply = ToReply(run.caller.resp).top(result)
        if isinstance(reply, str):
            raise CommandError(reply)
        return reply

    def _failure(self, run: Run, err: Any) -> str:
        """The error reply of a script that raised: its message, the script and where."""
        message = err[b"err"] if lua51.lua_type(err) == "table" else None
        text = message.decode("utf-8", "replace") if type(message) is bytes else "ERR unknown error"
        name = run.name.decode("utf-8", "replace")
        source = err[b"source"]
        if type(source) is bytes:
            return f"{text} script: {name}, on {source.decode('utf-8', 'replace')}:{err[b'line']}."
        return f"{text} script: {name}"

    # -- the calls Lua makes -----------------------------------------------

    def _call(self, *args: Any) -> Any:
        """redis.call: a failed command raises its error in the script."""
        try:
            return self.to_lua.convert(self._command(args), self.running.resp)
        except CommandError as error:
            raise ScriptRaise(error.message) from None

    def _pcall(self, *args: Any) -> Any:
        """redis.pcall: a failed command's error is returned as a value."""
        try:
            return self.to_lua.convert(self._command(args), self.running.resp)
        except CommandError as error:
            return self.to_lua.error(error.message)

    def _command(self, args: tuple) -> Any:
        if not args:
            raise CommandError("ERR Please specify at least one argument for this redis lib call")
        argv = [argument_bytes(arg) for arg in args]
        if None in argv:
            raise CommandError("ERR Lua redis lib command arguments must be strings or integers")
        return self._execute(self.running, argv)

    def _execute(self, run: Run, argv: list[bytes]) -> Any:
        from txredisd.core.commands import TABLE

        spec = TABLE.lookup(argv)
        if spec is None:
            raise CommandError("ERR Unknown Redis command called from script")
        arity = spec.arity
        if (arity > 0 and len(argv) != arity) or len(argv) < -arity or spec.handler is None:
            raise CommandError("ERR Wrong number of args calling Redis command from script")
        if "noscript" in spec.flags:
            raise CommandError("ERR This Redis command is not allowed from script")
        if "write" in spec.flags:
            if run.read_only:
                raise CommandError("ERR Write commands are not allowed from read-only scripts.")
            run.wrote = True
        client = self.client
        client.db = run.db
        client.resp = run.resp
        try:
            return client.run(spec, argv)
        finally:
            run.db = client.db

    def _setresp(self, *args: Any) -> None:
        if len(args) != 1:
            raise self.raised("redis.setresp() requires one argument.")
        if args[0] not in (2, 3):
            raise self.raised("RESP version must be 2 or 3.")
        self.running.resp = args[0]

    def _acl_check_cmd(self, *args: Any) -> bool:
        from txredisd.core.commands import TABLE

        if not args:
            raise self.raised("Please specify at least one argument for this redis lib call")
        argv = [argument_bytes(arg) or b"" for arg in args]
        if TABLE.lookup(argv) is None:
            raise self.raised("Invalid command passed to redis.acl_check_cmd()")
        return True

    def _error_value(self, error: BaseException) -> tuple[Any, bool]:
        """What the Lua error handler takes for an exception raised by Python code."""
        if not isinstance(error, ScriptRaise):
            log.error("Python error in a script library: %r", error)
            error = ScriptRaise(f"Python error in a script library: {error!r}", positioned=True)
        if error.positioned:
            return error.message.encode("utf-8", "replace"), True
        return self.to_lua.error(error.message), False

    # -- sandbox functions that may raise (Python, so never a Lua tail call) --

    def _random(self, *args: Any) -> int | float:
        """math.random from Redis's lrand48, with Lua 5.1's argument rules."""
        fraction = (self.random.next() % 2147483647) / 2147483647
        if not args:
            return fraction
        bounds = [_check_int(arg, n + 1, "random") for n, arg in enumerate(args)]
        if len(bounds) == 1:
            low, high = 1, bounds[0]
        elif len(bounds) == 2:
            low, high = bounds
        else:
            raise ScriptRaise("wrong number of arguments", positioned=True)
        if low > high:
            raise ScriptRaise(f"bad argument #{len(bounds)} to 'random' (interval is empty)", positioned=True)
        return math.floor(fraction * (high - low + 1)) + low

    def _randomseed(self, *args: Any) -> None:
        self.random.seed(_check_int(args[0] if args else None, 1, "randomseed", missing=not args))

    def _rawset(self, *args: Any) -> Any:
        table = self._writable_table(args, "rawset")
        return self._lua_builtin(self.api.rawset, table, *args[1:3])

    def _setmetatable(self, *args: Any) -> Any:
        table = self._writable_table(args, "setmetatable")
        metatable = args[1] if len(args) > 1 else None
        if metatable is not None and lua51.lua_type(metatable) != "table":
            raise bad_argument(2, "setmetatable", "nil or table expected")
        return self._lua_builtin(self.api.setmetatable, table, metatable)

    def _writable_table(self, args: tuple, name: str) -> Any:
        table = args[0] if args else None
        if lua51.lua_type(table) != "table":
            got = lua_type_name(table) if args else "no value"
            raise bad_argument(1, name, f"table expected, got {got}")
        if self.api.is_protected(table):
            raise ScriptRaise("ERR Attempt to modify a readonly table")
        return table

    def _load_in(self, env: Any) -> Any:
        """load() for one environment: what it compiles runs in that sandbox too."""

        def load(*args: Any) -> Any:
            if not args or lua51.lua_type(args[0]) != "function":
                got = lua_type_name(args[0]) if args else "no value"
                raise ScriptRaise(f"bad argument #1 to 'load' (function expected, got {got})", positioned=True)
            return self._lua_builtin(self.api.load, env, *args)

        return load

    @staticmethod
    def _lua_builtin(function: Any, *args: Any) -> Any:
        try:
            return function(*args)
        except lua51.LuaError as error:
            raise ScriptRaise(lua_error_text(error.args[0]), positioned=True) from None

    def raised(self, message: str) -> ScriptRaise:
        """An error as Redis's own C functions raise it: an error table, with the ERR code."""
        return ScriptRaise("ERR " + message)

    # -- long scripts --------------------------------------------------------

    def _tick(self) -> bool:
        """The count hook: past busy-reply-threshold, let the I/O layer serve others; True kills."""
        run = self.running
        if run is None or run.killed:
            return bool(run and run.killed)
        server = self.server
        elapsed_ms = (server.timer() - run.started) * 1000
        if elapsed_ms >= server.config["busy-reply-threshold"]:
            if server.script_busy is None:
                server.script_busy = BUSY_FUNCTION if run.is_function else BUSY_SCRIPT
                log.warning(
                    "Slow script detected: still in execution after %d milliseconds. "
                    "You can try killing the script using the %s command.",
                    elapsed_ms,
                    "FUNCTION KILL" if run.is_function else "SCRIPT KILL",
                )
            serve = getattr(server.io, "process_events_while_busy", None)
            if serve is not None:
                serve()
        return run.killed

    def abandon(self) -> None:
        """SHUTDOWN NOSAVE during a busy script: stop it, written or not (Redis exits under it)."""
        run = self.running
        if run is not None:
            run.killed = run.abandoned = True

    def kill(self, functions: bool) -> None:
        """SCRIPT KILL (C{functions} False) or FUNCTION KILL."""
        run = self.running
        if run is None:
            raise CommandError(NOTBUSY)
        if run.wrote:
            raise CommandError(UNKILLABLE)
        if run.is_function != functions:
            raise CommandError(BUSY_FUNCTION if run.is_function else BUSY_SCRIPT)
        run.killed = True


def engine_of(server: ServerState) -> ScriptEngine:
    """The server's engine, made on first use (most servers never run a script)."""
    engine = getattr(server, "scripting", None)
    if engine is None:
        engine = server.scripting = ScriptEngine(server)
    return engine
