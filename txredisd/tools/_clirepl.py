"""
txredis-cli's interactive prompt: prompt-toolkit on Twisted's asyncio reactor.

Like redis-cli: a C{host:port[db]>} prompt (C{not connected>} while there is
no connection), argument hints and command completion taken from the
server's COMMAND DOCS, C{help <command>} and C{help @group}, C{connect host
port}, a silent reconnect-and-retry when the connection dropped, a plain
one-line-per-command history file (C{REDISCLI_HISTFILE}, default
C{~/.rediscli_history}), and Ctrl-C / Ctrl-D on the prompt both quit.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.history import History
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput
from prompt_toolkit.styles import Style
from twisted.internet import defer

from txredisd.client.connection import ClientError
from txredisd.client.reply import Kind, Reply
from txredisd.tools import _clirun
from txredisd.tools.cli import Config, show_reply, write_err, write_out

VERSION = "txredis-cli 7.0.15"
HELP_TEXT = (
    f"{VERSION}\n"
    "To get help about Redis commands type:\n"
    '      "help @<group>" to get a list of commands in <group>\n'
    '      "help <command>" for help on <command>\n'
    '      "help <tab>" to get a list of possible help topics\n'
    '      "quit" to exit\n'
    "\n"
    "To set redis-cli preferences:\n"
    '      ":set hints" enable online hints\n'
    '      ":set nohints" disable online hints\n'
    "Set your preferences in ~/.redisclirc\n"
)


def run(config: Config) -> None:
    """Install the asyncio reactor (prompt-toolkit needs the asyncio loop) and run the prompt."""
    from twisted.internet import asyncioreactor

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    asyncioreactor.install(loop)
    from twisted.internet import task

    task.react(lambda reactor: defer.ensureDeferred(Repl(reactor, config).run()))


# -- history ----------------------------------------------------------------------


def history_path() -> Path | None:
    """REDISCLI_HISTFILE, else ~/.rediscli_history; /dev/null (or empty) means none."""
    chosen = os.environ.get("REDISCLI_HISTFILE")
    if chosen is None:
        return Path.home() / ".rediscli_history"
    if not chosen or chosen == "/dev/null":
        return None
    return Path(os.path.expanduser(chosen))


class LineHistory(History):
    """The history file as redis-cli (linenoise) keeps it: one command per line, oldest first."""

    def __init__(self, path: Path | None) -> None:
        super().__init__()
        self.path = path

    def load_history_strings(self) -> Iterable[str]:
        if self.path is None:
            return []
        try:
            lines = self.path.read_text(errors="surrogateescape").splitlines()
        except OSError:
            return []
        return reversed([line for line in lines if line])

    def store_string(self, string: str) -> None:
        if self.path is None:
            return
        try:
            with open(self.path, "a", errors="surrogateescape") as history:
                history.write(string.replace("\n", " ") + "\n")
        except OSError:
            pass


# -- command docs: hints, completion, help ----------------------------------------


def _pairs(reply: Reply) -> dict[bytes, Reply]:
    """A RESP2 flat array or RESP3 map of name/value pairs, as a dict."""
    items = reply.items
    return {items[i].value: items[i + 1] for i in range(0, len(items) - 1, 2) if isinstance(items[i].value, bytes)}


def argument_syntax(arguments: Reply) -> str:
    """The argument line redis-cli shows for a command, from COMMAND DOCS' argument tree."""
    return " ".join(_one_argument(_pairs(argument)) for argument in arguments.items)


def _one_argument(argument: dict[bytes, Reply]) -> str:
    kind = argument[b"type"].value if b"type" in argument else b""
    token = argument[b"token"].value.decode() if b"token" in argument else ""
    children = argument.get(b"arguments")
    if kind == b"pure-token":
        base = ""
    elif kind == b"oneof" and children is not None:
        base = "|".join(_one_argument(_pairs(child)) for child in children.items)
    elif kind == b"block" and children is not None:
        base = argument_syntax(children)
    else:
        base = argument[b"name"].value.decode() if b"name" in argument else ""
    text = " ".join(part for part in (token, base) if part)
    flags = {flag.value for flag in argument[b"flags"].items} if b"flags" in argument else set()
    if b"multiple" in flags:
        text = f"{text} [{text if b'multiple_token' in flags else base} ...]"
    return f"[{text}]" if b"optional" in flags else text


