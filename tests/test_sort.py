"""
SORT and SORT_RO through the core with a fake clock.

Expected replies in L{SCRIPTS} were recorded from redis-server 7.0.15 (Debian's
build), each script on an empty server. Redis tests strtod's errno without
clearing it first, so one out-of-range value can make later sorts fail too;
the scripts run INCRBYFLOAT (which clears errno) before each conversion whose
outcome they record, so that the recorded replies do not depend on that.
"""

from __future__ import annotations

import shlex

from twisted.trial.unittest import SynchronousTestCase

from tests._core import CoreServer
from tests.test_strings import CoreTestCase
from txredisd.core.commands.sort import strtod

SCRIPTS: dict[str, list[tuple[str, bytes]]] = {
    'by': [
        ('RPUSH l a b c d', b':4\r\n'),
        ('MSET w_a 3 w_b 1 w_c 2', b'+OK\r\n'),
        ('SORT l BY w_*', b'*4\r\n$1\r\nd\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n'),
        ('SORT l BY w_* DESC', b'*4\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\nd\r\n'),
        ('SORT l BY w_* LIMIT 1 2', b'*2\r\n$1\r\nb\r\n$1\r\nc\r\n'),
        ('SORT l BY w_* ALPHA', b'*4\r\n$1\r\nd\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n'),
        ('MSET v_a x v_b y', b'+OK\r\n'),
        ('SORT l BY v_* ALPHA', b'*4\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n'),
        ('SORT l BY v_* ALPHA DESC', b'*4\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nd\r\n'),
        ('SORT l BY v_*', b"-ERR One or more scores can't be converted into double\r\n"),
        ('SORT l BY w_*x', b'*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
        ('SORT l BY nosort BY w_*', b'*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
        ('SORT l BY w_* BY nosort', b'*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
    ],
    'by_hash': [
        ('RPUSH l a b c', b':3\r\n'),
        ('HSET h_a f 3 g x', b':2\r\n'),
        ('HSET h_b f 1', b':1\r\n'),
        ('HSET h_c f 2', b':1\r\n'),
        ('SORT l BY h_*->f', b'*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n'),
        ('SORT l BY h_*->f DESC GET h_*->f', b'*3\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n'),
        ('SORT l BY h_*->g', b"-ERR One or more scores can't be converted into double\r\n"),
        ('SORT l BY h_*-> ', b'*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n'),
        ('SORT l BY h_*->', b'*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n'),
        ('SET h_d v', b'+OK\r\n'),
        ('RPUSH l d', b':4\r\n'),
        ('SORT l BY h_*->f GET # GET h_*->f', b'*8\r\n$1\r\nd\r\n$-1\r\n$1\r\nb\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n3\r\n'),
        ('SORT l BY w_*->f GET h_*->missing', b'*4\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n'),
    ],
    'by_hash_resp3': [
        ('RPUSH l a b c', b':3\r\n'),
        ('HSET h_a f 3 g x', b':2\r\n'),
        ('HSET h_b f 1', b':1\r\n'),
        ('HSET h_c f 2', b':1\r\n'),
        ('SORT l BY h_*->f', b'*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n'),
        ('SORT l BY h_*->f DESC GET h_*->f', b'*3\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n'),
        ('SORT l BY h_*->g', b"-ERR One or more scores can't be converted into double\r\n"),
        ('SORT l BY h_*-> ', b'*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n'),
        ('SORT l BY h_*->', b'*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n'),
        ('SET h_d v', b'+OK\r\n'),
        ('RPUSH l d', b':4\r\n'),
        ('SORT l BY h_*->f GET # GET h_*->f', b'*8\r\n$1\r\nd\r\n_\r\n$1\r\nb\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n3\r\n'),
        ('SORT l BY w_*->f GET h_*->missing', b'*4\r\n_\r\n_\r\n_\r\n_\r\n'),
    ],
    'errors': [
        ('SORT', b"-ERR wrong number of arguments for 'sort' command\r\n"),
        ('SORT_RO', b"-ERR wrong number of arguments for 'sort_ro' command\r\n"),
        ('RPUSH l 1 2', b':2\r\n'),
        ('SORT l LIMIT 1', b'-ERR syntax error\r\n'),
        ('SORT l LIMIT x 1', b'-ERR value is not an integer or out of range\r\n'),
        ('SORT l LIMIT 1 x', b'-ERR value is not an integer or out of range\r\n'),
        ('SORT l foo', b'-ERR syntax error\r\n'),
        ('SORT l BY', b'-ERR syntax error\r\n'),
        ('SORT l GET', b'-ERR syntax error\r\n'),
        ('SORT l ASC DESC foo', b'-ERR syntax error\r\n'),
        ('SORT_RO l STORE d', b'-ERR syntax error\r\n'),
        ('SORT_RO l STORE', b'-ERR syntax error\r\n'),
        ('SET str v', b'+OK\r\n'),
        ('SORT str', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SORT str LIMIT x y', b'-ERR value is not an integer or out of range\r\n'),
        ('SORT str foo', b'-ERR syntax error\r\n'),
        ('SORT_RO str', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('HSET h f v', b':1\r\n'),
        ('SORT h', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('SORT l STORE str', b':2\r\n'),
        ('TYPE str', b'+list\r\n'),
    ],
    'get': [
        ('RPUSH l 2 1 3', b':3\r\n'),
        ('MSET o_1 one o_2 two k o', b'+OK\r\n'),
        ('HSET x_3 n three', b':1\r\n'),
        ('SORT l GET o_*', b'*3\r\n$3\r\none\r\n$3\r\ntwo\r\n$-1\r\n'),
        ('SORT l GET # GET o_*', b'*6\r\n$1\r\n1\r\n$3\r\none\r\n$1\r\n2\r\n$3\r\ntwo\r\n$1\r\n3\r\n$-1\r\n'),
        ('SORT l GET o_* GET x_*->n GET k GET #', b'*12\r\n$3\r\none\r\n$-1\r\n$-1\r\n$1\r\n1\r\n$3\r\ntwo\r\n$-1\r\n$-1\r\n$1\r\n2\r\n$-1\r\n$5\r\nthree\r\n$-1\r\n$1\r\n3\r\n'),
        ('SORT l GET', b'-ERR syntax error\r\n'),
        ('SORT l BY nosort GET o_* DESC', b'*3\r\n$-1\r\n$3\r\none\r\n$3\r\ntwo\r\n'),
        ('RPUSH lst x', b':1\r\n'),
        ('SET o_3 three', b'+OK\r\n'),
        ('SORT l GET x_*', b'*3\r\n$-1\r\n$-1\r\n$-1\r\n'),
        ('SORT l LIMIT 1 1 GET # GET #', b'*2\r\n$1\r\n2\r\n$1\r\n2\r\n'),
    ],
    'get_resp3': [
        ('RPUSH l 2 1 3', b':3\r\n'),
        ('MSET o_1 one o_2 two k o', b'+OK\r\n'),
        ('HSET x_3 n three', b':1\r\n'),
        ('SORT l GET o_*', b'*3\r\n$3\r\none\r\n$3\r\ntwo\r\n_\r\n'),
        ('SORT l GET # GET o_*', b'*6\r\n$1\r\n1\r\n$3\r\none\r\n$1\r\n2\r\n$3\r\ntwo\r\n$1\r\n3\r\n_\r\n'),
        ('SORT l GET o_* GET x_*->n GET k GET #', b'*12\r\n$3\r\none\r\n_\r\n_\r\n$1\r\n1\r\n$3\r\ntwo\r\n_\r\n_\r\n$1\r\n2\r\n_\r\n$5\r\nthree\r\n_\r\n$1\r\n3\r\n'),
        ('SORT l GET', b'-ERR syntax error\r\n'),
        ('SORT l BY nosort GET o_* DESC', b'*3\r\n_\r\n$3\r\none\r\n$3\r\ntwo\r\n'),
        ('RPUSH lst x', b':1\r\n'),
        ('SET o_3 three', b'+OK\r\n'),
        ('SORT l GET x_*', b'*3\r\n_\r\n_\r\n_\r\n'),
        ('SORT l LIMIT 1 1 GET # GET #', b'*2\r\n$1\r\n2\r\n$1\r\n2\r\n'),
    ],
    'getkeys': [
        ('COMMAND GETKEYS SORT a', b'*1\r\n$1\r\na\r\n'),
        ('COMMAND GETKEYS SORT a STORE dst', b'*2\r\n$1\r\na\r\n$3\r\ndst\r\n'),
        ('COMMAND GETKEYS SORT a BY x_* GET y STORE d', b'*2\r\n$1\r\na\r\n$1\r\nd\r\n'),
        ('COMMAND GETKEYS SORT a GET store d', b'*1\r\n$1\r\na\r\n'),
        ('COMMAND GETKEYS SORT a store d store e', b'*2\r\n$1\r\na\r\n$1\r\ne\r\n'),
        ('COMMAND GETKEYS SORT a LIMIT store 1 STORE z', b'*2\r\n$1\r\na\r\n$1\r\nz\r\n'),
        ('COMMAND GETKEYS SORT a STORE', b'*1\r\n$1\r\na\r\n'),
        ('COMMAND GETKEYS SORT_RO a STORE d', b'*1\r\n$1\r\na\r\n'),
        ('COMMAND GETKEYSANDFLAGS SORT a STORE dst', b'*2\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$3\r\ndst\r\n*2\r\n+OW\r\n+update\r\n'),
        ('COMMAND GETKEYSANDFLAGS SORT_RO a BY x', b'*1\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n'),
    ],
    'getkeys_resp3': [
        ('COMMAND GETKEYS SORT a', b'*1\r\n$1\r\na\r\n'),
        ('COMMAND GETKEYS SORT a STORE dst', b'*2\r\n$1\r\na\r\n$3\r\ndst\r\n'),
        ('COMMAND GETKEYS SORT a BY x_* GET y STORE d', b'*2\r\n$1\r\na\r\n$1\r\nd\r\n'),
        ('COMMAND GETKEYS SORT a GET store d', b'*1\r\n$1\r\na\r\n'),
        ('COMMAND GETKEYS SORT a store d store e', b'*2\r\n$1\r\na\r\n$1\r\ne\r\n'),
        ('COMMAND GETKEYS SORT a LIMIT store 1 STORE z', b'*2\r\n$1\r\na\r\n$1\r\nz\r\n'),
        ('COMMAND GETKEYS SORT a STORE', b'*1\r\n$1\r\na\r\n'),
        ('COMMAND GETKEYS SORT_RO a STORE d', b'*1\r\n$1\r\na\r\n'),
        ('COMMAND GETKEYSANDFLAGS SORT a STORE dst', b'*2\r\n*2\r\n$1\r\na\r\n~2\r\n+RO\r\n+access\r\n*2\r\n$3\r\ndst\r\n~2\r\n+OW\r\n+update\r\n'),
        ('COMMAND GETKEYSANDFLAGS SORT_RO a BY x', b'*1\r\n*2\r\n$1\r\na\r\n~2\r\n+RO\r\n+access\r\n'),
    ],
    'not_numbers': [
        ('RPUSH l 2 x 1', b':3\r\n'),
        ('SORT l', b"-ERR One or more scores can't be converted into double\r\n"),
        ('SORT l ALPHA', b'*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\nx\r\n'),
        ('SORT l ALPHA DESC', b'*3\r\n$1\r\nx\r\n$1\r\n2\r\n$1\r\n1\r\n'),
        ('SORT l LIMIT 0 1', b"-ERR One or more scores can't be converted into double\r\n"),
        ('SORT l BY nosort', b'*3\r\n$1\r\n2\r\n$1\r\nx\r\n$1\r\n1\r\n'),
        ('SORT l BY nosort DESC', b'*3\r\n$1\r\n1\r\n$1\r\nx\r\n$1\r\n2\r\n'),
        ('SORT l ALPHA LIMIT 1 1', b'*1\r\n$1\r\n2\r\n'),
    ],
    'numeric': [
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ('RPUSH l 3 1 2 10 -1.5 0x10', b':6\r\n'),
        ('SORT l', b'*6\r\n$4\r\n-1.5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n$4\r\n0x10\r\n'),
        ('SORT l DESC', b'*6\r\n$4\r\n0x10\r\n$2\r\n10\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n$4\r\n-1.5\r\n'),
        ('SORT l ASC', b'*6\r\n$4\r\n-1.5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n$4\r\n0x10\r\n'),
        ('SORT l LIMIT 1 2', b'*2\r\n$1\r\n1\r\n$1\r\n2\r\n'),
        ('SORT l LIMIT 1 -1', b'*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$2\r\n10\r\n$4\r\n0x10\r\n'),
        ('SORT l LIMIT -5 2', b'*2\r\n$4\r\n-1.5\r\n$1\r\n1\r\n'),
        ('SORT l LIMIT 10 2', b'*0\r\n'),
        ('SORT l LIMIT 0 0', b'*0\r\n'),
        ('SORT l desc limit 0 3', b'*3\r\n$4\r\n0x10\r\n$2\r\n10\r\n$1\r\n3\r\n'),
        ('SORT_RO l DESC LIMIT 1 2', b'*2\r\n$2\r\n10\r\n$1\r\n3\r\n'),
        ('SORT missing', b'*0\r\n'),
        ('SORT missing DESC LIMIT 0 5', b'*0\r\n'),
    ],
    'sets': [
        ('SADD s 5 3 9 1', b':4\r\n'),
        ('SORT s', b'*4\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n$1\r\n9\r\n'),
        ('SORT s DESC LIMIT 1 2', b'*2\r\n$1\r\n5\r\n$1\r\n3\r\n'),
        ('SORT s BY nosort', b'*4\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n$1\r\n9\r\n'),
        ('SORT s BY nosort DESC', b'*4\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n$1\r\n9\r\n'),
        ('SORT s BY nosort LIMIT 1 2', b'*2\r\n$1\r\n3\r\n$1\r\n5\r\n'),
        ('SORT s BY nosort STORE d', b':4\r\n'),
        ('LRANGE d 0 -1', b'*4\r\n$1\r\n1\r\n$1\r\n3\r\n$1\r\n5\r\n$1\r\n9\r\n'),
        ('SADD t b c a', b':3\r\n'),
        ('SORT t ALPHA', b'*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n'),
        ('SORT t', b"-ERR One or more scores can't be converted into double\r\n"),
        ('SORT t BY nosort STORE d LIMIT 0 2', b':2\r\n'),
        ('LRANGE d 0 -1', b'*2\r\n$1\r\na\r\n$1\r\nb\r\n'),
        ('SORT t BY nosort DESC STORE d', b':3\r\n'),
        ('LRANGE d 0 -1', b'*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n'),
        ('SADD n 10 9 100', b':3\r\n'),
        ('SORT n BY nosort STORE d', b':3\r\n'),
        ('LRANGE d 0 -1', b'*3\r\n$2\r\n10\r\n$3\r\n100\r\n$1\r\n9\r\n'),
    ],
    'store': [
        ('RPUSH l 3 1 2', b':3\r\n'),
        ('SET d old', b'+OK\r\n'),
        ('EXPIRE d 100', b':1\r\n'),
        ('SORT l STORE d', b':3\r\n'),
        ('TTL d', b':-1\r\n'),
        ('TYPE d', b'+list\r\n'),
        ('LRANGE d 0 -1', b'*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n'),
        ('SORT l STORE d GET nope_*', b':3\r\n'),
        ('LRANGE d 0 -1', b'*3\r\n$0\r\n\r\n$0\r\n\r\n$0\r\n\r\n'),
        ('OBJECT ENCODING d', b'$9\r\nquicklist\r\n'),
        ('SORT missing STORE d', b':0\r\n'),
        ('EXISTS d', b':0\r\n'),
        ('SORT missing STORE d', b':0\r\n'),
        ('SORT l STORE d LIMIT 5 1', b':0\r\n'),
        ('SORT l STORE l DESC', b':3\r\n'),
        ('LRANGE l 0 -1', b'*3\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n'),
        ('SORT l STORE a STORE b', b':3\r\n'),
        ('EXISTS a b', b':1\r\n'),
        ('SORT l LIMIT 0 0 STORE b', b':0\r\n'),
        ('EXISTS b', b':0\r\n'),
        ('SORT l STORE', b'-ERR syntax error\r\n'),
    ],
    'strtod': [
        ('RPUSH k a', b':1\r\n'),
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ("SET w_a ' 1'", b'+OK\r\n'),
        ('SORT k BY w_*', b'*1\r\n$1\r\na\r\n'),
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ('SET w_a 1e400', b'+OK\r\n'),
        ('SORT k BY w_*', b"-ERR One or more scores can't be converted into double\r\n"),
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ('SET w_a 1e-310', b'+OK\r\n'),
        ('SORT k BY w_*', b"-ERR One or more scores can't be converted into double\r\n"),
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ('SET w_a nan', b'+OK\r\n'),
        ('SORT k BY w_*', b"-ERR One or more scores can't be converted into double\r\n"),
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ("SET w_a '1 '", b'+OK\r\n'),
        ('SORT k BY w_*', b"-ERR One or more scores can't be converted into double\r\n"),
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ('SET w_a -INFINITY', b'+OK\r\n'),
        ('SORT k BY w_*', b'*1\r\n$1\r\na\r\n'),
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ('SET w_a 0x1p3', b'+OK\r\n'),
        ('SORT k BY w_*', b'*1\r\n$1\r\na\r\n'),
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ("SET w_a ''", b'+OK\r\n'),
        ('SORT k BY w_*', b'*1\r\n$1\r\na\r\n'),
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ('SET w_a 1e', b'+OK\r\n'),
        ('SORT k BY w_*', b"-ERR One or more scores can't be converted into double\r\n"),
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ('SET w_a 1_0', b'+OK\r\n'),
        ('SORT k BY w_*', b"-ERR One or more scores can't be converted into double\r\n"),
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ("SET w_a ' '", b'+OK\r\n'),
        ('SORT k BY w_*', b"-ERR One or more scores can't be converted into double\r\n"),
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ('SET w_a 0x', b'+OK\r\n'),
        ('SORT k BY w_*', b"-ERR One or more scores can't be converted into double\r\n"),
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ('SET w_a 1e-400', b'+OK\r\n'),
        ('SORT k BY w_*', b"-ERR One or more scores can't be converted into double\r\n"),
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ('SET w_a 0e-400', b'+OK\r\n'),
        ('SORT k BY w_*', b'*1\r\n$1\r\na\r\n'),
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ('SET w_a +.5e1', b'+OK\r\n'),
        ('SORT k BY w_*', b'*1\r\n$1\r\na\r\n'),
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ('SET w_a -0X1.8P1', b'+OK\r\n'),
        ('SORT k BY w_*', b'*1\r\n$1\r\na\r\n'),
    ],
    'ties': [
        ('INCRBYFLOAT errno 0', b'$1\r\n0\r\n'),
        ('RPUSH l b 1.0 a 1 01 c', b':6\r\n'),
        ('SORT l BY nosort', b'*6\r\n$1\r\nb\r\n$3\r\n1.0\r\n$1\r\na\r\n$1\r\n1\r\n$2\r\n01\r\n$1\r\nc\r\n'),
        ('RPUSH m 1.0 1 01 +1', b':4\r\n'),
        ('SORT m', b'*4\r\n$2\r\n+1\r\n$2\r\n01\r\n$1\r\n1\r\n$3\r\n1.0\r\n'),
        ('SORT m DESC', b'*4\r\n$3\r\n1.0\r\n$1\r\n1\r\n$2\r\n01\r\n$2\r\n+1\r\n'),
    ],
    'zsets': [
        ('ZADD z 3 a 1 b 2 c 0 d', b':4\r\n'),
        ('OBJECT ENCODING z', b'$8\r\nlistpack\r\n'),
        ('SORT z BY nosort', b'*4\r\n$1\r\nd\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n'),
        ('SORT z BY nosort DESC', b'*4\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\nd\r\n'),
        ('SORT z BY nosort LIMIT 1 2', b'*2\r\n$1\r\nb\r\n$1\r\nc\r\n'),
        ('SORT z BY nosort DESC LIMIT 1 2', b'*2\r\n$1\r\nc\r\n$1\r\nb\r\n'),
        ('OBJECT ENCODING z', b'$8\r\nskiplist\r\n'),
        ('ZADD y 1 x', b':1\r\n'),
        ('SORT y', b"-ERR One or more scores can't be converted into double\r\n"),
        ('OBJECT ENCODING y', b'$8\r\nskiplist\r\n'),
        ('ZADD n 1 10 2 9 3 8', b':3\r\n'),
        ('SORT n', b'*3\r\n$1\r\n8\r\n$1\r\n9\r\n$2\r\n10\r\n'),
        ('SORT n ALPHA', b'*3\r\n$2\r\n10\r\n$1\r\n8\r\n$1\r\n9\r\n'),
        ('SORT n BY nosort STORE d', b':3\r\n'),
        ('LRANGE d 0 -1', b'*3\r\n$2\r\n10\r\n$1\r\n9\r\n$1\r\n8\r\n'),
        ('ZADD q 5 x', b':1\r\n'),
        ('SORT q LIMIT 0 1', b"-ERR One or more scores can't be converted into double\r\n"),
        ('OBJECT ENCODING q', b'$8\r\nskiplist\r\n'),
    ],
}


class ScriptTests(SynchronousTestCase):
    """Replies (and error texts) byte for byte as redis-server 7.0.15 gives them."""

    def run_script(self, name: str) -> None:
        client = CoreServer().session(resp=3 if name.endswith("_resp3") else 2)
        for line, expected in SCRIPTS[name]:
            self.assertEqual(client.call(*shlex.split(line)), expected, line)

    def test_by(self) -> None:
        """BY weights, ALPHA on them, a missing weight as 0, and a constant BY (no '*') meaning no sort."""
        self.run_script('by')

    def test_by_hash(self) -> None:
        """BY/GET 'pattern->field' read hash fields; an empty field name makes a plain key pattern."""
        self.run_script('by_hash')

    def test_by_hash_resp3(self) -> None:
        """Missing GET values are RESP3 nulls."""
        self.run_script('by_hash_resp3')

    def test_errors(self) -> None:
        """Syntax, LIMIT and type errors, parsed before the key is looked at; SORT_RO refuses STORE."""
        self.run_script('errors')

    def test_get(self) -> None:
        """GET patterns, '#', repeated GETs, a pattern without '*', and GET with LIMIT."""
        self.run_script('get')

    def test_get_resp3(self) -> None:
        """The same GETs in RESP3."""
        self.run_script('get_resp3')

    def test_getkeys(self) -> None:
        """COMMAND GETKEYS finds the sorted key and the last STORE's argument, as sortGetKeys does."""
        self.run_script('getkeys')

    def test_getkeys_resp3(self) -> None:
        """The same key lookups in RESP3."""
        self.run_script('getkeys_resp3')

    def test_not_numbers(self) -> None:
        """A non-number fails a numeric sort but not ALPHA nor an unsorted (BY nosort) one."""
        self.run_script('not_numbers')

    def test_numeric(self) -> None:
        """Numeric order (hex and decimals read as strtod reads them), DESC, and every LIMIT edge."""
        self.run_script('numeric')

    def test_sets(self) -> None:
        """Sets sort numerically unless ALPHA; BY nosort keeps set order, but with STORE sorts ALPHA."""
        self.run_script('sets')

    def test_store(self) -> None:
        """STORE replaces any value and TTL with a list, deletes it on an empty result, last STORE wins."""
        self.run_script('store')

    def test_strtod(self) -> None:
        """What counts as a double: strtod's syntax, NaN and ERANGE (under- and overflow) are errors."""
        self.run_script('strtod')

    def test_ties(self) -> None:
        """Equal scores fall back to the elements' bytes, reversed by DESC; BY nosort keeps list order."""
        self.run_script('ties')

    def test_zsets(self) -> None:
        """BY nosort keeps score order (DESC and LIMIT applied to it); sorting leaves a skiplist."""
        self.run_script('zsets')


class ClusterTests(SynchronousTestCase):
    """A cluster node refuses patterns that read other keys (replies from a one-node redis-server cluster)."""

    def test_patterns_refused(self) -> None:
        """Any GET, and a BY with a '*', are errors as soon as they are parsed; a constant BY is allowed."""
        client = CoreServer(cluster_enabled="yes").session()
        steps = [
            ("RPUSH l 1 2", b":2\r\n"),
            ("SORT l BY w_*", b"-ERR BY option of SORT denied in Cluster mode.\r\n"),
            ("SORT l BY nosort", b"*2\r\n$1\r\n1\r\n$1\r\n2\r\n"),
            ("SORT l GET #", b"-ERR GET option of SORT denied in Cluster mode.\r\n"),
            ("SORT l BY w_* foo", b"-ERR BY option of SORT denied in Cluster mode.\r\n"),
            ("SORT l foo BY w_*", b"-ERR syntax error\r\n"),
            ("SORT_RO l GET o_*", b"-ERR GET option of SORT denied in Cluster mode.\r\n"),
            ("SORT l LIMIT 0 1 GET", b"-ERR syntax error\r\n"),
        ]
        for line, expected in steps:
            self.assertEqual(client.call(*line.split()), expected, line)

class StrtodTests(SynchronousTestCase):
    """The double reader on its own, for the cases the scripts cannot show."""

    def test_values(self) -> None:
        """Blanks before, hex with or without exponent, infinities; a NUL ends the text as in C."""
        cases = {b" \t1.5": 1.5, b"0x10": 16.0, b"-0x1.8p1": -3.0, b"InFiNiTy": float("inf"), b"": 0.0,
                 b"2\x00junk": 2.0, b"0e-400": 0.0, b"-0": 0.0}
        for text, value in cases.items():
            self.assertEqual(strtod(text), value, text)

    def test_rejected(self) -> None:
        """Trailing text, NaN, and results out of the normal double range are refused."""
        for text in (b"1 ", b"nan", b"1e400", b"-1e400", b"1e-310", b"0x1p-1074", b"0x1p2000", b"1e", b"0x", b" "):
            self.assertIsNone(strtod(text), text)


class EffectTests(CoreTestCase):
    """Keyspace events, the dirty counter and propagation of SORT ... STORE."""

    def test_store_effects(self) -> None:
        """STORE announces "sortstore" and counts the stored elements; an empty result deletes with "del"."""
        self.call("RPUSH", "l", "2", "1")
        self.call("SET", "d", "x")
        self.events.clear()
        before = self.state.dirty
        self.call("SORT", "l", "STORE", "d")
        self.assertEqual(self.state.dirty - before, 2)
        self.call("SORT", "missing", "STORE", "d")
        self.call("SORT", "missing", "STORE", "d")
        self.call("SORT", "l")
        writes = [event for event in self.events if event[1] != "m"]
        self.assertEqual(writes, [("sortstore", "l", b"d"), ("del", "g", b"d")])
        self.assertEqual(self.state.dirty - before, 3)

    def test_propagation(self) -> None:
        """SORT ... STORE reaches replicas as it came; a plain SORT and a no-op STORE do not."""
        self.call("RPUSH", "l", "2", "1")
        self.call("SORT", "l")
        self.call("SORT", "l", "STORE", "d")
        self.call("SORT", "missing", "STORE", "nothing")
        self.assertEqual(self.propagated, [[b"RPUSH", b"l", b"2", b"1"], [b"SORT", b"l", b"STORE", b"d"]])
