"""PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST: the HLL strings themselves compared with GET, and the errors."""

from tests.differential._dsl import area

S = area("hyperloglog")

_WORDS = " ".join(f"w{i}" for i in range(300))
_OTHER = " ".join(f"w{i}" for i in range(200, 700))
_CORRUPT = b"HYLL\x01\x00\x00\x00" + b"\x00" * 7 + b"\x80" + b"\x7f\xfe"  # XZERO 16383: one register short

SCRIPTS = [
    S("pfadd-basic", "PFADD k", "GET k", "PFADD k a b c", "PFADD k a b c", "GET k", "PFCOUNT k", "GET k",
      "PFCOUNT k", "OBJECT ENCODING k", "TYPE k", "PFCOUNT missing", "EXISTS missing"),
    S("pfadd-sparse-bytes", f"PFADD k {_WORDS}", "GET k", "PFDEBUG ENCODING k", "PFDEBUG DECODE k", "PFCOUNT k"),
    S("pfadd-promotion", "CONFIG SET hll-sparse-max-bytes 100", f"PFADD k {_WORDS}", "PFDEBUG ENCODING k", "GET k",
      "PFCOUNT k", "CONFIG SET hll-sparse-max-bytes 3000"),
    S("pfcount-union", f"PFADD a {_WORDS}", f"PFADD b {_OTHER}", "PFCOUNT a b", "PFCOUNT a b missing", "GET a",
      "PFDEBUG TODENSE b", "PFCOUNT a b", resp3=True),
    S("pfmerge", f"PFADD a {_WORDS}", f"PFADD b {_OTHER}", "PFMERGE d a b", "GET d", "PFCOUNT d",
      "PFMERGE d", "GET d", "PFMERGE e missing", "GET e", "PFDEBUG TODENSE a", "PFMERGE f a b", "GET f"),
    S("pfdebug", "PFADD k x y z", "PFDEBUG DECODE k", "PFDEBUG encoding k", "PFDEBUG TODENSE k", "PFDEBUG TODENSE k",
      "PFDEBUG DECODE k", "PFDEBUG NOPE k", "PFDEBUG NOPE missing", "PFDEBUG GETREG", "PFDEBUG GETREG k x",
      "PFADD s q", "PFDEBUG GETREG s", "PFDEBUG ENCODING s"),
    S("errors", "LPUSH l a", "SET s hello", "PFADD l a", "PFADD s a", "PFCOUNT l", "PFCOUNT s", "PFCOUNT missing s",
      "PFMERGE d s", "PFMERGE l", "EXISTS d", "PFADD", "PFCOUNT", "PFMERGE", "PFSELFTEST x",
      ("SET", "c", _CORRUPT), "PFCOUNT c", "PFCOUNT c c", "PFMERGE d c", "PFADD c a", "GET c", "PFDEBUG TODENSE c"),
    S("selftest", "PFSELFTEST"),
    S("edited-strings", f"PFADD k {_WORDS}", "PFCOUNT k", "GET k", "PFADD k more", "APPEND x y",
      "PFADD x a", "SETRANGE k 4 \x05", "PFADD k a"),
]
