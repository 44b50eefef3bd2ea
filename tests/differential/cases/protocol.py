"""
Raw bytes on the wire: inline commands, quoting, broken multibulk, pipelines,
and whether the connection is closed after a protocol error (the PING after
an error step shows C{<closed>} when it was).
"""

from tests.differential._dsl import area, raw, reconnect

S = area("protocol")

# Both servers must stay silent while a request is incomplete; waiting briefly is enough to see it.
WAIT = 0.3
PING = raw(b"PING\r\n")

# A new connection to a server that now wants a password: the stricter limits apply to it.
LOCKED = ("CONFIG SET requirepass s3cret", reconnect())
NOPASS = ('CONFIG SET requirepass ""',)

SCRIPTS = [
    # -- inline commands
    S("inline-ping", raw(b"PING\r\n"), raw(b"ping\n"), raw(b"  PING   \r\n"), raw(b"PING hello\r\n")),
    S("inline-set-get", raw(b"SET k v\r\nGET k\r\n", replies=2), raw(b"GET    k\r\n")),
    S("inline-double-quotes", raw(b'ECHO "hello world"\r\n'), raw(b'ECHO ""\r\n'), raw(b'SET "a key" "a value"\r\n'),
      raw(b'GET "a key"\r\n'), resp3=True),
    S("inline-single-quotes", raw(b"ECHO 'hello world'\r\n"), raw(b"ECHO ''\r\n"), raw(b"ECHO 'it\\'s'\r\n"),
      raw(b"ECHO 'a\\nb'\r\n")),
    S("inline-escapes", raw(b'ECHO "a\\nb\\rc\\td\\be\\af"\r\n'), raw(b'ECHO "\\x41\\x42\\x4a\\x00z"\r\n'),
      raw(b'ECHO "\\xZZ"\r\n'), raw(b'ECHO "\\\\ \\" \\q"\r\n')),
    S("inline-quote-glued", raw(b'ECHO a"b"\r\n'), raw(b"ECHO a'b'c\r\n")),
    S("inline-unbalanced-double", raw(b'ECHO "abc\r\n'), PING),
    S("inline-unbalanced-single", raw(b"ECHO 'abc\r\n"), PING),
    S("inline-quote-not-followed-by-space", raw(b'ECHO "a"b\r\n'), PING),
    S("inline-single-quote-not-followed-by-space", raw(b"ECHO 'a'b\r\n"), PING),
    S("inline-empty-lines", raw(b"\r\n\r\n\n  \r\nPING\r\n")),
    S("inline-only-spaces", raw(b"   \r\n", timeout=WAIT), PING),
    S("inline-tabs", raw(b"ECHO\tx\r\n"), raw(b"SET\tk\t\tv\r\n"), raw(b"GET k\r\n")),
    S("inline-lone-newline-terminator", raw(b"SET k v\nGET k\n", replies=2)),
    S("inline-cr-inside", raw(b"ECHO a\rb\r\n")),
    S("inline-unknown", raw(b"FOO bar\r\n"), raw(b"foo 'a b' c\r\n"), PING),
    S("inline-arity", raw(b"GET\r\n"), raw(b"ECHO\r\n"), PING),
    S("inline-incomplete", raw(b"ECH", timeout=WAIT), raw(b"O split\r\n")),
    S("inline-too-big", raw(b"x" * 70000, timeout=2.0), PING),
    S("inline-big-but-fine", raw(b"ECHO " + b"y" * 60000 + b"\r\n")),
    # -- multibulk
    S("multibulk-ping", raw(b"*1\r\n$4\r\nPING\r\n"), raw(b"*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n")),
    S("multibulk-binary", raw(b"*2\r\n$4\r\nECHO\r\n$4\r\n\r\n\x00\xff\r\n")),
    S("multibulk-zero", raw(b"*0\r\n", timeout=WAIT), PING),
    S("multibulk-negative", raw(b"*-1\r\n", timeout=WAIT), raw(b"*-5\r\n", timeout=WAIT), PING),
    S("multibulk-invalid-length", raw(b"*abc\r\n"), PING, resp3=True),
    S("multibulk-invalid-length-sign", raw(b"*+1\r\n$4\r\nPING\r\n"), PING),
    S("multibulk-too-long", raw(b"*2147483648\r\n"), PING),
    S("multibulk-huge-ok-length", raw(b"*1048576\r\n$4\r\nPING\r\n", timeout=WAIT), raw(b"$4\r\nPING\r\n", timeout=WAIT)),
    S("bulk-invalid-length", raw(b"*1\r\n$abc\r\n"), PING),
    S("bulk-negative-length", raw(b"*1\r\n$-1\r\n"), PING),
    S("bulk-too-long", raw(b"*1\r\n$536870913\r\n"), PING),
    S("bulk-expected-dollar", raw(b"*1\r\nPING\r\n"), PING),
    S("bulk-expected-dollar-colon", raw(b"*2\r\n$4\r\nECHO\r\n:5\r\n"), PING),
    S("bulk-expected-dollar-long-line", raw(b"*1\r\n+" + b"a" * 200 + b"\r\n"), PING),
    S("bulk-no-trailing-crlf-checked", raw(b"*2\r\n$4\r\nECHO\r\n$3\r\nabcXY*1\r\n$4\r\nPING\r\n", replies=2)),
    S("bulk-zero-length", raw(b"*2\r\n$4\r\nECHO\r\n$0\r\n\r\n")),
    S("multibulk-incomplete-then-complete", raw(b"*2\r\n$4\r\nECHO\r\n", timeout=WAIT), raw(b"$2\r\nhi", timeout=WAIT),
      raw(b"\r\n")),
    S("multibulk-byte-by-byte", *[raw(bytes([b]), timeout=0.05) for b in b"*1\r\n$4\r\nPIN"], raw(b"G\r\n")),
    S("multibulk-length-line-too-long", raw(b"*" + b"1" * 70000, timeout=2.0), PING),
    S("bulk-length-line-too-long", raw(b"*1\r\n$" + b"1" * 70000, timeout=2.0), PING),
    S("multibulk-empty-command-name", raw(b"*1\r\n$0\r\n\r\n"), PING),
    # -- pipelines
    S("pipeline-mixed", raw(b"PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\nECHO x\r\n*1\r\n$4\r\nPING\r\n", replies=4), resp3=True),
    S("pipeline-many", raw(b"INCR n\r\n" * 100, replies=100), raw(b"GET n\r\n")),
    S("pipeline-error-in-middle", raw(b"PING\r\nGET\r\nNOSUCH\r\nECHO ok\r\n", replies=4)),
    S("pipeline-then-protocol-error", raw(b"PING\r\nECHO a\r\n*x\r\nPING\r\n", replies=3), PING),
    S("pipeline-quit-stops", raw(b"PING\r\nQUIT\r\nPING\r\n", replies=3)),
    S("pipeline-after-empty-multibulk", raw(b"*0\r\n*1\r\n$4\r\nPING\r\n")),
    # -- protocol errors before authentication
    S("unauthenticated-multibulk-limit", *LOCKED, raw(b"*11\r\n"), PING, cleanup=NOPASS),
    S("unauthenticated-bulk-limit", *LOCKED, raw(b"*1\r\n$16385\r\n"), PING, cleanup=NOPASS),
    S("unauthenticated-multibulk-at-limit", *LOCKED, raw(b"*10\r\n$1\r\na\r\n", timeout=WAIT), cleanup=NOPASS),
    S("unauthenticated-bulk-at-limit", *LOCKED, raw(b"*1\r\n$16384\r\n", timeout=WAIT), cleanup=NOPASS),
    S("unauthenticated-inline", *LOCKED, raw(b"PING\r\nAUTH s3cret\r\nPING\r\n", replies=3), cleanup=NOPASS),
]
