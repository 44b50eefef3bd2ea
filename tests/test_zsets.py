"""Sorted-set commands against replies recorded from Redis 7.0.15."""

import shlex

from twisted.trial.unittest import SynchronousTestCase

from tests._core import CoreServer


class ZSetTests(SynchronousTestCase):
    """Each test replays a script and compares every reply byte for byte."""

    def replay(self, steps, resp=2, **config):
        client = CoreServer(**config).session(resp)
        for line, expected in steps:
            self.assertEqual(client.call(*shlex.split(line)), expected, line)

    def test_zadd_flags(self):
        """ZADD's NX/XX/GT/LT/CH/INCR combinations and what each replies."""
        steps = [
            ('ZADD z 1 a 2 b 3 c', b':3\r\n'),
            ('ZADD z NX 5 a 6 d', b':1\r\n'),
            ('ZADD z XX CH 7 a 8 e', b':1\r\n'),
            ('ZADD z GT CH 1 a 9 b', b':1\r\n'),
            ('ZADD z LT 0 a', b':0\r\n'),
            ('ZADD z INCR 1 a', b'$1\r\n1\r\n'),
            ('ZADD z NX INCR 1 a', b'$-1\r\n'),
            ('ZADD z GT INCR -1 a', b'$-1\r\n'),
            ('ZADD z INCR 0 a', b'$1\r\n1\r\n'),
            ('ZADD z CH 1 a', b':0\r\n'),
            ('ZADD nokey XX 1 a', b':0\r\n'),
            ('ZADD nokey XX INCR 1 a', b'$-1\r\n'),
            ('EXISTS nokey', b':0\r\n'),
        ]
        self.replay(steps, 2)

    def test_zadd_errors(self):
        """ZADD's option conflicts, pair count and score parsing errors, checked before the key."""
        steps = [
            ('SET s v', b'+OK\r\n'),
            ('ZADD s NX XX 1 a', b'-ERR XX and NX options at the same time are not compatible\r\n'),
            ('ZADD s GT LT 1 a', b'-ERR GT, LT, and/or NX options at the same time are not compatible\r\n'),
            ('ZADD s NX GT 1 a', b'-ERR GT, LT, and/or NX options at the same time are not compatible\r\n'),
            ('ZADD s INCR 1 a 2 b', b'-ERR INCR option supports a single increment-element pair\r\n'),
            ('ZADD s 1', b"-ERR wrong number of arguments for 'zadd' command\r\n"),
            ('ZADD s 1 a 2', b'-ERR syntax error\r\n'),
            ('ZADD s abc a', b'-ERR value is not a valid float\r\n'),
            ('ZADD s nan a', b'-ERR value is not a valid float\r\n'),
            ('ZADD s 1e400 a', b'-ERR value is not a valid float\r\n'),
            ("ZADD s ' 1' a", b'-ERR value is not a valid float\r\n'),
            ('ZADD s 1 a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('ZADD z CH', b"-ERR wrong number of arguments for 'zadd' command\r\n"),
            ('ZADD z', b"-ERR wrong number of arguments for 'zadd' command\r\n"),
        ]
        self.replay(steps, 2)

    def test_scores_print_like_redis(self):
        """Scores print %.17g, with inf, hex input and the listpack's unsigned zero."""
        steps = [
            ('ZADD z 1.1 a inf b -inf c 0x10 d -0 e', b':5\r\n'),
            ('ZSCORE z a', b'$18\r\n1.1000000000000001\r\n'),
            ('ZSCORE z b', b'$3\r\ninf\r\n'),
            ('ZSCORE z c', b'$4\r\n-inf\r\n'),
            ('ZSCORE z d', b'$2\r\n16\r\n'),
            ('ZSCORE z e', b'$1\r\n0\r\n'),
            ('ZADD z INCR -inf b', b'-ERR resulting score is not a number (NaN)\r\n'),
            ('ZINCRBY z 1 nope', b'$1\r\n1\r\n'),
            ('ZINCRBY z x a', b'-ERR value is not a valid float\r\n'),
            ('ZINCRBY z 2.5 a', b'$18\r\n3.6000000000000001\r\n'),
        ]
        self.replay(steps, 2)

    def test_resp3_doubles(self):
        """RESP3 gets doubles and member/score pairs."""
        steps = [
            ('ZADD z 1.5 a 2 b', b':2\r\n'),
            ('ZSCORE z a', b',1.5\r\n'),
            ('ZMSCORE z a x', b'*2\r\n,1.5\r\n_\r\n'),
            ('ZRANGE z 0 -1 WITHSCORES', b'*2\r\n*2\r\n$1\r\na\r\n,1.5\r\n*2\r\n$1\r\nb\r\n,2\r\n'),
            ('ZPOPMIN z', b'*2\r\n$1\r\na\r\n,1.5\r\n'),
            ('ZPOPMAX z 1', b'*1\r\n*2\r\n$1\r\nb\r\n,2\r\n'),
            ('ZINCRBY z 1 c', b',1\r\n'),
        ]
        self.replay(steps, 3)

    def test_reads(self):
        """ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK on present and missing keys and members."""
        steps = [
            ('ZADD z 1 a 2 b 3 c', b':3\r\n'),
            ('ZCARD z', b':3\r\n'),
            ('ZCARD nokey', b':0\r\n'),
            ('ZSCORE z b', b'$1\r\n2\r\n'),
            ('ZSCORE z x', b'$-1\r\n'),
            ('ZSCORE nokey a', b'$-1\r\n'),
            ('ZMSCORE z a x c', b'*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n3\r\n'),
            ('ZMSCORE nokey a', b'*1\r\n$-1\r\n'),
            ('ZRANK z c', b':2\r\n'),
            ('ZREVRANK z c', b':0\r\n'),
            ('ZRANK z x', b'$-1\r\n'),
            ('ZRANK nokey a', b'$-1\r\n'),
            ('SET s v', b'+OK\r\n'),
            ('ZCARD s', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('ZSCORE s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('ZRANK s a', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ]
        self.replay(steps, 2)

    def test_zrem(self):
        """ZREM counts distinct removals and deletes the emptied key."""
        steps = [
            ('ZADD z 1 a 2 b', b':2\r\n'),
            ('ZREM z a a x', b':1\r\n'),
            ('ZREM nokey a', b':0\r\n'),
            ('ZREM z b', b':1\r\n'),
            ('EXISTS z', b':0\r\n'),
        ]
        self.replay(steps, 2)

    def test_zcount(self):
        """ZCOUNT's exclusive bounds, infinities, strtod leniencies and error."""
        steps = [
            ('ZADD z 1 a 2 b 3 c', b':3\r\n'),
            ('ZCOUNT z -inf +inf', b':3\r\n'),
            ('ZCOUNT z (1 3', b':2\r\n'),
            ('ZCOUNT z 1 (3', b':2\r\n'),
            ('ZCOUNT z 3 1', b':0\r\n'),
            ("ZCOUNT z ' 1' 2", b':2\r\n'),
            ('ZCOUNT z ( 2', b':2\r\n'),
            ('ZCOUNT z x 1', b'-ERR min or max is not a float\r\n'),
            ("ZCOUNT z '1 ' 2", b'-ERR min or max is not a float\r\n'),
            ('ZCOUNT nokey 0 1', b':0\r\n'),
        ]
        self.replay(steps, 2)

    def test_zrange_by_rank(self):
        """ZRANGE/ZREVRANGE rank arithmetic and option errors."""
        steps = [
            ('ZADD z 1 a 2 b 3 c 4 d', b':4\r\n'),
            ('ZRANGE z 0 -1', b'*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
            ('ZRANGE z -2 -1 WITHSCORES', b'*4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n'),
            ('ZRANGE z 3 1', b'*0\r\n'),
            ('ZRANGE z -100 100', b'*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
            ('ZRANGE z 0 1 REV', b'*2\r\n$1\r\nd\r\n$1\r\nc\r\n'),
            ('ZREVRANGE z 0 1 WITHSCORES', b'*4\r\n$1\r\nd\r\n$1\r\n4\r\n$1\r\nc\r\n$1\r\n3\r\n'),
            ('ZRANGE z 0 -1 LIMIT 0 -1', b'*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
            (
                'ZRANGE z 0 -1 LIMIT 0 1',
                b'-ERR syntax error, LIMIT is only supported in combination wi'
                b'th either BYSCORE or BYLEX\r\n',
            ),
            ('ZRANGE z x 1', b'-ERR value is not an integer or out of range\r\n'),
            ('ZRANGE z 0 1 FOO', b'-ERR syntax error\r\n'),
            ('ZRANGE z 0 1 REV REV', b'-ERR syntax error\r\n'),
            ('ZREVRANGE z 0 1 BYSCORE', b'-ERR syntax error\r\n'),
            ('ZRANGE nokey 0 1', b'*0\r\n'),
        ]
        self.replay(steps, 2)

    def test_zrange_by_score(self):
        """BYSCORE ranges, REV taking max first, LIMIT offsets and counts."""
        steps = [
            ('ZADD z 1 a 2 b 3 c 4 d', b':4\r\n'),
            ('ZRANGE z (1 4 BYSCORE', b'*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
            ('ZRANGE z 4 (1 BYSCORE REV', b'*3\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n'),
            ('ZRANGE z 1 4 BYSCORE LIMIT 1 2', b'*2\r\n$1\r\nb\r\n$1\r\nc\r\n'),
            ('ZRANGE z -inf +inf BYSCORE LIMIT -1 2', b'*0\r\n'),
            ('ZRANGE z -inf +inf BYSCORE LIMIT 1 -1', b'*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
            ('ZRANGEBYSCORE z 2 3 WITHSCORES', b'*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n'),
            ('ZREVRANGEBYSCORE z +inf -inf LIMIT 1 2', b'*2\r\n$1\r\nc\r\n$1\r\nb\r\n'),
            ('ZRANGEBYSCORE z x 1', b'-ERR min or max is not a float\r\n'),
            ('ZRANGEBYSCORE z 1 2 REV', b'-ERR syntax error\r\n'),
        ]
        self.replay(steps, 2)

    def test_zrange_by_lex(self):
        """BYLEX ranges, '-'/'+', and their errors."""
        steps = [
            ('ZADD z 0 a 0 b 0 c 0 d 0 e', b':5\r\n'),
            ('ZRANGEBYLEX z - +', b'*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n'),
            ('ZRANGEBYLEX z [b (e', b'*3\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n'),
            ('ZRANGEBYLEX z (a + LIMIT 1 2', b'*2\r\n$1\r\nc\r\n$1\r\nd\r\n'),
            ('ZRANGEBYLEX z + -', b'*0\r\n'),
            ('ZREVRANGEBYLEX z + - LIMIT 0 2', b'*2\r\n$1\r\ne\r\n$1\r\nd\r\n'),
            ('ZRANGE z [d [b BYLEX REV', b'*3\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\nb\r\n'),
            ('ZRANGEBYLEX z a b', b'-ERR min or max not valid string range item\r\n'),
            (
                'ZRANGE z - + BYLEX WITHSCORES',
                b'-ERR syntax error, WITHSCORES not supported in combination w'
                b'ith BYLEX\r\n',
            ),
            ('ZLEXCOUNT z [b [d', b':3\r\n'),
            ('ZLEXCOUNT z (c [c', b':0\r\n'),
            ('ZLEXCOUNT z a b', b'-ERR min or max not valid string range item\r\n'),
            ('ZLEXCOUNT nokey - +', b':0\r\n'),
        ]
        self.replay(steps, 2)

    def test_zrangestore(self):
        """ZRANGESTORE stores, deletes on empty results and refuses WITHSCORES."""
        steps = [
            ('ZADD z 1 a 2 b 3 c', b':3\r\n'),
            ('ZRANGESTORE d z 0 1', b':2\r\n'),
            ('ZRANGE d 0 -1 WITHSCORES', b'*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n'),
            ('ZRANGESTORE d z 5 9', b':0\r\n'),
            ('EXISTS d', b':0\r\n'),
            ('ZRANGESTORE d z 0 1 WITHSCORES', b'-ERR syntax error\r\n'),
            ('SET s v', b'+OK\r\n'),
            ('ZRANGESTORE d s 0 1', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('ZRANGESTORE s z 0 1', b':2\r\n'),
            ('TYPE s', b'+zset\r\n'),
        ]
        self.replay(steps, 2)

    def test_zremrange(self):
        """ZREMRANGEBYRANK/SCORE/LEX remove what the range picks; errors come first."""
        steps = [
            ('ZADD z 0 a 0 b 0 c 0 d 0 e', b':5\r\n'),
            ('ZREMRANGEBYLEX z [b (d', b':2\r\n'),
            ('ZREMRANGEBYRANK z -1 -1', b':1\r\n'),
            ('ZRANGE z 0 -1', b'*2\r\n$1\r\na\r\n$1\r\nd\r\n'),
            ('ZREMRANGEBYRANK z a 1', b'-ERR value is not an integer or out of range\r\n'),
            ('ZREMRANGEBYLEX z x y', b'-ERR min or max not valid string range item\r\n'),
            ('ZREMRANGEBYSCORE z x 1', b'-ERR min or max is not a float\r\n'),
            ('ZREMRANGEBYSCORE z -inf +inf', b':2\r\n'),
            ('EXISTS z', b':0\r\n'),
            ('ZREMRANGEBYRANK nokey 0 -1', b':0\r\n'),
        ]
        self.replay(steps, 2)

    def test_zpop(self):
        """ZPOPMIN/ZPOPMAX counts, errors and key deletion."""
        steps = [
            ('ZADD z 1 a 2 b 3 c', b':3\r\n'),
            ('ZPOPMIN z', b'*2\r\n$1\r\na\r\n$1\r\n1\r\n'),
            ('ZPOPMAX z 5', b'*4\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n'),
            ('EXISTS z', b':0\r\n'),
            ('ZPOPMIN nokey', b'*0\r\n'),
            ('ZPOPMIN z 0', b'*0\r\n'),
            ('ZPOPMIN z -1', b'-ERR value is out of range, must be positive\r\n'),
            ('ZPOPMIN z x', b'-ERR value is out of range, must be positive\r\n'),
            ('ZPOPMIN z 1 2', b'-ERR syntax error\r\n'),
        ]
        self.replay(steps, 2)

    def test_encoding_conversion(self):
        """listpack until a limit is passed, then skiplist for good."""
        steps = [
            ('ZADD z 1 a 2 b', b':2\r\n'),
            ('OBJECT ENCODING z', b'$8\r\nlistpack\r\n'),
            ('ZADD z 3 c', b':1\r\n'),
            ('OBJECT ENCODING z', b'$8\r\nskiplist\r\n'),
            ('ZPOPMIN z 2', b'*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n'),
            ('OBJECT ENCODING z', b'$8\r\nskiplist\r\n'),
            ('ZADD y 1 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', b':1\r\n'),
            ('OBJECT ENCODING y', b'$8\r\nskiplist\r\n'),
            ('ZADD w -0 a', b':1\r\n'),
            ('ZSCORE y xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', b'$1\r\n1\r\n'),
            ('ZRANGESTORE d z 0 -1', b':1\r\n'),
            ('OBJECT ENCODING d', b'$8\r\nlistpack\r\n'),
        ]
        self.replay(steps, 2, zset_max_listpack_entries='2')

    def test_zmpop(self):
        """ZMPOP pops from the first non-empty key; its argument errors."""
        steps = [
            ('ZADD b 1 x 2 y 3 z', b':3\r\n'),
            ('ZMPOP 2 a b MIN', b'*2\r\n$1\r\nb\r\n*1\r\n*2\r\n$1\r\nx\r\n$1\r\n1\r\n'),
            (
                'ZMPOP 2 a b MAX COUNT 5',
                b'*2\r\n$1\r\nb\r\n*2\r\n*2\r\n$1\r\nz\r\n$1\r\n3\r\n*2\r\n$1\r\ny\r\n$1\r\n2\r\n',
            ),
            ('EXISTS b', b':0\r\n'),
            ('ZMPOP 1 a MIN', b'*-1\r\n'),
            ('ZMPOP 0 a MIN', b'-ERR numkeys should be greater than 0\r\n'),
            ('ZMPOP x a MIN', b'-ERR numkeys should be greater than 0\r\n'),
            ('ZMPOP 3 a b MIN', b'-ERR syntax error\r\n'),
            ('ZMPOP 1 a FOO', b'-ERR syntax error\r\n'),
            ('ZMPOP 1 a MIN COUNT 0', b'-ERR count should be greater than 0\r\n'),
            ('ZMPOP 1 a MIN COUNT', b'-ERR syntax error\r\n'),
            ('ZMPOP 1 a MIN COUNT 1 x', b'-ERR syntax error\r\n'),
            ('SET s v', b'+OK\r\n'),
            ('ZMPOP 1 s MIN', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ]
        self.replay(steps, 2)

    def test_zmpop_resp3(self):
        """ZMPOP's RESP3 reply nests member/score pairs; a miss is a null."""
        steps = [
            ('ZADD b 1 x 2 y', b':2\r\n'),
            ('ZMPOP 1 b MIN COUNT 2', b'*2\r\n$1\r\nb\r\n*2\r\n*2\r\n$1\r\nx\r\n,1\r\n*2\r\n$1\r\ny\r\n,2\r\n'),
            ('ZMPOP 1 b MIN', b'_\r\n'),
        ]
        self.replay(steps, 3)

    def test_zrandmember_deterministic(self):
        """ZRANDMEMBER's whole-set answer, its errors and its missing-key replies."""
        steps = [
            ('ZADD z 3 c 1 a 2 b 0 d', b':4\r\n'),
            ('ZRANDMEMBER z 10', b'*4\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nd\r\n'),
            (
                'ZRANDMEMBER z 4 WITHSCORES',
                b'*8\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nd\r\n$1\r\n0\r\n',
            ),
            ('ZRANDMEMBER z -4611686018427387904 WITHSCORES', b'-ERR value is out of range\r\n'),
            (
                'ZRANDMEMBER z -9223372036854775808',
                b'-ERR value is out of range, value must between -922337203685'
                b'4775807 and 9223372036854775807\r\n',
            ),
            ('ZRANDMEMBER z 1 foo', b'-ERR syntax error\r\n'),
            ('ZRANDMEMBER z x', b'-ERR value is not an integer or out of range\r\n'),
            ('ZRANDMEMBER z 0', b'*0\r\n'),
            ('ZRANDMEMBER nokey', b'$-1\r\n'),
            ('ZRANDMEMBER nokey 5', b'*0\r\n'),
            ('ZADD o 1 a', b':1\r\n'),
            ('ZRANDMEMBER o', b'$1\r\na\r\n'),
            (
                'ZRANDMEMBER o -3 WITHSCORES',
                b'*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n1\r\n',
            ),
        ]
        self.replay(steps, 2)

    def test_union_inter_diff(self):
        """ZUNION/ZINTER/ZDIFF with sets as inputs, WEIGHTS, AGGREGATE and NaN sums."""
        steps = [
            ('ZADD a 1 x 2 y 3 z', b':3\r\n'),
            ('ZADD b 10 y 20 z 30 w', b':3\r\n'),
            ('SADD s y q', b':2\r\n'),
            (
                'ZUNION 3 a b s WITHSCORES WEIGHTS 1 2 3 AGGREGATE MAX',
                b'*10\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\nq\r\n$1\r\n3\r\n$1\r\ny\r\n$2\r\n20\r\n$1\r\nz\r\n$2\r\n4'
                b'0\r\n$1\r\nw\r\n$2\r\n60\r\n',
            ),
            ('ZINTER 3 a b s WITHSCORES', b'*2\r\n$1\r\ny\r\n$2\r\n13\r\n'),
            ('ZINTER 2 a b WITHSCORES AGGREGATE MIN', b'*4\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n'),
            ('ZDIFF 3 b a s WITHSCORES', b'*2\r\n$1\r\nw\r\n$2\r\n30\r\n'),
            ('ZINTER 2 a nokey', b'*0\r\n'),
            ('ZADD i inf x -inf y', b':2\r\n'),
            ('ZUNION 2 i i WITHSCORES', b'*4\r\n$1\r\ny\r\n$4\r\n-inf\r\n$1\r\nx\r\n$3\r\ninf\r\n'),
            (
                'ZUNION 2 i a WITHSCORES WEIGHTS 0 1',
                b'*6\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$1\r\n2\r\n$1\r\nz\r\n$1\r\n3\r\n',
            ),
        ]
        self.replay(steps, 2)

    def test_union_inter_diff_errors(self):
        """Key count, option and type errors of the set operations."""
        steps = [
            ('ZADD a 1 x', b':1\r\n'),
            ('SET str v', b'+OK\r\n'),
            ('ZUNION 0 a', b"-ERR at least 1 input key is needed for 'zunion' command\r\n"),
            ('ZUNION x a', b'-ERR value is not an integer or out of range\r\n'),
            ('ZUNION 3 a b', b'-ERR syntax error\r\n'),
            ('ZUNION 2 a b WEIGHTS 1', b'-ERR syntax error\r\n'),
            ('ZUNION 2 a b WEIGHTS 1 x', b'-ERR weight value is not a float\r\n'),
            ('ZUNION 2 a b AGGREGATE foo', b'-ERR syntax error\r\n'),
            ('ZDIFF 2 a b WEIGHTS 1 2', b'-ERR syntax error\r\n'),
            ('ZUNION 2 a str', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
            ('ZINTERSTORE e 0 a', b"-ERR at least 1 input key is needed for 'zinterstore' command\r\n"),
            ('ZUNIONSTORE d 1 a WITHSCORES', b'-ERR syntax error\r\n'),
        ]
        self.replay(steps, 2)

    def test_stores(self):
        """The STORE forms overwrite, delete on empty results and pick the encoding by size."""
        steps = [
            ('ZADD a 1 x 2 y', b':2\r\n'),
            ('ZADD b 2 y 3 z', b':2\r\n'),
            ('SET str v', b'+OK\r\n'),
            ('ZUNIONSTORE str 2 a b', b':3\r\n'),
            ('ZRANGE str 0 -1 WITHSCORES', b'*6\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\nz\r\n$1\r\n3\r\n$1\r\ny\r\n$1\r\n4\r\n'),
            ('OBJECT ENCODING str', b'$8\r\nlistpack\r\n'),
            ('ZINTERSTORE str 2 a nokey', b':0\r\n'),
            ('EXISTS str', b':0\r\n'),
            ('ZDIFFSTORE d 2 a b', b':1\r\n'),
            ('ZRANGE d 0 -1 WITHSCORES', b'*2\r\n$1\r\nx\r\n$1\r\n1\r\n'),
            ('ZADD big 1 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', b':1\r\n'),
            ('ZUNIONSTORE d 1 big', b':1\r\n'),
            ('OBJECT ENCODING d', b'$8\r\nskiplist\r\n'),
        ]
        self.replay(steps, 2)

    def test_zintercard(self):
        """ZINTERCARD counts, stops at LIMIT and refuses the other options."""
        steps = [
            ('ZADD a 1 x 2 y 3 z', b':3\r\n'),
            ('ZADD b 1 y 2 z', b':2\r\n'),
            ('ZINTERCARD 2 a b', b':2\r\n'),
            ('ZINTERCARD 2 a b LIMIT 1', b':1\r\n'),
            ('ZINTERCARD 2 a b LIMIT -1', b"-ERR LIMIT can't be negative\r\n"),
            ('ZINTERCARD 0 a', b"-ERR at least 1 input key is needed for 'zintercard' command\r\n"),
            ('ZINTERCARD 2 a b WITHSCORES', b'-ERR syntax error\r\n'),
            ('ZINTERCARD 2 a nokey', b':0\r\n'),
        ]
        self.replay(steps, 2)

    def test_zscan_listpack(self):
        """A listpack set is scanned in one step; scores are strings even in RESP3."""
        steps = [
            ('ZADD z 1.1 a 2 b inf d', b':3\r\n'),
            (
                'ZSCAN z 0',
                b'*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$18\r\n1.1000000000000001\r\n$1\r\nb\r\n$1\r\n2\r'
                b'\n$1\r\nd\r\n$3\r\ninf\r\n',
            ),
            ('ZSCAN z 0 MATCH a*', b'*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$18\r\n1.1000000000000001\r\n'),
            ('ZSCAN z 0 COUNT 0', b'-ERR syntax error\r\n'),
            ('ZSCAN z x', b'-ERR invalid cursor\r\n'),
            ('ZSCAN nokey 0 FOO', b'*2\r\n$1\r\n0\r\n*0\r\n'),
        ]
        self.replay(steps, 3)


class ZSetBehaviourTests(SynchronousTestCase):
    """What recorded replies cannot pin down: random answers, scans over changes, events."""

    def setUp(self):
        self.server = CoreServer(zset_max_listpack_entries="4")
        self.client = self.server.session()
        self.events = []
        self.server.state.notifications = lambda db, key, event, kind: self.events.append((event, kind))

    def test_zscan_skiplist_pages_cover_everything(self):
        """A skiplist set is paged by COUNT and every member comes back exactly once when nothing changes."""
        self.client.call("ZADD", "z", *[part for i in range(300) for part in (i, f"m{i}")])
        cursor, seen, pages = b"0", [], 0
        while True:
            reply = self.client.call("ZSCAN", "z", cursor, "COUNT", 10)
            lines = reply.split(b"\r\n")
            cursor = lines[2]
            seen.extend(lines[5:-1:4])
            pages += 1
            if cursor == b"0":
                break
        self.assertEqual(sorted(seen), sorted(f"m{i}".encode() for i in range(300)))
        self.assertGreater(pages, 20)

    def test_zscan_survives_changes(self):
        """Members present for the whole scan are returned even when others come and go meanwhile."""
        self.client.call("ZADD", "z", *[part for i in range(100) for part in (i, f"m{i}")])
        reply = self.client.call("ZSCAN", "z", 0, "COUNT", 10).split(b"\r\n")
        cursor, seen = reply[2], set(reply[5:-1:4])
        self.client.call("ZREM", "z", *[f"m{i}" for i in range(50, 100)])
        self.client.call("ZADD", "z", *[part for i in range(100, 150) for part in (i, f"m{i}")])
        while cursor != b"0":
            reply = self.client.call("ZSCAN", "z", cursor, "COUNT", 10).split(b"\r\n")
            cursor = reply[2]
            seen.update(reply[5:-1:4])
        self.assertLessEqual({f"m{i}".encode() for i in range(50)}, seen)

    def test_zrandmember_counts(self):
        """A positive count gives distinct members, a negative one that many draws."""
        self.client.call("ZADD", "z", 1, "a", 2, "b", 3, "c", 4, "d", 5, "e")
        members = self.client.call("ZRANDMEMBER", "z", 3).split(b"\r\n")[2::2]
        self.assertEqual(len(set(members)), 3)
        self.assertTrue(self.client.call("ZRANDMEMBER", "z", -20).startswith(b"*20\r\n"))
        self.assertIn(self.client.call("ZRANDMEMBER", "z"), [b"$1\r\n%c\r\n" % m for m in b"abcde"])

    def test_events(self):
        """Redis's event names, with 'del' when a set is emptied and nothing for no-op writes."""
        self.client.call("ZADD", "z", 1, "a", 2, "b")
        self.client.call("ZADD", "z", "NX", 5, "a")
        self.client.call("ZINCRBY", "z", 1, "a")
        self.client.call("ZREM", "z", "a")
        self.client.call("ZUNIONSTORE", "d", 1, "z")
        self.client.call("ZPOPMAX", "z")
        self.client.call("ZINTERSTORE", "d", 1, "nokey")
        self.assertEqual(self.events, [
            ("zadd", "z"), ("zincr", "z"), ("zrem", "z"), ("zunionstore", "z"), ("zpopmax", "z"), ("del", "g"),
            ("del", "g"),
        ])

    def test_dirty_counts_changed_members(self):
        """The dirty counter grows by the members a write changed."""
        before = self.server.state.dirty
        self.client.call("ZADD", "z", 1, "a", 2, "b", 3, "c")
        self.client.call("ZADD", "z", 1, "a")
        self.assertEqual(self.server.state.dirty - before, 3)

    def test_copy_is_independent(self):
        """COPY's value shares nothing with the original."""
        self.client.call("ZADD", "z", 1, "a")
        self.client.call("COPY", "z", "y")
        self.client.call("ZADD", "y", 2, "b")
        self.assertEqual(self.client.call("ZCARD", "z"), b":1\r\n")
        self.assertEqual(self.client.call("ZCARD", "y"), b":2\r\n")
