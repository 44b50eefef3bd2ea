"""Lua scripting (EVAL & co.) and Redis 7.0 functions, on a lupa Lua 5.1 state."""

from txredisd.core.scripting.runtime import ScriptEngine, engine_of

__all__ = ["ScriptEngine", "engine_of"]
