"""
The running server: listeners, the C{hz} cron, shutdown, and the one function
that says which ports the world is told about.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from typing import Any

from twisted.application.service import MultiService
from twisted.internet import defer, task
from twisted.internet.endpoints import serverFromString
from twisted.logger import Logger
from twisted.python.failure import Failure

from txredisd import REDIS_VERSION, __version__
from txredisd.aof_service import AofService
from txredisd.config import Config, ConfigError
from txredisd.core.metrics import server_cron
from txredisd.core.state import ServerState
from txredisd.forks import Children
from txredisd.persistence.aof import AofError
from txredisd.protocol import RedisServerFactory
from txredisd.snapshots import LoadError, Snapshots

log = Logger(namespace="txredisd")

_TLS_PREFIXES = ("ssl", "tls", "txredisd-tls")
# CONFIG SET of these rebuilds the TLS context (the port and the outgoing-link
# switches do not).
_TLS_RELOADING = (
    "tls-cert-file", "tls-key-file", "tls-key-file-pass", "tls-client-cert-file", "tls-client-key-file",
    "tls-client-key-file-pass", "tls-ca-cert-file", "tls-ca-cert-dir", "tls-auth-clients", "tls-protocols",
    "tls-ciphers", "tls-ciphersuites", "tls-prefer-server-ciphers", "tls-dh-params-file",
    "tls-session-caching", "tls-session-cache-size", "tls-session-cache-timeout",
)  # fmt: skip


class ListenError(Exception):
    """A listener could not be opened; the message is one line for the operator."""


@dataclass
class Listener:
    """
    One thing we listen on.

    @ivar kind: C{tcp}, C{tls} or C{unix}.
    @ivar description: a Twisted server endpoint string.
    @ivar optional: Redis's C{-addr} bind form: skip silently if the address
        does not exist on this host.
    """

    kind: str
    description: str
    display: str
    optional: bool = False
    port: Any = None
    factory: Any = None
    #: A ready-made endpoint (tls-port listeners); otherwise C{description} is parsed.
    endpoint: Any = None
    #: Named by settings (port, tls-port, bind, unixsocket) rather than by --listen.
    configured: bool = True

    def bound(self) -> tuple[str, int | str]:
        """(host, port) actually bound (port 0 resolved), or (path, 0) for Unix sockets."""
        addr = self.port.getHost()
        if self.kind == "unix":
            name = addr.name.decode() if isinstance(addr.name, bytes) else addr.name
            return name, 0
        return addr.host, addr.port


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=")


def kind_of(description: str) -> str:
    prefix = description.split(":", 1)[0].lower()
    if prefix == "unix":
        return "unix"
    if prefix in _TLS_PREFIXES:
        return "tls"
    return "tcp"


def _bind_hosts(config: Config) -> list[tuple[str, bool]]:
    """(host, optional) for each C{bind} address; Redis's C{-addr} is optional."""
    hosts = []
    for address in config["bind"].split():
        host = address.lstrip("-")
        hosts.append(({"*": "0.0.0.0", "::*": "::"}.get(host, host), address.startswith("-")))
    return hosts


def listeners_from_config(config: Config, extra: list[str], tls_endpoint: Any = None) -> list[Listener]:
    """
    Listeners named by port/bind, tls-port/bind, unixsocket, then every
    C{--listen} endpoint. C{tls_endpoint(host, port, backlog)} builds a
    tls-port endpoint (the same code the C{txredisd-tls:} string uses).
    """
    found: list[Listener] = []
    port = config["port"]
    backlog = config["tcp-backlog"]
    if port:
        for host, optional in _bind_hosts(config):
            scheme = "tcp6" if ":" in host else "tcp"
            found.append(
                Listener(
                    "tcp",
                    f"{scheme}:{port}:interface={_escape(host)}:backlog={backlog}",
                    f"{host}:{port}",
                    optional,
                )
            )
    tls_port = config["tls-port"]
    if tls_port and tls_endpoint is not None:
        for host, optional in _bind_hosts(config):
            found.append(
                Listener(
                    "tls",
                    f"tls-port {host}:{tls_port}",
                    f"{host}:{tls_port}",
                    optional,
                    endpoint=tls_endpoint(host, tls_port, backlog),
                )
            )
    path = config["unixsocket"]
    if path:
        perm = config["unixsocketperm"] or 0o700
        found.append(Listener("unix", f"unix:{_escape(path)}:mode={perm:o}", path))
    for description in extra:
        found.append(Listener(kind_of(description), description, description, configured=False))
    return found


