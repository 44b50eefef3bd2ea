"""
RDB snapshots on disk: loading at start-up, SAVE, BGSAVE in a forked child,
save points, and the status INFO persistence and MISCONF report.

The codec (L{txredisd.persistence}) is pure; this module owns the files. A
snapshot is written to C{temp-<pid>.rdb} in C{dir}, fsynced, renamed over
C{dbfilename} and the directory fsynced, so a crash at any moment leaves the
previous file whole.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any

from twisted.logger import Logger

from txredisd.core.errors import CommandError
from txredisd.forks import Children
from txredisd.persistence import RdbError, load, write_snapshot

if TYPE_CHECKING:
    from txredisd.core.state import ServerState

log = Logger(namespace="txredisd")

# Redis retries a failed automatic BGSAVE only after this many seconds.
_RETRY_DELAY_S = 5
MISCONF = (
    "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. "
    "Commands that may modify the data set are disabled, because this instance is configured to report "
    "errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check "
    "the Redis logs for details about the RDB error."
)


class LoadError(Exception):
    """The RDB file at start-up is unreadable: refuse to start rather than serve half a dataset."""


def write_file(path: str, state: ServerState) -> None:
    """Write a snapshot of C{state} to C{path} atomically (temp file, fsync, rename, fsync dir)."""
    from txredisd.core.commands.scripting import library_codes

    directory = os.path.dirname(path) or "."
    temp = os.path.join(directory, f"temp-{os.getpid()}.rdb")
    try:
        with open(temp, "wb") as out:
            write_snapshot(out, state.dbs, state.config, state.now_ms, functions=library_codes(state))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Snapshots:
    """
    @ivar last_bgsave_ok: the outcome of the last background save (INFO's
        C{rdb_last_bgsave_status}); a failure with save points configured
        refuses writes when C{stop-writes-on-bgsave-error} is on.
    """

    def __init__(self, state: ServerState, children: Children, clock=time.time) -> None:
        self.state = state
        self.children = children
        self._clock = clock
        self.last_bgsave_ok = True
        self.last_bgsave_seconds = -1
        self.saves = 0
        self.keys_loaded = 0
        self.keys_expired = 0
        self._dirty_at_fork = 0
        self._last_try_s = 0.0
        self._child_temp = ""
        self.scheduled = False
        state.config.on_change("stop-writes-on-bgsave-error", self._update_refusal, even_if_same=True)
        state.config.on_change("save", self._update_refusal, even_if_same=True)

    @property
    def path(self) -> str:
        config = self.state.config
        return os.path.join(config["dir"], config["dbfilename"])

    # -- start-up ------------------------------------------------------------------

    def load(self) -> None:
        """Load C{dbfilename} if it exists; L{LoadError} (and empty databases) if it is damaged."""
        from txredisd.core.commands.scripting import replace_libraries

        path = self.path
        if not os.path.exists(path):
            return
        state = self.state
        started = self._clock()
        try:
            with open(path, "rb") as source:
                result = load(source, state.dbs, state.now_ms, state.config)
            replace_libraries(state, result.summary.functions)
        except (RdbError, OSError, CommandError) as error:
            state.flush_all()
            raise LoadError(f"Can't load the RDB file {path}: {error}") from None
        self.keys_loaded, self.keys_expired = result.keys, result.expired
        log.info(
            "Done loading RDB, keys loaded: {loaded}, keys expired: {expired}.",
            loaded=result.keys,
            expired=result.expired,
        )
        log.info("DB loaded from disk: {seconds:.3f} seconds", seconds=self._clock() - started)
        state.dirty = 0

    # -- SAVE / BGSAVE ---------------------------------------------------------------

    def save(self) -> bool:
        """SAVE: write in the foreground (Redis blocks here too)."""
        try:
            write_file(self.path, self.state)
        except OSError as error:
            log.warn("Failed opening the temp RDB file {path} for saving: {error}", path=self.path, error=error)
            return False
        log.info("DB saved on disk")
        self._saved(self.state.dirty)
        return True

    def bgsave(self) -> bool:
        """Start a background save; False if a child is already running."""
        if self.children.busy():
            return False
        state = self.state
        self._last_try_s = self._clock()
        self._dirty_at_fork = state.dirty
        path = self.path
        pid = self.children.start("rdb", lambda: write_file(path, state), self._bgsave_done)
        self._child_temp = os.path.join(os.path.dirname(path) or ".", f"temp-{pid}.rdb")
        log.info("Background saving started by pid {pid}", pid=pid)
        return True

    def _bgsave_done(self, ok: bool) -> None:
        if not ok:
            # A child that died (killed, out of disk) may leave its half-written file.
            try:
                os.unlink(self._child_temp)
            except OSError:
                pass
        child_seconds = int(self._clock() - self._last_try_s)
        self.last_bgsave_seconds = child_seconds
        self.last_bgsave_ok = ok
        if ok:
            log.info("Background saving terminated with success")
            self._saved(self._dirty_at_fork)
        else:
            log.warn("Background saving error")
        self._update_refusal()

    def _saved(self, changes_saved: int) -> None:
        state = self.state
        state.dirty = max(0, state.dirty - changes_saved)
        state.lastsave = int(self._clock())
        self.saves += 1
        self.last_bgsave_ok = True
        self._update_refusal()

    def _update_refusal(self, _value: Any = None) -> None:
        config = self.state.config
        refuse = not self.last_bgsave_ok and config["stop-writes-on-bgsave-error"] and bool(config["save"])
        self.state.refuse_writes = MISCONF if refuse else None

    # -- the cron ----------------------------------------------------------------------

    def cron(self) -> None:
        """Reap a finished child; start a scheduled save or one a save point asks for."""
        self.children.reap()
        if self.children.busy():
            return
        now = self._clock()
        if self.scheduled:
            self.scheduled = False
            self.bgsave()
            return
        state = self.state
        retry_ok = self.last_bgsave_ok or now - self._last_try_s > _RETRY_DELAY_S
        for seconds, changes in state.config["save"]:
            if state.dirty >= changes and now - state.lastsave > seconds and retry_ok:
                log.info("{changes} changes in {seconds} seconds. Saving...", changes=changes, seconds=seconds)
                self.bgsave()
                return

    def shutdown_save(self) -> bool:
        """SHUTDOWN's save: stop any background save, then save in the foreground."""
        self.children.kill()
        log.info("Saving the final RDB snapshot before exiting.")
        return self.save()

    # -- INFO --------------------------------------------------------------------------

    def info_fields(self, fields: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        child = self.children.current
        in_progress = child is not None and child.kind == "rdb"
        facts = {
            "rdb_bgsave_in_progress": int(in_progress),
            "rdb_last_bgsave_status": "ok" if self.last_bgsave_ok else "err",
            "rdb_last_bgsave_time_sec": self.last_bgsave_seconds,
            "rdb_current_bgsave_time_sec": int(self._clock() - child.started) if in_progress else -1,
            "rdb_saves": self.saves,
            "rdb_last_load_keys_expired": self.keys_expired,
            "rdb_last_load_keys_loaded": self.keys_loaded,
        }
        return [(name, facts.get(name, value)) for name, value in fields]
