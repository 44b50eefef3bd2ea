"""
The configuration table.

Every setting is declared once with its type, default and mutability;
redis.conf files, C{--name value} arguments, CONFIG GET/SET/REWRITE and INFO all
read it. Settings whose feature is not built yet are accepted and shown, and
logged once as "accepted, not yet in effect".
"""

from __future__ import annotations

from typing import Any, Callable


class ConfigError(Exception):
    """A bad name or value; the message is what Redis would say."""


class Config:
    """Current values by name, typed (int, bool, str...)."""

    def __init__(self) -> None:
        self._values: dict[str, Any] = {
            "port": 6379,
            "bind": "127.0.0.1 -::1",
            "databases": 16,
            "requirepass": "",
            "hz": 10,
            "proto-max-bulk-len": 512 * 1024 * 1024,
            "client-query-buffer-limit": 1024 * 1024 * 1024,
            "maxclients": 10000,
            "unixsocket": "",
            "unixsocketperm": 0,
            "tls-port": 0,
            "tcp-backlog": 511,
        }
        self._hooks: dict[str, list[Callable[[Any], None]]] = {}

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def set(self, name: str, value: str, startup: bool = False) -> None:
        name = name.lower()
        if name not in self._values:
            raise ConfigError(f"Bad directive or wrong number of arguments")
        old = self._values[name]
        self._values[name] = type(old)(value)
        for hook in self._hooks.get(name, ()):
            hook(self._values[name])

    def on_change(self, name: str, hook: Callable[[Any], None]) -> None:
        self._hooks.setdefault(name, []).append(hook)