class TxRedisService(MultiService):
    """
    The server as a Twisted service; also the I/O half the core calls through
    C{ServerState.io}.

    @ivar owns_process: True when this server is the program (the C{txredisd}
        command, the twistd plugin): only then does it set the process title.
        An embedded server leaves its host process alone.
    @param tls_handshake_timeout: seconds a tls-port connection gets to finish
        its handshake (None: the TLS layer's default).
    """

    def __init__(
        self,
        config: Config,
        reactor: Any,
        listen: list[str] = (),
        owns_process: bool = False,
        tls_handshake_timeout: float | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self._reactor = reactor
        self.owns_process = owns_process
        self._tls_handshake_timeout = tls_handshake_timeout
        self.state = ServerState(config, timer=time.perf_counter)
        self.state.wall_clock_us = lambda: time.time_ns() // 1000
        self.state.io = self
        self.tls = self._server_tls() if config["tls-port"] else None
        self.listeners = listeners_from_config(config, list(listen), self._tls_endpoint)
        for name in ("port", "tls-port", "bind"):
            config.on_change(name, self._relisten)
        self._cron: task.LoopingCall | None = None
        self._listening = False
        self._last_idle_check_ms = 0
        self._postponed: dict[Any, None] = {}
        self._resume_call: Any = None
        self.children = Children(time.time)
        self.aof = AofService(self.state, reactor, self.children)  # one fork at a time, shared with BGSAVE
        self.aof.setServiceParent(self)
        self._shutdown_handled = False
        self._serving_while_busy = False
        self.snapshots = self.state.snapshots = Snapshots(self.state, self.children)

    # -- start and stop -------------------------------------------------------

    def privilegedStartService(self) -> None:
        """Bind every listener now, synchronously, so a busy port fails start-up at once."""
        self._open_listeners()
        super().privilegedStartService()

    def startService(self) -> None:
        if not self._listening:
            # `twist` (python -m twisted) starts services without the privileged step.
            try:
                self._open_listeners()
            except ListenError as error:
                log.critical("{message}", message=str(error))
                self._reactor.callLater(0, self._reactor.stop)
                return
        super().startService()
        hz = max(1, min(500, int(self.config["hz"])))
        self._cron = task.LoopingCall(self._server_cron)
        self._cron.clock = self._reactor
        self._cron.start(1.0 / hz, now=False)
        self._banner()

    def _open_listeners(self) -> None:
        self._listening = True
        self.state.now_ms = int(self._reactor.seconds() * 1000)
        self.state.started_ms = self.state.now_ms
        self.state.lastsave = self.state.now_ms // 1000
        try:
            # Before any listener accepts (Redis loads before serving too); the AOF wins when on.
            self.aof.load()
            if not self.config["appendonly"]:
                self.snapshots.load()
        except (AofError, LoadError) as error:
            raise ListenError(str(error)) from None
        try:
            for listener in self.listeners:
                self._open(listener)
        except ListenError:
            self._close_listeners()
            raise
        self.listeners = [listener for listener in self.listeners if listener.port is not None]

    def _open(self, listener: Listener) -> None:
        """Listen now (synchronously); an optional address that fails is left closed."""
        factory = RedisServerFactory(self.state, self._reactor, listener.kind, self)
        endpoint = listener.endpoint
        if endpoint is None:
            try:
                endpoint = serverFromString(self._reactor, listener.description)
            except (ValueError, TypeError, KeyError) as error:
                raise ListenError(f"Bad listen description '{listener.description}': {error}") from None
        results: list[Any] = []
        endpoint.listen(factory).addBoth(results.append)
        if not results:
            raise ListenError(f"Listener '{listener.display}' did not start synchronously")
        if isinstance(results[0], Failure):
            if listener.optional:
                return
            raise ListenError(
                f"Could not create server {listener.kind.upper()} listening socket "
                f"{listener.display}: {results[0].getErrorMessage()}"
            )
        listener.port = results[0]
        listener.factory = factory

    def _relisten(self, _value: Any) -> None:
        """
        CONFIG SET port/tls-port/bind: open what the settings now name, then
        close what they no longer name; connected clients stay, as in Redis.
        """
        if not self._listening:
            return
        if self.config["tls-port"] and self.tls is None:
            try:
                self.tls = self._server_tls()
            except ListenError as error:
                log.warn("{error}", error=str(error))
                raise ConfigError("Unable to listen on this port. Check server logs.") from None
        wanted = [
            listener
            for listener in listeners_from_config(self.config, [], self._tls_endpoint if self.tls else None)
            if listener.kind != "unix"
        ]
        current = {listener.description: listener for listener in self.listeners if listener.configured}
        opened = []
        for listener in wanted:
            if listener.description in current:
                continue
            try:
                self._open(listener)
            except ListenError as error:
                log.warn("{error}", error=str(error))
                for done in opened:
                    done.port.stopListening()
                raise ConfigError("Unable to listen on this port. Check server logs.") from None
            if listener.port is not None:
                opened.append(listener)
        keep = {listener.description for listener in wanted}
        for listener in list(self.listeners):
            if listener.configured and listener.kind != "unix" and listener.description not in keep:
                listener.port.stopListening()
                self.listeners.remove(listener)
        self.listeners.extend(opened)
        self._set_title()

    def stopService(self) -> defer.Deferred:
        """Stop listening, save if save points say so (SIGTERM, as Redis), close every client."""
        if self._cron is not None and self._cron.running:
            self._cron.stop()
        if self._listening and not self._shutdown_handled and self.config["save"]:
            self.snapshots.shutdown_save()
        self._shutdown_handled = True
        listeners = [listener for listener in self.listeners if listener.port is not None]
        stopping = [defer.maybeDeferred(listener.port.stopListening) for listener in listeners]
        closing = [listener.factory.close_all() for listener in listeners]
        super().stopService()
        return defer.gatherResults(stopping + closing)

    def _close_listeners(self) -> None:
        for listener in self.listeners:
            if listener.port is not None:
                listener.port.stopListening()
                listener.port = None

    def _server_cron(self) -> None:
        """Redis's serverCron at C{hz}: active expiry and keyspace upkeep."""
        if self.state.script_busy:
            return  # a script is running: the keyspace must stand still under it
        now_ms = self.state.now_ms = int(self._reactor.seconds() * 1000)
        self.state.databases_cron()
        server_cron(self.state, now_ms)
        self.snapshots.cron()
        if now_ms - self._last_idle_check_ms >= 1000:
            self._last_idle_check_ms = now_ms
            self._close_idle_clients(now_ms)

    def _close_idle_clients(self, now_ms: int) -> None:
        """C{timeout}: drop normal clients idle longer than that many seconds, as Redis does."""
        limit = self.config["timeout"]
        if not limit:
            return
        for session in list(self.state.clients.values()):
            if (
                (now_ms - session.last_interaction_ms) // 1000 > limit
                and not session.subscriptions
                and not session.is_replica_link
                and session not in self.state.monitors
                and session.connection is not None
            ):
                log.info("Closing idle client")
                session.connection.close()

    # -- TLS for tls-port --------------------------------------------------------

    def _server_tls(self) -> Any:
        """
        The one reloadable TLS context behind every tls-port listener. With no
        certificate configured, a throw-away CA and server certificate are made
        in C{dir} (our convenience: Redis refuses to start).
        """
        from txredisd import tls

        config = self.config
        if not config["tls-cert-file"] and not config["tls-key-file"]:
            directory = os.path.join(config["dir"], "txredisd-tls")
            cert, key, ca = tls.generate_throwaway_certs(directory)
            config.set("tls-cert-file", cert, startup=True)
            config.set("tls-key-file", key, startup=True)
            if not config["tls-ca-cert-file"] and not config["tls-ca-cert-dir"]:
                config.set("tls-ca-cert-file", ca, startup=True)
            log.warn(
                "*** No TLS certificate configured: serving a THROW-AWAY self-made one. Clients must "
                "trust the CA at {ca} (and present a certificate it signed, {directory}/client.crt, "
                "unless tls-auth-clients is no). Configure tls-cert-file/tls-key-file for real use. ***",
                ca=ca,
                directory=directory,
            )
        try:
            reloadable = tls.ReloadableServerTLS(tls.TLSSettings.from_config(config))
            if self._tls_handshake_timeout is not None:
                reloadable.handshake_timeout = self._tls_handshake_timeout
        except (tls.TLSConfigError, ValueError) as error:
            raise ListenError(f"Failed to configure TLS: {error}") from None
        for name in _TLS_RELOADING:
            config.on_change(name, self._reload_tls, even_if_same=True)
        return reloadable

    def _tls_endpoint(self, host: str, port: int, backlog: int) -> Any:
        from txredisd.tls import tls_server_endpoint

        return tls_server_endpoint(self._reactor, port, self.tls, interface=host, backlog=backlog)

    def _reload_tls(self, _value: Any) -> None:
        """CONFIG SET of a tls-* setting: build the new context first, swap only if it works."""
        from txredisd import tls

        try:
            self.tls.reload(tls.TLSSettings.from_config(self.config))
        except (tls.TLSConfigError, ValueError) as error:
            log.warn("Failed applying new TLS configuration: {error}", error=str(error))
            raise ConfigError("Unable to update TLS configuration. Check server logs.") from None

    # -- what we tell the world ------------------------------------------------

    def announced_endpoints(self, transport: str | None = None) -> list[tuple[str, str, int | str]]:
        """
        Every address we listen on as (kind, host, port), or only those of one
        transport (C{"tcp"}, C{"tls"}, C{"unix"}). The banner, process title,
        INFO, and later replication and cluster announcements all ask here.
        """
        return [
            (listener.kind, *listener.bound())
            for listener in self.listeners
            if transport is None or listener.kind == transport
        ]

    def port_for(self, transport: str) -> int:
        """The port a client of C{transport} should be told about (0 if none)."""
        for _kind, _host, port in self.announced_endpoints(transport):
            return int(port)
        return 0

    def title(self) -> str:
        parts = []
        for kind, host, port in self.announced_endpoints():
            if kind == "unix":
                parts.append(f"unix:{host}")
            elif kind == "tls":
                parts.append(f"tls:{port}")
            else:
                parts.append(f"{host}:{port}")
        return "txredisd " + ",".join(parts)

    def _banner(self) -> None:
        log.info(
            "txredisd {version} (Redis {redis} compatible), pid={pid}, just started",
            version=__version__,
            redis=REDIS_VERSION,
            pid=os.getpid(),
        )
        for kind, host, port in self.announced_endpoints():
            where = host if kind == "unix" else f"{host}:{port}"
            log.info("Listening ({kind}) on {where}", kind=kind, where=where)
        pending = self.config.not_in_effect()
        if pending:
            log.warn("Accepted, not yet in effect: {names}", names=", ".join(pending))
        log.info("Ready to accept connections")
        self._set_title()

    def _set_title(self) -> None:
        """The process title names every listening address (redis-server does the same)."""
        if not self.owns_process:
            return
        import setproctitle

        setproctitle.setproctitle(self.title())

    # -- CLIENT PAUSE ---------------------------------------------------------------

    def postpone(self, connection: Any) -> None:
        """Hold a connection until the pause ends (by its deadline or CLIENT UNPAUSE)."""
        self._postponed[connection] = None
        delay = max(0.0, (self.state.paused_until_ms - self.state.now_ms) / 1000)
        if self._resume_call is None or not self._resume_call.active():
            self._resume_call = self._reactor.callLater(delay, self.unpaused)

    def unpaused(self) -> None:
        """Run every held connection again, in the order they were held."""
        if self._resume_call is not None and self._resume_call.active():
            self._resume_call.cancel()
        self._resume_call = None
        held, self._postponed = self._postponed, {}
        for connection in held:
            connection.resume()

    # -- DEBUG SLEEP ------------------------------------------------------------------

    def hold_everything(self, sleeper: Any) -> None:
        """
        Redis's DEBUG SLEEP blocks its event loop; we must not block ours, so we
        stop reading from every client instead and send the sleeper's reply when
        the time is up.
        """
        delay = (self.state.busy_until_ms - self.state.now_ms) / 1000
        held = [
            protocol
            for listener in self.listeners
            if listener.factory is not None
            for protocol in listener.factory.connections
            if protocol.transport is not None
        ]
        for protocol in held:
            protocol.transport.pauseProducing()
        self._reactor.callLater(delay, self._wake, sleeper, held)

    def _wake(self, sleeper: Any, held: list[Any]) -> None:
        self.state.busy_until_ms = 0
        if sleeper.session is not None:
            sleeper.flush()
            if sleeper.session.close_after_reply:
                sleeper.close()
        for protocol in held:
            if protocol.transport is not None and protocol.session is not None:
                protocol.transport.resumeProducing()

    # -- blocked clients (BLPOP & co.) ------------------------------------------------

    def client_blocked(self, session: Any) -> None:
        """Arm the parked client's deadline; its connection has stopped reading."""
        connection = session.connection
        deadline_ms = session.blocked.deadline_ms
        if connection is not None and deadline_ms:
            delay = max(0.0, (deadline_ms - self.state.now_ms) / 1000)
            connection.block_timer = self._reactor.callLater(delay, self._block_timed_out, session)

    def _block_timed_out(self, session: Any) -> None:
        if session.connection is not None:
            session.connection.block_timer = None
        self.state.now_ms = int(self._reactor.seconds() * 1000)
        self.state.blocking.expire(session)

    def client_unblocked(self, session: Any) -> None:
        """Send the answer now; what the client sent meanwhile runs on the next turn."""
        connection = session.connection
        if connection is None:
            return
        timer, connection.block_timer = connection.block_timer, None
        if timer is not None and timer.active():
            timer.cancel()
        connection.flush()
        self._reactor.callLater(0, connection.resume)

    # -- busy scripts ------------------------------------------------------------------

    def process_events_while_busy(self) -> None:
        """
        A script has run past busy-reply-threshold: let the reactor serve the
        others meanwhile (they get -BUSY; SCRIPT KILL and SHUTDOWN NOSAVE work),
        as Redis's processEventsWhileBlocked. The connections in the middle of a
        batch (the script's caller) read nothing until the script ends.
        """
        if self._serving_while_busy:
            return
        callers = [
            protocol
            for listener in self.listeners
            if listener.factory is not None
            for protocol in listener.factory.connections
            if protocol.in_batch and protocol.transport is not None
        ]
        for protocol in callers:
            protocol.transport.pauseProducing()
        self._serving_while_busy = True
        try:
            self._reactor.iterate(0)
            for listener in self.listeners:
                if listener.factory is not None:
                    listener.factory.end_of_turn.write()  # the -BUSY replies of this turn
        finally:
            self._serving_while_busy = False
            for protocol in callers:
                if protocol.transport is not None:
                    protocol.transport.resumeProducing()

    # -- ServerIO ------------------------------------------------------------------

    def close_client(self, session: Any) -> None:
        connection = session.connection
        if connection is not None:
            connection.flush()
            connection.close()

    def flush_soon(self, session: Any) -> None:
        connection = session.connection
        if connection is not None:
            connection.flush_soon()

    def info_fields(self) -> dict[str, object]:
        """INFO facts only the I/O layer knows."""
        return {
            "tcp_port": self.port_for("tcp") or self.port_for("tls"),
            "multiplexing_api": _multiplexing_api(self._reactor),
            "executable": os.path.abspath(sys.argv[0]) if sys.argv and sys.argv[0] else "",
            "config_file": getattr(self.config, "path", None) or "",
            "used_memory_rss": _resident_bytes(),
        }

    def request_shutdown(self, save: bool | None, now: bool, force: bool, abort: bool = False) -> str | None:
        if abort:
            return "ERR No shutdown in progress."
        log.info("User requested shutdown...")
        scripting = getattr(self.state, "scripting", None)
        if self.state.script_busy and scripting is not None:
            scripting.abandon()  # only NOSAVE gets here while a script is busy
        if (save or (save is None and self.config["save"])) and not self.snapshots.shutdown_save() and not force:
            log.warn("Error trying to save the DB, can't exit.")
            return "ERR Errors trying to SHUTDOWN. Check logs."
        self._shutdown_handled = True
        self._reactor.callLater(0, self._reactor.stop)
        return None


def _multiplexing_api(reactor: Any) -> str:
    """The event mechanism under the reactor, named as Redis names its own (epoll, poll...)."""
    name = type(reactor).__name__.lower()
    for api in ("epoll", "kqueue", "poll", "select", "asyncio"):
        if api in name:
            return api
    return name


def _resident_bytes() -> int:
    """Resident set size, from /proc as Redis reads it; 0 where /proc is absent."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def make_service(
    config: Config, listen: list[str], reactor: Any = None, tls_handshake_timeout: float | None = None
) -> TxRedisService:
    if reactor is None:
        from twisted.internet import reactor
    return TxRedisService(config, reactor, listen, owns_process=True, tls_handshake_timeout=tls_handshake_timeout)


def fail(message: str) -> None:
    """A start-up failure: one line on stderr, non-zero exit, no traceback."""
    sys.stderr.write(f"txredisd: {message}\n")
    raise SystemExit(1)
