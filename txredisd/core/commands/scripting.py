"""
Scripting: EVAL & co., the script cache (SCRIPT), and Redis 7.0 functions
(FUNCTION, FCALL). The Lua side lives in L{txredisd.core.scripting}.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from txredisd.core.commands._args import parse_int
from txredisd.core.commands._spec import KeySpec, command
from txredisd.core.commands.server import help_reply
from txredisd.core.errors import NOT_INTEGER, CommandError, subcommand_syntax
from txredisd.core.glob import glob_match
from txredisd.core.scripting.runtime import Run, engine_of, sha1hex
from txredisd.persistence.crc64 import crc64
from txredisd.persistence.payload import payload_intact
from txredisd.persistence.rdb import OP_FUNCTION2, OP_FUNCTION_PRE_GA, RDB_VERSION, RdbError
from txredisd.persistence.reader import Input
from txredisd.persistence.writer import string as rdb_string
from txredisd.resp.values import OK, Raw, SetReply, SimpleString

_G = "scripting"
_RW_KEYS = [KeySpec("RW access update", 2, keynum=(0, 1, 1),
                    notes="We cannot tell how the keys will be used so we assume the worst, RW and UPDATE")]
_RO_KEYS = [KeySpec("RO access", 2, keynum=(0, 1, 1),
                    notes="We cannot tell how the keys will be used so we assume the worst, RO and ACCESS")]
_SHA_RW_KEYS = [KeySpec("RW access update", 2, keynum=(0, 1, 1))]
_SHA_RO_KEYS = [KeySpec("RO access", 2, keynum=(0, 1, 1))]
_EVAL_FLAGS = "noscript stale skip_monitor no_mandatory_keys"
_SCRIPT_FLAGS = frozenset(("no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"))
_NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL."
_RO_REFUSED = "ERR Can not execute a script with write flag using *_ro command."


def _keys_and_args(argv: list[bytes], bad_number: str = NOT_INTEGER) -> tuple[list[bytes], list[bytes]]:
    numkeys = parse_int(argv[2], bad_number)
    if numkeys < 0:
        raise CommandError("ERR Number of keys can't be negative")
    if numkeys > len(argv) - 3:
        raise CommandError("ERR Number of keys can't be greater than number of args")
    return argv[3 : 3 + numkeys], argv[3 + numkeys :]


def _shebang_flags(body: bytes) -> frozenset[str] | None:
    """An EVAL script's C{#!lua flags=...} line (None without a shebang: a pre-7.0 script)."""
    if not body.startswith(b"#!"):
        return None
    line = body.split(b"\n", 1)[0].decode("utf-8", "replace")
    words = line.split(" ")
    if words[0] != "#!lua":
        raise CommandError(f"ERR Unexpected engine in script shebang: {words[0]}")
    flags: set[str] = set()
    for word in words[1:]:
        if not word:
            continue
        if not word.startswith("flags="):
            raise CommandError(f"ERR Unknown lua shebang option: {word}")
        for flag in word[6:].split(","):
            if flag and flag not in _SCRIPT_FLAGS:
                raise CommandError(f"ERR Unexpected flag in script shebang: {flag}")
            flags.add(flag)
    return frozenset(flags - {""})


def _load_script(session, body: bytes) -> bytes:
    """Compile and cache C{body}; its SHA1."""
    engine = engine_of(session.server)
    sha = sha1hex(body)
    if sha not in engine.scripts:
        flags = _shebang_flags(body)
        engine.scripts[sha] = (engine.compile(body), body, flags)
    return sha


def _run_script(session, argv: list[bytes], sha: bytes, read_only_command: bool) -> Raw:
    engine = engine_of(session.server)
    fn, _, flags = engine.scripts[sha]
    keys, args = _keys_and_args(argv)
    if read_only_command and flags is not None and "no-writes" not in flags:
        raise CommandError(_RO_REFUSED)
    read_only = read_only_command or (flags is not None and "no-writes" in flags)
    run = Run(sha, session, argv, read_only, False, session.server.timer(), session.db)
    return _effects_only(session, engine, run, fn, keys, args)


