"""Each case script is one test, once in RESP2 and, where marked, once more after HELLO 3."""

from __future__ import annotations

import pytest

from tests.differential import cases
from tests.differential._dsl import Script
from tests.differential._runner import ServerPair

pytestmark = pytest.mark.differential

# Cases whose commands belong to work not built yet: expected to fail, strictly, so
# each one turns red (and must be taken off this list) the day it starts to pass.
PENDING: dict[str, str] = {}


def _param(script: Script, resp3: bool):
    marks = [
        pytest.mark.xfail(strict=True, reason=reason)
        for prefix, reason in PENDING.items()
        if script.id.startswith(prefix)
    ]
    return pytest.param(script, resp3, marks=marks, id=script.id + ("[resp3]" if resp3 else ""))


RUNS = [_param(s, False) for s in cases.ALL] + [_param(s, True) for s in cases.ALL if s.resp3]


@pytest.mark.parametrize(("script", "resp3"), RUNS)
def test_same_replies(servers: ServerPair, script: Script, resp3: bool) -> None:
    """txredisd answers the script byte for byte as redis-server 7.0.15 does."""
    servers.compare(script, resp3)


def test_case_ids_are_unique() -> None:
    """Two cases with one name would hide each other in reports."""
    ids = [s.id for s in cases.ALL]
    assert len(ids) == len(set(ids))
