"""
Lua scripting and functions through the core: conversions, the sandbox, the
script cache, libraries of functions, effects propagation, and long scripts
(-BUSY for others, SCRIPT KILL / FUNCTION KILL, UNKILLABLE).
"""

from __future__ import annotations

import itertools

from twisted.trial.unittest import SynchronousTestCase

from tests._core import CoreServer

_LOOP = "local i = 0 while true do i = i + 1 end"


class ConversionTests(SynchronousTestCase):
    def setUp(self) -> None:
        self.server = CoreServer()
        self.client = self.server.session()

    def eval(self, body: str, *args) -> bytes:
        return self.client.call("EVAL", body, *args)

    def test_lua_to_resp2(self) -> None:
        """Numbers are truncated, false is a null, a table stops at its first nil."""
        self.assertEqual(self.eval("return 3.99", 0), b":3\r\n")
        self.assertEqual(self.eval("return 1/0", 0), b":-9223372036854775808\r\n")
        self.assertEqual(self.eval("return false", 0), b"$-1\r\n")
        self.assertEqual(self.eval("return {1,'a',true,false,nil,5}", 0),
                         b"*4\r\n:1\r\n$1\r\na\r\n:1\r\n$-1\r\n")

    def test_status_and_error_tables(self) -> None:
        """{ok=...} is a status reply, {err=...} an error reply, as are redis.*_reply."""
        self.assertEqual(self.eval("return {ok='fine'}", 0), b"+fine\r\n")
        self.assertEqual(self.eval("return {err='BAD thing'}", 0), b"-BAD thing\r\n")
        self.assertEqual(self.eval("return redis.error_reply('x')", 0), b"-ERR x\r\n")
        self.assertEqual(self.eval("return redis.status_reply('yo')", 0), b"+yo\r\n")

    def test_resp3_results(self) -> None:
        """A RESP3 caller gets maps, sets, doubles and nulls from the special tables."""
        client = self.server.session(resp=3)
        self.assertEqual(client.call("EVAL", "return {map={a=1}}", 0), b"%1\r\n$1\r\na\r\n:1\r\n")
        self.assertEqual(client.call("EVAL", "return {set={a=true}}", 0), b"~1\r\n$1\r\na\r\n")
        self.assertEqual(client.call("EVAL", "return {double=3.5}", 0), b",3.5\r\n")
        self.assertEqual(client.call("EVAL", "return nil", 0), b"_\r\n")

    def test_replies_into_lua(self) -> None:
        """A command's reply reaches Lua by the script's protocol (redis.setresp)."""
        self.client.call("HSET", "h", "f", "v")
        self.assertEqual(self.eval("return redis.call('hgetall', 'h')", 0), b"*2\r\n$1\r\nf\r\n$1\r\nv\r\n")
        self.assertEqual(self.eval("redis.setresp(3) return type(redis.call('hgetall', 'h').map)", 0),
                         b"$5\r\ntable\r\n")
        self.assertEqual(self.eval("return tostring(redis.call('get', 'nokey'))", 0), b"$5\r\nfalse\r\n")
        self.assertEqual(self.eval("return redis.call('ping')", 0), b"+PONG\r\n")

    def test_keys_and_argv(self) -> None:
        """KEYS and ARGV are set for each call."""
        self.assertEqual(self.eval("return {KEYS[1], ARGV[1], #KEYS, #ARGV}", 1, "k", "a"),
                         b"*4\r\n$1\r\nk\r\n$1\r\na\r\n:1\r\n:1\r\n")
        self.assertEqual(self.eval("return #KEYS", 0), b":0\r\n")


