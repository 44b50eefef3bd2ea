"""
The append-only file's I/O half: loading it at start-up, appending every
propagated write, fsync by C{appendfsync}, and BGREWRITEAOF in a forked
child, in Redis 7.0's multi-part layout (L{txredisd.persistence.aof}).

Writes are encoded once into a buffer and written at the end of the reactor
turn. With C{always} they are written and fsynced before the next reply
leaves, whoever it is for (the state's C{reply_barrier}), so a pipeline of
writes costs one fsync, as Redis fsyncs once before its replies in
C{beforeSleep}. C{everysec} fsyncs in a thread at most once a second.
A rewrite forks a child that writes the new base while the parent at once
starts a new incr file: when the child is done (noticed by polling on the
cron), the manifest names the new base and that incr file, and the older
files are deleted.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from twisted.application.service import Service
from twisted.internet import task, threads
from twisted.logger import Logger

from txredisd.config import ConfigError
from txredisd.core.errors import CommandError
from txredisd.core.session import ClientSession
from txredisd.core.state import ServerState
from txredisd.forks import Children
from txredisd.persistence.aof import (
    BASE,
    AofError,
    AofFile,
    CommandReader,
    CommandStream,
    Manifest,
    has_rdb_preamble,
    parse_manifest,
    rewrite_commands,
)
from txredisd.persistence.rdb import Limits, RdbError

log = Logger(namespace="txredisd")

OFF, ON, WAIT_REWRITE = "off", "on", "wait_rewrite"
ALREADY = "ERR Background append only file rewriting already in progress"
SCHEDULED = "Background append only file rewriting scheduled"
CANT_REWRITE = "ERR Can't execute an AOF background rewriting. Please check the server logs for more information."
_IMPLEMENTED = (
    "appendonly", "appendfilename", "appenddirname", "appendfsync", "aof-load-truncated",
    "aof-use-rdb-preamble", "auto-aof-rewrite-percentage", "auto-aof-rewrite-min-size",
)  # fmt: skip


@dataclass
class Rewrite:
    """A rewrite child at work."""

    pid: int
    started: float
    preamble: bool
    #: incr files opened for this rewrite that stay after it (1, or 0 with the AOF off).
    keep_incrs: int


class AofService(Service):
    """
    The AOF of one server; installed as C{state.aof} (BGREWRITEAOF and INFO
    ask it) and, while the AOF is on, as a consumer of C{state.propagate_to}.
    Its rewrite child is one of C{children} (one fork at a time, shared with BGSAVE).
    """

    def __init__(self, state: ServerState, reactor: Any, children: Children | None = None) -> None:
        self.state = state
        self.children = children or Children(time.time)
        self.config = config = state.config
        self.reactor = reactor
        state.aof = self
        config.implemented.update(_IMPLEMENTED)
        config.on_change("appendonly", self._appendonly_changed)
        self.mode = OFF
        self.manifest = Manifest()
        self.stream = CommandStream()
        self.buffer = bytearray()
        self.fd: int | None = None
        self.child: Rewrite | None = None
        self.current_size = 0
        self.base_size = 0
        self._flush_pending = False
        self._unsynced = False
        self._fsyncing: Any = None
        self._last_fsync = 0.0
        self._cron: task.LoopingCall | None = None
        self.rewrites = 0
        self.rewrite_failures = 0
        self.last_rewrite_status = "ok"
        self.last_rewrite_seconds = -1
        self.last_write_ok = True
        self.rewrite_scheduled = False

    # -- paths ----------------------------------------------------------------

    def _dir(self) -> str:
        return os.path.join(self.config["dir"], self.config["appenddirname"])

    def _path(self, name: str) -> str:
        return os.path.join(self._dir(), name)

    def _manifest_path(self) -> str:
        return self._path(self.config["appendfilename"] + ".manifest")

    def _temp_incr(self) -> str:
        return self._path("temp-" + self.config["appendfilename"] + ".incr")

    def _temp_base(self, pid: int) -> str:
        return os.path.join(self.config["dir"], f"temp-rewriteaof-bg-{pid}.aof")

    # -- start-up ----------------------------------------------------------------

    def load(self) -> None:
        """
        Before any client is served: read the manifest, and with C{appendonly
        yes} load every file it names, then open the AOF for appending.

        @raise AofError: the AOF cannot be loaded (the server must not start).
        """
        path = self._manifest_path()
        if os.path.exists(path):
            with open(path, "rb") as f:
                self.manifest = parse_manifest(f.read(), path)
        if not self.config["appendonly"]:
            return
        self._upgrade_old_style()
        started = time.perf_counter()
        files = self.manifest.files()
        if files:
            self._load_files(files)
            log.info(
                "DB loaded from append only file: {seconds:.3f} seconds, {keys} keys",
                seconds=time.perf_counter() - started,
                keys=sum(len(db.data) for db in self.state.dbs),
            )
        self._open_on_start()

    def _upgrade_old_style(self) -> None:
        """
        A single C{appendfilename} in C{dir} (Redis before 7.0) becomes the base
        of a new appendonlydir, as Redis 7.0 migrates it: manifest first, then
        the move, which a later start finishes if a crash came in between.
        """
        name = self.config["appendfilename"]
        old = os.path.join(self.config["dir"], name)
        if not os.path.isfile(old):
            return
        base = self.manifest.base
        if base is None and not self.manifest.incrs:
            os.makedirs(self._dir(), exist_ok=True)
            self.manifest = Manifest(base=AofFile(name, 1, BASE), base_seq=1)
            self._persist_manifest()
        elif base is None or base.name != name or os.path.exists(self._path(name)):
            return
        os.rename(old, self._path(name))
        _fsync_dir(self._dir())
        log.info("Successfully migrated an old-style AOF into the AOF directory")

    def _load_files(self, files: list[AofFile]) -> None:
        saved, self.state.propagate_to = self.state.propagate_to, []
        session = ClientSession(self.state)
        session.authenticated = True
        try:
            for i, aof_file in enumerate(files):
                self._load_one(aof_file, session, last=i == len(files) - 1)
        finally:
            self.state.propagate_to = saved
        # As Redis: growth for auto-rewrite counts from the base file alone.
        self.current_size = sum(self._size(f.name) for f in files)
        self.base_size = self._size(self.manifest.base.name) if self.manifest.base else 0

    def _size(self, name: str) -> int:
        try:
            return os.path.getsize(self._path(name))
        except OSError:
            return 0

    def _load_one(self, aof_file: AofFile, session: ClientSession, last: bool) -> None:
        path = self._path(aof_file.name)
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as error:
            raise AofError(path, f"cannot open it: {error.strerror}") from None
        start = 0
        if has_rdb_preamble(data):
            start = self._load_preamble(data, path)
        parsed = CommandReader(data, path, start)
        self._replay(parsed, session, path)
        kind = "base" if aof_file.kind == BASE else "incr"
        log.info("DB loaded from {kind} file {name}", kind=kind, name=aof_file.name)
        problem = parsed.problem
        if problem is None:
            return
        if not problem.truncated:
            raise AofError(
                path,
                f"bad file format ({problem.reason}): make a backup of your AOF file, then use "
                "redis-check-aof --fix <filename.manifest>",
                problem.offset,
            )
        if not last or not self.config["aof-load-truncated"]:
            remedy = "it is not the last file of the AOF" if not last else "set aof-load-truncated yes to drop it"
            raise AofError(
                path,
                f"the last command (starting here) is incomplete: {problem.reason}; {remedy}",
                parsed.end,
                truncated=True,
            )
        log.warn("!!! Warning: short read while loading the AOF file {path}!!!", path=path)
        log.warn("!!! Truncating the AOF {path} at offset {offset} !!!", path=path, offset=parsed.end)
        os.truncate(path, parsed.end)
        log.warn("AOF {path} loaded anyway because aof-load-truncated is enabled", path=path)

    def _load_preamble(self, data: bytes, path: str) -> int:
        from txredisd.core.commands.scripting import replace_libraries
        from txredisd.persistence import load

        try:
            result = load(data, self.state.dbs, self.state.now_ms, self.config, drop_expired=False)
            replace_libraries(self.state, result.summary.functions)
        except RdbError as error:
            raise AofError(path, f"RDB preamble: {error.reason}", error.offset) from None
        except CommandError as error:
            raise AofError(path, f"RDB preamble: {error.message}", 0) from None
        return result.summary.end_offset

    def _replay(self, commands: Iterable[list[bytes]], session: ClientSession, path: str) -> None:
        from txredisd.core.commands import TABLE

        for argv in commands:
            if TABLE.lookup(argv) is None:
                name = argv[0][:128].decode("utf-8", "replace")
                raise AofError(path, f"unknown command '{name}' reading the append only file")
            session.execute(argv)
            session.out.clear()
        session.select(0)

    def _open_on_start(self) -> None:
        """Redis 7.0 on start with the AOF on: a base file and an incr file must exist."""
        os.makedirs(self._dir(), exist_ok=True)
        manifest = self.manifest
        if manifest.base is None and not manifest.incrs:
            preamble = self.config["aof-use-rdb-preamble"]
            base = manifest.new_base(self.config["appendfilename"], preamble)
            log.info("Creating AOF base file {name} on server start", name=base.name)
            temp = self._temp_base(os.getpid())
            self._write_base(temp, preamble)
            os.rename(temp, self._path(base.name))
            manifest.rewritten(base, 0)
        if manifest.incrs:
            self._open_fd(self._path(manifest.incrs[-1].name), truncate=False)
        else:
            incr = manifest.new_incr(self.config["appendfilename"])
            log.info("Creating AOF incr file {name} on server start", name=incr.name)
            self._open_fd(self._path(incr.name), truncate=True)
        self._persist_manifest()
        self.current_size = sum(self._size(f.name) for f in manifest.files())
        self.base_size = self._size(manifest.base.name) if manifest.base else 0
        self._turn_on(ON)

    # -- the service ------------------------------------------------------------------

    def startService(self) -> None:
        super().startService()
        hz = max(1, min(500, int(self.config["hz"])))
        self._cron = task.LoopingCall(self.cron)
        self._cron.clock = self.reactor
        self._cron.start(1.0 / hz, now=False)

    def stopService(self) -> None:
        """Shutting down: everything written reaches the disk; a rewrite child is abandoned."""
        if self._cron is not None and self._cron.running:
            self._cron.stop()
        self._kill_child()
        if self.mode != OFF:
            self.flush()
            self._close_fd(sync=True)
        super().stopService()

    def cron(self) -> None:
        """At C{hz}: pending writes, the once-a-second fsync, the rewrite child, auto-rewrite."""
        if self.state.reply_barrier is not None:
            self.state.reply_barrier()  # writes no reply has waited for yet (an expiry's DEL)
        self.flush()
        self._everysec_fsync()
        self.children.reap()
        if not self.children.busy() and (self.rewrite_scheduled or self._wants_auto_rewrite()):
            self.rewrite_scheduled = False
            try:
                self._start_rewrite()
            except OSError as error:
                log.warn("Can't rewrite append only file in background: fork: {error}", error=error.strerror)
                self.rewrite_scheduled = self.mode == WAIT_REWRITE

    def _wants_auto_rewrite(self) -> bool:
        percentage = self.config["auto-aof-rewrite-percentage"]
        if self.mode != ON or not percentage or self.current_size <= self.config["auto-aof-rewrite-min-size"]:
            return False
        growth = self.current_size * 100 // (self.base_size or 1) - 100
        if growth < percentage:
            return False
        log.info("Starting automatic rewriting of AOF on {growth}% growth", growth=growth)
        return True

    # -- appending ---------------------------------------------------------------------

    def _turn_on(self, mode: str) -> None:
        self.mode = mode
        self.stream.reset()
        if self.append not in self.state.propagate_to:
            self.state.propagate_to.append(self.append)

    def append(self, db: int, argv: list[bytes]) -> None:
        """The consumer of the write stream: one command, encoded once."""
        self.buffer += self.stream.encode(db, argv)
        if self.config["appendfsync"] == "always":
            self.state.reply_barrier = self.sync_before_replies
        elif not self._flush_pending:
            self._flush_pending = True
            self.reactor.callLater(0, self.flush)

    def sync_before_replies(self) -> None:
        """The reply barrier of C{always}: what the replies about to leave acknowledge, on disk first."""
        self.state.reply_barrier = None
        if self.flush() and self.fd is not None:
            os.fsync(self.fd)

    def flush(self) -> bool:
        """Write the buffer to the current file; False (and status err) when the write fails."""
        self._flush_pending = False
        if not self.buffer or self.fd is None:
            return True
        view = memoryview(self.buffer)
        done = 0
        try:
            while done < len(view):
                done += os.write(self.fd, view[done:])
        except OSError as error:
            if self.last_write_ok:
                log.warn("Error writing to the AOF file: {error}", error=error.strerror)
            self.last_write_ok = False
            del view
            del self.buffer[:done]
            self.current_size += done
            return False
        del view
        self.buffer.clear()
        self.current_size += done
        self._unsynced = True
        if not self.last_write_ok:
            log.info("AOF write error looks solved, Redis can write again.")
        self.last_write_ok = True
        return True

    def _everysec_fsync(self) -> None:
        if self.config["appendfsync"] != "everysec" or self.fd is None or not self._unsynced:
            return
        now = self.reactor.seconds()
        if self._fsyncing is not None or now - self._last_fsync < 1.0:
            return
        self._unsynced = False
        self._last_fsync = now
        done = self._fsyncing = threads.deferToThread(os.fsync, self.fd)
        done.addErrback(lambda failure: log.failure("fsync of the AOF failed", failure))
        done.addBoth(self._fsynced)

    def _fsynced(self, _result: Any) -> None:
        self._fsyncing = None

    def _open_fd(self, path: str, truncate: bool) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if truncate else 0)
        old, self.fd = self.fd, os.open(path, flags, 0o644)
        self.stream.reset()
        if old is not None:
            self._retire(old)

    def _retire(self, fd: int) -> None:
        """An old file's last fsync and close, after any fsync thread still using it."""
        if self.config["appendfsync"] == "no":
            os.close(fd)
        elif self._fsyncing is None:
            os.fsync(fd)
            os.close(fd)
        else:
            self._fsyncing.addBoth(lambda result: (os.fsync(fd), os.close(fd), result)[-1])

    def _close_fd(self, sync: bool) -> None:
        fd, self.fd = self.fd, None
        if fd is None:
            return
        if sync:
            os.fsync(fd)
        if self._fsyncing is None:
            os.close(fd)
        else:
            self._fsyncing.addBoth(lambda result: (os.close(fd), result)[-1])

    # -- the manifest ---------------------------------------------------------------------

    def _persist_manifest(self) -> None:
        """Atomically: a temp file, fsync, rename over the manifest, fsync the directory."""
        path = self._manifest_path()
        temp = self._path("temp-" + os.path.basename(path))
        with open(temp, "wb") as f:
            f.write(self.manifest.dump())
            f.flush()
            os.fsync(f.fileno())
        os.rename(temp, path)
        _fsync_dir(self._dir())

    # -- rewriting ------------------------------------------------------------------------

    def bgrewriteaof(self, later: bool = False) -> str:
        """BGREWRITEAOF: Redis's status text, or L{CommandError}; C{later}: only schedule it."""
        if self.child is not None:
            raise CommandError(ALREADY)
        if later or self.children.busy():
            self.rewrite_scheduled = True
            return SCHEDULED
        try:
            self._start_rewrite()
        except OSError as error:
            log.warn("Can't rewrite append only file in background: {error}", error=error.strerror)
            raise CommandError(CANT_REWRITE) from None
        return "Background append only file rewriting started"

    def _start_rewrite(self) -> None:
        """Fork a child writing the new base; with the AOF on, writes go to a new incr file meanwhile."""
        os.makedirs(self._dir(), exist_ok=True)
        preamble = self.config["aof-use-rdb-preamble"]
        if self.mode == ON:
            self.flush()
            incr = self.manifest.new_incr(self.config["appendfilename"])
            log.info("Creating AOF incr file {name} on background rewrite", name=incr.name)
            self._open_fd(self._path(incr.name), truncate=True)
            self._persist_manifest()
        pid = self.children.start(
            "aof", lambda: self._write_base(self._temp_base(os.getpid()), preamble), self._child_done
        )
        self.child = Rewrite(pid, time.monotonic(), preamble, keep_incrs=1 if self.mode == ON else 0)
        log.info("Background append only file rewriting started by pid {pid}", pid=pid)

    def _write_base(self, path: str, preamble: bool) -> None:
        from txredisd.core.commands.scripting import library_codes

        state = self.state
        with open(path, "wb") as out:
            if preamble:
                from txredisd.persistence import write_snapshot

                functions = library_codes(state)
                write_snapshot(out, state.dbs, self.config, state.now_ms, aof_base=True, functions=functions)
            else:
                for chunk in rewrite_commands(state.dbs, Limits.from_config(self.config), library_codes(state)):
                    out.write(chunk)
            out.flush()
            os.fsync(out.fileno())

    def _child_done(self, ok: bool) -> None:
        """The rewrite child ended (or was killed): install its base, or clean up after it."""
        child, self.child = self.child, None
        if child is None:
            return
        temp = self._temp_base(child.pid)
        self.last_rewrite_seconds = int(time.monotonic() - child.started)
        if ok:
            try:
                self._rewrite_done(child, temp)
                return
            except OSError as error:
                log.warn("Background AOF rewrite failed: {error}", error=error.strerror)
        else:
            log.warn("Background AOF rewrite terminated with error")
        _unlink(temp)
        self.last_rewrite_status = "err"
        self.rewrite_failures += 1
        self.rewrite_scheduled = self.mode == WAIT_REWRITE

    def _rewrite_done(self, child: Rewrite, temp: str) -> None:
        manifest = self.manifest
        prefix = self.config["appendfilename"]
        base = manifest.new_base(prefix, child.preamble)
        os.rename(temp, self._path(base.name))
        keep = child.keep_incrs
        if self.mode == WAIT_REWRITE:
            self.flush()
            incr = manifest.new_incr(prefix)
            os.rename(self._temp_incr(), self._path(incr.name))
            keep = 1
            self.mode = ON
        obsolete = manifest.rewritten(base, keep)
        self._persist_manifest()
        for old in obsolete:
            log.info("Removing the history file {name}", name=old.name)
            _unlink(self._path(old.name))
        self.current_size = self.base_size = sum(self._size(f.name) for f in manifest.files())
        self.rewrites += 1
        self.rewrite_failures = 0
        self.last_rewrite_status = "ok"
        log.info("Background AOF rewrite finished successfully")

    def _kill_child(self) -> None:
        child, self.child = self.child, None
        if child is not None:
            log.info("Killing running AOF rewrite child: {pid}", pid=child.pid)
            self.children.kill()  # reaps it at once
            _unlink(self._temp_base(child.pid))

    # -- CONFIG SET appendonly --------------------------------------------------------------

    def _appendonly_changed(self, value: bool) -> None:
        if value and self.mode == OFF:
            self._start_appending()
        elif not value and self.mode != OFF:
            self._stop_appending()

    def _start_appending(self) -> None:
        """As Redis: writes go to a temp incr file until a rewrite makes a base to go with it."""
        if self.child is not None:
            log.warn(
                "AOF was enabled but there is already an AOF rewriting in background. "
                "Stopping background AOF and starting a rewrite now."
            )
            self._kill_child()
        try:
            os.makedirs(self._dir(), exist_ok=True)
            self._open_fd(self._temp_incr(), truncate=True)
            self._turn_on(WAIT_REWRITE)
            if self.children.busy():
                log.info("AOF was enabled while a background save runs: the rewrite will start after it")
                self.rewrite_scheduled = True
            else:
                self._start_rewrite()
        except OSError as error:
            log.warn("Unable to turn on AOF: {error}", error=error.strerror)
            self._stop_appending()
            raise ConfigError("Unable to turn on AOF. Check server logs.") from None

    def _stop_appending(self) -> None:
        self.flush()
        waiting = self.mode == WAIT_REWRITE
        self._close_fd(sync=self.config["appendfsync"] != "no")
        if self.append in self.state.propagate_to:
            self.state.propagate_to.remove(self.append)
        self.mode = OFF
        self.buffer.clear()
        self._kill_child()  # as Redis: a rewrite for an AOF that is off has no use
        if waiting:
            _unlink(self._temp_incr())

    # -- INFO ----------------------------------------------------------------------------------

    def info_fields(self, fields: list[tuple[str, object]]) -> list[tuple[str, object]]:
        """INFO persistence with this AOF's figures in Redis's fields."""
        child = self.child
        ours = {
            "aof_enabled": int(self.mode != OFF),
            "aof_rewrite_in_progress": int(child is not None),
            "aof_rewrite_scheduled": int(self.rewrite_scheduled),
            "aof_last_rewrite_time_sec": self.last_rewrite_seconds,
            "aof_current_rewrite_time_sec": int(time.monotonic() - child.started) if child else -1,
            "aof_last_bgrewrite_status": self.last_rewrite_status,
            "aof_rewrites": self.rewrites,
            "aof_rewrites_consecutive_failures": self.rewrite_failures,
            "aof_last_write_status": "ok" if self.last_write_ok else "err",
        }
        fields = [(name, ours.get(name, value)) for name, value in fields]
        if self.mode != OFF:
            fields += [
                ("aof_current_size", self.current_size),
                ("aof_base_size", self.base_size),
                ("aof_pending_rewrite", int(self.rewrite_scheduled)),
                ("aof_buffer_length", len(self.buffer)),
                ("aof_pending_bio_fsync", int(self._fsyncing is not None)),
                ("aof_delayed_fsync", 0),
            ]
        return fields


def _fsync_dir(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
