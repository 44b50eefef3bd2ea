"""
One client's view of the server: selected database, protocol version, auth,
reply mode; and the dispatch of its commands through the table.

C{execute} appends encoded replies to C{out}; the adapter joins and writes them
once per read, so a pipeline of N commands costs one write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from txredisd.core.blocking import Block
from txredisd.core.commands import TABLE
from txredisd.core.errors import NOAUTH, CommandError, wrong_arity
from txredisd.resp.encode import encode_into
from txredisd.resp.values import QUEUED, SimpleString

if TYPE_CHECKING:
    from txredisd.core.state import ServerState

REPLY_ON, REPLY_OFF, REPLY_SKIP_NEXT, REPLY_SKIP = 0, 1, 2, 3

_COMMANDS = TABLE.commands
# What a RESP2 client may run while subscribed.
_SUBSCRIBER_COMMANDS = frozenset(
    ("subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe", "sunsubscribe", "ping", "quit", "reset")
)
# Commands that run at once even inside MULTI.
_MULTI_IMMEDIATE = frozenset((b"exec", b"discard", b"multi", b"watch", b"quit", b"reset"))


#: Returned by L{ClientSession.execute} when CLIENT PAUSE holds a command back.
POSTPONED = object()


def _may_replicate(spec) -> bool:
    return spec is not None and ("write" in spec.flags or "may_replicate" in spec.flags)


def _preview(argv: list[bytes]) -> str:
    """Redis's "with args beginning with:" list: quoted args, at most ~128 bytes."""
    text = ""
    for arg in argv[1:]:
        if len(text) >= 128:
            break
        text += "'" + arg[: 128 - len(text)].decode("utf-8", "replace") + "' "
    return text


def _sanitize(message: str) -> str:
    """Error replies are one line: Redis turns CR and LF into spaces."""
    if "\r" in message or "\n" in message:
        return message.replace("\r", " ").replace("\n", " ")
    return message


