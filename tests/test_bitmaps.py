"""
Bitmap commands through the core.

Expected replies in the C{script} tables were recorded from redis-server 7.0.15
(Debian's build) by running the same commands against it.
"""

from __future__ import annotations

from typing import ClassVar

from twisted.trial.unittest import SynchronousTestCase

from tests.test_strings import NOW, CoreTestCase
from txredisd.core.commands import TABLE


class BitmapCommandTests(CoreTestCase):
    """Replies, byte for byte, as redis-server 7.0.15 gave them."""

    def test_setbit_getbit(self):
        """SETBIT answers the old bit and grows the string; GETBIT reads past the end as 0."""
        self.script(
            ('GETBIT nokey 5', b':0\r\n'),
            ('SETBIT k 7 1', b':0\r\n'),
            ('GETBIT k 7', b':1\r\n'),
            ('GETBIT k 6', b':0\r\n'),
            ('GETBIT k 100', b':0\r\n'),
            ('GET k', b'$1\r\n\x01\r\n'),
            ('SETBIT k 7 0', b':1\r\n'),
            ('SETBIT k 7 0', b':0\r\n'),
            ('SETBIT k 20 1', b':0\r\n'),
            ('GET k', b'$3\r\n\x00\x00\x08\r\n'),
            ('SET i 1', b'+OK\r\n'),
            ('GETBIT i 2', b':1\r\n'),
            ('GETBIT i 7', b':1\r\n'),
            ('GETBIT i 8', b':0\r\n'),
            ('SETBIT i 6 0', b':0\r\n'),
            ('GET i', b'$1\r\n1\r\n'),
            ('SETBIT k 65535 0', b':0\r\n'),
            ('STRLEN k', b':8192\r\n'),
            ('BITCOUNT k', b':1\r\n'),
        )

    def test_setbit_errors(self):
        """Offset errors come first, then the bit value, then the type."""
        self.make_list(b'l')
        self.script(
            ('SETBIT k -1 1', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('SETBIT k abc 1', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('SETBIT k #1 1', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('SETBIT k 4294967296 1', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('SETBIT k 0 2', b'-ERR bit is not an integer or out of range\r\n'),
            ('SETBIT k 0 -1', b'-ERR bit is not an integer or out of range\r\n'),
            ('SETBIT k 0 abc', b'-ERR bit is not an integer or out of range\r\n'),
            ('SETBIT k abc abc', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('SETBIT l 0 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('SETBIT l 0 2', b'-ERR bit is not an integer or out of range\r\n'),
            ('SETBIT l -1 1', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('GETBIT k -1', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('GETBIT k #1', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('GETBIT k 4294967296', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('GETBIT l 0', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('GETBIT l -1', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('SETBIT k 0', b"-ERR wrong number of arguments for 'setbit' command\r\n"),
            ('GETBIT k', b"-ERR wrong number of arguments for 'getbit' command\r\n"),
            ('GET k', b'$-1\r\n'),
        )

    def test_bit_offset_limit(self):
        """Bit offsets are limited by proto-max-bulk-len (in bytes)."""
        self.restart(proto_max_bulk_len='1048576')
        self.script(
            ('SETBIT b 8388607 1', b':0\r\n'),
            ('SETBIT b 8388608 1', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('GETBIT b 8388608', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('GETBIT b 8388607', b':1\r\n'),
            ('STRLEN b', b':1048576\r\n'),
            ('BITFIELD b GET u8 8388607', b'*1\r\n:128\r\n'),
            ('BITFIELD b GET u8 8388608', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('BITFIELD b GET u8 #1048575', b'*1\r\n:1\r\n'),
            ('BITFIELD b GET u8 #1048576', b'-ERR bit offset is not an integer or out of range\r\n'),
        )

    def test_bitcount(self):
        """BITCOUNT over the whole string, byte ranges and bit ranges."""
        self.script(
            ('BITCOUNT nokey', b':0\r\n'),
            ('BITCOUNT nokey a b', b':0\r\n'),
            ('BITCOUNT nokey 0', b':0\r\n'),
            ('SET s foobar', b'+OK\r\n'),
            ('BITCOUNT s', b':26\r\n'),
            ('BITCOUNT s 0 0', b':4\r\n'),
            ('BITCOUNT s 1 1', b':6\r\n'),
            ('BITCOUNT s 1 1 BYTE', b':6\r\n'),
            ('BITCOUNT s 5 30 BIT', b':17\r\n'),
            ('BITCOUNT s 0 -1 bit', b':26\r\n'),
            ('BITCOUNT s -100 100', b':26\r\n'),
            ('BITCOUNT s 3 1', b':0\r\n'),
            ('BITCOUNT s -9223372036854775808 9223372036854775807', b':26\r\n'),
            ('BITCOUNT s -9223372036854775808 9223372036854775807 bit', b':26\r\n'),
            ('BITCOUNT s 7 7 bit', b':0\r\n'),
            ('BITCOUNT s 1 2 bit', b':2\r\n'),
            ('BITCOUNT s 9 9 bit', b':1\r\n'),
            ('BITCOUNT s -5 -3 bit', b':1\r\n'),
            ('BITCOUNT s 40 47 bit', b':4\r\n'),
            ('BITCOUNT s 47 100 bit', b':0\r\n'),
            (('SET', 'e', b''), b'+OK\r\n'),
            ('BITCOUNT e', b':0\r\n'),
            ('BITCOUNT e 0 -1', b':0\r\n'),
            ('BITCOUNT e 0 -1 bit', b':0\r\n'),
            ('SET i 12345', b'+OK\r\n'),
            ('BITCOUNT i', b':17\r\n'),
        )

    def test_bitcount_errors(self):
        """BITCOUNT looks the key up first: a missing key answers 0 whatever the arguments."""
        self.make_list(b'l')
        self.script(
            ('BITCOUNT l', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('BITCOUNT l a b', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('SET s foobar', b'+OK\r\n'),
            ('BITCOUNT s 0', b'-ERR syntax error\r\n'),
            ('BITCOUNT s -1 -2', b':0\r\n'),
            ('BITCOUNT s -1 -2 BAD', b':0\r\n'),
            ('BITCOUNT s 0 1 BAD', b'-ERR syntax error\r\n'),
            ('BITCOUNT s a 1', b'-ERR value is not an integer or out of range\r\n'),
            ('BITCOUNT s 1 a', b'-ERR value is not an integer or out of range\r\n'),
            ('BITCOUNT s 0 1 BIT extra', b'-ERR syntax error\r\n'),
            ('BITCOUNT', b"-ERR wrong number of arguments for 'bitcount' command\r\n"),
        )

    def test_bitpos(self):
        """BITPOS finds the first set or clear bit, treating an open-ended byte range as zero-padded."""
        self.script(
            ('BITPOS nokey 1', b':-1\r\n'),
            ('BITPOS nokey 0', b':0\r\n'),
            (('SET', 's', b'\xff\xf0\x00'), b'+OK\r\n'),
            ('BITPOS s 0', b':12\r\n'),
            ('BITPOS s 1', b':0\r\n'),
            ('BITPOS s 0 1', b':12\r\n'),
            ('BITPOS s 1 2', b':-1\r\n'),
            ('BITPOS s 1 2 -1', b':-1\r\n'),
            ('BITPOS s 0 0 0', b':-1\r\n'),
            ('BITPOS s 0 100', b':-1\r\n'),
            ('BITPOS s 1 -1 -2', b':-1\r\n'),
            ('BITPOS s 1 -100 100', b':0\r\n'),
            (('SET', 'f', b'\xff\xff'), b'+OK\r\n'),
            ('BITPOS f 0', b':16\r\n'),
            ('BITPOS f 0 0', b':16\r\n'),
            ('BITPOS f 0 1', b':16\r\n'),
            ('BITPOS f 0 0 -1', b':-1\r\n'),
            ('BITPOS f 0 -1', b':16\r\n'),
            ('BITPOS f 0 2', b':-1\r\n'),
            (('SET', 'z', b'\x00\x00'), b'+OK\r\n'),
            ('BITPOS z 1', b':-1\r\n'),
            ('BITPOS z 0', b':0\r\n'),
            (('SET', 'e', b''), b'+OK\r\n'),
            ('BITPOS e 0', b':-1\r\n'),
            ('BITPOS e 1', b':-1\r\n'),
            ('BITPOS e 0 0', b':-1\r\n'),
            ('BITPOS e 0 0 -1', b':-1\r\n'),
        )

    def test_bitpos_bit_ranges(self):
        """BITPOS with BIT ranges masks the partial bytes at both ends."""
        self.script(
            (('SET', 's', b'\xff\xf0\x00'), b'+OK\r\n'),
            ('BITPOS s 0 0 -1 bit', b':12\r\n'),
            ('BITPOS s 0 0 11 bit', b':-1\r\n'),
            ('BITPOS s 0 0 12 bit', b':12\r\n'),
            ('BITPOS s 1 12 23 bit', b':-1\r\n'),
            ('BITPOS s 1 -9223372036854775808 9223372036854775807 bit', b':0\r\n'),
            ('BITPOS s 0 -9223372036854775808 9223372036854775807 bit', b':12\r\n'),
            ('BITPOS s 0 -9223372036854775808 9223372036854775807', b':12\r\n'),
            ('BITPOS s 0 -9223372036854775808', b':12\r\n'),
            (('SET', 'f', b'\xff\xff'), b'+OK\r\n'),
            ('BITPOS f 0 0 -1 bit', b':-1\r\n'),
            ('BITPOS f 0 3 9 bit', b':-1\r\n'),
            ('BITPOS f 1 3 9 bit', b':3\r\n'),
            ('BITPOS f 0 0 -1 byte', b':-1\r\n'),
            (('SET', 'z', b'\x00\x00'), b'+OK\r\n'),
            ('BITPOS z 1 3 13 bit', b':-1\r\n'),
            ('BITPOS z 0 3 13 bit', b':3\r\n'),
            ('BITPOS z 0 16 20 bit', b':-1\r\n'),
            ('BITPOS z 1 0 -1 bit', b':-1\r\n'),
            (('SET', 'm', b'\x00\x01\x80\x00'), b'+OK\r\n'),
            ('BITPOS m 1 7 24 bit', b':15\r\n'),
            ('BITPOS m 1 16 16 bit', b':16\r\n'),
            ('BITPOS m 1 17 31 bit', b':-1\r\n'),
            ('BITPOS m 0 15 16 bit', b':-1\r\n'),
            (('SET', 'n', b'\xff\xfe\x7f\xff'), b'+OK\r\n'),
            ('BITPOS n 0 7 24 bit', b':15\r\n'),
            ('BITPOS n 0 9 14 bit', b':-1\r\n'),
            ('BITPOS n 0 9 17 bit', b':15\r\n'),
            ('BITPOS n 0 1 2', b':15\r\n'),
            ('BITPOS n 0 3', b':32\r\n'),
        )

    def test_bitpos_errors(self):
        """BITPOS checks the bit first, then the key, then the range in argument order."""
        self.make_list(b'l')
        self.script(
            ('BITPOS nokey 2', b'-ERR The bit argument must be 1 or 0.\r\n'),
            ('BITPOS nokey -1', b'-ERR The bit argument must be 1 or 0.\r\n'),
            ('BITPOS nokey x', b'-ERR value is not an integer or out of range\r\n'),
            ('BITPOS nokey 1 a b c d', b':-1\r\n'),
            ('BITPOS l 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('BITPOS l 2', b'-ERR The bit argument must be 1 or 0.\r\n'),
            ('BITPOS l 1 a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('SET s abc', b'+OK\r\n'),
            ('BITPOS s 1 a', b'-ERR value is not an integer or out of range\r\n'),
            ('BITPOS s 1 0 a', b'-ERR value is not an integer or out of range\r\n'),
            ('BITPOS s 1 a 0 bad', b'-ERR value is not an integer or out of range\r\n'),
            ('BITPOS s 1 0 a bad', b'-ERR syntax error\r\n'),
            ('BITPOS s 1 0 1 bad', b'-ERR syntax error\r\n'),
            ('BITPOS s 1 0 1 bit extra', b'-ERR syntax error\r\n'),
            ('BITPOS s 1 9223372036854775807 bit', b'-ERR value is not an integer or out of range\r\n'),
            ('BITPOS s', b"-ERR wrong number of arguments for 'bitpos' command\r\n"),
        )

    def test_bitop(self):
        """BITOP AND/OR/XOR/NOT pad shorter strings with zeros and store the result."""
        self.make_list(b'l')
        self.script(
            (('SET', 'a', b'\xf0\x0f'), b'+OK\r\n'),
            (('SET', 'b', b'\xff'), b'+OK\r\n'),
            ('BITOP AND d a b', b':2\r\n'),
            ('GET d', b'$2\r\n\xf0\x00\r\n'),
            ('BITOP OR d a b', b':2\r\n'),
            ('GET d', b'$2\r\n\xff\x0f\r\n'),
            ('BITOP XOR d a b', b':2\r\n'),
            ('GET d', b'$2\r\n\x0f\x0f\r\n'),
            ('BITOP XOR d a b a', b':2\r\n'),
            ('GET d', b'$2\r\n\xff\x00\r\n'),
            ('BITOP NOT d a', b':2\r\n'),
            ('GET d', b'$2\r\n\x0f\xf0\r\n'),
            ('BITOP and d a nokey', b':2\r\n'),
            ('GET d', b'$2\r\n\x00\x00\r\n'),
            ('BITOP Or d nokey nokey2', b':0\r\n'),
            ('GET d', b'$-1\r\n'),
            ('BITOP AND d a', b':2\r\n'),
            ('GET d', b'$2\r\n\xf0\x0f\r\n'),
            ('SET i 12', b'+OK\r\n'),
            ('BITOP NOT d i', b':2\r\n'),
            ('GET d', b'$2\r\n\xce\xcd\r\n'),
            ('BITOP OR i i i', b':2\r\n'),
            ('GET i', b'$2\r\n12\r\n'),
            ('BITOP nOt d b', b':1\r\n'),
            ('GET d', b'$1\r\n\x00\r\n'),
            ('BITOP AND l a', b':2\r\n'),
            ('GET l', b'$2\r\n\xf0\x0f\r\n'),
        )

    def test_bitop_errors(self):
        """BITOP: the operation, then NOT's single source, then the source types."""
        self.make_list(b'l')
        self.script(
            ('BITOP bad d a', b'-ERR syntax error\r\n'),
            ('BITOP bad d l', b'-ERR syntax error\r\n'),
            ('BITOP not d a b', b'-ERR BITOP NOT must be called with a single source key.\r\n'),
            ('BITOP nand d a', b'-ERR syntax error\r\n'),
            ('BITOP and d l', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('BITOP and d nokey l', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('BITOP not d l', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('BITOP and d', b"-ERR wrong number of arguments for 'bitop' command\r\n"),
            ('BITOP not d', b"-ERR wrong number of arguments for 'bitop' command\r\n"),
            ('GET d', b'$-1\r\n'),
        )

    def test_bitfield_get(self):
        """BITFIELD GET reads signed and unsigned fields at any bit offset, zero past the end."""
        self.script(
            ('BITFIELD k', b'*0\r\n'),
            ('BITFIELD k GET u8 0', b'*1\r\n:0\r\n'),
            ('SET s abc', b'+OK\r\n'),
            ('BITFIELD s GET u8 0 GET u16 8 GET i24 0 GET u8 #2 GET u8 #3 GET i64 1', b'*6\r\n:97\r\n:25187\r\n:6382179\r\n:99\r\n:0\r\n:-4412184031613943808\r\n'),
            ('BITFIELD s GET i8 0 GET u1 1 GET i1 1 GET u63 0 GET i64 0 GET i5 3 GET u5 3', b'*7\r\n:97\r\n:1\r\n:-1\r\n:3508640010523901952\r\n:7017280021047803904\r\n:1\r\n:1\r\n'),
            ('BITFIELD s get u8 #100 get i16 1000', b'*2\r\n:0\r\n:0\r\n'),
            ('BITFIELD_RO s GET u16 4', b'*1\r\n:5670\r\n'),
            ('BITFIELD_RO nokey GET i64 0', b'*1\r\n:0\r\n'),
            ('BITFIELD_RO nokey', b'*0\r\n'),
            ('BITFIELD s OVERFLOW sat', b'*0\r\n'),
            ('BITFIELD_RO s OVERFLOW fail GET u8 0', b'*1\r\n:97\r\n'),
        )

    def test_bitfield_set_incrby(self):
        """BITFIELD SET answers the old value, INCRBY the new one; writes grow the string."""
        self.script(
            ('BITFIELD k SET i8 0 -100 GET i8 0 GET u8 0 GET u4 4 GET i4 4', b'*5\r\n:0\r\n:-100\r\n:156\r\n:12\r\n:-4\r\n'),
            ('BITFIELD k INCRBY i8 0 -100', b'*1\r\n:56\r\n'),
            ('BITFIELD k SET i5 3 -3 GET i5 3 GET u5 3', b'*3\r\n:-8\r\n:-3\r\n:29\r\n'),
            ('GET k', b'$1\r\n=\r\n'),
            ('SET s abc', b'+OK\r\n'),
            ('BITFIELD s SET u4 22 15 GET u8 #2', b'*2\r\n:12\r\n:99\r\n'),
            ('GET s', b'$4\r\nabc\xc0\r\n'),
            ('BITFIELD n INCRBY u8 #2 300 GET u8 16', b'*2\r\n:44\r\n:44\r\n'),
            ('GET n', b'$3\r\n\x00\x00,\r\n'),
            ('BITFIELD n2 GET u8 100 SET u8 0 1 GET u8 100 GET i64 60', b'*4\r\n:0\r\n:0\r\n:0\r\n:0\r\n'),
            ('GET n2', b'$1\r\n\x01\r\n'),
            ('BITFIELD n4 SET i37 5 -123456789 GET i37 5 GET u37 5 INCRBY i37 5 987654321 GET u3 40 SET u7 #3 99', b'*6\r\n:0\r\n:-123456789\r\n:137315496683\r\n:864197532\r\n:0\r\n:10\r\n'),
            ('GET n4', b'$6\r\n\x00\x0c\xe66\xe7\x00\r\n'),
            ('BITFIELD b SET i1 0 1 GET i1 0 SET u1 0 1 GET u1 0', b'*4\r\n:0\r\n:-1\r\n:1\r\n:1\r\n'),
        )

    def test_bitfield_overflow(self):
        """OVERFLOW WRAP/SAT/FAIL, applying to the operations after it."""
        self.script(
            ('BITFIELD k SET i8 0 100', b'*1\r\n:0\r\n'),
            ('BITFIELD k OVERFLOW SAT INCRBY i8 0 100', b'*1\r\n:127\r\n'),
            ('BITFIELD k OVERFLOW FAIL INCRBY i8 0 1', b'*1\r\n$-1\r\n'),
            ('BITFIELD k OVERFLOW WRAP INCRBY i8 0 1', b'*1\r\n:-128\r\n'),
            ('BITFIELD k OVERFLOW SAT INCRBY i8 0 -1000', b'*1\r\n:-128\r\n'),
            ('BITFIELD k OVERFLOW SAT SET i8 0 -200', b'*1\r\n:-128\r\n'),
            ('BITFIELD k OVERFLOW WRAP SET i8 0 -200', b'*1\r\n:-128\r\n'),
            ('BITFIELD k OVERFLOW FAIL SET i8 0 -200', b'*1\r\n$-1\r\n'),
            ('BITFIELD k OVERFLOW SAT SET u8 0 -1', b'*1\r\n:56\r\n'),
            ('BITFIELD k OVERFLOW WRAP SET u8 0 -1', b'*1\r\n:255\r\n'),
            ('BITFIELD k OVERFLOW WRAP SET u8 0 -255', b'*1\r\n:255\r\n'),
            ('BITFIELD k OVERFLOW SAT SET u8 0 300', b'*1\r\n:1\r\n'),
            ('BITFIELD k OVERFLOW FAIL SET u8 0 300', b'*1\r\n$-1\r\n'),
            ('BITFIELD k OVERFLOW SAT INCRBY u8 0 -1000', b'*1\r\n:0\r\n'),
            ('BITFIELD k OVERFLOW WRAP INCRBY u8 0 -1000', b'*1\r\n:24\r\n'),
            ('BITFIELD k OVERFLOW SAT INCRBY u8 0 9223372036854775807', b'*1\r\n:255\r\n'),
            ('BITFIELD k OVERFLOW WRAP INCRBY u8 0 9223372036854775807', b'*1\r\n:254\r\n'),
            ('BITFIELD k OVERFLOW SAT INCRBY u8 0 -9223372036854775808', b'*1\r\n:0\r\n'),
            ('BITFIELD k OVERFLOW WRAP INCRBY u8 0 -9223372036854775808', b'*1\r\n:0\r\n'),
            ('BITFIELD k OVERFLOW FAIL SET u8 0 255 INCRBY u8 0 1 OVERFLOW WRAP INCRBY u8 0 1 OVERFLOW SAT INCRBY u8 0 -3', b'*4\r\n:0\r\n$-1\r\n:0\r\n:0\r\n'),
            ('BITFIELD k OVERFLOW SAT SET i1 0 1 GET i1 0', b'*2\r\n:0\r\n:0\r\n'),
            ('BITFIELD k OVERFLOW SAT INCRBY i1 0 1 INCRBY i1 0 -5 GET i1 0', b'*3\r\n:0\r\n:-1\r\n:-1\r\n'),
        )

    def test_bitfield_64_bit_limits(self):
        """i64 and u63 fields at the 64-bit limits, including SET of values near INT64_MIN."""
        self.script(
            ('BITFIELD k SET i64 0 9223372036854775807', b'*1\r\n:0\r\n'),
            ('BITFIELD k OVERFLOW SAT INCRBY i64 0 1', b'*1\r\n:9223372036854775807\r\n'),
            ('BITFIELD k OVERFLOW WRAP INCRBY i64 0 1', b'*1\r\n:-9223372036854775808\r\n'),
            ('BITFIELD k OVERFLOW SAT INCRBY i64 0 -1', b'*1\r\n:-9223372036854775808\r\n'),
            ('BITFIELD k OVERFLOW FAIL INCRBY i64 0 -1', b'*1\r\n$-1\r\n'),
            ('BITFIELD k OVERFLOW WRAP INCRBY i64 0 -9223372036854775808', b'*1\r\n:0\r\n'),
            ('BITFIELD k OVERFLOW SAT INCRBY i64 0 9223372036854775807', b'*1\r\n:9223372036854775807\r\n'),
            ('BITFIELD k OVERFLOW SAT INCRBY i64 0 9223372036854775807', b'*1\r\n:9223372036854775807\r\n'),
            ('BITFIELD k GET u63 0 GET i64 0', b'*2\r\n:4611686018427387903\r\n:9223372036854775807\r\n'),
            ('BITFIELD k SET u63 0 9223372036854775807', b'*1\r\n:4611686018427387903\r\n'),
            ('BITFIELD k GET u63 0 GET i64 0', b'*2\r\n:9223372036854775807\r\n:-1\r\n'),
            ('BITFIELD k OVERFLOW SAT INCRBY u63 0 1', b'*1\r\n:9223372036854775807\r\n'),
            ('BITFIELD k OVERFLOW WRAP INCRBY u63 0 1', b'*1\r\n:0\r\n'),
            ('BITFIELD k OVERFLOW SAT INCRBY u63 0 -9223372036854775808', b'*1\r\n:0\r\n'),
            ('BITFIELD k OVERFLOW WRAP INCRBY u63 1 -9223372036854775808', b'*1\r\n:1\r\n'),
            ('BITFIELD k OVERFLOW FAIL SET u63 1 -1', b'*1\r\n$-1\r\n'),
            ('BITFIELD k OVERFLOW SAT SET i8 0 -9223372036854775808', b'*1\r\n:0\r\n'),
            ('BITFIELD k GET i8 0', b'*1\r\n:127\r\n'),
            ('BITFIELD k OVERFLOW SAT SET i8 0 -9223372036854775680', b'*1\r\n:127\r\n'),
            ('BITFIELD k GET i8 0', b'*1\r\n:-128\r\n'),
            ('BITFIELD k OVERFLOW SAT SET i8 0 -9223372036854775679', b'*1\r\n:-128\r\n'),
            ('BITFIELD k GET i8 0', b'*1\r\n:-128\r\n'),
            ('BITFIELD k OVERFLOW SAT SET i63 1 -9223372036854775808', b'*1\r\n:1\r\n'),
            ('BITFIELD k OVERFLOW WRAP SET i63 1 -9223372036854775808', b'*1\r\n:4611686018427387903\r\n'),
            ('BITFIELD k OVERFLOW SAT SET i63 1 9223372036854775807', b'*1\r\n:0\r\n'),
            ('BITFIELD k OVERFLOW WRAP SET i63 1 9223372036854775807', b'*1\r\n:4611686018427387903\r\n'),
        )

    def test_bitfield_type_errors(self):
        """Field types: i1..i64 and u1..u63, lower case only."""
        self.script(
            ('BITFIELD k GET x8 0', b'-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n'),
            ('BITFIELD k GET u64 0', b'-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n'),
            ('BITFIELD k GET i64 0', b'*1\r\n:0\r\n'),
            ('BITFIELD k GET i65 0', b'-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n'),
            ('BITFIELD k GET u0 0', b'-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n'),
            ('BITFIELD k GET i0 0', b'-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n'),
            ('BITFIELD k GET u 0', b'-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n'),
            (('BITFIELD', 'k', 'GET', b'', '0'), b'-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n'),
            ('BITFIELD k GET u08 0', b'-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n'),
            ('BITFIELD k GET u+8 0', b'-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n'),
            ('BITFIELD k GET U8 0', b'-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n'),
            ('BITFIELD k GET I8 0', b'-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n'),
            (('BITFIELD', 'k', 'GET', b'i8\x00junk', '0'), b'*1\r\n:0\r\n'),
            ('BITFIELD k GET i-8 0', b'-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n'),
        )

    def test_bitfield_offset_errors(self):
        """Field offsets: plain bit numbers or #N (N fields of the type), within proto-max-bulk-len."""
        self.script(
            ('BITFIELD k GET u8 -1', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('BITFIELD k GET u8 abc', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('BITFIELD k GET u8 #-1', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('BITFIELD k GET u8 #1', b'*1\r\n:0\r\n'),
            ('BITFIELD k GET u8 ##1', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('BITFIELD k GET u8 #', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('BITFIELD k GET u8 4294967296', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('BITFIELD k GET u8 4294967295', b'*1\r\n:0\r\n'),
            ('BITFIELD k GET u8 #536870912', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('BITFIELD k GET u8 #536870911', b'*1\r\n:0\r\n'),
            ('BITFIELD k GET u8 #1152921504606846976', b'-ERR bit offset is not an integer or out of range\r\n'),
            ('BITFIELD k GET u8 #2305843009213693952', b'*1\r\n:0\r\n'),
            ('BITFIELD k GET u16 #1152921504606846976', b'*1\r\n:0\r\n'),
            ('GET k', b'$-1\r\n'),
        )

    def test_bitfield_syntax_errors(self):
        """BITFIELD's subcommands need all their arguments; errors leave the key alone."""
        self.script(
            ('BITFIELD k bad', b'-ERR syntax error\r\n'),
            ('BITFIELD k GET', b'-ERR syntax error\r\n'),
            ('BITFIELD k GET u8', b'-ERR syntax error\r\n'),
            ('BITFIELD k SET u8 0', b'-ERR syntax error\r\n'),
            ('BITFIELD k SET u8 0 abc', b'-ERR value is not an integer or out of range\r\n'),
            ('BITFIELD k SET u8 0 1 GET', b'-ERR syntax error\r\n'),
            ('BITFIELD k INCRBY u8 0 1 OVERFLOW', b'-ERR syntax error\r\n'),
            ('BITFIELD k OVERFLOW bad', b'-ERR Invalid OVERFLOW type specified\r\n'),
            ('BITFIELD k OVERFLOW', b'-ERR syntax error\r\n'),
            ('BITFIELD k OVERFLOW wrap', b'*0\r\n'),
            ('BITFIELD k OVERFLOW sat GET u8 0 OVERFLOW fail', b'*1\r\n:0\r\n'),
            ('BITFIELD k SET u8 0 1 bad', b'-ERR syntax error\r\n'),
            ('BITFIELD k SET u8 0 9223372036854775808', b'-ERR value is not an integer or out of range\r\n'),
            ('BITFIELD', b"-ERR wrong number of arguments for 'bitfield' command\r\n"),
            ('GET k', b'$-1\r\n'),
        )

    def test_bitfield_wrongtype(self):
        """BITFIELD checks the type only after parsing all of its arguments."""
        self.make_list(b'l')
        self.script(
            ('BITFIELD l GET u8 0', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('BITFIELD l SET u8 0 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('BITFIELD l GET u8 0 bad', b'-ERR syntax error\r\n'),
            ('BITFIELD l', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('BITFIELD_RO l GET u8 0', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('BITFIELD_RO l', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        )

    def test_bitfield_ro(self):
        """BITFIELD_RO refuses writes after parsing them."""
        self.script(
            ('SET k abc', b'+OK\r\n'),
            ('BITFIELD_RO k GET u8 0', b'*1\r\n:97\r\n'),
            ('BITFIELD_RO k SET u8 0 1', b'-ERR BITFIELD_RO only supports the GET subcommand\r\n'),
            ('BITFIELD_RO k SET u8 0 1 bad', b'-ERR syntax error\r\n'),
            ('BITFIELD_RO k INCRBY u8 0 1', b'-ERR BITFIELD_RO only supports the GET subcommand\r\n'),
            ('BITFIELD_RO k OVERFLOW sat', b'*0\r\n'),
            ('BITFIELD_RO nokey SET u8 0 1', b'-ERR BITFIELD_RO only supports the GET subcommand\r\n'),
            ('GET nokey', b'$-1\r\n'),
            ('BITFIELD_RO', b"-ERR wrong number of arguments for 'bitfield_ro' command\r\n"),
        )

    def test_bitfield_fail_creates_key(self):
        """A write that fails on overflow still creates the key it would have written."""
        self.script(
            ('BITFIELD n3 OVERFLOW FAIL INCRBY u2 0 10', b'*1\r\n$-1\r\n'),
            ('GET n3', b'$1\r\n\x00\r\n'),
        )

    def test_resp3_replies(self):
        """RESP3: BITFIELD's FAIL null."""
        self.client = self.server.session(resp=3)
        self.script(
            ('BITFIELD k OVERFLOW FAIL SET i8 0 -200 GET u8 0', b'*2\r\n_\r\n:0\r\n'),
            ('BITFIELD_RO nokey GET u8 0', b'*1\r\n:0\r\n'),
        )


class BitmapWriteTests(CoreTestCase):
    """Changes, events and propagation of the bitmap writes (checked against redis-server's AOF)."""

    def test_setbit_only_counts_real_changes(self):
        """SETBIT of a bit to its current value changes nothing, unless the string had to grow."""
        self.call("SET", "d", "x")
        del self.propagated[:], self.events[:]
        dirty = self.state.dirty
        self.call("SETBIT", "d", "0", "0")
        self.call("SETBIT", "d", "100", "0")
        self.call("SETBIT", "d", "100", "0")
        self.call("SETBIT", "d", "100", "1")
        self.call("SETBIT", "n", "5", "0")
        self.assertEqual(self.propagated, [
            [b"SETBIT", b"d", b"100", b"0"], [b"SETBIT", b"d", b"100", b"1"], [b"SETBIT", b"n", b"5", b"0"]])
        self.assertEqual(self.events, [("setbit", "$", b"d"), ("setbit", "$", b"d"), ("setbit", "$", b"n")])
        self.assertEqual(self.state.dirty, dirty + 3)

    def test_bitfield_counts_changed_fields(self):
        """Each SET/INCRBY that changes a field (or writes a grown string) is one change; FAIL and no-ops none."""
        dirty = self.state.dirty
        self.call("BITFIELD", "k", "SET", "u8", "0", "0", "SET", "u8", "8", "0")
        self.assertEqual(self.state.dirty, dirty + 2)
        self.call("BITFIELD", "k", "SET", "u8", "0", "0", "INCRBY", "u8", "8", "0", "GET", "u8", "0")
        self.call("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1000")
        self.assertEqual(self.state.dirty, dirty + 2)
        self.call(
            "BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1000", "INCRBY", "u8", "0", "1", "INCRBY", "u8", "8", "1"
        )
        self.assertEqual(self.state.dirty, dirty + 4)
        self.call("BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", "u8", "0", "1000")
        self.call("BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", "u8", "0", "1000")
        self.assertEqual(self.state.dirty, dirty + 5)
        self.assertEqual([argv[-1] for argv in self.propagated], [b"0", b"1", b"1000"])
        self.assertEqual({event for event, _, _ in self.events}, {"setbit"})
        self.assertEqual(len(self.events), 3)

    def test_bitfield_fail_creates_key_silently(self):
        """Like Redis, a BITFIELD whose only write failed leaves the new key unannounced and unpropagated."""
        self.assertEqual(self.call("BITFIELD", "n", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "10"), b"*1\r\n$-1\r\n")
        self.assertEqual(self.db.data[b"n"], bytearray(b"\0"))
        self.assertEqual((self.propagated, self.events), ([], []))

    def test_bitop_stores_or_deletes(self):
        """BITOP stores a result (event set) or, when every source is empty, deletes the target (event del)."""
        self.call("SET", "a", b"\xf0")
        del self.propagated[:], self.events[:]
        self.call("BITOP", "NOT", "d", "a")
        self.call("BITOP", "OR", "d", "nokey")
        self.call("BITOP", "OR", "d", "nokey")
        self.assertEqual(self.propagated, [[b"BITOP", b"NOT", b"d", b"a"], [b"BITOP", b"OR", b"d", b"nokey"]])
        self.assertEqual(self.events, [
            ("set", "$", b"d"), ("keymiss", "m", b"nokey"), ("del", "g", b"d"), ("keymiss", "m", b"nokey")])

    def test_ttls(self):
        """SETBIT and BITFIELD keep the key's TTL; BITOP's target loses it."""
        for key in (b"a", b"b", b"t"):
            self.call("SET", key, "x", "EX", "100")
        self.call("SETBIT", "a", "100", "1")
        self.call("BITFIELD", "b", "SET", "u8", "0", "1")
        self.call("BITOP", "OR", "t", "a")
        self.assertEqual(self.db.expires, {b"a": NOW + 100_000, b"b": NOW + 100_000})

    def test_expired_key_starts_empty(self):
        """A bitmap whose key has expired starts again from zero bytes."""
        self.call("SET", "k", b"\xff\xff", "PX", "5")
        self.server.advance(5)
        self.assertEqual(self.call("SETBIT", "k", "3", "1"), b":0\r\n")
        self.assertEqual(self.call("GET", "k"), b"$1\r\n\x10\r\n")

    def test_values_become_raw(self):
        """Bit writes turn the value into a bytearray of its own; BITOP stores one too."""
        self.call("SET", "a", "x")
        self.call("SETBIT", "a", "0", "0")
        self.call("BITOP", "AND", "d", "a")
        self.assertIs(type(self.db.data[b"a"]), bytearray)
        self.assertIs(type(self.db.data[b"d"]), bytearray)
        self.assertIsNot(self.db.data[b"a"], self.db.data[b"d"])

    def test_read_only_bitfield_is_a_read(self):
        """BITFIELD with only GETs is a read: no change and a keyspace miss for a missing key."""
        self.call("BITFIELD", "k", "GET", "u8", "0")
        self.assertEqual((self.propagated, self.events), ([], [("keymiss", "m", b"k")]))
        self.assertNotIn(b"k", self.db.data)


class BitmapCommandTableTests(SynchronousTestCase):
    """Arity, flags, key positions and group as COMMAND INFO / DOCS of redis-server 7.0.15 list them."""

    EXPECTED: ClassVar[dict[str, tuple]] = {
        "setbit": (4, "write denyoom", (1, 1, 1), "2.2.0"),
        "getbit": (3, "readonly fast", (1, 1, 1), "2.2.0"),
        "bitcount": (-2, "readonly", (1, 1, 1), "2.6.0"),
        "bitpos": (-3, "readonly", (1, 1, 1), "2.8.7"),
        "bitop": (-4, "write denyoom", (2, -1, 1), "2.6.0"),
        "bitfield": (-2, "write denyoom", (1, 1, 1), "3.2.0"),
        "bitfield_ro": (-2, "readonly fast", (1, 1, 1), "6.0.0"),
    }

    def test_specs(self):
        """Each bitmap command is declared as Redis declares it."""
        for name, (arity, flags, keys, since) in self.EXPECTED.items():
            spec = TABLE.commands[name.encode()]
            self.assertEqual(
                (spec.arity, spec.flags, (spec.first_key, spec.last_key, spec.step), spec.group, spec.since),
                (arity, frozenset(flags.split()), keys, "bitmap", since),
                name,
            )

    def test_bitop_keys(self):
        """BITOP's keys are the target and every source, after the operation name."""
        spec = TABLE.commands[b"bitop"]
        self.assertEqual(spec.key_positions([b"BITOP", b"AND", b"d", b"a", b"b"]), [2, 3, 4])
