"""
pytest's side of the suite's transport switch (see L{tests._mode}): C{--tls}
sets C{TXREDISD_TEST_TLS=1} for the run, the variable trial runs use directly.
"""

from __future__ import annotations

import os

import pytest

from tests import _mode


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--tls",
        action="store_true",
        help=f"integration tests talk to the server over TLS with client certificates (sets {_mode.ENV_VAR}=1)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("tls"):
        return
    previous = os.environ.get(_mode.ENV_VAR)
    os.environ[_mode.ENV_VAR] = "1"
    config.add_cleanup(lambda: _restore(previous))


def _restore(previous: str | None) -> None:
    """Leave the environment as found, for whatever runs pytest in-process."""
    if previous is None:
        os.environ.pop(_mode.ENV_VAR, None)
    else:
        os.environ[_mode.ENV_VAR] = previous


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    # The header is hidden under -q (pytest.ini), so CI logs would not show which mode ran.
    terminalreporter.write_line(f"txredisd integration transport: {_mode.kind()}")
