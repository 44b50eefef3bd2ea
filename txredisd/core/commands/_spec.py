"""
The command table: every command is declared once, here, with its metadata.

COMMAND INFO/DOCS/GETKEYS, arity checks, MULTI queueing, replica read-only
checks, script flags, ACL categories and propagation all read these specs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from txredisd.resp.request import string2ll

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
KeyFinder = Callable[[list[bytes]], list[int] | list[tuple[int, str]]]

#: Key-spec flag words, in the order COMMAND INFO lists them.
KEY_FLAG_ORDER = (
    "RO", "RW", "OW", "RM", "access", "update", "insert", "delete", "not_key", "incomplete", "variable_flags",
)
_KEY_FLAG_RANK = {word: rank for rank, word in enumerate(KEY_FLAG_ORDER)}


def key_flag_words(flags: str) -> tuple[str, ...]:
    """Key-spec flags in COMMAND INFO's order; a word Redis does not know is a declaration bug."""
    words = flags.split()
    unknown = [word for word in words if word not in _KEY_FLAG_RANK]
    if unknown:
        raise ValueError(f"unknown key-spec flags {unknown}")
    return tuple(sorted(words, key=_KEY_FLAG_RANK.__getitem__))


@dataclass(frozen=True)
class KeySpec:
    """
    One group of keys in a command line and how the command uses them:
    Redis 7.0's key specs, the source of COMMAND INFO's key specs, of
    COMMAND GETKEYS(ANDFLAGS) and of the legacy first/last/step.

    Where the search begins: at argument C{index}, or just after the word
    C{keyword} looked for from argument C{startfrom} (forwards; backwards
    from the end when negative). With neither, the spec is "unknown" (in
    both halves) and only the command's C{key_finder} can tell.

    How the keys are found from there: a range (C{lastkey} relative to the
    start, or negative counted from the end; C{limit}, when not 0, divides
    the arguments left so that e.g. XREAD's ids are not taken for keys),
    every C{step}-th argument; or, with C{keynum=(keynumidx, firstkey,
    keystep)}, as many keys as the count argument C{keynumidx} after the
    start says, the first of them C{firstkey} after the start.

    @ivar flags: space-separated words of L{KEY_FLAG_ORDER}, e.g. C{"RW access update"}.
    @ivar flags_for: for a C{variable_flags} spec, the flags a given command
        line really uses (what COMMAND GETKEYSANDFLAGS reports).
    """

    flags: str
    index: int = 0
    keyword: str = ""
    startfrom: int = 0
    lastkey: int = 0
    step: int = 1
    limit: int = 0
    keynum: tuple[int, int, int] | None = None
    notes: str = ""
    flags_for: Callable[[list[bytes]], str] | None = None
    #: C{flags} as a tuple, in COMMAND INFO's order.
    words: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        words = key_flag_words(self.flags)
        object.__setattr__(self, "words", words)
        object.__setattr__(self, "flags", " ".join(words))

    @property
    def begin_search(self) -> str:
        return "keyword" if self.keyword else "index" if self.index else "unknown"

    @property
    def is_range(self) -> bool:
        """Whether the legacy first/last/step can describe this spec."""
        return self.begin_search == "index" and self.keynum is None

    def flags_of(self, argv: list[bytes]) -> tuple[str, ...]:
        """The flags of this spec's keys in C{argv}."""
        return key_flag_words(self.flags_for(argv)) if self.flags_for is not None else self.words

    def positions(self, argv: list[bytes]) -> list[int] | None:
        """
        Where this spec's keys are in C{argv}: none when its keyword is
        absent; None when the spec cannot tell (unknown or incomplete spec,
        bad count, keys past the end), and the command's key finder decides.
        """
        if "incomplete" in self.words:
            return None
        if self.keyword:
            first = _after_keyword(argv, self.keyword.lower().encode(), self.startfrom)
            if first is None:
                return []
        elif self.index:
            first = self.index
        else:
            return None
        argc = len(argv)
        if self.keynum is not None:
            count_at, offset, step = self.keynum
            count = string2ll(argv[first + count_at]) if first + count_at < argc else None
            if count is None or count < 0:
                return None
            first += offset
            last = first + count - 1
        else:
            step = self.step
            if self.lastkey >= 0:
                last = first + self.lastkey
            elif self.limit:
                last = first + (argc - first) // self.limit + self.lastkey
            else:
                last = argc + self.lastkey
        if first >= argc or not first <= last < argc:
            return None
        return list(range(first, last + 1, step))