class ErrorTests(SynchronousTestCase):
    def setUp(self) -> None:
        self.client = CoreServer().session()

    def test_call_errors_name_the_script_and_line(self) -> None:
        """redis.call errors carry the script's SHA1 and the user's line; redis.pcall returns them."""
        self.assertEqual(
            self.client.call("EVAL", "return redis.call('nope')", 0),
            b"-ERR Unknown Redis command called from script script: "
            b"a0b6f1a5f8ef93c2f67a0e9e1ccd4dcb69bd2a50, on @user_script:1.\r\n".replace(
                b"a0b6f1a5f8ef93c2f67a0e9e1ccd4dcb69bd2a50",
                __import__("hashlib").sha1(b"return redis.call('nope')").hexdigest().encode(),
            ),
        )
        self.assertEqual(self.client.call("EVAL", "return redis.pcall('nope')", 0),
                         b"-ERR Unknown Redis command called from script\r\n")

    def test_sandbox(self) -> None:
        """Globals cannot be created and unknown globals cannot be read; os and io are absent."""
        self.assertIn(b"Attempt to modify a readonly table", self.client.call("EVAL", "x = 1", 0))
        self.assertIn(b"nonexistent global variable 'os'", self.client.call("EVAL", "return os", 0))
        self.assertIn(b"Attempt to modify a readonly table", self.client.call("EVAL", "redis.x = 1", 0))

    def test_read_only_scripts(self) -> None:
        """EVAL_RO and no-writes scripts refuse write commands."""
        self.assertIn(b"Write commands are not allowed from read-only scripts.",
                      self.client.call("EVAL_RO", "return redis.call('set', 'a', 'b')", 0))
        self.assertIn(b"Write commands are not allowed from read-only scripts.",
                      self.client.call("EVAL", "#!lua flags=no-writes\nreturn redis.call('set', 'a', 'b')", 0))
        self.assertEqual(self.client.call("EVAL_RO", "#!lua\nreturn 1", 0),
                         b"-ERR Can not execute a script with write flag using *_ro command.\r\n")

    def test_compile_error(self) -> None:
        """A script that does not compile is reported with Lua's message."""
        self.assertEqual(self.client.call("EVAL", "syntax error here", 0),
                         b"-ERR Error compiling script (new function): user_script:1: '=' expected near 'error'\r\n")


class CacheAndPropagationTests(SynchronousTestCase):
    def test_script_cache(self) -> None:
        """SCRIPT LOAD caches by SHA1; EVALSHA finds it in any case; SCRIPT FLUSH forgets."""
        server = CoreServer()
        client = server.session()
        sha = client.call("SCRIPT", "LOAD", "return 7").split(b"\r\n")[1]
        self.assertEqual(client.call("EVALSHA", sha.upper(), 0), b":7\r\n")
        self.assertEqual(client.call("SCRIPT", "EXISTS", sha, "nope"), b"*2\r\n:1\r\n:0\r\n")
        self.assertEqual(client.call("SCRIPT", "FLUSH"), b"+OK\r\n")
        self.assertEqual(client.call("EVALSHA", sha, 0), b"-NOSCRIPT No matching script. Please use EVAL.\r\n")

    def test_effects_are_propagated(self) -> None:
        """A script's writes reach replicas/AOF as the commands it ran, in the script's db."""
        server = CoreServer()
        seen = []
        server.state.propagate_to.append(lambda db, argv: seen.append((db, argv)))
        client = server.session()
        client.call("SELECT", 3)
        client.call("EVAL", "redis.call('set', KEYS[1], 'v') redis.call('get', KEYS[1])", 1, "k")
        self.assertEqual(seen, [(3, [b"set", b"k", b"v"])])
        self.assertEqual(client.call("GET", "k"), b"$1\r\nv\r\n")

    def test_failed_script_effects(self) -> None:
        """A script that fails after a write propagates the write, never the script."""
        server = CoreServer()
        seen = []
        server.state.propagate_to.append(lambda db, argv: seen.append(argv))
        client = server.session()
        client.call("EVAL", "redis.call('set', 'k', 'v') error('late')", 0)
        self.assertEqual(seen, [[b"set", b"k", b"v"]])


