"""
Error replies, with Redis's exact texts.

A handler raises L{CommandError}; the session turns it into an error reply and
counts it in the error statistics under its first word (C{ERR}, C{WRONGTYPE}...).
"""

from __future__ import annotations


class CommandError(Exception):
    """A command failed; C{message} is the reply text without the leading '-'."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value"
NOT_INTEGER = "ERR value is not an integer or out of range"
NOT_FLOAT = "ERR value is not a valid float"
SYNTAX = "ERR syntax error"
OVERFLOW = "ERR increment or decrement would overflow"
NO_SUCH_KEY = "ERR no such key"
OUT_OF_RANGE_DB = "ERR DB index is out of range"
NOAUTH = "NOAUTH Authentication required."
WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled."


def wrong_arity(fullname: str) -> CommandError:
    return CommandError(f"ERR wrong number of arguments for '{fullname}' command")


def invalid_expire(command: str) -> CommandError:
    return CommandError(f"ERR invalid expire time in '{command}' command")


def unknown_subcommand(subcommand: bytes, container: str) -> CommandError:
    text = subcommand[:128].decode("utf-8", "replace")
    return CommandError(f"ERR unknown subcommand '{text}'. Try {container.upper()} HELP.")


def subcommand_syntax(subcommand: bytes, container: str) -> CommandError:
    """A known subcommand with the wrong arguments, where Redis checks them by hand."""
    text = subcommand[:128].decode("utf-8", "replace")
    return CommandError(
        f"ERR unknown subcommand or wrong number of arguments for '{text}'. Try {container.upper()} HELP."
    )