def _effects_only(session, engine, run: Run, fn: Any, keys: list[bytes], args: list[bytes]) -> Raw:
    """
    Run a script or function. Its commands are propagated one by one as they
    run (effects replication), so the script itself never is, even if it fails.
    """
    session.rewritten = []
    return Raw(engine.run(run, fn, keys, args))


def _eval(session, argv: list[bytes], read_only: bool) -> Raw:
    _keys_and_args(argv)
    return _run_script(session, argv, _load_script(session, argv[1]), read_only)


def _evalsha(session, argv: list[bytes], read_only: bool) -> Raw:
    if len(argv[1]) != 40:
        raise CommandError(_NOSCRIPT)
    _keys_and_args(argv)
    sha = argv[1].lower()
    if sha not in engine_of(session.server).scripts:
        raise CommandError(_NOSCRIPT)
    return _run_script(session, argv, sha, read_only)


@command("eval", -3, _EVAL_FLAGS, key_specs=_RW_KEYS, group=_G, since="2.6.0",
         summary="Execute a Lua script server side")
def eval_command(session, argv):
    return _eval(session, argv, False)


@command("eval_ro", -3, "readonly " + _EVAL_FLAGS, key_specs=_RO_KEYS, group=_G, since="7.0.0",
         summary="Execute a read-only Lua script server side")
def eval_ro(session, argv):
    return _eval(session, argv, True)


@command("evalsha", -3, _EVAL_FLAGS, key_specs=_SHA_RW_KEYS, group=_G, since="2.6.0",
         summary="Execute a Lua script server side")
def evalsha(session, argv):
    return _evalsha(session, argv, False)


@command("evalsha_ro", -3, "readonly " + _EVAL_FLAGS, key_specs=_SHA_RO_KEYS, group=_G, since="7.0.0",
         summary="Execute a read-only Lua script server side")
def evalsha_ro(session, argv):
    return _evalsha(session, argv, True)


# -- SCRIPT ---------------------------------------------------------------------

_ALL_SHARDS_AND = ("request_policy:all_shards", "response_policy:agg_logical_and")
_ALL_NODES = ("request_policy:all_nodes", "response_policy:all_succeeded")
_ALL_SHARDS = ("request_policy:all_shards", "response_policy:all_succeeded")
_ONE_SUCCEEDED = ("request_policy:all_shards", "response_policy:one_succeeded")


@command("load", 3, "noscript stale", group=_G, parent="script", since="2.6.0", tips=_ALL_NODES,
         summary="Load the specified Lua script into the script cache.")
def script_load(session, argv):
    return _load_script(session, argv[2])


@command("exists", -3, "noscript", group=_G, parent="script", since="2.6.0", tips=_ALL_SHARDS_AND,
         summary="Check existence of scripts in the script cache.")
def script_exists(session, argv):
    scripts = engine_of(session.server).scripts
    return [int(sha.lower() in scripts) for sha in argv[2:]]


def _flush_mode(argv: list[bytes], error: str) -> None:
    if len(argv) > 3 or (len(argv) == 3 and argv[2].lower() not in (b"sync", b"async")):
        raise CommandError(error)


@command("flush", -2, "noscript", group=_G, parent="script", since="2.6.0", tips=_ALL_NODES,
         summary="Remove all the scripts from the script cache.")
def script_flush(session, argv):
    _flush_mode(argv, "ERR SCRIPT FLUSH only support SYNC|ASYNC option")
    engine_of(session.server).scripts.clear()
    return OK


@command("kill", 2, "noscript allow_busy", group=_G, parent="script", since="2.6.0", tips=_ONE_SUCCEEDED,
         summary="Kill the script currently in execution.")
def script_kill(session, argv):
    engine_of(session.server).kill(functions=False)
    return OK


_SCRIPT_HELP = (
    "DEBUG (YES|SYNC|NO)",
    "    Set the debug mode for subsequent scripts executed.",
    "EXISTS <sha1> [<sha1> ...]",
    "    Return information about the existence of the scripts in the script cache.",
    "FLUSH [ASYNC|SYNC]",
    "    Flush the Lua scripts cache. Very dangerous on replicas.",
    "    When called without the optional mode argument, the behavior is determined by the",
    "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
    "    * ASYNC: Asynchronously flush the scripts cache.",
    "    * SYNC: Synchronously flush the scripts cache.",
    "KILL",
    "    Kill the currently executing Lua script.",
    "LOAD <script>",
    "    Load a script into the scripts cache without executing it.",
)


