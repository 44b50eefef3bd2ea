"""
String commands through the core with a fake clock.

Expected replies in the C{script} tables were recorded from redis-server 7.0.15
(Debian's build) by running the same commands against it.
"""

from __future__ import annotations

import hashlib
from typing import ClassVar

from twisted.trial.unittest import SynchronousTestCase

from tests._core import NOW, RecordingTestCase
from txredisd.core.commands import TABLE
from txredisd.core.commands.strings import string_encoding

WRONGTYPE = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"


class CoreTestCase(RecordingTestCase):
    """String command tests: one RESP2 client."""

    def call(self, *args: bytes | str | int) -> bytes:
        return self.client.call(*args)

    def make_list(self, key: bytes) -> None:
        """A value of another type at C{key} (the string commands only see "not a string")."""
        self.db.set(key, [b"x"])

    def script(self, *steps: tuple[str | tuple, bytes]) -> None:
        """Run commands (a space-separated string or a tuple of arguments) checking each reply."""
        for command, expected in steps:
            args = command.split(" ") if isinstance(command, str) else command
            self.assertEqual(self.call(*args), expected, command)

    def ttl(self, key: bytes) -> int | None:
        """Milliseconds left before C{key} expires (None: no TTL)."""
        when = self.db.expires.get(key)
        return None if when is None else when - self.state.now_ms


