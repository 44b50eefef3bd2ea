"""The runnable examples run."""

from __future__ import annotations

import os
import subprocess
import sys

from twisted.trial.unittest import SynchronousTestCase

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class ExampleTests(SynchronousTestCase):
    def test_embed(self) -> None:
        """examples/embed.py serves in-process and talks to itself with txredisapi."""
        env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
        result = subprocess.run(
            [sys.executable, os.path.join(ROOT, "examples", "embed.py")],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("hello from an embedded txredisd", result.stdout)
        self.assertIn("INCR -> 1 2", result.stdout)
