"""
The command table: every command is declared once, here, with its metadata.

COMMAND INFO/DOCS/GETKEYS, arity checks, MULTI queueing, replica read-only
checks, script flags, ACL categories and propagation all read these specs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

# Categories Redis derives from flags rather than from the command's group.
_FLAG_CATEGORIES = {
    "write": "write",
    "readonly": "read",
    "admin": "admin",
    "pubsub": "pubsub",
    "fast": "fast",
    "blocking": "blocking",
}
_GROUP_CATEGORIES = {
    "string": "string",
    "bitmap": "bitmap",
    "list": "list",
    "hash": "hash",
    "set": "set",
    "sorted_set": "sortedset",
    "stream": "stream",
    "hyperloglog": "hyperloglog",
    "geo": "geo",
    "pubsub": "pubsub",
    "transactions": "transaction",
    "scripting": "scripting",
    "connection": "connection",
    "generic": "keyspace",
}

Handler = Callable[..., Any]


@dataclass(eq=False)
class CommandSpec:
    """
    One command (or subcommand) as Redis's table describes it.

    @ivar arity: Redis convention, counting the name: N exactly, -N at least N.
    @ivar first_key: position of the first key (0: no keys); C{last_key} may be
        negative (counted from the end), C{step} is the stride between keys.
    @ivar key_finder: for commands whose keys cannot be described by the range
        (e.g. a count argument), a function C{argv -> list of key positions}.
    """

    name: str
    arity: int
    flags: frozenset[str]
    first_key: int
    last_key: int
    step: int
    group: str
    handler: Handler | None
    summary: str = ""
    since: str = "1.0.0"
    extra_categories: tuple[str, ...] = ()
    key_finder: Callable[[list[bytes]], list[int]] | None = None
    parent: "CommandSpec | None" = None
    #: C{name}, or C{container|name} for a subcommand (as errors and stats print it).
    fullname: str = ""
    subcommands: dict[bytes, "CommandSpec"] = field(default_factory=dict)
    # Statistics, kept on the spec so the hot path pays one attribute add.
    calls: int = 0
    usec: int = 0
    rejected_calls: int = 0
    failed_calls: int = 0


    @property
    def is_write(self) -> bool:
        return "write" in self.flags

    def acl_categories(self) -> list[str]:
        categories = [_FLAG_CATEGORIES[f] for f in sorted(self.flags) if f in _FLAG_CATEGORIES]
        if "fast" not in self.flags:
            categories.append("slow")
        if "admin" in self.flags:
            categories.append("dangerous")
        group = _GROUP_CATEGORIES.get(self.group)
        if group and group not in categories:
            categories.append(group)
        categories.extend(c for c in self.extra_categories if c not in categories)
        return categories

    def key_positions(self, argv: list[bytes]) -> list[int]:
        """Indexes of the keys in C{argv} (COMMAND GETKEYS, cluster routing, WATCH)."""
        if self.key_finder is not None:
            return self.key_finder(argv)
        if self.first_key <= 0:
            return []
        last = self.last_key if self.last_key >= 0 else len(argv) + self.last_key
        last = min(last, len(argv) - 1)
        return list(range(self.first_key, last + 1, self.step))

    def reset_stats(self) -> None:
        self.calls = self.usec = self.rejected_calls = self.failed_calls = 0
        for sub in self.subcommands.values():
            sub.reset_stats()


class CommandTable:
    """Commands by lower-case name (bytes, as they arrive on the wire)."""

    def __init__(self) -> None:
        self.commands: dict[bytes, CommandSpec] = {}

    def command(
        self,
        name: str,
        arity: int,
        flags: str = "",
        keys: tuple[int, int, int] = (0, 0, 0),
        group: str = "generic",
        summary: str = "",
        since: str = "1.0.0",
        categories: Iterable[str] = (),
        key_finder: Callable[[list[bytes]], list[int]] | None = None,
        parent: str | None = None,
    ) -> Callable[[Handler], Handler]:
        """Decorator declaring a handler C{(session, argv) -> reply} as a (sub)command."""

        def register(handler: Handler | None) -> Handler | None:
            spec = CommandSpec(
                name=name.lower(),
                arity=arity,
                flags=frozenset(flags.split()),
                first_key=keys[0],
                last_key=keys[1],
                step=keys[2],
                group=group,
                handler=handler,
                summary=summary,
                since=since,
                extra_categories=tuple(categories),
                key_finder=key_finder,
            )
            if parent is None:
                spec.fullname = spec.name
                self.commands[spec.name.encode()] = spec
            else:
                container = self.container(parent, group)
                spec.parent = container
                spec.fullname = f"{container.name}|{spec.name}"
                container.subcommands[spec.name.encode()] = spec
            return handler

        return register

    def container(self, name: str, group: str = "server") -> CommandSpec:
        """The container command (CONFIG, CLIENT...) that subcommands hang from."""
        key = name.lower().encode()
        spec = self.commands.get(key)
        if spec is None:
            spec = CommandSpec(
                name=name.lower(),
                arity=-2,
                flags=frozenset(),
                first_key=0,
                last_key=0,
                step=0,
                group=group,
                handler=None,
                fullname=name.lower(),
            )
            self.commands[key] = spec
        return spec

    def lookup(self, argv: list[bytes]) -> CommandSpec | None:
        """The spec for C{argv}, descending into subcommands; None if unknown."""
        spec = self.commands.get(argv[0].lower())
        if spec is not None and spec.subcommands and len(argv) > 1:
            return spec.subcommands.get(argv[1].lower())
        return spec

    def all_specs(self) -> Iterable[CommandSpec]:
        for spec in self.commands.values():
            yield spec
            yield from spec.subcommands.values()


#: The single table every command module registers into.
TABLE = CommandTable()
command = TABLE.command
