"""
Packaging and start-up: the twistd plugin is found and imports no reactor, the
options parse Redis-style, and start-up failures are one line with a non-zero exit.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

from twisted.trial.unittest import SynchronousTestCase

from tests._servers import RawClient, start_txredisd, start_txredisd_twistd
from txredisd.config import Config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def python_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=python_env(), capture_output=True, text=True, timeout=60
    )


class PluginTests(SynchronousTestCase):
    def test_plugin_installs_no_reactor(self) -> None:
        """Importing the plugin (as twistd --help does) must not install a reactor."""
        result = run_python(
            "import sys\n"
            "from twisted.plugin import getPlugins\n"
            "from twisted.application.service import IServiceMaker\n"
            "names = [p.tapname for p in getPlugins(IServiceMaker)]\n"
            "assert 'txredisd' in names, names\n"
            "assert 'twisted.internet.reactor' not in sys.modules\n"
            "print('ok')\n"
        )
        self.assertEqual(result.stdout.strip(), "ok", result.stderr)

    def test_no_init_in_plugins_dir(self) -> None:
        """twisted/plugins must stay a namespace portion, or it would shadow Twisted's own."""
        self.assertFalse(os.path.exists(os.path.join(ROOT, "twisted", "plugins", "__init__.py")))
        self.assertFalse(os.path.exists(os.path.join(ROOT, "twisted", "__init__.py")))


class OptionsTests(SynchronousTestCase):
    def test_defaults_are_loopback_6379(self) -> None:
        """With no configuration the server listens on loopback port 6379."""
        config = Config()
        self.assertEqual(config["port"], 6379)
        self.assertEqual(config["bind"], "127.0.0.1 -::1")

    def test_redis_style_arguments(self) -> None:
        """--name value pairs set configs; --listen repeats."""
        from txredisd.tap import Options

        options = Options()
        options.parseOptions(
            ["--port", "7000", "--databases", "4", "--listen", "tcp:7001", "--listen", "unix:/tmp/x.sock"]
        )
        self.assertEqual(options["config"]["port"], 7000)
        self.assertEqual(options["config"]["databases"], 4)
        self.assertEqual(options["listen"], ["tcp:7001", "unix:/tmp/x.sock"])

    def test_tls_handshake_timeout_option(self) -> None:
        """--tls-handshake-timeout is ours (Redis has none): a positive number of seconds, else a usage error."""
        from twisted.python.usage import UsageError

        from txredisd.tap import Options

        options = Options()
        options.parseOptions(["--tls-port", "7000", "--tls-handshake-timeout", "2.5"])
        self.assertEqual(options["tls-handshake-timeout"], 2.5)
        self.assertIsNone(Options()["tls-handshake-timeout"])
        for bad in (["0"], ["-1"], ["soon"], ["inf"], ["nan"], []):
            with self.assertRaises(UsageError, msg=bad):
                Options().parseOptions(["--tls-handshake-timeout", *bad])

    def test_listeners_from_config(self) -> None:
        """port+bind, unixsocket and --listen each become a listener of the right kind."""
        from txredisd.service import listeners_from_config

        config = Config()
        config.set("port", "7000", startup=True)
        config.set("unixsocket", "/tmp/t.sock", startup=True)
        kinds = [(each.kind, each.description.split(":", 1)[0]) for each in listeners_from_config(config, ["ssl:6380:privateKey=k.pem"])]
        self.assertEqual(kinds, [("tcp", "tcp"), ("tcp", "tcp6"), ("unix", "unix"), ("tls", "ssl")])