class FunctionTests(SynchronousTestCase):
    LIB = ("#!lua name=lib\n"
           "redis.register_function('echo', function(keys, args) return {keys[1], args[1]} end)\n"
           "redis.register_function{function_name='ro', callback=function(keys) return redis.call('get', keys[1]) end,"
           " flags={'no-writes'}}")

    def setUp(self) -> None:
        self.client = CoreServer().session()

    def test_load_and_call(self) -> None:
        """FUNCTION LOAD registers the library's functions; FCALL and FCALL_RO run them."""
        self.assertEqual(self.client.call("FUNCTION", "LOAD", self.LIB), b"$3\r\nlib\r\n")
        self.assertEqual(self.client.call("FCALL", "echo", 1, "k", "a"), b"*2\r\n$1\r\nk\r\n$1\r\na\r\n")
        self.assertEqual(self.client.call("FCALL_RO", "ro", 1, "k"), b"$-1\r\n")
        self.assertEqual(self.client.call("FCALL_RO", "echo", 1, "k"),
                         b"-ERR Can not execute a script with write flag using *_ro command.\r\n")
        self.assertEqual(self.client.call("FUNCTION", "LOAD", self.LIB), b"-ERR Library 'lib' already exists\r\n")
        self.assertEqual(self.client.call("FUNCTION", "LOAD", "REPLACE", self.LIB), b"$3\r\nlib\r\n")

    def test_delete_and_flush(self) -> None:
        """FUNCTION DELETE drops one library, FUNCTION FLUSH all of them."""
        self.client.call("FUNCTION", "LOAD", self.LIB)
        self.assertEqual(self.client.call("FUNCTION", "DELETE", "lib"), b"+OK\r\n")
        self.assertEqual(self.client.call("FCALL", "echo", 0), b"-ERR Function not found\r\n")
        self.assertEqual(self.client.call("FUNCTION", "DELETE", "lib"), b"-ERR Library not found\r\n")
        self.client.call("FUNCTION", "LOAD", self.LIB)
        self.assertEqual(self.client.call("FUNCTION", "FLUSH"), b"+OK\r\n")
        self.assertEqual(self.client.call("FUNCTION", "LIST"), b"*0\r\n")

    def test_load_errors(self) -> None:
        """Bad metadata and failing bodies are reported as Redis does."""
        self.assertEqual(self.client.call("FUNCTION", "LOAD", "return 1"), b"-ERR Missing library metadata\r\n")
        self.assertEqual(self.client.call("FUNCTION", "LOAD", "#!lua name=x\nreturn 1"),
                         b"-ERR No functions registered\r\n")
        self.assertEqual(
            self.client.call("FUNCTION", "LOAD", "#!lua name=x\nredis.call('ping')"),
            b"-ERR Error registering functions: ERR user_function:2: "
            b"Script attempted to access nonexistent global variable 'call'\r\n",
        )


class FakeIO:
    """The adapter's part during a long script: it lets another client run a command."""

    def __init__(self, other, command: tuple) -> None:
        self.other = other
        self.command = command
        self.replies: list[bytes] = []

    def process_events_while_busy(self) -> None:
        if len(self.replies) < 2:
            self.replies.append(self.other.call("GET", "x"))
            self.replies.append(self.other.call(*self.command))


class BusyScriptTests(SynchronousTestCase):
    def busy_server(self, command: tuple):
        server = CoreServer()
        clock = itertools.count()
        server.state.timer = lambda: float(next(clock))  # one second per look at the clock
        other = server.session()
        io = FakeIO(other, command)
        server.state.io = io
        return server, io

    def test_script_kill(self) -> None:
        """Past the threshold others get -BUSY, and SCRIPT KILL stops a read-only script."""
        server, io = self.busy_server(("SCRIPT", "KILL"))
        reply = server.session().call("EVAL", _LOOP, 0)
        self.assertTrue(reply.startswith(b"-ERR Script killed by user with SCRIPT KILL... script: "), reply)
        self.assertEqual(io.replies, [
            b"-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n",
            b"+OK\r\n",
        ])
        self.assertIsNone(server.state.script_busy)

    def test_function_kill(self) -> None:
        """A long function answers -BUSY with FUNCTION KILL's text, and FUNCTION KILL stops it."""
        server, io = self.busy_server(("FUNCTION", "KILL"))
        client = server.session()
        client.call("FUNCTION", "LOAD", f"#!lua name=l\nredis.register_function('spin', function() {_LOOP} end)")
        reply = client.call("FCALL", "spin", 0)
        self.assertTrue(reply.startswith(b"-ERR Script killed by user with SCRIPT KILL... script: spin"), reply)
        self.assertEqual(io.replies[0],
                         b"-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n")

    def test_unkillable_after_a_write(self) -> None:
        """A script that wrote cannot be killed."""
        server, io = self.busy_server(("SCRIPT", "KILL"))
        server.config.set("busy-reply-threshold", "5000")
        client = server.session()
        script = "redis.call('set', 'k', 'v') local n = 0 for i = 1, 2000000 do n = n + 1 end return n"
        self.assertEqual(client.call("EVAL", script, 0), b":2000000\r\n")
        self.assertTrue(io.replies[1].startswith(b"-UNKILLABLE Sorry the script already executed write"))