def _after_keyword(argv: list[bytes], keyword: bytes, startfrom: int) -> int | None:
    """The argument after C{keyword}, searched as Redis does (never the last nor the first argument)."""
    if startfrom > 0:
        candidates = range(startfrom, len(argv) - 1)
    else:
        candidates = range(len(argv) + startfrom, 0, -1)
    for i in candidates:
        if argv[i].lower() == keyword:
            return i + 1
    return None


def _absolute_last(spec: KeySpec) -> int:
    return spec.lastkey if spec.lastkey < 0 else spec.index + spec.lastkey


def legacy_range(specs: tuple[KeySpec, ...]) -> tuple[tuple[int, int, int], bool]:
    """
    The pre-7.0 (first, last, step) that sums up C{specs}, and whether the
    keys are "movable" (some cannot be described that way), by Redis's rules:
    a lone range spec is taken as it is; otherwise consecutive step-1 range
    specs are merged and any other spec makes the keys movable.
    """
    if not specs:
        return (0, 0, 0), False
    only = specs[0]
    if len(specs) == 1 and only.is_range:
        return (only.index, _absolute_last(only), only.step), "incomplete" in only.words
    first, last, movable = 0, 0, False
    for spec in specs:
        if not spec.is_range or spec.step != 1 or (last and last != spec.index - 1):
            movable = True
            continue
        movable = movable or "incomplete" in spec.words
        first = min(first, spec.index) if first else spec.index
        # Compared as C unsigned ints: a negative (from the end) last key wins.
        last = max(last, _absolute_last(spec), key=lambda n: n & 0xFFFFFFFF)
    if not first:
        return (0, 0, 0), True
    return (first, last, 1), movable


def _synthesized_key_specs(keys: tuple[int, int, int], writes: bool, finder: bool) -> tuple[KeySpec, ...]:
    """Key specs for a command declared with the legacy range only (or a key finder)."""
    flags = "RW update" if writes else "RO access"
    if finder:
        return (KeySpec(flags),)
    first, last, step = keys
    if first <= 0:
        return ()
    return (KeySpec(flags, index=first, lastkey=last if last < 0 else last - first, step=step),)


