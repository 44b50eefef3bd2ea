"""
INFO: the server's report on itself, in Redis 7.0's sections, field names and order.

Each section is a function C{(server, io_fields) -> [(field, value), ...]} in
L{SECTIONS}; subsystems that grow richer reports (replication, persistence,
cluster) replace their section there. C{io_fields} comes from the adapter's
C{info_fields()}: the facts only it knows (port, event loop, executable, RSS).
Fields txredisd has no meaningful value for are reported as Redis reports an
idle feature (0, "ok", -1), never invented.
"""

from __future__ import annotations

import os
import platform
import resource
import struct
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import txredisd
from txredisd import REDIS_VERSION
from txredisd.core.commands._spec import TABLE

if TYPE_CHECKING:
    from txredisd.core.state import ServerState

Fields = list[tuple[str, Any]]
Section = Callable[["ServerState", dict[str, Any]], Fields]


def human_bytes(n: int) -> str:
    """Redis's C{bytesToHuman}: B below 1K, then two decimals with K/M/G/T/P/E."""
    if n < 1024:
        return f"{n}B"
    for exponent, unit in enumerate("KMGTPE", start=1):
        if n < 1024 ** (exponent + 1) or unit == "E":
            return f"{n / 1024 ** exponent:.2f}{unit}"
    raise AssertionError("unreachable")


def _compiler_version() -> str:
    compiler = platform.python_compiler()
    if compiler.startswith("GCC "):
        return compiler.split()[1]
    return "0.0.0"


_UNAME = os.uname()
_OS = f"{_UNAME.sysname} {_UNAME.release} {_UNAME.machine}"
_ARCH_BITS = struct.calcsize("P") * 8
_GCC_VERSION = _compiler_version()
_LRU_CLOCK_MAX = (1 << 24) - 1