@command("help", 2, "loading stale", group=_G, parent="script", since="5.0.0",
         summary="Show helpful text about the different subcommands")
def script_help(session, argv):
    return help_reply("SCRIPT", _SCRIPT_HELP)


# -- functions ------------------------------------------------------------------

_NAME_RULE = ("ERR Library names can only contain letters, numbers, or underscores(_) and must be at "
              "least one character long")


@dataclass
class Function:
    name: bytes
    callback: Any
    flags: list[str]
    description: bytes | None


@dataclass
class Library:
    name: bytes
    code: bytes
    functions: dict[bytes, Function] = field(default_factory=dict)


def _libraries(server) -> dict[bytes, Library]:
    engine = engine_of(server)
    if not hasattr(engine, "libraries"):
        engine.libraries = {}
    return engine.libraries


def _library_name(code: bytes) -> bytes:
    """The C{#!lua name=...} first line of a library."""
    if not code.startswith(b"#!"):
        raise CommandError("ERR Missing library metadata")
    words = code.split(b"\n", 1)[0][2:].split(b" ")
    engine = words[0].decode("utf-8", "replace")
    if engine.lower() != "lua":
        raise CommandError(f"ERR Engine '{engine}' not found")
    name = None
    for word in words[1:]:
        if word.startswith(b"name="):
            name = word[5:]
        elif word:
            raise CommandError(f"ERR Invalid metadata value given: {word.decode('utf-8', 'replace')}")
    if name is None:
        raise CommandError("ERR Library name was not given")
    if not name or not all(c == 95 or 48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122 for c in name):
        raise CommandError(_NAME_RULE)
    return name


def _build_library(server, code: bytes) -> Library:
    """Run a library's body to collect its functions (its own Lua environment)."""
    name = _library_name(code)
    engine = engine_of(server)
    ok, err, compile_failed, registered = engine.api.load_library(b"--" + code[2:])
    if compile_failed:
        raise CommandError("ERR Error compiling function: " + err.decode("utf-8", "replace"))
    if not ok:
        message = err[b"err"]
        text = message.decode("utf-8", "replace") if type(message) is bytes else "ERR unknown error"
        raise CommandError("ERR Error registering functions: " + text)
    library = Library(name, code)
    for entry in registered.values():
        flags = [entry[b"flags"][i] for i in range(1, len(entry[b"flags"]) + 1)]
        fname = entry[b"name"]
        library.functions[fname] = Function(fname, entry[b"callback"], [f.decode() for f in flags],
                                            entry[b"description"])
    if not library.functions:
        raise CommandError("ERR No functions registered")
    return library


def _install(server, new: list[Library], keep: dict[bytes, Library], replace: bool) -> None:
    """
    Add libraries to those kept, all or none: a library name already taken
    fails unless C{replace}; a function name in two libraries always fails.
    """
    result = dict(keep)
    for library in new:
        if library.name in result and not replace:
            raise CommandError(f"ERR Library {library.name.decode('utf-8', 'replace')} already exists")
        result[library.name] = library
    owners: dict[bytes, bytes] = {}
    for library in result.values():
        for fname in library.functions:
            if owners.setdefault(fname, library.name) != library.name:
                raise CommandError(f"ERR Function {fname.decode('utf-8', 'replace')} already exists")
    libraries = _libraries(server)
    libraries.clear()
    libraries.update(result)
    server.dirty += 1


def library_codes(server) -> list[bytes]:
    """Every library's source, for RDB files and AOF rewrites (Redis saves functions with the data)."""
    engine = getattr(server, "scripting", None)
    return [library.code for library in getattr(engine, "libraries", {}).values()]


def replace_libraries(server, codes: list[bytes]) -> None:
    """
    The libraries become exactly C{codes} (an RDB file's, at start-up or DEBUG
    RELOAD, which empties them first in Redis too); L{CommandError} if one of
    them does not load, and then nothing changes.
    """
    if not codes and getattr(server, "scripting", None) is None:
        return  # nothing to load and no engine yet: do not start Lua for it
    built = [_build_library(server, code) for code in codes]
    _install(server, built, {}, replace=False)