class ClientSession:
    """
    Per-connection state (Redis's C{client} struct).

    @ivar kind: transport the client came in on: C{"tcp"}, C{"tls"} or C{"unix"};
        it decides which port this client is told about (MOVED, CLUSTER SLOTS).
    @ivar out: encoded reply chunks waiting for the adapter's write.
    @ivar rewritten: set by a write handler that must reach replicas/AOF as other
        commands (e.g. relative expiry made absolute); a list of argv lists.
    """

    def __init__(
        self,
        server: ServerState,
        kind: str = "tcp",
        peer: str = "",
        local: str = "",
    ) -> None:
        self.server = server
        self.id = server.new_client_id()
        self.kind = kind
        self.peer = peer
        self.local = local
        self.db = server.dbs[0]
        self.resp = 2
        self.name = b""
        self.user = "default"
        self.authenticated = not server.auth_required()
        self.out: list[bytes] = []
        self.reply_mode = REPLY_ON
        self.close_after_reply = False
        self.multi: list[list[bytes]] | None = None
        self.multi_failed = False
        #: True while EXEC or a script runs: blocking commands answer at once.
        self.deny_blocking = False
        #: The L{Block} this client waits under (None when not blocked).
        self.blocked: Block | None = None
        self.watch_dirty = False
        #: WATCHed (db index, key) -> whether it was already logically expired then.
        self.watched_keys: dict[tuple[int, bytes], bool] = {}
        self.rewritten: list[list[bytes]] | None = None
        self.created_ms = server.now_ms
        self.last_interaction_ms = server.now_ms
        #: The spec of the last command run (None before the first), for CLIENT LIST.
        self.last_command = None
        self.lib_name = b""
        self.lib_ver = b""
        self.no_evict = False
        self.peer_subject: str | None = None
        # Connection figures for CLIENT LIST, kept current by the adapter.
        self.fd = -1
        self.qbuf = 0
        self.qbuf_free = 0
        self.obl = 0
        self.oll = 0
        self.omem = 0
        #: Channels, patterns and shard channels subscribed to (ordered sets),
        #: and their total, which puts a RESP2 client in subscriber mode.
        self.channels: dict[bytes, None] = {}
        self.patterns: dict[bytes, None] = {}
        self.shard_channels: dict[bytes, None] = {}
        self.subscriptions = 0
        self.flags = ""
        #: True for a replica's link to us: replicas are never paused.
        self.is_replica_link = False
        #: The adapter object carrying this session's bytes (None when detached).
        self.connection = None

    # -- replies ------------------------------------------------------------

    def reply(self, value: Any) -> None:
        """Queue a reply (respecting CLIENT REPLY OFF/SKIP)."""
        if self.reply_mode == REPLY_ON:
            encode_into(self.out, value, self.resp)

    def reply_error(self, message: str) -> None:
        message = _sanitize(message)
        self.server.error_replied(message)
        if self.reply_mode == REPLY_ON:
            self.out.append(b"-%s\r\n" % message.encode("utf-8", "replace"))

    def push(self, value: Any) -> None:
        """An out-of-band message (pub/sub, MONITOR): queued and flushed soon."""
        encode_into(self.out, value, self.resp)
        io = self.server.io
        if io is not None:
            io.flush_soon(self)

    # -- dispatch -------------------------------------------------------------

    def execute(self, argv: list[bytes]) -> object:
        """
        Run one command and queue its reply.

        @return: L{POSTPONED} when CLIENT PAUSE holds the command back; the
            adapter must stop reading and offer the same argv again later.
            A command that parks the client (BLPOP & co.) leaves C{blocked}
            set: the adapter runs nothing more of it until it is woken.
        """
        server = self.server
        spec = _COMMANDS.get(argv[0].lower())
        if spec is None:
            name = argv[0][:128].decode("utf-8", "replace")
            return self._reject(
                None, f"ERR unknown command '{name}', with args beginning with: {_preview(argv)}"
            )
        if spec.subcommands and (len(argv) > 1 or spec.handler is None):
            if len(argv) == 1:
                return self._reject(spec, wrong_arity(spec.fullname).message)
            sub = spec.subcommands.get(argv[1].lower())
            if sub is None:
                if spec.handler is None:
                    return self._reject(
                        None,
                        f"ERR unknown subcommand '{argv[1][:128].decode('utf-8', 'replace')}'. "
                        f"Try {spec.name.upper()} HELP.",
                    )
            else:
                spec = sub
        arity = spec.arity
        if (arity > 0 and len(argv) != arity) or len(argv) < -arity:
            return self._reject(spec, wrong_arity(spec.fullname).message)
        if not self.authenticated and "no_auth" not in spec.flags and server.auth_required():
            return self._reject(spec, NOAUTH)
        if server.script_busy and "allow_busy" not in spec.flags:
            return self._reject(spec, server.script_busy)
        if self.subscriptions and self.resp == 2 and spec.name not in _SUBSCRIBER_COMMANDS:
            return self._reject(
                spec,
                f"ERR Can't execute '{spec.fullname}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
                "are allowed in this context",
            )
        if server.refuse_writes and ("write" in spec.flags or spec.name == "ping"):
            return self._reject(spec, server.refuse_writes)
        if server.paused_until_ms and self._paused_for(spec):
            return POSTPONED
        if self.multi is not None and argv[0].lower() not in _MULTI_IMMEDIATE:
            if "no_multi" in spec.flags:
                return self._reject(spec, "ERR Command not allowed inside a transaction")
            self.multi.append(argv)
            self.reply(QUEUED)
            return None
        self.call(spec, argv)
        if self.reply_mode >= REPLY_SKIP_NEXT:
            self.reply_mode = REPLY_SKIP if self.reply_mode == REPLY_SKIP_NEXT else REPLY_ON
        blocking = server.blocking
        if blocking.ready:
            blocking.serve()
        return None

    def call(self, spec, argv: list[bytes]) -> None:
        """Run a resolved command and queue its reply (Redis's C{call()})."""
        try:
            result = self.run(spec, argv)
        except CommandError as error:
            self.reply_error(error.message)
            return
        if self.reply_mode == REPLY_ON:
            kind = type(result)
            if kind is bytes:
                self.out.append(b"$%d\r\n%s\r\n" % (len(result), result))
            elif kind is SimpleString:
                self.out.append(result.wire)
            elif kind is Block:
                self._block(result, argv)
            else:
                encode_into(self.out, result, self.resp)
        elif type(result) is Block:
            self._block(result, argv)

    def run(self, spec, argv: list[bytes]) -> Any:
        """
        Run a resolved command and return its reply value, with the bookkeeping
        every caller needs: stats, slow log, latency, propagation, MONITOR.
        Scripts call this directly and convert the value themselves.

        @raise CommandError: the command failed (already counted).
        """
        server = self.server
        self.last_interaction_ms = server.now_ms
        self.last_command = spec
        dirty_before = server.dirty
        timer = server.timer
        started = timer()
        try:
            result = spec.handler(self, argv)
        except CommandError:
            spec.failed_calls += 1
            raise
        finally:
            elapsed = int((timer() - started) * 1_000_000)
            spec.calls += 1
            spec.usec += elapsed
            server.stats.total_commands_processed += 1
            if elapsed >= server.slowlog_threshold_us >= 0:
                server.slowlog_record(self, argv, elapsed)
            if elapsed >= server.latency_threshold_us > 0:
                event = "fast-command" if "fast" in spec.flags else "command"
                server.latency.add(event, server.now_ms // 1000, elapsed // 1000)
            # A handler that sets C{rewritten} is propagated even when nothing
            # changed (Redis's forceCommandPropagation: FLUSHALL on empty databases).
            if (server.dirty != dirty_before or self.rewritten is not None) and server.propagate_to:
                rewritten = self.rewritten
                if rewritten is None:
                    server.propagate(self.db.index, argv)
                else:
                    self.rewritten = None
                    if len(rewritten) > 1 and not server.in_atomic_propagation:
                        # Several effects of one command stay atomic on replicas and in
                        # the AOF; inside EXEC or a script the whole is wrapped already.
                        rewritten = [[b"MULTI"], *rewritten, [b"EXEC"]]
                    for command in rewritten:
                        server.propagate(self.db.index, command)
            elif self.rewritten is not None:
                self.rewritten = None
            if server.monitors and "admin" not in spec.flags and "skip_monitor" not in spec.flags:
                server.feed_monitors(self, argv)
        return result

    def _block(self, block: Block, argv: list[bytes]) -> None:
        """A blocking command found nothing: wait, unless blocking is not allowed here."""
        if self.deny_blocking:
            self.reply(block.timeout_reply)
        else:
            self.server.blocking.park(self, block, argv)

    def _paused_for(self, spec) -> bool:
        """CLIENT PAUSE: ALL holds every command, WRITE those that may replicate."""
        server = self.server
        if server.paused_until_ms <= server.now_ms or self.is_replica_link:
            return False
        if not server.pause_writes_only:
            return True
        if spec.name == "exec" and self.multi:
            return any(_may_replicate(TABLE.lookup(argv)) for argv in self.multi)
        return _may_replicate(spec)

    def _reject(self, spec, message: str) -> None:
        if spec is not None:
            spec.rejected_calls += 1
        if self.multi is not None:
            self.multi_failed = True
        if spec is not None and spec.name == "exec":
            # A refused EXEC ends any transaction and says why (Redis's execCommandAbort).
            self.multi = None
            self.multi_failed = False
            self.unwatch_all()
            reason = message[4:] if message.startswith("ERR ") else message
            message = f"EXECABORT Transaction discarded because of: {reason}"
        self.reply_error(message)
        return None

    def select(self, index: int) -> None:
        self.db = self.server.dbs[index]

    def reset(self) -> None:
        """RESET: back to the state of a fresh connection (but the same id)."""
        self.multi = None
        self.multi_failed = False
        self.unwatch_all()
        if self.subscriptions:
            self.server.pubsub.forget(self)
        self.select(0)
        self.resp = 2
        self.name = b""
        self.reply_mode = REPLY_ON
        self.authenticated = not self.server.auth_required()
        self.user = "default"
        if self in self.server.monitors:
            self.server.monitors.remove(self)

    def unwatch_all(self) -> None:
        watched = self.server.watched
        for entry in self.watched_keys:
            watchers = watched.get(entry)
            if watchers is not None:
                watchers.discard(self)
                if not watchers:
                    del watched[entry]
        self.watched_keys = {}
        self.watch_dirty = False

    def disconnected(self) -> None:
        """The connection is gone: forget every registration that names this client."""
        self.unwatch_all()
        server = self.server
        if self.blocked is not None:
            server.blocking.forget(self)
        if self.subscriptions:
            server.pubsub.forget(self)
        server.clients.pop(self.id, None)
        if self in server.monitors:
            server.monitors.remove(self)