def _bulk(reply: bytes) -> bytes:
    """The payload of a bulk-string reply."""
    return reply.split(b"\r\n", 1)[1][:-2]


class FunctionDumpRestoreTests(SynchronousTestCase):
    LIB = "#!lua name=mylib\nredis.register_function('f1', function(keys, args) return 1 end)"
    OTHER = "#!lua name=other\nredis.register_function('f1', function(keys, args) return 2 end)"

    def setUp(self) -> None:
        self.client = CoreServer().session()
        self.client.call("FUNCTION", "LOAD", self.LIB)
        self.payload = _bulk(self.client.call("FUNCTION", "DUMP"))

    def test_policies(self) -> None:
        """APPEND refuses a library that exists, REPLACE and FLUSH take the payload's."""
        self.assertEqual(self.client.call("FUNCTION", "RESTORE", self.payload),
                         b"-ERR Library mylib already exists\r\n")
        self.assertEqual(self.client.call("FUNCTION", "RESTORE", self.payload, "REPLACE"), b"+OK\r\n")
        self.assertEqual(self.client.call("FUNCTION", "RESTORE", self.payload, "flush"), b"+OK\r\n")
        self.assertEqual(self.client.call("FCALL", "f1", 0), b":1\r\n")

    def test_function_name_collision(self) -> None:
        """A restored function whose name another library holds fails, changing nothing."""
        self.client.call("FUNCTION", "DELETE", "mylib")
        self.client.call("FUNCTION", "LOAD", self.OTHER)
        self.assertEqual(self.client.call("FUNCTION", "RESTORE", self.payload, "REPLACE"),
                         b"-ERR Function f1 already exists\r\n")
        self.assertEqual(self.client.call("FCALL", "f1", 0), b":2\r\n")

    def test_bad_payloads(self) -> None:
        """A bad checksum or a non-function record is refused."""
        self.assertEqual(self.client.call("FUNCTION", "RESTORE", b"\x00\x01a" + self.payload[-10:]),
                         b"-ERR DUMP payload version or checksum are wrong\r\n")
        self.assertEqual(self.client.call("FUNCTION", "RESTORE", self.payload, "BAD"),
                         b"-ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.\r\n")


class LibraryTests(SynchronousTestCase):
    def setUp(self) -> None:
        self.client = CoreServer().session()

    def eval(self, body: str) -> bytes:
        return self.client.call("EVAL", body, 0)

    def test_cjson_round_trip(self) -> None:
        """cjson encodes arrays, objects and null, and decodes them back."""
        self.assertEqual(self.eval("return cjson.encode(cjson.decode('{\"a\":[1,2,{\"b\":null}]}'))"),
                         b'$22\r\n{"a":[1,2,{"b":null}]}\r\n')
        self.assertIn(b"Expected value but found invalid token at character 1", self.eval("return cjson.decode('x')"))

    def test_cmsgpack_and_struct(self) -> None:
        """cmsgpack and struct pack as Redis's C libraries do."""
        self.assertEqual(self.eval("return cmsgpack.pack({1,2,3}, {a=1})"), b"$8\r\n\x93\x01\x02\x03\x81\xa1a\x01\r\n")
        self.assertEqual(self.eval("return {cmsgpack.unpack(cmsgpack.pack(1, 'a'))}"), b"*2\r\n:1\r\n$1\r\na\r\n")
        self.assertEqual(self.eval("return struct.pack('>I2', 258)"), b"$2\r\n\x01\x02\r\n")
        self.assertEqual(self.eval("return {struct.unpack('>I2', 'ab')}"), b"*2\r\n:24930\r\n:3\r\n")

    def test_bit(self) -> None:
        """bit works on 32-bit signed integers."""
        self.assertEqual(self.eval("return {bit.tobit(0xffffffff), bit.band(0xff, 0x0f), bit.tohex(255)}"),
                         b"*3\r\n:-1\r\n:15\r\n$8\r\n000000ff\r\n")