@command("load", -3, "write denyoom noscript", group=_G, parent="function", since="7.0.0", tips=_ALL_SHARDS,
         summary="Create a function with the given arguments (name, code, description)")
def function_load(session, argv):
    replace = False
    for option in argv[2:-1]:
        if option.lower() != b"replace":
            raise CommandError(f"ERR Unknown option given: {option.decode('utf-8', 'replace')}")
        replace = True
    libraries = _libraries(session.server)
    code = argv[-1]
    name = _library_name(code)
    if name in libraries and not replace:
        raise CommandError(f"ERR Library '{name.decode()}' already exists")
    _install(session.server, [_build_library(session.server, code)], libraries, replace=True)
    return name


@command("dump", 2, "noscript", group=_G, parent="function", since="7.0.0",
         summary="Dump all functions into a serialized binary payload")
def function_dump(session, argv):
    compress = session.server.config["rdbcompression"]
    body = b"".join(bytes((OP_FUNCTION2,)) + rdb_string(library.code, compress)
                    for library in _libraries(session.server).values())
    data = body + RDB_VERSION.to_bytes(2, "little")
    return data + crc64(0, data).to_bytes(8, "little")


_RESTORE_POLICIES = (b"flush", b"append", b"replace")


@command("restore", -3, "write denyoom noscript", group=_G, parent="function", since="7.0.0", tips=_ALL_SHARDS,
         summary="Restore all the functions on the given payload")
def function_restore(session, argv):
    if len(argv) > 4:
        raise subcommand_syntax(argv[1], "function")
    policy = argv[3].lower() if len(argv) == 4 else b"append"
    if policy not in _RESTORE_POLICIES:
        raise CommandError("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.")
    payload = argv[2]
    if not payload_intact(payload):
        raise CommandError("ERR DUMP payload version or checksum are wrong")
    data = Input(payload[:-10])
    codes = []
    while not data.at_end():
        opcode = data.byte()
        if opcode == OP_FUNCTION_PRE_GA:
            raise CommandError("ERR Pre-GA function format not supported")
        if opcode != OP_FUNCTION2:
            raise CommandError("ERR given type is not a function")
        try:
            codes.append(data.string())
        except (RdbError, IndexError, ValueError):
            raise CommandError("ERR Failed loading library payload") from None
    server = session.server
    new = [_build_library(server, code) for code in codes]
    keep = {} if policy == b"flush" else _libraries(server)
    _install(server, new, keep, replace=policy == b"replace")
    return OK


@command("delete", 3, "write noscript", group=_G, parent="function", since="7.0.0", tips=_ALL_SHARDS,
         summary="Delete a function by name")
def function_delete(session, argv):
    libraries = _libraries(session.server)
    if libraries.pop(argv[2], None) is None:
        raise CommandError("ERR Library not found")
    session.server.dirty += 1
    return OK


@command("flush", -2, "write noscript", group=_G, parent="function", since="7.0.0", tips=_ALL_SHARDS,
         summary="Deleting all functions")
def function_flush(session, argv):
    _flush_mode(argv, "ERR FUNCTION FLUSH only supports SYNC|ASYNC option")
    _libraries(session.server).clear()
    session.server.dirty += 1
    return OK


@command("kill", 2, "noscript allow_busy", group=_G, parent="function", since="7.0.0", tips=_ONE_SUCCEEDED,
         summary="Kill the function currently in execution.")
def function_kill(session, argv):
    engine_of(session.server).kill(functions=True)
    return OK


@command("list", -2, "noscript", group=_G, parent="function", since="7.0.0",
         tips=("nondeterministic_output_order",), summary="List information about all the functions")