class StringCommandTests(CoreTestCase):
    """Replies, byte for byte, as redis-server 7.0.15 gave them."""

    def test_get_and_set(self):
        """GET/SET round trips, binary values and a missing key."""
        self.script(
            ('GET k', b'$-1\r\n'),
            ('SET k v', b'+OK\r\n'),
            ('GET k', b'$1\r\nv\r\n'),
            (('SET', 'k', b''), b'+OK\r\n'),
            ('GET k', b'$0\r\n\r\n'),
            (('SET', 'k', b'\x00\r\n\xff'), b'+OK\r\n'),
            ('GET k', b'$4\r\n\x00\r\n\xff\r\n'),
            ('SET k 12345', b'+OK\r\n'),
            ('GET k', b'$5\r\n12345\r\n'),
        )

    def test_get_wrongtype(self):
        """GET refuses other types; a plain SET replaces them."""
        self.make_list(b'l')
        self.script(
            ('GET l', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('SET l v', b'+OK\r\n'),
            ('GET l', b'$1\r\nv\r\n'),
        )

    def test_get_arity(self):
        """GET takes exactly one key."""
        self.script(
            ('GET', b"-ERR wrong number of arguments for 'get' command\r\n"),
            ('GET a b', b"-ERR wrong number of arguments for 'get' command\r\n"),
            ('SET k', b"-ERR wrong number of arguments for 'set' command\r\n"),
            ('SETNX k', b"-ERR wrong number of arguments for 'setnx' command\r\n"),
            ('GETSET k', b"-ERR wrong number of arguments for 'getset' command\r\n"),
            ('MGET', b"-ERR wrong number of arguments for 'mget' command\r\n"),
        )

    def test_set_nx_xx(self):
        """NX stores only absent keys, XX only present ones; the null reply means not stored."""
        self.script(
            ('SET k v XX', b'$-1\r\n'),
            ('GET k', b'$-1\r\n'),
            ('SET k v NX', b'+OK\r\n'),
            ('SET k w NX', b'$-1\r\n'),
            ('GET k', b'$1\r\nv\r\n'),
            ('SET k w XX', b'+OK\r\n'),
            ('GET k', b'$1\r\nw\r\n'),
            ('SET k x nx', b'$-1\r\n'),
            ('SET k x Xx', b'+OK\r\n'),
            ('GET k', b'$1\r\nx\r\n'),
        )

    def test_set_get_option(self):
        """SET ... GET answers with the old value, even when NX leaves it unchanged."""
        self.script(
            ('SET k v GET', b'$-1\r\n'),
            ('SET k w GET', b'$1\r\nv\r\n'),
            ('SET k x NX GET', b'$1\r\nw\r\n'),
            ('GET k', b'$1\r\nw\r\n'),
            ('SET k2 v XX GET', b'$-1\r\n'),
            ('GET k2', b'$-1\r\n'),
            ('SET k y GET XX EX 100', b'$1\r\nw\r\n'),
            ('SET k z get', b'$1\r\ny\r\n'),
            ('GET k', b'$1\r\nz\r\n'),
        )

    def test_set_get_wrongtype(self):
        """SET GET on another type fails before writing; expiry arguments are checked before the type."""
        self.make_list(b'l')
        self.script(
            ('SET l v GET', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('SET l v NX GET', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('SET l v GET EX abc', b'-ERR value is not an integer or out of range\r\n'),
            ('SET l v GET EX 0', b"-ERR invalid expire time in 'set' command\r\n"),
            ('GET l', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        )

    def test_set_repeated_options(self):
        """Repeating an option is allowed (the last expiry wins), mixing conflicting ones is not."""
        self.script(
            ('SET k v NX NX', b'+OK\r\n'),
            ('SET k v EX 10 EX 20', b'+OK\r\n'),
            ('SET k v GET GET', b'$1\r\nv\r\n'),
            ('SET k v KEEPTTL KEEPTTL', b'+OK\r\n'),
            ('SET k v px 10 px 20', b'+OK\r\n'),
            ('SET k v exat 4000000000 exat 4000000001', b'+OK\r\n'),
            ('SET k v NX XX', b'-ERR syntax error\r\n'),
            ('SET k v xx nx', b'-ERR syntax error\r\n'),
            ('SET k v PX 100 EX 20', b'-ERR syntax error\r\n'),
            ('SET k v KEEPTTL EX 10', b'-ERR syntax error\r\n'),
            ('SET k v EX 10 KEEPTTL', b'-ERR syntax error\r\n'),
            ('SET k v pxat 10 exat 20', b'-ERR syntax error\r\n'),
            ('SET k v EXAT 10 PXAT 10', b'-ERR syntax error\r\n'),
            ('SET k v KEEPTTL PXAT 100', b'-ERR syntax error\r\n'),
            ('SET k v BADOPT', b'-ERR syntax error\r\n'),
            ('SET k v 10', b'-ERR syntax error\r\n'),
            ('SET k v EX', b'-ERR syntax error\r\n'),
            ('SET k v PXAT', b'-ERR syntax error\r\n'),
        )

    def test_set_expire_errors(self):
        """Expiry values: integers above zero whose absolute time fits in 64 bits."""
        self.script(
            ('SET k v EX 0', b"-ERR invalid expire time in 'set' command\r\n"),
            ('SET k v PX 0', b"-ERR invalid expire time in 'set' command\r\n"),
            ('SET k v EX -1', b"-ERR invalid expire time in 'set' command\r\n"),
            ('SET k v EXAT -1', b"-ERR invalid expire time in 'set' command\r\n"),
            ('SET k v EX abc', b'-ERR value is not an integer or out of range\r\n'),
            ('SET k v PX 1.5', b'-ERR value is not an integer or out of range\r\n'),
            (('SET', 'k', 'v', 'EX', b''), b'-ERR value is not an integer or out of range\r\n'),
            ('SET k v EX 9223372036854775808', b'-ERR value is not an integer or out of range\r\n'),
            ('SET k v EX 9223372036854775', b"-ERR invalid expire time in 'set' command\r\n"),
            ('SET k v EX 9223372036854776', b"-ERR invalid expire time in 'set' command\r\n"),
            ('SET k v PX 9223372036854775807', b"-ERR invalid expire time in 'set' command\r\n"),
            ('SET k v EXAT 9223372036854775807', b"-ERR invalid expire time in 'set' command\r\n"),
            ('SET k v EXAT 9223372036854775', b'+OK\r\n'),
            ('SET k v PXAT 9223372036854775807', b'+OK\r\n'),
            ('SET k v EX abc NX XX', b'-ERR syntax error\r\n'),
            ('SET k v NX XX EX abc', b'-ERR syntax error\r\n'),
            ('GET k', b'$1\r\nv\r\n'),
        )

    def test_set_expire_in_the_past(self):
        """An absolute time already past stores the key, which is then gone at once."""
        self.script(
            ('SET k v PXAT 1', b'+OK\r\n'),
            ('GET k', b'$-1\r\n'),
            ('SET k v EXAT 1', b'+OK\r\n'),
            ('GET k', b'$-1\r\n'),
            ('SET k v NX GET', b'$-1\r\n'),
            ('GET k', b'$1\r\nv\r\n'),
        )

    def test_setnx(self):
        """SETNX answers 1 when it stored the value and 0 when the key existed (of any type)."""
        self.make_list(b'l')
        self.script(
            ('SETNX k v', b':1\r\n'),
            ('SETNX k w', b':0\r\n'),
            ('GET k', b'$1\r\nv\r\n'),
            ('SETNX l v', b':0\r\n'),
        )

    def test_setex_psetex(self):
        """SETEX/PSETEX store with a TTL; bad TTLs name the command in the error."""
        self.make_list(b'l')
        self.script(
            ('SETEX k 100 v', b'+OK\r\n'),
            ('GET k', b'$1\r\nv\r\n'),
            ('SETEX k 0 v', b"-ERR invalid expire time in 'setex' command\r\n"),
            ('SETEX k -1 v', b"-ERR invalid expire time in 'setex' command\r\n"),
            ('SETEX k abc v', b'-ERR value is not an integer or out of range\r\n'),
            ('SETEX k 9223372036854775 v', b"-ERR invalid expire time in 'setex' command\r\n"),
            ('SETEX k 9223372036854775807 v', b"-ERR invalid expire time in 'setex' command\r\n"),
            ('PSETEX k 100000 w', b'+OK\r\n'),
            ('GET k', b'$1\r\nw\r\n'),
            ('PSETEX k 0 v', b"-ERR invalid expire time in 'psetex' command\r\n"),
            ('PSETEX k x v', b'-ERR value is not an integer or out of range\r\n'),
            ('PSETEX k 9223372036854775807 v', b"-ERR invalid expire time in 'psetex' command\r\n"),
            ('SETEX l 100 v', b'+OK\r\n'),
            ('GET l', b'$1\r\nv\r\n'),
            ('SETEX k 10', b"-ERR wrong number of arguments for 'setex' command\r\n"),
            ('PSETEX k 10', b"-ERR wrong number of arguments for 'psetex' command\r\n"),
        )

    def test_getex(self):
        """GETEX reads like GET and can change the TTL; a missing key answers nil before its options are checked."""
        self.script(
            ('GETEX k', b'$-1\r\n'),
            ('GETEX k EX abc', b'$-1\r\n'),
            ('SET k v', b'+OK\r\n'),
            ('GETEX k', b'$1\r\nv\r\n'),
            ('GETEX k EX 100', b'$1\r\nv\r\n'),
            ('GETEX k PX 100000', b'$1\r\nv\r\n'),
            ('GETEX k EXAT 4000000000', b'$1\r\nv\r\n'),
            ('GETEX k PXAT 4000000000000', b'$1\r\nv\r\n'),
            ('GETEX k PERSIST', b'$1\r\nv\r\n'),
            ('GETEX k PERSIST PERSIST', b'$1\r\nv\r\n'),
            ('GETEX k EX 10 EX 20', b'$1\r\nv\r\n'),
            ('GETEX k PXAT 9223372036854775807', b'$1\r\nv\r\n'),
            ('GETEX k EXAT 9223372036854775', b'$1\r\nv\r\n'),
        )

    def test_getex_errors(self):
        """GETEX takes only EX/PX/EXAT/PXAT/PERSIST, one kind at a time."""
        self.script(
            ('SET k v', b'+OK\r\n'),
            ('GETEX k BAD', b'-ERR syntax error\r\n'),
            ('GETEX nokey BAD', b'-ERR syntax error\r\n'),
            ('GETEX k EX', b'-ERR syntax error\r\n'),
            ('GETEX k EX 0', b"-ERR invalid expire time in 'getex' command\r\n"),
            ('GETEX k EX -5', b"-ERR invalid expire time in 'getex' command\r\n"),
            ('GETEX k EX abc', b'-ERR value is not an integer or out of range\r\n'),
            ('GETEX k EX 10 PX 10', b'-ERR syntax error\r\n'),
            ('GETEX k PERSIST EX 10', b'-ERR syntax error\r\n'),
            ('GETEX k EX 10 PERSIST', b'-ERR syntax error\r\n'),
            ('GETEX k KEEPTTL', b'-ERR syntax error\r\n'),
            ('GETEX k NX', b'-ERR syntax error\r\n'),
            ('GETEX k GET', b'-ERR syntax error\r\n'),
            ('GETEX k EXAT 9223372036854775807', b"-ERR invalid expire time in 'getex' command\r\n"),
            ('GETEX k PX 9223372036854775807', b"-ERR invalid expire time in 'getex' command\r\n"),
            ('GETEX', b"-ERR wrong number of arguments for 'getex' command\r\n"),
        )

    def test_getex_past_time_deletes(self):
        """GETEX with an absolute time already past answers the value and deletes the key."""
        self.script(
            ('SET k v', b'+OK\r\n'),
            ('GETEX k PXAT 1', b'$1\r\nv\r\n'),
            ('GET k', b'$-1\r\n'),
            ('SET k v', b'+OK\r\n'),
            ('GETEX k EXAT 1', b'$1\r\nv\r\n'),
            ('GET k', b'$-1\r\n'),
        )

    def test_getex_wrongtype(self):
        """GETEX checks the type before the expiry arguments, but syntax before both."""
        self.make_list(b'l')
        self.script(
            ('GETEX l', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('GETEX l EX abc', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('GETEX l BAD', b'-ERR syntax error\r\n'),
        )

    def test_getdel(self):
        """GETDEL returns the value and removes the key."""
        self.make_list(b'l')
        self.script(
            ('GETDEL k', b'$-1\r\n'),
            ('SET k v', b'+OK\r\n'),
            ('GETDEL k', b'$1\r\nv\r\n'),
            ('GETDEL k', b'$-1\r\n'),
            ('GET k', b'$-1\r\n'),
            ('GETDEL l', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('GETDEL', b"-ERR wrong number of arguments for 'getdel' command\r\n"),
            ('GETDEL a b', b"-ERR wrong number of arguments for 'getdel' command\r\n"),
        )

    def test_getset(self):
        """GETSET stores the new value and returns the old one."""
        self.make_list(b'l')
        self.script(
            ('GETSET k v', b'$-1\r\n'),
            ('GETSET k w', b'$1\r\nv\r\n'),
            ('GET k', b'$1\r\nw\r\n'),
            ('GETSET l v', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('GET l', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        )

    def test_mget(self):
        """MGET answers nil for missing keys and for other types."""
        self.make_list(b'l')
        self.script(
            ('MSET a 1 b 2', b'+OK\r\n'),
            ('MGET a b c', b'*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n'),
            ('MGET l a l', b'*3\r\n$-1\r\n$1\r\n1\r\n$-1\r\n'),
            ('MGET c', b'*1\r\n$-1\r\n'),
        )

    def test_mset(self):
        """MSET needs key/value pairs; later pairs win."""
        self.make_list(b'l')
        self.script(
            ('MSET a', b"-ERR wrong number of arguments for 'mset' command\r\n"),
            ('MSET a 1 b', b"-ERR wrong number of arguments for 'mset' command\r\n"),
            ('MSET a 1 b 2', b'+OK\r\n'),
            ('MGET a b', b'*2\r\n$1\r\n1\r\n$1\r\n2\r\n'),
            ('MSET a x a y', b'+OK\r\n'),
            ('GET a', b'$1\r\ny\r\n'),
            ('MSET l v', b'+OK\r\n'),
            ('GET l', b'$1\r\nv\r\n'),
        )

    def test_msetnx(self):
        """MSETNX stores all pairs or, if any key exists, none."""
        self.make_list(b'l')
        self.script(
            ('MSETNX a 1 b 2', b':1\r\n'),
            ('MSETNX b 3 c 4', b':0\r\n'),
            ('MGET a b c', b'*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n'),
            ('MSETNX c 5 c 6', b':1\r\n'),
            ('GET c', b'$1\r\n6\r\n'),
            ('MSETNX d 1 l 2', b':0\r\n'),
            ('GET d', b'$-1\r\n'),
            ('MSETNX c', b"-ERR wrong number of arguments for 'msetnx' command\r\n"),
            ('MSETNX c 1 d', b"-ERR wrong number of arguments for 'msetnx' command\r\n"),
        )

    def test_append(self):
        """APPEND creates, extends, and answers the new length."""
        self.make_list(b'l')
        self.script(
            ('APPEND k Hello', b':5\r\n'),
            (('APPEND', 'k', b' World'), b':11\r\n'),
            ('GET k', b'$11\r\nHello World\r\n'),
            (('APPEND', 'k', b''), b':11\r\n'),
            ('STRLEN k', b':11\r\n'),
            ('SET i 12345', b'+OK\r\n'),
            ('APPEND i 6', b':6\r\n'),
            ('GET i', b'$6\r\n123456\r\n'),
            ('APPEND l x', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('APPEND k', b"-ERR wrong number of arguments for 'append' command\r\n"),
            (('SET', 'e', b''), b'+OK\r\n'),
            (('APPEND', 'e', b''), b':0\r\n'),
        )

    def test_append_limit(self):
        """APPEND refuses to grow a string past proto-max-bulk-len."""
        self.restart(proto_max_bulk_len='1048576')
        self.script(
            ('SET k xxxxxxxxxx', b'+OK\r\n'),
            ('SETRANGE k 1048570 abcde', b':1048575\r\n'),
            ('APPEND k x', b':1048576\r\n'),
            (('APPEND', 'k', b''), b':1048576\r\n'),
            ('STRLEN k', b':1048576\r\n'),
            ('APPEND k2 yyyyy', b':5\r\n'),
        )

    def test_strlen(self):
        """STRLEN counts bytes; 0 for a missing key."""
        self.make_list(b'l')
        self.script(
            ('STRLEN k', b':0\r\n'),
            (('SET', 'k', b'\xff\x00abc'), b'+OK\r\n'),
            ('STRLEN k', b':5\r\n'),
            ('SET k 12345', b'+OK\r\n'),
            ('STRLEN k', b':5\r\n'),
            ('STRLEN l', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('STRLEN', b"-ERR wrong number of arguments for 'strlen' command\r\n"),
        )

    def test_getrange(self):
        """GETRANGE clips its range to the string like Redis (negative indexes count from the end)."""
        self.script(
            ('GETRANGE nokey 0 -1', b'$0\r\n\r\n'),
            ('SET s Hello', b'+OK\r\n'),
            ('GETRANGE s 0 -1', b'$5\r\nHello\r\n'),
            ('GETRANGE s -3 -1', b'$3\r\nllo\r\n'),
            ('GETRANGE s -1 -3', b'$0\r\n\r\n'),
            ('GETRANGE s 2 100', b'$3\r\nllo\r\n'),
            ('GETRANGE s -100 2', b'$3\r\nHel\r\n'),
            ('GETRANGE s 5 5', b'$0\r\n\r\n'),
            ('GETRANGE s 4 4', b'$1\r\no\r\n'),
            ('GETRANGE s -5 -5', b'$1\r\nH\r\n'),
            ('GETRANGE s 3 1', b'$0\r\n\r\n'),
            ('GETRANGE s 9223372036854775807 -9223372036854775808', b'$0\r\n\r\n'),
            ('GETRANGE s -9223372036854775808 9223372036854775807', b'$5\r\nHello\r\n'),
            ('SUBSTR s 1 3', b'$3\r\nell\r\n'),
            (('SET', 'e', b''), b'+OK\r\n'),
            ('GETRANGE e 0 -1', b'$0\r\n\r\n'),
            ('GETRANGE e 0 0', b'$0\r\n\r\n'),
            ('GETRANGE e -1 0', b'$0\r\n\r\n'),
            ('SET i 12345', b'+OK\r\n'),
            ('GETRANGE i 1 2', b'$2\r\n23\r\n'),
        )

    def test_getrange_errors(self):
        """GETRANGE checks its integers before the key (and its type)."""
        self.make_list(b'l')
        self.script(
            ('GETRANGE k x 1', b'-ERR value is not an integer or out of range\r\n'),
            ('GETRANGE k 1 x', b'-ERR value is not an integer or out of range\r\n'),
            ('GETRANGE l x 1', b'-ERR value is not an integer or out of range\r\n'),
            ('GETRANGE l 0 -1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('GETRANGE k 9223372036854775808 1', b'-ERR value is not an integer or out of range\r\n'),
            ('GETRANGE k 0', b"-ERR wrong number of arguments for 'getrange' command\r\n"),
            ('SUBSTR k 0', b"-ERR wrong number of arguments for 'substr' command\r\n"),
            ('SUBSTR l 0 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        )

    def test_setrange(self):
        """SETRANGE overwrites in place and pads with zero bytes."""
        self.script(
            (('SETRANGE', 'k', '0', b''), b':0\r\n'),
            (('SETRANGE', 'k', '9999999999', b''), b':0\r\n'),
            ('SET s abc', b'+OK\r\n'),
            ('SETRANGE s 5 xy', b':7\r\n'),
            ('GET s', b'$7\r\nabc\x00\x00xy\r\n'),
            ('SETRANGE s 1 Z', b':7\r\n'),
            ('GET s', b'$7\r\naZc\x00\x00xy\r\n'),
            ('SETRANGE s 6 long-tail', b':15\r\n'),
            ('GET s', b'$15\r\naZc\x00\x00xlong-tail\r\n'),
            (('SETRANGE', 's', '2', b''), b':15\r\n'),
            ('SETRANGE n 3 x', b':4\r\n'),
            ('GET n', b'$4\r\n\x00\x00\x00x\r\n'),
            ('SET i 12345', b'+OK\r\n'),
            ('SETRANGE i 0 9', b':5\r\n'),
            ('GET i', b'$5\r\n92345\r\n'),
        )

    def test_setrange_errors(self):
        """SETRANGE: offset checks first, then the type, then the size limit."""
        self.make_list(b'l')
        self.script(
            ('SETRANGE k -1 x', b'-ERR offset is out of range\r\n'),
            (('SETRANGE', 'k', '-1', b''), b'-ERR offset is out of range\r\n'),
            ('SETRANGE k abc x', b'-ERR value is not an integer or out of range\r\n'),
            ('SETRANGE k 9223372036854775808 x', b'-ERR value is not an integer or out of range\r\n'),
            ('SETRANGE k 536870912 x', b'-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n'),
            (('SETRANGE', 'k', '536870911', b''), b':0\r\n'),
            ('SETRANGE l 0 x', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('SETRANGE l -1 x', b'-ERR offset is out of range\r\n'),
            (('SETRANGE', 'l', '0', b''), b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('SETRANGE l 536870912 x', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('SETRANGE k 0', b"-ERR wrong number of arguments for 'setrange' command\r\n"),
            ('GET k', b'$-1\r\n'),
        )

    def test_setrange_limit(self):
        """The SETRANGE size limit follows proto-max-bulk-len."""
        self.restart(proto_max_bulk_len='1048576')
        self.script(
            ('SETRANGE s 1048575 x', b':1048576\r\n'),
            ('STRLEN s', b':1048576\r\n'),
            ('SETRANGE s 1048576 x', b'-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n'),
            ('SETRANGE s 1048574 xy', b':1048576\r\n'),
            ('SETRANGE s 1048575 yy', b'-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n'),
            ('SETRANGE s2 1048575 yy', b'-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n'),
            (('SETRANGE', 's', '1048576', b''), b':1048576\r\n'),
        )

    def test_incr_decr(self):
        """INCR/DECR/INCRBY/DECRBY on missing and existing integers."""
        self.script(
            ('INCR k', b':1\r\n'),
            ('INCR k', b':2\r\n'),
            ('DECR k', b':1\r\n'),
            ('INCRBY k 10', b':11\r\n'),
            ('DECRBY k 5', b':6\r\n'),
            ('DECRBY k -5', b':11\r\n'),
            ('INCRBY k -100', b':-89\r\n'),
            ('GET k', b'$3\r\n-89\r\n'),
            ('DECR n', b':-1\r\n'),
            ('INCRBY m 0', b':0\r\n'),
            ('SET big 9223372036854775806', b'+OK\r\n'),
            ('INCR big', b':9223372036854775807\r\n'),
            ('SET small -9223372036854775807', b'+OK\r\n'),
            ('DECR small', b':-9223372036854775808\r\n'),
            ('INCRBY z -9223372036854775808', b':-9223372036854775808\r\n'),
            ('DECRBY z2 -9223372036854775807', b':9223372036854775807\r\n'),
        )

    def test_incr_overflow(self):
        """Results outside 64 bits are refused; DECRBY cannot negate the smallest integer."""
        self.make_list(b'l')
        self.script(
            ('SET a 9223372036854775807', b'+OK\r\n'),
            ('INCR a', b'-ERR increment or decrement would overflow\r\n'),
            ('INCRBY a 1', b'-ERR increment or decrement would overflow\r\n'),
            ('SET b -9223372036854775808', b'+OK\r\n'),
            ('DECR b', b'-ERR increment or decrement would overflow\r\n'),
            ('DECRBY b 1', b'-ERR increment or decrement would overflow\r\n'),
            ('INCRBY b -1', b'-ERR increment or decrement would overflow\r\n'),
            ('DECRBY c -9223372036854775808', b'-ERR decrement would overflow\r\n'),
            ('DECRBY l -9223372036854775808', b'-ERR decrement would overflow\r\n'),
            ('GET a', b'$19\r\n9223372036854775807\r\n'),
            ('GET b', b'$20\r\n-9223372036854775808\r\n'),
        )

    def test_incr_not_integer(self):
        """The stored value and the increment must both be canonical 64-bit integers."""
        self.make_list(b'l')
        self.script(
            (('SET', 's', b' 1'), b'+OK\r\n'),
            ('INCR s', b'-ERR value is not an integer or out of range\r\n'),
            ('SET s 01', b'+OK\r\n'),
            ('INCR s', b'-ERR value is not an integer or out of range\r\n'),
            ('SET s -0', b'+OK\r\n'),
            ('INCR s', b'-ERR value is not an integer or out of range\r\n'),
            ('SET s 1.0', b'+OK\r\n'),
            ('INCR s', b'-ERR value is not an integer or out of range\r\n'),
            ('SET s abc', b'+OK\r\n'),
            ('DECR s', b'-ERR value is not an integer or out of range\r\n'),
            ('SET s 9223372036854775808', b'+OK\r\n'),
            ('INCR s', b'-ERR value is not an integer or out of range\r\n'),
            (('SET', 's', b''), b'+OK\r\n'),
            ('INCR s', b'-ERR value is not an integer or out of range\r\n'),
            ('INCRBY k abc', b'-ERR value is not an integer or out of range\r\n'),
            ('INCRBY k 9223372036854775808', b'-ERR value is not an integer or out of range\r\n'),
            ('INCRBY k +1', b'-ERR value is not an integer or out of range\r\n'),
            (('INCRBY', 'k', b' 1'), b'-ERR value is not an integer or out of range\r\n'),
            ('INCRBY k 1.5', b'-ERR value is not an integer or out of range\r\n'),
            (('DECRBY', 'k', b''), b'-ERR value is not an integer or out of range\r\n'),
            ('INCRBY l abc', b'-ERR value is not an integer or out of range\r\n'),
            ('INCR l', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('DECRBY l 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        )

    def test_incrbyfloat(self):
        """INCRBYFLOAT answers in Redis's long double format: %.17Lf, trailing zeros stripped."""
        self.script(
            ('INCRBYFLOAT k 0.1', b'$3\r\n0.1\r\n'),
            ('INCRBYFLOAT k 0.1', b'$3\r\n0.2\r\n'),
            ('INCRBYFLOAT k 0.1', b'$3\r\n0.3\r\n'),
            ('INCRBYFLOAT k -0.3', b'$1\r\n0\r\n'),
            ('INCRBYFLOAT j 3.0e3', b'$4\r\n3000\r\n'),
            ('INCRBYFLOAT j 2.0e2', b'$4\r\n3200\r\n'),
            ('INCRBYFLOAT h 10.5', b'$4\r\n10.5\r\n'),
            ('INCRBYFLOAT h -5.25', b'$4\r\n5.25\r\n'),
            ('INCRBYFLOAT i 1.23456789012345678901234567890', b'$19\r\n1.23456789012345679\r\n'),
            ('INCRBYFLOAT x 0.0000001', b'$9\r\n0.0000001\r\n'),
            ('INCRBYFLOAT x 0.0000001', b'$9\r\n0.0000002\r\n'),
            ('INCRBYFLOAT y 1234567.891', b'$25\r\n1234567.89099999999996271\r\n'),
            ('INCRBYFLOAT y -0.891', b'$7\r\n1234567\r\n'),
            ('SET big 9223372036854775807', b'+OK\r\n'),
            ('INCRBYFLOAT big 1', b'$19\r\n9223372036854775808\r\n'),
            ('INCRBYFLOAT big2 123456789012345678901234567890', b'$30\r\n123456789012345678899921813504\r\n'),
            ('INCRBYFLOAT p 3.14159265358979323846264338327950288', b'$19\r\n3.14159265358979324\r\n'),
            ('SET n 5', b'+OK\r\n'),
            ('INCRBYFLOAT n 1.5', b'$3\r\n6.5\r\n'),
            ('INCRBYFLOAT n -6.5', b'$1\r\n0\r\n'),
        )

    def test_incrbyfloat_tiny_and_zero(self):
        """Results that print as zero at 17 decimals are "0", never "-0"."""
        self.script(
            ('INCRBYFLOAT a 1e-17', b'$19\r\n0.00000000000000001\r\n'),
            ('INCRBYFLOAT b 5e-18', b'$1\r\n0\r\n'),
            ('INCRBYFLOAT c -5e-18', b'$1\r\n0\r\n'),
            ('INCRBYFLOAT d 1.5e-17', b'$19\r\n0.00000000000000002\r\n'),
            ('INCRBYFLOAT e 2.5e-17', b'$19\r\n0.00000000000000002\r\n'),
            ('INCRBYFLOAT f 1e-20', b'$1\r\n0\r\n'),
            ('INCRBYFLOAT g -1e-20', b'$1\r\n0\r\n'),
            ('INCRBYFLOAT h -0', b'$1\r\n0\r\n'),
            ('INCRBYFLOAT i 9.99999999999999999e-18', b'$19\r\n0.00000000000000001\r\n'),
            ('INCRBYFLOAT j 1e-4940', b'$1\r\n0\r\n'),
        )

    def test_incrbyfloat_large(self):
        """Large results are printed in full, as %.17Lf does."""
        self.script(
            ('SET b 1e300', b'+OK\r\n'),
            ('INCRBYFLOAT b 0', b'$301\r\n1000000000000000000008997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105690089424915104006144\r\n'),
            ('INCRBYFLOAT b 1e300', b'$301\r\n2000000000000000000017994648159118387741047888546581495876520164642531293192361871511698304167500994380700745017228549671807185112369345967826192521041497292574654271283687306588168510215212033579453305864740061102765895241989080589545563779241212358535223254194821301134374772211380178849830208012288\r\n'),
            ('INCRBYFLOAT c 1e30', b'$31\r\n1000000000000000000024696061952\r\n'),
            ('INCRBYFLOAT d 1e20', b'$21\r\n100000000000000000000\r\n'),
            ('INCRBYFLOAT d -1', b'$21\r\n100000000000000000000\r\n'),
        )

    def test_incrbyfloat_syntax(self):
        """Numbers are read like strtold: hex, signs, bare dots and inf literals, but no spaces or NaN."""
        self.script(
            ('INCRBYFLOAT e 0x1p-2', b'$4\r\n0.25\r\n'),
            ('INCRBYFLOAT e +1', b'$4\r\n1.25\r\n'),
            ('INCRBYFLOAT e .5', b'$4\r\n1.75\r\n'),
            ('INCRBYFLOAT e 5.', b'$4\r\n6.75\r\n'),
            ('INCRBYFLOAT e 0x10', b'$5\r\n22.75\r\n'),
            ('INCRBYFLOAT e 0x.8', b'$5\r\n23.25\r\n'),
            ('INCRBYFLOAT e 1.5e0000000000000000000000000000000000000001', b'$5\r\n38.25\r\n'),
            ('INCRBYFLOAT e 0e99999999999999999999', b'$5\r\n38.25\r\n'),
            (('INCRBYFLOAT', 'e', b' 1'), b'-ERR value is not a valid float\r\n'),
            (('INCRBYFLOAT', 'e', b'1 '), b'-ERR value is not a valid float\r\n'),
            (('INCRBYFLOAT', 'e', b''), b'-ERR value is not a valid float\r\n'),
            ('INCRBYFLOAT e nan', b'-ERR value is not a valid float\r\n'),
            ('INCRBYFLOAT e -nan', b'-ERR value is not a valid float\r\n'),
            ('INCRBYFLOAT e 1e', b'-ERR value is not a valid float\r\n'),
            ('INCRBYFLOAT e 1e+', b'-ERR value is not a valid float\r\n'),
            ('INCRBYFLOAT e 0x', b'-ERR value is not a valid float\r\n'),
            ('INCRBYFLOAT e 0xp1', b'-ERR value is not a valid float\r\n'),
            ('INCRBYFLOAT e infin', b'-ERR value is not a valid float\r\n'),
            ('INCRBYFLOAT e 1_0', b'-ERR value is not a valid float\r\n'),
            ('INCRBYFLOAT e abc', b'-ERR value is not a valid float\r\n'),
            (('INCRBYFLOAT', 'e', b'1\x002'), b'-ERR value is not a valid float\r\n'),
            ('GET e', b'$5\r\n38.25\r\n'),
        )

    def test_incrbyfloat_range(self):
        """Overflow, underflow to zero and infinities: refused, with the texts Redis uses."""
        self.script(
            ('INCRBYFLOAT d 1e4933', b'-ERR value is not a valid float\r\n'),
            ('INCRBYFLOAT d 1.18973149535723176508e+4932', b'-ERR value is not a valid float\r\n'),
            ('INCRBYFLOAT d 1e-5000', b'-ERR value is not a valid float\r\n'),
            ('INCRBYFLOAT d 1.8225997659412373012e-4951', b'-ERR value is not a valid float\r\n'),
            ('INCRBYFLOAT d 0x1p-16446', b'-ERR value is not a valid float\r\n'),
            ('INCRBYFLOAT d 0x1p-16445', b'$1\r\n0\r\n'),
            ('INCRBYFLOAT d 1e99999999999999999999', b'-ERR value is not a valid float\r\n'),
            ('INCRBYFLOAT d 1e-99999999999999999999', b'-ERR value is not a valid float\r\n'),
            ('INCRBYFLOAT d inf', b'-ERR increment would produce NaN or Infinity\r\n'),
            ('INCRBYFLOAT d -inf', b'-ERR increment would produce NaN or Infinity\r\n'),
            ('INCRBYFLOAT d infinity', b'-ERR increment would produce NaN or Infinity\r\n'),
            ('INCRBYFLOAT d INF', b'-ERR increment would produce NaN or Infinity\r\n'),
            ('SET i inf', b'+OK\r\n'),
            ('INCRBYFLOAT i 1', b'-ERR increment would produce NaN or Infinity\r\n'),
            ('GET d', b'$1\r\n0\r\n'),
        )

    def test_incrbyfloat_errors(self):
        """The stored value is checked (type, then number) before the increment."""
        self.make_list(b'l')
        self.script(
            ('SET s abc', b'+OK\r\n'),
            ('INCRBYFLOAT s 1', b'-ERR value is not a valid float\r\n'),
            (('SET', 's', b' 1'), b'+OK\r\n'),
            ('INCRBYFLOAT s 1', b'-ERR value is not a valid float\r\n'),
            ('SET s 1', b'+OK\r\n'),
            ('INCRBYFLOAT s abc', b'-ERR value is not a valid float\r\n'),
            ('INCRBYFLOAT l 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('INCRBYFLOAT l abc', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('INCRBYFLOAT s', b"-ERR wrong number of arguments for 'incrbyfloat' command\r\n"),
            ('GET s', b'$1\r\n1\r\n'),
        )

    def test_lcs(self):
        """LCS: the common subsequence, its length, or the matching ranges."""
        self.script(
            ('MSET key1 ohmytext key2 mynewtext', b'+OK\r\n'),
            ('LCS key1 key2', b'$6\r\nmytext\r\n'),
            ('LCS key1 key2 LEN', b':6\r\n'),
            ('LCS key1 key2 IDX', b'*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n'),
            ('LCS key1 key2 IDX MINMATCHLEN 4', b'*4\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n$3\r\nlen\r\n:6\r\n'),
            ('LCS key1 key2 IDX MINMATCHLEN 4 WITHMATCHLEN', b'*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n'),
            ('LCS key1 key2 idx withmatchlen', b'*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n'),
            ('LCS key1 key2 LEN WITHMATCHLEN', b':6\r\n'),
            ('LCS key1 key2 LEN MINMATCHLEN 4', b':6\r\n'),
            ('LCS key1 key2 MINMATCHLEN -5 IDX', b'*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n'),
            ('LCS key1 key2 WITHMATCHLEN', b'$6\r\nmytext\r\n'),
            ('LCS key1 key2 MINMATCHLEN 100', b'$6\r\nmytext\r\n'),
            ('LCS key1 nokey', b'$0\r\n\r\n'),
            ('LCS key1 nokey IDX', b'*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n'),
            ('LCS nokey nokey2 IDX WITHMATCHLEN', b'*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n'),
            ('MSET a ABCBDAB b BDCABA', b'+OK\r\n'),
            ('LCS a b', b'$4\r\nBDAB\r\n'),
            ('LCS a b IDX WITHMATCHLEN', b'*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:5\r\n:6\r\n*2\r\n:3\r\n:4\r\n:2\r\n*3\r\n*2\r\n:3\r\n:4\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:4\r\n'),
            ('LCS b a IDX WITHMATCHLEN', b'*4\r\n$7\r\nmatches\r\n*4\r\n*3\r\n*2\r\n:5\r\n:5\r\n*2\r\n:5\r\n:5\r\n:1\r\n*3\r\n*2\r\n:4\r\n:4\r\n*2\r\n:3\r\n:3\r\n:1\r\n*3\r\n*2\r\n:2\r\n:2\r\n*2\r\n:2\r\n:2\r\n:1\r\n*3\r\n*2\r\n:0\r\n:0\r\n*2\r\n:1\r\n:1\r\n:1\r\n$3\r\nlen\r\n:4\r\n'),
            ('LCS a a IDX WITHMATCHLEN', b'*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:0\r\n:6\r\n*2\r\n:0\r\n:6\r\n:7\r\n$3\r\nlen\r\n:7\r\n'),
            ('MSET c aaaaabbbbbaaaaa d bbbaaabbbbbbaaaabbb', b'+OK\r\n'),
            ('LCS c d IDX WITHMATCHLEN', b'*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:11\r\n:14\r\n*2\r\n:12\r\n:15\r\n:4\r\n*3\r\n*2\r\n:2\r\n:9\r\n*2\r\n:3\r\n:10\r\n:8\r\n$3\r\nlen\r\n:12\r\n'),
            ('LCS d c IDX WITHMATCHLEN MINMATCHLEN 3', b'*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:7\r\n:15\r\n*2\r\n:5\r\n:13\r\n:9\r\n*3\r\n*2\r\n:3\r\n:5\r\n*2\r\n:0\r\n:2\r\n:3\r\n$3\r\nlen\r\n:12\r\n'),
            ('LCS c d', b'$12\r\naaabbbbbaaaa\r\n'),
            ('LCS d c LEN', b':12\r\n'),
            ('MSET i 123456 j 3456789', b'+OK\r\n'),
            ('LCS i j IDX', b'*4\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:2\r\n:5\r\n*2\r\n:0\r\n:3\r\n$3\r\nlen\r\n:4\r\n'),
        )

    def test_lcs_errors(self):
        """LCS checks the key types first, then its options."""
        self.make_list(b'l')
        self.script(
            ('SET key1 a', b'+OK\r\n'),
            ('LCS key1 key2 LEN IDX', b'-ERR If you want both the length and indexes, please just use IDX.\r\n'),
            ('LCS key1 key2 IDX IDX LEN', b'-ERR If you want both the length and indexes, please just use IDX.\r\n'),
            ('LCS key1 key2 MINMATCHLEN', b'-ERR syntax error\r\n'),
            ('LCS key1 key2 MINMATCHLEN abc', b'-ERR value is not an integer or out of range\r\n'),
            ('LCS key1 key2 BAD', b'-ERR syntax error\r\n'),
            ('LCS l key1', b'-ERR The specified keys must contain string values\r\n'),
            ('LCS key1 l BAD', b'-ERR The specified keys must contain string values\r\n'),
            ('LCS l key1 LEN IDX', b'-ERR The specified keys must contain string values\r\n'),
            ('LCS key1', b"-ERR wrong number of arguments for 'lcs' command\r\n"),
        )

    def test_resp3_replies(self):
        """RESP3: nulls and the LCS IDX map."""
        self.client = self.server.session(resp=3)
        self.script(
            ('GET k', b'_\r\n'),
            ('MSET key1 ohmytext key2 mynewtext', b'+OK\r\n'),
            ('LCS key1 key2 IDX', b'%2\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n'),
            ('SET k v NX', b'+OK\r\n'),
            ('SET k w NX', b'_\r\n'),
            ('MGET k nokey', b'*2\r\n$1\r\nv\r\n_\r\n'),
            ('GETDEL nokey', b'_\r\n'),
            ('GETEX nokey', b'_\r\n'),
            ('SET k v XX GET', b'$1\r\nv\r\n'),
            ('INCRBYFLOAT f 1.5', b'$3\r\n1.5\r\n'),
        )

    def test_incrbyfloat_huge_results(self):
        """Results with thousands of digits (past Python's int/str guard) print in full."""
        expected = {
            ("INCRBYFLOAT", "d", "1e4932"): "061a343e0007d4756182202294d0280fbd1242dd8da6bb758fbfc69054e7c97d",
            ("INCRBYFLOAT", "m", "0xffffffffffffffffp16320"):
                "d9747038c1e44d759eb77bf88442dc9d747fff717abc09709e10d7c65482156d",
            ("INCRBYFLOAT", "m", "-1e4932"): "2a221ba2723b57899c5da9aa637e712e849e79b09f1baf61a23944faf06e7559",
        }
        for command, digest in expected.items():
            reply = self.call(*command)
            self.assertEqual(hashlib.sha256(reply).hexdigest(), digest, (command, reply[:20]))


class ExpiryTests(CoreTestCase):
    """TTLs set, kept and dropped, on the fake clock."""

    def test_set_expire_options(self):
        """EX/PX are relative to the command clock, EXAT/PXAT absolute."""
        self.call("SET", "a", "v", "EX", "10")
        self.call("SET", "b", "v", "PX", "1500")
        self.call("SET", "c", "v", "EXAT", "4000000000")
        self.call("SET", "d", "v", "PXAT", "4000000000123")
        self.assertEqual(self.ttl(b"a"), 10_000)
        self.assertEqual(self.ttl(b"b"), 1500)
        self.assertEqual(self.db.expires[b"c"], 4_000_000_000_000)
        self.assertEqual(self.db.expires[b"d"], 4_000_000_000_123)

    def test_key_disappears_when_due(self):
        """A key is there until its time, and gone (and counted as expired) from then on."""
        self.call("SET", "k", "v", "PX", "100")
        self.server.advance(99)
        self.assertEqual(self.call("GET", "k"), b"$1\r\nv\r\n")
        self.server.advance(1)
        self.assertEqual(self.call("GET", "k"), b"$-1\r\n")
        self.assertEqual(self.state.stats.expired_keys, 1)

    def test_plain_set_drops_ttl_keepttl_keeps_it(self):
        """SET forgets the TTL unless KEEPTTL; a SET NX that stores nothing leaves it."""
        self.call("SET", "k", "v", "EX", "100")
        self.call("SET", "k", "w", "KEEPTTL")
        self.assertEqual(self.ttl(b"k"), 100_000)
        self.call("SET", "k", "x", "NX")
        self.assertEqual(self.ttl(b"k"), 100_000)
        self.call("SET", "k", "y")
        self.assertIsNone(self.ttl(b"k"))

    def test_setex_psetex(self):
        """SETEX counts seconds, PSETEX milliseconds."""
        self.call("SETEX", "a", "5", "v")
        self.call("PSETEX", "b", "5", "v")
        self.assertEqual(self.ttl(b"a"), 5000)
        self.assertEqual(self.ttl(b"b"), 5)
        self.server.advance(5)
        self.assertEqual(self.call("MGET", "a", "b"), b"*2\r\n$1\r\nv\r\n$-1\r\n")

    def test_getex_changes_ttl(self):
        """GETEX sets, replaces or removes the TTL; plain GETEX leaves it."""
        self.call("SET", "k", "v")
        self.call("GETEX", "k", "EX", "10")
        self.assertEqual(self.ttl(b"k"), 10_000)
        self.call("GETEX", "k")
        self.assertEqual(self.ttl(b"k"), 10_000)
        self.call("GETEX", "k", "PX", "20")
        self.assertEqual(self.ttl(b"k"), 20)
        self.call("GETEX", "k", "PXAT", str(NOW + 30))
        self.assertEqual(self.ttl(b"k"), 30)
        self.call("GETEX", "k", "PERSIST")
        self.assertIsNone(self.ttl(b"k"))

    def test_updates_keep_ttl(self):
        """INCR, INCRBYFLOAT, APPEND and SETRANGE change the value but keep the TTL."""
        for command in (("INCR", "k"), ("INCRBY", "k", "5"), ("DECR", "k"), ("DECRBY", "k", "2"),
                        ("INCRBYFLOAT", "k", "1.5"), ("APPEND", "k", "0"), ("SETRANGE", "k", "0", "9")):
            self.call("SET", "k", "1", "EX", "100")
            self.call(*command)
            self.assertEqual(self.ttl(b"k"), 100_000, command)

    def test_replacements_drop_ttl(self):
        """GETSET and MSET store new values, which come without the old TTL."""
        for command in (("GETSET", "k", "v"), ("MSET", "k", "v"), ("MSETNX", "k", "v")):
            self.call("SET", "k", "1", "EX", "100")
            if command[0] == "MSETNX":
                self.server.advance(100_000)
                self.call("MSETNX", "k", "v")
                self.assertEqual(self.call("GET", "k"), b"$1\r\nv\r\n")
            else:
                self.call(*command)
            self.assertIsNone(self.ttl(b"k"), command)

    def test_expired_keys_count_as_missing(self):
        """Writers see an expired key as absent: counters restart, NX succeeds, GETDEL finds nothing."""
        for key in (b"a", b"b", b"c", b"d", b"e", b"f"):
            self.call("SET", key, "5", "PX", "10")
        self.server.advance(10)
        self.script(
            ("INCR a", b":1\r\n"),
            ("APPEND b x", b":1\r\n"),
            ("SETNX c v", b":1\r\n"),
            ("GETDEL d", b"$-1\r\n"),
            ("SETRANGE e 1 x", b":2\r\n"),
            ("INCRBYFLOAT f 0.5", b"$3\r\n0.5\r\n"),
            ("SET g v XX", b"$-1\r\n"),
        )

    def test_getex_past_time_on_a_replica(self):
        """A replica does not delete on GETEX with a past time: it sets the expiry and waits for its primary."""
        self.call("SET", "k", "v")
        self.state.is_replica = True
        self.assertEqual(self.call("GETEX", "k", "PXAT", "1"), b"$1\r\nv\r\n")
        self.assertEqual(self.db.expires[b"k"], 1)
        self.assertIn(b"k", self.db.data)
        self.assertEqual(self.propagated[-1], [b"PEXPIREAT", b"k", b"1"])


class PropagationTests(CoreTestCase):
    """What replicas and the AOF receive (checked against redis-server's AOF)."""

    def test_relative_expiry_becomes_absolute(self):
        """SET EX/PX, SETEX, PSETEX and SET EXAT all travel as SET ... PXAT <ms>."""
        self.call("SET", "a", "1", "EX", "100")
        self.call("set", "a", "1", "px", "100")
        self.call("SET", "a", "1", "EXAT", "4000000000")
        self.call("SETEX", "b", "100", "x")
        self.call("PSETEX", "b", "100", "x")
        at = b"%d" % (NOW + 100_000)
        self.assertEqual(self.propagated, [
            [b"SET", b"a", b"1", b"PXAT", at],
            [b"SET", b"a", b"1", b"PXAT", b"%d" % (NOW + 100)],
            [b"SET", b"a", b"1", b"PXAT", b"4000000000000"],
            [b"SET", b"b", b"x", b"PXAT", at],
            [b"SET", b"b", b"x", b"PXAT", b"%d" % (NOW + 100)],
        ])

    def test_set_get_is_sent_without_get(self):
        """SET ... GET reaches replicas without its GET words, the rest as typed."""
        self.call("set", "a", "2", "GET")
        self.call("SET", "a", "3", "get", "KEEPTTL", "Get")
        self.call("SET", "a", "4", "GET", "EX", "10")
        self.assertEqual(self.propagated, [
            [b"set", b"a", b"2"],
            [b"SET", b"a", b"3", b"KEEPTTL"],
            [b"SET", b"a", b"4", b"PXAT", b"%d" % (NOW + 10_000)],
        ])

    def test_nothing_sent_when_nothing_changed(self):
        """Refused or no-op writes are not propagated."""
        self.call("SET", "k", "v")
        del self.propagated[:]
        for command in (
            ("SET", "k", "w", "NX"), ("SET", "x", "w", "XX"), ("SETNX", "k", "v"), ("MSETNX", "k", "1", "y", "2"),
            ("GETEX", "k"), ("GETEX", "k", "PERSIST"), ("GETDEL", "nokey"), ("SETRANGE", "k", "0", ""),
            ("SETRANGE", "nokey", "5", ""), ("INCR", "k"), ("GETEX", "nokey", "EX", "10"),
        ):
            self.call(*command)
        self.assertEqual(self.propagated, [])

    def test_getex_getdel_getset_rewrites(self):
        """GETEX becomes PEXPIREAT/PERSIST/DEL, GETDEL a DEL, GETSET a SET."""
        self.call("SET", "k", "v")
        self.call("GETEX", "k", "EX", "100")
        self.call("GETEX", "k", "PERSIST")
        self.call("GETEX", "k", "PXAT", "1")
        self.call("SET", "k", "v")
        self.call("GETDEL", "k")
        self.call("GETSET", "k", "5")
        self.assertEqual(self.propagated, [
            [b"SET", b"k", b"v"],
            [b"PEXPIREAT", b"k", b"%d" % (NOW + 100_000)],
            [b"PERSIST", b"k"],
            [b"DEL", b"k"],
            [b"SET", b"k", b"v"],
            [b"DEL", b"k"],
            [b"SET", b"k", b"5"],
        ])

    def test_incrbyfloat_sends_the_result(self):
        """INCRBYFLOAT travels as SET key result KEEPTTL, so float formatting cannot diverge."""
        self.call("SET", "k", "5")
        self.call("INCRBYFLOAT", "k", "1.5")
        self.assertEqual(self.propagated[-1], [b"SET", b"k", b"6.5", b"KEEPTTL"])

    def test_other_writes_are_sent_as_is(self):
        """Writes without relative times go through unchanged."""
        commands = [
            [b"MSET", b"a", b"1", b"b", b"2"], [b"MSETNX", b"c", b"1"], [b"INCR", b"a"], [b"DECRBY", b"a", b"3"],
            [b"APPEND", b"a", b"x"], [b"SETRANGE", b"b", b"3", b"y"], [b"SETNX", b"d", b"1"],
            [b"SET", b"e", b"1", b"KEEPTTL"],
        ]
        for command in commands:
            self.call(*command)
        self.assertEqual(self.propagated, commands)


class EventTests(CoreTestCase):
    """Keyspace events (names and classes) and the dirty counter, as Redis emits them."""

    def test_event_names(self):
        """Each write announces Redis's event ($: string class, g: generic); GETSET's miss is a keymiss."""
        self.call("SET", "a", "1")
        self.call("SET", "a", "1", "EX", "100")
        self.call("INCR", "a")
        self.call("INCRBYFLOAT", "a", "1")
        self.call("APPEND", "a", "1")
        self.call("SETRANGE", "a", "0", "2")
        self.call("GETEX", "a", "PERSIST")
        self.call("GETEX", "a", "EX", "5")
        self.call("GETDEL", "a")
        self.call("GETSET", "a", "1")
        self.call("MSET", "b", "1", "c", "2")
        self.call("GETEX", "a", "EXAT", "1")
        self.assertEqual(self.events, [
            ("set", "$", b"a"), ("set", "$", b"a"), ("expire", "g", b"a"), ("incrby", "$", b"a"),
            ("incrbyfloat", "$", b"a"), ("append", "$", b"a"), ("setrange", "$", b"a"), ("persist", "g", b"a"),
            ("expire", "g", b"a"), ("del", "g", b"a"), ("keymiss", "m", b"a"), ("set", "$", b"a"), ("set", "$", b"b"),
            ("set", "$", b"c"),
            ("del", "g", b"a"),
        ])

    def test_misses_are_announced(self):
        """Read lookups of missing keys raise keymiss events (class m) and count as misses."""
        self.call("SET", "a", "1")
        self.call("GET", "a")
        self.call("GET", "b")
        self.call("MGET", "a", "c")
        misses = [event for event in self.events if event[0] == "keymiss"]
        self.assertEqual(misses, [("keymiss", "m", b"b"), ("keymiss", "m", b"c")])
        self.assertEqual((self.state.stats.keyspace_hits, self.state.stats.keyspace_misses), (2, 2))

    def test_dirty_counts_changed_keys(self):
        """One change per stored key: SET with a TTL is one change, MSET of two keys two."""
        before = self.state.dirty
        self.call("SET", "a", "1", "EX", "10")
        self.assertEqual(self.state.dirty, before + 1)
        self.call("MSET", "a", "1", "b", "2")
        self.assertEqual(self.state.dirty, before + 3)
        self.call("MSETNX", "c", "1", "d", "2")
        self.assertEqual(self.state.dirty, before + 5)


class StoredValueTests(CoreTestCase):
    """How values are kept, which OBJECT ENCODING derives its answer from."""

    def test_string_encoding(self):
        """int for canonical integers, embstr up to 44 bytes, raw beyond or once edited (as OBJECT ENCODING said)."""
        cases = [(b"123", b"int"), (b"-9223372036854775808", b"int"), (b"01", b"embstr"), (b"abc", b"embstr"),
                 (b"1" * 21, b"embstr"), (b"x" * 44, b"embstr"), (b"x" * 45, b"raw"), (bytearray(b"1"), b"raw")]
        for value, encoding in cases:
            self.assertEqual(string_encoding(value), encoding, value)

    def test_results_are_stored_as_bytes(self):
        """Counters store bytes; APPEND/SETRANGE edit a bytearray of the key's own."""
        self.call("INCR", "i")
        self.call("APPEND", "n", "new")
        self.call("SET", "a", "old")
        self.call("APPEND", "a", "er")
        self.call("SETRANGE", "r", "2", "x")
        self.assertEqual(self.db.data[b"i"], b"1")
        self.assertIs(type(self.db.data[b"i"]), bytes)
        self.assertIs(type(self.db.data[b"n"]), bytes)
        self.assertEqual(self.db.data[b"a"], bytearray(b"older"))
        self.assertEqual(self.db.data[b"r"], bytearray(b"\0\0x"))
        self.call("APPEND", "a", "!")
        self.assertEqual(self.db.data[b"a"], bytearray(b"older!"))


class CommandTableTests(SynchronousTestCase):
    """Arity, flags, key positions and group as COMMAND INFO / DOCS of redis-server 7.0.15 list them."""

    EXPECTED: ClassVar[dict[str, tuple]] = {
        "get": (2, "readonly fast", (1, 1, 1), "1.0.0"),
        "set": (-3, "write denyoom", (1, 1, 1), "1.0.0"),
        "setnx": (3, "write denyoom fast", (1, 1, 1), "1.0.0"),
        "setex": (4, "write denyoom", (1, 1, 1), "2.0.0"),
        "psetex": (4, "write denyoom", (1, 1, 1), "2.6.0"),
        "getex": (-2, "write fast", (1, 1, 1), "6.2.0"),
        "getdel": (2, "write fast", (1, 1, 1), "6.2.0"),
        "getset": (3, "write denyoom fast", (1, 1, 1), "1.0.0"),
        "mget": (-2, "readonly fast", (1, -1, 1), "1.0.0"),
        "mset": (-3, "write denyoom", (1, -1, 2), "1.0.1"),
        "msetnx": (-3, "write denyoom", (1, -1, 2), "1.0.1"),
        "append": (3, "write denyoom fast", (1, 1, 1), "2.0.0"),
        "strlen": (2, "readonly fast", (1, 1, 1), "2.2.0"),
        "incr": (2, "write denyoom fast", (1, 1, 1), "1.0.0"),
        "decr": (2, "write denyoom fast", (1, 1, 1), "1.0.0"),
        "incrby": (3, "write denyoom fast", (1, 1, 1), "1.0.0"),
        "decrby": (3, "write denyoom fast", (1, 1, 1), "1.0.0"),
        "incrbyfloat": (3, "write denyoom fast", (1, 1, 1), "2.6.0"),
        "getrange": (4, "readonly", (1, 1, 1), "2.4.0"),
        "substr": (4, "readonly", (1, 1, 1), "1.0.0"),
        "setrange": (4, "write denyoom", (1, 1, 1), "2.2.0"),
        "lcs": (-3, "readonly", (1, 2, 1), "7.0.0"),
    }

    def test_specs(self):
        """Each string command is declared as Redis declares it."""
        for name, (arity, flags, keys, since) in self.EXPECTED.items():
            spec = TABLE.commands[name.encode()]
            self.assertEqual(
                (spec.arity, spec.flags, (spec.first_key, spec.last_key, spec.step), spec.group, spec.since),
                (arity, frozenset(flags.split()), keys, "string", since),
                name,
            )

    def test_key_positions(self):
        """MSET's keys are every other argument; LCS has exactly two."""
        mset = TABLE.commands[b"mset"]
        self.assertEqual(mset.key_positions([b"MSET", b"a", b"1", b"b", b"2"]), [1, 3])
        lcs = TABLE.commands[b"lcs"]
        self.assertEqual(lcs.key_positions([b"LCS", b"a", b"b", b"IDX"]), [1, 2])
