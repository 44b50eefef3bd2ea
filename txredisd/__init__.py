"""txredisd: a Redis-compatible server on Twisted, with TLS on every link."""

__version__ = "0.1.0"

#: The Redis release whose behaviour we match; clients pick features from it.
REDIS_VERSION = "7.0.15"