def _server(server: ServerState, io: dict[str, Any]) -> Fields:
    uptime = max(0, server.now_ms - server.started_ms) // 1000
    hz = server.config["hz"]
    return [
        ("redis_version", REDIS_VERSION),
        ("txredisd_version", txredisd.__version__),
        ("redis_git_sha1", "00000000"),
        ("redis_git_dirty", 0),
        ("redis_build_id", "0"),
        ("redis_mode", "cluster" if int(server.config["cluster-enabled"]) else "standalone"),
        ("os", _OS),
        ("arch_bits", _ARCH_BITS),
        ("monotonic_clock", "POSIX clock_gettime"),
        ("multiplexing_api", io.get("multiplexing_api", "none")),
        ("atomicvar_api", "gil"),
        ("gcc_version", _GCC_VERSION),
        ("process_id", server.pid),
        ("process_supervised", "no"),
        ("run_id", server.run_id),
        ("tcp_port", io.get("tcp_port", server.config["port"])),
        ("server_time_usec", server.now_ms * 1000),
        ("uptime_in_seconds", uptime),
        ("uptime_in_days", uptime // 86400),
        ("hz", hz),
        ("configured_hz", hz),
        ("lru_clock", (server.now_ms // 1000) & _LRU_CLOCK_MAX),
        ("executable", io.get("executable", "")),
        ("config_file", io.get("config_file", "")),
        ("io_threads_active", 0),
    ]


def _clients(server: ServerState, io: dict[str, Any]) -> Fields:
    sessions = server.clients.values()
    return [
        ("connected_clients", sum(not s.is_replica_link for s in sessions)),
        ("cluster_connections", 0),
        ("maxclients", server.config["maxclients"]),
        ("client_recent_max_input_buffer", 0),
        ("client_recent_max_output_buffer", 0),
        ("blocked_clients", len(server.blocking)),
        ("tracking_clients", 0),
        ("clients_in_timeout_table", sum(1 for _, block in server.blocking.blocked.values() if block.deadline_ms)),
    ]


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "0.00"


def _memory(server: ServerState, io: dict[str, Any]) -> Fields:
    # Python cannot tell its dataset from its own overhead, so every figure is
    # the process's resident size: current when the adapter knows it, else peak.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    rss = int(io.get("used_memory_rss", peak))
    peak = max(peak, rss)
    maxmemory = server.config["maxmemory"]
    total_system = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return [
        ("used_memory", rss),
        ("used_memory_human", human_bytes(rss)),
        ("used_memory_rss", rss),
        ("used_memory_rss_human", human_bytes(rss)),
        ("used_memory_peak", peak),
        ("used_memory_peak_human", human_bytes(peak)),
        ("used_memory_peak_perc", f"{rss * 100 / peak if peak else 0:.2f}%"),
        ("used_memory_overhead", 0),
        ("used_memory_startup", 0),
        ("used_memory_dataset", rss),
        ("used_memory_dataset_perc", "100.00%" if rss else "0.00%"),
        ("allocator_allocated", rss),
        ("allocator_active", rss),
        ("allocator_resident", rss),
        ("total_system_memory", total_system),
        ("total_system_memory_human", human_bytes(total_system)),
        ("used_memory_lua", 0),
        ("used_memory_vm_eval", 0),
        ("used_memory_lua_human", "0B"),
        ("used_memory_scripts_eval", 0),
        ("number_of_cached_scripts", 0),
        ("number_of_functions", 0),
        ("number_of_libraries", 0),
        ("used_memory_vm_functions", 0),
        ("used_memory_vm_total", 0),
        ("used_memory_vm_total_human", "0B"),
        ("used_memory_functions", 0),
        ("used_memory_scripts", 0),
        ("used_memory_scripts_human", "0B"),
        ("maxmemory", maxmemory),
        ("maxmemory_human", human_bytes(maxmemory)),
        ("maxmemory_policy", server.config["maxmemory-policy"]),
        ("allocator_frag_ratio", _ratio(rss, rss)),
        ("allocator_frag_bytes", 0),
        ("allocator_rss_ratio", _ratio(rss, rss)),
        ("allocator_rss_bytes", 0),
        ("rss_overhead_ratio", _ratio(rss, rss)),
        ("rss_overhead_bytes", 0),
        ("mem_fragmentation_ratio", _ratio(rss, rss)),
        ("mem_fragmentation_bytes", 0),
        ("mem_not_counted_for_evict", 0),
        ("mem_replication_backlog", 0),
        ("mem_total_replication_buffers", 0),
        ("mem_clients_slaves", 0),
        ("mem_clients_normal", 0),
        ("mem_cluster_links", 0),
        ("mem_aof_buffer", 0),
        ("mem_allocator", "pymalloc"),
        ("active_defrag_running", 0),
        ("lazyfree_pending_objects", 0),
        ("lazyfreed_objects", 0),
    ]


def _persistence(server: ServerState, io: dict[str, Any]) -> Fields:
    fields = [
        ("loading", 0),
        ("async_loading", 0),
        ("current_cow_peak", 0),
        ("current_cow_size", 0),
        ("current_cow_size_age", 0),
        ("current_fork_perc", "0.00"),
        ("current_save_keys_processed", 0),
        ("current_save_keys_total", 0),
        ("rdb_changes_since_last_save", server.dirty),
        ("rdb_bgsave_in_progress", 0),
        ("rdb_last_save_time", server.lastsave),
        ("rdb_last_bgsave_status", "ok"),
        ("rdb_last_bgsave_time_sec", -1),
        ("rdb_current_bgsave_time_sec", -1),
        ("rdb_saves", 0),
        ("rdb_last_cow_size", 0),
        ("rdb_last_load_keys_expired", 0),
        ("rdb_last_load_keys_loaded", 0),
        ("aof_enabled", int(server.config["appendonly"])),
        ("aof_rewrite_in_progress", 0),
        ("aof_rewrite_scheduled", 0),
        ("aof_last_rewrite_time_sec", -1),
        ("aof_current_rewrite_time_sec", -1),
        ("aof_last_bgrewrite_status", "ok"),
        ("aof_rewrites", 0),
        ("aof_rewrites_consecutive_failures", 0),
        ("aof_last_write_status", "ok"),
        ("aof_last_cow_size", 0),
        ("module_fork_in_progress", 0),
        ("module_fork_last_cow_size", 0),
    ]
    snapshots = getattr(server, "snapshots", None)  # the RDB files, when the I/O layer has them
    if snapshots is not None:
        fields = snapshots.info_fields(fields)
    aof = getattr(server, "aof", None)  # the AOF service, when the I/O layer runs one
    return fields if aof is None else aof.info_fields(fields)


# INFO stats, in order. A name that is a L{Stats} counter shows that counter;
# the rest are features txredisd does not have (yet), shown idle as 0.
_STATS_FIELDS = ["total_connections_received", "total_commands_processed", "instantaneous_ops_per_sec", "total_net_input_bytes", "total_net_output_bytes", "total_net_repl_input_bytes", "total_net_repl_output_bytes", "instantaneous_input_kbps", "instantaneous_output_kbps", "instantaneous_input_repl_kbps", "instantaneous_output_repl_kbps", "rejected_connections", "sync_full", "sync_partial_ok", "sync_partial_err", "expired_keys", "expired_stale_perc", "expired_time_cap_reached_count", "expire_cycle_cpu_milliseconds", "evicted_keys", "evicted_clients", "total_eviction_exceeded_time", "current_eviction_exceeded_time", "keyspace_hits", "keyspace_misses", "pubsub_channels", "pubsub_patterns", "pubsubshard_channels", "latest_fork_usec", "total_forks", "migrate_cached_sockets", "slave_expires_tracked_keys", "active_defrag_hits", "active_defrag_misses", "active_defrag_key_hits", "active_defrag_key_misses", "total_active_defrag_time", "current_active_defrag_time", "tracking_total_keys", "tracking_total_items", "tracking_total_prefixes", "unexpected_error_replies", "total_error_replies", "dump_payload_sanitizations", "total_reads_processed", "total_writes_processed", "io_threaded_reads_processed", "io_threaded_writes_processed", "reply_buffer_shrinks", "reply_buffer_expands"]


def _stats(server: ServerState, io: dict[str, Any]) -> Fields:
    stats = server.stats
    rates = server.rates
    derived = {
        "instantaneous_ops_per_sec": int(rates.commands.per_second()),
        "instantaneous_input_kbps": f"{rates.net_input.per_second() / 1024:.2f}",
        "instantaneous_output_kbps": f"{rates.net_output.per_second() / 1024:.2f}",
        "instantaneous_input_repl_kbps": "0.00",
        "instantaneous_output_repl_kbps": "0.00",
        "expired_stale_perc": f"{stats.expired_stale_perc * 100:.2f}",
        "pubsub_channels": len(server.pubsub.channels),
        "pubsub_patterns": len(server.pubsub.patterns),
        "pubsubshard_channels": len(server.pubsub.shard_channels),
    }
    return [
        (name, derived[name] if name in derived else getattr(stats, name, 0))
        for name in _STATS_FIELDS
    ]


def _replication(server: ServerState, io: dict[str, Any]) -> Fields:
    return [
        ("role", "slave" if server.is_replica else "master"),
        ("connected_slaves", 0),
        ("master_failover_state", "no-failover"),
        ("master_replid", server.replid),
        ("master_replid2", server.replid2),
        ("master_repl_offset", 0),
        ("second_repl_offset", -1),
        ("repl_backlog_active", 0),
        ("repl_backlog_size", server.config["repl-backlog-size"]),
        ("repl_backlog_first_byte_offset", 0),
        ("repl_backlog_histlen", 0),
    ]


def _cpu(server: ServerState, io: dict[str, Any]) -> Fields:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    thread = resource.getrusage(getattr(resource, "RUSAGE_THREAD", resource.RUSAGE_SELF))
    return [
        ("used_cpu_sys", f"{own.ru_stime:.6f}"),
        ("used_cpu_user", f"{own.ru_utime:.6f}"),
        ("used_cpu_sys_children", f"{children.ru_stime:.6f}"),
        ("used_cpu_user_children", f"{children.ru_utime:.6f}"),
        ("used_cpu_sys_main_thread", f"{thread.ru_stime:.6f}"),
        ("used_cpu_user_main_thread", f"{thread.ru_utime:.6f}"),
    ]


def _nothing(server: ServerState, io: dict[str, Any]) -> Fields:
    return []


def _commandstats(server: ServerState, io: dict[str, Any]) -> Fields:
    fields = []
    for spec in TABLE.all_specs():
        if spec.calls or spec.failed_calls or spec.rejected_calls:
            per_call = spec.usec / spec.calls if spec.calls else 0
            counters = (
                f"calls={spec.calls},usec={spec.usec},usec_per_call={per_call:.2f},"
                f"rejected_calls={spec.rejected_calls},failed_calls={spec.failed_calls}"
            )
            fields.append((f"cmdstat_{spec.fullname}", counters))
    return fields


def _errorstats(server: ServerState, io: dict[str, Any]) -> Fields:
    errors = server.stats.errors
    return [(f"errorstat_{code}", f"count={errors[code]}") for code in sorted(errors)]


def _cluster(server: ServerState, io: dict[str, Any]) -> Fields:
    return [("cluster_enabled", int(server.config["cluster-enabled"]))]


def _keyspace(server: ServerState, io: dict[str, Any]) -> Fields:
    return [
        (f"db{db.index}", f"keys={len(db.data)},expires={len(db.expires)},avg_ttl={db.avg_ttl}")
        for db in server.dbs
        if db.data
    ]


#: Sections in output order: lower-case name -> (title, builder).
SECTIONS: dict[str, tuple[str, Section]] = {
    "server": ("Server", _server),
    "clients": ("Clients", _clients),
    "memory": ("Memory", _memory),
    "persistence": ("Persistence", _persistence),
    "stats": ("Stats", _stats),
    "replication": ("Replication", _replication),
    "cpu": ("CPU", _cpu),
    "modules": ("Modules", _nothing),
    "commandstats": ("Commandstats", _commandstats),
    "errorstats": ("Errorstats", _errorstats),
    "latencystats": ("Latencystats", _nothing),
    "cluster": ("Cluster", _cluster),
    "keyspace": ("Keyspace", _keyspace),
}
#: What plain INFO (or INFO default) shows: everything but the per-command tables.
DEFAULT_SECTIONS = frozenset(SECTIONS) - {"commandstats", "latencystats"}


def wanted_sections(names: list[str]) -> set[str]:
    """The sections INFO's arguments ask for; unknown names are ignored, as Redis does."""
    wanted: set[str] = set()
    for name in names or ["default"]:
        name = name.lower()
        if name in ("all", "everything"):
            wanted.update(SECTIONS)
        elif name == "default":
            wanted.update(DEFAULT_SECTIONS)
        elif name in SECTIONS:
            wanted.add(name)
    return wanted


def render_info(server: ServerState, names: list[str]) -> bytes:
    """INFO's text: the wanted sections in Redis's order, CRLF lines, blank line between."""
    wanted = wanted_sections(names)
    io = server.io.info_fields() if server.io is not None else {}
    parts = []
    for key, (title, build) in SECTIONS.items():
        if key in wanted:
            lines = [f"# {title}"]
            lines.extend(f"{name}:{value}" for name, value in build(server, io))
            parts.append("\r\n".join(lines) + "\r\n")
    return "\r\n".join(parts).encode()