@dataclass(eq=False)
class CommandSpec:
    """
    One command (or subcommand) as Redis's table describes it.

    @ivar arity: Redis convention, counting the name: N exactly, -N at least N.
    @ivar first_key: position of the first key (0: no keys); C{last_key} may be
        negative (counted from the end), C{step} is the stride between keys.
    @ivar key_finder: for commands whose keys the key specs cannot always
        find, a function C{argv -> list of key positions} (Redis's getkeys_proc).
    @ivar key_specs: where the keys are and how they are used (L{KeySpec}).
    @ivar tips: COMMAND INFO's hints for cluster clients, e.g. C{"nondeterministic_output"}.
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
    key_finder: KeyFinder | None = None
    key_specs: tuple[KeySpec, ...] = ()
    tips: tuple[str, ...] = ()
    parent: CommandSpec | None = None
    #: C{name}, or C{container|name} for a subcommand (as errors and stats print it).
    fullname: str = ""
    subcommands: dict[bytes, CommandSpec] = field(default_factory=dict)
    # Statistics, kept on the spec so the hot path pays one attribute add.
    calls: int = 0
    usec: int = 0
    rejected_calls: int = 0
    failed_calls: int = 0


    @property
    def is_write(self) -> bool:
        return "write" in self.flags

    @property
    def is_container(self) -> bool:
        """A command that is only a name for its subcommands (CONFIG, CLIENT...)."""
        return self.handler is None

    @property
    def has_keys(self) -> bool:
        """Whether COMMAND GETKEYS can say anything about this command."""
        return self.key_finder is not None or any("not_key" not in ks.words for ks in self.key_specs)

    def acl_categories(self) -> list[str]:
        """
        Redis derives categories from flags (@slow unless @fast, @dangerous
        with @admin, no @read for scripts) and declares the rest; here the
        group stands for the declared data-type category. Containers declare
        none: CLIENT is only @slow.
        """
        categories = [_FLAG_CATEGORIES[f] for f in sorted(self.flags) if f in _FLAG_CATEGORIES]
        if "fast" not in self.flags:
            categories.append("slow")
        if "admin" in self.flags:
            categories.append("dangerous")
        group = None if self.is_container else _GROUP_CATEGORIES.get(self.group)
        if group and group not in categories:
            categories.append(group)
        categories.extend(c for c in self.extra_categories if c not in categories and not c.startswith("-"))
        # A declared "-name" drops a category the group implies (SORT is "generic" but not @keyspace).
        categories = [c for c in categories if "-" + c not in self.extra_categories]
        if "scripting" in categories and "read" in categories:
            categories.remove("read")
        return categories

    def key_refs(self, argv: list[bytes]) -> list[tuple[int, tuple[str, ...]]]:
        """
        (position, key-spec flags) of each key in C{argv}, spec by spec; the
        key finder answers when a spec cannot (its keys get the command's
        plain RW/RO flags).
        """
        refs: list[tuple[int, tuple[str, ...]]] = []
        for ks in self.key_specs:
            if "not_key" in ks.words:
                continue
            found = ks.positions(argv)
            if found is None:
                return self._found_by_finder(argv)
            if found:
                flags = ks.flags_of(argv)
                refs.extend((i, flags) for i in found)
        return refs

    def _found_by_finder(self, argv: list[bytes]) -> list[tuple[int, tuple[str, ...]]]:
        if self.key_finder is None:
            return []
        plain = ("RW", "update") if self.is_write else ("RO", "access")
        # A finder may name a key's flags itself, as (position, flags), like Redis's sortGetKeys.
        return [
            (found, plain) if isinstance(found, int) else (found[0], key_flag_words(found[1]))
            for found in self.key_finder(argv)
        ]

    def key_positions(self, argv: list[bytes]) -> list[int]:
        """Indexes of the keys in C{argv} (COMMAND GETKEYS, cluster routing, WATCH)."""
        return [i for i, _ in self.key_refs(argv)]

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
        key_finder: KeyFinder | None = None,
        parent: str | None = None,
        key_specs: Iterable[KeySpec] | None = None,
        tips: tuple[str, ...] = (),
    ) -> Callable[[Handler], Handler]:
        """
        Decorator declaring a handler C{(session, argv) -> reply} as a (sub)command.

        Keys are declared either by C{key_specs} (first/last/step and the
        movablekeys flag then follow from them, as in Redis) or, more
        roughly, by the legacy C{keys=(first, last, step)} and/or C{key_finder}.
        """
        words = frozenset(flags.split())
        if key_specs is None:
            specs = _synthesized_key_specs(keys, "write" in words, key_finder is not None)
            legacy, movable = keys, key_finder is not None
        elif keys != (0, 0, 0):
            raise ValueError(f"{name}: declare keys by key_specs or by keys, not both")
        else:
            specs = tuple(key_specs)
            legacy, movable = legacy_range(specs)

        def register(handler: Handler | None) -> Handler | None:
            spec = CommandSpec(
                name=name.lower(),
                arity=arity,
                flags=words | {"movablekeys"} if movable else words,
                first_key=legacy[0],
                last_key=legacy[1],
                step=legacy[2],
                group=group,
                handler=handler,
                summary=summary,
                since=since,
                extra_categories=tuple(categories),
                key_finder=key_finder,
                key_specs=specs,
                tips=tuple(tips),
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