def function_list(session, argv):
    pattern, with_code = None, False
    i = 2
    while i < len(argv):
        word = argv[i].lower()
        if word == b"withcode" and not with_code:
            with_code = True
        elif word == b"libraryname" and pattern is None:
            if i + 1 >= len(argv):
                raise CommandError("ERR library name argument was not given")
            i += 1
            pattern = argv[i]
        else:
            raise CommandError(f"ERR Unknown argument {argv[i].decode('utf-8', 'replace')}")
        i += 1
    reply = []
    for library in _libraries(session.server).values():
        if pattern is not None and not glob_match(pattern, library.name):
            continue
        entry: dict = {
            b"library_name": library.name,
            b"engine": b"LUA",
            b"functions": [
                {b"name": f.name, b"description": f.description,
                 b"flags": SetReply(SimpleString(flag.encode()) for flag in f.flags)}
                for f in library.functions.values()
            ],
        }
        if with_code:
            entry[b"library_code"] = library.code
        reply.append(entry)
    return reply


@command("stats", 2, "noscript allow_busy", group=_G, parent="function", since="7.0.0",
         tips=("nondeterministic_output", "request_policy:all_shards", "response_policy:special"),
         summary="Return information about the function currently running (name, description, duration)")
def function_stats(session, argv):
    server = session.server
    engine = engine_of(server)
    run = engine.running
    running = None
    if run is not None and run.is_function:
        running = {b"name": run.name, b"command": run.argv,
                   b"duration_ms": int((server.timer() - run.started) * 1000)}
    libraries = _libraries(server)
    counts = {b"libraries_count": len(libraries),
              b"functions_count": sum(len(lib.functions) for lib in libraries.values())}
    return {b"running_script": running, b"engines": {b"LUA": counts}}


_FUNCTION_HELP = (
    "LOAD [REPLACE] <FUNCTION CODE>",
    "    Create a new library with the given library name and code.",
    "DELETE <LIBRARY NAME>",
    "    Delete the given library.",
    "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
    "    Return general information on all the libraries:",
    "    * Library name",
    "    * The engine used to run the Library",
    "    * Library description",
    "    * Functions list",
    "    * Library code (if WITHCODE is given)",
    "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
    "STATS",
    "    Return information about the current function running:",
    "    * Function name",
    "    * Command used to run the function",
    "    * Duration in MS that the function is running",
    "    If no function is running, return nil",
    "    In addition, returns a list of available engines.",
    "KILL",
    "    Kill the current running function.",
    "FLUSH [ASYNC|SYNC]",
    "    Delete all the libraries.",
    "    When called without the optional mode argument, the behavior is determined by the",
    "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
    "    * ASYNC: Asynchronously flush the libraries.",
    "    * SYNC: Synchronously flush the libraries.",
    "DUMP",
    "    Return a serialized payload representing the current libraries, can be restored using FUNCTION "
    "RESTORE command",
    "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
    "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
    "    control how to handle existing libraries (default APPEND):",
    "    * FLUSH: delete all existing libraries.",
    "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
    "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
    "      libraries with the new libraries (notice that even on this option there is a chance of failure",
    "      in case of functions name collision with another library).",
)


@command("help", 2, "loading stale", group=_G, parent="function", since="7.0.0",
         summary="Show helpful text about the different subcommands")
def function_help(session, argv):
    return help_reply("FUNCTION", _FUNCTION_HELP)


def _fcall(session, argv: list[bytes], read_only_command: bool) -> Raw:
    server = session.server
    function = None
    for library in _libraries(server).values():
        function = library.functions.get(argv[1])
        if function is not None:
            break
    if function is None:
        raise CommandError("ERR Function not found")
    keys, args = _keys_and_args(argv, "ERR Bad number of keys provided")
    writes_allowed = "no-writes" not in function.flags
    if read_only_command and writes_allowed:
        raise CommandError(_RO_REFUSED)
    run = Run(function.name, session, argv, not writes_allowed, True, server.timer(), session.db)
    return _effects_only(session, engine_of(server), run, function.callback, keys, args)


@command("fcall", -3, _EVAL_FLAGS, key_specs=_RW_KEYS, group=_G, since="7.0.0",
         summary="Invoke a function")
def fcall(session, argv):
    return _fcall(session, argv, False)


@command("fcall_ro", -3, "readonly " + _EVAL_FLAGS, key_specs=_RO_KEYS, group=_G, since="7.0.0",
         summary="Invoke a read-only function")
def fcall_ro(session, argv):
    return _fcall(session, argv, True)