class CommandDocs:
    """What COMMAND DOCS says, indexed by full lower-case name ("get", "config get")."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[bytes, Reply]] = {}

    def load(self, reply: Reply) -> None:
        for name, doc in _pairs(reply).items():
            self._add(name.decode().lower(), _pairs(doc))

    def _add(self, name: str, doc: dict[bytes, Reply]) -> None:
        self.entries[name.replace("|", " ")] = doc
        for sub_name, sub_doc in _pairs(doc.get(b"subcommands", Reply(Kind.ARRAY, ()))).items():
            self._add(sub_name.decode().lower(), _pairs(sub_doc))

    def match(self, words: list[str]) -> tuple[str, int] | None:
        """The longest command name the words start with, and how many words it takes."""
        for count in (2, 1):
            name = " ".join(words[:count]).lower()
            if len(words) >= count and name in self.entries:
                return name, count
        return None

    def syntax(self, name: str) -> str:
        arguments = self.entries[name].get(b"arguments")
        return argument_syntax(arguments) if arguments is not None else ""

    def hint(self, text: str) -> str:
        """What to show after the typed text: the arguments not typed yet."""
        words = text.split()
        found = self.match(words)
        if found is None:
            return ""
        name, count = found
        remaining = self.syntax(name).split(" ")[len(words) - count :]
        hint = " ".join(remaining)
        return hint if text.endswith(" ") or not hint else " " + hint

    def help(self, name: str) -> bytes:
        doc = self.entries[name]

        def field(key: bytes) -> str:
            return doc[key].value.decode() if key in doc else ""

        return (
            f"\r\n  \x1b[1m{name.upper()}\x1b[0m \x1b[90m{self.syntax(name)}\x1b[0m\r\n"
            f"  \x1b[33msummary:\x1b[0m {field(b'summary')}\r\n"
            f"  \x1b[33msince:\x1b[0m {field(b'since')}\r\n"
            f"  \x1b[33mgroup:\x1b[0m {field(b'group')}\r\n"
        ).encode()

    def group(self, group: str) -> list[str]:
        return sorted(
            name for name, doc in self.entries.items() if b"group" in doc and doc[b"group"].value.decode() == group
        )


class HintProcessor(Processor):
    """Shows the argument hint after the cursor, greyed, without putting it in the buffer."""

    def __init__(self, docs: CommandDocs) -> None:
        self.docs = docs
        self.enabled = True

    def apply_transformation(self, transformation_input: TransformationInput) -> Transformation:
        document = transformation_input.document
        fragments = transformation_input.fragments
        at_end = transformation_input.lineno == document.line_count - 1 and document.is_cursor_at_the_end
        if not self.enabled or not at_end:
            return Transformation(fragments)
        hint = self.docs.hint(document.text)
        return Transformation(fragments + [("class:hint", hint)] if hint else fragments)


class CommandCompleter(Completer):
    """Command names (upper case, as redis-cli completes them) for the first word and after "help"."""

    def __init__(self, docs: CommandDocs) -> None:
        self.docs = docs

    def get_completions(self, document: Document, complete_event: Any) -> Iterator[Completion]:
        words = document.text_before_cursor.split(" ")
        if len(words) == 1 or (len(words) == 2 and words[0].lower() == "help"):
            typed = words[-1].lower()
            for name in sorted(self.docs.entries):
                if name.startswith(typed) and " " not in name:
                    yield Completion(name.upper(), start_position=-len(typed))


# -- the loop ---------------------------------------------------------------------


def _quit_keys() -> KeyBindings:
    """Ctrl-C on the prompt quits, as in redis-cli (as an EOFError: a KeyboardInterrupt would escape asyncio)."""
    keys = KeyBindings()

    @keys.add("c-c")
    def _quit(event: Any) -> None:
        event.app.exit(exception=EOFError())

    return keys


class Repl:
    """One interactive session; the connection comes and goes, the prompt stays."""

    def __init__(self, reactor: Any, config: Config) -> None:
        self.reactor = reactor
        self.config = config
        self.client: Any = None
        self.db = config.connect.db
        self.in_multi = False
        self.docs = CommandDocs()
        self.hints = HintProcessor(self.docs)
        self.session: PromptSession[str] = PromptSession(
            history=LineHistory(history_path()),
            completer=CommandCompleter(self.docs),
            complete_while_typing=False,
            input_processors=[self.hints],
            style=Style.from_dict({"hint": "#888888"}),
            key_bindings=_quit_keys(),
            reserve_space_for_menu=0,
        )

    def prompt(self) -> str:
        if self.client is None:
            return "not connected> "
        options = self.config.connect
        where = f"redis {options.socket}" if options.socket else f"{options.host}:{options.port}"
        return where + (f"[{self.db}]" if self.db else "") + ("(TX)" if self.in_multi else "") + "> "

    async def connect(self) -> bool:
        self.client = None
        try:
            self.client = await _clirun.connect(self.reactor, self.config)
        except ClientError as failure:
            write_err(str(failure))
            return False
        self.db = self.config.connect.db
        self.in_multi = False
        if not self.docs.entries:
            docs = await self.client.call(b"COMMAND", b"DOCS")
            if not docs.is_error:
                self.docs.load(docs)
        return True

    async def run(self) -> None:
        await self.connect()
        while True:
            try:
                line = await defer.Deferred.fromFuture(asyncio.ensure_future(self.session.prompt_async(self.prompt())))
            except (KeyboardInterrupt, EOFError):
                return
            if not await self.handle(line):
                return

    async def handle(self, line: str) -> bool:
        """Run one typed line; False to quit."""
        try:
            argv = _clirun.split_args(os.fsencode(line))
        except ValueError:
            write_out(b"Invalid argument(s)\n")
            return True
        if not argv:
            return True
        name = argv[0].lower()
        if name in (b"quit", b"exit"):
            return False
        if name == b"clear":
            write_out(b"\x1b[H\x1b[2J")
        elif name == b":set" and len(argv) == 2 and argv[1].lower() in (b"hints", b"nohints"):
            self.hints.enabled = argv[1].lower() == b"hints"
        elif name == b"help":
            self.show_help(argv[1:])
        elif name == b"connect" and len(argv) == 3:
            self.config.connect.socket = None
            self.config.connect.host = argv[1].decode()
            self.config.connect.port = int(argv[2]) if argv[2].isdigit() else 0
            await self.connect()
        elif name in _clirun.STREAMING and self.client is not None:
            await self.stream(argv)
        else:
            repeat = 1
            if argv[0].isdigit() and len(argv) > 1:
                repeat, argv = int(argv[0]), argv[1:]
            for _ in range(repeat):
                await self.execute(argv)
        return True

    async def execute(self, argv: list[bytes]) -> None:
        """Send, print; on a dropped connection reconnect and try once more, as redis-cli does."""

        for attempt in range(2):
            if self.client is None and not await self.connect():
                return
            try:
                reply = await self.client.call(*argv)
            except ClientError as failure:
                self.client = None
                if attempt:
                    write_err(str(failure))
                continue
            show_reply(self.config, argv, reply)
            self.track_state(argv, reply)
            return

    def track_state(self, argv: list[bytes], reply: Reply) -> None:
        """What the prompt shows: the selected db and whether a MULTI is open."""
        name = argv[0].lower()
        if name == b"select" and len(argv) == 2 and not reply.is_error:
            # Kept in the options too, so a reconnect selects it again.
            self.db = self.config.connect.db = int(argv[1])
        elif name == b"multi" and not reply.is_error:
            self.in_multi = True
        elif name in (b"exec", b"discard"):
            self.in_multi = False

    async def stream(self, argv: list[bytes]) -> None:
        """SUBSCRIBE / MONITOR: print what arrives until the connection ends (Ctrl-C quits, as in redis-cli 7.0)."""

        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGINT, self.reactor.stop)
        try:
            await _clirun.stream_replies(self.client, dataclasses.replace(self.config, command=argv))
        except ClientError as failure:
            write_err(str(failure))
            self.client = None
        finally:
            loop.remove_signal_handler(signal.SIGINT)

    def show_help(self, words: list[bytes]) -> None:
        if not words:
            write_out(HELP_TEXT.encode())
            return
        topic = b" ".join(words).decode(errors="replace").lower()
        if topic.startswith("@"):
            names = self.docs.group(topic[1:])
        else:
            found = self.docs.match(topic.split())
            names = [found[0]] if found else []
        write_out(b"".join(self.docs.help(name) for name in names) + (b"\r\n" if names else b""))