class ProcessTests(SynchronousTestCase):
    """The server as a real process, through twistd and through the txredisd script."""

    def test_twistd_plugin(self) -> None:
        """twistd -n txredisd serves on the endpoints it is given, then stops on SIGTERM."""
        with start_txredisd_twistd() as server:
            with RawClient(server.tcp) as client:
                self.assertEqual(client.call("PING"), b"+PONG\r\n")
            server.process.send_signal(signal.SIGTERM)
            # twistd (Twisted 26+) ends by re-raising the signal it stopped on.
            self.assertIn(server.process.wait(timeout=15), (0, -signal.SIGTERM))

    def test_console_script(self) -> None:
        """python -m txredisd serves in the foreground, names its ports in its title; SIGTERM exits 0."""
        with start_txredisd() as server:
            with RawClient(server.tcp) as client:
                self.assertEqual(client.call("PING"), b"+PONG\r\n")
            with open(f"/proc/{server.process.pid}/cmdline", "rb") as cmdline:
                title = cmdline.read().replace(b"\0", b" ").strip().decode()
            host, port = server.tcp
            self.assertEqual(title, f"txredisd {host}:{port},unix:{server.unix_path}")
            server.process.send_signal(signal.SIGTERM)
            self.assertEqual(server.process.wait(timeout=15), 0)

    def test_unixsocket_settings(self) -> None:
        """unixsocket and unixsocketperm: the socket exists with that mode and serves."""
        import stat
        import tempfile

        workdir = tempfile.mkdtemp()
        self.addCleanup(__import__("shutil").rmtree, workdir)
        path = os.path.join(workdir, "txredisd.sock")
        with start_txredisd("--unixsocket", path, "--unixsocketperm", "770"):
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o770)
            with RawClient(path) as client:
                self.assertEqual(client.call("PING"), b"+PONG\r\n")

    def test_pidfile_logfile_and_pending_settings(self) -> None:
        """pidfile and logfile are honoured; settings not yet in effect are named in the log."""
        import tempfile
        import time

        workdir = tempfile.mkdtemp()
        self.addCleanup(__import__("shutil").rmtree, workdir)
        logfile, pidfile = os.path.join(workdir, "log"), os.path.join(workdir, "pid")
        process = subprocess.Popen(
            [sys.executable, "-m", "txredisd", "--port", "0", "--listen", "tcp:0:interface=127.0.0.1",
             "--logfile", logfile, "--pidfile", pidfile, "--maxmemory", "1mb"],
            # Its own directory: on SIGTERM it saves dump.rdb there (save points are on by default).
            cwd=workdir, env=python_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 30
            while "Ready to accept connections" not in _read(logfile):
                self.assertIsNone(process.poll(), process.stderr.read() if process.poll() is not None else "")
                self.assertLess(time.monotonic(), deadline)
                time.sleep(0.05)
            self.assertEqual(_read(pidfile).strip(), str(process.pid))
            self.assertIn("Accepted, not yet in effect: maxmemory", _read(logfile))
        finally:
            process.send_signal(signal.SIGTERM)
            self.assertEqual(process.wait(timeout=15), 0)
            process.stdout.close()
            process.stderr.close()
        self.assertFalse(os.path.exists(pidfile))

    def test_busy_port(self) -> None:
        """A port that cannot be bound: one line naming it, exit status 1, no traceback."""
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen()
            port = busy.getsockname()[1]
            result = subprocess.run(
                [sys.executable, "-m", "txredisd", "--port", str(port), "--bind", "127.0.0.1"],
                cwd=ROOT, env=python_env(), capture_output=True, text=True, timeout=60,
            )
        self.assertEqual(result.returncode, 1)
        self.assertNotIn("Traceback", result.stderr)
        self.assertIn(f"127.0.0.1:{port}", result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)

    def test_bad_option(self) -> None:
        """An unknown option or a bad value: one line naming the option, exit status 1."""
        for argv, name in ((["--no-such-option", "1"], "no-such-option"), (["--port", "notanumber"], "port")):
            result = subprocess.run(
                [sys.executable, "-m", "txredisd", *argv],
                cwd=ROOT, env=python_env(), capture_output=True, text=True, timeout=60,
            )
            self.assertEqual(result.returncode, 1, argv)
            self.assertNotIn("Traceback", result.stderr)
            self.assertIn(name, result.stderr)


def _read(path: str) -> str:
    try:
        with open(path) as file:
            return file.read()
    except FileNotFoundError:
        return ""


class EmbeddedTitleTests(SynchronousTestCase):
    def test_embedded_server_leaves_the_process_title_alone(self) -> None:
        """Only a server that is the program renames the process; an embedded one does not."""
        from twisted.internet import reactor

        from txredisd.service import TxRedisService

        with open("/proc/self/cmdline", "rb") as cmdline:
            before = cmdline.read()
        TxRedisService(Config(), reactor, [])._set_title()
        with open("/proc/self/cmdline", "rb") as cmdline:
            self.assertEqual(cmdline.read(), before)
